"""The dates on the pack's covers and in its sign-off must fit the timetable (FINDINGS R33): a
slip in the issue date's year or month fails, a late issue or sign-off warns, and a tender
without those dates is not checked at all. The rules are data (rules/dates.yaml)."""

from __future__ import annotations

from typing import Any

import pytest

from svauthor.domain.knowledge import KnowledgeBase

from .conftest import run

TIMETABLE = {"tender_published": "2027-03-01", "clarification_deadline": "2027-03-29",
             "tender_deadline": "2027-04-19", "award_notice": "2027-06-01",
             "contract_start": "2027-10-01"}
RULES = ("dates.issued-after-tender-deadline", "dates.issued-after-tender-notice",
         "dates.signed-off-after-tender-notice")


def _dates_checks(kb: KnowledgeBase, **fields: Any) -> dict[str, str]:
    a = run(kb, timetable=TIMETABLE, **fields)
    return {c.id: c.status for c in a.checks if c.id in RULES}


@pytest.mark.parametrize(("issued", "signed", "expected"), [
    ("2027-06-01", None, {RULES[0]: "fail", RULES[1]: "warn"}),  # a slip: June, not January
    ("2027-03-08", None, {RULES[1]: "warn"}),  # after the notice, before the deadline
    ("2027-03-01", "2027-02-20", {}),  # issued with the notice, signed off before it
    ("2027-02-15", "2027-03-02", {RULES[2]: "warn"}),  # signed off after publication
    (None, None, {}),  # no dates given: nothing to check
])
def test_cover_and_sign_off_dates_fit_the_timetable(kb: KnowledgeBase, issued: str | None,
                                                    signed: str | None,
                                                    expected: dict[str, str]) -> None:
    fields: dict[str, Any] = {}
    if issued:
        fields["tender"] = {"issue_date": issued}
    if signed:
        fields["sign_off"] = {"date": signed}
    assert _dates_checks(kb, **fields) == expected


def test_without_a_timetable_the_dates_are_not_compared(kb: KnowledgeBase) -> None:
    a = run(kb, tender={"issue_date": "2030-01-01"})
    assert not [c for c in a.checks if c.id in RULES]


def test_the_checks_carry_the_dates_category_and_a_source(kb: KnowledgeBase) -> None:
    a = run(kb, timetable=TIMETABLE, tender={"issue_date": "2027-06-01"})
    found = [c for c in a.checks if c.id in RULES]
    assert found and all(c.category == "dates" and c.source for c in found)
