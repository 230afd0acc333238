"""The law by the buyer's nation: Northern Ireland's bank holidays under the 2015 Regulations,
the Social Value Act and framework call-offs, and the jurisdiction notes a board can follow."""

from __future__ import annotations

from datetime import date as D
from typing import Any

import pytest

from svauthor.domain.engine import assess
from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.results import Check
from svauthor.domain.spec import TenderSpec
from svauthor.domain.timetable import is_working_day

TODAY = D(2024, 4, 1)
PCR_OPEN = {"regime": "public_contracts_regulations_2015", "procedure": "open"}


def _checks(kb: KnowledgeBase, nation: str, today: D = TODAY, **fields: Any) -> list[Check]:
    data: dict[str, Any] = {
        "title": "Fleet", "buyer": {"name": "Council", "sector": "local_authority",
                                    "nation": nation},
        "service_type": "fleet_vehicles", "value_gbp": 900_000, "duration_months": 30,
        "route": PCR_OPEN}
    data.update(fields)
    return assess(TenderSpec.model_validate(data, context={"kb": kb}), kb, today=today).checks


def _one(checks: list[Check], rule_id: str) -> Check:
    return next(c for c in checks if c.id == rule_id)


@pytest.mark.parametrize(("notice", "nation", "last_day", "entry"), [
    # Day 10 after 2 July 2024 is Friday 12 July: the Battle of the Boyne in Northern Ireland.
    ("2024-07-02", "northern_ireland", "2024-07-15", "2024-07-16"),
    ("2024-07-02", "england", "2024-07-12", "2024-07-13"),
    # Day 10 after 7 March 2025 is Monday 17 March: St Patrick's Day in Northern Ireland.
    ("2025-03-07", "northern_ireland", "2025-03-18", "2025-03-19"),
    ("2025-03-07", "wales", "2025-03-17", "2025-03-18"),
])
def test_pcr_standstill_runs_on_over_the_buyers_own_bank_holiday(
        kb: KnowledgeBase, notice: str, nation: str, last_day: str, entry: str) -> None:
    checks = _checks(kb, nation, timetable={"tender_published": "2024-05-01",
                                            "award_notice": notice})
    stand = _one(checks, "timetable.pcr_standstill")
    assert (stand.details["last_day"], stand.details["earliest_contract_entry"]) == \
        (last_day, entry)
    own = "in Northern Ireland" if nation == "northern_ireland" else "in England and Wales"
    assert f"bank holidays {'in England and Wales and ' * (nation == 'northern_ireland')}{own}" \
        in stand.message
    assert stand.details["calendar_subdivisions"] == (
        ["ENG", "NIR"] if nation == "northern_ireland" else ["ENG"])


def test_the_northern_ireland_calendar_cites_its_own_bank_holidays(kb: KnowledgeBase) -> None:
    rules = kb.timetable_rules
    regime = "public_contracts_regulations_2015"
    assert not is_working_day(D(2024, 7, 12), rules.calendar(regime, "northern_ireland"))
    assert is_working_day(D(2024, 7, 12), rules.calendar(regime, "england"))
    assert "Sch 1 para 3" in rules.calendar_rule(regime, "northern_ireland").source
    # The Procurement Act already counts every part of the UK, whatever the buyer's nation.
    assert not is_working_day(D(2027, 7, 12), rules.calendar("procurement_act_2023", "england"))
    # A deadline on the Twelfth is flagged for a Northern Ireland buyer, with the source.
    checks = _checks(kb, "northern_ireland",
                     timetable={"tender_published": "2024-06-03", "tender_deadline": "2024-07-12"})
    flagged = _one(checks, "timetable.non_working_day")
    assert "Battle of the Boyne" in flagged.message and "Sch 1 para 3" in flagged.source


def test_no_social_value_act_duty_for_a_framework_call_off(kb: KnowledgeBase) -> None:
    call_off = _checks(kb, "england", today=D(2027, 1, 4), service_type="facilities_management",
                       route={"regime": "procurement_act_2023",
                              "procedure": "framework_call_off"})
    duty = _one(call_off, "duty.social-value-act")
    assert duty.details["applies"] is False
    assert "call-off" in duty.message and "s.1(1)(a), (b)" in duty.source
    assert "SI 2025/163 reg 7" in duty.source
    open_tender = _checks(kb, "england", today=D(2027, 1, 4),
                          service_type="facilities_management",
                          route={"regime": "procurement_act_2023", "procedure": "open"})
    assert _one(open_tender, "duty.social-value-act").details["applies"] is True


@pytest.mark.parametrize(("nation", "devolved", "cite", "words"), [
    ("wales", True, "s.111", "devolved Welsh authority is a contracting authority"),
    ("northern_ireland", True, "s.112", "transferred Northern Ireland authority"),
    ("scotland", False, "s.2(5)(a)", "not a devolved Scottish authority"),
])
def test_the_regime_verdict_says_on_what_terms_a_devolved_buyer_is_under_the_act(
        kb: KnowledgeBase, nation: str, devolved: bool, cite: str, words: str) -> None:
    checks = _checks(kb, nation, today=D(2027, 1, 4),
                     buyer={"name": "B", "sector": "local_authority", "nation": nation,
                            "devolved_authority": devolved},
                     route={"regime": "procurement_act_2023", "procedure": "open"})
    verdict = _one(checks, "regime.applies")
    assert verdict.status == "pass" and cite in verdict.source and words in verdict.message


@pytest.mark.parametrize(("deadline", "words"), [
    ("2027-12-24", "none of them a bank holiday"),    # Friday 24 December: Christmas Eve only
    ("2027-03-29", "2 of them bank holidays"),         # Good Friday and Easter Monday
])
def test_the_holiday_span_warning_counts_bank_holidays_in_plain_words(
        kb: KnowledgeBase, deadline: str, words: str) -> None:
    checks = _checks(kb, "england", today=D(2027, 1, 4),
                     route={"regime": "procurement_act_2023", "procedure": "open"},
                     timetable={"tender_published": "2027-11-08" if deadline > "2027-06-01"
                                else "2027-02-15", "tender_deadline": deadline})
    span = _one(checks, "timetable.holiday_span")
    assert span.status == "warn" and words in span.message, span.message
