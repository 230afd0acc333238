"""The best-practice question bank: each question with guidance, scoring and a poor twin for training."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from svauthor.domain.base import Strict
from svauthor.domain.conditions import Condition

#: Where a needs-led question names the tender's local needs (filled in when a pack is made).
NEEDS_PLACEHOLDER = "{needs}"

Flaw = Literal["irrelevant", "disproportionate", "not_additional", "outputs_not_outcomes", "vague"]


class PoorVersion(Strict):
    """How not to ask it, and why: the material trainers show beside the good question."""

    question: str = Field(min_length=10)
    why_poor: str = Field(min_length=10)
    flaws: list[Flaw] = Field(min_length=1)


class Descriptor(Strict):
    score: int = Field(ge=0, le=100)
    descriptor: str = Field(min_length=5)


class Question(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.\-]*$")
    title: str
    outcomes: list[str] = Field(min_length=1)
    measures: list[str] = Field(default_factory=list)
    question: str = Field(min_length=20)
    guidance: str = Field(min_length=20)
    strong_answer: list[str] = Field(min_length=3)
    scoring: list[Descriptor] = Field(min_length=2)
    word_limits: dict[str, int]
    suits: list[str] = Field(default_factory=list, description="Service types; empty means all")
    not_for: list[str] = Field(default_factory=list)
    always: bool = Field(default=False, description="Asked in every pack (e.g. Partner VCFSE)")
    needs_led: bool = Field(default=False, description="Asked when the spec names local needs")
    priority: int = Field(default=0, ge=0, le=100)
    ask_when: Condition = Field(
        default=None, description="Asked whenever this condition holds (the `when:` language), "
        "within the band's question limit, e.g. a carbon question for works above Light")
    ask_why: str = Field(default="", description="Why the question is asked when ask_when holds")
    short_question: str = Field(
        default="", description="A short version for bands that ask for short questions (Light)")
    poor_version: PoorVersion
    source: str = ""

    @property
    def browse_text(self) -> str:
        """The question as the bank shows it outside a tender (no needs named yet)."""
        return self.question.replace(NEEDS_PLACEHOLDER, "[the local needs named for this tender]")

    @model_validator(mode="after")
    def _ask_when_explained(self) -> Question:
        if self.ask_when and len(self.ask_why.strip()) < 10:
            raise ValueError("a question with `ask_when` needs an `ask_why` explaining it")
        return self
