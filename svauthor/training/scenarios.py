"""Training scenarios: a ready-made tender with its story and the lessons it teaches.

Scenario files live in `question_bank/scenarios/*.yaml` (the knowledge loader only reads
`question_bank/*.yaml`, so the subfolder is never mistaken for questions). Each holds a full tender
spec in the same format as `examples/*.yaml`, validated against the loaded vocabularies. No
Textual import here: the models are domain data the CLI and tests use too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from svauthor.domain.base import Strict
from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.results import MeasureStatus
from svauthor.domain.spec import TenderSpec
from svauthor.domain.validation import validate_doc
from svauthor.errors import InputError, Problem, did_you_mean
from svauthor.paths import question_bank_dir
from svauthor.yamlio import YamlDoc, load_yaml

Level = Literal["introductory", "intermediate", "advanced"]


class ModelAnswer(Strict):
    """The answer a social value lead gave, reviewed before it was stored: what trainees aim at."""

    measures: list[str] = Field(min_length=1, max_length=12)
    questions: list[str] = Field(min_length=1, max_length=8)
    accepted_measures: list[str] = Field(default_factory=list, max_length=30)
    accepted_questions: list[str] = Field(default_factory=list, max_length=20)
    reasoning: str = Field(min_length=40, max_length=3000)
    reviewed: str = Field(min_length=5, max_length=200,
                          description="Who reviewed the answer and when")


class LearningCheck(Strict):
    """Something a learning point says that the shipped rules must make true (tested)."""

    point: int = Field(ge=1, description="Which learning point (1 is the first)")
    band: str | None = None
    measures: dict[str, MeasureStatus] = Field(default_factory=dict)
    asked: list[str] = Field(default_factory=list, description="Questions the rules ask")
    not_asked: list[str] = Field(default_factory=list)
    max_recommended: int | None = Field(default=None, ge=0)


class Scenario(Strict):
    """One exercise: the trainee reads the brief, picks measures and questions, gets feedback."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$", max_length=60)
    title: str = Field(min_length=3, max_length=200)
    level: Level = "introductory"
    brief: str = Field(min_length=40, max_length=5000,
                       description="The story the trainee is given, in the commissioner's words")
    spec: TenderSpec
    learning_points: list[str] = Field(min_length=1, max_length=12)
    model_answer: ModelAnswer
    learning_checks: list[LearningCheck] = Field(default_factory=list, max_length=40)


def scenarios_dir() -> Path:
    """The shipped scenarios folder (inside the question bank, so a wheel carries it)."""
    return question_bank_dir() / "scenarios"


def parse_scenario(doc: YamlDoc, kb: KnowledgeBase) -> Scenario:
    """Validate one parsed scenario file; problems come back as `file:line: field: message`."""
    scenario = validate_doc(Scenario, doc, context={"kb": kb})
    problems: list[Problem] = []
    known = {"measures": kb.framework.measure_refs, "questions": kb.question_ids}
    answer = scenario.model_answer
    for key, values, kind in (("measures", answer.measures, "measures"),
                              ("accepted_measures", answer.accepted_measures, "measures"),
                              ("questions", answer.questions, "questions"),
                              ("accepted_questions", answer.accepted_questions, "questions")):
        for i, value in enumerate(values):
            if value not in known[kind]:
                loc = ("model_answer", key, i)
                problems.append(Problem(doc.path, doc.line_of(loc), f"model_answer.{key}[{i}]",
                                        f"unknown {kind.rstrip('s')} `{value}`"
                                        f"{did_you_mean(value, known[kind])}"))
    for i, check in enumerate(scenario.learning_checks):
        if check.point > len(scenario.learning_points):
            problems.append(Problem(doc.path, doc.line_of(("learning_checks", i, "point")),
                                    f"learning_checks[{i}].point",
                                    f"there is no learning point {check.point}"))
    if problems:
        raise InputError(problems)
    return scenario


def load_scenarios(kb: KnowledgeBase, folder: Path | None = None) -> list[Scenario]:
    """Every scenario in `folder`, in file-name order; one InputError lists every problem found."""
    folder = folder or scenarios_dir()
    problems: list[Problem] = []
    scenarios: list[Scenario] = []
    first_file: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            doc = load_yaml(path)
            scenario = parse_scenario(doc, kb)
        except InputError as exc:
            problems += exc.problems
            continue
        if scenario.id in first_file:
            problems.append(Problem(str(path), doc.line_of(("id",)), "id",
                                    f"duplicate scenario id `{scenario.id}` "
                                    f"(also in {first_file[scenario.id]})"))
            continue
        first_file[scenario.id] = str(path)
        scenarios.append(scenario)
    if problems:
        raise InputError(problems)
    return scenarios
