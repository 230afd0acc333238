"""Calendar quarters ('2027-Q1' is January to March 2027) and contract years."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Quarter:
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
        return self.next().start - timedelta(days=1)

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
    month = d.month - 1 + months
    year, month = d.year + month // 12, month % 12 + 1
    days = [31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28,
            31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return date(year, month, min(d.day, days))


def contract_end(start: date, duration_months: int) -> date:
    return add_months(start, duration_months) - timedelta(days=1)


def contract_quarters(start: date, end: date) -> list[Quarter]:
    """Every calendar quarter that overlaps the contract, first to last."""
    out, q = [], Quarter.of(start)
    while q.start <= end:
        out.append(q)
        q = q.next()
    return out


def contract_year(start: date, quarter: Quarter) -> int:
    """The contract year (1, 2, ...) a quarter reports in: the year its first contract day falls in."""
    first_day = max(start, quarter.start)
    months = (first_day.year - start.year) * 12 + first_day.month - start.month
    if first_day.day < start.day:
        months -= 1
    return months // 12 + 1
