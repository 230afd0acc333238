"""One pack, whichever face writes it: `svauthor build`, the app's Generate step and
`svauthor pipeline --packs` write the same files from one definition, the commitments
workbook included (R8: the app and the pipeline wrote no workbook)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from textual.pilot import Pilot

from svauthor.cli import main
from svauthor.docs.pack import COMMITMENTS_WORKBOOK, PACK_DOCUMENTS
from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.specfile import load_spec
from svauthor.tracking.workbook import COMMITMENTS_SHEET
from svauthor.tui.app import SvauthorApp
from svauthor.tui.steps.generate import GenerateStep

from .conftest import EXAMPLES, TODAY
from .test_tui_helpers import build, drive, goto, type_into, wait_until

WIRRAL = EXAMPLES / "wirral-befriending.yaml"


def commitments(path: Path) -> list[tuple[object, ...]]:
    """The commitments sheet's rows, re-read from the file as Excel would open it."""
    book = load_workbook(path)
    assert COMMITMENTS_SHEET in book.sheetnames
    rows: list[tuple[object, ...]] = [tuple(c.value for c in row)
                                      for row in book[COMMITMENTS_SHEET].iter_rows()]
    assert any("NT14" in str(cell) for row in rows for cell in row), "no measure rows"
    return rows


def test_the_app_and_build_write_the_same_pack_with_its_workbook(
        kb: KnowledgeBase, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    built = tmp_path / "build"
    assert main(["build", str(WIRRAL), "-o", str(built), "--today", TODAY.isoformat()]) == 0
    capsys.readouterr()

    generated = tmp_path / "app"
    app = build(kb, tmp_path / "data", spec=load_spec(WIRRAL, kb))

    async def script(pilot: Pilot[None]) -> None:
        assert isinstance(pilot.app, SvauthorApp)
        await goto(pilot, 8)
        step = pilot.app.wizard.query_one(GenerateStep)
        await type_into(pilot, "#output_dir", str(generated))
        runs = step.finished
        await pilot.click("#generate")
        await wait_until(pilot, lambda: step.finished > runs, timeout=60)
        assert step.written, "the app wrote nothing"

    drive(app, script)
    names = sorted(p.name for p in built.iterdir())
    assert names == sorted(p.name for p in generated.iterdir())
    (book,) = [n for n in names if n.endswith(".xlsx")]
    assert book.endswith(f"-{COMMITMENTS_WORKBOOK.suffix}.xlsx")
    assert commitments(generated / book) == commitments(built / book)


def test_pipeline_packs_have_the_workbook_too(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text("title,buyer,sector,regime,procedure,service_type,value_gbp,"
                    "duration_months,places,local_needs\n"
                    "Befriending,Wirral Council,local_authority,below_threshold,open,"
                    "community_support,45000,12,wirral,isolation\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["pipeline", str(plan), "-o", str(out), "--packs", "--workers", "1",
                 "--today", TODAY.isoformat()])
    assert code == 0, capsys.readouterr().err
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    # no dates in the plan, so no timetable report: every other file of the one definition
    want = sorted(f"-{d.suffix}.{d.extension}" for d in PACK_DOCUMENTS
                  if not d.only_with_timetable)
    assert sorted(p.name.removeprefix("befriending") for p in folder.iterdir()) == want
    (book,) = folder.glob("*.xlsx")
    commitments(book)
