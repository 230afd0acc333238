"""Excel workbooks people already use: bidders' commitments and suppliers' quarterly returns.

Writers lock every cell except the inputs, put data validation on every input cell and explain
each sheet in plain English. Readers report every problem at once by sheet, row and column and
return plain data; nothing is stored until the whole workbook is valid.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from svauthor.domain.framework import UNIT_LABELS
from svauthor.errors import InputError, Problem
from svauthor.inputs import decimal_comma, fraction_slip
from svauthor.yamlio import read_input_bytes

if TYPE_CHECKING:
    from svauthor.domain.results import Assessment
    from svauthor.tracking.rules import TrackingRules

MAX_WORKBOOK_BYTES = 10 * 1024 * 1024
#: What a workbook may unpack to (declared in its zip directory, checked before anything is
#: inflated; Python's zip reader never reads past a part's declared size). A returns workbook
#: unpacks to well under 1 MB; these bounds stop a zip bomb, not a real workbook.
MAX_WORKBOOK_PARTS = 200
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_PART_BYTES = 20 * 1024 * 1024
MAX_ROWS = 2_000
MAX_TEXT = 4_000
#: No quarter's actual (or year's target) is this large; anything bigger is a typing or unit
#: mistake.
MAX_ACTUAL = 1_000_000_000_000
#: Units whose figures are percentages (0 to 100). Other levels, such as FTE posts, can exceed 100.
PERCENT_UNITS = frozenset({"percent"})
PERCENT_SLIP = "type the percentage as a number from 0 to 100"
TOTAL_COLUMN = "Total over the contract"
"""The start of the commitments workbook's worked-out column's heading."""


def total_heading(level_units: Sequence[str]) -> str:
    """The worked-out column's heading: levels (posts, percentages) are averaged, not added."""
    labels = " and ".join(UNIT_LABELS.get(u, u) for u in level_units)
    return f"{TOTAL_COLUMN} ({labels}: the average)" if labels else TOTAL_COLUMN
COMMITMENTS_KIND = "commitments-workbook"
RETURNS_KIND = "returns-workbook"
FORMAT_VERSION = "1"
EXTRA_ROWS = 5
CASE_STUDY_ROWS = 10

COMMITMENTS_SHEET = "Commitments"
RETURN_SHEET = "Return"
CASE_SHEET = "Case studies"
ABOUT_SHEET = "About"
LISTS_SHEET = "Lists"

_BOLD = Font(bold=True)
_INPUT = PatternFill("solid", fgColor="FFF2CC")
_WRAP = Alignment(wrap_text=True, vertical="top")
_UNLOCKED = Protection(locked=False)


@dataclass(frozen=True)
class MeasureRow:
    """A measure as a workbook shows it: the same reference, words and unit as the questions."""

    ref: str
    text: str
    unit: str
    unit_label: str
    partner_vcfse: bool = False


@dataclass(frozen=True)
class CommitmentEntry:
    ref: str
    baseline: float | None
    targets: list[float]
    delivery_method: str


@dataclass(frozen=True)
class ReturnLineEntry:
    ref: str
    actual: float
    evidence: str
    narrative: str


@dataclass(frozen=True)
class CaseStudyEntry:
    ref: str
    title: str
    story: str


@dataclass
class ReturnEntry:
    contract_ref: str
    quarter: str
    lines: list[ReturnLineEntry] = field(default_factory=list)
    case_studies: list[CaseStudyEntry] = field(default_factory=list)
    #: The supplier and title the template was made for (None in older templates): a return
    #: whose contract was changed to another contract's reference is refused.
    supplier: str | None = None
    title: str | None = None


def measure_row(m: Any) -> MeasureRow:
    """A measure decision (or anything with ref, text, unit, partner_vcfse) as a workbook row."""
    return MeasureRow(m.ref, m.text, m.unit, UNIT_LABELS.get(m.unit, m.unit), m.partner_vcfse)


def contract_years_count(duration_months: int) -> int:
    return math.ceil(duration_months / 12)


def tender_commitments_workbook(a: Assessment, rules: TrackingRules, *,
                                draft: bool = False) -> bytes:
    """The bidders' commitments workbook for an assessed tender (written by `svauthor build`);
    a draft pack's copy says DRAFT on every sheet, as the Word documents do."""
    def cell_text(text: str) -> str:  # a control character in the title is dropped, as in Word
        return ILLEGAL_CHARACTERS_RE.sub("", text)

    return commitments_workbook(
        title=cell_text(a.title), buyer=cell_text(a.buyer),
        years=contract_years_count(a.duration_months),
        measures=[measure_row(m) for m in a.measures if m.status == "recommended"],
        optional=[measure_row(m) for m in a.measures if m.status == "optional"],
        level_units=rules.profile.level_units, draft=draft,
        lot_line=cell_text(lot_instruction(a.tender.lot, a.lots)))


def lot_instruction(lot: str | None, lots: int) -> str:
    """Which lot a bid's workbook is for, as the questions document says it: blank when the
    procurement is not in lots."""
    one_of = f", one of {lots} lots" if lots > 1 else ""
    if lot:
        return f"This workbook is for {lot}{one_of}: give targets for this lot alone."
    if lots > 1:
        return (f"This procurement is divided into {lots} lots: complete a separate workbook "
                "for each lot you bid for, with targets sized to that lot alone, and put the "
                "lot in the file name.")
    return ""


# -- writing ------------------------------------------------------------------------------------

#: Leading characters a spreadsheet reads as the start of a formula when the cell is typed in.
FORMULA_LEADS = ("=", "+", "-", "@")


def _put(ws: Worksheet, row: int, col: int, value: Any) -> Cell | MergedCell:
    """Every value a writer puts in a cell goes through here, so text (a title, supplier, lot,
    reference or measure) is always stored as text: openpyxl would store any string starting
    with `=` as a live formula that Excel runs on opening. Formula-like text also gets Excel's
    quote prefix, so it stays text if someone edits the cell."""
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_LEADS):
            cell.quotePrefix = True
    return cell


def _put_row(ws: Worksheet, row: int, values: Sequence[Any]) -> None:
    for col, value in enumerate(values, start=1):
        _put(ws, row, col, value)


def _formula(ws: Worksheet, row: int, col: int, formula: str) -> Cell | MergedCell:
    """A formula the writer means (a total or a lookup), never built from user text."""
    cell = ws.cell(row=row, column=col)
    cell.value = formula
    cell.data_type = "f"
    return cell


def _about(wb: Workbook, kind: str, values: dict[str, str]) -> None:
    ws = wb.create_sheet(ABOUT_SHEET)
    rows = [("kind", kind), ("format", FORMAT_VERSION), *values.items()]
    for row, pair in enumerate(rows, start=1):
        _put_row(ws, row, pair)
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def _instructions(wb: Workbook, title: str, lines: Sequence[str], *, author: str = "") -> None:
    """The first sheet, and the file's properties: its title, author and language, as in the
    Word documents (never the library's name)."""
    props = wb.properties
    props.title = title[:255]
    props.creator = props.lastModifiedBy = author[:255]
    props.language = "en-GB"
    ws = wb.active
    assert ws is not None
    ws.title = "Instructions"
    _put(ws, 1, 1, title).font = Font(bold=True, size=14)
    for i, line in enumerate(lines, start=3):
        _put(ws, i, 1, line).alignment = Alignment(wrap_text=True)
    ws.column_dimensions["A"].width = 110
    ws.protection.sheet = True


def _header(ws: Worksheet, header: Sequence[str], widths: Sequence[float]) -> None:
    _put_row(ws, 1, header)
    for col, width in enumerate(widths, start=1):
        cell = ws.cell(row=1, column=col)
        cell.font = _BOLD
        cell.alignment = _WRAP
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "B2"


def _input(ws: Worksheet, row: int, col: int, dv: DataValidation, value: Any = None) -> None:
    cell = _put(ws, row, col, value)
    cell.protection = _UNLOCKED
    cell.fill = _INPUT
    cell.alignment = _WRAP
    dv.add(cell.coordinate)


def _number_rule(unit: str, level_units: Sequence[str]) -> DataValidation:
    """Excel's check on a figure cell: a percentage is 0 to 100; every other figure, FTE posts
    included (a level, but a large contract can sustain more than 100), is 0 or more."""
    if unit in PERCENT_UNITS:
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                            allow_blank=True)
        dv.error = "Enter a percentage from 0 to 100."
    else:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                            allow_blank=True)
        dv.error = ("Enter the number of full-time equivalent posts, 0 or more."
                    if unit in level_units else "Enter a number, 0 or more.")
    dv.errorTitle = "Not a valid number"
    dv.showErrorMessage = True
    return dv


def _text_rule(max_len: int = MAX_TEXT) -> DataValidation:
    dv = DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(max_len),
                        allow_blank=True)
    dv.errorTitle = "Too long"
    dv.error = f"Keep this to {max_len:,} characters or fewer."
    dv.showErrorMessage = True
    return dv


def _to_bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


DRAFT_MARK = "DRAFT: not for publication"


def _mark_draft(wb: Workbook) -> None:
    """DRAFT in the printed header and footer of every visible sheet and on the first sheet."""
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        for part in (ws.oddHeader, ws.oddFooter):
            if part is not None:
                part.center.text = DRAFT_MARK
    first = wb.worksheets[0]
    _put(first, 2, 1, DRAFT_MARK).font = Font(bold=True, size=14, color="C00000")


def commitments_workbook(*, title: str, buyer: str, years: int, measures: Sequence[MeasureRow],
                         optional: Sequence[MeasureRow], level_units: Sequence[str],
                         draft: bool = False, lot_line: str = "") -> bytes:
    """The bidders' commitments workbook: one row per measure, a target per contract year."""
    wb = Workbook()
    _instructions(wb, f"Social Value commitments: {title}", author=buyer, lines=[
        f"Buyer: {buyer}.",
        lot_line,
        "Use the Commitments sheet to say what you will deliver. There is one row for each "
        "measure we ask for, with the same measure references and units as the Social Value "
        "questions document.",
        "For each measure, fill in the yellow cells (the only ones you can type in): your "
        "baseline today (leave it blank if you have none), a target for each contract year "
        "(enter 0 if you offer nothing in a year), and how you will deliver and evidence it.",
        f"The contract runs for {years} contract year{'s' if years != 1 else ''}. If the last "
        "year is shorter than 12 months, give the target for the months it covers.",
        "Percentages are from 0 to 100 (type 85 for 85%, not 0.85). Other measures are "
        "counts, hours, weeks or pounds and cannot be negative. The total column works itself "
        "out: for levels such as FTE posts and percentages it is the average of the years, "
        "not their sum.",
        f"A measure whose unit is \"{UNIT_LABELS['initiative']}\" is an initiative: for each "
        "year enter the £ you will invest in it, and describe the initiative, what you will "
        "have done by the end of each year and how you will evidence it in the last column."
        if any(m.unit == "initiative" for m in [*measures, *optional]) else "",
        "To offer another measure, choose its reference in one of the blank rows at the "
        "bottom of the sheet." if optional else "",
        "Do not change the measure references, the column headings or the sheet names: we "
        "read this workbook back in exactly as it is laid out.",
        "The commitments of the winning bid become part of the contract, and the supplier "
        "reports against them every quarter.",
    ])
    ws = wb.create_sheet(COMMITMENTS_SHEET)
    year_cols = [f"Year {y}" for y in range(1, years + 1)]
    header = ["Measure ref", "What it counts", "Unit", "Partner VCFSE", "Baseline", *year_cols,
              total_heading(level_units), "How it will be delivered and evidenced"]
    _header(ws, header, [12, 50, 14, 10, 12, *[10] * years, 14, 60])
    first_year, last_year = 6, 5 + years
    total_col, method_col = last_year + 1, last_year + 2
    rules: dict[str, DataValidation] = {}
    method = _text_rule()
    ws.add_data_validation(method)

    def number_rule(unit: str) -> DataValidation:
        if unit not in rules:
            rules[unit] = _number_rule(unit, level_units)
            ws.add_data_validation(rules[unit])
        return rules[unit]

    def total_formula(row: int, level: bool) -> str:
        span = f"{get_column_letter(first_year)}{row}:{get_column_letter(last_year)}{row}"
        fn = "AVERAGE" if level else "SUM"
        return f'=IF(COUNT({span})=0,"",{fn}({span}))'

    row = 1
    for m in measures:
        row += 1
        _put_row(ws, row, [m.ref, m.text, m.unit_label, "Yes" if m.partner_vcfse else "No"])
        dv = number_rule(m.unit)
        for col in range(5, last_year + 1):
            _input(ws, row, col, dv)
        _formula(ws, row, total_col, total_formula(row, m.unit in level_units))
        _input(ws, row, method_col, method)
        ws.cell(row=row, column=2).alignment = _WRAP
    if optional:
        lists = wb.create_sheet(LISTS_SHEET)
        for i, m in enumerate(optional, start=1):
            _put_row(lists, i, [m.ref, m.text, m.unit_label, "Yes" if m.partner_vcfse else "No"])
        lists.sheet_state = "hidden"
        lists.protection.sheet = True
        n = len(optional)
        choose = DataValidation(type="list", formula1=f"{LISTS_SHEET}!$A$1:$A${n}",
                                allow_blank=True)
        choose.errorTitle = "Not a measure you can offer"
        choose.error = "Choose a measure reference from the list."
        choose.showErrorMessage = True
        ws.add_data_validation(choose)
        any_number = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                                    allow_blank=True)
        any_number.errorTitle, any_number.error = "Not a valid number", "Enter a number, 0 or more."
        any_number.showErrorMessage = True
        ws.add_data_validation(any_number)
        for _ in range(EXTRA_ROWS):
            row += 1
            _input(ws, row, 1, choose)
            table = f"{LISTS_SHEET}!$A$1:$D${n}"
            for col in (2, 3, 4):  # words, unit and Partner VCFSE follow the chosen measure
                _formula(ws, row, col, f'=IFERROR(VLOOKUP(A{row},{table},{col},FALSE),"")')
            for col in range(5, last_year + 1):
                _input(ws, row, col, any_number)
            _formula(ws, row, total_col, total_formula(row, False))
            _input(ws, row, method_col, method)
    ws.protection.sheet = True
    _about(wb, COMMITMENTS_KIND, {"title": title, "years": str(years)})
    if draft:
        _mark_draft(wb)
    return _to_bytes(wb)


def _actual_meanings(rows: Sequence[tuple[MeasureRow, float | None]],
                     level_units: Sequence[str]) -> list[str]:
    """What 'Actual' means for the measures on this return, the way the register rates it."""
    def refs(pick: Any) -> str:
        return ", ".join(m.ref for m, _ in rows if pick(m.unit))

    out = []
    if percent := refs(lambda u: u in PERCENT_UNITS):
        out.append(f"{percent}: the percentage at the end of the quarter, from 0 to 100 "
                   "(type 85 for 85%, not 0.85).")
    if posts := refs(lambda u: u in level_units and u not in PERCENT_UNITS):
        out.append(f"{posts}: the full-time equivalent posts in place at the end of the "
                   f"quarter, counting those filled in earlier quarters that are still filled "
                   f"(not only new ones).")
    if amounts := refs(lambda u: u not in level_units):
        out.append(f"{amounts}: the amount delivered in this quarter only, not the total so "
                   f"far; it cannot be negative.")
    return out


def returns_workbook(*, contract_ref: str, title: str, supplier: str, quarter: str,
                     quarter_label: str, due: str, rows: Sequence[tuple[MeasureRow, float | None]],
                     level_units: Sequence[str]) -> bytes:
    """A supplier's quarterly return for one contract: an actual per commitment, evidence, stories."""
    wb = Workbook()
    _instructions(wb, f"Quarterly Social Value return: {title}", lines=[
        f"Contract: {contract_ref}. Supplier: {supplier}.",
        f"Quarter: {quarter_label} ({quarter}). Please send it back by {due}.",
        "On the Return sheet, fill in the yellow cells (the only ones you can type in) for "
        "every measure: the actual (enter 0 if nothing), a reference to the evidence we can "
        "check (a file name, report or link), and a short explanation, especially if you are "
        "behind the target.",
        *_actual_meanings(rows, level_units),
        "On the Case studies sheet, tell us about the difference your work made for people, "
        "in your own words. Choose the measure each story relates to.",
        "Do not change the measure references, the column headings or the sheet names. If you "
        "need to correct a return after sending it, send the whole workbook again: the "
        "corrected return replaces the earlier one and both are kept on record.",
    ])
    ws = wb.create_sheet(RETURN_SHEET)
    _header(ws, ["Measure ref", "What it counts", "Unit", "Target this quarter", "Actual",
                 "Evidence", "Narrative"], [12, 50, 14, 12, 12, 40, 60])
    text = _text_rule()
    evidence = _text_rule(500)
    ws.add_data_validation(text)
    ws.add_data_validation(evidence)
    rules: dict[str, DataValidation] = {}
    for row, (m, target) in enumerate(rows, start=2):
        _put_row(ws, row, [m.ref, m.text, m.unit_label,
                           None if target is None else round(target, 2)])
        ws.cell(row=row, column=2).alignment = _WRAP
        if m.unit not in rules:
            rules[m.unit] = _number_rule(m.unit, level_units)
            ws.add_data_validation(rules[m.unit])
        _input(ws, row, 5, rules[m.unit])
        _input(ws, row, 6, evidence)
        _input(ws, row, 7, text)
    ws.protection.sheet = True

    cs = wb.create_sheet(CASE_SHEET)
    _header(cs, ["Measure ref", "Title", "Story"], [12, 40, 90])
    refs = ",".join(m.ref for m, _ in rows)
    choose = DataValidation(type="list", formula1=f'"{refs}"' if len(refs) < 250 else
                            f"{RETURN_SHEET}!$A$2:$A${len(rows) + 1}", allow_blank=True)
    choose.showErrorMessage = True
    choose.errorTitle, choose.error = "Not one of this contract's measures", "Choose from the list."
    title_rule, story_rule = _text_rule(300), _text_rule()
    for dv in (choose, title_rule, story_rule):
        cs.add_data_validation(dv)
    for row in range(2, 2 + CASE_STUDY_ROWS):
        _input(cs, row, 1, choose)
        _input(cs, row, 2, title_rule)
        _input(cs, row, 3, story_rule)
    cs.protection.sheet = True
    _about(wb, RETURNS_KIND, {"contract": contract_ref, "quarter": quarter,
                              "supplier": supplier, "title": title})
    return _to_bytes(wb)


# -- reading ------------------------------------------------------------------------------------

class Formula(str):
    """A formula cell with no saved result (a workbook written by a program, never opened and
    saved in Excel): its text, so the message can show it."""


class _Sheet:
    """A sheet read by its header names, collecting located problems."""

    def __init__(self, name: str, ws: Worksheet, problems: list[Problem], file: str,
                 formulas: Worksheet | None = None) -> None:
        self.name, self.ws, self.problems, self.file = name, ws, problems, file
        self.formulas = formulas
        self.columns: dict[str, int] = {}
        for col, cell in enumerate(next(ws.iter_rows(min_row=1, max_row=1), ()), start=1):
            if cell.value is not None:
                self.columns[str(cell.value).strip()] = col
        # merged cells hide every value but the first, so a row could borrow another's figure
        for merged in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
            self.problem(merged.min_row, merged.min_col,
                         f"cells {merged.coord} are merged; unmerge them so that every row "
                         f"has its own cells")

    def where(self, row: int, col: int) -> str:
        header = next((h for h, c in self.columns.items() if c == col), "")
        return f"sheet `{self.name}`, row {row}, column {get_column_letter(col)}" + (
            f" ({header})" if header else "")

    def problem(self, row: int, col: int, message: str) -> None:
        self.problems.append(Problem(self.file, None, self.where(row, col), message))

    def require(self, *headers: str) -> bool:
        missing = [h for h in headers if h not in self.columns]
        if missing:
            word = "heading" if len(missing) == 1 else "headings"
            self.problems.append(Problem(self.file, None, f"sheet `{self.name}`, row 1",
                                         f"missing column {word}: {', '.join(missing)}"))
        return not missing

    def rows(self) -> list[tuple[int, list[Any]]]:
        out = []
        formula_rows = (self.formulas.iter_rows(min_row=2, values_only=True)
                        if self.formulas is not None else None)
        for i, values in enumerate(self.ws.iter_rows(min_row=2, values_only=True), start=2):
            if i > MAX_ROWS + 1:
                self.problems.append(Problem(self.file, None, f"sheet `{self.name}`",
                                             f"more than {MAX_ROWS:,} rows"))
                break
            row = list(values)
            raw = next(formula_rows, ()) if formula_rows is not None else ()
            for j, text in enumerate(raw):
                if j < len(row) and row[j] is None and isinstance(text, str) and \
                        text.startswith("="):
                    row[j] = Formula(text)
            out.append((i, row))
        return out

    def cell(self, values: list[Any], header: str) -> Any:
        col = self.columns.get(header)
        if col is None or col > len(values):
            return None
        return values[col - 1]


def _row_ref(sheet: _Sheet, row: int, ref: str, has_figures: bool, known: dict[str, MeasureRow],
             seen: dict[str, int], unknown: str) -> bool:
    """Whether a row names a known measure not seen before (one rule for every workbook);
    a problem is recorded otherwise, except for a wholly blank row."""
    col = sheet.columns["Measure ref"]
    if not ref:
        if has_figures:
            sheet.problem(row, col, "a row with figures needs a measure reference")
        return False
    if ref not in known:
        sheet.problem(row, col, f"`{ref}` {unknown}")
        return False
    if ref in seen:
        sheet.problem(row, col, f"`{ref}` is already on row {seen[ref]}")
        return False
    seen[ref] = row
    return True


#: 1234, 1,234 (commas only between thousands), 12.5, £1,250, 12.5%, -3. Never 12,5.
_NUMBER = re.compile(r"^(?:£\s*)?-?(?:[1-9]\d{0,2}(?:,\d{3})+|\d+)?(?:\.\d+)?\s*%?$")
_EXCEL_ERRORS = ("#DIV/0!", "#REF!", "#VALUE!", "#N/A", "#NAME?", "#NUM!", "#NULL!",
                 "#SPILL!", "#CALC!", "#GETTING_DATA")


def _number(value: Any) -> float | str | None:
    """A number from a cell: a float, None when blank, or a message when it is not a number."""
    if isinstance(value, Formula):
        return (f"holds a formula (`{value[:40]}`) with no saved result: type the figure, or "
                f"open the workbook in Excel and save it so the result is kept")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return "must be a number, not TRUE or FALSE"
    if isinstance(value, datetime | date | time | timedelta):
        return (f"is a date or time ({value}), not a number: type the amount delivered; if "
                f"Excel turned the figure into a date, format the cell as a number")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            return "must be a finite number"
        return float(value)
    text = str(value).strip()
    if text.upper() in _EXCEL_ERRORS:
        return f"the formula in this cell gives an error ({text.upper()}); type the figure"
    if _NUMBER.match(text) and any(ch.isdigit() for ch in text):
        try:
            return float(text.replace("£", "").replace(",", "").replace("%", "").strip())
        except ValueError:
            pass
    if slip := decimal_comma(text[:40]):
        return slip
    return f"`{text[:40]}` is not a number"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "".join(ch for ch in str(value) if ch in "\n\t" or ch.isprintable()).strip()


def _check_zip(data: bytes, name: str) -> None:
    """Refuse a workbook whose zip directory declares too many parts or too many bytes."""
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip at all: the workbook reader says so
    total = sum(e.file_size for e in entries)
    big = max(entries, key=lambda e: e.file_size, default=None)
    if (len(entries) > MAX_WORKBOOK_PARTS or total > MAX_UNPACKED_BYTES
            or (big is not None and big.file_size > MAX_PART_BYTES)):
        raise InputError.single(name, f"would unpack to {total:,} bytes in {len(entries):,} "
                                      f"parts, far more than a returns or commitments workbook "
                                      f"holds (at most {MAX_UNPACKED_BYTES:,} bytes, "
                                      f"{MAX_PART_BYTES:,} in one part); it was not opened")


class _Book:
    """A workbook's saved values, with its formulas beside them (to explain an empty result)."""

    def __init__(self, data: bytes) -> None:
        self.values = load_workbook(io.BytesIO(data), data_only=True)
        self._data = data
        self._formulas: Any = None

    @property
    def sheetnames(self) -> list[str]:
        names: list[str] = self.values.sheetnames
        return names

    def __getitem__(self, name: str) -> Worksheet:
        ws: Worksheet = self.values[name]
        return ws

    def formulas(self, name: str) -> Worksheet:
        if self._formulas is None:
            self._formulas = load_workbook(io.BytesIO(self._data))
        ws: Worksheet = self._formulas[name]
        return ws


def _open(path: Path, kind: str, what: str) -> tuple[Any, list[Problem], dict[str, str]]:
    name = str(path)
    data = read_input_bytes(path, max_bytes=MAX_WORKBOOK_BYTES, not_found="workbook not found",
                            folder="is a folder, not a workbook")
    _check_zip(data, name)
    try:
        wb = _Book(data)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise InputError.single(name, f"is not an Excel .xlsx workbook that can be read "
                                      f"({type(exc).__name__})") from None
    about: dict[str, str] = {}
    if ABOUT_SHEET in wb.sheetnames:
        for key, value, *_ in wb[ABOUT_SHEET].iter_rows(values_only=True, max_col=2):
            if key is not None:
                about[str(key)] = _text(value)
    if about.get("kind") != kind:
        raise InputError.single(name, f"is not {what}; make one with svauthor and fill it in")
    return wb, [], about


def read_commitments(path: Path, *, known: dict[str, MeasureRow], years: int,
                     level_units: Sequence[str]) -> list[CommitmentEntry]:
    """A completed commitments workbook: every row checked, every problem reported at once."""
    wb, problems, about = _open(path, COMMITMENTS_KIND, "a commitments workbook")
    name = str(path)
    if about.get("years") and about["years"] != str(years):
        raise InputError.single(name, f"was made for {about['years']} contract "
                                      f"year{'' if about['years'] == '1' else 's'}; this "
                                      f"contract has {years}")
    if COMMITMENTS_SHEET not in wb.sheetnames:
        raise InputError.single(name, f"has no `{COMMITMENTS_SHEET}` sheet")
    sheet = _Sheet(COMMITMENTS_SHEET, wb[COMMITMENTS_SHEET], problems, name,
                   wb.formulas(COMMITMENTS_SHEET))
    year_cols = [f"Year {y}" for y in range(1, years + 1)]
    method_col = "How it will be delivered and evidenced"
    if not sheet.require("Measure ref", "Baseline", *year_cols, method_col):
        raise InputError(problems)
    out: list[CommitmentEntry] = []
    seen: dict[str, int] = {}
    for row, values in sheet.rows():
        ref = _text(sheet.cell(values, "Measure ref"))
        inputs = [sheet.cell(values, h) for h in ["Baseline", *year_cols, method_col]]
        if not _row_ref(sheet, row, ref, any(_text(v) for v in inputs), known, seen,
                        "is not a measure in this tender"):
            continue
        unit = known[ref].unit

        def number(header: str, required: bool, row: int = row, unit: str = unit,
                   values: list[Any] = values) -> float | None:
            value = _number(sheet.cell(values, header))
            col = sheet.columns[header]
            if isinstance(value, str):
                sheet.problem(row, col, value)
                return None
            if value is None:
                if required:
                    sheet.problem(row, col, "enter a target (0 if none this year)")
                return None
            if value < 0:
                sheet.problem(row, col, "cannot be negative")
            elif unit in PERCENT_UNITS and value > 100:
                sheet.problem(row, col, "a percentage cannot be more than 100")
            elif unit in PERCENT_UNITS and (slip := fraction_slip(value, PERCENT_SLIP)):
                sheet.problem(row, col, f"`{value:g}` {slip}")
            elif value > MAX_ACTUAL:
                sheet.problem(row, col, f"{value:g} is too large to be right; check the figure "
                                        f"(the limit is {MAX_ACTUAL:,.0f})")
            return value

        baseline = number("Baseline", False)
        targets = [number(h, True) for h in year_cols]
        method = _text(sheet.cell(values, method_col))
        if not method:
            sheet.problem(row, sheet.columns[method_col], "say how you will deliver and "
                                                          "evidence this commitment")
        elif len(method) > MAX_TEXT:
            sheet.problem(row, sheet.columns[method_col], f"longer than {MAX_TEXT:,} characters")
        if all(t is not None for t in targets):
            out.append(CommitmentEntry(ref, baseline, [t for t in targets if t is not None],
                                       method[:MAX_TEXT]))
    if not out and not problems:
        problems.append(Problem(name, None, f"sheet `{COMMITMENTS_SHEET}`",
                                "has no commitments filled in"))
    if problems:
        raise InputError(problems)
    return out


def read_return(path: Path) -> tuple[ReturnEntry, Any, list[Problem]]:
    """The shape of a completed return; the register checks the figures against the contract."""
    wb, problems, about = _open(path, RETURNS_KIND, "a quarterly returns workbook")
    entry = ReturnEntry(about.get("contract", ""), about.get("quarter", ""),
                        supplier=about.get("supplier"), title=about.get("title"))
    if RETURN_SHEET not in wb.sheetnames:
        raise InputError.single(str(path), f"has no `{RETURN_SHEET}` sheet")
    return entry, wb, problems


def check_line(ref: str, actual_raw: Any, evidence: str, narrative: str, *, unit: str,
               level_units: Sequence[str]) -> tuple[ReturnLineEntry | None, list[tuple[str, str]]]:
    """One commitment's figures for a quarter, checked the same way for a workbook row and for
    the app's form: the line, or the problems as (column heading, message)."""
    actual = _number(actual_raw)
    evidence, narrative = _text(evidence), _text(narrative)
    if isinstance(actual, str):
        return None, [("Actual", actual)]
    if actual is None:
        return None, [("Actual", "enter what was delivered this quarter (0 if nothing)")]
    if actual < 0:
        return None, [("Actual", "cannot be negative")]
    if actual > MAX_ACTUAL:
        return None, [("Actual", f"{actual:g} is too large to be right; check the figure "
                                 f"(the limit is {MAX_ACTUAL:,.0f})")]
    if unit in PERCENT_UNITS and actual > 100:
        return None, [("Actual", "a percentage cannot be more than 100")]
    if unit in PERCENT_UNITS and (slip := fraction_slip(actual, PERCENT_SLIP)):
        return None, [("Actual", f"`{actual:g}` {slip}")]
    if actual > 0 and not evidence:
        return None, [("Evidence", "give a reference to the evidence for this figure")]
    if len(evidence) > 500:
        return None, [("Evidence", "longer than 500 characters")]
    if len(narrative) > MAX_TEXT:
        return None, [("Narrative", f"longer than {MAX_TEXT:,} characters")]
    return ReturnLineEntry(ref, actual, evidence, narrative), []


def parse_return(path: Path, *, known: dict[str, MeasureRow],
                 level_units: Sequence[str]) -> ReturnEntry:
    """A completed return, checked row by row against the contract's commitments."""
    entry, wb, problems = read_return(path)
    name = str(path)
    sheet = _Sheet(RETURN_SHEET, wb[RETURN_SHEET], problems, name, wb.formulas(RETURN_SHEET))
    if not sheet.require("Measure ref", "Actual", "Evidence", "Narrative"):
        raise InputError(problems)
    seen: dict[str, int] = {}
    for row, values in sheet.rows():
        ref = _text(sheet.cell(values, "Measure ref"))
        actual_raw = sheet.cell(values, "Actual")
        evidence = _text(sheet.cell(values, "Evidence"))
        narrative = _text(sheet.cell(values, "Narrative"))
        if not _row_ref(sheet, row, ref, bool(_text(actual_raw) or evidence or narrative), known,
                        seen, "is not one of this contract's commitments"):
            continue
        line, issues = check_line(ref, actual_raw, evidence, narrative, unit=known[ref].unit,
                                  level_units=level_units)
        for header, message in issues:
            sheet.problem(row, sheet.columns[header], message)
        if line is not None:
            entry.lines.append(line)
    missing = [ref for ref in known if ref not in seen]
    if missing:
        word = "commitment" if len(missing) == 1 else "commitments"
        problems.append(Problem(name, None, f"sheet `{RETURN_SHEET}`",
                                f"no row for {word} {', '.join(missing)}; every "
                                f"commitment needs an actual, even 0"))
    if CASE_SHEET in wb.sheetnames:
        cs = _Sheet(CASE_SHEET, wb[CASE_SHEET], problems, name, wb.formulas(CASE_SHEET))
        if cs.require("Measure ref", "Title", "Story"):
            for row, values in cs.rows():
                ref = _text(cs.cell(values, "Measure ref"))
                title = _text(cs.cell(values, "Title"))
                story = _text(cs.cell(values, "Story"))
                if not (ref or title or story):
                    continue
                if ref and ref not in known:
                    cs.problem(row, cs.columns["Measure ref"], f"`{ref}` is not one of this "
                                                               f"contract's commitments")
                elif not title:
                    cs.problem(row, cs.columns["Title"], "give the case study a title")
                elif not story:
                    cs.problem(row, cs.columns["Story"], "tell the story")
                elif len(title) > 300 or len(story) > MAX_TEXT:
                    cs.problem(row, cs.columns["Story" if len(story) > MAX_TEXT else "Title"],
                               "too long")
                else:
                    entry.case_studies.append(CaseStudyEntry(ref, title, story))
    if problems:
        raise InputError(problems)
    return entry
