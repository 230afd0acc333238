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
from svauthor.domain.spec import TenderSpec
from svauthor.domain.validation import validate_doc
from svauthor.errors import InputError, Problem
from svauthor.paths import question_bank_dir
from svauthor.yamlio import YamlDoc, load_yaml

Level = Literal["introductory", "intermediate", "advanced"]


class Scenario(Strict):
    """One exercise: the trainee reads the brief, picks measures and questions, gets feedback."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$", max_length=60)
    title: str = Field(min_length=3, max_length=200)
    level: Level = "introductory"
    brief: str = Field(min_length=40, max_length=5000,
                       description="The story the trainee is given, in the commissioner's words")
    spec: TenderSpec
    learning_points: list[str] = Field(min_length=1, max_length=12)


def scenarios_dir() -> Path:
    """The shipped scenarios folder (inside the question bank, so a wheel carries it)."""
    return question_bank_dir() / "scenarios"


def parse_scenario(doc: YamlDoc, kb: KnowledgeBase) -> Scenario:
    """Validate one parsed scenario file; problems come back as `file:line: field: message`."""
    return validate_doc(Scenario, doc, context={"kb": kb})


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
