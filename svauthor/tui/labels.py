"""Plain-English labels for the spec's coded values (no Textual)."""

from __future__ import annotations

SECTORS = {
    "local_authority": "Local authority",
    "nhs": "NHS",
    "central_government": "Central government",
    "other_public": "Other public body",
}
CENTRAL = {
    "infer": "Work it out from the sector",
    "yes": "Yes (e.g. a department or NHS trust)",
    "no": "No (e.g. a council or an ICB)",
}
REGIMES = {
    "procurement_act_2023": "Procurement Act 2023",
    "below_threshold": "Below threshold (Procurement Act Part 6)",
    "provider_selection_regime": "Provider Selection Regime (health care)",
    "public_contracts_regulations_2015": "Public Contracts Regulations 2015 (older procurements)",
}
PROCEDURES = {
    "open": "Open procedure",
    "competitive_flexible": "Competitive flexible procedure",
    "direct_award": "Direct award",
    "framework_call_off": "Call-off from a framework",
    "competitive_process": "Competitive process",
    "most_suitable_provider": "Most suitable provider process",
    "direct_award_a": "Direct award process A",
    "direct_award_b": "Direct award process B",
    "direct_award_c": "Direct award process C",
    "restricted": "Restricted procedure",
    "competitive_with_negotiation": "Competitive procedure with negotiation",
    "light_touch": "Light touch regime",
    "quotation": "Request for quotation",
}
STATUSES = {"recommended": "Recommended", "optional": "Optional", "excluded": "Excluded"}
DATES = {
    "planned_procurement_notice": "Planned procurement notice",
    "market_engagement": "Market engagement",
    "tender_published": "Tender published",
    "clarification_deadline": "Clarification deadline",
    "tender_deadline": "Tender deadline",
    "award_notice": "Award notice",
    "contract_start": "Contract start",
}
FIELDS = {
    "title": "Tender title", "buyer_name": "Buyer name", "sector": "Buyer sector",
    "central": "Central government authority", "regime": "Regime", "procedure": "Procedure",
    "service_type": "Service type", "value": "Whole-life value", "duration": "Duration",
    "places": "Places", "local_needs": "Local needs", "lots": "Lots", "vcfse": "VCFSE",
    "overrides": "Measure overrides", "sv_pct": "Social Value weighting",
    "qual_pct": "Qualitative share", "question_edits": "Question changes",
    "timetable": "Timetable", "route_flags": "Route details", "framework": "Framework",
    "general": "Tender",
    **{f"tt_{k}": v for k, v in DATES.items()},
}


def label(mapping: dict[str, str], value: str) -> str:
    return mapping.get(value, value.replace("_", " "))
