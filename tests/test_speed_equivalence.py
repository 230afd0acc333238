"""The speed-ups give the same answers as the plain code they replace, on thousands of cases.

Each shortcut (a guessed start for the latest-date search, the standstill's entry date without
its explanation, rule selections remembered per rule set, cheap question membership, the
condition matcher's fast path) is checked against the straightforward version, kept here as the
reference, on seeded random cases, so a failure names the case and can be replayed.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from svauthor.domain.conditions import _SCALAR_OPS, matches
from svauthor.domain.framework import Framework
from svauthor.domain.knowledge import KnowledgeBase, load_knowledge
from svauthor.domain.rules import MeasureRule
from svauthor.domain.spec import TenderSpec
from svauthor.domain.timetable.calendar import SEARCH_LIMIT_DAYS, latest
from svauthor.domain.timetable.checks import latest_award_notice, latest_clarification
from svauthor.domain.timetable.model import TimetableRules
from svauthor.domain.timetable.periods import timetable_facts
from svauthor.domain.timetable.standstill import earliest_entry, entry_after, standstill

FLAGS = ("electronic_submission", "documents_with_notice", "urgency", "light_touch",
         "pre_selected_suppliers", "agreed_tender_period", "dynamic_market",
         "electronic_notification", "representations_received")
SECTORS = ("local_authority", "nhs", "central_government", "other_public")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


def _day(rng: random.Random) -> date:
    return date(2025, 1, 1) + timedelta(days=rng.randrange(6 * 366))


def _specs(rules: TimetableRules, rng: random.Random, n: int) -> list[TenderSpec]:
    """Valid specs over every regime and procedure with random route facts and sectors."""
    routes = [(r, p) for r, regime in rules.regimes.items() for p in regime.procedures]
    found: list[TenderSpec] = []
    while len(found) < n:
        regime, procedure = rng.choice(routes)
        route: dict[str, Any] = {"regime": regime, "procedure": procedure}
        route.update({f: rng.random() < 0.3 for f in FLAGS})
        try:
            found.append(TenderSpec.model_validate({
                "title": "T", "buyer": {"name": "B", "sector": rng.choice(SECTORS)},
                "service_type": "community_support", "value_gbp": rng.randrange(10**4, 10**8),
                "duration_months": 24, "route": route}))
        except ValidationError:
            continue  # a combination the route does not allow
    return found


# --------------------------------------------------------------------------- the latest-date search


def _reference_latest(start: date, ok: Callable[[date], bool]) -> date | None:
    """Walk back one day at a time (the original search): None when nothing in the window."""
    for back in range(SEARCH_LIMIT_DAYS):
        day = start - timedelta(days=back)
        if ok(day):
            return day
    return None


def test_latest_with_any_guess_finds_what_the_plain_search_finds() -> None:
    rng = random.Random(20261127)
    start = date(2027, 6, 30)
    for case in range(3000):
        answer = start - timedelta(days=rng.randrange(-5, SEARCH_LIMIT_DAYS + 40))
        calls: list[date] = []

        def ok(d: date, answer: date = answer, calls: list[date] = calls) -> bool:
            calls.append(d)
            return d <= answer

        guess = rng.choice([None, answer, answer + timedelta(days=rng.randrange(-60, 60)),
                            start - timedelta(days=rng.randrange(-3, SEARCH_LIMIT_DAYS + 5))])
        expected = _reference_latest(start, ok)
        if expected is None:
            with pytest.raises(ValueError, match="could not find"):
                latest(start, ok, "test date", guess)
        else:
            assert latest(start, ok, "test date", guess) == expected, (case, answer, guess)
            assert latest(start, ok, "test date") == expected
        if guess == answer and expected is not None and answer < start:
            calls.clear()
            latest(start, ok, "test date", guess)
            assert len(calls) <= 3, calls  # an exact guess is confirmed, not searched for


def test_latest_award_notice_and_clarification_do_not_depend_on_the_guess(
        kb: KnowledgeBase) -> None:
    rules = kb.timetable_rules
    rng = random.Random(7)
    for case, spec in enumerate(_specs(rules, rng, 400)):
        cal = rules.calendar(spec.route.regime, spec.buyer.nation)
        start, need = _day(rng), rng.randrange(0, 40)
        guess = start - timedelta(days=rng.randrange(-10, 120))
        plain = latest_award_notice(spec, rules, start, need, cal)
        assert latest_award_notice(spec, rules, start, need, cal, guess) == plain, case
        deadline = _day(rng)
        assert (latest_clarification(deadline, need, cal, guess)
                == latest_clarification(deadline, need, cal)), case


def test_entry_after_is_the_standstill_entry_date(kb: KnowledgeBase) -> None:
    rules = kb.timetable_rules
    rng = random.Random(11)
    for case, spec in enumerate(_specs(rules, rng, 2000)):
        facts = timetable_facts(spec, rules)
        notice = _day(rng)
        expected = earliest_entry(spec, rules, notice, standstill(spec, rules, notice, facts))
        assert entry_after(spec, rules, notice, facts) == expected, (case, spec.route, notice)


# --------------------------------------------------------------------------- rules and questions


def _reference_selected(rule: MeasureRule, fw: Framework) -> list[str]:
    """The per-row selection as it was: the rule's list, then every matching measure."""
    refs = list(rule.measures)
    for m in fw.measures:
        if m.ref in refs:
            continue
        if (m.outcome in rule.outcomes or fw.theme_of(m).id in rule.themes
                or set(m.tags) & set(rule.tags)):
            refs.append(m.ref)
    return refs


def test_remembered_rule_selections_match_the_per_row_selection(kb: KnowledgeBase) -> None:
    fw = kb.framework
    assert kb.rules.measure_rules
    for rule in kb.rules.measure_rules:
        expected = _reference_selected(rule, fw)
        assert list(fw.select(rule.measures, rule.outcomes, rule.themes, rule.tags)) == expected
        assert list(fw.select(rule.measures, rule.outcomes, rule.themes, rule.tags)) == expected


def _reference_matches(cond: Mapping[str, Any] | None, facts: Mapping[str, Any]) -> bool:
    """The condition matcher before its fast path."""
    if not cond:
        return True
    for key, test in cond.items():
        if key == "any":
            if not any(_reference_matches(sub, facts) for sub in test):
                return False
        elif key == "all":
            if not all(_reference_matches(sub, facts) for sub in test):
                return False
        elif key == "not":
            if _reference_matches(test, facts):
                return False
        elif isinstance(test, Mapping):
            value = facts.get(key)
            for op, operand in test.items():
                if isinstance(value, date) and isinstance(operand, str):
                    operand = date.fromisoformat(operand)
                if not _SCALAR_OPS[op](value, operand):
                    return False
        elif facts.get(key) != test:
            return False
    return True


def test_condition_matching_agrees_with_the_reference_on_every_rule(kb: KnowledgeBase) -> None:
    from svauthor.domain.engine import facts_for

    rng = random.Random(3)
    conditions = [r.when for r in kb.rules.measure_rules + kb.rules.check_rules]
    conditions += [q.ask_when for q in kb.questions if q.ask_when]
    assert len(conditions) > 50
    for spec in _specs(kb.timetable_rules, rng, 60):
        facts = facts_for(spec, kb, _day(rng))
        facts["band"] = rng.choice([b.id for b in kb.rules.bands])
        facts["vcfse_suitable"] = rng.random() < 0.5
        for cond in conditions:
            assert matches(cond, facts) == _reference_matches(cond, facts), (cond, facts)


# The Word writers' own XML escaping (svauthor.docs.xmltext) against the standard library's.
_AWKWARD = "&<>\"' \n\r\t£é–—“”‘’\u00a0𝔘x]]>--"


@pytest.mark.parametrize("seed", range(3))
def test_xml_escaping_means_what_the_standard_librarys_does(seed: int) -> None:
    """Character data is escaped exactly as `xml.sax.saxutils.escape` does; an attribute may
    be quoted differently, but an XML parser reads back the same value from both."""
    from xml.sax.saxutils import escape as sax_escape
    from xml.sax.saxutils import quoteattr as sax_quoteattr

    from lxml import etree

    from svauthor.docs.xmltext import drop_invalid, escape, quoteattr

    rng = random.Random(seed)
    alphabet = _AWKWARD + "abc\x00\x0b\x1f\ufffe"
    for _ in range(400):
        text = drop_invalid("".join(rng.choice(alphabet) for _ in range(rng.randrange(12))))
        assert not any(c in text for c in "\x00\x0b\x1f\ufffe")
        assert escape(text) == sax_escape(text)
        ours = etree.fromstring(f"<a v={quoteattr(text)}/>".encode()).get("v")
        theirs = etree.fromstring(f"<a v={sax_quoteattr(text)}/>".encode()).get("v")
        assert ours == theirs == text
