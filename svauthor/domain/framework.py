"""A Social Value measurement framework as data: themes, outcomes and measures.

Nothing here knows about TOMs; the Cheshire and Merseyside TOMs are one YAML file among
possible others (e.g. the Government Social Value Model).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Literal

from pydantic import Field, model_validator

from svauthor.domain.base import Strict

Unit = Literal[
    "fte", "weeks", "hours", "gbp", "percent", "count", "tonnes_co2e", "miles", "initiative"
]

UNIT_LABELS: dict[str, str] = {
    "fte": "FTE",
    "weeks": "weeks",
    "hours": "hours",
    "gbp": "£",
    "percent": "%",
    "count": "number",
    "tonnes_co2e": "tonnes CO2e",
    "miles": "miles",
    "initiative": "£ invested",  # an initiative's figure is the £ put into it; it is described in words
}


class Theme(Strict):
    id: str
    name: str
    full_name: str = ""


class Outcome(Strict):
    id: str
    name: str
    theme: str
    marmot_principles: list[int] = Field(default_factory=list)


class Measure(Strict):
    ref: str
    outcome: str
    text: str = Field(min_length=5)
    unit: Unit
    partner_vcfse: bool = False
    tags: list[str] = Field(default_factory=list)
    note: str = ""


class Discrepancy(Strict):
    id: str
    note: str
    resolution: str


class MarmotPrinciple(Strict):
    number: int
    text: str


class Framework(Strict):
    id: str
    name: str
    source: str
    licence_note: str = ""
    claimed_measure_count: int | None = None
    discrepancies: list[Discrepancy] = Field(default_factory=list)
    marmot_principles: list[MarmotPrinciple] = Field(default_factory=list)
    marmot_mapping_note: str = ""
    themes: list[Theme]
    outcomes: list[Outcome]
    measures: list[Measure]

    @model_validator(mode="after")
    def _references_resolve(self) -> Framework:
        problems: list[str] = []
        theme_ids = {t.id for t in self.themes}
        outcome_ids = {o.id for o in self.outcomes}
        principle_numbers = {p.number for p in self.marmot_principles}
        for kind, ids in (("theme", [t.id for t in self.themes]),
                          ("outcome", [o.id for o in self.outcomes]),
                          ("measure", [m.ref for m in self.measures])):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                problems.append(f"duplicate {kind} id(s): {', '.join(dupes)}")
        for o in self.outcomes:
            if o.theme not in theme_ids:
                problems.append(f"outcome `{o.id}` names unknown theme `{o.theme}`")
            for n in o.marmot_principles:
                if n not in principle_numbers:
                    problems.append(f"outcome `{o.id}` names unknown Marmot principle {n}")
        for m in self.measures:
            if m.outcome not in outcome_ids:
                problems.append(f"measure `{m.ref}` names unknown outcome `{m.outcome}`")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @cached_property
    def measure_refs(self) -> list[str]:
        return [m.ref for m in self.measures]

    @cached_property
    def outcome_ids(self) -> list[str]:
        return [o.id for o in self.outcomes]

    @cached_property
    def theme_ids(self) -> list[str]:
        return [t.id for t in self.themes]

    @cached_property
    def measures_by_ref(self) -> dict[str, Measure]:
        return {m.ref: m for m in self.measures}

    @cached_property
    def outcomes_by_id(self) -> dict[str, Outcome]:
        return {o.id: o for o in self.outcomes}

    @cached_property
    def themes_by_id(self) -> dict[str, Theme]:
        return {t.id: t for t in self.themes}

    def theme_of(self, measure: Measure) -> Theme:
        return self.themes_by_id[self.outcomes_by_id[measure.outcome].theme]

    @cached_property
    def selection_memo(self) -> dict[tuple[tuple[str, ...], ...], tuple[str, ...]]:
        return {}

    def select(self, measures: Sequence[str], outcomes: Sequence[str], themes: Sequence[str],
               tags: Sequence[str]) -> tuple[str, ...]:
        """The refs a rule selects: its own list, then every measure of its outcomes, themes or
        tags in framework order. Remembered per selector, since it never depends on a tender."""
        key = (tuple(measures), tuple(outcomes), tuple(themes), tuple(tags))
        found = self.selection_memo.get(key)
        if found is None:
            refs = list(measures)
            chosen = set(refs)
            tag_set = set(tags)
            for m in self.measures:
                if m.ref not in chosen and (m.outcome in outcomes or self.theme_of(m).id in themes
                                            or tag_set.intersection(m.tags)):
                    refs.append(m.ref)
                    chosen.add(m.ref)
            found = self.selection_memo[key] = tuple(refs)
        return found
