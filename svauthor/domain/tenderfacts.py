"""The tender's own facts (reference, contact, definition of local), accepted risks and sign-off.

Optional spec fields that change no decision: the documents print them, so they are stated once
here and read the same everywhere. Kept apart from spec.py so results.py can carry them too.
"""

from __future__ import annotations

import datetime as _dt
from datetime import date

from pydantic import Field, field_validator

from svauthor.domain.base import Strict

EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


def _plausible_fact_date(value: date | None) -> date | None:
    if value is not None and not (EARLIEST_YEAR <= value.year <= LATEST_YEAR):
        raise ValueError(f"{value.day} {value.strftime('%B')} {value.year} is not a plausible "
                         f"date (expected a year between {EARLIEST_YEAR} and {LATEST_YEAR})")
    return value


class Contact(Strict):
    """Who bidders write to; named once so every document agrees."""

    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class TenderFacts(Strict):
    """The tender's own facts: reference, lot, version, dates, portal, contact, local definition."""

    reference: str | None = Field(default=None, min_length=1, max_length=100)
    lot: str | None = Field(default=None, min_length=1, max_length=200)
    version: str | None = Field(default=None, min_length=1, max_length=40)
    issue_date: date | None = None
    portal: str | None = Field(default=None, min_length=1, max_length=300,
                               description="Where bids are submitted (portal name or address)")
    clarification_route: str | None = Field(
        default=None, min_length=1, max_length=500,
        description="How bidders ask clarification questions (e.g. the portal's message area)")
    contact: Contact | None = None
    definition_of_local: str | None = Field(
        default=None, min_length=3, max_length=2000,
        description="What 'local' means for this tender; left out, the places by name")

    @field_validator("issue_date", mode="after")
    @classmethod
    def _plausible_issue(cls, value: date | None) -> date | None:
        return _plausible_fact_date(value)


class AcceptedRisk(Strict):
    """A failed check the buyer has decided to accept, with who decided and why."""

    check: str = Field(min_length=1, max_length=200)
    reason: str = Field(min_length=3, max_length=2000)
    accepted_by: str = Field(min_length=1, max_length=200)


class SignOff(Strict):
    """Who prepared and approved the Social Value decisions, and when."""

    prepared_by: str | None = Field(default=None, min_length=1, max_length=200)
    approved_by: str | None = Field(default=None, min_length=1, max_length=200)
    date: _dt.date | None = None

    @field_validator("date", mode="after")
    @classmethod
    def _plausible_date(cls, value: _dt.date | None) -> _dt.date | None:
        return _plausible_fact_date(value)
