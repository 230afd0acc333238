"""The buyer's nation is suggested from the places chosen, never set behind the user's back."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from svauthor.domain.knowledge import KnowledgeBase, load_knowledge
from svauthor.tui.app import SvauthorApp
from svauthor.tui.form import FormState
from svauthor.tui.state import WizardState
from svauthor.tui.steps import STEP_PLANS
from svauthor.tui.widgets.summary import ErrorSummary, SummaryLink

from .conftest import TODAY, rules_copy
from .test_tui_helpers import build, drive, goto, press_fast, wait_until

PLACES, NATION = 3, 1  # the steps with the places and the buyer's nation


@pytest.fixture(scope="module")
def welsh_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """Rules whose Wirral is in Wales, as a Welsh framework's own places would be."""
    rules = rules_copy(tmp_path_factory.mktemp("wales"), "places.yaml",
                       "name: Wirral\n    nation: England", "name: Wirral\n    nation: Wales")
    return load_knowledge(rules)


def _form(**fields: object) -> FormState:
    return FormState(title="Befriending", buyer_name="A Council", service_type="community_support",
                     value="45000", duration="12", **fields)  # type: ignore[arg-type]


def _notes(state: WizardState, number: int) -> list[str]:
    return [p.text for p in state.problems(number) if p.field == "nation"]


def test_places_in_another_nation_suggest_it_on_both_steps(welsh_kb: KnowledgeBase) -> None:
    state = WizardState(welsh_kb, TODAY, _form(places=["wirral"]), STEP_PLANS)
    assert state.form.nation == "england"  # suggested, not set
    for number in (PLACES, NATION):
        (note,) = _notes(state, number)
        assert "in Wales" in note and "nation is England" in note
    entry = next(p for p in state.problems(PLACES) if p.field == "nation")
    assert (entry.severity, entry.step) == ("warn", NATION)  # its link leads to the field
    assert any(p.field == "nation" for p in state.all_problems())
    state.form.nation = "wales"
    state.recompute()
    assert not _notes(state, PLACES) and not _notes(state, NATION)


@pytest.mark.parametrize("places", [["wirral", "sefton"], ["sefton"], []])
def test_no_suggestion_for_mixed_or_same_nation_places(welsh_kb: KnowledgeBase,
                                                       places: list[str]) -> None:
    state = WizardState(welsh_kb, TODAY, _form(places=places), STEP_PLANS)
    assert state.suggested_nation() is None and not _notes(state, PLACES)


def test_shipped_places_suggest_nothing_for_an_english_buyer(kb: KnowledgeBase) -> None:
    state = WizardState(kb, TODAY, _form(places=list(kb.places)), STEP_PLANS)
    assert state.suggested_nation() is None


def test_the_note_shows_on_the_places_step_and_leads_to_the_nation(
        welsh_kb: KnowledgeBase, tmp_path: Path) -> None:
    app = build(welsh_kb, tmp_path / "data")

    async def script(pilot: Pilot[None]) -> None:
        svapp = pilot.app
        assert isinstance(svapp, SvauthorApp)
        await goto(pilot, PLACES)
        summary = svapp.wizard.query_one(f"#summary-step-{PLACES}", ErrorSummary)
        svapp.state.replace_form(_form(places=["wirral"]))
        svapp.wizard.load_form()

        def shown() -> SummaryLink | None:
            return next((link for link in summary.query(SummaryLink)
                         if link.problem.field == "nation"), None)

        await wait_until(pilot, lambda: shown() is not None)
        link = shown()
        assert link is not None and "in Wales" in str(link.render())
        link.focus()
        await press_fast(pilot, ["enter"], batch=1)
        await wait_until(pilot, lambda: getattr(svapp.focused, "id", None) == "nation")
        assert svapp.wizard.current == NATION and svapp.state.form.nation == "england"

    drive(app, script)
