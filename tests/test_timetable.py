"""Timetable rules pinned at their boundaries with real dates.

Every expected date below was worked out by hand from the statute (PA23 s.51/s.54/s.123,
PSR reg 12, PCR 2015 regs 2, 27, 28, 87) and a calendar, not read back from the code.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.results import Check, TimetableResult
from svauthor.domain.spec import TenderSpec
from svauthor.domain.timetable import (
    TimetableRules,
    add_working_days,
    assess_timetable,
    easter_sunday,
    fmt_date,
    is_working_day,
    suggest_timetable,
    uk_holidays,
    working_days_between,
)
from svauthor.yamlio import load_yaml

RULES_FILE = Path(__file__).resolve().parents[1] / "rules" / "timetable.yaml"
REGIMES_FILE = Path(__file__).resolve().parents[1] / "rules" / "law" / "regimes.yaml"
UK = ("ENG", "WLS", "SCT", "NIR")
ENG = ("ENG",)
D = date


@pytest.fixture(scope="module")
def rules(kb: KnowledgeBase) -> TimetableRules:
    return kb.timetable_rules


def make(route: dict[str, Any] | None = None, /, *, sector: str = "local_authority",
         **dates: str) -> TenderSpec:
    return TenderSpec.model_validate({
        "title": "T", "buyer": {"name": "B", "sector": sector},
        "service_type": "community_support", "value_gbp": 500000, "duration_months": 24,
        "route": route or {}, "timetable": dates,
    })


def assess(rules: TimetableRules, spec: TenderSpec, vcfse: bool = False) -> TimetableResult:
    return assess_timetable(spec, vcfse_suitable=vcfse, rules=rules)


def check(result: TimetableResult, rule_id: str) -> Check:
    found = [c for c in result.checks if c.id == rule_id]
    assert len(found) == 1, f"expected one {rule_id} check, got {[c.id for c in result.checks]}"
    return found[0]


def ids(result: TimetableResult) -> set[str]:
    return {c.id for c in result.checks}


PSR = {"regime": "provider_selection_regime", "procedure": "competitive_process"}
PCR_OPEN = {"regime": "public_contracts_regulations_2015", "procedure": "open"}


# ----------------------------------------------------------------- the rules file and calendars


def test_rules_file_loads_through_the_safe_reader(rules: TimetableRules) -> None:
    assert rules.vcfse_window.min_calendar_days == 42
    pa23 = rules.regime("procurement_act_2023").standstill
    assert pa23 is not None and pa23.days[-1].days == 8
    assert rules.calendar("procurement_act_2023", None).subdivs == UK
    assert rules.calendar("provider_selection_regime", None).subdivs == ENG
    pcr = rules.regime("public_contracts_regulations_2015").standstill
    assert pcr is not None and pcr.days[-1].days == 10


def test_every_check_id_comes_from_the_rules_file(rules: TimetableRules) -> None:
    yaml_text = RULES_FILE.read_text() + REGIMES_FILE.read_text()
    dates = {"tender_published": "2026-12-01", "clarification_deadline": "2027-01-05",
             "tender_deadline": "2027-01-15", "award_notice": "2027-02-15",
             "contract_start": "2027-03-01", "planned_procurement_notice": "2026-10-01"}
    for route in ({}, PSR, PCR_OPEN, {"light_touch": True}):
        result = assess(rules, make(route, **dates), True)
        for c in result.checks:
            assert f"id: {c.id}\n" in yaml_text
            assert c.source and c.message


def test_holidays_are_taken_per_subdivision_and_unioned() -> None:
    # Without subdiv the package gives only the common holidays; we must get each nation's own.
    assert D(2026, 4, 6) in uk_holidays(["ENG"], 2026)          # Easter Monday (not Scotland)
    assert D(2026, 11, 30) in uk_holidays(UK, 2026)             # St Andrew's Day (Scotland)
    assert D(2026, 11, 30) not in uk_holidays(ENG, 2026)
    assert D(2027, 3, 17) in uk_holidays(UK, 2027)              # St Patrick's Day (NI)
    assert D(2025, 7, 14) in uk_holidays(["NIR"], 2025)         # Boyne, Saturday 12th observed
    assert D(2027, 1, 4) in uk_holidays(["SCT"], 2027)          # 2 Jan falls on a Saturday
    with pytest.raises(ValueError):
        uk_holidays(["GB"], 2026)
    with pytest.raises(ValueError):
        uk_holidays([], 2026)


def test_proclaimed_one_off_scottish_holiday_counts_under_pa23_only() -> None:
    # Monday 15 June 2026 was proclaimed a Scottish bank holiday (BFDA 1971 s.1(3)), so it is not
    # a PA23 working day (s.123: any part of the UK) but is one in England-only counts.
    assert working_days_between(D(2026, 6, 12), D(2026, 6, 16), UK) == 1
    assert working_days_between(D(2026, 6, 12), D(2026, 6, 16), ENG) == 2


def test_rules_file_errors_point_at_the_entry(rules: TimetableRules) -> None:
    data = load_yaml(RULES_FILE).data
    bad = {**data, "vcfse_window": {**data["vcfse_window"], "min_days": 42}}
    with pytest.raises(ValidationError) as err:
        TimetableRules.model_validate(bad)
    assert {e["loc"][0] for e in err.value.errors()} == {"vcfse_window"}
    with pytest.raises(ValueError, match="unknown regime"):
        rules.calendar("provider_selection", None)
    clash = {**data, "mobilisation": {**data["mobilisation"], "id": "timetable.order"}}
    with pytest.raises(ValidationError, match="already used"):
        TimetableRules.model_validate(clash)


def test_boxing_day_2026_is_observed_on_monday_28_december() -> None:
    assert D(2026, 12, 26).weekday() == 5  # Saturday
    assert D(2026, 12, 28) in uk_holidays(ENG, 2026)
    assert not is_working_day(D(2026, 12, 28), ENG)
    assert is_working_day(D(2026, 12, 29), UK)


@pytest.mark.parametrize("year", range(2025, 2031))
def test_england_list_holds_every_psr_named_public_holiday(year: int) -> None:
    # PSR reg 12(12): Christmas Day, Good Friday, first Monday in May, and E&W bank holidays.
    eng = uk_holidays(ENG, year)
    first_may_monday = next(D(year, 5, d) for d in range(1, 8) if D(year, 5, d).weekday() == 0)
    assert D(year, 12, 25) in eng
    assert easter_sunday(year) - timedelta(days=2) in eng
    assert first_may_monday in eng


def test_easter_sunday_matches_known_dates() -> None:
    assert easter_sunday(2026) == D(2026, 4, 5)
    assert easter_sunday(2027) == D(2027, 3, 28)
    assert easter_sunday(2025) == D(2025, 4, 20)


def test_dates_read_like_27_november_2026() -> None:
    assert fmt_date(D(2026, 11, 27)) == "27 November 2026"
    assert fmt_date(D(2027, 3, 1)) == "1 March 2027"


def test_working_day_arithmetic_counts_after_the_start() -> None:
    # Mon 7 July 2025: 7,8,9,10,11 (5), Mon 14 is NI's Boyne holiday, 15 (6), 16 (7), 17 (8).
    assert add_working_days(D(2025, 7, 6), 8, UK) == D(2025, 7, 17)
    assert add_working_days(D(2025, 7, 6), 8, ENG) == D(2025, 7, 16)
    assert working_days_between(D(2025, 7, 6), D(2025, 7, 16), UK) == 7
    assert working_days_between(D(2025, 7, 6), D(2025, 7, 17), UK) == 8
    assert working_days_between(D(2025, 7, 17), D(2025, 7, 6), UK) == 0
    assert add_working_days(D(2025, 7, 6), 0, UK) == D(2025, 7, 6)


# ----------------------------------------------------------------- six-week VCFSE window


def test_vcfse_window_41_days_fails_with_the_fix(rules: TimetableRules) -> None:
    result = assess(rules, make(tender_published="2027-03-01", tender_deadline="2027-04-11"), True)
    c = check(result, "timetable.vcfse_window")
    assert c.status == "fail"
    assert c.message == (
        "The tender is open for 41 days (1 March 2027 to 11 April 2027); the six-week minimum for "
        "tenders that suit VCFSE organisations is 42 days. Publish by Friday 26 February 2027 "
        "or set the deadline on or after Monday 12 April 2027."
    )
    assert result.dates["tender_window_days"] == 41
    assert "section 8.2" in c.source and "UNCONFIRMED" in c.source


def test_vcfse_window_42_days_passes(rules: TimetableRules) -> None:
    result = assess(rules, make(tender_published="2027-03-01", tender_deadline="2027-04-12"), True)
    assert check(result, "timetable.vcfse_window").status == "pass"
    assert result.dates["tender_window_days"] == 42


def test_vcfse_window_only_for_vcfse_suitable_tenders(rules: TimetableRules) -> None:
    result = assess(rules, make(tender_published="2027-03-01", tender_deadline="2027-04-11"))
    assert "timetable.vcfse_window" not in ids(result)


# ----------------------------------------------------------------- PA23 s.54 tendering period


def test_pa23_electronic_with_documents_25_days_boundary(rules: TimetableRules) -> None:
    ok = assess(rules, make(tender_published="2027-03-01", tender_deadline="2027-03-26"))
    short = assess(rules, make(tender_published="2027-03-01", tender_deadline="2027-03-25"))
    assert check(ok, "timetable.pa23_tendering_period").status == "pass"
    c = check(short, "timetable.pa23_tendering_period")
    assert c.status == "fail"
    assert "open for 24 days" in c.message and "25 days" in c.message
    assert "on or after 26 March 2027" in c.message and "publish by 28 February 2027" in c.message
    assert short.dates["statutory_minimum_days"] == 25
    assert "electronically" in short.dates["statutory_minimum_basis"]


def test_pa23_paper_documents_later_35_days(rules: TimetableRules) -> None:
    route = {"electronic_submission": False, "documents_with_notice": False}
    ok = assess(rules, make(route, tender_published="2027-03-01", tender_deadline="2027-04-05"))
    short = assess(rules, make(route, tender_published="2027-03-01", tender_deadline="2027-04-04"))
    assert ok.dates["statutory_minimum_days"] == 35
    assert check(ok, "timetable.pa23_tendering_period").status == "pass"
    assert check(short, "timetable.pa23_tendering_period").status == "fail"


def test_pa23_shortest_minimum_among_several_circumstances(rules: TimetableRules) -> None:
    # A dynamic market award runs as a competitive flexible procedure (s.34), never an open one.
    route = {"procedure": "competitive_flexible", "urgency": True, "dynamic_market": True,
             "electronic_submission": False}
    result = assess(rules, make(route, tender_published="2027-03-01", tender_deadline="2027-03-11"))
    assert result.dates["statutory_minimum_days"] == 10
    c = check(result, "timetable.pa23_tendering_period")
    assert c.status == "pass"
    applied = {row["circumstance"]: row["days"] for row in c.details["circumstances"]}
    assert applied == {"urgency": 10, "dynamic_market": 10, "paper_with_documents": 30}
    short = assess(rules, make(route, tender_published="2027-03-01", tender_deadline="2027-03-10"))
    assert check(short, "timetable.pa23_tendering_period").status == "fail"


def test_pa23_pre_selected_suppliers_depends_on_central_government(rules: TimetableRules) -> None:
    route = {"procedure": "competitive_flexible", "pre_selected_suppliers": True}
    dates = {"tender_published": "2027-03-01", "tender_deadline": "2027-03-11"}
    council = assess(rules, make(route, **dates))
    nhs_trust = assess(rules, make(route, sector="nhs", **dates))
    assert council.dates["statutory_minimum_days"] == 10
    assert nhs_trust.dates["statutory_minimum_days"] == 25  # NHS trusts are central government
    assert check(nhs_trust, "timetable.pa23_tendering_period").status == "fail"


def test_pa23_agreed_period_with_pre_selected_suppliers_has_no_minimum(
    rules: TimetableRules,
) -> None:
    route = {"procedure": "competitive_flexible", "pre_selected_suppliers": True,
             "agreed_tender_period": True}
    result = assess(rules, make(route, tender_published="2027-03-01", tender_deadline="2027-03-06"))
    assert result.dates["statutory_minimum_days"] is None
    assert check(result, "timetable.pa23_tendering_period").status == "pass"
    assert check(result, "timetable.reasonable_period").status == "warn"


def test_pa23_light_touch_has_no_minimum_but_warns_below_best_practice(
    rules: TimetableRules,
) -> None:
    route = {"light_touch": True}
    short = assess(rules, make(route, tender_published="2027-03-01", tender_deadline="2027-03-25"))
    ok = assess(rules, make(route, tender_published="2027-03-01", tender_deadline="2027-03-26"))
    assert short.dates["statutory_minimum_days"] is None
    assert check(short, "timetable.pa23_tendering_period").status == "pass"
    warn = check(short, "timetable.reasonable_period")
    assert warn.status == "warn" and "25 days" in warn.message
    assert "best-practice" in warn.source
    assert check(ok, "timetable.reasonable_period").status == "pass"


# ----------------------------------------------------------------- planned procurement notice


@pytest.mark.parametrize(("notice", "qualifies", "minimum"), [
    ("2027-01-20", True, 10),   # 11 + 28 + 1 = 40 days before 1 March 2027
    ("2027-01-21", False, 25),  # 39 days: too late
    ("2026-03-01", True, 10),   # exactly 12 months before
    ("2026-02-28", False, 25),  # 12 months and 1 day before
])
def test_qualifying_planned_procurement_notice_window(
    rules: TimetableRules, notice: str, qualifies: bool, minimum: int
) -> None:
    result = assess(rules, make(planned_procurement_notice=notice, tender_published="2027-03-01",
                                tender_deadline="2027-03-11"))
    assert result.dates["planned_notice_qualifies"] is qualifies
    assert result.dates["statutory_minimum_days"] == minimum
    # A notice that does not qualify fails when the timetable relies on it (11 days < 25).
    assert check(result, "timetable.planned_notice").status == ("pass" if qualifies else "fail")
    assert check(result, "timetable.pa23_tendering_period").status == (
        "pass" if qualifies else "fail")


def test_planned_notice_39_days_says_why_it_does_not_qualify(rules: TimetableRules) -> None:
    result = assess(rules, make(planned_procurement_notice="2027-01-21",
                                tender_published="2027-03-01", tender_deadline="2027-04-12"))
    c = check(result, "timetable.planned_notice")
    assert "39 days before" in c.message and "at least 40 days" in c.message
    assert "by 20 January 2027" in c.message and "s.15(3)" in c.source


def test_qualifying_notice_10_day_boundary(rules: TimetableRules) -> None:
    base = {"planned_procurement_notice": "2027-01-20", "tender_published": "2027-03-01"}
    ok = assess(rules, make(tender_deadline="2027-03-11", **base))
    short = assess(rules, make(tender_deadline="2027-03-10", **base))
    assert check(ok, "timetable.pa23_tendering_period").status == "pass"
    assert check(short, "timetable.pa23_tendering_period").status == "fail"


# ----------------------------------------------------------------- PA23 standstill (s.51)


def test_pa23_standstill_skips_northern_ireland_boyne_holiday(rules: TimetableRules) -> None:
    # Reference example: CAN Mon 7 July 2025 -> last day Thu 17 July 2025 (14 July excluded).
    result = assess(rules, make(award_notice="2025-07-07", contract_start="2025-08-18"))
    assert result.dates["standstill_last_day"] == "2025-07-17"
    assert result.dates["earliest_contract_entry"] == "2025-07-18"
    assert result.dates["standstill_working_days"] == 8
    c = check(result, "timetable.pa23_standstill")
    assert "14 July 2025" in c.message and "Northern Ireland" in c.message


def test_pa23_contract_start_after_7_working_days_fails_after_8_does_not(
    rules: TimetableRules,
) -> None:
    seven = assess(rules, make(award_notice="2025-07-07", contract_start="2025-07-17"))
    eight = assess(rules, make(award_notice="2025-07-07", contract_start="2025-07-18"))
    fail = check(seven, "timetable.mobilisation")
    assert fail.status == "fail"
    assert "18 July 2025" in fail.message and "17 July 2025" in fail.message
    assert "Procurement Act 2023 s.51" in fail.source
    assert check(eight, "timetable.mobilisation").status == "warn"  # legal, but no mobilisation


def test_pa23_standstill_counts_from_next_working_day_when_notice_on_weekend(
    rules: TimetableRules,
) -> None:
    # Sat 6 March 2027: count starts Mon 8: 8,9,10,11,12 (5), 15,16 (7), 17 St Patrick's, 18 (8).
    result = assess(rules, make(award_notice="2027-03-06", contract_start="2027-05-03"))
    assert result.dates["standstill_first_day"] == "2027-03-08"
    assert result.dates["standstill_last_day"] == "2027-03-18"


def test_pa23_standstill_over_st_andrews_day_vs_psr(rules: TimetableRules) -> None:
    # PA23, Wed 25 Nov 2026: 25,26,27 (3), Mon 30 Nov St Andrew's (Scotland) skipped,
    # 1,2,3,4 Dec (7), Mon 7 Dec (8).
    pa23 = assess(rules, make(award_notice="2026-11-25", contract_start="2027-02-01"))
    assert pa23.dates["standstill_last_day"] == "2026-12-07"
    # PSR, same notice: begins Thu 26; 8 working days after: 27 (1), Mon 30 counts in England (2),
    # 1-4 Dec (6), 7 (7), Tue 8 Dec (8). Skipping St Andrew's would have given 9 December.
    psr = assess(rules, make({**PSR}, award_notice="2026-11-25", contract_start="2027-02-01"))
    assert psr.dates["standstill_first_day"] == "2026-11-26"
    assert psr.dates["standstill_last_day"] == "2026-12-08"
    assert psr.dates["earliest_contract_entry"] == "2026-12-09"


def test_pa23_standstill_over_st_patricks_day_vs_psr_over_easter(rules: TimetableRules) -> None:
    # PA23, Mon 15 Mar 2027: 15,16 (2), Wed 17 St Patrick's (NI) skipped, 18,19 (4),
    # 22,23,24,25 (8) -> Thu 25 March 2027.
    pa23 = assess(rules, make(award_notice="2027-03-15", contract_start="2027-05-04"))
    assert pa23.dates["standstill_last_day"] == "2027-03-25"
    # PSR, same notice: begins Tue 16; after it: 17 counts in England (1), 18,19 (3),
    # 22-25 (7), Good Friday 26 and Easter Monday 29 skipped, Tue 30 (8).
    psr = assess(rules, make({**PSR}, award_notice="2027-03-15", contract_start="2027-05-04"))
    assert psr.dates["standstill_last_day"] == "2027-03-30"
    assert psr.dates["earliest_contract_entry"] == "2027-03-31"


def test_standstills_across_christmas_2026(rules: TimetableRules) -> None:
    # PA23, Mon 21 Dec 2026: 21-24 (4); 25 Dec, Mon 28 Dec (Boxing Day observed) skipped;
    # 29,30,31 (7); 1 Jan skipped; Mon 4 Jan (Scotland, 2 Jan observed) skipped; Tue 5 Jan (8).
    pa23 = assess(rules, make(award_notice="2026-12-21", contract_start="2027-03-01"))
    assert pa23.dates["standstill_last_day"] == "2027-01-05"
    assert pa23.dates["earliest_contract_entry"] == "2027-01-06"
    # PSR: begins Tue 22; 23,24 (2); 25, 28 skipped; 29,30,31 (5); 1 Jan skipped;
    # 4,5,6 Jan (8) -> Wed 6 January 2027.
    psr = assess(rules, make({**PSR}, award_notice="2026-12-21", contract_start="2027-03-01"))
    assert psr.dates["standstill_last_day"] == "2027-01-06"
    # PCR: Wed 16 Dec + 10 = Sat 26 Dec; Sun 27 and Mon 28 (observed) are not working days,
    # so it runs on to Tue 29 December 2026.
    pcr = assess(rules, make(PCR_OPEN, award_notice="2026-12-16", contract_start="2027-03-01"))
    assert pcr.dates["standstill_last_day"] == "2026-12-29"
    assert pcr.dates["earliest_contract_entry"] == "2026-12-30"


def test_standstills_across_easter_2027(rules: TimetableRules) -> None:
    # PA23, Mon 22 Mar 2027: 22-25 (4); Good Friday 26 and Easter Monday 29 skipped;
    # 30, 31 Mar, 1, 2 Apr (8) -> Fri 2 April 2027.
    pa23 = assess(rules, make(award_notice="2027-03-22", contract_start="2027-06-01"))
    assert pa23.dates["standstill_last_day"] == "2027-04-02"
    # PCR: Tue 16 Mar + 10 = Fri 26 Mar (Good Friday); Mon 29 is Easter Monday -> Tue 30 March.
    pcr = assess(rules, make(PCR_OPEN, award_notice="2027-03-16", contract_start="2027-06-01"))
    assert pcr.dates["standstill_last_day"] == "2027-03-30"
    assert "runs on" in check(pcr, "timetable.pcr_standstill").message


def test_pcr_standstill_ending_at_a_weekend_is_extended(rules: TimetableRules) -> None:
    # Wed 3 Mar 2027 + 10 = Sat 13 Mar -> Mon 15 Mar; Mon 1 Mar + 10 = Thu 11 Mar (no change).
    weekend = assess(rules, make(PCR_OPEN, award_notice="2027-03-03", contract_start="2027-05-04"))
    weekday = assess(rules, make(PCR_OPEN, award_notice="2027-03-01", contract_start="2027-05-04"))
    assert weekend.dates["standstill_last_day"] == "2027-03-15"
    assert weekend.dates["earliest_contract_entry"] == "2027-03-16"
    assert weekday.dates["standstill_last_day"] == "2027-03-11"
    assert weekday.dates["standstill_calendar_days"] == 10


@pytest.mark.parametrize(("route", "required"), [
    ({"light_touch": True}, False),
    ({"procedure": "framework_call_off"}, False),
    ({"procedure": "direct_award", "urgency": True}, False),
    ({"procedure": "direct_award"}, True),  # other direct awards still need a standstill
    ({"procedure": "competitive_flexible", "dynamic_market": True}, False),
    ({}, True),
])
def test_pa23_standstill_exemptions(rules: TimetableRules, route: dict[str, Any],
                                    required: bool) -> None:
    result = assess(rules, make(route, award_notice="2025-07-07", contract_start="2025-09-01"))
    assert result.dates["standstill_required"] is required
    c = check(result, "timetable.pa23_standstill")
    if not required:
        assert "not mandatory" in c.message and "8 working days" in c.message
        assert result.dates["earliest_contract_entry"] == "2025-07-07"


def test_psr_direct_award_a_has_no_standstill(rules: TimetableRules) -> None:
    route = {"regime": "provider_selection_regime", "procedure": "direct_award_a"}
    result = assess(rules, make(route, award_notice="2027-03-01", contract_start="2027-04-01"))
    assert result.dates["standstill_required"] is False
    assert result.dates["earliest_contract_entry"] == "2027-03-01"
    assert "timetable.missing_dates" in ids(result)
    assert check(result, "timetable.missing_dates").status == "pass"  # no tender dates needed


# ----------------------------------------------------------------- PCR 2015 tender minimums


def test_pcr_open_minimums(rules: TimetableRules) -> None:
    dates = {"tender_published": "2027-03-01"}
    e_ok = assess(rules, make(PCR_OPEN, tender_deadline="2027-03-31", **dates))
    e_short = assess(rules, make(PCR_OPEN, tender_deadline="2027-03-30", **dates))
    paper = assess(rules, make({**PCR_OPEN, "electronic_submission": False},
                               tender_deadline="2027-03-31", **dates))
    assert e_ok.dates["statutory_minimum_days"] == 30
    assert check(e_ok, "timetable.pcr_tendering_period").status == "pass"
    assert check(e_short, "timetable.pcr_tendering_period").status == "fail"
    assert paper.dates["statutory_minimum_days"] == 35
    assert check(paper, "timetable.pcr_tendering_period").status == "fail"


def test_pcr_prior_information_notice_35_days_gives_15(rules: TimetableRules) -> None:
    # 25 Jan 2027 is 35 days before 1 March 2027 (6 + 28 + 1).
    ok = assess(rules, make(PCR_OPEN, planned_procurement_notice="2027-01-25",
                            tender_published="2027-03-01", tender_deadline="2027-03-16"))
    late = assess(rules, make(PCR_OPEN, planned_procurement_notice="2027-01-26",
                              tender_published="2027-03-01", tender_deadline="2027-03-16"))
    assert ok.dates["statutory_minimum_days"] == 15
    assert check(ok, "timetable.pcr_tendering_period").status == "pass"
    assert late.dates["statutory_minimum_days"] == 30
    assert check(late, "timetable.planned_notice").status == "fail"  # 15 days relies on it
    roomy = assess(rules, make(PCR_OPEN, planned_procurement_notice="2027-01-26",
                               tender_published="2027-03-01", tender_deadline="2027-04-01"))
    assert check(roomy, "timetable.planned_notice").status == "warn"  # not relied on


def test_pcr_minimum_ending_on_non_working_day_runs_on(rules: TimetableRules) -> None:
    # Fri 26 Feb 2027 + 30 = Sun 28 Mar; Mon 29 is Easter Monday; so the minimum ends Tue 30 Mar
    # and a deadline on Mon 29 Mar (31 days) is still too early.
    base = {"tender_published": "2027-02-26"}
    early = assess(rules, make(PCR_OPEN, tender_deadline="2027-03-29", **base))
    ok = assess(rules, make(PCR_OPEN, tender_deadline="2027-03-30", **base))
    c = check(early, "timetable.pcr_tendering_period")
    assert c.status == "fail" and "30 March 2027" in c.message
    assert early.dates["earliest_statutory_deadline"] == "2027-03-30"
    assert check(ok, "timetable.pcr_tendering_period").status == "pass"


def test_pcr_restricted_central_and_sub_central(rules: TimetableRules) -> None:
    # Restricted: tenders are timed from the invitation to tender (reg 28(5)), not the notice.
    route = {"regime": "public_contracts_regulations_2015", "procedure": "restricted"}
    dates = {"tender_published": "2027-01-04", "participation_deadline": "2027-02-15",
             "invitation_to_tender": "2027-03-01", "tender_deadline": "2027-03-11"}
    central = assess(rules, make(route, sector="central_government", **dates))
    council = assess(rules, make(route, **dates))
    assert central.dates["statutory_minimum_days"] == 25
    assert check(central, "timetable.pcr_tendering_period").status == "fail"
    assert council.dates["statutory_minimum_days"] == 10
    assert check(council, "timetable.pcr_tendering_period").status == "pass"


def test_pcr_light_touch_is_reasonable_and_proportionate_only(rules: TimetableRules) -> None:
    route = {"regime": "public_contracts_regulations_2015", "procedure": "light_touch"}
    result = assess(rules, make(route, tender_published="2027-03-01", tender_deadline="2027-03-15"))
    assert result.dates["statutory_minimum_days"] is None
    assert check(result, "timetable.reasonable_period").status == "warn"
    assert "76(6)" in check(result, "timetable.pcr_tendering_period").source


# ----------------------------------------------------------------- PSR and below threshold


def test_psr_competitive_process_has_no_statutory_minimum(rules: TimetableRules) -> None:
    result = assess(rules, make(PSR, tender_published="2027-03-01", tender_deadline="2027-03-20"))
    assert result.dates["statutory_minimum_days"] is None
    assert "timetable.pa23_tendering_period" not in ids(result)
    assert check(result, "timetable.reasonable_period").status == "warn"


def test_below_threshold_uses_six_weeks_when_vcfse_suitable(rules: TimetableRules) -> None:
    route = {"regime": "below_threshold", "procedure": "open"}
    spec = make(route, tender_published="2027-03-01", tender_deadline="2027-03-31")
    plain = assess(rules, spec)
    vcfse = assess(rules, spec, True)
    assert check(plain, "timetable.reasonable_period").status == "pass"   # 30 >= 25
    assert check(vcfse, "timetable.reasonable_period").status == "warn"   # 30 < 42
    assert check(vcfse, "timetable.vcfse_window").status == "fail"
    assert "timetable.pa23_standstill" not in ids(
        assess(rules, make(route, award_notice="2027-04-20", contract_start="2027-06-01")))


# ----------------------------------------------------------------- order, working days, spans


def test_dates_out_of_order_fail(rules: TimetableRules) -> None:
    result = assess(rules, make(planned_procurement_notice="2027-03-05",
                                tender_published="2027-03-01", clarification_deadline="2027-04-20",
                                tender_deadline="2027-04-12"))
    c = check(result, "timetable.order")
    assert c.status == "fail"
    assert ("clarification deadline (20 April 2027) must come before the tender deadline"
            in c.message)
    assert "planned procurement notice (5 March 2027) must come before" in c.message


def test_deadline_on_weekend_warns(rules: TimetableRules) -> None:
    result = assess(rules, make(tender_published="2027-03-01", tender_deadline="2027-04-10"))
    c = check(result, "timetable.non_working_day")
    assert c.status == "warn" and "Saturday" in c.message and "12 April 2027" in c.message


def test_publishing_on_st_andrews_day_warns_under_pa23_not_psr(rules: TimetableRules) -> None:
    dates = {"tender_published": "2026-11-30", "tender_deadline": "2027-01-15"}
    assert check(assess(rules, make(**dates)), "timetable.non_working_day").status == "warn"
    psr = assess(rules, make({**PSR}, **dates))
    assert check(psr, "timetable.non_working_day").status == "pass"


def test_window_over_christmas_warns_with_days_lost(rules: TimetableRules) -> None:
    # 24 Dec 2026 - 1 Jan 2027 weekdays: 24, 25, 28, 29, 30, 31, 1 = 7; holidays 25, 28, 1 = 3.
    result = assess(rules, make(tender_published="2026-12-01", tender_deadline="2027-01-15"))
    c = check(result, "timetable.holiday_span")
    assert c.status == "warn"
    assert c.details["spans"] == [{"name": "Christmas and New Year", "start": "2026-12-24",
                                   "end": "2027-01-01", "weekdays": 7, "bank_holidays": 3}]
    assert "7 weekdays" in c.message and "3 of them bank holidays" in c.message


def test_window_over_easter_warns_and_clear_window_passes(rules: TimetableRules) -> None:
    easter = assess(rules, make(tender_published="2027-03-01", tender_deadline="2027-04-12"))
    c = check(easter, "timetable.holiday_span")
    assert c.status == "warn" and c.details["working_days_lost"] == 2
    clear = assess(rules, make(tender_published="2027-04-12", tender_deadline="2027-05-24"))
    assert check(clear, "timetable.holiday_span").status == "pass"


def test_clarification_gap_5_vs_4_working_days(rules: TimetableRules) -> None:
    # Deadline Mon 12 Apr 2027. From Mon 5 Apr: 6,7,8,9,12 = 5; from Tue 6 Apr: 4.
    base = {"tender_published": "2027-03-01", "tender_deadline": "2027-04-12"}
    ok = assess(rules, make(clarification_deadline="2027-04-05", **base))
    short = assess(rules, make(clarification_deadline="2027-04-06", **base))
    assert check(ok, "timetable.clarification_gap").status == "pass"
    c = check(short, "timetable.clarification_gap")
    assert c.status == "warn" and c.details["working_days"] == 4
    assert "5 April 2027 or earlier" in c.message


def test_mobilisation_20_vs_19_working_days_over_scottish_august_holiday(
    rules: TimetableRules,
) -> None:
    # Entry Fri 18 Jul 2025: 18 (1), 21-25 (6), 28 Jul-1 Aug (11), Mon 4 Aug (Scotland) skipped,
    # 5-8 (15), 11-15 (20). Start Mon 18 Aug leaves 20 working days; Fri 15 Aug leaves 19.
    ok = assess(rules, make(award_notice="2025-07-07", contract_start="2025-08-18"))
    short = assess(rules, make(award_notice="2025-07-07", contract_start="2025-08-15"))
    assert ok.dates["mobilisation_working_days"] == 20
    assert check(ok, "timetable.mobilisation").status == "pass"
    assert short.dates["mobilisation_working_days"] == 19
    c = check(short, "timetable.mobilisation")
    # The earliest start offered is a working day: Saturday 16 August moves to Monday 18 August.
    assert c.status == "warn" and "on or after 18 August 2025" in c.message


def test_missing_dates_are_named_and_their_checks_left_out(rules: TimetableRules) -> None:
    result = assess(rules, make(tender_published="2027-03-01"))
    c = check(result, "timetable.missing_dates")
    assert c.status == "warn"
    assert c.details["missing"] == ["clarification_deadline", "tender_deadline",
                                    "award_notice", "contract_start"]
    assert "timetable.pa23_standstill" not in ids(result)
    assert "timetable.mobilisation" not in ids(result)
    empty = assess_timetable(make().model_copy(update={"timetable": None}),
                             vcfse_suitable=True, rules=rules)
    assert [x.id for x in empty.checks] == ["timetable.missing_dates"]


# ----------------------------------------------------------------- suggested timetables


def test_suggest_worked_back_by_hand(rules: TimetableRules) -> None:
    # Start Tue 1 Jun 2027, 20 working days to mobilise (31 May and 3 May are holidays) ->
    # entry by Fri 30 Apr -> PA23 notice Tue 20 Apr (standstill 20-29 Apr) -> 20 working days
    # of evaluation back over Easter -> deadline Fri 19 Mar -> clarification Thu 11 Mar
    # (St Patrick's Day 17 Mar does not count) -> publish 42 days earlier, Fri 5 Feb 2027.
    suggested = suggest_timetable(make(contract_start="2027-06-01"), vcfse_suitable=True,
                                  rules=rules)
    assert suggested.tender_published == D(2027, 2, 5)
    assert suggested.clarification_deadline == D(2027, 3, 11)
    assert suggested.tender_deadline == D(2027, 3, 19)
    assert suggested.award_notice == D(2027, 4, 20)
    assert suggested.contract_start == D(2027, 6, 1)


ROUTES: list[dict[str, Any]] = [
    {},
    {"light_touch": True},
    {"electronic_submission": False, "documents_with_notice": False},
    {"urgency": True},
    {"procedure": "competitive_flexible", "pre_selected_suppliers": True},
    {"procedure": "framework_call_off"},
    {"procedure": "direct_award"},
    PSR,
    {"regime": "provider_selection_regime", "procedure": "most_suitable_provider"},
    {"regime": "provider_selection_regime", "procedure": "direct_award_b"},
    PCR_OPEN,
    {"regime": "public_contracts_regulations_2015", "procedure": "restricted"},
    {"regime": "public_contracts_regulations_2015", "procedure": "light_touch"},
    {"regime": "below_threshold", "procedure": "quotation"},
]
STARTS = ["2027-01-04", "2027-04-01", "2026-12-29", "2027-06-01", "2025-08-01"]


@pytest.mark.parametrize("vcfse", [True, False])
@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("start", STARTS)
def test_suggest_back_from_contract_start_has_no_failures(
    rules: TimetableRules, route: dict[str, Any], start: str, vcfse: bool
) -> None:
    spec = make(route, contract_start=start, market_engagement="2020-01-06")
    suggested = suggest_timetable(spec, vcfse_suitable=vcfse, rules=rules)
    assert suggested.contract_start == D.fromisoformat(start)
    result = assess(rules, spec.model_copy(update={"timetable": suggested}), vcfse)
    assert [c.message for c in result.checks if c.status == "fail"] == []
    assert check(result, "timetable.missing_dates").status == "pass"
    _no_avoidable_warnings(result)


PUBLISHED = ["2026-11-30", "2026-12-01", "2027-03-20", "2027-03-01", "2025-06-30"]
COMPETITIVE = [r for r in ROUTES if r.get("procedure") not in (
    "direct_award", "most_suitable_provider", "direct_award_b")]


@pytest.mark.parametrize("vcfse", [True, False])
@pytest.mark.parametrize("route", COMPETITIVE)
@pytest.mark.parametrize("published", PUBLISHED)
def test_suggest_forward_from_publication_has_no_failures(
    rules: TimetableRules, route: dict[str, Any], published: str, vcfse: bool
) -> None:
    spec = make(route, tender_published=published)
    suggested = suggest_timetable(spec, vcfse_suitable=vcfse, rules=rules)
    assert suggested.tender_published is not None
    assert suggested.tender_published >= D.fromisoformat(published)
    result = assess(rules, spec.model_copy(update={"timetable": suggested}), vcfse)
    assert [c.message for c in result.checks if c.status == "fail"] == []
    _no_avoidable_warnings(result)
    if vcfse:
        assert result.dates["tender_window_days"] >= 42


@pytest.mark.parametrize(("dates", "vcfse"), [
    ({"contract_start": "2027-03-22"}, True),  # worked back, the window would span Christmas
    ({"tender_published": "2026-12-01"}, True),  # worked forward, the same
    ({"contract_start": "2027-06-14"}, False),  # worked back over Easter 2027
    ({"tender_published": "2027-03-01"}, False),
])
def test_suggest_keeps_the_window_clear_of_christmas_and_easter(
        rules: TimetableRules, dates: dict[str, str], vcfse: bool) -> None:
    """Where another window meets every rule, the suggestion passes its own holiday check."""
    spec = make(**dates)
    suggested = suggest_timetable(spec, vcfse_suitable=vcfse, rules=rules)
    result = assess(rules, spec.model_copy(update={"timetable": suggested}), vcfse)
    assert check(result, "timetable.holiday_span").status == "pass"
    assert [c.message for c in result.checks if c.status != "pass"] == []
    if "contract_start" in dates:
        assert suggested.contract_start == D.fromisoformat(dates["contract_start"])
    else:
        assert suggested.tender_published is not None
        assert suggested.tender_published >= D.fromisoformat(dates["tender_published"])


def _no_avoidable_warnings(result: TimetableResult) -> None:
    """Only the holiday-span warning may remain; everything else should be designed out."""
    warns = [c.id for c in result.checks if c.status == "warn"]
    assert set(warns) <= {"timetable.holiday_span"}, warns


def test_suggest_keeps_earlier_notices_and_drops_late_ones(rules: TimetableRules) -> None:
    spec = make(contract_start="2027-06-01", planned_procurement_notice="2026-11-02",
                market_engagement="2027-05-01")
    suggested = suggest_timetable(spec, vcfse_suitable=False, rules=rules)
    assert suggested.planned_procurement_notice == D(2026, 11, 2)
    assert suggested.market_engagement is None


def test_suggest_needs_a_date_to_work_from(rules: TimetableRules) -> None:
    with pytest.raises(ValueError, match="contract start"):
        suggest_timetable(make(), vcfse_suitable=False, rules=rules)
    with pytest.raises(ValueError, match="no tender window"):
        suggest_timetable(make({"procedure": "direct_award"}, tender_published="2027-03-01"),
                          vcfse_suitable=False, rules=rules)
