"""What the pack tells bidders agrees with what they can give, re-read from the built files.

Local needs (FINDINGS R10): a document sends bidders to the buyer's Local Needs Analysis only
when the spec gives one, and then prints its evidence; otherwise it says who named the needs.
Initiative measures (R21): the questions document and the commitments workbook ask for the
same thing, a number (the £ invested each year) with the initiative described in words, and
a blank optional row of the workbook shows the chosen measure's own Partner VCFSE flag.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from openpyxl import load_workbook

from svauthor.docs import build_pack
from svauthor.docs.documents import load_method
from svauthor.domain.engine import assess
from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.results import Assessment
from svauthor.domain.specfile import load_spec
from svauthor.tracking.rules import load_tracking_rules
from svauthor.tracking.workbook import contract_years_count, measure_row, read_commitments

from .conftest import EXAMPLES

TODAY = date(2026, 11, 27)
#: The tests share two built packs (module fixtures): one core builds them once for all.
pytestmark = pytest.mark.xdist_group("pack_agreement")


def _build(kb: KnowledgeBase, name: str, folder: Path) -> tuple[Assessment, dict[str, Path]]:
    a = assess(load_spec(str(EXAMPLES / f"{name}.yaml"), kb), kb, today=TODAY)
    paths = build_pack(a, folder, kb=kb, draft=bool(a.blocking_checks()))
    kinds = ("questions", "evaluator-guide", "kpi-schedule", "checklist", "commitments")
    return a, {k: next(p for p in paths if p.stem.endswith(k)) for k in kinds}


@pytest.fixture(scope="module")
def facilities(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory
               ) -> tuple[Assessment, dict[str, Path]]:
    """No Local Needs Analysis; initiative measures both asked for and optional."""
    return _build(kb, "council-facilities", tmp_path_factory.mktemp("facilities"))


@pytest.fixture(scope="module")
def with_analysis(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory
                  ) -> tuple[Assessment, dict[str, Path]]:
    """A spec that names a Local Needs Analysis file."""
    return _build(kb, "timetable-worked-example", tmp_path_factory.mktemp("analysis"))


def _text(d: DocxDocument) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t")))
                     for p in d.element.body.iter(qn("w:p")))


def _table(d: DocxDocument, caption: str) -> list[list[str]]:
    for table in d.tables:
        prev = table._tbl.getprevious()
        if prev is not None and caption in "".join(prev.itertext()):
            return [[c.text for c in row.cells] for row in table.rows]
    raise AssertionError(f"no table captioned {caption!r}")


# -- R10: the Local Needs Analysis ------------------------------------------------------------

@pytest.mark.parametrize("kind", ["questions", "evaluator-guide", "kpi-schedule"])
def test_no_local_needs_analysis_is_mentioned_when_the_spec_has_none(
        facilities: tuple[Assessment, dict[str, Path]], kind: str) -> None:
    a, paths = facilities
    assert a.needs and not any(n.evidence for n in a.needs)
    d = docx.Document(str(paths[kind]))
    assert "Local Needs Analysis" not in _text(d)  # not in the questions or the glossary either
    if kind == "kpi-schedule":
        return
    rows = _table(d, "Local needs and the evidence for them")[1:]
    assert [r[0] for r in rows] == [n.name for n in a.needs]
    assert {r[2] for r in rows} == {f"Named by {a.buyer} for this tender."}


def test_the_checklist_asks_for_the_local_needs_analysis(
        facilities: tuple[Assessment, dict[str, Path]]) -> None:
    _, paths = facilities
    text = _text(docx.Document(str(paths["checklist"])))
    assert "Attach or cite your Local Needs Analysis" in text


def test_a_local_needs_analysis_is_named_with_its_evidence(
        kb: KnowledgeBase, with_analysis: tuple[Assessment, dict[str, Path]]) -> None:
    a, paths = with_analysis
    d = docx.Document(str(paths["questions"]))
    text = _text(d)
    assert f"They come from {a.buyer}'s Local Needs Analysis" in text
    rows = {r[0]: r[2] for r in _table(d, "Local needs and the evidence for them")[1:]}
    for need in a.needs:
        for e in need.evidence:
            assert f"{kb.places[e.place].name}: {e.evidence}" in rows[need.name]  # not the id
            if e.source:
                assert f"Source: {e.source}" in rows[need.name]
    assert "Attach or cite your Local Needs Analysis" not in _text(
        docx.Document(str(paths["checklist"])))


# -- R21: initiative measures in the questions and the workbook --------------------------------

def _sheet_rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    wb = load_workbook(io.BytesIO(path.read_bytes()))
    return list(wb[sheet].iter_rows(values_only=True))


def test_initiative_rows_ask_for_the_same_number_in_word_and_the_workbook(
        facilities: tuple[Assessment, dict[str, Path]]) -> None:
    a, paths = facilities
    method = load_method()
    initiatives = {m.ref for m in a.measures if m.unit == "initiative" and m.status == "recommended"}
    assert initiatives, "the example should ask for an initiative measure"
    word = {r[0].split("\n")[0]: r for r in _table(docx.Document(str(paths["questions"])),
                                                   "the measures asked for")[1:]}
    book = {r[0]: r for r in _sheet_rows(paths["commitments"], "Commitments")[1:] if r[0]}
    wb = load_workbook(io.BytesIO(paths["commitments"].read_bytes()))
    ws = wb["Commitments"]
    for ref in initiatives:
        assert word[ref][2] == book[ref][2] == method.initiative_unit == "£ invested"
        targets = word[ref][3:-1]
        assert targets and all("£" in t and "Describe" not in t for t in targets), targets
        assert "Describe the initiative" in word[ref][-1]
        row = next(c.row for c in ws["A"] if c.value == ref)
        year_cell = ws.cell(row=row, column=6).coordinate
        kinds = {dv.type for dv in ws.data_validations.dataValidation if year_cell in dv.sqref}
        assert kinds == {"decimal"}  # the workbook takes a number there, as Word now asks
    instructions = " ".join(str(r[0]) for r in _sheet_rows(paths["commitments"], "Instructions")
                            if r[0])
    assert "is an initiative: for each year enter the £ you will invest" in instructions
    assert "describe the initiative" in instructions
    words = _text(docx.Document(str(paths["questions"])))
    assert "is an initiative rather than a count: for each year enter the £" in words


def test_each_figure_cell_checks_what_its_unit_allows(
        facilities: tuple[Assessment, dict[str, Path]]) -> None:
    """A percentage is 0 to 100; FTE posts, a level too, may pass 100 on a large contract and
    are never called a percentage; every other figure is 0 or more."""
    a, paths = facilities
    units = {m.ref: m.unit for m in a.measures if m.status == "recommended"}
    assert "fte" in units.values(), "the example should ask for FTE posts"
    ws = load_workbook(io.BytesIO(paths["commitments"].read_bytes()))["Commitments"]
    for ref, unit in units.items():
        row = next(c.row for c in ws["A"] if c.value == ref)
        cell = ws.cell(row=row, column=6).coordinate
        (dv,) = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
        if unit == "percent":
            assert (dv.operator, dv.formula1, dv.formula2) == ("between", "0", "100"), ref
        else:
            assert (dv.operator, dv.formula1, dv.formula2) == ("greaterThanOrEqual", "0", None), ref
            assert "percentage" not in (dv.error or ""), (ref, dv.error)
        if unit == "fte":
            assert "full-time equivalent" in (dv.error or ""), ref


def test_the_workbook_says_whose_it_is_and_its_language(
        facilities: tuple[Assessment, dict[str, Path]]) -> None:
    """Its file properties carry the tender and the buyer, as the Word documents' do, never
    the spreadsheet library's name; and its cue for what to fill in is not colour alone."""
    a, paths = facilities
    wb = load_workbook(io.BytesIO(paths["commitments"].read_bytes()))
    props = wb.properties
    assert props.title == f"Social Value commitments: {a.title}"
    assert props.creator == a.buyer and props.language == "en-GB"
    assert "openpyxl" not in f"{props.creator} {props.lastModifiedBy}"
    words = " ".join(str(r[0]) for r in _sheet_rows(paths["commitments"], "Instructions") if r[0])
    assert "yellow cells (the only ones you can type in)" in words


def test_a_filled_initiative_row_reads_back(facilities: tuple[Assessment, dict[str, Path]],
                                            tmp_path: Path) -> None:
    """A bidder who follows the questions document can fill the workbook and it is read."""
    a, paths = facilities
    wb = load_workbook(io.BytesIO(paths["commitments"].read_bytes()))
    ws = wb["Commitments"]
    header = [c.value for c in ws[1]]
    years = [i + 1 for i, h in enumerate(header) if str(h).startswith("Year ")]
    method_col = header.index("How it will be delivered and evidenced") + 1
    for row in range(2, ws.max_row + 1):
        if ws.cell(row=row, column=1).value in {m.ref for m in a.measures
                                               if m.status == "recommended"}:
            for col in years:
                ws.cell(row=row, column=col, value=2500)
            ws.cell(row=row, column=method_col, value="A described initiative with milestones.")
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    rules = load_tracking_rules()
    known = {m.ref: measure_row(m) for m in a.measures if m.status in ("recommended", "optional")}
    entries = read_commitments(filled, known=known, years=contract_years_count(a.duration_months),
                               level_units=rules.profile.level_units)
    initiative = next(m.ref for m in a.measures
                      if m.unit == "initiative" and m.status == "recommended")
    got = next(e for e in entries if e.ref == initiative)
    assert got.targets == [2500.0] * len(years)
    assert got.delivery_method == "A described initiative with milestones."


def test_optional_rows_look_up_the_partner_vcfse_flag(
        facilities: tuple[Assessment, dict[str, Path]]) -> None:
    a, paths = facilities
    optional = {m.ref: m.partner_vcfse for m in a.measures if m.status == "optional"}
    assert any(optional.values()) and not all(optional.values())
    lists = {r[0]: r for r in _sheet_rows(paths["commitments"], "Lists")}
    for ref, partner in optional.items():
        assert lists[ref][3] == ("Yes" if partner else "No"), ref
    wb = load_workbook(io.BytesIO(paths["commitments"].read_bytes()))
    ws = wb["Commitments"]
    blank = [row for row in range(2, ws.max_row + 1) if ws.cell(row=row, column=1).value is None]
    assert blank
    for row in blank:
        formula = str(ws.cell(row=row, column=4).value)
        assert formula.startswith("=IFERROR(VLOOKUP(A") and ",4,FALSE)" in formula, formula
