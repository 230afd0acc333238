"""Reporting periods, hand-worked: contract quarters from awkward start dates, financial years,
due dates over bank holidays by the buyer's nation. No database, so these run in milliseconds."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from svauthor.tracking.quarters import (
    Period,
    Quarter,
    contract_end,
    contract_periods,
    parse_contract_quarter,
    parse_rollup_period,
)
from svauthor.tracking.register import Profile, due_date
from svauthor.tracking.rules import load_tracking_rules

D = date


def spans(start: date, months: int) -> list[tuple[str, date, date]]:
    return [(p.key, p.start, p.end) for p in contract_periods(start, contract_end(start, months),
                                                             "contract")]


def test_contract_quarters_run_from_the_start_date_not_the_calendar() -> None:
    # a contract starting on 15 February reports to 14 May, not on a one-and-a-half-month
    # "first quarter" to 31 March
    assert spans(D(2028, 2, 15), 12) == [
        ("Y1Q1", D(2028, 2, 15), D(2028, 5, 14)), ("Y1Q2", D(2028, 5, 15), D(2028, 8, 14)),
        ("Y1Q3", D(2028, 8, 15), D(2028, 11, 14)), ("Y1Q4", D(2028, 11, 15), D(2029, 2, 14))]


@pytest.mark.parametrize(("start", "months", "expected_end", "first_ends", "year_two"), [
    # 29 February: a year later there is no 29 February, so year 1 ends on 28 February 2029
    (D(2028, 2, 29), 24, D(2030, 2, 28), D(2028, 5, 28), D(2029, 3, 1)),
    # 31 January: quarter 1 ends on 30 April (April has no 31st), year 2 starts 31 January
    (D(2027, 1, 31), 24, D(2029, 1, 30), D(2027, 4, 30), D(2028, 1, 31)),
    # 30 November: quarter 1 runs to the end of February (28 days in 2027)
    (D(2026, 11, 30), 12, D(2027, 11, 29), D(2027, 2, 28), None),
    # 31 December: quarters end on 30 March, 29 June, 30 September, 30 December
    (D(2027, 12, 31), 12, D(2028, 12, 30), D(2028, 3, 30), None),
])
def test_awkward_start_dates(start: date, months: int, expected_end: date, first_ends: date,
                             year_two: date | None) -> None:
    periods = contract_periods(start, contract_end(start, months), "contract")
    assert contract_end(start, months) == expected_end
    assert periods[0].end == first_ends
    # contiguous, no gaps or overlaps, and every quarter a whole one
    for a, b in pairwise(periods):
        assert (b.start - a.end).days == 1
    assert all(p.covered == 1 for p in periods)
    assert len(periods) == months // 3
    if year_two is not None:
        assert next(p for p in periods if p.key == "Y2Q1").start == year_two


def test_a_short_final_quarter_carries_a_share_of_its_year() -> None:
    # 14 months from 1 January 2028: year 2 is two months, one short quarter
    p = Profile.of(D(2028, 1, 1), contract_end(D(2028, 1, 1), 14))
    assert [q.key for q in p.periods][-2:] == ["Y1Q4", "Y2Q1"]
    last = p.periods[-1]
    assert (last.start, last.end) == (D(2029, 1, 1), D(2029, 2, 28))
    assert p.target({2: 100.0}, last, False) == 100.0  # the whole of year 2's target
    assert p.target({2: 3.0}, last, True) == 3.0       # a level is never split


def test_the_contract_quarter_is_named_by_key_or_by_the_calendar_quarter_it_ends_in() -> None:
    p = Profile.of(D(2028, 2, 15), contract_end(D(2028, 2, 15), 36))
    assert p.resolve("y2-q1").key == "Y2Q1" and p.resolve("Year 2 Quarter 1").key == "Y2Q1"
    assert p.resolve("2028-Q2").key == "Y1Q1"  # ends 14 May 2028, in April to June
    with pytest.raises(ValueError, match="outside this contract"):
        p.resolve("Y4Q1")
    with pytest.raises(ValueError, match="no quarter of this contract ends in January to March"):
        p.resolve("2028-Q1")
    with pytest.raises(ValueError, match="not a quarter"):
        p.resolve("next quarter")
    # two quarters ending in one calendar quarter: the user must choose
    short = Profile.of(D(2028, 2, 15), D(2029, 3, 31))
    with pytest.raises(ValueError, match="Y1Q4 or Y2Q1"):
        short.resolve("2029-Q1")
    assert parse_contract_quarter("Y0Q1") is None and parse_contract_quarter("Q1") is None


def test_a_register_from_before_contract_quarters_keeps_calendar_keys() -> None:
    p = Profile.of(D(2027, 6, 1), D(2028, 5, 31), "calendar")
    assert p.resolve("2027q3").key == "2027-Q3"
    with pytest.raises(ValueError, match="reports by calendar quarter"):
        p.resolve("Y1Q1")


def test_reversed_and_empty_spans_have_no_quarters() -> None:
    assert contract_periods(D(2028, 1, 1), D(2027, 12, 31), "contract") == ()
    assert len(contract_periods(D(2028, 1, 1), D(2028, 1, 1), "contract")) == 1


@pytest.mark.parametrize(("text", "key", "start", "end"), [
    ("2027-28", "2027-28", D(2027, 4, 1), D(2028, 3, 31)),
    ("FY2027/28", "2027-28", D(2027, 4, 1), D(2028, 3, 31)),
    ("2027/2028", "2027-28", D(2027, 4, 1), D(2028, 3, 31)),
    ("2027-28-Q1", "2027-28-Q1", D(2027, 4, 1), D(2027, 6, 30)),
    ("2027-28 Q4", "2027-28-Q4", D(2028, 1, 1), D(2028, 3, 31)),
    ("2099-00 Q2", "2099-00-Q2", D(2099, 7, 1), D(2099, 9, 30)),  # across a century
    ("2027-Q1", "2027-Q1", D(2027, 1, 1), D(2027, 3, 31)),        # a calendar quarter
])
def test_rollup_periods(text: str, key: str, start: date, end: date) -> None:
    p = parse_rollup_period(text)
    assert (p.key, p.start, p.end) == (key, start, end)
    before = p.year_earlier()
    assert before.start == D(start.year - 1, start.month, 1) and before.kind == p.kind


@pytest.mark.parametrize("text", ["2027-29", "2027-Q5", "FY27", "2027-28-Q5", "", "Y1Q1"])
def test_rollup_period_errors_say_which_forms_work(text: str) -> None:
    with pytest.raises(ValueError, match=r"2027-28|follow the first"):
        parse_rollup_period(text)


def test_the_financial_year_start_is_data() -> None:
    rules = load_tracking_rules()
    assert rules.rollup.financial_year_start_month == 4
    assert "1 April" in rules.rollup.why and rules.rollup.source


# -- when a return is due: 10 working days, the buyer's nation's holidays -----------------------

def _due(end: date, nation: str) -> date:
    return due_date(load_tracking_rules(), Period(1, "Y1Q1", 1, end, end, 1), nation)


@pytest.mark.parametrize(("end", "nation", "due"), [
    # Easter 2028: Good Friday 14 April everywhere; Easter Monday 17 April not in Scotland
    (D(2028, 3, 31), "england", D(2028, 4, 18)),
    (D(2028, 3, 31), "scotland", D(2028, 4, 17)),
    # the Christmas break: 25, 26 December and 1 January 2029 everywhere; 2 January in Scotland
    (D(2028, 12, 22), "england", D(2029, 1, 10)),
    (D(2028, 12, 22), "scotland", D(2029, 1, 11)),
    (D(2028, 12, 22), "wales", D(2029, 1, 10)),
    # St Patrick's Day (Friday 17 March 2028) counts in Northern Ireland only
    (D(2028, 3, 10), "northern_ireland", D(2028, 3, 27)),
    (D(2028, 3, 10), "england", D(2028, 3, 24)),
    # a quarter ending on 29 February
    (D(2028, 2, 29), "england", D(2028, 3, 14)),
])
def test_returns_are_due_ten_working_days_after_the_quarter(end: date, nation: str,
                                                            due: date) -> None:
    assert _due(end, nation) == due


def test_the_return_deadline_is_one_number_with_its_source() -> None:
    rules = load_tracking_rules()
    assert rules.returns.due_working_days_after_quarter == 10
    assert "seed 8.6" in rules.returns.source.lower() and "working days" in rules.returns.why
    from svauthor.docs.documents import load_ratings, return_deadline

    assert return_deadline(load_ratings()).startswith("10 working days of the end of each "
                                                      "contract quarter")
    assert "{due_days}" not in rules.note() and "10 working days" in rules.note()


def test_calendar_quarters_still_parse() -> None:
    assert str(Quarter.parse("2027q1")) == "2027-Q1"
