"""UK formatting for what users read: £1,250,000 and 27 November 2026."""

from __future__ import annotations

from datetime import date


def fmt_gbp(value: float) -> str:
    """£1,250,000 for whole pounds, £1,250.50 when there are pence."""
    if abs(value - round(value)) < 0.005:
        return f"£{round(value):,}"
    return f"£{value:,.2f}"


def fmt_months(count: int) -> str:
    """"1 month", "12 months": a duration as a reader says it (never "1 months")."""
    return f"{count:,} month" if count == 1 else f"{count:,} months"


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def fmt_date(d: date) -> str:
    """27 November 2026: day without a leading zero, month in full (locale-independent)."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """'1 contract', '2 contracts', '1,250 returns': never 'contract(s)'."""
    return f"{n:,} {singular if n == 1 else plural or singular + 's'}"
