"""A Local Needs Analysis file as input: its needs join the spec and its evidence travels with them."""

from __future__ import annotations

from pathlib import Path

import pytest

from svauthor.domain.engine import assess
from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.specfile import load_spec
from svauthor.errors import InputError
from svauthor.pipeline.plan import RowReader, RowSkipped, RowSpec, inspect_plan

from .conftest import TODAY

SPEC = """title: Sefton Carers Support
buyer:
  name: Sefton Council
  sector: local_authority
service_type: community_support
value_gbp: 600000
duration_months: 36
places: [sefton]
local_needs: [isolation]
local_needs_analysis: {file}
"""

CSV = (
    "Place,Need,Evidence,Figure,Source,Date\n"
    "sefton,unemployment,Economic inactivity in Bootle is twice the borough rate.,"
    "28%,Sefton Local Needs Analysis 2026,2026-04-01\n"
    "Sefton,Fuel poverty,One household in six cannot afford to heat their home.,"
    "17%,DESNZ sub-regional fuel poverty statistics,2026-02-26\n"
)

YAML = """rows:
  - place: sefton
    need: unemployment
    evidence: Economic inactivity in Bootle is twice the borough rate.
    figure: 28%
    source: Sefton Local Needs Analysis 2026
    date: 2026-04-01
"""


def write(tmp: Path, name: str, text: str) -> Path:
    (tmp / name).write_text(text, encoding="utf-8")
    spec = tmp / "spec.yaml"
    spec.write_text(SPEC.replace("{file}", name), encoding="utf-8")
    return spec


@pytest.mark.parametrize(("name", "text"), [("lna.csv", CSV), ("lna.yaml", YAML)])
def test_needs_and_evidence_come_from_the_file(kb: KnowledgeBase, tmp_path: Path, name: str,
                                               text: str) -> None:
    spec = load_spec(write(tmp_path, name, text), kb)
    assert spec.local_needs == ["isolation"]  # the spec itself is unchanged
    assert spec.named_needs[:2] == ["isolation", "unemployment"]
    a = assess(spec, kb, today=TODAY)
    need = next(n for n in a.needs if n.id == "unemployment")
    (row,) = need.evidence[:1]
    assert row.place == "sefton" and row.figure == "28%" and row.date == "2026-04-01"
    assert row.source == "Sefton Local Needs Analysis 2026"
    assert need.measures  # the need led to a recommended measure
    text = next(q.text for q in a.questions if q.id == "local-needs-response")
    assert "We have identified these local needs in the area this contract serves: " in text
    assert "unemployment and economic inactivity" in text and "{needs}" not in text


def test_csv_names_are_accepted_for_places_and_needs(kb: KnowledgeBase, tmp_path: Path) -> None:
    a = assess(load_spec(write(tmp_path, "lna.csv", CSV), kb), kb, today=TODAY)
    assert [n.id for n in a.needs] == ["isolation", "unemployment", "fuel_poverty"]


@pytest.mark.parametrize(("text", "line", "field", "words"), [
    (CSV.replace("sefton,unemployment", "sefton,unemploymnt"), 2, "need",
     "did you mean `unemployment`"),
    (CSV.replace("2026-04-01", "1 April 2026"), 2, "date", "YYYY-MM-DD"),
    (CSV.replace("DESNZ sub-regional fuel poverty statistics", ""), 3, "source", "required"),
    (CSV.replace("Place,", "Plaice,"), 1, "Plaice", "unknown column"),
    # Evidence goes into the Word pack, which cannot hold a control character (FINDINGS R3).
    (CSV.replace("DESNZ sub-regional", "DESNZ \x07sub-regional"), 3, "source",
     "control character (U+0007)"),
])
def test_bad_rows_name_file_line_and_field(kb: KnowledgeBase, tmp_path: Path, text: str,
                                           line: int, field: str, words: str) -> None:
    with pytest.raises(InputError) as info:
        load_spec(write(tmp_path, "lna.csv", text), kb)
    problem = info.value.problems[0]
    assert problem.file.endswith("lna.csv")
    assert (problem.line, problem.field) == (line, field)
    assert words in problem.message


def test_yaml_errors_carry_the_line(kb: KnowledgeBase, tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_spec(write(tmp_path, "lna.yaml", YAML.replace("place: sefton", "place: sefon")), kb)
    (problem,) = info.value.problems
    assert problem.line == 2 and problem.field == "place" and "did you mean `sefton`" in (
        problem.message)


def test_a_missing_file_is_reported_against_the_spec(kb: KnowledgeBase, tmp_path: Path) -> None:
    spec = write(tmp_path, "lna.csv", CSV)
    (tmp_path / "lna.csv").unlink()
    with pytest.raises(InputError) as info:
        load_spec(spec, kb)
    (problem,) = info.value.problems
    assert problem.file == str(spec) and problem.line == 10
    assert problem.field == "local_needs_analysis" and "not found" in problem.message


def test_validate_reports_a_missing_needs_analysis_file(tmp_path: Path) -> None:
    import subprocess
    import sys

    spec = write(tmp_path, "lna.csv", CSV)
    (tmp_path / "lna.csv").unlink()
    out = subprocess.run([sys.executable, "-m", "svauthor", "validate", str(spec)],
                         capture_output=True, text=True)
    assert out.returncode == 2
    assert "local_needs_analysis" in out.stderr and "not found" in out.stderr


PLAN_HEADER = ("title,buyer,sector,regime,procedure,service_type,value_gbp,duration_months,"
               "places,local_needs,local_needs_analysis")
PLAN_ROW = ("Sefton Carers Support,Sefton Council,local_authority,procurement_act_2023,open,"
            "community_support,600000,36,sefton,isolation,{file}")


def _plan_rows(kb: KnowledgeBase, plan: Path, *files: str) -> list[RowSpec | RowSkipped]:
    plan.write_text("\n".join([PLAN_HEADER, *(PLAN_ROW.format(file=f) for f in files)]) + "\n",
                    encoding="utf-8")
    return list(RowReader(inspect_plan(plan), kb).rows())


def test_a_forward_plan_row_reads_its_needs_analysis_like_a_spec(
        kb: KnowledgeBase, tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path, "lna.csv", CSV), kb)
    rows = _plan_rows(kb, tmp_path / "plan.csv", "lna.csv", "lna.csv")
    specs = [r for r in rows if isinstance(r, RowSpec)]
    assert len(specs) == 2, rows
    for row in specs:  # the same needs and evidence the spec's own field gives
        assert row.spec.named_needs == spec.named_needs == ["isolation", "unemployment",
                                                            "fuel_poverty"]
        assert row.spec.needs_evidence == spec.needs_evidence
    a = assess(specs[0].spec, kb, today=TODAY)
    assert [e.figure for n in a.needs for e in n.evidence] == ["28%", "17%"]


@pytest.mark.parametrize(("content", "words"), [
    (None, "file not found"),
    ("Place,Need,Evidence,Figure,Source,Date\nsefton,no_such_need,x,1,y,2026-01-01\n",
     "lna.csv:2: need: unknown local need"),
])
def test_a_plan_row_with_an_unusable_needs_analysis_is_skipped_with_the_reason(
        kb: KnowledgeBase, tmp_path: Path, content: str | None, words: str) -> None:
    if content is not None:
        (tmp_path / "lna.csv").write_text(content, encoding="utf-8")
    (row,) = _plan_rows(kb, tmp_path / "plan.csv", "lna.csv")
    assert isinstance(row, RowSkipped)
    (problem,) = row.problems
    assert (problem.line, problem.field) == (2, "local_needs_analysis")
    assert "Local Needs Analysis `lna.csv` cannot be used" in problem.message
    assert words in problem.message
