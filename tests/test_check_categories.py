"""Checks carry a category from the data, and the faces choose checks by it: renaming a rule in a
copy of the rules keeps its check in the wizard and in the KPI schedule."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from svauthor.cli import main
from svauthor.docs import build_pack
from svauthor.domain.engine import assess
from svauthor.domain.knowledge import KnowledgeBase, load_knowledge
from svauthor.domain.results import CHECK_CATEGORIES
from svauthor.domain.specfile import load_spec
from svauthor.tui.form import FormState
from svauthor.tui.state import WizardState
from svauthor.tui.steps import STEP_PLANS

from .conftest import EXAMPLES, TODAY, rules_copy

WORKS = EXAMPLES / "trust-estates-works.yaml"      # above £5,000,000: the KPI duty applies
BEFRIENDING = EXAMPLES / "wirral-befriending.yaml"  # suits VCFSE organisations: six-week window


def _step_check_ids(kb: KnowledgeBase, spec_path: Path, step: int) -> list[str]:
    state = WizardState(kb, TODAY, FormState.from_spec(load_spec(spec_path, kb)), STEP_PLANS)
    state.recompute()
    return [c.id for c in state.checks_for_step(step)]


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_check_has_a_known_category(example: Path, kb: KnowledgeBase) -> None:
    a = assess(load_spec(example, kb), kb, today=TODAY)
    assert a.checks
    assert {c.category for c in a.checks} <= set(CHECK_CATEGORIES)


@pytest.mark.parametrize("file, old, new, spec_path, step", [
    ("law/duties.yaml", "id: kpi.procurement-act-over-5m", "id: kpis.procurement-act-over-5m", WORKS, 5),
    ("weighting.yaml", "id: weighting.qualitative-minimum", "id: quality-floor", BEFRIENDING, 6),
    ("timetable.yaml", "id: timetable.vcfse_window", "id: six-week-window", BEFRIENDING, 7),
])
def test_a_renamed_rule_keeps_its_check_in_the_wizard(file: str, old: str, new: str,
                                                      spec_path: Path, step: int, kb: KnowledgeBase,
                                                      tmp_path: Path) -> None:
    old_id, new_id = old.removeprefix("id: "), new.removeprefix("id: ")
    assert old_id in _step_check_ids(kb, spec_path, step)
    renamed = load_knowledge(rules_copy(tmp_path, file, old, new))
    shown = _step_check_ids(renamed, spec_path, step)
    assert new_id in shown and old_id not in shown


def test_a_renamed_kpi_rule_still_sets_the_kpi_schedule_minimum(tmp_path: Path) -> None:
    kb = load_knowledge(rules_copy(tmp_path, "law/duties.yaml", "id: kpi.procurement-act-over-5m",
                                    "id: kpis.procurement-act-over-5m"))
    a = assess(load_spec(WORKS, kb), kb, today=TODAY)
    (check,) = [c for c in a.checks if c.id == "kpis.procurement-act-over-5m"]
    assert check.category == "kpi" and a.min_kpis == 3
    paths = build_pack(a, tmp_path / "out", kb=kb, draft=True)
    (schedule,) = [p for p in paths if p.name.endswith("-kpi-schedule.docx")]
    text = "\n".join(p.text for p in docx.Document(str(schedule)).paragraphs)
    assert "At least 3 KPIs are required" in text


def _validate(capsys: pytest.CaptureFixture[str], rules: Path) -> tuple[int, str]:
    code = main(["validate", "--rules", str(rules)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err


def test_validate_names_an_unknown_category(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    rules = rules_copy(tmp_path, "law/duties.yaml", "category: kpi ", "category: kpis ")
    code, err = _validate(capsys, rules)
    line = next(i for i, text in enumerate(
        (rules / "law/duties.yaml").read_text(encoding="utf-8").splitlines(), 1) if "kpis " in text)
    assert code == 2
    assert f"duties.yaml:{line}:" in err and "unknown check category `kpis`" in err
    assert "did you mean `kpi`" in err


def test_validate_names_an_unknown_file_category(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    rules = rules_copy(tmp_path, "timetable.yaml", "\ncategory: timetable\n",
                        "\ncategory: timetables\n")
    code, err = _validate(capsys, rules)
    assert code == 2 and "timetable.yaml:" in err and "unknown check category `timetables`" in err


def test_validate_requires_a_category_where_a_check_is_made(capsys: pytest.CaptureFixture[str],
                                                            tmp_path: Path) -> None:
    rules = rules_copy(tmp_path, "weighting.yaml", "\ncategory: weighting\n", "\n")
    code, err = _validate(capsys, rules)
    assert code == 2
    assert "weighting.yaml:" in err and "makes a check but has no `category`" in err
