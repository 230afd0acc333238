"""Statutory minimum periods (participation and tendering) computed from a regime's data.

Every row whose condition holds on the tender's facts applies and the shortest minimum binds;
extensions are added to it. Which date a period is measured from is data too (`starts`, or
`multi_stage_starts` when the procedure runs with a participation stage).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from svauthor.domain.law import Extension, PeriodRow, PeriodRule, PlannedNoticeWindow, Regime
from svauthor.domain.spec import TenderSpec, Timetable
from svauthor.domain.timetable.calendar import CalendarLike, months_before, next_working_day
from svauthor.domain.timetable.model import TimetableRules


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
    """The statutory minimum of one period for this route, and why."""

    days: int | None
    basis: str
    rule: PeriodRule | None = None
    applied: tuple[PeriodRow, ...] = ()
    binding: PeriodRow | None = None
    run_on: bool = False
    extensions: tuple[Extension, ...] = ()

    def earliest_deadline(self, start: date, cal: CalendarLike) -> date | None:
        if self.days is None:
            return None
        end = start + timedelta(days=self.days)
        return next_working_day(end, cal) if self.run_on else end


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


def is_multi_stage(spec: TenderSpec, regime: Regime) -> bool:
    """A participation stage before the tenders: always, or when the spec gives its dates."""
    stages = regime.procedures[spec.route.procedure].stages
    if stages == "multi":
        return True
    tt = spec.timetable or Timetable()
    return stages == "either" and (tt.participation_deadline is not None
                                   or tt.invitation_to_tender is not None)


def is_competitive(spec: TenderSpec, rules: TimetableRules) -> bool:
    return rules.regime(spec.route.regime).procedures[spec.route.procedure].competitive


def is_light_touch(spec: TenderSpec, rules: TimetableRules) -> bool:
    """Light touch as the law sees it: claimed (or the procedure is light touch) and not ruled
    out for this contract (a works or goods contract can never be one)."""
    return bool(timetable_facts(spec, rules)["light_touch"])


def _claimed_light_touch(spec: TenderSpec, rules: TimetableRules) -> bool:
    procedure = rules.regime(spec.route.regime).procedures[spec.route.procedure]
    return spec.route.light_touch or procedure.light_touch


def timetable_facts(spec: TenderSpec, rules: TimetableRules,
                    published: date | None = None) -> dict[str, Any]:
    """Every fact a period row, extension or standstill condition can test."""
    route, regime = spec.route, rules.regime(spec.route.regime)
    tt = spec.timetable or Timetable()
    window = regime.planned_notice
    notice = tt.planned_procurement_notice
    qualifying = bool(window and notice and published
                      and planned_notice_status(notice, published, window).qualifies)
    facts: dict[str, Any] = {
        "regime": route.regime,
        "procedure": route.procedure,
        "sector": spec.buyer.sector,
        "central_government": spec.buyer.is_central,
        "nation": spec.buyer.nation,
        "devolved_authority": spec.buyer.devolved_authority,
        "light_touch": _claimed_light_touch(spec, rules),
        "urgency": route.urgency,
        "dynamic_market": route.dynamic_market,
        "pre_selected_suppliers": route.pre_selected_suppliers,
        "agreed_tender_period": route.agreed_tender_period,
        "electronic_submission": route.electronic_submission,
        "documents_with_notice": route.documents_with_notice,
        "electronic_notification": route.electronic_notification,
        "representations_received": route.representations_received,
        "qualifying_planned_notice": qualifying,
        "multi_stage": is_multi_stage(spec, regime),
        "value_gbp": spec.value_gbp,
    }
    facts.update(rules.service_facts(spec.service_type))
    # A claim the law rules out for this contract counts for nothing in any statutory check.
    facts["disregarded_claims"] = []
    for claim in regime.unavailable_claims:
        if facts.get(claim.fact) and claim.holds(facts):
            facts[claim.fact] = False
            facts["disregarded_claims"].append(claim.id)
    return facts


def period_minimum(rule: PeriodRule | None, facts: dict[str, Any], procedure: str,
                   none_basis: str) -> Minimum:
    """The shortest minimum among every row that applies, plus any extension."""
    if rule is None:
        return Minimum(None, none_basis)
    if procedure not in rule.procedures:
        return Minimum(None, f"no statutory minimum period for a {procedure.replace('_', ' ')} "
                             f"({rule.source} covers other procedures)", rule)
    applied = tuple(r for r in rule.rows if r.holds(facts))
    if not applied:
        return Minimum(None, "no row of the minimum-period table applies", rule)
    no_minimum = [r for r in applied if r.days is None]
    binding = no_minimum[0] if no_minimum else min(applied, key=lambda r: r.days or 0)
    if binding.days is None:
        basis = f"no statutory minimum for {binding.label} ({binding.source})"
        return Minimum(None, basis, rule, applied, binding, rule.run_on)
    extensions = tuple(e for e in rule.extensions if e.holds(facts))
    days = binding.days + sum(e.days for e in extensions)
    basis = f"{binding.days} days because {binding.label} ({binding.source})"
    for ext in extensions:
        basis += f", plus {ext.days} days because {ext.label.strip()} ({ext.source})"
    if extensions:
        basis = f"{days} days: {basis}"
    return Minimum(days, basis, rule, applied, binding, rule.run_on, extensions)


def statutory_minimum(
    spec: TenderSpec, rules: TimetableRules, published: date | None = None
) -> Minimum:
    """The tendering minimum (None days: no statutory minimum)."""
    regime = rules.regime(spec.route.regime)
    facts = timetable_facts(spec, rules, published)
    return period_minimum(regime.tendering, facts, spec.route.procedure,
                          regime.no_tendering_minimum)


def participation_minimum(
    spec: TenderSpec, rules: TimetableRules, published: date | None = None
) -> Minimum | None:
    """The participation minimum, when the procedure has a participation stage here."""
    regime = rules.regime(spec.route.regime)
    rule = regime.participation
    if rule is None or spec.route.procedure not in rule.procedures \
            or not is_multi_stage(spec, regime):
        return None
    facts = timetable_facts(spec, rules, published)
    return period_minimum(rule, facts, spec.route.procedure, regime.no_tendering_minimum)


def tendering_starts(spec: TenderSpec, rules: TimetableRules) -> str:
    """The date field the tendering period is measured from for this route."""
    regime = rules.regime(spec.route.regime)
    rule = regime.tendering
    if rule is None:
        return "tender_published"
    if rule.multi_stage_starts is not None and is_multi_stage(spec, regime):
        return rule.multi_stage_starts
    return rule.starts
