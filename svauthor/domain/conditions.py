"""The declarative `when:` language of rules: facts compared with plain operators, no eval.

A condition is a mapping of fact name to either a value (equality) or an operator mapping,
e.g. `{sector: nhs, value_gbp: {gte: 5000000}}`; all entries must hold. `any:`, `all:` and
`not:` combine conditions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator

from svauthor.errors import did_you_mean

#: Every fact a rule may test, with what it means. The engine fills these from the spec.
FACTS: dict[str, str] = {
    "sector": "buyer sector: nhs, local_authority, central_government, other_public",
    "central_government": "true when the buyer is a central government authority",
    "regime": "procurement regime",
    "procedure": "procedure within the regime",
    "competitive": "false when the procedure awards without a competition (rules/law/regimes.yaml: "
                   "a direct award, say), so there are no tenders to score",
    "light_touch": "true for a light touch contract",
    "service_type": "service type id",
    "health_care": "true when the service type is a relevant health care service",
    "works": "true when the service type is a works contract",
    "goods": "true when the service type is a goods (supply) contract",
    "light_touch_service": "true when the service type is usually a light touch service",
    "value_gbp": "whole-life value in pounds, incl. VAT",
    "annual_value_gbp": "average value per year in pounds",
    "duration_months": "contract length in months",
    "places": "place ids (list)",
    "nations": "nations of the places (list)",
    "local_needs": "local need ids (list)",
    "lots": "number of lots",
    "vcfse_suitable": "VCFSE suitability as given or inferred",
    "band": "proportionality band id",
    "carbon_reduction_plan": "the carbon plan bidders must provide (rules/law/duties.yaml): "
                             "full, proportionate or not_required",
    "tender_published": "the tender notice date, if the timetable gives one (compare with "
                        "an ISO date such as 2025-02-24)",
    "days_to_tender_published": "days from the assessment date to the tender notice (negative "
                                "when it is already past; empty without a timetable date)",
    "days_from_issue_to_tender_published": "days from the documents' issue date (tender: "
                                           "issue_date) to the tender notice (negative when "
                                           "the documents are dated after it)",
    "days_from_issue_to_tender_deadline": "days from the documents' issue date to the tender "
                                          "deadline (negative when dated after it)",
    "days_from_sign_off_to_tender_published": "days from the sign-off date (sign_off: date) to "
                                              "the tender notice (negative when signed after it)",
    # Jurisdiction and route facts (the law in rules/law/ turns on these)
    "nation": "the buyer's nation: england, wales, scotland or northern_ireland",
    "devolved_authority": "true for a devolved Welsh or Scottish (or transferred NI) authority",
    "regime_applies": "false when the regime does not bind this buyer (its jurisdiction)",
    "urgency": "true when the buyer relies on a state of urgency",
    "dynamic_market": "true for an award by reference to a dynamic market",
    "pre_selected_suppliers": "true when only pre-selected suppliers may tender",
    "agreed_tender_period": "true when the tendering period is agreed with the suppliers",
    "electronic_submission": "true when tenders are submitted electronically",
    "documents_with_notice": "true when all tender documents are provided with the notice",
    "electronic_notification": "true when award decision notices are sent electronically",
    "representations_received": "true when written representations were received in standstill",
    "qualifying_planned_notice": "true when a planned notice (or PIN) earns a shorter period",
    "multi_stage": "true when the procedure runs with a participation stage",
    "commenced": "the date the procurement commenced: the tender notice, else the assessment date",
    "above_threshold": "true when the value is at or above the threshold in force on that date",
}

_SCALAR_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "in": lambda a, b: a in b,
    "not_in": lambda a, b: a not in b,
    "gt": lambda a, b: a is not None and a > b,
    "gte": lambda a, b: a is not None and a >= b,
    "lt": lambda a, b: a is not None and a < b,
    "lte": lambda a, b: a is not None and a <= b,
    "any_of": lambda a, b: bool(set(a or ()) & set(b)),
    "all_of": lambda a, b: set(b) <= set(a or ()),
    "none_of": lambda a, b: not set(a or ()) & set(b),
}
_LIST_OPERAND = {"in", "not_in", "any_of", "all_of", "none_of"}
_NUMBER_OPERAND = {"gt", "gte", "lt", "lte"}
_COMBINATORS = {"any", "all", "not"}


def condition_problems(cond: Any, path: str = "when") -> list[str]:
    """Everything wrong with a condition, as readable messages (empty when it is sound)."""
    if cond is None:
        return []
    if not isinstance(cond, Mapping):
        return [f"{path}: must be a mapping of fact to test, got {type(cond).__name__}"]
    problems: list[str] = []
    for key, test in cond.items():
        where = f"{path}.{key}"
        if key in ("any", "all"):
            if not isinstance(test, list) or not test:
                problems.append(f"{where}: must be a non-empty list of conditions")
                continue
            for i, sub in enumerate(test):
                problems += condition_problems(sub, f"{where}[{i}]")
        elif key == "not":
            problems += condition_problems(test, where)
        elif key not in FACTS:
            problems.append(
                f"{where}: unknown fact `{key}`{did_you_mean(key, [*FACTS, *_COMBINATORS])}"
            )
        elif isinstance(test, Mapping):
            for op, operand in test.items():
                if op not in _SCALAR_OPS:
                    problems.append(
                        f"{where}: unknown operator `{op}`{did_you_mean(op, _SCALAR_OPS)}"
                    )
                elif op in _LIST_OPERAND and not isinstance(operand, list):
                    problems.append(f"{where}.{op}: needs a list")
                elif op in _NUMBER_OPERAND and (
                    isinstance(operand, bool) or not isinstance(operand, int | float)
                ) and not _is_iso_date(operand):
                    problems.append(f"{where}.{op}: needs a number or an ISO date (YYYY-MM-DD)")
    return problems


def _is_iso_date(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


#: Plain values a test can be compared with directly (checked before the slower Mapping test).
_PLAIN = (str, bool, int, float, list, type(None))


def matches(cond: Mapping[str, Any] | None, facts: Mapping[str, Any]) -> bool:
    """True when every part of the condition holds for these facts (no condition: always)."""
    if not cond:
        return True
    for key, test in cond.items():
        if key == "any":
            if not any(matches(sub, facts) for sub in test):
                return False
        elif key == "all":
            if not all(matches(sub, facts) for sub in test):
                return False
        elif key == "not":
            if matches(test, facts):
                return False
        elif isinstance(test, dict) or (not isinstance(test, _PLAIN)
                                        and isinstance(test, Mapping)):
            value = facts.get(key)
            for op, operand in test.items():
                if isinstance(value, date) and isinstance(operand, str):
                    operand = date.fromisoformat(operand)  # rules write dates in ISO form
                if not _SCALAR_OPS[op](value, operand):
                    return False
        elif facts.get(key) != test:
            return False
    return True


def referenced_values(cond: Any, fact: str) -> list[Any]:
    """Every literal a condition compares `fact` with, so ids can be checked against vocabularies."""
    found: list[Any] = []
    if not isinstance(cond, Mapping):
        return found
    for key, test in cond.items():
        if key in ("any", "all") and isinstance(test, list):
            for sub in test:
                found += referenced_values(sub, fact)
        elif key == "not":
            found += referenced_values(test, fact)
        elif key == fact:
            if isinstance(test, Mapping):
                for operand in test.values():
                    found += operand if isinstance(operand, list) else [operand]
            else:
                found.append(test)
    return found


def sound_condition(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """The check every condition field shares: a malformed condition is a validation error."""
    problems = condition_problems(value)
    if problems:
        raise ValueError("; ".join(problems))
    return value


#: The type of every `when:`-style field: a condition, checked when the data is loaded.
Condition = Annotated[dict[str, Any] | None, AfterValidator(sound_condition)]
