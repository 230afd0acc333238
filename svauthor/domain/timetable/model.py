"""The schema of `rules/timetable.yaml` (generic and best-practice checks) joined to the regimes.

The statutory law (calendars, time limits, standstill) is read from `rules/law/regimes.yaml`
into `TimetableRules.regimes`; this file only knows the shape of the data.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Literal

from pydantic import Field, PrivateAttr, model_validator

from svauthor.domain.base import Strict
from svauthor.domain.law import CalendarRule, LawRule, Regime
from svauthor.domain.timetable.calendar import (
    BankHolidayFile,
    Calendar,
    easter_sunday,
    make_calendar,
)

DateField = Literal[
    "planned_procurement_notice", "market_engagement", "tender_published",
    "participation_deadline", "invitation_to_tender",
    "clarification_deadline", "tender_deadline", "award_notice", "contract_start",
]
DATE_LABELS: dict[str, str] = {
    "planned_procurement_notice": "planned procurement notice",
    "market_engagement": "market engagement",
    "tender_published": "tender publication",
    "participation_deadline": "participation deadline",
    "invitation_to_tender": "invitation to tender",
    "clarification_deadline": "clarification deadline",
    "tender_deadline": "tender deadline",
    "award_notice": "award notice",
    "contract_start": "contract start",
}

TimetableRule = LawRule


class MissingDatesRule(TimetableRule):
    required: list[DateField] = Field(min_length=1)
    required_without_competition: list[DateField] = Field(default_factory=list)
    required_multi_stage: list[DateField] = Field(default_factory=list)


class OrderRule(TimetableRule):
    sequence: list[DateField] = Field(min_length=2)
    must_precede: dict[DateField, DateField] = Field(default_factory=dict)


class NonWorkingDayRule(TimetableRule):
    dates: list[DateField] = Field(min_length=1)


class HolidaySpan(Strict):
    """A break when bidders are often closed: fixed month-days, or days around Easter Sunday."""

    name: str = Field(min_length=1)
    kind: Literal["fixed", "easter"]
    start: str | None = Field(default=None, pattern=r"^\d\d-\d\d$", description="MM-DD")
    end: str | None = Field(default=None, pattern=r"^\d\d-\d\d$", description="MM-DD")
    start_offset_days: int | None = Field(default=None, ge=-60, le=60)
    end_offset_days: int | None = Field(default=None, ge=-60, le=60)

    @model_validator(mode="after")
    def _complete(self) -> HolidaySpan:
        if self.kind == "fixed":
            if self.start is None or self.end is None:
                raise ValueError("a fixed span needs `start` and `end` as MM-DD")
            for text in (self.start, self.end):
                month, dom = (int(p) for p in text.split("-"))
                date(2024, month, dom)  # leap year: any real month-day is accepted
        else:
            if self.start_offset_days is None or self.end_offset_days is None:
                raise ValueError("an easter span needs `start_offset_days` and `end_offset_days`")
            if self.start_offset_days > self.end_offset_days:
                raise ValueError("`start_offset_days` must not be after `end_offset_days`")
        return self

    def occurrence(self, year: int) -> tuple[date, date]:
        """The span starting in `year`; a fixed span whose end is earlier ends the next year."""
        if self.kind == "easter":
            sunday = easter_sunday(year)
            assert self.start_offset_days is not None and self.end_offset_days is not None
            return (sunday + timedelta(days=self.start_offset_days),
                    sunday + timedelta(days=self.end_offset_days))
        assert self.start is not None and self.end is not None
        sm, sd = (int(p) for p in self.start.split("-"))
        em, ed = (int(p) for p in self.end.split("-"))
        return date(year, sm, sd), date(year + ((em, ed) < (sm, sd)), em, ed)


class HolidaySpanRule(TimetableRule):
    spans: list[HolidaySpan] = Field(min_length=1)


class VcfseWindowRule(TimetableRule):
    min_calendar_days: int = Field(ge=1, le=366)


class ReasonablePeriodRule(TimetableRule):
    default_days: int = Field(ge=1, le=366)


class GapRule(TimetableRule):
    working_days: int = Field(ge=0, le=260)


class TimetableRules(Strict):
    """`rules/timetable.yaml`, with the regimes of `rules/law/regimes.yaml` attached."""

    category: str = ""  # the default check category of every entry that names none
    missing_dates: MissingDatesRule
    order: OrderRule
    non_working_days: NonWorkingDayRule
    holiday_spans: HolidaySpanRule
    vcfse_window: VcfseWindowRule
    reasonable_period: ReasonablePeriodRule
    clarification_gap: GapRule
    evaluation_period: GapRule
    selection_period: GapRule
    mobilisation: GapRule
    #: Six weeks for the tendering stage of a multi-stage VCFSE tender (optional: older rules).
    vcfse_tender_stage: VcfseWindowRule | None = None
    #: Working days to prepare before a suggested publication (optional: older rule sets).
    preparation_period: GapRule | None = None
    jurisdiction: TimetableRule
    calendar_note: TimetableRule
    stage_dates: TimetableRule
    regimes: dict[str, Regime] = Field(default_factory=dict)
    _bank_holidays: BankHolidayFile | None = PrivateAttr(default=None)
    #: Each service type's flags (works, goods, ...), which some route claims turn on (a works
    #: contract cannot be light touch); attached by the knowledge base.
    _service_facts: dict[str, dict[str, bool]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _unique_ids(self) -> TimetableRules:
        seen: dict[str, str] = {}

        def note(rule_id: str, where: str) -> None:
            if rule_id in seen and seen[rule_id] != where:
                raise ValueError(f"{where}: id `{rule_id}` is already used by {seen[rule_id]}")
            seen[rule_id] = where

        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, LawRule):
                note(value.id, name)
        planned: dict[str, str] = {}
        for rid, regime in self.regimes.items():
            for part in ("calendar", "participation", "tendering", "standstill"):
                rule = getattr(regime, part)
                if rule is not None:
                    note(rule.id, f"regimes.{rid}.{part}")
            if regime.planned_notice is not None:
                # One planned-notice check id may serve several regimes (it is one concept).
                planned.setdefault(regime.planned_notice.id, rid)
        return self

    def regime(self, regime: str) -> Regime:
        try:
            return self.regimes[regime]
        except KeyError:
            raise ValueError(f"unknown regime `{regime}`; the rules define: "
                             f"{', '.join(self.regimes) or 'none'}") from None

    def calendar_rule(self, regime: str, nation: str | None = None) -> CalendarRule:
        """The regime's working-day rule as it applies to a buyer in `nation`."""
        return self.regime(regime).calendar.for_nation(nation)

    def calendar(self, regime: str, nation: str | None) -> Calendar:
        """The working-day calendar of this regime for a buyer in `nation` (with the user's
        bank-holiday file, if any). `nation` is required because some regimes count the buyer's
        own nation's holidays (None: the regime's default calendar)."""
        found = self.calendar_rule(regime, nation)
        return make_calendar(found.subdivisions, self._bank_holidays, found.label)

    def with_bank_holidays(self, holidays: BankHolidayFile | None) -> TimetableRules:
        """A copy whose calendars take their holidays from the user's GOV.UK-format file."""
        copy = self.model_copy()
        copy._bank_holidays = holidays
        return copy

    @property
    def bank_holidays(self) -> BankHolidayFile | None:
        return self._bank_holidays

    def with_service_facts(self, facts: dict[str, dict[str, bool]]) -> TimetableRules:
        """A copy that knows each service type's flags (from rules/service_types.yaml)."""
        copy = self.model_copy()
        copy._service_facts = dict(facts)
        return copy

    def service_facts(self, service_type: str) -> dict[str, bool]:
        return self._service_facts.get(service_type, {})

    def with_regimes(self, regimes: dict[str, Regime]) -> TimetableRules:
        data: dict[str, Any] = {n: getattr(self, n) for n in type(self).model_fields}
        data["regimes"] = regimes
        made = type(self).model_validate(data)
        made._bank_holidays = self._bank_holidays
        made._service_facts = self._service_facts
        return made
