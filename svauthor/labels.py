"""One vocabulary: the words every face shows for the codes the spec and the engine define.

The app, the command line, the Word pack and the pipeline summary all import these, so a sector,
a measure's status, a check's verdict or a date field reads the same everywhere
(tests/test_labels.py proves no face keeps its own copy). Words that are data stay in data:
regimes and procedures are named in rules/law/regimes.yaml (`kb.regimes.label`, `.title`,
`.procedure_label`), rating levels in rules/tracking/, measures and outcomes in the framework.
No Textual, no Word: any face may import this.
"""

from __future__ import annotations

from collections.abc import Mapping  # label() reads any mapping; the tables are plain dicts

#: buyer.sector
SECTORS: dict[str, str] = {
    "local_authority": "Local authority",
    "nhs": "NHS",
    "central_government": "Central government",
    "other_public": "Other public body",
}

#: A measure decision's status.
STATUSES: dict[str, str] = {
    "recommended": "Recommended",
    "optional": "Optional",
    "excluded": "Excluded",
}

#: A check's verdict, in a sentence or a table.
VERDICTS: dict[str, str] = {"pass": "Pass", "warn": "Warning", "fail": "Fail"}
#: The same verdict as a terminal shows it, short and in capitals.
VERDICT_MARKS: dict[str, str] = {"pass": "PASS", "warn": "WARN", "fail": "FAIL"}

#: The timetable's date fields, as the app labels its boxes.
DATES: dict[str, str] = {
    "planned_procurement_notice": "Planned procurement notice",
    "market_engagement": "Market engagement",
    "tender_published": "Tender published",
    "participation_deadline": "Participation deadline",
    "invitation_to_tender": "Invitation to tender",
    "clarification_deadline": "Clarification deadline",
    "tender_deadline": "Tender deadline",
    "award_notice": "Award notice",
    "contract_start": "Contract start",
}
#: The same dates as a bidder reads them in the pack: the deadlines in full, and the dates that
#: are the buyer's plan marked as planned.
DATES_FOR_BIDDERS: dict[str, str] = {
    **DATES,
    "participation_deadline": "Deadline for requests to participate",
    "clarification_deadline": "Deadline for clarification questions",
    "tender_deadline": "Deadline for tenders",
    "award_notice": "Award decision notice (planned)",
    "contract_start": "Contract start (planned)",
}


def label(mapping: Mapping[str, str], value: str) -> str:
    """The label for `value`, or the code itself in words ("other_thing" -> "other thing")."""
    return mapping.get(value, value.replace("_", " "))
