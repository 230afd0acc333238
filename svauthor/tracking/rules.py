"""The tracking rules (rules/tracking/tracking.yaml): rating thresholds, profile, due dates."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from svauthor.domain.rulecache import load_yaml_cached
from svauthor.paths import rules_dir


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RatingLevel(_Strict):
    id: str = Field(min_length=1)
    label: str = Field(min_length=1)
    meaning: str = Field(min_length=1)
    min_pct_of_target: float | None = Field(default=None, ge=0)


class Rule(_Strict):
    id: str = Field(min_length=1)
    why: str = Field(min_length=10)
    source: str = Field(min_length=10)


class Ratings(Rule):
    thresholds_are: Literal["default_for_local_policy", "local_policy"]
    scale: list[RatingLevel] = Field(min_length=2)
    other: RatingLevel
    overall: Literal["lowest"] = "lowest"

    @model_validator(mode="after")
    def _descending(self) -> Ratings:
        if any(level.min_pct_of_target is None for level in self.scale):
            raise ValueError("every rating on the scale needs min_pct_of_target")
        floors = [level.min_pct_of_target or 0.0 for level in self.scale]
        if floors != sorted(floors, reverse=True) or len(set(floors)) != len(floors):
            raise ValueError("scale must run best first with strictly falling min_pct_of_target")
        if floors[-1] != 0:
            raise ValueError("the lowest rating must have min_pct_of_target: 0")
        return self


class Profile(Rule):
    level_units: list[str] = Field(default_factory=list)


class Returns(Rule):
    due_working_days_after_quarter: int = Field(ge=0, le=260)
    #: Used for a nation not listed in calendar_by_nation.
    calendar: tuple[str, ...] = ("ENG",)
    calendar_by_nation: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    def calendar_for(self, nation: str) -> tuple[str, ...]:
        return self.calendar_by_nation.get(nation, self.calendar)


class RollupRule(Rule):
    financial_year_start_month: int = Field(default=4, ge=1, le=12)


class PerformanceNotice(Rule):
    min_value_gbp: float = Field(gt=0)


class TrackingRules(_Strict):
    version: int
    ratings: Ratings
    profile: Profile
    returns: Returns
    rollup: RollupRule
    performance_notice: PerformanceNotice
    report_note: str = Field(min_length=10)

    def note(self) -> str:
        """The report note with each rating's floor filled in."""
        floors = {lv.id: f"{lv.min_pct_of_target:g}" for lv in self.ratings.scale}
        try:
            return self.report_note.format(
                **floors, due_days=self.returns.due_working_days_after_quarter)
        except (KeyError, IndexError, ValueError):
            return self.report_note


@dataclass(frozen=True)
class Rated:
    """A rating with the rule and numbers behind it."""

    id: str
    label: str
    meaning: str
    pct_of_target: float | None


def default_rules_path() -> Path:
    return rules_dir() / "tracking" / "tracking.yaml"


@lru_cache(maxsize=8)
def load_tracking_rules(path: Path | None = None) -> TrackingRules:
    """Load and validate the tracking rules; every problem is reported with file and line."""
    path = path or default_rules_path()
    from svauthor.domain.validation import validate_doc  # the messages every rule file gets

    return validate_doc(TrackingRules, load_yaml_cached(path))


def rate_id(rules: TrackingRules, actual: float | None, target: float | None) -> str:
    """The rating an actual earns against its target (its id): the first level of the scale
    whose floor it reaches. The roll-up calls this for every commitment of every contract."""
    if actual is None or target is None:
        return rules.ratings.other.id
    if target <= 0:
        return rules.ratings.scale[0].id
    pct = actual * 100 / target
    for level in rules.ratings.scale:
        if pct >= (level.min_pct_of_target or 0.0) - 1e-9:
            return level.id
    return rules.ratings.scale[-1].id


def rate(rules: TrackingRules, actual: float | None, target: float | None) -> Rated:
    """Rate an actual against its target on the contract performance notice scale."""
    rid = rate_id(rules, actual, target)
    level = next(lv for lv in [*rules.ratings.scale, rules.ratings.other] if lv.id == rid)
    pct = None if actual is None or target is None or target <= 0 else actual * 100 / target
    return Rated(level.id, level.label, level.meaning, pct)


def lowest(rules: TrackingRules, ratings: list[str]) -> str:
    """The overall rating: the lowest rated commitment, ignoring those that cannot be rated."""
    order = [level.id for level in rules.ratings.scale]
    rated = [r for r in ratings if r in order]
    if not rated:
        return rules.ratings.other.id
    return max(rated, key=order.index)


def label_of(rules: TrackingRules, rating_id: str) -> str:
    for level in [*rules.ratings.scale, rules.ratings.other]:
        if level.id == rating_id:
            return level.label
    return rating_id
