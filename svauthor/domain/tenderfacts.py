"""The tender's own facts (reference, contact, definition of local), accepted risks and sign-off.

Optional spec fields that change no decision: the documents print them, so they are stated once
here and read the same everywhere. Kept apart from spec.py so results.py can carry them too.
"""

from __future__ import annotations

import datetime as _dt
import re
from datetime import date
from typing import Any

from pydantic import Field, field_validator

from svauthor.domain.base import SpecModel
from svauthor.errors import Problem, did_you_mean

EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


def _plausible_fact_date(value: date | None) -> date | None:
    if value is not None and not (EARLIEST_YEAR <= value.year <= LATEST_YEAR):
        raise ValueError(f"{value.day} {value.strftime('%B')} {value.year} is not a plausible "
                         f"date (expected a year between {EARLIEST_YEAR} and {LATEST_YEAR})")
    return value


class Contact(SpecModel):
    """Who bidders write to; named once so every document agrees."""

    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=254)

    @field_validator("email")
    @classmethod
    def _looks_like_email(cls, value: str) -> str:
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValueError(f"`{value}` is not an email address, e.g. name@council.gov.uk")
        return value


class TenderFacts(SpecModel):
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


class AcceptedRisk(SpecModel):
    """A failed check the buyer has decided to accept, with who decided and why."""

    check: str = Field(min_length=1, max_length=200)
    reason: str = Field(min_length=3, max_length=2000)
    accepted_by: str = Field(min_length=1, max_length=200)


class SignOff(SpecModel):
    """Who prepared and approved the Social Value decisions, and when."""

    prepared_by: str | None = Field(default=None, min_length=1, max_length=200)
    approved_by: str | None = Field(default=None, min_length=1, max_length=200)
    date: _dt.date | None = None

    @field_validator("date", mode="after")
    @classmethod
    def _plausible_date(cls, value: _dt.date | None) -> _dt.date | None:
        return _plausible_fact_date(value)


def accepted_risk_problems(path: str, risks: list[AcceptedRisk], checks: list[Any]
                           ) -> tuple[list[Problem], list[Problem]]:
    """Errors for accepted risks that name no check of this assessment (a typo would otherwise
    leave the pack refused without saying why) or a check of a legal requirement (a statute
    cannot be waived, whether the check fails now or not), and warnings for ones whose check
    passes.

    The checks only exist once the tender is assessed, so this runs after the engine, with the
    spec file's own line numbers.
    """
    if not risks:
        return [], []
    from svauthor.yamlio import load_yaml

    status = {c.id: c.status for c in checks}
    law = {c.id: c for c in checks if getattr(c, "legal_requirement", None)}
    doc = load_yaml(path)
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for i, risk in enumerate(risks):
        line = doc.line_of(("accepted_risks", i, "check"))
        field = f"accepted_risks[{i}].check"
        if risk.check not in status:
            errors.append(Problem(path, line, field, f"unknown check `{risk.check}`"
                                  f"{did_you_mean(risk.check, sorted(status))}"))
        elif risk.check in law:
            errors.append(Problem(path, line, field, f"{risk.check} is a legal requirement "
                                  f"({law[risk.check].source.strip()}) and cannot be accepted as "
                                  f"a risk; change the tender so that the check passes, and "
                                  f"remove this entry"))
        elif status[risk.check] != "fail":
            warnings.append(Problem(path, line, field, f"`{risk.check}` does not fail "
                                    f"({status[risk.check]}), so this accepted risk is not "
                                    f"needed"))
    return errors, warnings


def enforce_accepted_risks(path: str, assessment: Any, warn: Any) -> None:
    """Raise InputError (exit 2) for accepted risks naming no check; `warn` each one whose
    check passes. Shared by `svauthor check` and `svauthor build`."""
    from svauthor.errors import InputError

    checks = assessment.checks + (assessment.timetable.checks if assessment.timetable else [])
    errors, warnings = accepted_risk_problems(path, assessment.accepted_risks, checks)
    for w in warnings:
        warn(f"warning: {w}")
    if errors:
        raise InputError(errors)
