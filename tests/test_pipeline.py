"""`svauthor pipeline`: a forward plan in, a Word and CSV summary (and packs) out, row by row."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from svauthor.cli import main
from svauthor.inputs import parse_date, parse_money
from svauthor.pipeline import COLUMNS, REQUIRED, SUMMARY_CSV, SUMMARY_DOCX, Options, run_pipeline
from svauthor.pipeline import run as run_module
from svauthor.pipeline.progress import Progress

from .conftest import EXAMPLES, ROOT, TODAY

PLAN = EXAMPLES / "forward-plan.csv"
HEADER = ("title,buyer,sector,regime,procedure,service_type,value_gbp,duration_months,places,"
          "local_needs")
ROW = ("Befriending,Wirral Council,local_authority,below_threshold,open,community_support,"
       "45000,12,wirral,isolation")


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["pipeline", *args, "--today", TODAY.isoformat()])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def read_summary(out: Path) -> list[dict[str, str]]:
    with (out / SUMMARY_CSV).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def write_plan(path: Path, *rows: str, header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path]:
    out = tmp_path_factory.mktemp("sample") / "out"
    code = main(["pipeline", str(PLAN), "-o", str(out), "--today", TODAY.isoformat()])
    return code, out


# --------------------------------------------------------------------------- the sample plan


def test_sample_plan_is_realistic_and_all_rows_valid(sample_run: tuple[int, Path]) -> None:
    code, out = sample_run
    rows = read_summary(out)
    assert len(rows) >= 20
    assert not [r for r in rows if r["result"] == "skipped"], "the sample plan has no bad rows"
    assert {r["sector"] for r in rows} >= {"nhs", "local_authority", "central_government",
                                           "other_public"}
    assert {r["regime"] for r in rows} == {"procurement_act_2023", "provider_selection_regime",
                                           "below_threshold", "public_contracts_regulations_2015"}
    assert {r["band"] for r in rows} >= {"light", "standard", "enhanced", "major"}
    # A few deliberate timetable failures and warnings, so the summary has something to show.
    fails = [r for r in rows if r["result"] == "fail"]
    assert 2 <= len(fails) <= 6
    assert any("timetable.pa23_tendering_period" in r["failing_checks"] for r in fails)
    assert any("timetable.order" in r["failing_checks"] for r in fails)
    assert any("timetable.holiday_span" in r["warning_checks"] for r in rows)
    assert code == 1  # a check failed


def test_summary_csv_has_every_decision_in_row_order(sample_run: tuple[int, Path]) -> None:
    _, out = sample_run
    rows = read_summary(out)
    assert [int(r["row"]) for r in rows] == list(range(2, len(rows) + 2))
    first = rows[0]
    assert first["title"] == "Corporate Buildings Facilities Management"
    assert first["band"] == "enhanced" and first["social_value_pct"] == "15"
    assert first["carbon_reduction_plan"] in ("full", "proportionate", "not_required")
    assert first["vcfse_suitable"] in ("yes", "no")
    nhs = next(r for r in rows if r["title"] == "Estates and Facilities Cleaning Services")
    assert "weighting.nhs-minimum" in nhs["failing_checks"]
    assert (out / SUMMARY_CSV).read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads the £ sign


def test_summary_docx_is_accessible(sample_run: tuple[int, Path]) -> None:
    _, out = sample_run
    path = out / SUMMARY_DOCX
    doc = docx.Document(str(path))
    styled = [(p.style.name if p.style is not None else "", p.text) for p in doc.paragraphs]
    headings = [(name, text) for name, text in styled if name.startswith("Heading")]
    assert headings[0][0] == "Heading 1"
    assert [t for s, t in headings if s == "Heading 2"] == [
        "Procurements in the plan", "Checks to act on", "Rows skipped", "About this summary"]
    assert "No rows were skipped." in [p.text for p in doc.paragraphs]
    procurements, checks = doc.tables
    assert len(procurements.rows) == len(read_summary(out)) + 1
    header = [c.text for c in procurements.rows[0].cells]
    assert header[:4] == ["Row", "Procurement", "Value", "Band"]
    assert procurements.rows[1].cells[2].text == "£4,200,000"
    assert any(c.text == "Fail" for row in checks.rows for c in row.cells)
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert xml.count("<w:tblHeader/>") == 2  # the header row repeats on every page
    assert xml.count("<w:tblCaption ") == 2
    styles = zipfile.ZipFile(path).read("word/styles.xml").decode()
    assert 'w:val="en-GB"' in styles
    props = doc.core_properties
    assert props.language == "en-GB" and props.title.startswith("Social Value forward plan")
    assert "svauthor" not in f"{props.author} {props.last_modified_by} {props.comments}"
    assert re.fullmatch(r"Assessed on 27 November 2026 against rules version \S+", props.comments)
    assert not [p for p in doc.paragraphs if not p.text.strip()], "no empty paragraphs as spacing"
    assert not list(out.glob(".*")), "no temporary files left behind"
    mask = os.umask(0o022)
    os.umask(mask)
    for written in (path, out / SUMMARY_CSV):
        assert written.stat().st_mode & 0o777 == 0o666 & ~mask  # not the temporary file's 0600


def test_cli_prints_a_summary_and_never_overwrites(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, _ = run_cli(capsys, str(PLAN), "-o", str(out))
    assert code == 1
    assert "4 failing" in stdout and "0 rows skipped" in stdout
    assert f"Wrote {out / SUMMARY_DOCX}" in stdout
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    code, stdout, err = run_cli(capsys, str(PLAN), "-o", str(out))
    assert code == 2 and stdout == ""
    assert "already holds" in err and "--force" in err and SUMMARY_CSV in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    code, _, _ = run_cli(capsys, str(PLAN), "-o", str(out), "--force")
    assert code == 1


def test_exit_0_when_everything_passes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "plan.csv", ROW)
    code, out, _ = run_cli(capsys, str(plan), "-o", str(tmp_path / "out"))
    assert code == 0, out
    assert read_summary(tmp_path / "out")[0]["result"] == "pass"


# --------------------------------------------------------------------------- reading rows


def test_uk_formats_names_and_optional_columns(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    header = (" Title , Buyer, Sector, Regime, Procedure, Service Type, Value (GBP), "
              "Duration Months, Places, Local Needs, VCFSE suitable, Lots, Social Value %, "
              "Tender Published, Clarification Deadline, Tender Deadline, Award Notice, "
              "Contract Start, Notes")
    row = ('"Youth, Skills and Jobs",Knowsley Council,Local Authority,PA23,Open,Community support,'
           '"£1.2m",24,St Helens; Knowsley,Youth opportunity;unemployment,Yes,2,12%,'
           '01/03/2027,22/03/2027,12/04/2027,17/05/2027,1 July 2027,call-off later')
    plan = write_plan(tmp_path / "plan.csv", row, header=header)
    code, _, err = run_cli(capsys, str(plan), "-o", str(tmp_path / "out"))
    rows = read_summary(tmp_path / "out")
    assert rows[0]["result"] != "skipped", rows[0]["problems"]
    assert rows[0]["value_gbp"] == "1200000" and rows[0]["social_value_pct"] == "12"
    assert rows[0]["vcfse_basis"] == "given" and rows[0]["regime"] == "procurement_act_2023"
    assert "ignoring column(s) svauthor does not use: Notes" in err
    assert code in (0, 1)


@pytest.mark.parametrize(("raw", "value"), [
    ("45000", 45000), ("£1,250,000", 1_250_000), ("£ 2,000,000.50", 2_000_000.5),
    ("1.5m", 1_500_000), ("£300k", 300_000), (" 75000 ", 75_000),
])
def test_money_formats(raw: str, value: float) -> None:
    assert parse_money(raw) == value


@pytest.mark.parametrize("raw", ["2027-03-01", "01/03/2027", "1/3/2027", "1 March 2027",
                                 "1 Mar 2027", "01.03.2027"])
def test_date_formats(raw: str) -> None:
    assert parse_date(raw).isoformat() == "2027-03-01"


def test_row_numbers_are_csv_line_numbers(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    multi = ROW.replace("Befriending", '"Befriending\nand visiting"', 1)
    bad = ROW.replace("45000", "lots")
    plan = write_plan(tmp_path / "plan.csv", multi, "", bad)
    code, _, err = run_cli(capsys, str(plan), "-o", str(tmp_path / "out"))
    # Header line 1; the quoted title spans lines 2-3; line 4 is blank; the bad row is line 5.
    assert f"{plan}:5: value_gbp:" in err
    rows = read_summary(tmp_path / "out")
    assert [r["row"] for r in rows] == ["2", "5"]
    assert code == 1


def test_column_reference_matches_the_spec_model() -> None:
    names = [c.name for c in COLUMNS]
    assert len(names) == len(set(names))
    assert REQUIRED[:2] == ("title", "buyer")
    for name in ("tender_published", "clarification_deadline", "tender_deadline", "award_notice",
                 "contract_start", "planned_procurement_notice", "electronic_submission",
                 "documents_with_notice", "urgency", "light_touch", "vcfse_suitable", "lots",
                 "social_value_pct", "qualitative_pct"):
        assert name in names


# --------------------------------------------------------------------------- scale


def _big_plan(path: Path, n: int) -> Path:
    lines = PLAN.read_text(encoding="utf-8").splitlines()
    body = lines[1:]
    path.write_text("\n".join([lines[0], *(body[i % len(body)] for i in range(n))]) + "\n",
                    encoding="utf-8")
    return path


def test_parallel_checks_match_one_process(tmp_path: Path) -> None:
    n = run_module.PARALLEL_CHECKS_FROM + 10
    plan = _big_plan(tmp_path / "big.csv", n)
    for workers, name in ((1, "one"), (2, "two")):
        opts = Options(plan=plan, out=tmp_path / name, today=TODAY, workers=workers)
        from svauthor.domain.knowledge import load_knowledge

        outcome = run_pipeline(opts, load_knowledge(), stderr=io.StringIO())
        assert outcome.checked == n and outcome.skipped == 0
    one, two = (tmp_path / name / SUMMARY_CSV for name in ("one", "two"))
    assert one.read_bytes() == two.read_bytes()


def test_progress_only_on_long_runs_or_a_terminal() -> None:
    quiet = io.StringIO()
    p = Progress(50, "checks", stream=quiet)
    for _ in range(50):
        p.advance()
    p.close()
    assert quiet.getvalue() == ""

    log = io.StringIO()
    p = Progress(200, "checks", stream=log)
    for _ in range(200):
        p.advance()
    p.close()
    assert log.getvalue().splitlines()[-1] == "checks: 200/200 (100%)"
    assert len(log.getvalue().splitlines()) == 10

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Tty()
    p = Progress(3, "packs", stream=tty)
    for _ in range(3):
        p.advance()
    p.close()
    assert "\rpacks [" in tty.getvalue() and "3/3" in tty.getvalue()


# --------------------------------------------------------------------------- packs


def test_packs_one_folder_per_row_in_parallel(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    lines = PLAN.read_text(encoding="utf-8").splitlines()
    plan = write_plan(tmp_path / "plan.csv", *lines[1:4], ROW.replace("45000", "oops"),
                      header=lines[0])
    out = tmp_path / "out"
    code, stdout, err = run_cli(capsys, str(plan), "-o", str(out), "--packs", "--workers", "2")
    assert code == 1  # the bad row
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert folders == ["002-corporate-buildings-facilities-management",
                       "003-cleaning-and-hygiene-consumables-supply",
                       "004-community-mental-health-recovery-service"]
    for folder in folders:
        docs = list((out / folder).glob("*.docx"))
        assert docs
        for path in docs:
            docx.Document(str(path))
    rows = read_summary(out)
    assert [r["pack"] for r in rows[:3]] == folders and rows[3]["result"] == "skipped"
    assert "Wrote 3 Word packs" in stdout and ":5: value_gbp:" in err
    # Running again refuses to touch the packs without --force.
    code, _, err = run_cli(capsys, str(plan), "-o", str(out), "--packs")
    assert code == 2 and "002-corporate-buildings-facilities-management" in err
    code, _, _ = run_cli(capsys, str(plan), "-o", str(out), "--packs", "--force", "--workers", "1")
    assert code == 1


def test_a_pack_that_cannot_be_written_is_reported_not_fatal(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import svauthor.docs

    def broken(*_args: object, **_kwargs: object) -> list[Path]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(svauthor.docs, "build_pack", broken)
    monkeypatch.setattr(run_module, "_STATE", None)
    plan = write_plan(tmp_path / "plan.csv", ROW)
    code, _, err = run_cli(capsys, str(plan), "-o", str(tmp_path / "out"), "--packs",
                           "--workers", "1")
    assert code == 1
    assert "pack: not written: cannot write" in err and "No space left" in err
    assert "pack not written" in read_summary(tmp_path / "out")[0]["problems"]


# --------------------------------------------------------------------------- benchmark smoke


def test_benchmark_smoke_prints_the_paired_table(tmp_path: Path) -> None:
    """The benchmark runs its paired comparisons end to end (no timings are asserted)."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke", "--workdir",
         str(tmp_path)], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert "| what | candidate | floor | ratio (CPU) | ratio (wall) | target | verdict |" in lines
    rows = {line.split(" | ")[0]: line for line in lines if line.startswith("| `") or
            line.startswith("| 20-row")}
    assert set(rows) == {'| `check` vs python -c "import pydantic, yaml, jinja2"',
                         "| 20-row checks-only `pipeline` vs one `check`"}, result.stdout
    for line in rows.values():
        assert re.search(r"\| \d+\.\d\dx \| \d+\.\d\dx \| <= \dx \(CPU\) \| (met|not met: .+) \|$",
                         line), line


def test_regimes_by_label_and_the_buyers_nation(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Regime names come from the law data; a devolved Scottish row fails `regime.applies`."""
    header = HEADER + ",nation,devolved_authority"
    plan = write_plan(
        tmp_path / "plan.csv",
        "Glasgow support,Glasgow City Council,council,Procurement Act 2023,open,"
        "community_support,900000,24,,,Scotland,yes",
        "Wirral support,Wirral Council,council,PA23,open,community_support,900000,24,wirral,,,",
        header=header)
    code, _, _ = run_cli(capsys, str(plan), "-o", str(tmp_path / "out"))
    rows = read_summary(tmp_path / "out")
    assert code == 1 and len(rows) == 2
    glasgow, wirral = rows
    assert "regime.applies" in " ".join(glasgow.values())
    assert "regime.applies" not in " ".join(wirral.values())


def test_a_row_per_lot_gives_each_lot_its_own_pack(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    """A plan row naming its lot: the row's pack tells bidders which lot, and so does the
    summary (FINDINGS R30)."""
    plan = write_plan(tmp_path / "plan.csv", ROW + ',3,"Lot 1: Wirral"',
                      header=HEADER + ",lots,lot")
    code, _out, err = run_cli(capsys, str(plan), "-o", str(tmp_path / "out"), "--packs")
    assert code in (0, 1), err
    (questions,) = (tmp_path / "out").glob("*/*-questions.docx")
    body = "\n".join(p.text for p in docx.Document(str(questions)).paragraphs)
    assert "This document is for Lot 1: Wirral, one of 3 lots." in body
    summary = docx.Document(str(tmp_path / "out" / SUMMARY_DOCX))
    assert any("Befriending (Wirral Council): Lot 1: Wirral, one of 3 lots" in c.text
               for t in summary.tables for r in t.rows for c in r.cells)
