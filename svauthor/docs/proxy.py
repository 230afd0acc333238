"""An organisation's own licensed proxy values (£ per unit of a measure), read from CSV.

None ship with svauthor: the TOMs proxy values are licensed (CC BY-NC-ND 4.0). The file has a
header row and the columns `measure ref`, `unit`, `value`, `source` (case and spacing free:
`measure_ref` or `Measure Ref` also work). Every problem is reported with the file, the line
(row) and the column, all at once.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

from svauthor.domain.framework import UNIT_LABELS, Framework
from svauthor.errors import InputError, Problem, did_you_mean
from svauthor.yamlio import read_text

COLUMNS = ("measure ref", "unit", "value", "source")
_ALIASES = {"measure ref": "measure ref", "measure": "measure ref", "ref": "measure ref"}


@dataclass(frozen=True)
class ProxyValue:
    ref: str
    unit: str
    value: float
    source: str
    line: int


def _norm(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text.strip().lower())


def _unit_matches(given: str, unit: str) -> bool:
    g = _norm(given)
    return g in {_norm(unit), _norm(UNIT_LABELS.get(unit, unit))} or (
        unit == "gbp" and g in {"gbp", "£", "pounds", "pound"})


_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DOT_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3}){2,}$")
_EUROPEAN = re.compile(r"^\d{1,3}(?:\.\d{3})*,\d+$")


def _number(text: str) -> tuple[float | None, str]:
    """The value of a money cell, or None and why not (with a "did you mean").

    A comma is only read as a thousands separator when that is the only reading: `1,250,000`
    and `1,250.50` are fine, but `95,50` (a decimal comma) and `1,250` (1250 or 1.25?) are
    refused rather than guessed, because a wrong guess changes the value a hundredfold.
    """
    cleaned = text.strip().replace("£", "").replace(" ", "")
    if not cleaned:
        return None, ""
    sign = "-" if cleaned.startswith("-") else ""
    body = cleaned.lstrip("+-")
    if "," in body:
        if _EUROPEAN.match(body) and not re.fullmatch(r"\d{1,3},\d{3}", body):
            plain = body.replace(".", "").replace(",", ".")
            return None, (f"`{text.strip()}` uses a decimal comma; did you mean `{sign}{plain}`? "
                          f"Write decimals with a point")
        if re.fullmatch(r"\d{1,3},\d{3}", body):
            whole, part = body.split(",")
            return None, (f"`{text.strip()}` is ambiguous: did you mean `{sign}{whole}{part}` "
                          f"(a thousands separator) or `{sign}{whole}.{part}` (a decimal comma)? "
                          f"Write it without the comma")
        if not _GROUPED.match(body):
            return None, (f"`{text.strip()}` has commas in unexpected places; write the number "
                          f"without them (e.g. 1250.50)")
        body = body.replace(",", "")
    elif _DOT_GROUPED.match(body):
        return None, (f"`{text.strip()}` uses points as thousands separators; did you mean "
                      f"`{sign}{body.replace('.', '')}`?")
    if not re.fullmatch(r"\d+(?:\.\d+)?|\.\d+", body):
        return None, f"`{text.strip()}` is not a number (write e.g. 1250.50, no units)"
    if len(body.replace(".", "").lstrip("0")) > 15:
        return None, f"`{text.strip()[:24]}` has too many digits to be used exactly"
    value = float(sign + body)
    return (value, "") if math.isfinite(value) else (None, f"`{text.strip()}` is too large")


def load_proxy_values(path: Path, framework: Framework) -> dict[str, ProxyValue]:
    """Read and validate the CSV; raise one InputError listing every bad row and column."""
    name = str(path)
    text = read_text(path)
    if not text.strip():
        raise InputError.single(name, "file is empty; expected a header row: "
                                      + ", ".join(COLUMNS), line=1)
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    problems: list[Problem] = []
    try:
        header = next(reader)
    except csv.Error as exc:
        raise InputError.single(name, f"not valid CSV: {exc}", line=1) from None
    columns = [_ALIASES.get(_norm(h), _norm(h)) for h in header]
    missing = [c for c in COLUMNS if c not in columns]
    if missing:
        raise InputError.single(
            name, f"header row lacks column(s) {', '.join(missing)}; expected: "
                  f"{', '.join(COLUMNS)} (found: {', '.join(h.strip() for h in header) or 'nothing'})",
            line=1, field="header")
    index = {c: columns.index(c) for c in COLUMNS}
    units = {m.ref: m.unit for m in framework.measures}
    values: dict[str, ProxyValue] = {}
    row_no = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(name, reader.line_num, f"row {row_no + 1}",
                                    f"not valid CSV: {exc}"))
            break
        row_no += 1
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header) and any(c.strip() for c in row[len(header):]):
            problems.append(Problem(
                name, line, f"row {row_no}",
                f"row has {len(row)} values but the header has {len(header)} columns (a comma "
                f"inside a value needs quotes, or write the number without a thousands comma: "
                f"`29000`, not `£29,000`)"))
            continue

        def cell(col: str, row: list[str] = row) -> str:
            i = index[col]
            return row[i].strip() if i < len(row) else ""

        def bad(col: str, message: str, row_no: int = row_no, line: int = line) -> None:
            problems.append(Problem(name, line, f"row {row_no}, column `{col}`", message))

        if len(row) > len(header) and any(c.strip() for c in row[len(header):]):
            # An unquoted "£29,000" splits into two values: never guess which was meant.
            problems.append(Problem(name, line, f"row {row_no}",
                                    f"row has {len(row)} values but the header has "
                                    f"{len(header)} columns (a comma inside a value needs "
                                    f"quotes, e.g. \"£29,000\")"))
            continue
        ref, unit, raw_value, source = (cell(c) for c in COLUMNS)
        row_ok = True
        if not ref:
            bad("measure ref", "no measure ref given")
            row_ok = False
        elif ref not in units:
            bad("measure ref", f"unknown measure ref `{ref}` in {framework.name}"
                               f"{did_you_mean(ref, units)}")
            row_ok = False
        elif ref in values:
            bad("measure ref", f"`{ref}` is given twice (first on line {values[ref].line})")
            row_ok = False
        if row_ok and not _unit_matches(unit, units[ref]):
            bad("unit", f"unit `{unit}` does not match {ref}'s unit `{units[ref]}` "
                        f"({UNIT_LABELS.get(units[ref], units[ref])})")
            row_ok = False
        value, why = _number(raw_value)
        if value is None:
            bad("value", why if raw_value else "no value given")
            row_ok = False
        elif value < 0:
            bad("value", f"`{raw_value}` is negative; a proxy value is £ per unit, 0 or more")
            row_ok = False
        if not source:
            bad("source", "say where the value comes from (e.g. your TOMs licence and year)")
            row_ok = False
        if row_ok and value is not None:
            values[ref] = ProxyValue(ref=ref, unit=units[ref], value=value, source=source,
                                     line=line)
    if problems:
        raise InputError(problems)
    if not values:
        raise InputError.single(name, "no proxy values found below the header row", line=2)
    return values
