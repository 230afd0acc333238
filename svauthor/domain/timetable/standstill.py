"""The standstill after an award notice, computed from the regime's data by its counting method."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from svauthor.domain.law import StandstillRule
from svauthor.domain.spec import TenderSpec
from svauthor.domain.timetable.calendar import (
    ONE_DAY,
    Calendar,
    add_working_days,
    fmt_day,
    holiday_name,
    holidays_in,
    join,
    next_working_day,
)
from svauthor.domain.timetable.model import TimetableRules
from svauthor.domain.timetable.periods import timetable_facts
from svauthor.ukformat import fmt_date


@dataclass(frozen=True)
class Standstill:
    """The standstill after the award notice: its days and the earliest contract entry."""

    rule: StandstillRule
    required: bool
    notice: date
    first_day: date | None
    last_day: date | None
    earliest_entry: date
    working_days: int | None
    calendar_days: int | None
    explanation: str
    skipped: tuple[tuple[date, str], ...] = ()
    open_ended: bool = False
    source: str = ""


def days_text(n: int, unit: str = "day") -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _last_day(rule: StandstillRule, notice: date, n: int, cal: Calendar) -> tuple[date, date]:
    """(first day, last day) of a standstill of `n` days or working days by the rule's method."""
    if rule.method == "working_days_beginning_with_notice":
        return next_working_day(notice, cal), add_working_days(notice - ONE_DAY, n, cal)
    first = notice + ONE_DAY
    if rule.method == "working_days_after_day_after_notice":
        return first, add_working_days(first, n, cal)
    end = notice + timedelta(days=n)
    return first, next_working_day(end, cal) if rule.run_on else end


def standstill(spec: TenderSpec, rules: TimetableRules, notice: date,
               facts: dict[str, Any] | None = None) -> Standstill | None:
    """The standstill that follows an award notice on `notice` (None: the regime has none)."""
    regime = rules.regime(spec.route.regime)
    rule = regime.standstill
    if rule is None:
        return None
    facts = facts if facts is not None else timetable_facts(spec, rules)
    cal = rules.calendar(spec.route.regime, spec.buyer.nation)
    procedure = regime.procedures[spec.route.procedure]
    if rule.procedures is not None and spec.route.procedure not in rule.procedures:
        return Standstill(
            rule, False, notice, None, None, notice, None, None,
            f"{regime.title[0].upper()}{regime.title[1:]} has no standstill for a "
            f"{procedure.label.lower()}.", source=rule.no_standstill_source or rule.source,
        )
    length = rule.length(facts)
    n = length.days
    calendar_count = rule.method == "calendar_days_after_notice"
    unit = "day" if calendar_count else "working day"
    first, last = _last_day(rule, notice, n, cal)
    source = "; ".join(dict.fromkeys(
        s for s in (rule.source, length.source,
                    rule.run_on_source if calendar_count and last != notice + timedelta(days=n)
                    else None) if s))
    exempt = [e for e in rule.not_mandatory_when if e.holds(facts)]
    if exempt:
        where = "; ".join(dict.fromkeys(e.source or rule.exemption_source or rule.source
                                        for e in exempt))
        return Standstill(
            rule, False, notice, None, None, notice, None, None,
            f"A standstill is not mandatory for {join([e.label for e in exempt])} ({where}); "
            f"if one is used it must be at least {days_text(n, unit)}, which from this notice "
            f"would end on {fmt_date(last)}.",
            source=where,
        )
    if rule.method == "working_days_beginning_with_notice":
        begins = (f"beginning with the day the award notice is published ({fmt_day(notice)})"
                  if first == notice else
                  f"counted from {fmt_day(first)}, the first working day on or after the award "
                  f"notice ({fmt_day(notice)})")
        text = (f"The standstill is {days_text(n, unit)} {begins}, so its last "
                f"day is {fmt_day(last)}")
    elif rule.method == "working_days_after_day_after_notice":
        text = (f"The standstill begins on {fmt_day(first)}, the day after the notice "
                f"({fmt_day(notice)}), and ends at the end of the "
                f"{ordinal(n)} working day after that, {fmt_day(last)}")
    else:
        nth = notice + timedelta(days=n)
        text = (f"The standstill runs for {days_text(n)} after the notice is sent "
                f"({fmt_day(notice)}) to {fmt_day(nth)}")
        if last != nth:
            why = holiday_name(nth, cal)
            text += (f", which is not a working day{f' ({why})' if why else ''}, so it runs on "
                     f"to {fmt_day(last)}")
    skipped: list[tuple[date, str]] = []
    if calendar_count:
        text += "; bank holidays inside the period still count as days"
    else:
        skipped = holidays_in(
            notice if rule.method == "working_days_beginning_with_notice" else first, last, cal)
        if skipped:
            text += "; these bank holidays do not count: " + join(
                [f"{fmt_date(d)} ({name})" for d, name in skipped])
    open_ended = [e for e in rule.open_ended_when if e.holds(facts)]
    if open_ended:
        text += (". But " + join([e.label.strip() for e in open_ended]) + ", so the earliest "
                 f"date to enter into the contract is no sooner than {fmt_date(last + ONE_DAY)} "
                 f"and may be later")
        source = "; ".join(dict.fromkeys([source, *[e.source for e in open_ended if e.source]]))
    else:
        text += f". The contract can be entered into from {fmt_day(last + ONE_DAY)}"
    text += "."
    return Standstill(rule, True, notice, first, last, last + ONE_DAY,
                      None if calendar_count else n, (last - notice).days, text, tuple(skipped),
                      bool(open_ended), source)


def entry_after(spec: TenderSpec, rules: TimetableRules, notice: date,
                facts: dict[str, Any]) -> date:
    """`standstill(...).earliest_entry` (the notice day when there is none) without writing the
    explanation: the search for the latest award notice asks this a dozen times per tender."""
    rule = rules.regime(spec.route.regime).standstill
    if rule is None or (rule.procedures is not None
                        and spec.route.procedure not in rule.procedures):
        return notice
    n = rule.length(facts).days
    if any(e.holds(facts) for e in rule.not_mandatory_when):
        return notice
    cal = rules.calendar(spec.route.regime, spec.buyer.nation)
    return _last_day(rule, notice, n, cal)[1] + ONE_DAY


def earliest_entry(spec: TenderSpec, rules: TimetableRules, notice: date,
                   found: Standstill | None = None) -> date:
    """The first day the contract may be entered into: after standstill, else the notice day."""
    found = found or standstill(spec, rules, notice)
    return found.earliest_entry if found else notice
