"""One vocabulary: every face shows a sector, a status, a verdict or a date in the same words,
because every face takes them from `svauthor.labels` and none keeps a copy of its own."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import get_args

from svauthor import labels
from svauthor.domain.results import CheckStatus, MeasureStatus
from svauthor.domain.spec import Sector, Timetable

PACKAGE = Path(labels.__file__).resolve().parent
TABLES = {"SECTORS": labels.SECTORS, "STATUSES": labels.STATUSES, "VERDICTS": labels.VERDICTS,
          "VERDICT_MARKS": labels.VERDICT_MARKS, "DATES": labels.DATES,
          "DATES_FOR_BIDDERS": labels.DATES_FOR_BIDDERS}


def test_the_labels_cover_exactly_the_codes_the_engine_defines() -> None:
    assert set(labels.SECTORS) == set(get_args(Sector))
    assert set(labels.STATUSES) == set(get_args(MeasureStatus))
    assert set(labels.VERDICTS) == set(labels.VERDICT_MARKS) == set(get_args(CheckStatus))
    assert list(labels.DATES) == list(Timetable.model_fields)  # in the timetable's own order
    assert list(labels.DATES_FOR_BIDDERS) == list(labels.DATES)


def test_each_face_uses_the_one_set() -> None:
    from svauthor import textreport
    from svauthor.docs import documents
    from svauthor.pipeline import summary
    from svauthor.tui import labels as app_labels
    from svauthor.tui.steps import measures
    from svauthor.tui.widgets import checks

    assert app_labels.SECTORS is labels.SECTORS and app_labels.STATUSES is labels.STATUSES
    assert app_labels.DATES is labels.DATES and app_labels.label is labels.label
    assert documents.SECTOR is labels.SECTORS and documents.VERDICT is labels.VERDICTS
    assert textreport.MARK is labels.VERDICT_MARKS
    assert {k: summary.STATUS_WORD[k] for k in labels.VERDICTS} == labels.VERDICTS
    assert all(f" {word}[/]" in checks.MARKS[status]
               for status, word in labels.VERDICT_MARKS.items())
    assert [(w, s) for w, s in measures.STATUS_FILTERS if s in labels.STATUSES] == [
        (w, s) for s, w in labels.STATUSES.items()]


def _string_constants(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def test_no_face_spells_a_label_out_for_itself() -> None:
    """The words appear as literals only in svauthor/labels.py: a copy elsewhere would drift."""
    words = {word for table in TABLES.values() for word in table.values()}
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "labels.py" and path.parent == PACKAGE:
            continue
        if "_data" in path.relative_to(PACKAGE).parts:
            continue
        copies = _string_constants(path) & words
        if copies:
            found[str(path.relative_to(PACKAGE))] = sorted(copies)
    assert not found, found


def test_a_code_without_a_label_reads_as_words() -> None:
    assert labels.label(labels.SECTORS, "nhs") == "NHS"
    assert labels.label(labels.SECTORS, "arms_length_body") == "arms length body"
