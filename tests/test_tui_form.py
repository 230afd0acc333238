"""What people type, turned into a tender spec field by field (no app needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.specfile import load_spec
from svauthor.inputs import parse_date, parse_money, parse_pct
from svauthor.tui.form import FormState, build_spec
from svauthor.tui.state import WizardState
from svauthor.tui.steps import STEP_PLANS

from .conftest import EXAMPLES, TODAY


@pytest.mark.parametrize("text,pounds", [
    ("£1,250,000", 1_250_000), ("1250000", 1_250_000), (" £45,000 ", 45_000),
    ("1.25m", 1_250_000), ("45k", 45_000), ("£2bn", 2_000_000_000), ("£1,250.50", 1250.5),
])
def test_money_is_read_the_way_people_write_it(text: str, pounds: float) -> None:
    assert parse_money(text) == pounds


@pytest.mark.parametrize("text", ["abc", "", "£", "1,2,3m4", "1e6", "nan"])
def test_anything_else_is_not_money(text: str) -> None:
    with pytest.raises(ValueError, match="not an amount of money"):
        parse_money(text)


def test_percentages_and_dates() -> None:
    assert parse_pct("12.5%") == 12.5
    with pytest.raises(ValueError):
        parse_pct("lots")
    assert parse_date("27/11/2026") == parse_date("27 November 2026") == parse_date("2026-11-27")
    with pytest.raises(ValueError, match="not a real date"):
        parse_date("2027-02-30")


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_survives_the_form_unchanged(example: Path, kb: KnowledgeBase) -> None:
    spec = load_spec(example, kb)
    form = FormState.from_spec(spec)
    again = build_spec(FormState.from_raw(form.to_raw()), kb)
    assert again.errors == {}
    assert again.spec == spec


def test_each_problem_is_pinned_to_its_field(kb: KnowledgeBase) -> None:
    form = FormState(title="", buyer_name="Wirral Council", service_type="befriending",
                     value="abc", duration="0", lots="two", sv_pct="150",
                     dates={"tender_deadline": "2027-13-01", "award_notice": "1999-01-01"},
                     overrides=[{"measure": "NT999", "action": "add", "reason": "because"}])
    errors = build_spec(form, kb).errors
    assert errors["title"] == "Required."
    assert "not an amount of money" in errors["value"]
    assert errors["duration"] == "Enter between 1 and 600 months."
    assert "whole number of lots" in errors["lots"]
    assert "between 0 and 100" in errors["sv_pct"]
    assert "not a real date" in errors["tt_tender_deadline"]
    assert "not a plausible procurement date" in errors["tt_award_notice"]
    assert "unknown measure `NT999`" in errors["overrides"]
    assert "Unknown service type `befriending`" in errors["service_type"]


def test_a_fractional_weighting_is_refused_under_its_field(kb: KnowledgeBase) -> None:
    """The app's weighting fields read 0.1 as the plan and the spec do: "did you mean 10%?"."""
    spec = load_spec(EXAMPLES / "wirral-befriending.yaml", kb)
    form = FormState.from_spec(spec)
    form.sv_pct, form.qual_pct = "0.1", "0.7"
    errors = build_spec(form, kb).errors
    assert "did you mean 10%?" in errors["sv_pct"] and "did you mean 70%?" in errors["qual_pct"]
    form.sv_pct, form.qual_pct = "10%", "70"
    assert build_spec(form, kb).errors == {}


def test_a_wrong_procedure_for_the_regime_is_reported_on_the_procedure(kb: KnowledgeBase) -> None:
    spec = load_spec(EXAMPLES / "wirral-befriending.yaml", kb)
    form = FormState.from_spec(spec)
    form.regime = "provider_selection_regime"
    errors = build_spec(form, kb).errors
    assert "Procedure `open` is not a procedure of provider_selection_regime" in errors["procedure"]


def test_the_state_keeps_the_last_good_answer_while_a_field_is_wrong(kb: KnowledgeBase) -> None:
    state = WizardState(kb, TODAY, FormState.from_spec(
        load_spec(EXAMPLES / "wirral-befriending.yaml", kb)), STEP_PLANS)
    assert state.current and state.assessment is not None
    state.form.value = "abc"
    state.recompute()
    assert not state.current and state.assessment is not None  # still the £45,000 answer
    assert state.visible_errors == {}  # nothing typed there yet, so nothing shouted
    state.touched.add("value")
    assert "value" in state.visible_errors
    assert state.step_statuses()[2] == "error"
