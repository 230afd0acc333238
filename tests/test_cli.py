"""The command line as a procurement team's pipeline sees it: output, JSON shape, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from svauthor.cli import main
from svauthor.paths import question_bank_dir, rules_dir

from .conftest import EXAMPLES

FRAMEWORK_SIZE = 52


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_check_json_shape_for_each_example(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, _ = run_cli(capsys, "check", str(EXAMPLES / name), "--json", "--today", "2026-11-27")
    data = json.loads(out)
    assert isinstance(data["band"], str)
    assert set(data["weighting"]) >= {"social_value_pct", "qualitative_pct", "quantitative_pct"}
    assert len(data["measures"]) == FRAMEWORK_SIZE
    for m in data["measures"]:
        assert m["status"] in ("recommended", "optional", "excluded")
        assert all(set(r) == {"rule", "why", "source"} for r in m["reasons"])
    assert data["questions"]
    for c in data["checks"]:
        assert c["status"] in ("pass", "warn", "fail") and c["source"] and c["message"]
    failing = any(c["status"] == "fail" for c in data["checks"])
    assert code == (1 if failing else 0)


def test_check_text_explains_decisions(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _ = run_cli(capsys, "check", str(EXAMPLES / "wirral-befriending.yaml"))
    assert "Band: Light" in out
    assert "NT14 [Partner VCFSE]" in out
    assert "additionality.support-services-community-networks" in out
    assert "£45,000" in out
    assert "Minimum KPIs: none set by law" in out  # never a "minimum of 0"


def test_check_fails_with_exit_1_when_a_check_fails(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    spec = (EXAMPLES / "icb-community-mental-health.yaml").read_text()
    spec = spec.replace("local_needs:", "evaluation: {social_value_pct: 5}\nlocal_needs:")
    path = tmp_path / "low.yaml"
    path.write_text(spec)
    code, out, _ = run_cli(capsys, "check", str(path))
    assert code == 1
    assert "FAIL weighting.nhs-minimum" in out


def test_bad_spec_names_file_line_and_field(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("title: T\nbuyer:\n  name: B\n  sector: nhs\nservice_type: facilities_mgmt\n"
                    "value_gbp: 100\nduration_months: 12\nplaces: [liverpol]\ncolour: blue\n")
    code, out, err = run_cli(capsys, "check", str(path))
    assert code == 2 and out == ""
    assert f"{path}:5: service_type: unknown service type `facilities_mgmt` (did you mean " \
           "`facilities_management`?)" in err
    assert f"{path}:8: places: unknown place `liverpol` (did you mean `liverpool`?)" in err
    assert f"{path}:9: colour: unknown key `colour`" in err


def test_validate_shipped_data(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "validate")
    assert code == 0 and out.startswith("ok:")


def test_validate_reports_every_problem_at_once(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    relevance = (rules / "relevance.yaml").read_text().replace("[NT1, NT41", "[NT1, NT410", 1)
    (rules / "relevance.yaml").write_text(relevance)
    text = (rules / "additionality.yaml").read_text()
    text = text.replace("service_type: {in: [community_support,", "service_typ: {in: [community_support,")
    (rules / "additionality.yaml").write_text(text)
    needs = (rules / "needs.yaml").read_text().replace("[local_employment,", "[local_employmnt,", 1)
    (rules / "needs.yaml").write_text(needs)
    code, _, err = run_cli(capsys, "validate", "--rules", str(rules), "--bank",
                           str(question_bank_dir()))
    assert code == 2
    assert "unknown measure `NT410`" in err and "did you mean `NT41`" in err
    assert "unknown fact `service_typ`" in err
    assert "unknown outcome `local_employmnt`" in err
    assert all(line.startswith(f"error: {rules}") for line in err.strip().splitlines())


def test_validate_single_rule_file_in_context(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    bad = tmp_path / "additionality.yaml"
    bad.write_text((rules_dir() / "additionality.yaml").read_text().replace(
        "set: excluded", "set: exclude", 1))
    code, _, err = run_cli(capsys, "validate", str(bad))
    assert code == 2
    assert f"{bad}:" in err and "set" in err and "exclude" in err


def test_validate_spec_and_examples(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "validate", *map(str, sorted(EXAMPLES.glob("*.yaml"))))
    assert code == 0
    assert out.count("(spec)") == len(list(EXAMPLES.glob("*.yaml")))


@pytest.mark.parametrize("what", ["measures", "service-types", "places", "needs", "outcomes"])
def test_list_json(capsys: pytest.CaptureFixture[str], what: str) -> None:
    code, out, _ = run_cli(capsys, "list", what, "--json")
    rows = json.loads(out)
    assert code == 0 and rows
    if what == "places":
        assert {r["id"] for r in rows} >= {"wirral", "st_helens"}
        assert {r["nation"] for r in rows} == {"England"}
    if what == "measures":
        assert [r["ref"] for r in rows if r["partner_vcfse"]] == ["NT14", "NT15", "NT16", "NT17"]


def test_questions_browse(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "questions", "--json", "--outcome", "carbon_reduced")
    found = json.loads(out)
    assert code == 0 and found
    assert all("carbon_reduced" in q["outcomes"] for q in found)
    code, _, err = run_cli(capsys, "questions", "--outcome", "carbon")
    assert code == 2 and "did you mean" in err


def test_timetable_suggest_write_keeps_the_previous_file(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    spec = tmp_path / "tender.yaml"
    original = ("# our notes\ntitle: T\nbuyer: {name: Sefton Council, sector: local_authority}\n"
                "service_type: community_support\nvalue_gbp: 400000\nduration_months: 36\n"
                "places: [sefton]\ntimetable:\n  contract_start: 2027-09-01\n")
    spec.write_text(original)
    code, out, _ = run_cli(capsys, "timetable", str(spec), "--suggest", "--write")
    assert code == 0 and "tender.yaml.bak" in out
    assert (tmp_path / "tender.yaml.bak").read_text() == original
    code, out, _ = run_cli(capsys, "timetable", str(spec), "--json")
    data = json.loads(out)
    assert code == 0
    assert data["timetable"]["contract_start"] == "2027-09-01"
    assert data["dates"]["tender_window_days"] >= 42
    assert not [c for c in data["checks"] if c["status"] == "fail"]


def test_timetable_suggest_write_through_a_link_changes_the_linked_file(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A spec opened through a symbolic link (a team's shared copy) gets the new dates where it
    lives; the link stays a link, and the previous version is still kept."""
    shared = tmp_path / "shared" / "tender.yaml"
    shared.parent.mkdir()
    shared.write_text("title: T\nbuyer: {name: Sefton Council, sector: local_authority}\n"
                      "service_type: community_support\nvalue_gbp: 400000\n"
                      "duration_months: 36\nplaces: [sefton]\n"
                      "timetable:\n  contract_start: 2027-09-01\n")
    before = shared.read_text()
    link = tmp_path / "mine.yaml"
    link.symlink_to(shared)
    code, _out, err = run_cli(capsys, "timetable", str(link), "--suggest", "--write")
    assert code == 0, err
    assert link.is_symlink() and link.resolve() == shared.resolve()
    assert "tender_published" in shared.read_text() and shared.read_text() != before
    assert (tmp_path / "mine.yaml.bak").read_text() == before


def test_a_bad_date_names_what_the_user_set(capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """FINDINGS R28: a bad SVAUTHOR_TODAY is reported as SVAUTHOR_TODAY, not as --today."""
    spec = str(EXAMPLES / "wirral-befriending.yaml")
    monkeypatch.setenv("SVAUTHOR_TODAY", "next-week")
    assert main(["check", spec]) == 2
    assert capsys.readouterr().err.startswith("error: SVAUTHOR_TODAY: `next-week` is not a date")
    assert main(["check", spec, "--today", "soon"]) == 2
    assert capsys.readouterr().err.startswith("error: --today: `soon` is not a date")
