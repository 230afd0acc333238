"""Legal regimes as data: the schema of `rules/law/regimes.yaml` and the lookups every face uses.

Nothing here names a regime, a procedure or a statute: each regime's labels, jurisdiction,
procedures, calendar, time limits and standstill are read from the file, so a regime is added
in YAML alone. The models only say what shape the law must take to be computed generically.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from svauthor.domain.base import Strict
from svauthor.domain.conditions import condition_problems, matches

_ID = r"^[a-z0-9][a-z0-9_.\-]*$"

Nation = Literal["england", "wales", "scotland", "northern_ireland"]
NATIONS: tuple[str, ...] = ("england", "wales", "scotland", "northern_ireland")
Subdivision = Literal["ENG", "WLS", "SCT", "NIR"]
#: Route facts a procedure can rule out (they are booleans on the spec's `route`).
RouteFlag = Literal[
    "urgency", "light_touch", "pre_selected_suppliers", "agreed_tender_period", "dynamic_market",
]
#: Timetable dates a statutory period can start or end on.
PeriodDate = Literal[
    "tender_published", "participation_deadline", "invitation_to_tender", "tender_deadline",
    "award_notice",
]


def _sound(value: dict[str, Any] | None) -> dict[str, Any] | None:
    problems = condition_problems(value)
    if problems:
        raise ValueError("; ".join(problems))
    return value


class Conditional(Strict):
    """Anything applied only when its `when:` condition holds on the tender's facts."""

    when: dict[str, Any] | None = None

    @field_validator("when")
    @classmethod
    def _sound_condition(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        return _sound(value)

    def holds(self, facts: dict[str, Any]) -> bool:
        return matches(self.when, facts)


class LawRule(Strict):
    """Every legal entry: the id of the check it produces, why it exists and its source."""

    id: str = Field(min_length=1, pattern=_ID)
    why: str = Field(min_length=10)
    source: str = Field(min_length=3)
    concept: str | None = Field(default=None, description="what the check is about")
    #: The check category (see CHECK_CATEGORIES); "" takes the file's `category:`.
    category: str = ""


def _unique_subdivisions(value: list[str]) -> list[str]:
    if len(set(value)) != len(value):
        raise ValueError("each subdivision may be named only once")
    return value


class NationCalendar(Strict):
    """Where a regime's working day turns on the buyer's nation: that nation's holidays."""

    label: str = Field(min_length=3)
    subdivisions: list[Subdivision] = Field(min_length=1)
    why: str = Field(min_length=10)
    source: str = Field(min_length=3)

    @field_validator("subdivisions")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        return _unique_subdivisions(value)


class CalendarRule(LawRule):
    """Which subdivisions' bank holidays stop the working-day clock under one regime."""

    label: str = Field(min_length=3)
    subdivisions: list[Subdivision] = Field(min_length=1)
    by_nation: dict[Nation, NationCalendar] = Field(
        default_factory=dict,
        description="buyers in these nations count their own nation's bank holidays instead")

    @field_validator("subdivisions")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        return _unique_subdivisions(value)

    def for_nation(self, nation: str | None) -> CalendarRule:
        """This calendar as it applies to a buyer in `nation` (the default where none is set)."""
        found = next((c for n, c in self.by_nation.items() if n == nation), None)
        if found is None:
            return self
        return self.model_copy(update={"label": found.label, "subdivisions": found.subdivisions,
                                       "why": found.why, "source": found.source,
                                       "by_nation": {}})


class Incompatible(Strict):
    """A route fact this procedure cannot have, and why (rejected when the spec is read)."""

    fact: RouteFlag
    why: str = Field(min_length=10)
    source: str = Field(min_length=3)


class Procedure(Strict):
    label: str = Field(min_length=2)
    competitive: bool = True
    stages: Literal["single", "multi", "either"] = Field(
        default="single",
        description="multi: a participation stage, then an invitation to tender; either: the "
        "buyer may run it in one stage or several",
    )
    not_with: list[Incompatible] = Field(default_factory=list)
    light_touch: bool = Field(default=False,
                              description="the procedure is itself a light touch route")


class Exclusion(Conditional):
    """Buyers a regime does not bind: told plainly, with nothing checked as if it applied."""

    id: str = Field(min_length=1, pattern=_ID)
    message: str = Field(min_length=10)
    why: str = Field(min_length=10)
    source: str = Field(min_length=3)


class JurisdictionNote(Conditional):
    """Buyers a regime binds on terms of their own: said in the verdict, with the source."""

    note: str = Field(min_length=10)
    source: str = Field(min_length=3)


class Jurisdiction(Strict):
    nations: list[Nation] = Field(min_length=1)
    source: str | None = None
    excluded: list[Exclusion] = Field(default_factory=list)
    notes: list[JurisdictionNote] = Field(default_factory=list)


class PlannedNoticeWindow(Strict):
    """When an early notice earns a shorter period: `min_days` to `max_months` before the notice."""

    id: str = Field(min_length=1, pattern=_ID)
    concept: str | None = None
    category: str = ""  # "" takes the file's `category:`
    min_days: int = Field(ge=0, le=366)
    max_months: int = Field(ge=1, le=60)
    source: str = Field(min_length=3)


class PeriodRow(Conditional):
    """One circumstance in a statutory minimum table; `days: null` means no minimum."""

    circumstance: str = Field(min_length=1, pattern=_ID)
    days: int | None = Field(ge=0, le=366)
    label: str = Field(min_length=3)
    source: str = Field(min_length=3)


class Extension(Conditional):
    circumstance: str = Field(min_length=1, pattern=_ID)
    days: int = Field(ge=1, le=60)
    label: str = Field(min_length=3)
    source: str = Field(min_length=3)


class PeriodRule(LawRule):
    """A statutory minimum period from one timetable date to another."""

    procedures: list[str] = Field(min_length=1)
    starts: PeriodDate
    multi_stage_starts: PeriodDate | None = None
    ends: PeriodDate = "tender_deadline"
    rows: list[PeriodRow] = Field(min_length=1)
    extensions: list[Extension] = Field(default_factory=list)
    run_on: bool = Field(default=False,
                         description="a minimum ending on a non-working day runs to the next one")


class StandstillDays(Conditional):
    days: int = Field(ge=1, le=60)
    source: str = Field(min_length=3)


class Labelled(Conditional):
    label: str = Field(min_length=3)
    source: str | None = None


class StandstillRule(LawRule):
    method: Literal[
        "working_days_beginning_with_notice",
        "working_days_after_day_after_notice",
        "calendar_days_after_notice",
    ]
    procedures: list[str] | None = Field(
        default=None, description="procedures with a standstill; left out: every procedure")
    days: list[StandstillDays] = Field(min_length=1)
    run_on: bool = False
    run_on_source: str | None = None
    not_mandatory_when: list[Labelled] = Field(default_factory=list)
    exemption_source: str | None = None
    open_ended_when: list[Labelled] = Field(default_factory=list)
    no_standstill_source: str | None = None

    @model_validator(mode="after")
    def _last_row_catches_all(self) -> StandstillRule:
        if self.days[-1].when:
            raise ValueError("days: the last row must have no `when`, so a length always applies")
        return self

    def length(self, facts: dict[str, Any]) -> StandstillDays:
        return next(row for row in self.days if row.holds(facts))


class UnavailableClaim(LawRule, Conditional):
    """A route fact the buyer may claim (light touch, a dynamic market) that the law does not
    allow when `when` holds: the claim is disregarded, so every statutory check uses the
    ordinary rows, and a failing check says why."""

    fact: RouteFlag
    message: str = Field(min_length=10)


class Regime(Strict):
    """One legal regime, everything the generic timetable computations need."""

    label: str = Field(min_length=3)
    title: str = Field(min_length=3, description="as it reads in a sentence: 'the ... Act 2023'")
    short_label: str = Field(min_length=2)
    hint: str | None = Field(default=None, description="a few words shown beside the label")
    aliases: list[str] = Field(default_factory=list)
    in_force_from: date | None = None
    in_force_until: date | None = None
    commencement_source: str | None = None
    above_threshold: bool | None = Field(
        default=None, description="true: for contracts at or above threshold; false: below; "
        "left out: the threshold is not what decides this regime")
    source: str = Field(min_length=3)
    jurisdiction: Jurisdiction
    calendar: CalendarRule
    procedures: dict[str, Procedure] = Field(min_length=1)
    planned_notice: PlannedNoticeWindow | None = None
    participation: PeriodRule | None = None
    tendering: PeriodRule | None = None
    no_tendering_minimum: str = Field(
        default="the regime sets no statutory minimum tender period", min_length=10)
    standstill: StandstillRule | None = None
    unavailable_claims: list[UnavailableClaim] = Field(
        default_factory=list, description="route claims the law rules out, and when")
    waits: list[PeriodRule] = Field(
        default_factory=list, description="other statutory minimum gaps between two dates of "
        "a procedure (e.g. before a decision may be taken)")

    @field_validator("in_force_from", "in_force_until", mode="before")
    @classmethod
    def _iso(cls, value: Any) -> Any:
        return date.fromisoformat(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _procedures_known(self) -> Regime:
        for name, rule in [("participation", self.participation),
                           ("tendering", self.tendering), ("standstill", self.standstill),
                           *(("waits", w) for w in self.waits)]:
            listed = getattr(rule, "procedures", None) if rule is not None else None
            unknown = [p for p in listed or [] if p not in self.procedures]
            if unknown:
                from svauthor.errors import did_you_mean

                raise ValueError(
                    f"{name}: unknown procedure(s) {', '.join(unknown)}; this regime has: "
                    f"{', '.join(self.procedures)}{did_you_mean(unknown[0], self.procedures)}"
                )
        return self

    def excluded_for(self, facts: dict[str, Any]) -> Exclusion | None:
        """The exclusion that keeps this buyer out of the regime, if any."""
        nation = facts.get("nation")
        for exclusion in self.jurisdiction.excluded:
            if exclusion.holds(facts):
                return exclusion
        if nation is not None and nation not in self.jurisdiction.nations:
            return Exclusion(
                id="jurisdiction.outside-nations", message=(
                    f"{self.title[0].upper()}{self.title[1:]} does not apply in "
                    f"{nation.replace('_', ' ').title()}; nothing is checked as if it did."),
                why="A regime binds only the buyers it was made for.", source=self.source)
        return None


class RegimeBook(Strict):
    """All of `rules/law/regimes.yaml`."""

    category: str = ""  # the default check category of every entry that names none
    regimes: dict[str, Regime] = Field(min_length=1)
    applies_check: LawRule | None = None

    @field_validator("regimes")
    @classmethod
    def _ids(cls, value: dict[str, Regime]) -> dict[str, Regime]:
        seen: dict[str, str] = {}
        for rid, regime in value.items():
            if not _is_id(rid):
                raise ValueError(f"regime id `{rid}` must be lower-case letters, digits and _")
            for alias in [rid, *regime.aliases]:
                key = normalise(alias)
                if key in seen and seen[key] != rid:
                    raise ValueError(f"alias `{alias}` of {rid} is already used by {seen[key]}")
                seen[key] = rid
        return value

    @property
    def ids(self) -> list[str]:
        return list(self.regimes)

    def procedures(self, regime: str) -> tuple[str, ...]:
        found = self.regimes.get(regime)
        return tuple(found.procedures) if found else ()

    def label(self, regime: str) -> str:
        found = self.regimes.get(regime)
        return found.label if found else regime.replace("_", " ")

    def title(self, regime: str) -> str:
        found = self.regimes.get(regime)
        return found.title if found else regime.replace("_", " ")

    def procedure_label(self, regime: str, procedure: str) -> str:
        found = self.regimes.get(regime)
        proc = found.procedures.get(procedure) if found else None
        return proc.label if proc else procedure.replace("_", " ")

    def procedure_labels(self) -> dict[str, str]:
        """Every procedure id with a label (the first regime to define it names it)."""
        labels: dict[str, str] = {}
        for regime in self.regimes.values():
            for pid, proc in regime.procedures.items():
                labels.setdefault(pid, proc.label)
        return labels

    def resolve(self, text: str) -> str | None:
        """A regime id from its id, alias or label, ignoring case, spaces and punctuation."""
        key = normalise(text)
        for rid, regime in self.regimes.items():
            if key in {normalise(a) for a in (rid, regime.label, regime.short_label,
                                              *regime.aliases)}:
                return rid
        return None


def normalise(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _is_id(text: str) -> bool:
    return bool(text) and text[0].isalnum() and all(c.islower() or c.isdigit() or c == "_"
                                                    for c in text)


@cache
def shipped_regimes() -> RegimeBook:
    """The shipped regimes, for validating a spec read without a knowledge base."""
    from svauthor.domain.rulecache import load_yaml_cached
    from svauthor.paths import rules_dir

    return RegimeBook.model_validate(load_yaml_cached(rules_dir() / "law" / "regimes.yaml").data)
