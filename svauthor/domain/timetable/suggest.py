"""Suggest a timetable that passes every rule, worked back from the contract start or forward."""

from __future__ import annotations

from datetime import date, timedelta

from svauthor.domain.spec import TenderSpec, Timetable
from svauthor.domain.timetable.calendar import (
    ONE_DAY,
    Calendar,
    add_working_days,
    latest_working,
    next_working_day,
    previous_working_day,
    working_days_between,
)
from svauthor.domain.timetable.checks import (
    earliest_start,
    latest_award_notice,
    latest_clarification,
    required_window_days,
)
from svauthor.domain.timetable.model import TimetableRules
from svauthor.domain.timetable.periods import (
    Minimum,
    is_competitive,
    is_multi_stage,
    participation_minimum,
    statutory_minimum,
)
from svauthor.domain.timetable.standstill import earliest_entry

NO_DATE = ("cannot suggest a timetable without a date to work from: give the contract start "
           "(to work back from) or the tender publication date (to work forward from)")


def _award_and_start(spec: TenderSpec, rules: TimetableRules, due: date,
                     cal: Calendar) -> tuple[date, date]:
    """Working forward from the tender deadline: the award notice, then the contract start."""
    notice = add_working_days(due, rules.evaluation_period.working_days, cal)
    ready = earliest_start(earliest_entry(spec, rules, notice),
                           rules.mobilisation.working_days, cal)
    return notice, next_working_day(ready, cal)


def suggest_timetable(
    spec: TenderSpec, *, vcfse_suitable: bool, rules: TimetableRules, today: date | None = None
) -> Timetable:
    """A timetable that passes every rule: worked back from contract_start, else forward.

    Dates the checks want on working days land on working days; a planned procurement notice is
    not relied on for a shorter window (it is kept only if it still comes first). With `today`,
    nothing is suggested before the documents can be ready (`earliest_publication`): a contract
    start that cannot be met from then is given up and the timetable is worked forward from
    that day, still keeping the tender window clear of Christmas and Easter where it can.
    """
    earliest = earliest_publication(rules, spec, today) if today is not None else None
    found = _suggest(spec, vcfse_suitable=vcfse_suitable, rules=rules)
    first = found.tender_published or found.award_notice
    if earliest is not None and first is not None and first < earliest:
        tt = (spec.timetable or Timetable()).model_copy(
            update={"contract_start": None, "tender_published": earliest})
        if not is_competitive(spec, rules):
            tt = tt.model_copy(update={"tender_published": None,
                                       "contract_start": _start_from(spec, rules, earliest)})
        forward = spec.model_copy(update={"timetable": tt})
        soonest = _suggest(forward, vcfse_suitable=vcfse_suitable, rules=rules)
        return _avoid_breaks(forward, soonest, vcfse_suitable=vcfse_suitable, rules=rules,
                             today=earliest)
    return _avoid_breaks(spec, found, vcfse_suitable=vcfse_suitable, rules=rules, today=earliest)


def earliest_publication(rules: TimetableRules, spec: TenderSpec, today: date) -> date:
    """The first day a suggestion may publish: the preparation period after today (rules data),
    on a working day."""
    cal = rules.calendar(spec.route.regime, spec.buyer.nation)
    prep = rules.preparation_period.working_days if rules.preparation_period else 0
    return add_working_days(next_working_day(today, cal), prep, cal) if prep else \
        next_working_day(today, cal)


def _break_in(rules: TimetableRules, published: date, deadline: date) -> tuple[date, date] | None:
    """The first holiday span (Christmas, Easter: rules data) the tender window runs over, as
    the holiday-span check reads the window (the day after publication to the deadline)."""
    first, last = published + ONE_DAY, deadline
    for span in rules.holiday_spans.spans:
        for year in range(first.year - 1, last.year + 1):
            start, end = span.occurrence(year)
            if max(start, first) <= min(end, last):
                return start, end
    return None


def _avoid_breaks(spec: TenderSpec, found: Timetable, *, vcfse_suitable: bool,
                  rules: TimetableRules, today: date | None) -> Timetable:
    """The suggestion passes its own holiday-span check where it can: worked back from a
    contract start, the window closes before the break (the evaluation runs longer); worked
    forward, it opens after it. Kept as found when the other window fails a check of its own
    (it would start before today, or miss the contract start)."""
    published, deadline = found.tender_published, found.tender_deadline
    if published is None or deadline is None:
        return found
    hit = _break_in(rules, published, deadline)
    if hit is None:
        return found
    tt = spec.timetable or Timetable()
    cal = rules.calendar(spec.route.regime, spec.buyer.nation)
    try:
        if tt.contract_start is not None:
            other = _suggest(spec, vcfse_suitable=vcfse_suitable, rules=rules,
                             deadline_by=previous_working_day(hit[0] - ONE_DAY, cal))
        else:
            later = tt.model_copy(update={"tender_published": hit[1] + ONE_DAY})
            other = _suggest(spec.model_copy(update={"timetable": later}),
                             vcfse_suitable=vcfse_suitable, rules=rules)
    except (ValueError, LookupError):
        return found
    first = other.tender_published
    if first is None or other.tender_deadline is None \
            or _break_in(rules, first, other.tender_deadline) is not None \
            or (today is not None and first < today) \
            or (tt.contract_start is not None and other.contract_start != tt.contract_start):
        return found
    return other


def _start_from(spec: TenderSpec, rules: TimetableRules, today: date) -> date:
    """For a procedure with no tender window: the first start reachable from an award today."""
    cal = rules.calendar(spec.route.regime, spec.buyer.nation)
    notice = next_working_day(today, cal)
    ready = earliest_start(earliest_entry(spec, rules, notice),
                           rules.mobilisation.working_days, cal)
    return next_working_day(ready, cal)


def _suggest(spec: TenderSpec, *, vcfse_suitable: bool, rules: TimetableRules,
             deadline_by: date | None = None) -> Timetable:
    """`deadline_by`: working back, the tender deadline falls on or before it."""
    tt = spec.timetable or Timetable()
    cal = rules.calendar(spec.route.regime, spec.buyer.nation)
    competitive = is_competitive(spec, rules)
    minimum = statutory_minimum(spec, rules, None)
    window = required_window_days(rules, vcfse_suitable=vcfse_suitable, minimum=minimum)
    if competitive and is_multi_stage(spec, rules.regime(spec.route.regime)):
        return _multi_stage(spec, rules, tt, cal, vcfse_suitable, minimum, deadline_by)
    gap, evaluation = rules.clarification_gap.working_days, rules.evaluation_period.working_days
    mobilise = rules.mobilisation.working_days

    published: date | None = None
    clar: date | None = None
    deadline: date | None = None
    if tt.contract_start is not None:
        start = tt.contract_start
        notice = latest_award_notice(spec, rules, start, mobilise, cal)
        if competitive:
            due = latest_working(min(notice - ONE_DAY, deadline_by or notice),
                                 lambda d: working_days_between(d, notice, cal) >= evaluation,
                                 "tender deadline", cal)
            clar = latest_clarification(due, gap, cal)
            deadline = due
            upper = min(due - timedelta(days=window), clar - ONE_DAY)
            published = previous_working_day(upper, cal)
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
        clar = latest_clarification(due, gap, cal)
        deadline = due
        notice, start = _award_and_start(spec, rules, due, cal)
    else:
        raise ValueError(NO_DATE)
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


def _ends_by(minimum: Minimum | None, start: date, need: int, cal: Calendar) -> date:
    """The earliest end of a period from `start`: its statutory minimum, else `need` days."""
    found = minimum.earliest_deadline(start, cal) if minimum is not None else None
    return found if found is not None else start + timedelta(days=need)


def _multi_stage(spec: TenderSpec, rules: TimetableRules, tt: Timetable, cal: Calendar,
                 vcfse_suitable: bool, tendering: Minimum,
                 deadline_by: date | None = None) -> Timetable:
    """A timetable with a participation stage: notice, participation deadline, invitation, tenders.

    The tender window from the notice must also meet the best-practice and VCFSE figures, and
    the tendering period from the invitation its own statutory minimum.
    """
    participation = participation_minimum(
        spec.model_copy(update={"timetable": tt}), rules, None)
    best = rules.reasonable_period.default_days
    whole = max(rules.vcfse_window.min_calendar_days if vcfse_suitable else 0,
                best if tendering.days is None else 0)
    gap, evaluation = rules.clarification_gap.working_days, rules.evaluation_period.working_days
    selection, mobilise = rules.selection_period.working_days, rules.mobilisation.working_days
    # VCFSE bidders write their tenders after the invitation: six weeks there too (rules data).
    stage = rules.vcfse_tender_stage.min_calendar_days \
        if vcfse_suitable and rules.vcfse_tender_stage else 0
    if tt.contract_start is not None:
        start = tt.contract_start
        notice = latest_award_notice(spec, rules, start, mobilise, cal)
        due = latest_working(min(notice - ONE_DAY, deadline_by or notice),
                             lambda d: working_days_between(d, notice, cal) >= evaluation,
                             "tender deadline", cal)
        clar = latest_clarification(due, gap, cal)
        itt = latest_working(clar - ONE_DAY,
                             lambda d: _ends_by(tendering, d, best, cal) <= due
                             and d + timedelta(days=stage) <= due,
                             "invitation to tender", cal)
        part = latest_working(itt - ONE_DAY,
                              lambda d: working_days_between(d, itt, cal) >= selection,
                              "participation deadline", cal)
        published = latest_working(
            part - ONE_DAY,
            lambda p: _ends_by(participation, p, best, cal) <= part
            and p + timedelta(days=whole) <= due,
            "publication date", cal)
    elif tt.tender_published is not None:
        start_from = next_working_day(tt.tender_published, cal)
        published = start_from
        part = next_working_day(_ends_by(participation, published, best, cal), cal)
        itt = add_working_days(part, selection, cal)
        due = max(next_working_day(_ends_by(tendering, itt, best, cal), cal),
                  next_working_day(published + timedelta(days=whole), cal),
                  next_working_day(itt + timedelta(days=stage), cal),
                  add_working_days(add_working_days(itt, 1, cal), gap, cal))
        clar = latest_clarification(due, gap, cal)
        notice, start = _award_and_start(spec, rules, due, cal)
    else:
        raise ValueError(NO_DATE)

    def keep(day: date | None) -> date | None:
        return day if day is not None and day < published else None

    return Timetable(
        planned_procurement_notice=keep(tt.planned_procurement_notice),
        market_engagement=keep(tt.market_engagement),
        tender_published=published, participation_deadline=part, invitation_to_tender=itt,
        clarification_deadline=clar, tender_deadline=due, award_notice=notice,
        contract_start=start,
    )
