"""Timetable checks: statutory tender periods, standstill and best-practice gaps between key dates.

Pure functions over a TenderSpec and the rules in `rules/timetable.yaml`. Holiday dates come from
the `holidays` package, one UK subdivision at a time (always with `subdiv`, because without it
only the holidays common to all four nations are returned); nothing here lists holidays by hand.

Day conventions: a "period of N days" runs from the day after the triggering event, so its length
is `end - start` in calendar days; `working_days_between(a, b)` counts working days after `a` up
to and including `b`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import pairwise
from types import MappingProxyType
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from svauthor.domain.base import Strict
from svauthor.domain.holidaycache import subdivision_year
from svauthor.domain.results import Check, TimetableResult
from svauthor.domain.spec import PROCEDURES, Regime, TenderSpec, Timetable
from svauthor.ukformat import fmt_date as fmt_date  # re-exported: dates read "27 November 2026"

ONE_DAY = timedelta(days=1)
#: How far the date searches may look before giving up (well beyond any real timetable gap).
SEARCH_LIMIT_DAYS = 800

SUBDIVISIONS: tuple[str, ...] = ("ENG", "WLS", "SCT", "NIR")
SUBDIVISION_NAMES = {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

Subdivision = Literal["ENG", "WLS", "SCT", "NIR"]
DateField = Literal[
    "planned_procurement_notice", "market_engagement", "tender_published",
    "clarification_deadline", "tender_deadline", "award_notice", "contract_start",
]
DATE_LABELS: dict[str, str] = {
    "planned_procurement_notice": "planned procurement notice",
    "market_engagement": "market engagement",
    "tender_published": "tender publication",
    "clarification_deadline": "clarification deadline",
    "tender_deadline": "tender deadline",
    "award_notice": "award notice",
    "contract_start": "contract start",
}
Circumstance = Literal[
    "standard", "light_touch", "agreed_with_pre_selected_suppliers", "pre_selected_suppliers",
    "qualifying_planned_notice", "urgency", "dynamic_market", "electronic_with_documents",
    "electronic_documents_later", "paper_with_documents", "paper_documents_later",
    "electronic_submission", "sub_central", "sub_central_agreed",
]
StandstillExemption = Literal[
    "light_touch", "framework_call_off", "dynamic_market", "urgent_direct_award",
]


# --------------------------------------------------------------------------- formatting


def fmt_day(day: date) -> str:
    """A date with its weekday, for messages about working days: 'Monday 7 July 2025'."""
    return f"{_WEEKDAYS[day.weekday()]} {fmt_date(day)}"


def _days(n: int, unit: str = "day") -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _join(items: list[str], word: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


# --------------------------------------------------------------------------- holidays


def _subdivs(subdivs: Iterable[str]) -> tuple[str, ...]:
    """Subdivisions in a canonical order, so the holiday cache has one key per set."""
    return _canonical_subdivs(subdivs if isinstance(subdivs, tuple) else tuple(subdivs))


@cache
def _canonical_subdivs(given_subdivs: tuple[str, ...]) -> tuple[str, ...]:
    """Checked once per distinct input: this sits under every working-day test."""
    given = set(given_subdivs)
    unknown = given - set(SUBDIVISIONS)
    if unknown or not given:
        raise ValueError(
            f"holiday subdivisions must be a non-empty selection of {', '.join(SUBDIVISIONS)}; "
            f"got {sorted(given)}"
        )
    return tuple(s for s in SUBDIVISIONS if s in given)


@cache
def _holiday_table(subdivs: tuple[str, ...], year: int) -> Mapping[date, str]:
    """One year's holidays in the union of the subdivisions, each named with where it applies."""
    found: dict[date, dict[str, list[str]]] = {}
    for subdiv in subdivs:
        for iso, name in subdivision_year(subdiv, year).items():
            day = date.fromisoformat(iso)
            label = str(name).replace(" (observed)", ", substitute day")
            found.setdefault(day, {}).setdefault(label, []).append(subdiv)
    table: dict[date, str] = {}
    for day, names in sorted(found.items()):
        parts = []
        for name, where in names.items():
            if len(where) == len(subdivs):
                parts.append(name)
            else:
                parts.append(f"{name}, {_join([SUBDIVISION_NAMES[w] for w in where])} only")
        table[day] = "; ".join(parts)
    return MappingProxyType(table)


def uk_holidays(subdivs: Iterable[str], years: int | Iterable[int]) -> frozenset[date]:
    """Bank holidays in ANY of the subdivisions (cached per subdivision set and year)."""
    key = _subdivs(subdivs)
    wanted = [years] if isinstance(years, int) else list(years)
    return frozenset(day for year in wanted for day in _holiday_table(key, year))


def holiday_name(day: date, subdivs: Iterable[str]) -> str | None:
    """The holiday on this day in any of the subdivisions, or None."""
    return _holiday_table(_subdivs(subdivs), day.year).get(day)


def is_working_day(day: date, subdivs: Iterable[str]) -> bool:
    """A weekday that is not a bank holiday in any of the subdivisions."""
    return day.weekday() < 5 and day not in _holiday_table(_subdivs(subdivs), day.year)


def next_working_day(day: date, subdivs: Iterable[str]) -> date:
    """The first working day on or after `day`."""
    key = _subdivs(subdivs)
    while not is_working_day(day, key):
        day += ONE_DAY
    return day


def previous_working_day(day: date, subdivs: Iterable[str]) -> date:
    """The last working day on or before `day`."""
    key = _subdivs(subdivs)
    while not is_working_day(day, key):
        day -= ONE_DAY
    return day


def add_working_days(start: date, n: int, subdivs: Iterable[str]) -> date:
    """The n-th working day after `start` (`start` itself never counts; n=0 gives `start`)."""
    if n < 0:
        raise ValueError("n must not be negative")
    key = _subdivs(subdivs)
    day = start
    while n:
        day += ONE_DAY
        if is_working_day(day, key):
            n -= 1
    return day


def working_days_between(start: date, end: date, subdivs: Iterable[str]) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not after `start`)."""
    key = _subdivs(subdivs)
    count, day = 0, start + ONE_DAY
    while day <= end:
        count += is_working_day(day, key)
        day += ONE_DAY
    return count


def holidays_in(first: date, last: date, subdivs: Iterable[str]) -> list[tuple[date, str]]:
    """Weekday bank holidays from `first` to `last` inclusive, with their names."""
    key = _subdivs(subdivs)
    found, day = [], first
    while day <= last:
        name = _holiday_table(key, day.year).get(day)
        if name and day.weekday() < 5:
            found.append((day, name))
        day += ONE_DAY
    return found


def easter_sunday(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm), for the Easter holiday span."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier, clamped to the month's end (31 May - 3 = 28 Feb)."""
    index = day.year * 12 + day.month - 1 - months
    year, month0 = divmod(index, 12)
    for dom in range(day.day, 27, -1):
        try:
            return date(year, month0 + 1, dom)
        except ValueError:
            continue
    return date(year, month0 + 1, min(day.day, 28))


def _latest(start: date, ok: Callable[[date], bool], what: str) -> date:
    """The latest day on or before `start` for which `ok` holds (it must be monotone)."""
    day = start
    for _ in range(SEARCH_LIMIT_DAYS):
        if ok(day):
            return day
        day -= ONE_DAY
    raise ValueError(
        f"could not find a {what} within {SEARCH_LIMIT_DAYS} days of {fmt_date(start)}"
    )


def _earliest(start: date, ok: Callable[[date], bool], what: str) -> date:
    """The earliest day on or after `start` for which `ok` holds (it must be monotone)."""
    day = start
    for _ in range(SEARCH_LIMIT_DAYS):
        if ok(day):
            return day
        day += ONE_DAY
    raise ValueError(
        f"could not find a {what} within {SEARCH_LIMIT_DAYS} days of {fmt_date(start)}"
    )


# --------------------------------------------------------------------------- rule models

_ID = r"^[a-z0-9][a-z0-9_.\-]*$"


class TimetableRule(Strict):
    """Every timetable entry: the id of the check it produces, why it exists and its source."""

    id: str = Field(min_length=1, pattern=_ID)
    why: str = Field(min_length=10)
    source: str = Field(min_length=3)
    #: The check category (see CHECK_CATEGORIES); "" takes the file's `category:`.
    category: str = ""


class CalendarRule(TimetableRule):
    """Which subdivisions' bank holidays stop the working-day clock under one regime."""

    subdivisions: list[Subdivision] = Field(min_length=1)

    @field_validator("subdivisions")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("each subdivision may be named only once")
        return value


class MissingDatesRule(TimetableRule):
    required: list[DateField] = Field(min_length=1)
    non_competitive_procedures: list[str] = Field(default_factory=list)
    required_without_competition: list[DateField] = Field(default_factory=list)


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


class PlannedNoticeWindow(Strict):
    min_days: int = Field(ge=0, le=366)
    max_months: int = Field(ge=1, le=60)
    source: str = Field(min_length=3)


class PlannedNoticeRule(TimetableRule):
    windows: dict[Regime, PlannedNoticeWindow] = Field(default_factory=dict)


class PeriodRow(Strict):
    """One circumstance in a statutory minimum table; `days: null` means no minimum."""

    circumstance: Circumstance
    days: int | None = Field(ge=0, le=366)
    label: str = Field(min_length=3)
    source: str = Field(min_length=3)


def _known_procedures(regime: str, names: Iterable[str]) -> None:
    unknown = [p for p in names if p not in PROCEDURES[regime]]
    if unknown:
        raise ValueError(
            f"unknown {regime} procedure(s) {', '.join(unknown)}; "
            f"use: {', '.join(PROCEDURES[regime])}"
        )


class Pa23TenderingRule(TimetableRule):
    procedures: list[str] = Field(min_length=1)
    rows: list[PeriodRow] = Field(min_length=1)

    @field_validator("procedures")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        _known_procedures("procurement_act_2023", value)
        return value


class PcrTenderingRule(TimetableRule):
    procedures: dict[str, list[PeriodRow]] = Field(min_length=1)

    @field_validator("procedures")
    @classmethod
    def _known(cls, value: dict[str, list[PeriodRow]]) -> dict[str, list[PeriodRow]]:
        _known_procedures("public_contracts_regulations_2015", value)
        return value


class ReasonablePeriodRule(TimetableRule):
    default_days: int = Field(ge=1, le=366)


class StandstillExemptionRow(Strict):
    key: StandstillExemption
    label: str = Field(min_length=3)


class Pa23StandstillRule(TimetableRule):
    working_days: int = Field(ge=1, le=60)
    not_mandatory_when: list[StandstillExemptionRow] = Field(default_factory=list)


class PsrStandstillRule(TimetableRule):
    working_days: int = Field(ge=1, le=60)
    procedures: list[str] = Field(min_length=1)

    @field_validator("procedures")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        _known_procedures("provider_selection_regime", value)
        return value


class PcrStandstillRule(TimetableRule):
    calendar_days: int = Field(ge=1, le=60)
    extend_to_working_day: bool = True


class GapRule(TimetableRule):
    working_days: int = Field(ge=0, le=260)


class TimetableRules(Strict):
    """All of `rules/timetable.yaml`: validated directly from the parsed top-level mapping."""

    category: str = ""  # the default check category of every entry that names none
    calendars: dict[Regime, CalendarRule]
    missing_dates: MissingDatesRule
    order: OrderRule
    non_working_days: NonWorkingDayRule
    holiday_spans: HolidaySpanRule
    vcfse_window: VcfseWindowRule
    planned_notice: PlannedNoticeRule
    pa23_tendering_period: Pa23TenderingRule
    pcr_tendering_period: PcrTenderingRule
    reasonable_period: ReasonablePeriodRule
    pa23_standstill: Pa23StandstillRule
    psr_standstill: PsrStandstillRule
    pcr_standstill: PcrStandstillRule
    clarification_gap: GapRule
    evaluation_period: GapRule
    mobilisation: GapRule

    @model_validator(mode="after")
    def _complete(self) -> TimetableRules:
        missing = [r for r in PROCEDURES if r not in self.calendars]
        if missing:
            raise ValueError(f"calendars: add a calendar for {', '.join(missing)}")
        seen: dict[str, str] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            entries = value.items() if isinstance(value, dict) else [(name, value)]
            for key, entry in entries:
                if isinstance(entry, TimetableRule):
                    where = f"{name}.{key}" if isinstance(value, dict) else name
                    if entry.id in seen:
                        raise ValueError(
                            f"{where}: id `{entry.id}` is already used by {seen[entry.id]}"
                        )
                    seen[entry.id] = where
        return self

    def calendar(self, regime: Regime) -> tuple[str, ...]:
        """The subdivisions whose bank holidays are not working days under this regime."""
        return _subdivs(self.calendars[regime].subdivisions)


# --------------------------------------------------------------------------- computations


@dataclass(frozen=True)
class NoticeStatus:
    """Whether a planned procurement notice (or PIN) falls in the window that earns a reduction."""

    qualifies: bool
    days_before: int
    earliest: date
    latest: date
    window: PlannedNoticeWindow


@dataclass(frozen=True)
class Minimum:
    """The statutory minimum tender period for this route, and why."""

    days: int | None
    basis: str
    rule: TimetableRule | None = None
    applied: tuple[PeriodRow, ...] = ()
    binding: PeriodRow | None = None
    run_on: bool = False  # PCR: a minimum ending on a non-working day runs to the next one

    def earliest_deadline(self, published: date, cal: tuple[str, ...]) -> date | None:
        if self.days is None:
            return None
        end = published + timedelta(days=self.days)
        return next_working_day(end, cal) if self.run_on else end


@dataclass(frozen=True)
class Standstill:
    """The standstill after the award notice: its days and the earliest contract entry."""

    rule: TimetableRule
    required: bool
    notice: date
    first_day: date | None
    last_day: date | None
    earliest_entry: date
    working_days: int | None
    calendar_days: int | None
    explanation: str
    skipped: tuple[tuple[date, str], ...] = ()


def _is_light_touch(spec: TenderSpec) -> bool:
    return spec.route.light_touch or spec.route.procedure == "light_touch"


def _is_competitive(spec: TenderSpec, rules: TimetableRules) -> bool:
    return spec.route.procedure not in rules.missing_dates.non_competitive_procedures


def planned_notice_status(
    notice: date, published: date, window: PlannedNoticeWindow
) -> NoticeStatus:
    """A notice qualifies from `max_months` months up to `min_days` days before the tender."""
    earliest = months_before(published, window.max_months)
    latest = published - timedelta(days=window.min_days)
    return NoticeStatus(
        qualifies=earliest <= notice <= latest,
        days_before=(published - notice).days,
        earliest=earliest,
        latest=latest,
        window=window,
    )


def _circumstances(spec: TenderSpec, rules: TimetableRules, published: date | None) -> set[str]:
    """Every fact a minimum-period row can turn on, as the set of circumstances that hold."""
    route, central = spec.route, spec.buyer.is_central
    facts = {"standard"}
    if _is_light_touch(spec):
        facts.add("light_touch")
    if not central and route.pre_selected_suppliers:
        facts.add("pre_selected_suppliers")
        if route.agreed_tender_period:
            facts.add("agreed_with_pre_selected_suppliers")
    if not central:
        facts.add("sub_central")
        if route.agreed_tender_period:
            facts.add("sub_central_agreed")
    window = rules.planned_notice.windows.get(route.regime)
    notice = spec.timetable.planned_procurement_notice if spec.timetable else None
    if (window and notice and published
            and planned_notice_status(notice, published, window).qualifies):
        facts.add("qualifying_planned_notice")
    if route.urgency:
        facts.add("urgency")
    if route.dynamic_market:
        facts.add("dynamic_market")
    if route.electronic_submission:
        facts.add("electronic_submission")
    facts.add(
        ("electronic" if route.electronic_submission else "paper")
        + ("_with_documents" if route.documents_with_notice else "_documents_later")
    )
    return facts


def statutory_minimum(
    spec: TenderSpec, rules: TimetableRules, published: date | None = None
) -> Minimum:
    """The shortest minimum among every circumstance that applies (None: no statutory minimum)."""
    regime, procedure = spec.route.regime, spec.route.procedure
    rows: list[PeriodRow] | None = None
    rule: TimetableRule | None = None
    if regime == "procurement_act_2023":
        rule = rules.pa23_tendering_period
        if procedure in rules.pa23_tendering_period.procedures:
            rows = rules.pa23_tendering_period.rows
        else:
            return Minimum(None, f"the Procurement Act's s.54 tendering periods do not apply to a "
                                 f"{procedure.replace('_', ' ')}", rule)
    elif regime == "public_contracts_regulations_2015":
        rule = rules.pcr_tendering_period
        rows = rules.pcr_tendering_period.procedures.get(procedure)
        if rows is None:
            return Minimum(None, f"the 2015 Regulations set no tender minimum for "
                                 f"{procedure.replace('_', ' ')} in svauthor's rules", rule)
    elif regime == "provider_selection_regime":
        return Minimum(None, "the Provider Selection Regime sets no minimum tender period")
    else:
        return Minimum(None, "there is no statutory minimum for a below-threshold tender; "
                             "time limits must be reasonable and the same for every supplier")
    facts = _circumstances(spec, rules, published)
    applied = tuple(r for r in rows if r.circumstance in facts)
    if not applied:
        return Minimum(None, "no row of the minimum-period table applies", rule)
    no_minimum = [r for r in applied if r.days is None]
    binding = no_minimum[0] if no_minimum else min(applied, key=lambda r: r.days or 0)
    if binding.days is None:
        basis = f"no statutory minimum applies because of {binding.label} ({binding.source})"
    else:
        basis = f"{binding.days} days because {binding.label} ({binding.source})"
    return Minimum(binding.days, basis, rule, applied, binding,
                   run_on=regime == "public_contracts_regulations_2015")


def _best_practice_days(rules: TimetableRules, vcfse_suitable: bool) -> int:
    if vcfse_suitable:
        return max(rules.vcfse_window.min_calendar_days, rules.reasonable_period.default_days)
    return rules.reasonable_period.default_days


def required_window_days(rules: TimetableRules, *, vcfse_suitable: bool, minimum: Minimum) -> int:
    """The shortest tender window that passes every window check for this route."""
    need = minimum.days if minimum.days is not None else _best_practice_days(rules, vcfse_suitable)
    if vcfse_suitable:
        need = max(need, rules.vcfse_window.min_calendar_days)
    return need


def standstill(spec: TenderSpec, rules: TimetableRules, notice: date) -> Standstill | None:
    """The standstill that follows an award notice on `notice` (None: the regime has none)."""
    regime, route = spec.route.regime, spec.route
    cal = rules.calendar(regime)
    rule: TimetableRule
    working_days: int | None = None
    if regime == "procurement_act_2023":
        pa = rule = rules.pa23_standstill
        working_days = pa.working_days
        hits = {
            "light_touch": _is_light_touch(spec),
            "framework_call_off": route.procedure == "framework_call_off",
            "dynamic_market": route.dynamic_market,
            "urgent_direct_award": route.procedure == "direct_award" and route.urgency,
        }
        exempt = [e.label for e in pa.not_mandatory_when if hits[e.key]]
        first = next_working_day(notice, cal)
        last = add_working_days(notice - ONE_DAY, working_days, cal)
        if exempt:
            return Standstill(
                rule, False, notice, None, None, notice, None, None,
                f"A standstill is not mandatory for {_join(exempt)} (Procurement Act 2023 s.51); "
                f"if one is used it must be at least {_days(working_days, 'working day')}, "
                f"which from this notice would end on {fmt_date(last)}.",
            )
        begins = (f"beginning with the day the award notice is published ({fmt_day(notice)})"
                  if first == notice else
                  f"counted from {fmt_day(first)}, the first working day on or after the award "
                  f"notice ({fmt_day(notice)})")
        text = (f"The standstill is {_days(working_days, 'working day')} {begins}, so its last "
                f"day is {fmt_day(last)}")
        skipped = holidays_in(notice, last, cal)
    elif regime == "provider_selection_regime":
        ps = rule = rules.psr_standstill
        if route.procedure not in ps.procedures:
            return Standstill(
                rule, False, notice, None, None, notice, None, None,
                f"The Provider Selection Regime has no standstill for "
                f"{route.procedure.replace('_', ' ')}.",
            )
        working_days = ps.working_days
        first = notice + ONE_DAY
        last = add_working_days(first, working_days, cal)
        text = (f"The standstill begins on {fmt_day(first)}, the day after the notice "
                f"({fmt_day(notice)}), and ends at the end of the "
                f"{_ordinal(working_days)} working day after that, {fmt_day(last)}")
        skipped = holidays_in(first, last, cal)
    elif regime == "public_contracts_regulations_2015":
        pc = rule = rules.pcr_standstill
        first = notice + ONE_DAY
        tenth = notice + timedelta(days=pc.calendar_days)
        last = next_working_day(tenth, cal) if pc.extend_to_working_day else tenth
        text = (f"The standstill runs for {_days(pc.calendar_days)} after the notice is sent "
                f"({fmt_day(notice)}) to {fmt_day(tenth)}")
        if last != tenth:
            text += f", which is not a working day, so it runs on to {fmt_day(last)}"
        skipped = holidays_in(first, last, cal)
    else:
        return None
    if skipped:
        text += "; these bank holidays do not count: " + _join(
            [f"{fmt_date(d)} ({name})" for d, name in skipped])
    text += f". The contract can be entered into from {fmt_date(last + ONE_DAY)}."
    return Standstill(rule, True, notice, first, last, last + ONE_DAY, working_days,
                      (last - notice).days, text, tuple(skipped))


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _earliest_entry(spec: TenderSpec, rules: TimetableRules, notice: date,
                    found: Standstill | None = None) -> date:
    """The first day the contract may be entered into: after standstill, else the notice day."""
    found = found or standstill(spec, rules, notice)
    return found.earliest_entry if found else notice


def mobilisation_working_days(entry: date, start: date, cal: tuple[str, ...]) -> int:
    """Working days from the earliest contract entry (counted) to the day before the start."""
    return working_days_between(entry - ONE_DAY, start - ONE_DAY, cal)


def _earliest_start(entry: date, need: int, cal: tuple[str, ...]) -> date:
    """The first contract start leaving `need` working days to mobilise after `entry`."""
    return add_working_days(entry - ONE_DAY, need, cal) + ONE_DAY


def _latest_award_notice(spec: TenderSpec, rules: TimetableRules, start: date, need: int,
                         cal: tuple[str, ...]) -> date:
    """The last working day to publish the award notice and still mobilise before `start`."""
    def fits(a: date) -> bool:
        entry = _earliest_entry(spec, rules, a)
        return (is_working_day(a, cal) and start >= entry
                and mobilisation_working_days(entry, start, cal) >= need)

    return _latest(start, fits, "award notice date")


def _latest_clarification(deadline: date, need: int, cal: tuple[str, ...]) -> date:
    """The last working day for clarifications that leaves `need` working days to the deadline."""
    return _latest(deadline - ONE_DAY,
                   lambda c: is_working_day(c, cal)
                   and working_days_between(c, deadline, cal) >= need,
                   "clarification deadline")


# --------------------------------------------------------------------------- assessment


def _check(rule: TimetableRule, status: Literal["pass", "warn", "fail"], message: str,
           source: str | None = None, **details: Any) -> Check:
    return Check(id=rule.id, category=rule.category, status=status, message=message,
                 source=source or rule.source, details=details)


def _window_text(published: date, deadline: date) -> str:
    return (f"The tender is open for {_days((deadline - published).days)} "
            f"({fmt_date(published)} to {fmt_date(deadline)})")


def assess_timetable(
    spec: TenderSpec, *, vcfse_suitable: bool, rules: TimetableRules
) -> TimetableResult:
    """Check the spec's dates against every timetable rule; missing dates leave checks out."""
    tt = spec.timetable or Timetable()
    regime = spec.route.regime
    cal = rules.calendar(regime)
    published, deadline = tt.tender_published, tt.tender_deadline
    clar, notice, start = tt.clarification_deadline, tt.award_notice, tt.contract_start
    window_ok = published is not None and deadline is not None and deadline > published
    window = (deadline - published).days if published and deadline else None

    minimum = statutory_minimum(spec, rules, published)
    ppn_window = rules.planned_notice.windows.get(regime)
    ppn = (planned_notice_status(tt.planned_procurement_notice, published, ppn_window)
           if ppn_window and tt.planned_procurement_notice and published else None)
    stand = standstill(spec, rules, notice) if notice else None
    entry = _earliest_entry(spec, rules, notice, stand) if notice else None

    checks: list[Check] = [_missing_dates_check(spec, rules, tt)]
    order = _order_check(rules, tt)
    if order:
        checks.append(order)
    non_working = _non_working_check(rules, tt, cal)
    if non_working:
        checks.append(non_working)
    if ppn and published:
        checks.append(_planned_notice_check(rules, ppn, tt, published))
    if window_ok:
        assert published and deadline
        if minimum.rule is not None:
            checks.append(_statutory_check(minimum, published, deadline, cal))
        if minimum.days is None:
            checks.append(_reasonable_check(rules, minimum, vcfse_suitable, published, deadline))
        if vcfse_suitable:
            checks.append(_vcfse_check(rules, published, deadline, cal))
        checks.append(_holiday_span_check(rules, published, deadline, cal))
    if clar and deadline and clar < deadline:
        checks.append(_clarification_check(rules, clar, deadline, cal))
    if stand:
        checks.append(_check(
            stand.rule, "pass", stand.explanation,
            award_notice=_iso(notice), required=stand.required,
            first_day=_iso(stand.first_day), last_day=_iso(stand.last_day),
            earliest_contract_entry=_iso(stand.earliest_entry),
            working_days=stand.working_days, calendar_days=stand.calendar_days,
            holidays_skipped=[{"date": d.isoformat(), "name": n} for d, n in stand.skipped],
        ))
    if notice and start:
        assert entry
        checks.append(_mobilisation_check(spec, rules, stand, notice, entry, start, cal))

    dates: dict[str, Any] = {
        "regime": regime,
        "procedure": spec.route.procedure,
        "working_day_subdivisions": list(cal),
        "tender_window_days": window,
        "statutory_minimum_days": minimum.days,
        "statutory_minimum_basis": minimum.basis,
        "earliest_statutory_deadline": _iso(minimum.earliest_deadline(published, cal))
        if published else None,
        "best_practice_minimum_days": _best_practice_days(rules, vcfse_suitable)
        if minimum.days is None else None,
        "vcfse_minimum_days": rules.vcfse_window.min_calendar_days if vcfse_suitable else None,
        "required_window_days": required_window_days(
            rules, vcfse_suitable=vcfse_suitable, minimum=minimum),
        "planned_notice_days_before": ppn.days_before if ppn else None,
        "planned_notice_qualifies": ppn.qualifies if ppn else None,
        "clarification_working_days": working_days_between(clar, deadline, cal)
        if clar and deadline else None,
        "standstill_required": stand.required if stand else None,
        "standstill_first_day": _iso(stand.first_day) if stand else None,
        "standstill_last_day": _iso(stand.last_day) if stand else None,
        "standstill_working_days": stand.working_days if stand else None,
        "standstill_calendar_days": stand.calendar_days if stand else None,
        "earliest_contract_entry": _iso(entry),
        "mobilisation_working_days": mobilisation_working_days(entry, start, cal)
        if entry and start and start >= entry else None,
    }
    return TimetableResult(dates=dates, checks=checks)


def _missing_dates_check(spec: TenderSpec, rules: TimetableRules, tt: Timetable) -> Check:
    r = rules.missing_dates
    wanted = r.required if _is_competitive(spec, rules) else r.required_without_competition
    missing = [f for f in wanted if getattr(tt, f) is None]
    if not missing:
        return _check(r, "pass", "All the key dates are given.", missing=[])
    names = [DATE_LABELS[f] for f in missing]
    return _check(
        r, "warn",
        f"Add the {_join(names)} date{'s' if len(names) > 1 else ''} so the timetable can be "
        f"checked in full; checks that need {'them' if len(names) > 1 else 'it'} are left out "
        f"until then.",
        missing=list(missing),
    )


def _order_check(rules: TimetableRules, tt: Timetable) -> Check | None:
    r = rules.order
    given = [(f, getattr(tt, f)) for f in r.sequence if getattr(tt, f) is not None]
    pairs = list(pairwise(given))
    for before, after in r.must_precede.items():
        if getattr(tt, before) is not None and getattr(tt, after) is not None:
            pairs.append(((before, getattr(tt, before)), (after, getattr(tt, after))))
    if not pairs:
        return None
    wrong = [(a, b) for a, b in pairs if not a[1] < b[1]]
    details: dict[str, Any] = {
        "pairs": [{"before": a[0], "after": b[0], "ok": a[1] < b[1]} for a, b in pairs]
    }
    if not wrong:
        return _check(r, "pass", "The dates are in order.", **details)
    problems = [
        f"the {DATE_LABELS[a[0]]} ({fmt_date(a[1])}) must come before the "
        f"{DATE_LABELS[b[0]]} ({fmt_date(b[1])})"
        for a, b in wrong
    ]
    text = "; ".join(problems)
    return _check(r, "fail", f"Dates are out of order: {text}.", **details)


def _non_working_check(rules: TimetableRules, tt: Timetable, cal: tuple[str, ...]) -> Check | None:
    r = rules.non_working_days
    given = [(f, getattr(tt, f)) for f in r.dates if getattr(tt, f) is not None]
    if not given:
        return None
    bad = [(f, day) for f, day in given if not is_working_day(day, cal)]
    if not bad:
        names = _join([DATE_LABELS[f] for f, _ in given])
        verb = "falls" if len(given) == 1 else "fall"
        return _check(r, "pass", f"The {names} {verb} on working days.",
                      dates=[f for f, _ in given])
    parts, details = [], []
    for field, day in bad:
        why = (f"a {_WEEKDAYS[day.weekday()]}" if day.weekday() >= 5
               else f"a bank holiday ({holiday_name(day, cal)})")
        after = next_working_day(day, cal)
        parts.append(f"the {DATE_LABELS[field]} ({fmt_date(day)}) falls on {why}; the next "
                     f"working day is {fmt_date(after)}")
        details.append({"date_field": field, "date": day.isoformat(), "reason": why,
                        "next_working_day": after.isoformat()})
    return _check(r, "warn", "Move to a working day: " + "; ".join(parts) + ".", dates=details)


def _planned_notice_check(
    rules: TimetableRules, ppn: NoticeStatus, tt: Timetable, published: date
) -> Check:
    r = rules.planned_notice
    notice = tt.planned_procurement_notice
    assert notice is not None
    w = ppn.window
    span = f"{_days(w.min_days)} to {w.max_months} months"
    details: dict[str, Any] = {
        "planned_notice": notice.isoformat(), "tender_published": published.isoformat(),
        "days_before": ppn.days_before, "qualifies": ppn.qualifies,
        "earliest_qualifying": ppn.earliest.isoformat(),
        "latest_qualifying": ppn.latest.isoformat(),
    }
    head = (f"The planned procurement notice ({fmt_date(notice)}) was published "
            f"{_days(ppn.days_before)} before the tender notice ({fmt_date(published)})")
    if ppn.qualifies:
        return _check(r, "pass", f"{head}, inside the {span} window, so it qualifies for the "
                                 f"shorter minimum tender period.", w.source, **details)
    if notice >= published:
        reason = "; it must come before the tender notice"
    elif notice > ppn.latest:
        reason = (f"; it must be at least {_days(w.min_days)} before, so it does not qualify for "
                  f"the shorter minimum tender period. To qualify it needed publishing by "
                  f"{fmt_date(ppn.latest)}, or the tender notice on or after "
                  f"{fmt_date(notice + timedelta(days=w.min_days))}")
    else:
        reason = (f", more than {w.max_months} months before (the earliest qualifying date was "
                  f"{fmt_date(ppn.earliest)}), so it does not qualify for the shorter minimum "
                  f"tender period")
    return _check(r, "warn", head + reason + ".", w.source, **details)


def _statutory_check(
    minimum: Minimum, published: date, deadline: date, cal: tuple[str, ...]
) -> Check:
    rule = minimum.rule
    assert rule is not None
    window = (deadline - published).days
    circumstances = [{"circumstance": r.circumstance, "days": r.days, "label": r.label,
                      "source": r.source} for r in minimum.applied]
    details: dict[str, Any] = {"window_days": window, "minimum_days": minimum.days,
                               "basis": minimum.basis, "circumstances": circumstances,
                               "tender_published": published.isoformat(),
                               "tender_deadline": deadline.isoformat()}
    source = "; ".join(dict.fromkeys(
        [rule.source] + [r.source for r in minimum.applied if r.source not in rule.source]))
    if minimum.days is None:
        return _check(rule, "pass",
                      f"{_window_text(published, deadline)}. There is no statutory minimum "
                      f"tendering period: {minimum.basis}. It must still be reasonable.",
                      source, **details)
    earliest = minimum.earliest_deadline(published, cal)
    assert earliest is not None

    def in_time(p: date) -> bool:
        end = minimum.earliest_deadline(p, cal)
        return end is not None and end <= deadline

    latest_pub = _latest(deadline, in_time, "publication date")
    details.update(earliest_deadline=earliest.isoformat(),
                   latest_publication=latest_pub.isoformat())
    applies = ""
    if len(minimum.applied) > 1:
        applies = " Circumstances that apply: " + "; ".join(
            f"{r.label} ({'no minimum' if r.days is None else _days(r.days)})"
            for r in minimum.applied) + "; the shortest binds."
    run_on = ""
    plain_end = published + timedelta(days=minimum.days)
    if earliest != plain_end:
        run_on = (f" The {minimum.days}-day minimum ends on {fmt_day(plain_end)}, not a working "
                  f"day, so it runs on to {fmt_date(earliest)}.")
    if deadline >= earliest:
        return _check(rule, "pass",
                      f"{_window_text(published, deadline)}, meeting the statutory minimum of "
                      f"{minimum.basis}.{run_on}{applies}", source, **details)
    return _check(rule, "fail",
                  f"{_window_text(published, deadline)}, short of the statutory minimum of "
                  f"{minimum.basis}.{run_on} Set the deadline on or after {fmt_date(earliest)}, "
                  f"or publish by {fmt_date(latest_pub)}.{applies}", source, **details)


def _reasonable_check(rules: TimetableRules, minimum: Minimum, vcfse_suitable: bool,
                      published: date, deadline: date) -> Check:
    r = rules.reasonable_period
    figure = _best_practice_days(rules, vcfse_suitable)
    window = (deadline - published).days
    basis = (f"the six-week window for tenders that suit VCFSE organisations ({_days(figure)})"
             if vcfse_suitable else f"svauthor's best-practice figure of {_days(figure)}")
    source = r.source + ("; " + rules.vcfse_window.source if vcfse_suitable else "")
    details: dict[str, Any] = {"window_days": window, "best_practice_days": figure,
                               "basis": minimum.basis}
    head = (f"{_window_text(published, deadline)}. No statutory minimum applies "
            f"({minimum.basis}), but the period must be reasonable and proportionate")
    if window >= figure:
        return _check(r, "pass", f"{head}; it meets {basis}.", source, **details)
    return _check(r, "warn",
                  f"{head}; it is shorter than {basis}. Consider setting the deadline on or after "
                  f"{fmt_date(published + timedelta(days=figure))} or publishing by "
                  f"{fmt_date(deadline - timedelta(days=figure))}.", source, **details)


def _vcfse_check(rules: TimetableRules, published: date, deadline: date,
                 cal: tuple[str, ...]) -> Check:
    r = rules.vcfse_window
    window, need = (deadline - published).days, r.min_calendar_days
    # The fixes offered land on working days: a notice or deadline at a weekend helps no one.
    latest_publication = previous_working_day(deadline - timedelta(days=need), cal)
    earliest_deadline = next_working_day(published + timedelta(days=need), cal)
    details: dict[str, Any] = {
        "window_days": window, "minimum_days": need,
        "latest_publication": latest_publication.isoformat(),
        "earliest_deadline": earliest_deadline.isoformat(),
    }
    if window >= need:
        return _check(r, "pass", f"{_window_text(published, deadline)}, meeting the six-week "
                                 f"minimum of {_days(need)} for tenders that suit VCFSE "
                                 f"organisations.", **details)
    return _check(r, "fail",
                  f"{_window_text(published, deadline)}; the six-week minimum for tenders that "
                  f"suit VCFSE organisations is {_days(need)}. Publish by "
                  f"{fmt_day(latest_publication)} or set the deadline on or after "
                  f"{fmt_day(earliest_deadline)}.", **details)


def _holiday_span_check(rules: TimetableRules, published: date, deadline: date,
                        cal: tuple[str, ...]) -> Check:
    r = rules.holiday_spans
    first, last = published + ONE_DAY, deadline
    hits: list[dict[str, Any]] = []
    for span in r.spans:
        for year in range(first.year - 1, last.year + 1):
            start, end = span.occurrence(year)
            lo, hi = max(start, first), min(end, last)
            if lo > hi:
                continue
            days = ((lo + timedelta(days=i)) for i in range((hi - lo).days + 1))
            weekdays = sum(d.weekday() < 5 for d in days)
            hits.append({"name": span.name, "start": start.isoformat(), "end": end.isoformat(),
                         "weekdays": weekdays, "bank_holidays": len(holidays_in(lo, hi, cal))})
    if not hits:
        names = _join([s.name for s in r.spans], "or")
        return _check(r, "pass", f"{_window_text(published, deadline)} and does not run over "
                                 f"{names}.", spans=[])
    parts = [
        f"{h['name']} ({fmt_date(date.fromisoformat(h['start']))} to "
        f"{fmt_date(date.fromisoformat(h['end']))}): {_days(h['weekdays'], 'weekday')} in the "
        f"window, {h['bank_holidays']} of them bank holidays"
        for h in hits
    ]
    lost = sum(h["weekdays"] for h in hits)
    return _check(r, "warn",
                  f"{_window_text(published, deadline)} and runs over " + "; ".join(parts)
                  + f". Many bidders close or run short-staffed then, so the window gives about "
                  f"{_days(lost, 'working day')} less than it seems; consider extending it by "
                  f"that much.", spans=hits, working_days_lost=lost)


def _clarification_check(rules: TimetableRules, clar: date, deadline: date,
                         cal: tuple[str, ...]) -> Check:
    r = rules.clarification_gap
    gap, need = working_days_between(clar, deadline, cal), r.working_days
    details: dict[str, Any] = {
        "working_days": gap, "minimum_working_days": need,
        "clarification_deadline": clar.isoformat(), "tender_deadline": deadline.isoformat(),
    }
    head = (f"Bidders have {_days(gap, 'working day')} after the clarification deadline "
            f"({fmt_date(clar)}) up to the tender deadline ({fmt_date(deadline)})")
    if gap >= need:
        return _check(r, "pass", f"{head}; svauthor recommends at least "
                                 f"{_days(need, 'working day')}.", **details)
    latest = _latest_clarification(deadline, need, cal)
    later = add_working_days(clar, need, cal)
    details.update(latest_clarification=latest.isoformat(), earliest_deadline=later.isoformat())
    return _check(r, "warn",
                  f"{head}; svauthor recommends at least {_days(need, 'working day')} so answers "
                  f"can be used. Move the clarification deadline to {fmt_date(latest)} or earlier, "
                  f"or the tender deadline to {fmt_date(later)} or later.", **details)


def _mobilisation_check(spec: TenderSpec, rules: TimetableRules, stand: Standstill | None,
                        notice: date, entry: date, start: date, cal: tuple[str, ...]) -> Check:
    r = rules.mobilisation
    need = r.working_days
    earliest_start = next_working_day(_earliest_start(entry, need, cal), cal)
    latest_notice = _latest_award_notice(spec, rules, start, need, cal)
    fix = (f"Start the contract on or after {fmt_date(earliest_start)}, or publish the award "
           f"notice by {fmt_date(latest_notice)}, to allow {_days(need, 'working day')} to "
           f"mobilise.")
    details: dict[str, Any] = {"earliest_contract_entry": entry.isoformat(),
                               "contract_start": start.isoformat(), "minimum_working_days": need,
                               "earliest_start": earliest_start.isoformat(),
                               "latest_award_notice": latest_notice.isoformat()}
    if stand is not None and stand.required:
        source = f"{stand.rule.source}; {r.source}"
        where = f"{fmt_date(entry)}, the day after the standstill ends"
    else:
        source = r.source
        where = f"{fmt_date(entry)}, the award notice date (no standstill applies)"
    if start < entry:
        details["working_days"] = None
        if stand is not None and stand.last_day is not None:
            why = (f"the standstill's last day is {fmt_date(stand.last_day)}, so the earliest "
                   f"entry is {fmt_date(entry)}")
        else:
            why = f"it cannot be entered into before the award notice ({fmt_date(notice)})"
        return _check(r, "fail",
                      f"The contract start ({fmt_date(start)}) is before the contract can be "
                      f"entered into: {why}. {fix}", source, **details)
    days = mobilisation_working_days(entry, start, cal)
    details["working_days"] = days
    head = (f"There {'is' if days == 1 else 'are'} {_days(days, 'working day')} to mobilise "
            f"between {where}, and the contract start ({fmt_date(start)})")
    if days >= need:
        return _check(r, "pass", f"{head}; svauthor recommends at least "
                                 f"{_days(need, 'working day')}.", source, **details)
    return _check(r, "warn", f"{head}; svauthor recommends at least {_days(need, 'working day')}. "
                             f"{fix}", source, **details)


# --------------------------------------------------------------------------- suggestion


def suggest_timetable(
    spec: TenderSpec, *, vcfse_suitable: bool, rules: TimetableRules
) -> Timetable:
    """A timetable that passes every rule: worked back from contract_start, else forward.

    Dates the checks want on working days land on working days; a planned procurement notice is
    not relied on for a shorter window (it is kept only if it still comes first).
    """
    tt = spec.timetable or Timetable()
    cal = rules.calendar(spec.route.regime)
    competitive = _is_competitive(spec, rules)
    window = required_window_days(rules, vcfse_suitable=vcfse_suitable,
                                  minimum=statutory_minimum(spec, rules, None))
    gap, evaluation = rules.clarification_gap.working_days, rules.evaluation_period.working_days
    mobilise = rules.mobilisation.working_days

    published: date | None = None
    clar: date | None = None
    deadline: date | None = None
    if tt.contract_start is not None:
        start = tt.contract_start
        notice = _latest_award_notice(spec, rules, start, mobilise, cal)
        if competitive:
            due = _latest(notice - ONE_DAY,
                          lambda d: is_working_day(d, cal)
                          and working_days_between(d, notice, cal) >= evaluation,
                          "tender deadline")
            clar = _latest_clarification(due, gap, cal)
            deadline = due
            upper = min(due - timedelta(days=window), clar - ONE_DAY)
            published = _latest(upper, lambda p: is_working_day(p, cal), "publication date")
    elif tt.tender_published is not None:
        if not competitive:
            raise ValueError(
                f"a {spec.route.procedure.replace('_', ' ')} has no tender window to work forward "
                f"from; give the contract start date instead"
            )
        published = next_working_day(tt.tender_published, cal)
        first_clar = add_working_days(published, 1, cal)
        due = max(next_working_day(published + timedelta(days=window), cal),
                  add_working_days(first_clar, gap, cal))
        clar = _latest_clarification(due, gap, cal)
        deadline = due
        notice = add_working_days(due, evaluation, cal)
        ready = _earliest_start(_earliest_entry(spec, rules, notice), mobilise, cal)
        start = next_working_day(ready, cal)
    else:
        raise ValueError(
            "cannot suggest a timetable without a date to work from: give the contract start "
            "(to work back from) or the tender publication date (to work forward from)"
        )
    first_step = published or notice

    def keep(day: date | None) -> date | None:
        return day if day is not None and day < first_step else None

    return Timetable(
        planned_procurement_notice=keep(tt.planned_procurement_notice) if published else None,
        market_engagement=keep(tt.market_engagement),
        tender_published=published,
        clarification_deadline=clar,
        tender_deadline=deadline,
        award_notice=notice,
        contract_start=start,
    )
