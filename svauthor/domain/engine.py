"""The rules engine: a tender spec in, explained Social Value decisions out.

It knows nothing of any particular framework, Textual or Word: every threshold, measure and
reason comes from the YAML rules it is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from svauthor.domain.conditions import matches
from svauthor.domain.framework import Measure
from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.lawchecks import (
    claim_checks,
    duty_checks,
    regime_applies_check,
    threshold_check,
)
from svauthor.domain.questions import select_questions
from svauthor.domain.results import (
    Assessment,
    BandDecision,
    Check,
    CheckStatus,
    MeasureDecision,
    MeasureStatus,
    NeedResult,
    OverrideRecord,
    Reason,
    Verdict,
    Weighting,
)
from svauthor.domain.rules import (
    MEASURE_STAGES,
    RESTRICTING_STAGES,
    Band,
    KpiRule,
    MeasureRule,
    Overlap,
    RuleSet,
)
from svauthor.domain.spec import TenderSpec
from svauthor.domain.tenderfacts import SignOff, TenderFacts
from svauthor.domain.timetable import assess_timetable, timetable_facts
from svauthor.ukformat import fmt_gbp

OVERRIDE_SOURCE = "User override recorded in the spec (`overrides`)"
WEIGHTING_SOURCE = "User override recorded in the spec (`evaluation`)"

#: Order in which the handful is filled (see `_select_handful`): the service's main lever, one
#: measure for each named need, the service's other levers, more need-led measures, the rest.
TIER_MAIN_LEVER, TIER_NEED, TIER_LEVER, TIER_MORE_NEED, TIER_REST = range(5)
NO_RANK = 10_000


@dataclass
class _MeasureState:
    measure: Measure
    status: MeasureStatus = "excluded"
    reasons: list[Reason] = field(default_factory=list)
    overridden: bool = False
    defaulted: bool = False
    restricted: bool = False  # narrowed by a proportionality, additionality or safeguarding rule
    committed: bool = False   # recommended by a commitment rule: always inside the handful
    gives_way: bool = False   # ...unless the commitment gives way to the lever and the needs
    commit_rank: int = 0      # order of the commitment rules: earlier ones keep their place first
    lever_rank: int = NO_RANK  # position in the service type's ranked levers
    needs: dict[str, int] = field(default_factory=dict)  # need id -> position in its list

    def apply(self, status: MeasureStatus, reason: Reason, *, default: bool = False) -> None:
        if self.defaulted:  # a starting-point reason gives way to the first real decision
            self.reasons.clear()
        self.defaulted = default
        self.status = status
        self.reasons.append(reason)


def _a(words: str) -> str:
    """`words` after "a" or "an", as it is said: an adult social care contract, a home one."""
    return f"an {words}" if words[:1].lower() in "aeiou" else f"a {words}"


def _reason(rule: Any) -> Reason:
    return Reason(rule=rule.id, why=rule.why.strip(), source=rule.source.strip())


def facts_for(spec: TenderSpec, kb: KnowledgeBase, today: date) -> dict[str, Any]:
    """The flat facts rules test, derived once from the spec."""
    service = kb.service_types[spec.service_type]
    published = spec.timetable.tender_published if spec.timetable else None
    law = timetable_facts(spec, kb.timetable_rules, published)
    light_touch = law["light_touch"]
    excluded = kb.timetable_rules.regime(spec.route.regime).excluded_for(law)
    return {
        **{k: law[k] for k in ("nation", "devolved_authority", "urgency", "dynamic_market",
                               "pre_selected_suppliers", "agreed_tender_period",
                               "electronic_submission", "documents_with_notice",
                               "electronic_notification", "representations_received",
                               "qualifying_planned_notice", "multi_stage",
                               "disregarded_claims")},
        "regime_applies": excluded is None,
        "sector": spec.buyer.sector,
        "central_government": spec.buyer.is_central,
        "regime": spec.route.regime,
        "procedure": spec.route.procedure,
        "competitive": kb.timetable_rules.regime(spec.route.regime)
                         .procedures[spec.route.procedure].competitive,
        "light_touch": light_touch,
        "service_type": spec.service_type,
        **service.facts(),
        "value_gbp": spec.value_gbp,
        "annual_value_gbp": spec.annual_value_gbp,
        "duration_months": spec.duration_months,
        "places": list(spec.places),
        "nations": sorted({kb.places[p].nation for p in spec.places}),
        "local_needs": list(spec.local_needs),
        "lots": spec.lots,
        "vcfse_suitable": spec.vcfse_suitable,
        "band": None,
        "carbon_reduction_plan": None,
        "tender_published": published,
        "days_to_tender_published": (published - today).days if published else None,
        **_fact_dates(spec, published),
        "commenced": published or today,
        "above_threshold": None,
    }


def _days(start: date | None, end: date | None) -> int | None:
    return (end - start).days if start is not None and end is not None else None


def _fact_dates(spec: TenderSpec, published: date | None) -> dict[str, int | None]:
    """How the cover's issue date and the sign-off date sit against the timetable (days; None
    when either date is missing), for the rules in rules/dates.yaml."""
    issued = spec.tender.issue_date if spec.tender else None
    signed = spec.sign_off.date if spec.sign_off else None
    deadline = spec.timetable.tender_deadline if spec.timetable else None
    return {"days_from_issue_to_tender_published": _days(issued, published),
            "days_from_issue_to_tender_deadline": _days(issued, deadline),
            "days_from_sign_off_to_tender_published": _days(signed, published)}


def choose_band(facts: dict[str, Any], bands: list[Band]) -> Band:
    for band in bands:
        if matches(band.when, facts):
            return band
    raise LookupError("no proportionality band matched; the last band must have no `when`")


def assess(spec: TenderSpec, kb: KnowledgeBase, *, today: date) -> Assessment:
    """Decide band, measures, weighting, questions and checks for one spec, explaining each."""
    rules = kb.rules
    fw = kb.framework
    facts = facts_for(spec, kb, today)
    regime = kb.regimes.regimes[spec.route.regime]
    threshold, facts["above_threshold"] = threshold_check(rules.threshold_rules, regime, facts)
    law_checks = [c for c in (regime_applies_check(kb.regimes, spec.route.regime, facts),
                              threshold) if c is not None]
    law_checks += claim_checks(regime, facts)

    band = choose_band(facts, rules.bands)
    facts["band"] = band.id
    band_decision = BandDecision(
        id=band.id, label=band.label, max_measures=band.max_measures,
        max_questions=band.max_questions, word_limit=band.word_limit, reasons=[_reason(band)],
    )

    vcfse = _vcfse_verdict(spec, facts, kb)
    facts["vcfse_suitable"] = vcfse.value
    # Decided before the measures: what the buyer already requires is not additional.
    carbon_plan = _first_verdict(rules.carbon_plan_rules, facts, "not_required")
    facts["carbon_reduction_plan"] = carbon_plan.value

    states = {m.ref: _MeasureState(m) for m in fw.measures}
    commitment_rules: list[MeasureRule] = []
    for stage in MEASURE_STAGES:
        for rule in rules.measure_rules:
            if rule.stage != stage or not matches(rule.when, facts):
                continue
            if stage == "commitment":
                commitment_rules.append(rule)
            _apply_rule(rule, states, fw, spec)
        if stage == "relevance":
            _apply_needs(spec, kb, states)

    _select_handful(spec, states, band, rules.overlaps, fw.measure_refs)
    advice = {ref: s.status for ref, s in states.items()}
    overrides = _apply_overrides(spec, states)

    weighting, weighting_checks = _weighting(spec, facts, band, kb)
    kpi_rule = max((r for r in rules.kpi_rules if matches(r.when, facts)),
                   key=lambda r: r.min_kpis, default=None)  # the first of the strictest
    min_kpis = kpi_rule.min_kpis if kpi_rule else 0

    measures = [
        MeasureDecision(
            ref=s.measure.ref, status=s.status, reasons=s.reasons, text=s.measure.text,
            unit=s.measure.unit, outcome=s.measure.outcome,
            outcome_name=fw.outcomes_by_id[s.measure.outcome].name,
            theme=fw.theme_of(s.measure).id, theme_name=fw.theme_of(s.measure).name,
            partner_vcfse=s.measure.partner_vcfse, overridden=s.overridden,
        )
        for s in states.values()
    ]
    recommended = [m for m in measures if m.status == "recommended"]

    needs = _need_results(spec, kb, measures, band)
    commitment_ids = {c.id for c in commitment_rules}
    committed = {
        m.ref: next(r for r in m.reasons if r.rule in commitment_ids)
        for m in recommended if any(r.rule in commitment_ids for r in m.reasons)
    }
    answerable = _answerable_needs(spec, kb, states, advice)
    questions, question_overrides = select_questions(spec, kb, band, recommended, weighting,
                                                     committed, facts, answerable)
    overrides += question_overrides

    checks = [Check(id=r.id, category=r.category, status=r.status,
                    message=f"{r.message.strip()} {r.why.strip()}", source=r.source.strip(),
                    concept=r.concept)
              for r in rules.check_rules if matches(r.when, facts)]
    checks = law_checks + checks + duty_checks(rules.duty_rules, facts)
    checks += weighting_checks
    checks += _commitment_checks(commitment_rules, advice, states, spec, fw)
    kpi_rules = [r for r in rules.kpi_rules if matches(r.when, facts)]
    checks += [_kpi_check(r, recommended, spec) for r in kpi_rules] or \
        [_kpi_check(None, recommended, spec)]
    timetable = None
    if spec.timetable is not None:
        timetable = assess_timetable(spec, vcfse_suitable=bool(vcfse.value), rules=kb.timetable_rules)
        timetable.given = {k: v.isoformat() for k, v in spec.timetable.given().items()}
        checks += timetable.checks
    _mark_legal_requirements(checks, rules)

    service = kb.service_types[spec.service_type]
    return Assessment(
        title=spec.title, buyer=spec.buyer.name, sector=spec.buyer.sector,
        service_type=spec.service_type, service_type_name=service.name,
        value_gbp=spec.value_gbp, annual_value_gbp=spec.annual_value_gbp,
        duration_months=spec.duration_months, framework_id=fw.id, framework_name=fw.name,
        band=band_decision, weighting=weighting, measures=measures, questions=questions,
        checks=checks, vcfse_suitable=vcfse, carbon_reduction_plan=carbon_plan,
        min_kpis=min_kpis, overrides=overrides, needs=needs,
        already_required=list(spec.already_required), timetable=timetable,
        rules_version=kb.version, assessed_on=today,
        regime=spec.route.regime, procedure=spec.route.procedure,
        competitive=bool(facts["competitive"]),
        needs_analysis_note=_needs_analysis_note(spec, kb),
        places=[kb.places[p].name if p in kb.places else p for p in spec.places],
        lots=spec.lots,
        tender=spec.tender or TenderFacts(), accepted_risks=spec.accepted_risks,
        sign_off=spec.sign_off or SignOff(),
    )


def _selected(rule: MeasureRule, fw: Any, spec: TenderSpec) -> list[str]:
    named = list(spec.already_required) if rule.from_spec == "already_required" else []
    if not named:  # what the rule alone selects, worked out once per rule set
        return list(fw.select(rule.measures, rule.outcomes, rule.themes, rule.tags))
    refs = list(rule.measures)
    refs += [r for r in named if r in fw.measure_refs and r not in refs]
    for m in fw.measures:
        if m.ref in refs:
            continue
        if (m.outcome in rule.outcomes or m.outcome in named
                or fw.theme_of(m).id in rule.themes or set(m.tags) & set(rule.tags)):
            refs.append(m.ref)
    return refs


def _already_required(state: _MeasureState, spec: TenderSpec) -> bool:
    return (state.measure.ref in spec.already_required
            or state.measure.outcome in spec.already_required)


def _apply_rule(rule: MeasureRule, states: dict[str, _MeasureState], fw: Any,
                spec: TenderSpec) -> None:
    refs = _selected(rule, fw, spec)
    reason = _reason(rule)
    committing = rule.stage == "commitment" and rule.set == "recommended"
    if committing:
        met = [r for r in refs if _already_required(states[r], spec)]
        if not rule.pick_first_available:
            for r in met:  # the specification meets this part: bidders are not asked again
                states[r].reasons.append(Reason(
                    rule=rule.id, source=rule.source.strip(),
                    why=f"The specification already requires {r}, which meets this part of the "
                        f"commitment; bidders are not asked for it again as Social Value."))
        # 'At least one of' commitments look for one the specification does not already require.
        refs = [r for r in refs if r not in met] or ([] if met else refs)
        if not refs:
            return
    if rule.pick_first_available:
        already = [r for r in refs if states[r].status == "recommended"]
        if already:  # one is in the ask already: the one the service ranks highest carries it
            best = min(already, key=lambda r: (states[r].lever_rank, refs.index(r)))
            states[best].reasons.append(reason)
            states[best].committed = committing
            return
        available = [r for r in refs if states[r].status != "excluded"] or refs[:1]
        refs = sorted(available, key=lambda r: (states[r].lever_rank, refs.index(r)))[:1]
    for position, r in enumerate(refs):
        status = rule.set
        state = states[r]
        if rule.stage in RESTRICTING_STAGES and _RANK[state.status] < _RANK[status]:
            continue  # proportionality and additionality only ever narrow the ask
        state.apply(status, reason, default=rule.default)
        if rule.stage in RESTRICTING_STAGES:
            state.restricted = True
        if committing:
            state.commit_rank = sum(1 for st in states.values() if st.committed)
            state.committed = True
            state.gives_way = rule.gives_way
        if rule.stage == "relevance" and status == "recommended":
            # A relevance rule lists the service's levers strongest first (seed 7.3, 8.2).
            state.lever_rank = min(state.lever_rank, position)


_RANK: dict[str, int] = {"recommended": 2, "optional": 1, "excluded": 0}


def _apply_needs(spec: TenderSpec, kb: KnowledgeBase, states: dict[str, _MeasureState]) -> None:
    """Each local need recommends its measures that fit the service.

    A need never makes an unrelated measure 'recommended': a measure must be relevant to the
    contract as well as to the place (seed 7.3), so one outside the service's table is only
    offered as optional. Whatever a need says, additionality runs later and still excludes what
    the service is bought to deliver.
    """
    service_type = kb.service_types[spec.service_type]
    service = service_type.name.lower()
    for need_id in spec.named_needs:
        need = kb.needs[need_id]
        if need_id in service_type.core_needs:
            continue  # the service itself meets this need: its measures would not be additional
        reason = Reason(rule=f"need.{need.id}", why=f"Local need '{need.name}': {need.why.strip()}",
                        source=need.source.strip())
        for ref in need.measures:
            state = states[ref]
            if state.status == "excluded":
                state.apply("optional", Reason(
                    rule=f"need.{need.id}",
                    why=(f"Local need '{need.name}' points to this measure, but it is not among "
                         f"the measures relevant to {_a(service)} contract, so bidders may offer it "
                         f"but it is not recommended."),
                    source=f"{need.source.strip()}; seed 7.3 (relevant to the underlying business "
                           f"of the contract)"))
            else:
                state.apply("recommended", reason)
                state.needs.setdefault(need.id, need.measures.index(ref))


def _tier(state: _MeasureState, main_lever: int) -> tuple[int, int, int]:
    """Where a recommended measure stands in the queue for the handful (lower is earlier)."""
    if state.lever_rank == main_lever:
        return (TIER_MAIN_LEVER, 0, 0)
    if state.lever_rank < NO_RANK:
        return (TIER_LEVER, state.lever_rank, 0)
    if state.needs:
        return (TIER_MORE_NEED, 0, 0)
    return (TIER_REST, 0, 0)


def _select_handful(spec: TenderSpec, states: dict[str, _MeasureState], band: Band,
                    overlaps: list[Overlap], order: list[str]) -> None:
    """Keep the smallest explained set within the band's ceiling; the rest become optional.

    Commitments are always kept and count inside the ceiling. Then the service's main lever and
    one measure for each named need (unless the need is already answered), and nothing more:
    "pick a handful" (seed foreword). A measure that overlaps one already kept is never
    recommended beside it. Whatever the ceiling or the smallest set leaves out is optional, and
    its reason names the measures kept ahead of it.
    """
    kept: list[_MeasureState] = [s for s in states.values()
                                 if s.status == "recommended" and s.committed and not s.gives_way]
    yielding = sorted((s for s in states.values()
                       if s.status == "recommended" and s.committed and s.gives_way),
                      key=lambda s: s.commit_rank)
    pool = [s for s in states.values() if s.status == "recommended" and not s.committed]
    main_lever = min((s.lever_rank for s in pool), default=NO_RANK)
    pool.sort(key=lambda s: (_tier(s, main_lever), order.index(s.measure.ref)))
    head = [s for s in pool if s.lever_rank == main_lever and main_lever < NO_RANK]
    for need_id in spec.named_needs:
        if any(need_id in s.needs for s in kept + head):
            continue  # already answered: one measure per need is enough
        mine = [s for s in pool if need_id in s.needs and s not in head
                and _overlap_with(s, kept + head, overlaps) is None]
        if mine:  # a measure that is also a lever answers both; else the need's own order
            head.append(min(mine, key=lambda s: (s.lever_rank, s.needs[need_id])))
    for state in head:
        clash = _overlap_with(state, kept, overlaps)
        if clash is not None:
            overlap, other = clash
            state.apply("optional", Reason(
                rule=overlap.id,
                why=(f"{overlap.why.strip()} {other.measure.ref} is already recommended, so "
                     f"{state.measure.ref} is offered as optional rather than asked for beside it."),
                source=overlap.source.strip()))
            continue
        if len(kept) >= band.max_measures:
            ahead = ", ".join(s.measure.ref for s in kept)
            _left_out(state, band, f"The {band.label} band asks for at most {band.max_measures} "
                      f"measures in all, commitments included, so the ask stays a handful; "
                      f"{ahead} came first (commitments, the service's main lever and one "
                      f"measure per named need).")
            continue
        kept.append(state)
    for state in yielding:  # commitments that give way when the ceiling is reached
        if len(kept) >= band.max_measures:
            _left_out(state, band, f"The {band.label} band's ceiling of {band.max_measures} "
                      f"measures is reached by {', '.join(s.measure.ref for s in kept)} (the "
                      f"commitments every pack carries, the service's main lever and one measure "
                      f"per named need), so {state.measure.ref}, which gives way when the "
                      f"ceiling is reached, is offered as optional.")
            continue
        kept.append(state)
    for state in pool:
        if state not in head:  # the smallest set: nothing pads the handful
            _left_out(state, band, f"Fits this service, but the handful already covers what it "
                      f"must: the commitments, the service's main lever and one measure for "
                      f"each named need the contract can add to{_kept_note(kept)}. A bigger "
                      f"ask would not be a handful.")


def _left_out(state: _MeasureState, band: Band, why: str) -> None:
    """Optional, not asked for: the band's handful is full or already covers what it must."""
    state.apply("optional", Reason(rule=band.id, why=f"{why} Bidders may still offer it.",
                                   source=band.source.strip()))


def _kept_note(kept: list[_MeasureState]) -> str:
    return f" ({', '.join(s.measure.ref for s in kept)})" if kept else ""


def _overlap_with(state: _MeasureState, kept: list[_MeasureState],
                  overlaps: list[Overlap]) -> tuple[Overlap, _MeasureState] | None:
    for overlap in overlaps:
        if state.measure.ref not in overlap.measures:
            continue
        for other in kept:
            if other.measure.ref in overlap.measures:
                return overlap, other
    return None


def _answerable_needs(spec: TenderSpec, kb: KnowledgeBase, states: dict[str, _MeasureState],
                      advice: dict[str, MeasureStatus]) -> list[str]:
    """The named needs this contract can add to, for the needs-led question.

    A need counts when the service is not itself bought to meet it and at least one of its
    measures is relevant to this contract and survived proportionality and additionality
    (it may still be optional because the handful is full). A question on a need no measure of
    this contract can answer would invite offers unrelated to its business (seed 7.3).
    """
    core = set(kb.service_types[spec.service_type].core_needs)
    return [n for n in spec.named_needs if n not in core and any(
        n in states[r].needs and advice[r] != "excluded" for r in kb.needs[n].measures)]


def _need_results(spec: TenderSpec, kb: KnowledgeBase, measures: list[MeasureDecision],
                  band: Band) -> list[NeedResult]:
    """Each named need with the recommended measures it points to, its evidence, and, when no
    measure answers it, a plain sentence saying why (so no need is dropped silently)."""
    service = kb.service_types[spec.service_type]
    by_ref = {m.ref: m for m in measures}
    out = []
    for need_id in spec.named_needs:
        need = kb.needs[need_id]
        rec = [r for r in need.measures if by_ref[r].status == "recommended"]
        offered = [r for r in need.measures if by_ref[r].status == "optional"]
        core = need_id in service.core_needs
        note = ""
        if core:
            note = (f"A {service.name.lower()} contract is bought to meet this need, so it adds "
                    f"no separate Social Value measure or question: that would count the core "
                    f"service twice (seed 6.4 and 7.3, additionality).")
        elif not rec and any(by_ref[r].reasons and by_ref[r].reasons[-1].rule == band.id
                             for r in offered):
            note = (f"The {band.label} band's ceiling left no room for a measure for this need; "
                    f"bidders may still offer {', '.join(offered)}.")
        elif not rec:
            note = (f"No measure relevant to {_a(service.name.lower())} contract answers this need"
                    + (f"; bidders may still offer {', '.join(offered)}." if offered else "."))
        out.append(NeedResult(
            id=need.id, name=need.name, description=need.description.strip(), measures=rec,
            evidence=[e for e in spec.needs_evidence if e.need == need.id],
            met_by_service=core, note=note))
    return out


def _rows(n: int) -> str:
    return f"{n} row{'' if n == 1 else 's'}"


def _needs_analysis_note(spec: TenderSpec, kb: KnowledgeBase) -> str:
    """Which Local Needs Analysis rows this tender used, when that is not plain: rows for other
    places are left out (a system-wide file serves every tender), and a tender with no places
    uses them all."""
    read = spec.all_needs_evidence
    if not read:
        return ""
    left = spec.needs_evidence_left_out
    used = len(read) - len(left)
    if left:
        names = sorted({kb.places[e.place].name if e.place in kb.places else e.place
                        for e in left})
        verb = "is" if len(left) == 1 else "are"
        return (f"{_rows(len(left))} of the Local Needs Analysis {verb} for places this tender "
                f"does not cover ({', '.join(names)}), so {'it is' if len(left) == 1 else 'they are'} "
                f"left out of its needs and evidence; {_rows(used)} for its places or the whole "
                f"area {'is' if used == 1 else 'are'} used.")
    if not spec.places:
        return (f"The tender names no places, so all {_rows(used)} of the Local Needs Analysis "
                f"are used, whichever place each is for.")
    return ""


def _apply_overrides(spec: TenderSpec, states: dict[str, _MeasureState]) -> list[OverrideRecord]:
    records = []
    for ov in spec.overrides:
        state = states[ov.measure]
        before = state.status
        status: MeasureStatus = "recommended" if ov.action == "add" else "excluded"
        verb = "Added" if ov.action == "add" else "Removed"
        state.apply(status, Reason(rule=f"override.{ov.action}",
                                   why=f"{verb} by the commissioner: {ov.reason}",
                                   source=OVERRIDE_SOURCE))
        state.overridden = True
        records.append(OverrideRecord(kind="measure", target=ov.measure, action=ov.action,
                                      reason=ov.reason, rule_advice=before))
    return records


def _vcfse_verdict(spec: TenderSpec, facts: dict[str, Any], kb: KnowledgeBase) -> Verdict:
    if spec.vcfse_suitable is not None:
        word = "suitable" if spec.vcfse_suitable else "not suitable"
        return Verdict(value=spec.vcfse_suitable, given=True, reasons=[Reason(
            rule="vcfse.given", why=f"The spec states the tender is {word} for VCFSE organisations.",
            source="Tender spec (`vcfse_suitable`)")])
    return _first_verdict(kb.rules.vcfse_rules, facts, False, attr="suitable")


def _first_verdict(rules: list[Any], facts: dict[str, Any], default: Any,
                   attr: str = "level") -> Verdict:
    for rule in rules:
        if matches(rule.when, facts):
            return Verdict(value=getattr(rule, attr), reasons=[_reason(rule)])
    return Verdict(value=default, reasons=[])


def _weighting(spec: TenderSpec, facts: dict[str, Any], band: Band,
               kb: KnowledgeBase) -> tuple[Weighting, list[Check]]:
    reasons = [_reason(band)]
    min_sv, min_qual = 0.0, 0.0
    sv_rules, qual_rules = [], []
    for rule in kb.rules.weighting_rules:
        if not matches(rule.when, facts):
            continue
        if rule.min_social_value_pct is not None and rule.min_social_value_pct >= min_sv:
            min_sv = rule.min_social_value_pct
            sv_rules.append(rule)
        if rule.min_qualitative_pct is not None and rule.min_qualitative_pct >= min_qual:
            min_qual = rule.min_qualitative_pct
            qual_rules.append(rule)
        reasons.append(_reason(rule))
    given = spec.evaluation
    sv = given.social_value_pct if given.social_value_pct is not None else max(
        band.social_value_pct, min_sv)
    qual = given.qualitative_pct if given.qualitative_pct is not None else max(
        band.qualitative_pct, min_qual)
    # A weighting the buyer set (in the spec or the app) is recorded beside what the rules advised.
    for value, advised, what, key in (
        (given.social_value_pct, max(band.social_value_pct, min_sv),
         "of the total score to Social Value", "social_value_pct"),
        (given.qualitative_pct, max(band.qualitative_pct, min_qual),
         "of the Social Value score to the qualitative answers", "qualitative_pct"),
    ):
        if value is not None and value != advised:
            reasons.append(Reason(
                rule=f"weighting.set-in-spec.{key}",
                why=f"The buyer set {value:g}% {what}; the rules advised {advised:g}%.",
                source=WEIGHTING_SOURCE))
    weighting = Weighting(social_value_pct=sv, qualitative_pct=qual, quantitative_pct=100 - qual,
                          minimum_social_value_pct=min_sv, minimum_qualitative_pct=min_qual,
                          reasons=reasons)
    checks = []
    for rule_list, value, minimum, what in (
        (sv_rules, sv, min_sv, "of the total score goes to Social Value"),
        (qual_rules, qual, min_qual, "of the Social Value score is qualitative"),
    ):
        if not rule_list:
            continue
        rule = rule_list[-1]
        ok = value >= minimum
        checks.append(Check(
            id=rule.id, category=rule.category, status="pass" if ok else "fail",
            source=rule.source.strip(),
            message=(f"{value:g}% {what}; the minimum is {minimum:g}%." if ok else
                     f"Only {value:g}% {what}; it must be at least {minimum:g}%. {rule.why.strip()}"),
            details={"value_pct": value, "minimum_pct": minimum},
        ))
    return weighting, checks


def _commitment_checks(rules: list[MeasureRule], advice: dict[str, MeasureStatus],
                       states: dict[str, _MeasureState], spec: TenderSpec,
                       fw: Any) -> list[Check]:
    """One check per commitment (rules sharing a `check` id report together)."""
    groups: dict[str, list[MeasureRule]] = {}
    for rule in rules:
        if rule.on_removal != "none":
            groups.setdefault(rule.check or rule.id, []).append(rule)
    checks = []
    for check_id, members in groups.items():
        ids = {r.id for r in members}
        rule = members[0]
        advised = [r for r, s in advice.items() if s == "recommended" and any(
            reason.rule in ids for reason in states[r].reasons)]
        kept = [r for r in advised if states[r].status == "recommended"]
        removed = [r for r in advised if r not in kept]
        met = [r for r, st in states.items() if _already_required(st, spec)
               and any(r in _selected(m, fw, spec) for m in members)]
        if met and not removed:
            checks.append(Check(
                id=check_id, category=rule.category, status="pass", source=rule.source.strip(),
                message=(f"The specification already requires {', '.join(met)}"
                         + (f"; kept: {', '.join(kept)}." if kept else
                            ", which meets this commitment.")),
                details={"kept": kept, "removed": removed, "met_by_specification": met}))
            continue
        if rule.on_removal == "fail":
            ok = bool(kept)
            status: CheckStatus = "pass" if ok else "fail"
            msg = (f"Kept: {', '.join(kept)}." if ok else
                   f"Every measure this rule requires was removed ({', '.join(removed)}). "
                   f"{rule.why.strip()}")
        else:
            status = "warn" if removed else "pass"
            msg = (f"Removed by override: {', '.join(removed)} (reasons recorded in the decision "
                   f"record). {rule.why.strip()}" if removed else f"All kept: {', '.join(kept)}.")
        checks.append(Check(id=check_id, category=rule.category, status=status, message=msg,
                            source=rule.source.strip(), details={"kept": kept, "removed": removed}))
    return checks


def _mark_legal_requirements(checks: list[Check], rules: RuleSet) -> None:
    """Name the legal requirement each check tests (by its concept, from the law data), so no
    accepted risk can waive it. The timetable's checks are the same objects, marked once."""
    law = {concept: req.id for req in rules.legal_requirements for concept in req.concepts}
    for check in checks:
        if check.concept is not None and check.concept in law:
            check.legal_requirement = law[check.concept]


def _kpi_check(rule: KpiRule | None, recommended: list[MeasureDecision],
               spec: TenderSpec) -> Check:
    """One matching KPI rule's verdict. A rule on the contract's KPIs (the law) is judged on the
    KPIs the spec records for the contract, and only reminds when it records none: the Social
    Value measures are a part of the contract's KPIs, never the whole."""
    n = len(recommended)
    become = f"{n} measure becomes a KPI" if n == 1 else f"{n} measures become KPIs"
    min_kpis = rule.min_kpis if rule else 0
    if rule is None or min_kpis == 0:
        return Check(id="kpi.none-required", category="kpi", status="pass",
                     message=f"No statutory minimum number of KPIs applies at "
                             f"{fmt_gbp(spec.value_gbp)}; {become}.",
                     source="Procurement Act 2023 s.52 (applies above £5,000,000)",
                     details={"kpis": n, "minimum": 0})
    why = rule.why.strip()
    if rule.counts == "contract_kpis":
        # The Social Value KPIs are KPIs of the contract (the KPI schedule is part of it); the
        # spec lists the contract's others (delivery, quality, cost) under contract_kpis.
        k = len(spec.contract_kpis)
        total = k + n
        details: dict[str, Any] = {"contract_kpis": k or None, "social_value_kpis": n,
                                   "total_kpis": total, "minimum": min_kpis}
        sv = f"{n} from the Social Value schedule (one per recommended measure)"
        if total >= min_kpis:
            status: CheckStatus = "pass"
            message = (f"{k} other KPI{'' if k == 1 else 's'} recorded for the contract and {sv}: "
                       f"{total}, meeting the minimum of {min_kpis}." if k else
                       f"The contract has at least {sv}, meeting the minimum of {min_kpis}; "
                       f"its other KPIs (delivery, quality, cost) still need setting.")
        elif k == 0:
            status = "warn"
            message = (f"{why} The Social Value schedule gives {n} of them; the contract's "
                       f"other KPIs are not recorded in the spec, so this is a reminder: list "
                       f"them under contract_kpis to check the minimum of {min_kpis}.")
        else:
            status = rule.shortfall
            message = (f"Only {total} KPI{'' if total == 1 else 's'} for the contract: {k} "
                       f"recorded and {sv}; at least {min_kpis} are needed. {why}")
        return Check(id=rule.id, category=rule.category, status=status, message=message,
                     source=rule.source.strip(), concept=rule.concept, details=details)
    ok = n >= min_kpis
    return Check(id=rule.id, category=rule.category, status="pass" if ok else rule.shortfall,
                 source=rule.source.strip(), concept=rule.concept,
                 message=(f"{n} recommended measures become Social Value KPIs; at least "
                          f"{min_kpis} are asked for." if ok else
                          f"Only {n} recommended "
                          f"{'measure would become a' if n == 1 else 'measures would become'} "
                          f"Social Value KPI{'' if n == 1 else 's'}; at least {min_kpis} are "
                          f"asked for. {why}"),
                 details={"kpis": n, "minimum": min_kpis})
