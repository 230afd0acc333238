"""Rule models: each rule has an id, a plain-English `why`, a `source` and a declarative `when`."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from svauthor.domain.base import Strict
from svauthor.domain.conditions import Condition, matches

#: Stages in the order the engine applies them; a later stage's status wins.
MEASURE_STAGES = ("relevance", "proportionality", "additionality", "safeguarding", "commitment")
#: Stages whose rules can only narrow a measure's status (recommended > optional > excluded).
#: Safeguarding rules hold back measures that need a judgement about the people served (for
#: example hiring people with convictions into services for vulnerable adults) to optional.
RESTRICTING_STAGES = ("proportionality", "additionality", "safeguarding")
#: Spec lists a rule may select measures from (measure refs or outcome ids).
SpecList = Literal["already_required"]


class RuleBase(Strict):
    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9_.\-]*$")
    why: str = Field(min_length=10)
    source: str = Field(min_length=3)
    when: Condition = None
    #: The check category (see CHECK_CATEGORIES); "" takes the file's `category:`.
    category: str = ""


class Band(RuleBase):
    """A proportionality band: how much Social Value to ask of a contract of this size."""

    label: str
    max_measures: int = Field(ge=1, le=100, description="The whole recommended ask, commitments "
                              "included: a ceiling, never a target")
    max_questions: int = Field(ge=1, le=20)
    word_limit: int = Field(ge=50, le=5000)
    short_questions: bool = Field(default=False, description="Ask each question's short version")
    needs_led_question: bool = Field(default=True, description="Ask the open needs-led question "
                                     "when the spec names needs the contract can add to")
    social_value_pct: float = Field(ge=0, le=100)
    qualitative_pct: float = Field(ge=0, le=100)


class MeasureRule(RuleBase):
    """Sets the status of the measures it selects (by ref, outcome, theme or tag)."""

    stage: Literal["relevance", "proportionality", "additionality", "safeguarding", "commitment"]
    set: Literal["recommended", "optional", "excluded"]
    measures: list[str] = Field(default_factory=list)
    outcomes: list[str] = Field(default_factory=list)
    themes: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    from_spec: SpecList | None = Field(
        default=None,
        description="Also select the measures (or every measure of the outcomes) the spec names "
        "in this list, e.g. what the specification already requires",
    )
    check: str | None = Field(
        default=None, pattern=r"^[a-z0-9][a-z0-9_.\-]*$",
        description="Commitment rules sharing a check id report as one check",
    )
    gives_way: bool = Field(
        default=False,
        description="A commitment that gives way to the service's main lever and the named needs "
        "when the band's ceiling is reached (e.g. the optional extras of a commitment)",
    )
    pick_first_available: bool = Field(
        default=False,
        description="Recommend only the first selected measure that is not excluded, unless one "
        "of them is already recommended (e.g. 'at least one carbon measure').",
    )
    counts_against_cap: bool = Field(
        default=True, description="False for commitments made in every pack (Partner VCFSE)"
    )
    default: bool = Field(
        default=False,
        description="A starting point: its reason is dropped once any other rule decides",
    )
    on_removal: Literal["none", "warn", "fail"] = Field(
        default="none",
        description="What a check says when overrides leave none (fail) or fewer (warn) of the "
        "measures this rule recommended",
    )

    @model_validator(mode="after")
    def _selects_something(self) -> MeasureRule:
        if not (self.measures or self.outcomes or self.themes or self.tags or self.from_spec):
            raise ValueError("a measure rule must name measures, outcomes, themes, tags or a "
                             "spec list (from_spec)")
        return self


class Overlap(RuleBase):
    """Measures that count much the same thing: a pack recommends at most one of them."""

    measures: list[str] = Field(min_length=2)


class WeightingRule(RuleBase):
    min_social_value_pct: float | None = Field(default=None, ge=0, le=100)
    min_qualitative_pct: float | None = Field(default=None, ge=0, le=100)


class VcfseRule(RuleBase):
    suitable: bool


class CarbonPlanRule(RuleBase):
    level: Literal["full", "proportionate", "not_required"]


class KpiRule(RuleBase):
    """A minimum number of KPIs: for the contract as a whole (the law, which the spec can only
    record: `contract_kpis`), or from the Social Value measures (a framework's own policy)."""

    min_kpis: int = Field(ge=0, le=50)
    counts: Literal["contract_kpis", "social_value_measures"] = "social_value_measures"
    shortfall: Literal["warn", "fail"] = Field(
        default="fail", description="the verdict when fewer are set than the minimum")
    concept: str | None = None


class CheckRule(RuleBase):
    """A warning or failure raised whenever its condition holds (e.g. a route that does not fit)."""

    status: Literal["warn", "fail"]
    message: str = Field(min_length=10)
    concept: str | None = Field(default=None, description="what the check is about, e.g. "
                                "timetable (shown by `svauthor timetable` too)")


class Conditional(Strict):
    when: Condition = None

    def holds(self, facts: dict[str, Any]) -> bool:
        return matches(self.when, facts)


class AlternativeThreshold(Conditional):
    """A higher threshold that may apply instead (light touch), which only the buyer can confirm."""

    amount_gbp: float = Field(gt=0)
    label: str = Field(min_length=3)
    message: str = Field(min_length=10)


class ThresholdRule(RuleBase):
    """A threshold (incl. VAT) for the procurements its condition picks out; first match wins."""

    concept: str = "threshold"
    amount_gbp: float = Field(gt=0)
    label: str = Field(min_length=3)
    alternative: AlternativeThreshold | None = None
    net_of_vat_pct: float | None = Field(
        default=None, gt=0, le=100, description="the figure is net of VAT (before 2022): the "
        "most VAT can add, in per cent, so a VAT-inclusive value can be placed either side")

    def holds(self, facts: dict[str, Any]) -> bool:
        return matches(self.when, facts)


class DutyExemption(Conditional):
    reason: str = Field(min_length=10)
    source: str = Field(min_length=3)


class DutyRule(RuleBase):
    """A duty on the buyer: `when` is its scope, `not_when` the exemptions inside it."""

    concept: str = Field(min_length=1)
    name: str = Field(min_length=3)
    requires: str = Field(min_length=10)
    bound: str = Field(min_length=3)
    contracts: str = Field(min_length=3)
    not_applies: str = Field(min_length=10)
    not_when: list[DutyExemption] = Field(default_factory=list)

    def holds(self, facts: dict[str, Any]) -> bool:
        return matches(self.when, facts)


class LegalRequirement(RuleBase):
    """Checks (named by their concept) that test the law itself: a failure of one is never a
    risk the buyer may accept, because no one in the buying organisation can waive a statute."""

    concepts: list[str] = Field(min_length=1)


class ScoreLevel(Strict):
    score: int = Field(ge=0, le=100)
    label: str
    descriptor: str


class ScoringScale(Strict):
    id: str
    why: str
    source: str
    levels: list[ScoreLevel] = Field(min_length=2)


class RuleSet(Strict):
    """Every rule file merged; each list keeps file order (bands: first match wins)."""

    bands: list[Band] = Field(default_factory=list)
    measure_rules: list[MeasureRule] = Field(default_factory=list)
    overlaps: list[Overlap] = Field(default_factory=list)
    weighting_rules: list[WeightingRule] = Field(default_factory=list)
    vcfse_rules: list[VcfseRule] = Field(default_factory=list)
    carbon_plan_rules: list[CarbonPlanRule] = Field(default_factory=list)
    kpi_rules: list[KpiRule] = Field(default_factory=list)
    check_rules: list[CheckRule] = Field(default_factory=list)
    threshold_rules: list[ThresholdRule] = Field(default_factory=list)
    duty_rules: list[DutyRule] = Field(default_factory=list)
    legal_requirements: list[LegalRequirement] = Field(default_factory=list)
    scoring_scale: ScoringScale | None = None
    #: A rules file's default check category for its rules that name none (not merged).
    category: str = ""
