"""Read a forward-plan CSV: check the file once, then stream its rows as validated tender specs.

The file is checked before anything is written (missing, binary, not UTF-8, no header, missing
or misspelt columns: all exit 2). Each data row then becomes a `TenderSpec` validated against
the knowledge base; a bad row becomes a list of problems naming its line and column, and the
run carries on without it.

Row numbers are CSV line numbers with the header as row 1, so they match what a spreadsheet
shows; a row whose quoted cell spans lines is numbered by the line it starts on.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.needsanalysis import load_needs_analysis
from svauthor.domain.results import NeedEvidence
from svauthor.domain.spec import Route, TenderSpec
from svauthor.domain.validation import problems_from
from svauthor.errors import InputError, Problem, did_you_mean
from svauthor.inputs import (
    ValueInputError,
    parse_date,
    parse_money,
    parse_pct,
    parse_whole,
    parse_yes_no,
    split_list,
)
from svauthor.yamlio import UTF16_PROBLEM, YamlDoc, is_utf16

#: A forward plan larger than this is refused rather than read (about 300,000 rows).
MAX_PLAN_BYTES = 100 * 1024 * 1024
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Column:
    """One CSV column: where its value goes in the spec and how the cell is read."""

    name: str
    kind: str  # text | choice | service | places | needs | money | int | pct | bool | date
    target: tuple[str, ...]
    required: bool = False
    blank_ok: bool = True


_DATE_COLUMNS = ("planned_procurement_notice", "market_engagement", "tender_published",
                 "participation_deadline", "invitation_to_tender",
                 "clarification_deadline", "tender_deadline", "award_notice", "contract_start")
_ROUTE_FLAGS = tuple(name for name, f in Route.model_fields.items() if f.annotation is bool)

COLUMNS: tuple[Column, ...] = (
    Column("title", "text", ("title",), required=True, blank_ok=False),
    Column("buyer", "text", ("buyer", "name"), required=True, blank_ok=False),
    Column("sector", "choice", ("buyer", "sector"), required=True, blank_ok=False),
    Column("regime", "choice", ("route", "regime"), required=True, blank_ok=False),
    Column("procedure", "choice", ("route", "procedure"), required=True, blank_ok=False),
    Column("service_type", "service", ("service_type",), required=True, blank_ok=False),
    Column("value_gbp", "money", ("value_gbp",), required=True, blank_ok=False),
    Column("duration_months", "int", ("duration_months",), required=True, blank_ok=False),
    Column("places", "places", ("places",), required=True),
    Column("local_needs", "needs", ("local_needs",), required=True),
    # A Local Needs Analysis file (YAML or CSV) relative to the plan, as in a spec.
    Column("local_needs_analysis", "text", ("local_needs_analysis",)),
    Column("vcfse_suitable", "bool", ("vcfse_suitable",)),
    Column("central_government_authority", "bool", ("buyer", "central_government_authority")),
    Column("nation", "choice", ("buyer", "nation")),
    Column("devolved_authority", "bool", ("buyer", "devolved_authority")),
    Column("lots", "int", ("lots",)),
    # A plan often has a row per lot: the lot's name, as a spec's `tender.lot`.
    Column("lot", "text", ("tender", "lot")),
    Column("social_value_pct", "pct", ("evaluation", "social_value_pct")),
    Column("qualitative_pct", "pct", ("evaluation", "qualitative_pct")),
    *(Column(name, "date", ("timetable", name)) for name in _DATE_COLUMNS),
    *(Column(name, "bool", ("route", name)) for name in _ROUTE_FLAGS),
)
BY_NAME = {c.name: c for c in COLUMNS}
REQUIRED = tuple(c.name for c in COLUMNS if c.required)
_BY_TARGET = {c.target: c.name for c in COLUMNS}

_ALIASES: dict[str, dict[str, str]] = {
    "sector": {"council": "local_authority", "la": "local_authority", "icb": "nhs",
               "central": "central_government", "other": "other_public"},
    # regimes are resolved from the law data (ids, labels and aliases in rules/law/regimes.yaml)
    "procedure": {},
    "nation": {"ni": "northern_ireland", "scot": "scotland", "eng": "england", "cymru": "wales"},
}


def norm_key(text: str) -> str:
    """`Value (GBP)` -> `value_gbp`: headers and ids compared without case or punctuation."""
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


def norm_header(text: str) -> str:
    """Like `norm_key`, reading `%` as pct and `£` as gbp: `Social Value %` is social_value_pct."""
    return norm_key(text.replace("%", " pct ").replace("£", " gbp "))


def slugify(text: str, limit: int = 50) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "procurement"


# --------------------------------------------------------------------------- the file


@dataclass
class PlanInfo:
    """What the first pass learnt: column positions and how many rows there are."""

    path: Path
    name: str
    header: list[str]
    positions: list[tuple[int, Column]]
    ignored: list[str]
    rows: int
    last_line: int

    def slug_width(self) -> int:
        return max(3, len(str(self.last_line)))


def _file_problem(name: str, message: str, line: int | None = None, field: str = "") -> InputError:
    return InputError.single(name, message, line=line, field=field)


def _scan_bytes(path: Path, name: str) -> None:
    """Refuse missing, oversized, binary and non-UTF-8 files, reading in chunks (flat memory)."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise _file_problem(name, "is a folder, not a CSV file")
        if size > MAX_PLAN_BYTES:
            raise _file_problem(name, f"file is {size:,} bytes; the limit is {MAX_PLAN_BYTES:,}")
        fh = path.open("rb")
    except FileNotFoundError:
        raise _file_problem(name, "file not found") from None
    except IsADirectoryError:
        raise _file_problem(name, "is a folder, not a CSV file") from None
    except OSError as exc:
        raise _file_problem(name, f"cannot be read: {exc.strerror or exc}") from None
    decoder = codecs.getincrementaldecoder("utf-8")()
    newlines = 0
    offset = 0
    with fh:
        first = True
        while True:
            chunk = fh.read(_CHUNK)
            if first:
                first = False
                if not chunk.strip(b" \t\r\n\xef\xbb\xbf"):
                    raise _file_problem(name, "file is empty: the first line must be a header "
                                              "naming the columns", line=1)
                if is_utf16(chunk):
                    raise _file_problem(name, f"{UTF16_PROBLEM} CSV UTF-8 (in Excel: Save As > "
                                              "CSV UTF-8)", line=1)
                if chunk.startswith(b"PK\x03\x04"):
                    raise _file_problem(name, "looks like an Excel workbook or other zip file, not "
                                              "CSV text; in Excel use Save As > CSV UTF-8")
            if not chunk:
                break
            nul = chunk.find(b"\x00")
            if nul >= 0:
                raise _file_problem(name, "looks like a binary file, not CSV text (it contains NUL "
                                          "bytes); save the plan as CSV UTF-8",
                                    line=newlines + chunk[:nul].count(b"\n") + 1)
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line = newlines + chunk[: exc.start].count(b"\n") + 1
                raise _file_problem(
                    name, f"is not UTF-8 text (byte {offset + exc.start + 1}); in Excel use "
                          f"Save As > CSV UTF-8", line=line) from None
            newlines += chunk.count(b"\n")
            offset += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise _file_problem(name, "is not UTF-8 text (it ends part-way through a character); "
                                      "in Excel use Save As > CSV UTF-8",
                                line=newlines + 1) from None


def _records(path: Path, name: str) -> Iterator[tuple[int, list[str]]]:
    """(line the record starts on, cells) for every record, the header included."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, strict=False)
        start = 1
        try:
            for cells in reader:
                yield start, cells
                start = reader.line_num + 1
        except csv.Error as exc:
            raise _file_problem(name, f"is not valid CSV: {exc}", line=reader.line_num) from None


def _map_header(cells: list[str], name: str) -> tuple[list[tuple[int, Column]], list[str]]:
    problems: list[str] = []
    known = [c.name for c in COLUMNS]
    positions: list[tuple[int, Column]] = []
    seen: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    for i, raw in enumerate(cells):
        key = norm_header(raw)
        if not key:
            if raw.strip() or any(c.strip() for c in cells[i + 1:]):
                problems.append(f"column {i + 1} has no heading name"
                                + (f" (it reads `{raw.strip()}`)" if raw.strip() else ""))
            continue
        if key in seen:
            problems.append(f"column `{raw.strip()}` appears twice (columns {seen[key] + 1} "
                            f"and {i + 1})")
            continue
        seen[key] = i
        if key in BY_NAME:
            positions.append((i, BY_NAME[key]))
        else:
            unknown.append((i, raw.strip()))
    found = {c.name for _, c in positions}
    unknown_keys = {norm_header(raw): raw for _, raw in unknown}
    if not found:
        shown = ", ".join(c.strip() for c in cells[:4] if c.strip())
        raise _file_problem(
            name, f"the first line must be a header naming the columns ({', '.join(REQUIRED)}); "
                  f"it reads `{shown[:120]}`", line=1)
    ignored: list[str] = []
    claimed: set[str] = set()
    for missing in (c for c in REQUIRED if c not in found):
        hint = did_you_mean(missing, unknown_keys)
        if hint:
            key = hint.split("`")[1]
            claimed.add(key)
            hint = f" (did you mean the column headed `{unknown_keys[key]}`?)"
        problems.append(f"missing required column `{missing}`{hint}")
    for key, raw in unknown_keys.items():
        if key in claimed:
            continue
        close = [k for k in known if k not in found]
        match = difflib.get_close_matches(key, close, n=1, cutoff=0.75)
        if match:
            problems.append(f"unknown column `{raw}` (did you mean `{match[0]}`?)")
        else:
            ignored.append(raw)
    if problems:
        raise InputError([Problem(name, 1, "header", p) for p in problems])
    return positions, ignored


def inspect_plan(path: Path, *, on_row: Callable[[int, list[str]], None] | None = None) -> PlanInfo:
    """The first pass: is the file usable, where are the columns, how many rows are there."""
    name = str(path)
    _scan_bytes(path, name)
    records = _records(path, name)
    header: list[str] | None = None
    positions: list[tuple[int, Column]] = []
    ignored: list[str] = []
    rows = 0
    last = 1
    title_at: int | None = None
    for line, cells in records:
        if header is None:
            if not any(c.strip() for c in cells):
                raise _file_problem(name, "the first line is blank; it must be the header row "
                                          "naming the columns", line=line)
            if len(cells) == 1 and (";" in cells[0] or "\t" in cells[0]):
                sep = "semicolons" if ";" in cells[0] else "tabs"
                raise _file_problem(name, f"the header uses {sep} between columns; save the plan "
                                          f"as comma-separated CSV (Excel: CSV UTF-8)", line=line)
            header = cells
            positions, ignored = _map_header(cells, name)
            title_at = next(i for i, c in positions if c.name == "title")
            continue
        if not any(c.strip() for c in cells):
            continue
        rows += 1
        last = line
        if on_row is not None and title_at is not None:
            on_row(line, cells[title_at:title_at + 1])
    if header is None:
        raise _file_problem(name, "file is empty: the first line must be a header naming the "
                                  "columns", line=1)
    if rows == 0:
        raise _file_problem(name, "has a header but no procurement rows under it", line=2)
    return PlanInfo(path, name, header, positions, ignored, rows, last)


# --------------------------------------------------------------------------- cells


CellError = ValueInputError
"""A cell that cannot be read; the message says what was expected (the shared input parsers)."""


# --------------------------------------------------------------------------- rows


@dataclass(slots=True)
class RowSpec:
    """A row that validated: its line, the folder name for its pack and the spec."""

    line: int
    slug: str
    spec: TenderSpec


@dataclass(slots=True)
class RowSkipped:
    """A row that did not validate: every problem, each naming the column."""

    line: int
    title: str
    problems: list[Problem] = field(default_factory=list)


class RowReader:
    """Turns CSV records into validated specs, with lookups built once per run."""

    def __init__(self, info: PlanInfo, kb: KnowledgeBase) -> None:
        self.info = info
        self.kb = kb
        self._context = {"kb": kb}
        self._lookup: dict[str, dict[str, str]] = {
            "service": _ids_and_names({k: v.name for k, v in kb.service_types.items()}),
            "places": _ids_and_names({k: v.name for k, v in kb.places.items()}),
            "needs": _ids_and_names({k: v.name for k, v in kb.needs.items()}),
        }
        self._width = info.slug_width()
        self._n_header = len(info.header)
        # Each Local Needs Analysis file is read once, however many rows point to it.
        self._analyses: dict[Path, list[NeedEvidence] | InputError] = {}

    def rows(self) -> Iterator[RowSpec | RowSkipped]:
        records = _records(self.info.path, self.info.name)
        next(records)  # the header, already checked
        for line, cells in records:
            if not any(c.strip() for c in cells):
                continue
            yield self.row(line, cells)

    def row(self, line: int, cells: list[str]) -> RowSpec | RowSkipped:
        name = self.info.name
        problems: list[Problem] = []
        data: dict[str, Any] = {}
        bad_columns: set[str] = set()
        title = ""
        if len(cells) > self._n_header and any(c.strip() for c in cells[self._n_header:]):
            problems.append(Problem(name, line, "row", f"has {len(cells)} values but the header "
                                    f"has {self._n_header} columns (a comma inside a value "
                                    f"needs the value in double quotes)"))
        for index, col in self.info.positions:
            raw = cells[index].strip() if index < len(cells) else ""
            if col.name == "title":
                title = raw
            if not raw:
                if not col.blank_ok:
                    problems.append(Problem(name, line, col.name, "is blank; a value is required"))
                    bad_columns.add(col.name)
                continue
            try:
                value = self._cell(col, raw)
            except CellError as exc:
                problems.append(Problem(name, line, col.name, str(exc)))
                bad_columns.add(col.name)
                continue
            _put(data, col.target, value)
        try:
            spec = TenderSpec.model_validate(data, context=self._context)
        except ValidationError as exc:
            doc = YamlDoc(name, data, lines={(): line})
            for err, problem in zip(exc.errors(include_url=False),
                                    problems_from(exc, doc, TenderSpec), strict=True):
                column = _column_for(tuple(err["loc"]))
                if column in bad_columns:
                    continue
                problems.append(Problem(name, line, column, problem.message))
            return RowSkipped(line, title, problems)
        if spec.local_needs_analysis is not None:
            evidence = self._needs_analysis(spec.local_needs_analysis, line, problems)
            if evidence is not None:
                spec = spec.with_needs_evidence(evidence)
        if problems:
            return RowSkipped(line, title, problems)
        return RowSpec(line, f"{line:0{self._width}d}-{slugify(spec.title)}", spec)

    def _needs_analysis(self, cell: str, line: int,
                        problems: list[Problem]) -> list[NeedEvidence] | None:
        """The evidence rows of the file a row points to, as a spec's `local_needs_analysis`
        would read them (relative to the plan); a file that cannot be used is a row problem."""
        target = self.info.path.parent / cell
        if target not in self._analyses:
            if not target.is_file():
                self._analyses[target] = InputError.single(
                    str(target), f"file not found (looked for {target})")
            else:
                try:
                    self._analyses[target] = load_needs_analysis(target, self.kb)
                except InputError as exc:
                    self._analyses[target] = exc
        got = self._analyses[target]
        if isinstance(got, InputError):
            shown = "; ".join(str(p) for p in got.problems[:3])
            more = len(got.problems) - 3
            problems.append(Problem(
                self.info.name, line, "local_needs_analysis",
                f"Local Needs Analysis `{cell}` cannot be used: {shown}"
                + (f" (and {more} more)" if more > 0 else "")))
            return None
        return got

    def _cell(self, col: Column, raw: str) -> Any:
        kind = col.kind
        if kind == "text":
            return raw
        if kind == "money":
            return parse_money(raw)
        if kind == "int":
            return (parse_whole(raw, "lots", "1") if col.name == "lots" else
                    parse_whole(raw, "months", "36"))
        if kind == "pct":
            return parse_pct(raw)
        if kind == "bool":
            return parse_yes_no(raw)
        if kind == "date":
            return parse_date(raw)
        if kind == "choice":
            key = norm_key(raw)
            if col.name == "regime":
                return self.kb.regimes.resolve(raw) or key
            return _ALIASES.get(col.name, {}).get(key, key)
        if kind == "service":
            key = norm_key(raw)
            return self._lookup["service"].get(key, key)
        lookup = self._lookup[kind]
        return [lookup.get(norm_key(item), norm_key(item)) for item in split_list(raw)]


def _ids_and_names(names: dict[str, str]) -> dict[str, str]:
    lookup = {norm_key(name): key for key, name in names.items()}
    lookup.update({norm_key(key): key for key in names})
    return lookup


def _put(data: dict[str, Any], target: tuple[str, ...], value: Any) -> None:
    node = data
    for part in target[:-1]:
        node = node.setdefault(part, {})
    node[target[-1]] = value


def _column_for(loc: tuple[Any, ...]) -> str:
    """The CSV column a pydantic error location belongs to."""
    parts = tuple(p for p in loc if isinstance(p, str))
    while parts:
        if parts in _BY_TARGET:
            return _BY_TARGET[parts]
        if parts == ("route",):
            return "procedure"
        if parts == ("buyer",):
            return "buyer"
        parts = parts[:-1]
    return ".".join(str(p) for p in loc) or "row"
