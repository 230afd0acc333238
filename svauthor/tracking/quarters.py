"""Reporting periods: a contract's own quarters, calendar quarters and financial years.

A contract reports by **contract quarter**: quarter 1 is the first three months from the start
date, and quarters count on from there (`Y2Q1` is the first quarter of contract year 2), which is
how a contract manager and the contract itself speak. Registers made before contract quarters
keep the calendar quarters (`2027-Q1`) their returns were filed under. The system-wide roll-up
aggregates across contracts by financial year or quarter (or calendar quarter), counting each
contract quarter in the period its last day falls in. rules/tracking/tracking.yaml says why.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_CONTRACT_QUARTER = re.compile(r"^Y(?:EAR)?\s*(\d{1,2})[\s,-]*Q(?:UARTER)?\s*([1-4])$",
                               re.IGNORECASE)
_FINANCIAL = re.compile(r"^(?:FY\s*)?(\d{4})\s*[-/]\s*(\d{2}|\d{4})(?:[\s-]*Q([1-4]))?$",
                        re.IGNORECASE)
ONE_DAY = timedelta(days=1)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

#: The two ways a contract's returns can be keyed (Contract.periods).
CONTRACT_BASIS = "contract"
CALENDAR_BASIS = "calendar"
BASES = (CONTRACT_BASIS, CALENDAR_BASIS)


def _fmt(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter: '2027-Q1' is January to March 2027."""

    year: int
    q: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """'2027-Q1' (or '2027Q1'); raises ValueError with a readable message otherwise."""
        m = _QUARTER.match(str(text).strip())
        if not m:
            raise ValueError(f"`{text}` is not a quarter; use YYYY-Qn, for example 2027-Q1")
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def of(cls, d: date) -> Quarter:
        return cls(d.year, (d.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.q}"

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.q - 2, 1)

    @property
    def end(self) -> date:
        return self.next().start - ONE_DAY

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.q == 4 else Quarter(self.year, self.q + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.q == 1 else Quarter(self.year, self.q - 1)

    @property
    def label(self) -> str:
        """For people: 'January to March 2027'."""
        names = ("January to March", "April to June", "July to September",
                 "October to December")
        return f"{names[self.q - 1]} {self.year}"


def add_months(d: date, months: int) -> date:
    """The same day `months` later, or the last day of that month when it is shorter."""
    month = d.month - 1 + months
    year, month = d.year + month // 12, month % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def month_boundary(start: date, months: int) -> date:
    """The first day of the period that begins `months` months after `start`.

    The same day of the month, counted from `start` itself (never step by step, so nothing
    drifts); where that month has no such day (a start on the 29th to 31st), the first day of
    the next month, so the period before it ends on the shorter month's last day: a year from
    29 February 2028 ends on 28 February 2029 and the next begins on 1 March 2029.
    """
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    last = calendar.monthrange(year, month)[1]
    if start.day <= last:
        return date(year, month, start.day)
    return date(year, month, last) + ONE_DAY


def contract_end(start: date, duration_months: int) -> date:
    """The last day of a contract of `duration_months` from `start` (inclusive)."""
    return month_boundary(start, duration_months) - ONE_DAY


@dataclass(frozen=True, order=True)
class Period:
    """One quarter a contract reports on: its own (`Y2Q1`) or, in older registers, a calendar one."""

    index: int        # 1, 2, ... in the contract's order
    key: str          # what returns are filed under: 'Y2Q1' or '2027-Q1'
    year: int         # the contract year it reports in
    start: date
    end: date         # the last day (the contract's end for a short final quarter)
    full_days: int    # days in the whole quarter, before the contract's end cuts it short

    @property
    def quarter_of_year(self) -> int:
        return (self.index - 1) % 4 + 1

    @property
    def label(self) -> str:
        """For people: 'Year 2, quarter 1 (1 October 2028 to 31 December 2028)'."""
        span = f"{_fmt(self.start)} to {_fmt(self.end)}"
        if _QUARTER.match(self.key):
            return f"{Quarter.parse(self.key).label} ({span})"
        return f"Year {self.year}, quarter {self.quarter_of_year} ({span})"

    @property
    def covered(self) -> float:
        """How much of the whole quarter the contract covers: 1 unless cut short."""
        return ((self.end - self.start).days + 1) / self.full_days


def contract_quarter_key(year: int, q: int) -> str:
    return f"Y{year}Q{q}"


def parse_contract_quarter(text: str) -> str | None:
    """'Y2Q1', 'y2-q1', 'Year 2 Quarter 1' -> 'Y2Q1'; None if it is not that form."""
    m = _CONTRACT_QUARTER.match(str(text).strip())
    if not m or int(m.group(1)) < 1:
        return None
    return contract_quarter_key(int(m.group(1)), int(m.group(2)))


def contract_periods(start: date, end: date, basis: str) -> tuple[Period, ...]:
    """Every quarter a contract reports on, first to last."""
    if end < start:
        return ()
    if basis == CALENDAR_BASIS:
        return _calendar_periods(start, end)
    out: list[Period] = []
    k = 0
    while True:
        first = month_boundary(start, 3 * k)
        if first > end:
            break
        nxt = month_boundary(start, 3 * (k + 1))
        out.append(Period(k + 1, contract_quarter_key(k // 4 + 1, k % 4 + 1), k // 4 + 1,
                          first, min(nxt - ONE_DAY, end), (nxt - first).days))
        k += 1
    return tuple(out)


def _calendar_periods(start: date, end: date) -> tuple[Period, ...]:
    out: list[Period] = []
    q = Quarter.of(start)
    while q.start <= end:
        out.append(Period(len(out) + 1, str(q), contract_year(start, q), max(q.start, start),
                          min(q.end, end), (q.end - q.start).days + 1))
        q = q.next()
    return tuple(out)


def contract_quarters(start: date, end: date) -> list[Quarter]:
    """Every calendar quarter that overlaps the contract, first to last."""
    out, q = [], Quarter.of(start)
    while q.start <= end:
        out.append(q)
        q = q.next()
    return out


def contract_year(start: date, quarter: Quarter) -> int:
    """The contract year (1, 2, ...) a calendar quarter reports in: the year its first contract
    day falls in."""
    first_day = max(start, quarter.start)
    years = 0
    while month_boundary(start, 12 * (years + 1)) <= first_day:
        years += 1
    return years + 1


# -- periods for the system-wide roll-up ----------------------------------------------------------

@dataclass(frozen=True)
class RollupPeriod:
    """A span the system-wide roll-up aggregates over: a financial year or quarter, or a
    calendar quarter. A contract quarter counts in the roll-up period its last day falls in."""

    key: str       # '2027-28', '2027-28-Q1' or '2027-Q1' (file names use it too)
    start: date
    end: date
    label: str     # for people
    kind: str      # 'financial_year', 'financial_quarter' or 'calendar_quarter'
    fy_start_month: int = 4

    def year_earlier(self) -> RollupPeriod:
        """The same period a year before, for 'same period last year' comparisons."""
        if self.kind == "calendar_quarter":
            q = Quarter.parse(self.key)
            return calendar_quarter_period(q.year - 1, q.q)
        year = int(self.key[:4]) - 1
        if self.kind == "financial_year":
            return financial_year_period(year, self.fy_start_month)
        return financial_quarter_period(year, int(self.key[-1]), self.fy_start_month)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def noun(self) -> str:
        return "year" if self.kind == "financial_year" else "quarter"


def calendar_quarter_period(year: int, q: int) -> RollupPeriod:
    quarter = Quarter(year, q)
    return RollupPeriod(str(quarter), quarter.start, quarter.end, quarter.label,
                        "calendar_quarter")


def _fy_name(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def financial_year_period(year: int, start_month: int) -> RollupPeriod:
    start = date(year, start_month, 1)
    end = month_boundary(start, 12) - ONE_DAY
    return RollupPeriod(_fy_name(year), start, end,
                        f"financial year {_fy_name(year)} ({_fmt(start)} to {_fmt(end)})",
                        "financial_year", start_month)


def financial_quarter_period(year: int, q: int, start_month: int) -> RollupPeriod:
    fy_start = date(year, start_month, 1)
    start = month_boundary(fy_start, 3 * (q - 1))
    end = month_boundary(fy_start, 3 * q) - ONE_DAY
    months = f"{MONTHS[start.month - 1]} to {MONTHS[end.month - 1]} {end.year}"
    return RollupPeriod(f"{_fy_name(year)}-Q{q}", start, end,
                        f"{months} (quarter {q} of financial year {_fy_name(year)})",
                        "financial_quarter", start_month)


ROLLUP_FORMS = ("2027-28 (a financial year), 2027-28-Q1 (its first quarter) or 2027-Q1 (a "
                "calendar quarter)")


def parse_rollup_period(text: str, fy_start_month: int = 4) -> RollupPeriod:
    """'2027-28', 'FY2027/28', '2027-28-Q1', '2027-28 Q1' or '2027-Q1'; ValueError otherwise."""
    raw = str(text).strip()
    m = _QUARTER.match(raw)
    if m:
        return calendar_quarter_period(int(m.group(1)), int(m.group(2)))
    m = _FINANCIAL.match(raw)
    if m:
        first, second = int(m.group(1)), m.group(2)
        expected = (first + 1) % 100 if len(second) == 2 else first + 1
        if int(second) != expected:
            raise ValueError(f"`{text}` is not a financial year: the second year must follow the "
                             f"first, for example {_fy_name(first)}")
        if m.group(3):
            return financial_quarter_period(first, int(m.group(3)), fy_start_month)
        return financial_year_period(first, fy_start_month)
    raise ValueError(f"`{text}` is not a reporting period; use {ROLLUP_FORMS}")


def ending_within(periods: Sequence[Period], first: date, last: date) -> list[Period]:
    """The periods whose last day falls from `first` to `last` inclusive."""
    return [p for p in periods if first <= p.end <= last]
