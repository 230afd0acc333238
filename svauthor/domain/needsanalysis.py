"""Read a Local Needs Analysis file: one row per place and need, with the evidence behind it.

A spec names the file in `local_needs_analysis` (YAML or CSV, relative to the spec). The needs
it lists join the spec's own `local_needs`, and each row's evidence travels with its need into
the Assessment (`Assessment.needs[].evidence`), so the pack can show bidders why it matters.

CSV: a header row `place, need, evidence, figure, source, date` (case and spaces ignored), then
one row per place and need. YAML: `rows:` holding mappings with the same keys. Places and needs
take an id or a display name; a row with an empty place is system-wide (it applies to every
tender that points to the file), and a tender uses only the rows for its own places and the
system-wide ones (every row when it names no places). `evidence` and `source` are required;
`date` is YYYY-MM-DD.
Every problem is reported as `file:line: field: message`, all at once.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

from svauthor.domain.base import first_not_text, not_text_problem
from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.results import NeedEvidence
from svauthor.errors import InputError, Problem, did_you_mean
from svauthor.yamlio import parse_yaml, read_text

COLUMNS = ("place", "need", "evidence", "figure", "source", "date")
REQUIRED = ("place", "need", "evidence", "source")  # columns the file must have
REQUIRED_VALUES = ("need", "evidence", "source")    # cells no row may leave empty
MAX_ROWS = 2000
MAX_TEXT = 2000


def load_needs_analysis(path: str | Path, kb: KnowledgeBase) -> list[NeedEvidence]:
    """Every row of the file, validated against the loaded places and needs."""
    name = str(path)
    text = read_text(path)
    csv_file = Path(name).suffix.lower() == ".csv"
    rows = _csv_rows(text, name) if csv_file else _yaml_rows(text, name)
    problems: list[Problem] = []
    out: list[NeedEvidence] = []
    for line, row in rows[:MAX_ROWS + 1]:
        if len(out) >= MAX_ROWS:
            problems.append(Problem(name, line, "", f"more than {MAX_ROWS} rows"))
            break
        got = _row(name, line, row, kb, problems)
        if got is not None:
            out.append(got)
    if not rows:
        problems.append(Problem(name, 1, "", "the file has no rows of evidence"))
    if problems:
        raise InputError(problems)
    return out


def _key(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _csv_rows(text: str, name: str) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError.single(name, "the file is empty; expected a header row "
                                f"({', '.join(COLUMNS)})", line=1) from None
    except csv.Error as exc:
        raise InputError.single(name, f"not readable as CSV: {exc}", line=1) from None
    keys = [_key(h) for h in header]
    problems = [Problem(name, 1, h, f"unknown column `{h}`{did_you_mean(_key(h), COLUMNS)}; "
                        f"columns: {', '.join(COLUMNS)}")
                for h, k in zip(header, keys, strict=True) if k and k not in COLUMNS]
    problems += [Problem(name, 1, c, f"missing column `{c}`") for c in REQUIRED if c not in keys]
    if problems:
        raise InputError(problems)
    rows: list[tuple[int, dict[str, Any]]] = []
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            rows.append((reader.line_num, {k: c for k, c in zip(keys, cells, strict=False)
                                           if k}))
    except csv.Error as exc:
        raise InputError.single(name, f"not readable as CSV: {exc}",
                                line=reader.line_num) from None
    return rows


def _yaml_rows(text: str, name: str) -> list[tuple[int, dict[str, Any]]]:
    doc = parse_yaml(text, name)
    data = doc.data
    if not isinstance(data, dict) or set(data) != {"rows"} or not isinstance(data["rows"], list):
        raise InputError.single(name, "expected `rows:` holding a list of mappings with "
                                f"{', '.join(COLUMNS)}", line=doc.line_of(()))
    rows: list[tuple[int, dict[str, Any]]] = []
    problems: list[Problem] = []
    for i, item in enumerate(data["rows"]):
        line = doc.line_of(("rows", i)) or 1
        if not isinstance(item, dict):
            problems.append(Problem(name, line, f"rows[{i}]", "must be a mapping of "
                                    f"{', '.join(COLUMNS)}"))
            continue
        for key in item:
            if key not in COLUMNS:
                problems.append(Problem(name, doc.line_of(("rows", i, key)), f"rows[{i}].{key}",
                                        f"unknown key `{key}`{did_you_mean(str(key), COLUMNS)}; "
                                        f"allowed keys: {', '.join(COLUMNS)}"))
        rows.append((line, item))
    if problems:
        raise InputError(problems)
    return rows


def _lookup(value: str, table: dict[str, Any]) -> str | None:
    if value in table:
        return value
    for item_id, item in table.items():
        if _key(item.name) == _key(value):
            return item_id
    return None


def _row(name: str, line: int, row: dict[str, Any], kb: KnowledgeBase,
         problems: list[Problem]) -> NeedEvidence | None:
    values: dict[str, str] = {}
    before = len(problems)
    for col in COLUMNS:
        raw = row.get(col)
        if raw is None:
            raw = ""
        if isinstance(raw, bool) or not isinstance(raw, str | int | float):
            problems.append(Problem(name, line, col, f"must be text, got `{raw}`"))
            continue
        text = " ".join(str(raw).split())
        bad = first_not_text(text)
        if bad is not None:
            problems.append(Problem(name, line, col, not_text_problem(bad)))
        if len(text) > MAX_TEXT:
            problems.append(Problem(name, line, col, f"longer than {MAX_TEXT} characters"))
        if col in REQUIRED_VALUES and not text:
            problems.append(Problem(name, line, col, "required; it is empty"))
        values[col] = text
    place = _lookup(values.get("place", ""), kb.places) if values.get("place") else None
    if values.get("place") and place is None:
        problems.append(Problem(name, line, "place", f"unknown place `{values['place']}`"
                                f"{did_you_mean(values['place'], kb.places)}"))
    need = _lookup(values.get("need", ""), kb.needs) if values.get("need") else None
    if values.get("need") and need is None:
        problems.append(Problem(name, line, "need", f"unknown local need `{values['need']}`"
                                f"{did_you_mean(values['need'], kb.needs)}"))
    when = values.get("date", "")
    if when:
        try:
            when = date.fromisoformat(when).isoformat()
        except ValueError:
            problems.append(Problem(name, line, "date", f"`{when}` is not a date; write "
                                    f"YYYY-MM-DD, e.g. 2026-05-01"))
    if len(problems) > before or need is None:
        return None
    return NeedEvidence(place=place or "", need=need, evidence=values["evidence"],
                        figure=values.get("figure", ""), source=values["source"], date=when)
