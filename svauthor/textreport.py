"""Plain-text rendering of an assessment for the terminal (`svauthor check`)."""

from __future__ import annotations

from svauthor.domain.results import Assessment, Check, MeasureDecision
from svauthor.labels import VERDICT_MARKS
from svauthor.ukformat import fmt_gbp, fmt_months

MARK = VERDICT_MARKS


def render_assessment(a: Assessment, *, verbose: bool = False) -> str:
    lines = [
        f"{a.title}",
        f"{a.buyer} ({a.sector.replace('_', ' ')}) - {a.service_type_name}",
        f"Value {fmt_gbp(a.value_gbp)} over {fmt_months(a.duration_months)} "
        f"(about {fmt_gbp(round(a.annual_value_gbp))} a year)",
        "",
        f"Band: {a.band.label} ({a.band.id}) - up to {a.band.max_measures} measures, "
        f"{a.band.max_questions} questions, {a.band.word_limit} words",
        f"  why: {a.band.reasons[0].why}",
        f"Weighting: Social Value {a.weighting.social_value_pct:g}% of the total score; within it "
        f"{a.weighting.qualitative_pct:g}% qualitative, {a.weighting.quantitative_pct:g}% quantitative",
        f"VCFSE suitable: {'yes' if a.vcfse_suitable.value else 'no'}"
        + (f" - {a.vcfse_suitable.reasons[0].why}" if a.vcfse_suitable.reasons else ""),
        f"Carbon Reduction Plan: {str(a.carbon_reduction_plan.value).replace('_', ' ')}"
        + (f" - {a.carbon_reduction_plan.reasons[0].why}" if a.carbon_reduction_plan.reasons else ""),
        f"Minimum KPIs: {a.min_kpis or 'none set by law'}",
        "",
    ]
    for status in ("recommended", "optional", "excluded"):
        group = a.measures_with(status)
        lines.append(f"{status.capitalize()} measures ({len(group)}):")
        if status == "excluded" and not verbose:
            shown = [m for m in group if m.reasons[-1].rule != "relevance.not-linked"]
            hidden = len(group) - len(shown)
            group = shown
        else:
            hidden = 0
        for m in group:
            lines += _measure_lines(m)
        if hidden:
            lines.append(f"  ... and {hidden} not linked to this service or its local needs "
                         f"(use --verbose to list them)")
        lines.append("")
    lines.append(f"Questions ({len(a.questions)}):")
    for q in a.questions:
        lines.append(f"  {q.id}: {q.title} - {q.word_limit} words, {q.marks_pct:g}% of the total score")
        lines.append(f"    why: {q.reasons[0].why} [{q.reasons[0].rule}]")
    lines.append("")
    lines.append("Checks:")
    lines += [_check_line(c) for c in a.checks]
    if a.overrides:
        lines.append("")
        lines.append("Overrides recorded:")
        for o in a.overrides:
            lines.append(f"  {o.action} {o.kind} {o.target} (rules advised: {o.rule_advice}) "
                         f"- {o.reason}")
    lines.append("")
    lines.append(f"Rules {a.rules_version}; assessed {a.assessed_on.isoformat()}")
    return "\n".join(lines)


def _measure_lines(m: MeasureDecision) -> list[str]:
    flag = " [Partner VCFSE]" if m.partner_vcfse else ""
    out = [f"  {m.ref}{flag}: {m.text} ({m.unit})"]
    last = m.reasons[-1]
    out.append(f"    why: {last.why} [{last.rule}; {last.source}]")
    return out


def _check_line(c: Check) -> str:
    return f"  {MARK[c.status]} {c.id}: {c.message} [{c.source}]"


def render_checks(checks: list[Check]) -> str:
    return "\n".join(_check_line(c) for c in checks)
