"""Plain-English labels for the spec's coded values (no Textual)."""

from __future__ import annotations

# The words every face shares (sectors, statuses, verdicts, dates) live in svauthor.labels.
from svauthor.labels import DATES, SECTORS, STATUSES, label

__all__ = ["CENTRAL", "DATES", "FIELDS", "MENTIONS", "PROCEDURES", "REGIMES", "SECTORS", "STATUSES",
           "label"]

CENTRAL = {
    "infer": "Work it out from the sector",
    "yes": "Yes (e.g. a department or NHS trust)",
    "no": "No (e.g. a council or an ICB)",
}
def _regime_labels() -> dict[str, str]:
    """Regime names for the app, from the law data (with the hint it gives, if any)."""
    from svauthor.domain.law import shipped_regimes

    return {rid: f"{r.label} ({r.hint})" if r.hint else r.label
            for rid, r in shipped_regimes().regimes.items()}


def _procedure_labels() -> dict[str, str]:
    from svauthor.domain.law import shipped_regimes

    return shipped_regimes().procedure_labels()


REGIMES = _regime_labels()
PROCEDURES = _procedure_labels()
NATIONS = {"england": "England", "wales": "Wales", "scotland": "Scotland",
           "northern_ireland": "Northern Ireland"}
FIELDS = {
    "title": "Tender title", "buyer_name": "Buyer name", "sector": "Buyer sector",
    "central": "Central government authority", "regime": "Regime", "procedure": "Procedure",
    "service_type": "Service type", "value": "Whole-life value", "duration": "Duration",
    "places": "Places", "local_needs": "Local needs", "lots": "Lots", "vcfse": "VCFSE",
    "overrides": "Measure overrides", "sv_pct": "Social Value weighting",
    "qual_pct": "Qualitative share", "question_edits": "Question changes",
    "timetable": "Timetable", "route_flags": "Route details", "framework": "Framework",
    "general": "Tender", "nation": "Buyer's nation",
    "devolved_authority": "Devolved authority",
    **{f"tt_{k}": v for k, v in DATES.items()},
}

#: Words in a check's message that point to the field to fix (lower case), so a summary entry
#: can lead there; the field's own label counts too. Screen wording only: no rule decides here.
MENTIONS: dict[str, tuple[str, ...]] = {
    "sv_pct": ("of the total score", "social value weighting"),
    "qual_pct": ("qualitative",),
    "tt_planned_procurement_notice": ("planned procurement notice",),
    "tt_market_engagement": ("market engagement",),
    "tt_tender_published": ("tender published", "tender notice", "publication"),
    "tt_clarification_deadline": ("clarification deadline",),
    "tt_tender_deadline": ("tender deadline", "the tender is open"),
    "tt_award_notice": ("award notice", "standstill"),
    "tt_contract_start": ("contract start", "mobilise"),
    "tt_participation_deadline": ("participation deadline", "participation stage"),
    "tt_invitation_to_tender": ("invitation to tender",),
    "procedure": ("procedure",),
    "regime": ("can govern", "does not apply to", "regime"),
    "value": ("threshold", "(including vat)"),
    "overrides": ("measure", "kpi"),
}


def count(n: int, one: str, many: str | None = None) -> str:
    """"1 field", "2 fields": never "field(s)" (GOV.UK plain English)."""
    return f"{n} {one if n == 1 else many or one + 's'}"
