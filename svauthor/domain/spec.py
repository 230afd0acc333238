"""The tender spec: the facts about one procurement that every decision is made from."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from svauthor.domain.base import SpecModel
from svauthor.domain.results import NeedEvidence
from svauthor.domain.tenderfacts import AcceptedRisk, SignOff, TenderFacts
from svauthor.errors import did_you_mean
from svauthor.inputs import fraction_slip

Sector = Literal["nhs", "local_authority", "central_government", "other_public"]
Nation = Literal["england", "wales", "scotland", "northern_ireland"]


def regime_book(info: ValidationInfo | None) -> Any:
    """The regimes to validate against: the knowledge base's, else the shipped ones."""
    kb = ((info.context if info is not None else None) or {}).get("kb")
    if kb is not None:
        return kb.regimes
    from svauthor.domain.law import shipped_regimes

    return shipped_regimes()


EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


class Buyer(SpecModel):
    """Who is buying; the sector decides the minimum Social Value weighting."""

    name: str = Field(min_length=1, max_length=200)
    sector: Sector
    central_government_authority: bool | None = Field(
        default=None,
        description="True for central government authorities (including NHS trusts and "
        "foundation trusts, PR24 Sch 2); false for local authorities and ICBs. Left empty it is "
        "inferred from the sector; for NHS buyers it is not guessed (trusts are central, ICBs "
        "are not): what turns on it is checked both ways.",
    )

    @property
    def is_central(self) -> bool | None:
        """Whether the buyer is a central government authority; None when an NHS buyer does not
        say (a trust is one, an ICB is not), so no rule relies on a guess."""
        if self.central_government_authority is not None:
            return self.central_government_authority
        if self.sector == "nhs":
            return None
        return self.sector == "central_government"

    # --- jurisdiction (optional; added for the legal regimes, defaults keep older specs' meaning)
    nation: Nation = Field(
        default="england",
        description="Where the buyer is: england, wales, scotland or northern_ireland.")
    devolved_authority: bool = Field(
        default=False,
        description="True for a devolved Welsh or Scottish authority or a transferred Northern "
        "Ireland authority (for example a Scottish council or a Welsh health board).")

    @model_validator(mode="after")
    def _devolved_needs_a_devolved_nation(self) -> Buyer:
        if self.devolved_authority and self.nation == "england":
            raise ValueError(
                "`devolved_authority: true` needs `nation: wales`, `scotland` or "
                "`northern_ireland`: there are no devolved authorities in England"
            )
        return self


class Route(SpecModel):
    """The legal route, and the facts the statutory time limits turn on."""

    regime: str = "procurement_act_2023"
    procedure: str = "open"
    electronic_submission: bool = True
    documents_with_notice: bool = True
    urgency: bool = False
    light_touch: bool = False
    pre_selected_suppliers: bool = False
    agreed_tender_period: bool = False
    dynamic_market: bool = False
    # --- notification and representations (optional; PCR reg 87 and PSR reg 12)
    electronic_notification: bool = Field(
        default=True, description="Award decision notices sent electronically (PCR reg 87)")
    representations_received: bool = Field(
        default=False, description="Written representations received during a PSR standstill")

    @field_validator("regime")
    @classmethod
    def _known_regime(cls, value: str, info: ValidationInfo) -> str:
        book = regime_book(info)
        if value not in book.regimes:
            raise ValueError(f"unknown regime `{value}`; use one of: {', '.join(book.ids)}"
                             f"{did_you_mean(value, book.ids)}")
        return value

    @model_validator(mode="after")
    def _procedure_fits_regime(self, info: ValidationInfo) -> Route:
        book = regime_book(info)
        regime = book.regimes.get(self.regime)
        if regime is None:
            return self
        allowed = list(regime.procedures)
        if self.procedure not in allowed:
            raise ValueError(
                f"procedure `{self.procedure}` is not a procedure of {self.regime}; "
                f"use one of: {', '.join(allowed)}{did_you_mean(self.procedure, allowed)}"
            )
        for bad in regime.procedures[self.procedure].not_with:
            if getattr(self, bad.fact):
                label = regime.procedures[self.procedure].label.lower()
                raise ValueError(
                    f"`{bad.fact}: true` cannot go with the {label} under {regime.title}: "
                    f"{bad.why.strip()} ({bad.source.strip()})"
                )
        return self


class Timetable(SpecModel):
    """Key dates (ISO, e.g. 2027-03-01). All optional so a timetable can be built up step by step."""

    planned_procurement_notice: date | None = None
    market_engagement: date | None = None
    tender_published: date | None = None
    # --- multi-stage procedures (optional): the participation stage, then the invitation
    participation_deadline: date | None = None
    invitation_to_tender: date | None = None
    clarification_deadline: date | None = None
    tender_deadline: date | None = None
    award_notice: date | None = None
    contract_start: date | None = None

    @field_validator("*", mode="after")
    @classmethod
    def _plausible(cls, value: date | None) -> date | None:
        if value is not None and not (EARLIEST_YEAR <= value.year <= LATEST_YEAR):
            raise ValueError(
                f"{value.day} {value.strftime('%B')} {value.year} is not a plausible procurement "
                f"date (expected a year between {EARLIEST_YEAR} and {LATEST_YEAR})"
            )
        return value

    def given(self) -> dict[str, date]:
        return {k: v for k, v in self.model_dump().items() if v is not None}


class Evaluation(SpecModel):
    """The weighting the buyer intends; left out, the proportionality band sets it."""

    social_value_pct: float | None = Field(default=None, ge=0, le=100, strict=True,
                                           allow_inf_nan=False)
    qualitative_pct: float | None = Field(default=None, ge=0, le=100, strict=True,
                                          allow_inf_nan=False)

    @field_validator("social_value_pct", "qualitative_pct")
    @classmethod
    def _not_a_fraction(cls, value: float | None) -> float | None:
        """0.1 is Excel's 10%, never a weighting (the same rule as every other face)."""
        slip = fraction_slip(value) if value is not None else None
        if slip:
            raise ValueError(f"`{value:g}` {slip}")
        return value


class Override(SpecModel):
    """A measure the user adds or removes against the rules' advice; the reason is kept on file."""

    measure: str = Field(min_length=1)
    action: Literal["add", "remove"]
    reason: str = Field(min_length=3, max_length=2000)

    @field_validator("measure")
    @classmethod
    def _known_measure(cls, value: str, info: ValidationInfo) -> str:
        kb = (info.context or {}).get("kb")
        if kb is not None and value not in kb.framework.measure_refs:
            raise ValueError(
                f"unknown measure `{value}`{did_you_mean(value, kb.framework.measure_refs)}"
            )
        return value


class QuestionOverride(SpecModel):
    """A question the user adds, removes or rewords; the reason is kept on file."""

    question: str = Field(min_length=1)
    action: Literal["add", "remove", "edit"]
    reason: str = Field(min_length=3, max_length=2000)
    text: str | None = Field(default=None, max_length=5000, validate_default=True)

    @field_validator("text")
    @classmethod
    def _edit_has_wording(cls, value: str | None, info: ValidationInfo) -> str | None:
        # An edit with no wording changed nothing yet was recorded as a rewording: refuse it.
        if info.data.get("action") == "edit" and not (value or "").strip():
            raise ValueError("an `edit` needs the new wording in `text`; to keep the question "
                             "bank's wording, remove this entry")
        return value

    @field_validator("question")
    @classmethod
    def _known_question(cls, value: str, info: ValidationInfo) -> str:
        kb = (info.context or {}).get("kb")
        if kb is not None and value not in kb.question_ids:
            raise ValueError(f"unknown question `{value}`{did_you_mean(value, kb.question_ids)}")
        return value


class TenderSpec(SpecModel):
    """One tender: validated strictly, because every later decision is only as good as these facts."""

    _needs_evidence: list[NeedEvidence] = PrivateAttr(default_factory=list)

    title: str = Field(min_length=1, max_length=300)
    buyer: Buyer
    route: Route = Field(default_factory=Route)
    service_type: str
    # Strict numbers: YAML `true` or "12" must not quietly become £1 or 12 months.
    value_gbp: float = Field(gt=0, le=100_000_000_000, strict=True, allow_inf_nan=False,
                             description="Whole-life value, incl. VAT")
    duration_months: int = Field(ge=1, le=600, strict=True)
    places: list[str] = Field(default_factory=list, max_length=50)
    local_needs: list[str] = Field(default_factory=list, max_length=50)
    vcfse_suitable: bool | None = None
    lots: int = Field(default=1, ge=1, le=500, strict=True)
    evaluation: Evaluation = Field(default_factory=Evaluation)
    timetable: Timetable | None = None
    overrides: list[Override] = Field(default_factory=list, max_length=500)
    questions: list[QuestionOverride] = Field(default_factory=list, max_length=200)
    framework: str | None = None

    # --- What the specification already requires, and the Local Needs Analysis (optional) ---
    already_required: list[str] = Field(
        default_factory=list, max_length=100,
        description="Measure refs or outcome ids the specification already requires (e.g. the "
        "Real Living Wage in the contract terms): not additional, so never Social Value",
    )
    local_needs_analysis: str | None = Field(
        default=None, min_length=1, max_length=1000,
        description="A YAML or CSV Local Needs Analysis file (one row per place and need), "
        "relative to the spec file",
    )

    @field_validator("already_required")
    @classmethod
    def _known_refs_or_outcomes(cls, value: list[str], info: ValidationInfo) -> list[str]:
        kb = (info.context or {}).get("kb")
        if kb is not None:
            known = [*kb.framework.measure_refs, *kb.framework.outcome_ids]
            for item in value:
                if item not in known:
                    raise ValueError(f"unknown measure or outcome `{item}`"
                                     f"{did_you_mean(item, known)}")
        return _dedupe(value)

    @property
    def named_needs(self) -> list[str]:
        """The needs the spec names, then any more its Local Needs Analysis file adds."""
        return _dedupe([*self.local_needs, *(e.need for e in self.needs_evidence)])

    @property
    def needs_evidence(self) -> list[NeedEvidence]:
        """The rows of `local_needs_analysis` for this tender: those for one of its places or
        with no place (system-wide); every row when the spec names no places. A system-wide
        file pointed at from every tender must not add another borough's needs (FINDINGS R55)."""
        return [e for e in self._needs_evidence if self._serves(e)]

    @property
    def all_needs_evidence(self) -> list[NeedEvidence]:
        """Every row the spec loader read, whichever place it is for (to carry across edits)."""
        return list(self._needs_evidence)

    @property
    def needs_evidence_left_out(self) -> list[NeedEvidence]:
        """Rows of the Local Needs Analysis for places this tender does not cover."""
        return [e for e in self._needs_evidence if not self._serves(e)]

    def _serves(self, row: NeedEvidence) -> bool:
        return not self.places or not row.place or row.place in self.places

    def with_needs_evidence(self, rows: list[NeedEvidence]) -> TenderSpec:
        """A copy carrying the rows of its Local Needs Analysis."""
        copy = self.model_copy()
        copy._needs_evidence = list(rows)
        return copy

    # --- Tender facts, accepted risks and sign-off (optional; documents only, no decision) ---
    tender: TenderFacts | None = None
    accepted_risks: list[AcceptedRisk] = Field(default_factory=list, max_length=100)
    sign_off: SignOff | None = None

    # --- The contract's own key performance indicators (optional; PA23 s.52) ---
    contract_kpis: list[Annotated[str, Field(min_length=3, max_length=300)]] = Field(
        default_factory=list, max_length=50,
        description="The contract's KPIs other than the Social Value schedule's (delivery, "
        "quality, cost...): with those, the duty to set at least three for the contract is "
        "checked rather than recalled")

    @field_validator("contract_kpis")
    @classmethod
    def _distinct_kpis(cls, value: list[str]) -> list[str]:
        seen: set[str] = set()
        for kpi in value:
            key = " ".join(kpi.lower().split())
            if key in seen:
                raise ValueError(f"`{kpi}` is listed twice; each KPI counts once")
            seen.add(key)
        return value

    @field_validator("service_type")
    @classmethod
    def _known_service(cls, value: str, info: ValidationInfo) -> str:
        return _check_ids(value, info, "service_types", "service type")

    @field_validator("places")
    @classmethod
    def _known_places(cls, value: list[str], info: ValidationInfo) -> list[str]:
        for item in value:
            _check_ids(item, info, "places", "place")
        return _dedupe(value)

    @field_validator("local_needs")
    @classmethod
    def _known_needs(cls, value: list[str], info: ValidationInfo) -> list[str]:
        for item in value:
            _check_ids(item, info, "needs", "local need")
        return _dedupe(value)

    @field_validator("overrides")
    @classmethod
    def _overrides_agree(cls, value: list[Override]) -> list[Override]:
        _refuse_conflicts([(o.measure, o.action) for o in value], "measure",
                          compatible=frozenset())
        return value

    @field_validator("questions")
    @classmethod
    def _question_overrides_agree(cls, value: list[QuestionOverride]) -> list[QuestionOverride]:
        # A question may be added and then reworded; anything else twice is a contradiction.
        _refuse_conflicts([(q.question, q.action) for q in value], "question",
                          compatible=frozenset({frozenset({"add", "edit"})}))
        return value

    @field_validator("framework")
    @classmethod
    def _known_framework(cls, value: str | None, info: ValidationInfo) -> str | None:
        kb = (info.context or {}).get("kb")
        if value is not None and kb is not None and value != kb.framework.id:
            raise ValueError(
                f"framework `{value}` is not loaded; the loaded framework is `{kb.framework.id}`"
            )
        return value

    @property
    def annual_value_gbp(self) -> float:
        """Average value per year; contracts shorter than a year count their whole value."""
        return self.value_gbp / max(self.duration_months, 12) * 12

    def to_yaml_data(self) -> dict[str, Any]:
        """Plain data in the file format (ISO dates, no empty optional blocks)."""
        data = self.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
        for key in ("overrides", "questions", "local_needs", "already_required", "accepted_risks",
                    "contract_kpis"):
            if not data.get(key):
                data.pop(key, None)
        if not data.get("evaluation"):
            data.pop("evaluation", None)
        if data.get("timetable") == {}:
            data.pop("timetable")
        if data.get("lots") == 1:
            data.pop("lots")
        return data


_DONE = {"add": "added", "remove": "removed", "edit": "reworded"}


def _refuse_conflicts(entries: list[tuple[str, str]], label: str, *,
                      compatible: frozenset[frozenset[str]]) -> None:
    """Two overrides of one target must not contradict or repeat each other: which should win
    would be a guess, and the decision record would show both.

    The error carries both entries' positions (`items`) so the message can name both lines.
    """
    first: dict[tuple[str, str], int] = {}
    for i, (target, action) in enumerate(entries):
        for (seen_target, seen_action), j in first.items():
            if seen_target != target:
                continue
            if seen_action == action:
                raise PydanticCustomError(
                    "override_conflict",
                    "{label} `{target}` is {done} twice; give it once",
                    {"label": label, "target": target, "done": _DONE[action], "items": [j, i]})
            if frozenset({seen_action, action}) not in compatible:
                raise PydanticCustomError(
                    "override_conflict",
                    "{label} `{target}` is both {a} and {b}; keep only the one you mean",
                    {"label": label, "target": target, "a": _DONE[seen_action],
                     "b": _DONE[action], "items": [j, i]})
        first.setdefault((target, action), i)


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _check_ids(value: str, info: ValidationInfo, attr: str, label: str) -> str:
    kb = (info.context or {}).get("kb")
    if kb is not None:
        known = getattr(kb, attr)
        if value not in known:
            raise ValueError(f"unknown {label} `{value}`{did_you_mean(value, known)}")
    return value
