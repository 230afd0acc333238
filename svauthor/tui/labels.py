"""Plain-English labels for the spec's coded values (no Textual)."""

from __future__ import annotations

# The words every face shares (sectors, statuses, verdicts, dates) live in svauthor.labels.
from svauthor.labels import DATES, SECTORS, STATUSES, label

__all__ = ["CENTRAL", "DATES", "FIELDS", "PROCEDURES", "REGIMES", "SECTORS", "STATUSES", "label"]

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
