"""A framework is data: a different measurement framework runs through the same engine."""

from __future__ import annotations

import shutil
from pathlib import Path

from svauthor.domain.engine import assess
from svauthor.domain.knowledge import load_knowledge
from svauthor.domain.spec import TenderSpec
from svauthor.paths import rules_dir

from .conftest import TODAY

FRAMEWORK = """
id: gsvm_demo
name: A Government Social Value Model style framework (demo)
source: Illustrative only
themes:
  - {id: climate, name: Fighting climate change}
  - {id: opportunity, name: Equal opportunity}
outcomes:
  - {id: stewardship, name: Effective stewardship of the environment, theme: climate}
  - {id: workforce, name: Tackle workforce inequality, theme: opportunity}
measures:
  - {ref: M1, outcome: stewardship, text: Tonnes of emissions avoided, unit: tonnes_co2e}
  - {ref: M2, outcome: workforce, text: People from under-represented groups employed, unit: fte}
  - {ref: M3, outcome: workforce, text: Hours of mentoring given, unit: hours, tags: [mentoring]}
"""

RULES = """
bands:
  - id: only
    label: Only band
    max_measures: 1
    max_questions: 1
    word_limit: 300
    social_value_pct: 10
    qualitative_pct: 60
    why: One band for the demonstration framework.
    source: Demo
measure_rules:
  - id: demo.default
    stage: relevance
    set: optional
    themes: [climate, opportunity]
    why: Everything is open in the demonstration.
    source: Demo
  - id: demo.core
    stage: relevance
    set: recommended
    measures: [M1, M2]
    why: The demonstration recommends two measures.
    source: Demo
  - id: demo.no-mentoring
    stage: additionality
    when: {service_type: svc}
    set: excluded
    tags: [mentoring]
    why: Mentoring is the core of this demo service.
    source: Demo
"""

BANK = """
questions:
  - id: demo-q
    title: Demo question
    outcomes: [stewardship]
    measures: [M1]
    question: How will you reduce emissions while delivering this contract?
    guidance: Describe your method, plan and how you will report progress.
    strong_answer: [a method, a timed plan, quarterly reporting]
    scoring: [{score: 0, descriptor: Nothing relevant}, {score: 5, descriptor: "Credible, evidenced"}]
    word_limits: {only: 300}
    poor_version: {question: "How green are you?", why_poor: Vague and unmeasurable., flaws: [vague]}
"""


def test_engine_runs_a_different_framework(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    (rules / "frameworks").mkdir(parents=True)
    (rules / "frameworks" / "demo.yaml").write_text(FRAMEWORK)
    (rules / "ruleset.yaml").write_text("version: demo\ndate: '2026-11-27'\nframework: gsvm_demo\n")
    (rules / "service_types.yaml").write_text(
        "service_types:\n  - {id: svc, name: Service, description: A demo service}\n")
    (rules / "places.yaml").write_text("places:\n  - {id: here, name: Here, nation: England}\n")
    (rules / "needs.yaml").write_text("needs: []\n")
    (rules / "demo.yaml").write_text(RULES)
    shutil.copyfile(rules_dir() / "timetable.yaml", rules / "timetable.yaml")
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "demo.yaml").write_text(BANK)

    kb = load_knowledge(rules, bank)
    spec = TenderSpec.model_validate({
        "title": "Demo", "buyer": {"name": "B", "sector": "other_public"}, "service_type": "svc",
        "value_gbp": 50_000, "duration_months": 12, "places": ["here"]}, context={"kb": kb})
    a = assess(spec, kb, today=TODAY)
    statuses = {m.ref: m.status for m in a.measures}
    assert statuses == {"M1": "recommended", "M2": "optional", "M3": "excluded"}
    assert a.framework_id == "gsvm_demo"
    assert [q.id for q in a.questions] == ["demo-q"]
