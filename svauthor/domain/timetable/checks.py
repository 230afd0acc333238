"""Timetable checks: statutory periods and standstill from the regime's data, best-practice gaps.

Pure functions over a TenderSpec and TimetableRules; nothing here names a regime or procedure.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from typing import Any, Literal

from svauthor.domain.law import LawRule
from svauthor.domain.results import Check, TimetableResult
from svauthor.domain.spec import TenderSpec, Timetable
from svauthor.domain.timetable.calendar import (
    ONE_DAY,
    WEEKDAYS,
    Calendar,
    add_working_days,
    fmt_day,
    holiday_name,
    holidays_in,
    is_working_day,
    join,
    latest,
    latest_working,
    next_working_day,
    previous_working_day,
    working_days_between,
)
from svauthor.domain.timetable.model import DATE_LABELS, TimetableRules, VcfseWindowRule
from svauthor.domain.timetable.periods import (
    Minimum,
    NoticeStatus,
    is_competitive,
    is_multi_stage,
    participation_minimum,
    period_minimum,
    planned_notice_status,
    statutory_minimum,
    tendering_starts,
    timetable_facts,
)
from svauthor.domain.timetable.standstill import (
    Standstill,
    days_text,
    earliest_entry,
    entry_after,
    standstill,
)
from svauthor.ukformat import fmt_date


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _check(rule: LawRule, status: Literal["pass", "warn", "fail"], message: str,
           source: str | None = None, **details: Any) -> Check:
    return Check(id=rule.id, category=rule.category, status=status, message=message,
                 source=source or rule.source, details=details, concept=rule.concept)


def calendar_note(cal: Calendar) -> str:
    """Which holidays a working-day verdict used, and the advice to confirm proclaimed ones."""
    return (f" Working days exclude {cal.described}; confirm any proclaimed one-off bank "
            f"holiday against GOV.UK's list.")


def _with_calendar(check: Check, cal: Calendar, rules: TimetableRules) -> Check:
    check.message += calendar_note(cal)
    check.details["calendar"] = cal.described
    check.details["calendar_subdivisions"] = list(cal.subdivs)
    if rules.calendar_note.source not in check.source:
        check.source = f"{check.source}; {rules.calendar_note.source}"
    return check


def window_text(published: date, deadline: date) -> str:
    return (f"The tender is open for {days_text((deadline - published).days)} "
            f"({fmt_date(published)} to {fmt_date(deadline)})")


def _period_text(start_field: str, start: date, end_field: str, end: date) -> str:
    if start_field == "tender_published" and end_field == "tender_deadline":
        return window_text(start, end)
    n = days_text((end - start).days)
    if end_field == "participation_deadline":
        return (f"Suppliers have {n} to ask to participate ({fmt_date(start)}, the "
                f"{DATE_LABELS[start_field]}, to {fmt_date(end)}, the participation deadline)")
    if end_field == "award_notice":
        return (f"There {'is' if n.startswith('1 ') else 'are'} {n} from the "
                f"{DATE_LABELS[start_field]} ({fmt_date(start)}) to the award notice "
                f"({fmt_date(end)})")
    return (f"Tenders have {n} after the {DATE_LABELS[start_field]} ({fmt_date(start)}) up to "
            f"the {DATE_LABELS[end_field]} ({fmt_date(end)})")


def required_window_days(rules: TimetableRules, *, vcfse_suitable: bool, minimum: Minimum) -> int:
    """The shortest tender window that passes every window check for this route."""
    need = minimum.days if minimum.days is not None else _best_practice_days(rules, vcfse_suitable)
    if vcfse_suitable:
        need = max(need, rules.vcfse_window.min_calendar_days)
    return need


def _best_practice_days(rules: TimetableRules, vcfse_suitable: bool) -> int:
    if vcfse_suitable:
        return max(rules.vcfse_window.min_calendar_days, rules.reasonable_period.default_days)
    return rules.reasonable_period.default_days


def mobilisation_working_days(entry: date, start: date, cal: Calendar) -> int:
    """Working days from the earliest contract entry (counted) to the day before the start."""
    return working_days_between(entry - ONE_DAY, start - ONE_DAY, cal)


def earliest_start(entry: date, need: int, cal: Calendar) -> date:
    """The first contract start leaving `need` working days to mobilise after `entry`."""
    return add_working_days(entry - ONE_DAY, need, cal) + ONE_DAY


def latest_award_notice(spec: TenderSpec, rules: TimetableRules, start: date, need: int,
                        cal: Calendar, guess: date | None = None) -> date:
    """The last working day to publish the award notice and still mobilise before `start`
    (`guess`: a date near the answer, which makes the search shorter, never different)."""
    facts = timetable_facts(spec, rules)

    def fits(a: date) -> bool:  # monotone: true for every earlier notice once true
        entry = entry_after(spec, rules, a, facts)
        return start >= entry and mobilisation_working_days(entry, start, cal) >= need

    return latest_working(start, fits, "award notice date", cal, guess)


def latest_clarification(deadline: date, need: int, cal: Calendar,
                         guess: date | None = None) -> date:
    """The last working day for clarifications that leaves `need` working days to the deadline
    (`guess` as for latest_award_notice)."""
    return latest_working(deadline - ONE_DAY,
                          lambda c: working_days_between(c, deadline, cal) >= need,
                          "clarification deadline", cal, guess)


def assess_timetable(
    spec: TenderSpec, *, vcfse_suitable: bool, rules: TimetableRules
) -> TimetableResult:
    """Check the spec's dates against every timetable rule; missing dates leave checks out."""
    tt = spec.timetable or Timetable()
    regime_id = spec.route.regime
    regime = rules.regime(regime_id)
    cal = rules.calendar(regime_id, spec.buyer.nation)
    published, deadline = tt.tender_published, tt.tender_deadline
    clar, notice, start = tt.clarification_deadline, tt.award_notice, tt.contract_start
    facts = timetable_facts(spec, rules, published)

    excluded = regime.excluded_for(facts)
    if excluded is not None:
        outside = [_check(rules.jurisdiction, "fail", excluded.message.strip(),
                          f"{excluded.source.strip()}", exclusion=excluded.id, regime=regime_id,
                          nation=spec.buyer.nation,
                          devolved_authority=spec.buyer.devolved_authority)]
        in_order = _order_check(rules, tt)
        if in_order:
            outside.append(in_order)
        return TimetableResult(dates={"regime": regime_id, "procedure": spec.route.procedure,
                                      "regime_applies": False}, checks=outside)

    window_ok = published is not None and deadline is not None and deadline > published
    window = (deadline - published).days if published and deadline else None
    minimum = statutory_minimum(spec, rules, published)
    participation = participation_minimum(spec, rules, published)
    ppn_window = regime.planned_notice
    ppn = (planned_notice_status(tt.planned_procurement_notice, published, ppn_window)
           if ppn_window and tt.planned_procurement_notice and published else None)
    stand = standstill(spec, rules, notice, facts) if notice else None
    entry = earliest_entry(spec, rules, notice, stand) if notice else None
    start_field = tendering_starts(spec, rules)
    tender_start: date | None = getattr(tt, start_field)

    checks: list[Check] = [_missing_dates_check(spec, rules, tt)]
    unused = [f for f in ("participation_deadline", "invitation_to_tender")
              if getattr(tt, f) is not None]
    procedure = regime.procedures[spec.route.procedure]
    if unused and not is_multi_stage(spec, regime):
        checks.append(_check(
            rules.stage_dates, "warn",
            f"The {join([DATE_LABELS[f] for f in unused])} {'is' if len(unused) == 1 else 'are'} "
            f"not used: the {procedure.label.lower()} has no participation stage, so the "
            f"tendering period is measured from the tender notice. Remove "
            f"{'it' if len(unused) == 1 else 'them'}, or choose a procedure with a "
            f"participation stage.", unused=unused))
    order = _order_check(rules, tt)
    if order:
        checks.append(order)
    non_working = _non_working_check(rules, tt, cal)
    if non_working:
        non_working.source = (f"{rules.calendar_rule(regime_id, spec.buyer.nation).source}; "
                              f"{non_working.source}")
        checks.append(_with_calendar(non_working, cal, rules))
    if ppn and published:
        relied = (not ppn.qualifies and minimum.days is not None and deadline is not None
                  and tender_start is not None
                  and deadline < (minimum.earliest_deadline(tender_start, cal) or deadline))
        checks.append(_planned_notice_check(ppn, tt, published, relied))
    if participation is not None and participation.rule is not None and published:
        part_end = tt.participation_deadline
        if part_end is not None and part_end > published:
            checks.append(_statutory_check(minimum=participation, start_field="tender_published",
                                           start=published, end_field="participation_deadline",
                                           end=part_end, cal=cal))
        elif part_end is None:
            checks.append(_check(
                participation.rule, "warn",
                f"Add the participation deadline: this procedure has a participation stage "
                f"({_minimum_words(participation)}), and it cannot be checked without it.",
                participation.rule.source, missing=["participation_deadline"]))
    if minimum.rule is not None and deadline is not None:
        if tender_start is not None and deadline > tender_start:
            checks.append(_statutory_check(minimum=minimum, start_field=start_field,
                                           start=tender_start, end_field="tender_deadline",
                                           end=deadline, cal=cal))
        elif tender_start is None and start_field != "tender_published":
            checks.append(_check(
                minimum.rule, "warn",
                f"Add the {DATE_LABELS[start_field]} date: with a participation stage the "
                f"tendering period is measured from it, not from the tender notice, so it "
                f"cannot be checked yet ({_minimum_words(minimum)}).",
                minimum.rule.source, missing=[start_field]))
    for wait in regime.waits:
        wait_start, wait_end = getattr(tt, wait.starts), getattr(tt, wait.ends)
        if spec.route.procedure in wait.procedures and wait_start and wait_end:
            found = period_minimum(wait, facts, spec.route.procedure, wait.why)
            checks.append(_statutory_check(minimum=found, start_field=wait.starts,
                                           start=wait_start, end_field=wait.ends, end=wait_end,
                                           cal=cal))
    if window_ok:
        assert published and deadline
        if minimum.days is None:
            checks.append(_reasonable_check(rules, minimum, vcfse_suitable, published, deadline))
        if vcfse_suitable:
            checks.append(_vcfse_check(rules, published, deadline, cal))
            stage = rules.vcfse_tender_stage
            if stage is not None and start_field != "tender_published" and tender_start \
                    and deadline > tender_start:
                checks.append(_vcfse_stage_check(stage, tender_start, deadline, cal))
        checks.append(_holiday_span_check(rules, published, deadline, cal))
    if clar and deadline and clar < deadline:
        checks.append(_with_calendar(_clarification_check(rules, clar, deadline, cal), cal,
                                     rules))
    if stand:
        signed_early = bool(stand.required and start and start < stand.earliest_entry)
        explanation = stand.explanation
        if signed_early and start:
            explanation += (f" The contract start ({fmt_date(start)}) is before that, so the "
                            f"contract would be entered into during the standstill.")
        stand_check = _check(
            stand.rule, "fail" if signed_early else "warn" if stand.open_ended else "pass",
            explanation,
            stand.source or stand.rule.source,
            award_notice=_iso(notice), required=stand.required,
            first_day=_iso(stand.first_day), last_day=_iso(stand.last_day),
            earliest_contract_entry=_iso(stand.earliest_entry),
            working_days=stand.working_days, calendar_days=stand.calendar_days,
            open_ended=stand.open_ended,
            holidays_skipped=[{"date": d.isoformat(), "name": n} for d, n in stand.skipped],
        )
        checks.append(_with_calendar(stand_check, cal, rules) if stand.required else stand_check)
    if notice and start:
        assert entry
        checks.append(_with_calendar(
            _mobilisation_check(spec, rules, stand, notice, entry, start, cal), cal, rules))

    dates: dict[str, Any] = {
        "regime": regime_id,
        "procedure": spec.route.procedure,
        "regime_applies": True,
        "multi_stage": is_multi_stage(spec, regime),
        "working_day_subdivisions": list(cal.subdivs),
        "working_day_calendar": cal.described,
        "tender_window_days": window,
        "tendering_period_starts": start_field,
        "tendering_period_days": (deadline - tender_start).days
        if deadline and tender_start else None,
        "statutory_minimum_days": minimum.days,
        "statutory_minimum_basis": minimum.basis,
        "earliest_statutory_deadline": _iso(minimum.earliest_deadline(tender_start, cal))
        if tender_start else None,
        "participation_minimum_days": participation.days if participation else None,
        "participation_days": (tt.participation_deadline - published).days
        if participation and published and tt.participation_deadline else None,
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
        "standstill_open_ended": stand.open_ended if stand else None,
        "earliest_contract_entry": _iso(entry),
        "mobilisation_working_days": mobilisation_working_days(entry, start, cal)
        if entry and start and start >= entry else None,
    }
    return TimetableResult(dates=dates, checks=checks)


def _missing_dates_check(spec: TenderSpec, rules: TimetableRules, tt: Timetable) -> Check:
    r = rules.missing_dates
    wanted = list(r.required if is_competitive(spec, rules) else r.required_without_competition)
    if is_competitive(spec, rules) and is_multi_stage(spec, rules.regime(spec.route.regime)):
        wanted[1:1] = r.required_multi_stage
    missing = [f for f in wanted if getattr(tt, f) is None]
    if not missing:
        return _check(r, "pass", "All the key dates are given.", missing=[])
    names = [DATE_LABELS[f] for f in missing]
    return _check(
        r, "warn",
        f"Add the {join(names)} date{'s' if len(names) > 1 else ''} so the timetable can be "
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
    return _check(r, "fail", f"Dates are out of order: {'; '.join(problems)}.", **details)


def _non_working_check(rules: TimetableRules, tt: Timetable, cal: Calendar) -> Check | None:
    r = rules.non_working_days
    given = [(f, getattr(tt, f)) for f in r.dates if getattr(tt, f) is not None]
    if not given:
        return None
    bad = [(f, day) for f, day in given if not is_working_day(day, cal)]
    if not bad:
        names = join([DATE_LABELS[f] for f, _ in given])
        verb = "falls" if len(given) == 1 else "fall"
        return _check(r, "pass", f"The {names} {verb} on working days.",
                      dates=[f for f, _ in given])
    parts, details = [], []
    for field, day in bad:
        why = (f"a {WEEKDAYS[day.weekday()]}" if day.weekday() >= 5
               else f"a bank holiday ({holiday_name(day, cal)})")
        after = next_working_day(day, cal)
        parts.append(f"the {DATE_LABELS[field]} ({fmt_date(day)}) falls on {why}; the next "
                     f"working day is {fmt_date(after)}")
        details.append({"date_field": field, "date": day.isoformat(), "reason": why,
                        "next_working_day": after.isoformat()})
    return _check(r, "warn", "Move to a working day: " + "; ".join(parts) + ".", dates=details)


def _planned_notice_check(ppn: NoticeStatus, tt: Timetable, published: date,
                          relied: bool) -> Check:
    """Pass when the notice qualifies; fail when it does not and the timetable relies on it."""
    w = ppn.window
    notice = tt.planned_procurement_notice
    assert notice is not None
    span = f"{days_text(w.min_days)} to {w.max_months} months"
    details: dict[str, Any] = {
        "planned_notice": notice.isoformat(), "tender_published": published.isoformat(),
        "days_before": ppn.days_before, "qualifies": ppn.qualifies,
        "earliest_qualifying": ppn.earliest.isoformat(),
        "latest_qualifying": ppn.latest.isoformat(), "available": ppn.qualifies,
        "relied_on": relied,
    }
    head = (f"The planned procurement notice ({fmt_date(notice)}) was published "
            f"{days_text(ppn.days_before)} before the tender notice ({fmt_date(published)})")
    status: Literal["pass", "warn", "fail"]
    if ppn.qualifies:
        message, status = (f"{head}, inside the {span} window, so it qualifies for the shorter "
                           f"minimum tender period."), "pass"
    elif notice >= published:
        message, status = head + "; it must come before the tender notice.", "warn"
    elif notice > ppn.latest:
        message, status = (
            f"{head}; it must be at least {days_text(w.min_days)} before, so it does not qualify "
            f"for the shorter minimum tender period. To qualify it needed publishing by "
            f"{fmt_date(ppn.latest)}, or the tender notice on or after "
            f"{fmt_date(notice + timedelta(days=w.min_days))}."), "warn"
    else:
        message, status = (
            f"{head}, more than {w.max_months} months before (the earliest qualifying date was "
            f"{fmt_date(ppn.earliest)}), so it does not qualify for the shorter minimum "
            f"tender period."), "warn"
    if relied:
        status = "fail"
        message += (" The tender period is shorter than the minimum without the reduction, so "
                    "the timetable relies on a reduction that is not available.")
    return Check(id=w.id, category=w.category, status=status, message=message, source=w.source,
                 details=details, concept=w.concept)


def _minimum_words(minimum: Minimum) -> str:
    """The minimum as a clause: 'there is no statutory minimum for ...' or 'its minimum is ...'."""
    return f"there is {minimum.basis}" if minimum.days is None else f"its minimum is {minimum.basis}"


def _statutory_check(*, minimum: Minimum, start_field: str, start: date, end_field: str,
                     end: date, cal: Calendar) -> Check:
    rule = minimum.rule
    assert rule is not None
    window = (end - start).days
    circumstances = [{"circumstance": r.circumstance, "days": r.days, "label": r.label,
                      "source": r.source} for r in minimum.applied]
    details: dict[str, Any] = {"window_days": window, "minimum_days": minimum.days,
                               "basis": minimum.basis, "circumstances": circumstances,
                               "starts": start_field, "ends": end_field,
                               start_field: start.isoformat(), end_field: end.isoformat(),
                               "extensions": [{"circumstance": e.circumstance, "days": e.days,
                                               "source": e.source} for e in minimum.extensions]}
    source = "; ".join(dict.fromkeys(
        [rule.source] + [r.source for r in minimum.applied if r.source not in rule.source]
        + [e.source for e in minimum.extensions]))
    text = _period_text(start_field, start, end_field, end)
    if minimum.days is None:
        return _check(rule, "pass",
                      f"{text}. There is {minimum.basis}; the period must still be reasonable.",
                      source, **details)
    earliest = minimum.earliest_deadline(start, cal)
    assert earliest is not None

    def in_time(p: date) -> bool:  # monotone: an earlier start only brings the end forward
        found = minimum.earliest_deadline(p, cal)
        return found is not None and found <= end

    # Shifting the start by the slack between the end and the earliest end is close to it.
    latest_start = latest(end, in_time, DATE_LABELS[start_field] + " date",
                          guess=start + (end - earliest))
    details.update(earliest_deadline=earliest.isoformat(), latest_start=latest_start.isoformat())
    if start_field == "tender_published":
        details["latest_publication"] = latest_start.isoformat()
    applies = ""
    if len(minimum.applied) > 1:
        applies = " Circumstances that apply: " + "; ".join(
            f"{r.label} ({'no minimum' if r.days is None else days_text(r.days)})"
            for r in minimum.applied) + "; the shortest binds."
    run_on = ""
    plain_end = start + timedelta(days=minimum.days)
    if earliest != plain_end:
        run_on = (f" The {minimum.days}-day minimum ends on {fmt_day(plain_end)}, not a working "
                  f"day, so it runs on to {fmt_date(earliest)}.")
    if end >= earliest:
        return _check(rule, "pass",
                      f"{text}, meeting the statutory minimum of {minimum.basis}.{run_on}"
                      f"{applies}", source, **details)
    move = ("publish by" if start_field == "tender_published"
            else f"send the {DATE_LABELS[start_field]} by")
    return _check(rule, "fail",
                  f"{text}, short of the statutory minimum of {minimum.basis}.{run_on} Set the "
                  f"{DATE_LABELS[end_field]} on or after {fmt_date(earliest)}, or {move} "
                  f"{fmt_date(latest_start)}.{applies}", source, **details)


def _reasonable_check(rules: TimetableRules, minimum: Minimum, vcfse_suitable: bool,
                      published: date, deadline: date) -> Check:
    r = rules.reasonable_period
    figure = _best_practice_days(rules, vcfse_suitable)
    window = (deadline - published).days
    basis = (f"the six-week window for tenders that suit VCFSE organisations ({days_text(figure)})"
             if vcfse_suitable else f"svauthor's best-practice figure of {days_text(figure)}")
    source = r.source + ("; " + rules.vcfse_window.source if vcfse_suitable else "")
    details: dict[str, Any] = {"window_days": window, "best_practice_days": figure,
                               "basis": minimum.basis}
    head = (f"{window_text(published, deadline)}. There is {minimum.basis}, but the period "
            f"must be reasonable and proportionate")
    if window >= figure:
        return _check(r, "pass", f"{head}; it meets {basis}.", source, **details)
    return _check(r, "warn",
                  f"{head}; it is shorter than {basis}. Consider setting the deadline on or after "
                  f"{fmt_date(published + timedelta(days=figure))} or publishing by "
                  f"{fmt_date(deadline - timedelta(days=figure))}.", source, **details)


def _vcfse_check(rules: TimetableRules, published: date, deadline: date, cal: Calendar) -> Check:
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
        return _check(r, "pass", f"{window_text(published, deadline)}, meeting the six-week "
                                 f"minimum of {days_text(need)} for tenders that suit VCFSE "
                                 f"organisations.", **details)
    return _check(r, "fail",
                  f"{window_text(published, deadline)}; the six-week minimum for tenders that "
                  f"suit VCFSE organisations is {days_text(need)}. Publish by "
                  f"{fmt_day(latest_publication)} or set the deadline on or after "
                  f"{fmt_day(earliest_deadline)}.", **details)


def _vcfse_stage_check(r: VcfseWindowRule, invitation: date, deadline: date,
                       cal: Calendar) -> Check:
    """Six weeks to write the tender after the invitation (a warning: best practice)."""
    window, need = (deadline - invitation).days, r.min_calendar_days
    latest_invitation = previous_working_day(deadline - timedelta(days=need), cal)
    earliest_deadline = next_working_day(invitation + timedelta(days=need), cal)
    details: dict[str, Any] = {"window_days": window, "minimum_days": need,
                               "invitation_to_tender": invitation.isoformat(),
                               "latest_invitation": latest_invitation.isoformat(),
                               "earliest_deadline": earliest_deadline.isoformat()}
    head = (f"Tenders are open for {days_text(window)} after the invitation to tender "
            f"({fmt_date(invitation)} to {fmt_date(deadline)})")
    if window >= need:
        return _check(r, "pass", f"{head}, six weeks or more for VCFSE organisations to write "
                                 f"their tenders.", **details)
    return _check(r, "warn",
                  f"{head}: VCFSE organisations write their tenders in this stage, so svauthor "
                  f"recommends six weeks ({days_text(need)}) for it as well. Send the "
                  f"invitation by {fmt_day(latest_invitation)} or set the deadline on or after "
                  f"{fmt_day(earliest_deadline)}.", **details)


def _of_them_holidays(count: int) -> str:
    """'none of them a bank holiday', '1 of them a bank holiday', '3 of them bank holidays'."""
    if count == 0:
        return "none of them a bank holiday"
    return f"{count} of them {'a bank holiday' if count == 1 else 'bank holidays'}"


def _holiday_span_check(rules: TimetableRules, published: date, deadline: date,
                        cal: Calendar) -> Check:
    r = rules.holiday_spans
    first, last = published + ONE_DAY, deadline
    hits: list[dict[str, Any]] = []
    for span in r.spans:
        for year in range(first.year - 1, last.year + 1):
            s_start, s_end = span.occurrence(year)
            lo, hi = max(s_start, first), min(s_end, last)
            if lo > hi:
                continue
            days = ((lo + timedelta(days=i)) for i in range((hi - lo).days + 1))
            weekdays = sum(d.weekday() < 5 for d in days)
            hits.append({"name": span.name, "start": s_start.isoformat(),
                         "end": s_end.isoformat(), "weekdays": weekdays,
                         "bank_holidays": len(holidays_in(lo, hi, cal))})
    if not hits:
        names = join([s.name for s in r.spans], "or")
        return _check(r, "pass", f"{window_text(published, deadline)} and does not run over "
                                 f"{names}.", spans=[])
    parts = [
        f"{h['name']} ({fmt_date(date.fromisoformat(h['start']))} to "
        f"{fmt_date(date.fromisoformat(h['end']))}): {days_text(h['weekdays'], 'weekday')} in "
        f"the window, {_of_them_holidays(h['bank_holidays'])}"
        for h in hits
    ]
    lost = sum(h["weekdays"] for h in hits)
    return _check(r, "warn",
                  f"{window_text(published, deadline)} and runs over " + "; ".join(parts)
                  + f". Many bidders close or run short-staffed then, so the window gives about "
                  f"{days_text(lost, 'working day')} less than it seems; consider extending it by "
                  f"that much.", spans=hits, working_days_lost=lost)


def _clarification_check(rules: TimetableRules, clar: date, deadline: date,
                         cal: Calendar) -> Check:
    r = rules.clarification_gap
    gap, need = working_days_between(clar, deadline, cal), r.working_days
    details: dict[str, Any] = {
        "working_days": gap, "minimum_working_days": need,
        "clarification_deadline": clar.isoformat(), "tender_deadline": deadline.isoformat(),
    }
    head = (f"Bidders have {days_text(gap, 'working day')} after the clarification deadline "
            f"({fmt_date(clar)}) up to the tender deadline ({fmt_date(deadline)})")
    if gap >= need:
        return _check(r, "pass", f"{head}; svauthor recommends at least "
                                 f"{days_text(need, 'working day')}.", **details)
    later = add_working_days(clar, need, cal)
    # Moving the clarification deadline back by the shortfall is close to the answer.
    last = latest_clarification(deadline, need, cal, guess=clar - (later - deadline))
    details.update(latest_clarification=last.isoformat(), earliest_deadline=later.isoformat())
    return _check(r, "warn",
                  f"{head}; svauthor recommends at least {days_text(need, 'working day')} so "
                  f"answers can be used. Move the clarification deadline to {fmt_date(last)} or "
                  f"earlier, or the tender deadline to {fmt_date(later)} or later.", **details)


def _mobilisation_check(spec: TenderSpec, rules: TimetableRules, stand: Standstill | None,
                        notice: date, entry: date, start: date, cal: Calendar) -> Check:
    r = rules.mobilisation
    need = r.working_days
    first_start = next_working_day(earliest_start(entry, need, cal), cal)
    # Shifting the notice by the slack between the start and the earliest start is close to it.
    latest_notice = latest_award_notice(spec, rules, start, need, cal,
                                        guess=notice + (start - first_start))
    fix = (f"Start the contract on or after {fmt_date(first_start)}, or publish the award "
           f"notice by {fmt_date(latest_notice)}, to allow {days_text(need, 'working day')} to "
           f"mobilise.")
    details: dict[str, Any] = {"earliest_contract_entry": entry.isoformat(),
                               "contract_start": start.isoformat(), "minimum_working_days": need,
                               "earliest_start": first_start.isoformat(),
                               "latest_award_notice": latest_notice.isoformat()}
    if stand is not None and stand.required:
        source = f"{stand.source or stand.rule.source}; {r.source}"
        where = f"{fmt_date(entry)}, the day after the standstill ends"
        if stand.open_ended:
            where += " at the earliest"
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
    head = (f"There {'is' if days == 1 else 'are'} {days_text(days, 'working day')} to mobilise "
            f"between {where}, and the contract start ({fmt_date(start)})")
    if days >= need:
        return _check(r, "pass", f"{head}; svauthor recommends at least "
                                 f"{days_text(need, 'working day')}.", source, **details)
    return _check(r, "warn", f"{head}; svauthor recommends at least "
                             f"{days_text(need, 'working day')}. {fix}", source, **details)
