"""What the engine decides: every decision carries the rules that made it, in plain English."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from svauthor.domain.tenderfacts import AcceptedRisk, SignOff, TenderFacts

MeasureStatus = Literal["recommended", "optional", "excluded"]
CheckStatus = Literal["pass", "warn", "fail"]

#: The fixed list of check categories. Every rule that makes a check names one in the data (its
#: own `category:`, or the `category:` at the top of its file), and the faces choose checks by
#: category, never by the shape of a rule id, so renaming a rule cannot hide its check.
CHECK_CATEGORIES = ("timetable", "dates", "route", "weighting", "commitment", "kpi", "duty")


class Reason(BaseModel):
    """Why a decision was made: the rule id, a plain-English reason and the source behind it."""

    rule: str
    why: str
    source: str


class Check(BaseModel):
    """A pass/warn/fail verdict on the tender as specified, with its source."""

    id: str
    category: str
    status: CheckStatus
    message: str
    source: str
    details: dict[str, Any] = Field(default_factory=dict)
    concept: str | None = Field(
        default=None, description="What the check is about (from the rule data), e.g. "
        "standstill or threshold, so faces can group checks without reading ids")
    legal_requirement: str | None = Field(
        default=None, description="The law this check tests (from rules/law), if it tests the "
        "law: a failure of it can never be accepted as a risk")


class MeasureDecision(BaseModel):
    ref: str
    status: MeasureStatus
    reasons: list[Reason]
    text: str
    unit: str
    outcome: str
    outcome_name: str
    theme: str
    theme_name: str
    partner_vcfse: bool = False
    overridden: bool = False
    score: int = 0


class NeedEvidence(BaseModel):
    """One row of a Local Needs Analysis: what the evidence says about a need in a place."""

    place: str
    need: str
    evidence: str
    figure: str = ""
    source: str = ""
    date: str = ""


class NeedResult(BaseModel):
    """A local need the tender answers, with the measures it led to and the evidence behind it."""

    id: str
    name: str
    description: str
    measures: list[str] = Field(description="Recommended measures this need points to")
    evidence: list[NeedEvidence] = Field(default_factory=list)
    met_by_service: bool = Field(default=False, description="The service itself meets this need")
    note: str = Field(default="", description="Plain words on how the tender answers the need "
                      "when no measure is recommended for it")


class BandDecision(BaseModel):
    id: str
    label: str
    max_measures: int
    max_questions: int
    word_limit: int
    reasons: list[Reason]


class Weighting(BaseModel):
    """Shares of the total score (social_value_pct) and within the Social Value score."""

    social_value_pct: float
    qualitative_pct: float
    quantitative_pct: float
    minimum_social_value_pct: float
    minimum_qualitative_pct: float
    reasons: list[Reason]


class QuestionDecision(BaseModel):
    id: str
    title: str
    text: str
    guidance: str
    strong_answer: list[str]
    word_limit: int
    marks_pct: float = Field(description="Share of the total tender score for this question")
    outcomes: list[str]
    measures: list[str]
    reasons: list[Reason]
    edited: bool = False


class Verdict(BaseModel):
    """A yes/no (or levelled) verdict such as VCFSE suitability, with its reasons."""

    value: bool | str
    given: bool = False
    reasons: list[Reason]


class OverrideRecord(BaseModel):
    kind: Literal["measure", "question"]
    target: str
    action: str
    reason: str
    rule_advice: str = Field(description="What the rules had advised before the override")


class TimetableResult(BaseModel):
    dates: dict[str, Any]
    checks: list[Check]
    given: dict[str, str] = Field(default_factory=dict,
                                  description="The dates as the spec gives them (ISO)")


class Assessment(BaseModel):
    """The whole engine answer for one spec; the CLI, TUI and Word writers only present it."""

    title: str
    buyer: str
    sector: str
    service_type: str
    service_type_name: str
    value_gbp: float
    annual_value_gbp: float
    duration_months: int
    framework_id: str
    framework_name: str
    band: BandDecision
    weighting: Weighting
    measures: list[MeasureDecision]
    questions: list[QuestionDecision]
    checks: list[Check]
    vcfse_suitable: Verdict
    carbon_reduction_plan: Verdict
    min_kpis: int
    overrides: list[OverrideRecord]
    needs: list[NeedResult] = Field(default_factory=list)
    already_required: list[str] = Field(default_factory=list)
    timetable: TimetableResult | None = None
    rules_version: str
    assessed_on: date
    # --- Tender facts for the documents (optional; they change no decision) ---
    regime: str = ""
    procedure: str = ""
    #: False when the procedure awards without a competition (a direct award): no bids are
    #: scored, so the weighting is not applied and Social Value is agreed in the contract.
    competitive: bool = True
    #: How the Local Needs Analysis rows were used: a plain sentence when some were left out as
    #: being for places this tender does not cover, or all were used as it names no places.
    needs_analysis_note: str = ""
    places: list[str] = Field(default_factory=list, description="Place names, in spec order")
    lots: int = Field(default=1, ge=1, description="How many lots the procurement is divided into")
    tender: TenderFacts = Field(default_factory=TenderFacts)
    accepted_risks: list[AcceptedRisk] = Field(default_factory=list)
    sign_off: SignOff = Field(default_factory=SignOff)

    def measures_with(self, status: MeasureStatus) -> list[MeasureDecision]:
        return [m for m in self.measures if m.status == status]

    def blocking_checks(self) -> list[Check]:
        """Failed checks not accepted as risks in the spec: while any remain, only a draft pack
        may be written (the one rule for `svauthor build` and the app). A check of a legal
        requirement blocks whatever the spec accepts: a statute cannot be waived."""
        accepted = {r.check for r in self.accepted_risks}
        return [c for c in self.checks if c.status == "fail"
                and (c.id not in accepted or c.legal_requirement is not None)]

    @property
    def worst_status(self) -> CheckStatus:
        statuses = {c.status for c in self.checks}
        return "fail" if "fail" in statuses else "warn" if "warn" in statuses else "pass"

    def to_json_data(self) -> dict[str, Any]:
        """The documented `check --json` shape: `band` is the band id, details sit beside it."""
        data = self.model_dump(mode="json")
        data["band_detail"] = data["band"]
        data["band"] = self.band.id
        return data
