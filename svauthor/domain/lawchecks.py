"""Checks of the law that are not dates: does the regime apply, the threshold, and the duties.

All three are computed generically from data: regimes (`rules/law/regimes.yaml`), thresholds
with their commencement dates and duties with their scope (`rules/law/duties.yaml`). Each check
carries its concept so every face, and the decision record, can group them without ids.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from svauthor.domain.law import Regime, RegimeBook
from svauthor.domain.results import Check
from svauthor.domain.rules import DutyRule, ThresholdRule
from svauthor.ukformat import fmt_date, fmt_gbp


def regime_applies_check(book: RegimeBook, regime_id: str, facts: dict[str, Any]) -> Check | None:
    """Pass when the chosen regime can govern this buyer on the commencement date; else fail."""
    rule = book.applies_check
    regime = book.regimes[regime_id]
    if rule is None:
        return None
    details: dict[str, Any] = {"regime": regime_id, "nation": facts.get("nation"),
                               "devolved_authority": facts.get("devolved_authority")}
    excluded = regime.excluded_for(facts)
    sources = [regime.jurisdiction.source or regime.source]
    if excluded is not None:
        return Check(id=rule.id, category=rule.category, status="fail", message=excluded.message.strip(),
                     source=excluded.source.strip(), concept=rule.concept,
                     details={**details, "regime_applies": False, "exclusion": excluded.id})
    published: date | None = facts.get("tender_published")
    if published is not None:
        problem = _out_of_force(regime, published)
        if problem is not None:
            return Check(id=rule.id, category=rule.category, status="fail", message=problem,
                         source="; ".join([*sources, regime.commencement_source or ""]).strip("; "),
                         concept=rule.concept, details={**details, "regime_applies": False})
    when = f" for a tender notice on {fmt_date(published)}" if published else ""
    nation = str(facts.get("nation") or "england").replace("_", " ").title()
    message = (f"{regime.title[0].upper()}{regime.title[1:]} can govern this procurement: a "
               f"{'devolved ' if facts.get('devolved_authority') else ''}buyer in {nation}"
               f"{when}.")
    notes = [n for n in regime.jurisdiction.notes if n.holds(facts)]
    message = " ".join([message, *(n.note.strip() for n in notes)])
    sources.extend(n.source.strip() for n in notes)
    if regime.commencement_source:
        sources.append(regime.commencement_source)
    return Check(id=rule.id, category=rule.category,
                 status="pass", message=message, source="; ".join(sources),
                 concept=rule.concept, details={**details, "regime_applies": True})


def claim_checks(regime: Regime, facts: dict[str, Any]) -> list[Check]:
    """A failing check for each route claim the law rules out here (it was disregarded, so the
    statutory checks used the ordinary rows)."""
    ruled_out = set(facts.get("disregarded_claims") or ())
    return [Check(id=claim.id, category=claim.category, status="fail",
                  message=f"{claim.message.strip()} {claim.why.strip()}",
                  source=claim.source.strip(), concept=claim.concept,
                  details={"claim": claim.fact, "disregarded": True})
            for claim in regime.unavailable_claims if claim.id in ruled_out]


def _out_of_force(regime: Regime, published: date) -> str | None:
    title = f"{regime.title[0].upper()}{regime.title[1:]}"
    if regime.in_force_from and published < regime.in_force_from:
        return (f"{title} applies to procurements commenced on or after "
                f"{fmt_date(regime.in_force_from)}; a tender notice on {fmt_date(published)} "
                f"belongs to the regime in force before then.")
    if regime.in_force_until and published > regime.in_force_until:
        return (f"{title} applies only to procurements commenced by "
                f"{fmt_date(regime.in_force_until)}; a tender notice on {fmt_date(published)} "
                f"belongs to the regime in force now (unless the procurement was commenced "
                f"earlier, for example by a prior information notice used as a call for "
                f"competition).")
    return None


def threshold_check(rules: list[ThresholdRule], regime: Regime,
                    facts: dict[str, Any]) -> tuple[Check | None, bool | None]:
    """The threshold in force when the procurement commenced, and whether the regime fits it.

    Where the spec does not say whether the buyer is a central government authority (an NHS
    buyer: trusts are, ICBs are not), the check is made both ways: the same verdict stands,
    different verdicts are a warning naming both thresholds."""
    if "central_government" in facts and facts["central_government"] is None:
        central = _threshold_check(rules, regime, {**facts, "central_government": True})
        other = _threshold_check(rules, regime, {**facts, "central_government": False})
        (c_check, c_above), (o_check, o_above) = central, other
        if c_check is None or o_check is None or (
                c_above == o_above and c_check.status == o_check.status):
            return central
        details = {**o_check.details, "above_threshold": None,
                   "central_threshold_gbp": c_check.details.get("threshold_gbp")}
        return Check(
            id=o_check.id, category=o_check.category, status="warn", concept=o_check.concept,
            source=f"{c_check.source.strip()}; {o_check.source.strip()}",
            message=f"The verdict depends on whether the buyer is a central government "
                    f"authority, which the spec does not say. If it is: {c_check.message} If it "
                    f"is not: {o_check.message} NHS trusts, NHS foundation trusts and NHS "
                    f"England are central government authorities and integrated care boards are "
                    f"not (Procurement Regulations 2024 Sch 2): set "
                    f"buyer.central_government_authority.",
            details=details), True if (c_above or o_above) else c_above
    return _threshold_check(rules, regime, facts)


def _threshold_check(rules: list[ThresholdRule], regime: Regime,
                     facts: dict[str, Any]) -> tuple[Check | None, bool | None]:
    found = next((r for r in rules if r.holds(facts)), None)
    if found is None:
        return None, None
    value = float(facts["value_gbp"])
    above = value >= found.amount_gbp
    details: dict[str, Any] = {"threshold_gbp": found.amount_gbp, "above_threshold": above,
                               "value_gbp": value, "commenced": _iso(facts.get("commenced"))}
    head = (f"At {fmt_gbp(value)} (including VAT) the contract is "
            f"{'at or above' if above else 'below'} {found.label} of "
            f"{fmt_gbp(found.amount_gbp)}")
    if found.net_of_vat_pct is not None and above:
        least_net = value / (1 + found.net_of_vat_pct / 100)
        if least_net < found.amount_gbp:
            # The net value decides, and only the buyer knows it: the stricter reading (above)
            # keeps the duties that turn on it.
            details.update(above_threshold=None, least_net_value_gbp=round(least_net, 2))
            if regime.above_threshold is None:
                return None, True
            return Check(id=found.id, category=found.category, status="warn",
                         concept=found.concept, source=found.source,
                         message=f"At {fmt_gbp(value)} including VAT, the contract is above "
                                 f"{found.label} of {fmt_gbp(found.amount_gbp)} only if its "
                                 f"value net of VAT is at least that figure (thresholds were "
                                 f"net of VAT until 1 January 2022). Confirm the net value: "
                                 f"at or above it, {regime.title} "
                                 f"{'fits' if regime.above_threshold else 'is the wrong route'}"
                                 f"; below it, {regime.title} "
                                 f"{'is the wrong route' if regime.above_threshold else 'fits'}.",
                         details=details), True
        head = (f"At {fmt_gbp(value)} (including VAT, so at least {fmt_gbp(least_net)} net of "
                f"VAT) the contract is at or above {found.label} of "
                f"{fmt_gbp(found.amount_gbp)}")
    if regime.above_threshold is None:
        return None, above
    alt = found.alternative
    if alt is not None and alt.holds(facts) and found.amount_gbp <= value < alt.amount_gbp:
        details.update(alternative_threshold_gbp=alt.amount_gbp)
        return Check(id=found.id, category=found.category,
                     status="warn", concept=found.concept, source=found.source,
                     message=f"{head}, but below {alt.label} of {fmt_gbp(alt.amount_gbp)}. "
                             f"{alt.message.strip()}", details=details), above
    fits = above == regime.above_threshold
    if fits:
        verdict = (f"; {regime.title} is {'an above' if above else 'a below'}-threshold route, "
                   f"which fits.")
        return Check(id=found.id, category=found.category,
                     status="pass", concept=found.concept, source=found.source,
                     message=head + verdict, details=details), above
    wrong = (f"; {regime.title} is for {'below' if above else 'above'}-threshold contracts, so "
             f"the wrong rules, notices and time limits would be used and the award would be "
             f"open to challenge. {found.why.strip()}")
    return Check(id=found.id, category=found.category,
                 status="fail", concept=found.concept, source=found.source,
                 message=head + wrong, details=details), above


def duty_checks(rules: list[DutyRule], facts: dict[str, Any]) -> list[Check]:
    """One check per duty: whether it applies here and why, with who is bound and which contracts."""
    checks: list[Check] = []
    for duty in rules:
        details: dict[str, Any] = {"duty": duty.name, "bound": duty.bound.strip(),
                                   "contracts": duty.contracts.strip()}
        exempt = next((e for e in duty.not_when if e.holds(facts)), None)
        if duty.holds(facts) and exempt is None:
            checks.append(Check(id=duty.id, category=duty.category, status="pass", concept=duty.concept,
                                source=duty.source.strip(),
                                message=f"{duty.name} applies: {duty.requires.strip()}",
                                details={**details, "applies": True}))
            continue
        reason = exempt.reason.strip() if exempt else duty.not_applies.strip()
        source = f"{duty.source.strip()}; {exempt.source.strip()}" if exempt else \
            duty.source.strip()
        checks.append(Check(id=duty.id, category=duty.category,
                            status="pass", concept=duty.concept, source=source,
                            message=f"{duty.name} does not apply: {reason}",
                            details={**details, "applies": False}))
    return checks


def _iso(day: object) -> str | None:
    return day.isoformat() if isinstance(day, date) else None
