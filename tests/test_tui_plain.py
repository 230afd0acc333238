"""Plain English on screen: no rule ids, spec keys, "seed" or "UNCONFIRMED" in what the app shows
of any shipped example's checks and reasons (the data and the record keep the originals)."""

from __future__ import annotations

import re

import pytest

from svauthor.domain.engine import assess
from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.specfile import load_spec
from svauthor.tui.widgets.checks import checks_markup, reasons_markup

from .conftest import EXAMPLES, TODAY

TOOL_WORDS = re.compile(r"\bseed\b|UNCONFIRMED|`|\bminimum 0%|SVAUTHOR_TODAY|--today", re.I)


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_screens_read_as_plain_english(kb: KnowledgeBase, example: str) -> None:
    a = assess(load_spec(EXAMPLES / example, kb), kb, today=TODAY)
    reasons = [*a.band.reasons, *a.weighting.reasons, *a.vcfse_suitable.reasons,
               *a.carbon_reduction_plan.reasons,
               *(r for m in a.measures for r in m.reasons),
               *(r for q in a.questions for r in q.reasons)]
    shown = checks_markup(a.checks) + "\n" + reasons_markup(reasons)
    assert not TOOL_WORDS.findall(shown), sorted(set(TOOL_WORDS.findall(shown)))
    ids = {c.id for c in a.checks} | {r.rule for r in reasons}
    assert not [i for i in ids if "." in i and i in shown]  # dotted rule ids, not band names
    assert "Towards a Social Value Economy" in shown  # the report named, not "seed"


def test_counts_say_one_field_or_two_fields() -> None:
    from svauthor.tui.labels import count

    assert [count(n, "field") for n in (0, 1, 2)] == ["0 fields", "1 field", "2 fields"]
    assert count(2, "person", "people") == "2 people"
