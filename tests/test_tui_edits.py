"""Edits are never silently dropped: questions added and removed with reasons, rewordings kept
when a later change stops them applying, and the weighting reaching the spec and the record."""

from __future__ import annotations

from pathlib import Path

import yaml
from textual.pilot import Pilot
from textual.widgets import OptionList

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.specfile import load_spec
from svauthor.tui.app import SvauthorApp
from svauthor.tui.dialogs.add_question import AddQuestionDialog
from svauthor.tui.dialogs.reason import ReasonDialog
from svauthor.tui.form import FormState
from svauthor.tui.steps.questions import QuestionsStep

from .conftest import EXAMPLES
from .test_tui_flows import highlight_measure, override
from .test_tui_helpers import (
    build,
    drive,
    goto,
    notifications,
    press_fast,
    settle,
    type_into,
    wait_until,
)

WIRRAL = EXAMPLES / "wirral-befriending.yaml"
REWORDED = "Describe how you will recruit local people, including care leavers, to this service."


def _app(pilot: Pilot[None]) -> SvauthorApp:
    assert isinstance(pilot.app, SvauthorApp)
    return pilot.app


def _asked(app: SvauthorApp) -> dict[str, bool]:
    """Question id -> reworded, as the engine now answers."""
    assert app.state.assessment is not None and app.state.current
    return {q.id: q.edited for q in app.state.assessment.questions}


async def _dialog_reason(pilot: Pilot[None], kind: type, reason: str) -> None:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind))
    await settle(pilot)
    if kind is AddQuestionDialog:
        pilot.app.screen.query_one("#add-reason").focus()
        await settle(pilot)
    await press_fast(pilot, reason, batch=1000)
    await press_fast(pilot, ["enter"], batch=1)
    await wait_until(pilot, lambda: not isinstance(pilot.app.screen, kind))
    await settle(pilot)


def test_question_edits_survive_every_change(kb: KnowledgeBase, tmp_path: Path) -> None:
    """Wirral at £400,000 (a Standard contract, so the workforce asks a Light contract for a
    small charity leaves optional are asked) recommends NT1, so the local recruitment question
    is asked. Reworded, then
    NT1 excluded: the app says the rewording no longer applies and keeps it; NT1 back, the
    rewording is back. Removed with a reason, the rewording is set aside; put back, it returns.
    A bank question added with a reason is asked. The saved spec and the engine's record carry
    every change, the weighting included."""
    app = build(kb, tmp_path / "data",
                spec=load_spec(WIRRAL, kb).model_copy(update={"value_gbp": 400_000.0}))
    saved = tmp_path / "wirral.yaml"
    notes = notifications(app)

    async def script(pilot: Pilot[None]) -> None:
        svapp = _app(pilot)
        wizard = svapp.wizard
        await goto(pilot, 6)
        step = wizard.query_one(QuestionsStep)
        svapp.state.form.set_edit("local-recruitment", REWORDED, "Care leavers are a priority")
        step.edited("question_edits")
        await wait_until(pilot, lambda: _asked(svapp).get("local-recruitment") is True)

        await override(pilot, "NT1", "x", "Another contract already covers local jobs")
        await wait_until(pilot, lambda: "local-recruitment" not in _asked(svapp))
        assert any("rewording of" in m and "no longer applies" in m for m in notes), notes
        assert any("rewording" in p.text for p in svapp.state.problems(6))
        assert svapp.state.form.edit_for("local-recruitment") is not None  # kept

        await highlight_measure(pilot, "NT1")
        await press_fast(pilot, ["c"], batch=1)  # undo the exclusion
        await wait_until(pilot, lambda: _asked(svapp).get("local-recruitment") is True)
        assert not any("rewording" in p.text for p in svapp.state.problems(6))

        # remove it with a reason: the rewording is set aside, then comes back with it
        await goto(pilot, 6)
        listing = step.query_one("#question-list", OptionList)
        listing.focus()
        listing.highlighted = list(_asked(svapp)).index("local-recruitment")
        await settle(pilot)
        await pilot.click("#remove-question")
        await _dialog_reason(pilot, ReasonDialog, "Recruitment is covered by the council")
        await wait_until(pilot, lambda: "local-recruitment" not in _asked(svapp))
        form = svapp.state.form
        assert form.question_change("local-recruitment", "remove") is not None
        assert form.edit_for("local-recruitment") is None
        assert [p["question"] for p in form.parked_edits] == ["local-recruitment"]
        assert FormState.from_raw(form.to_raw()).parked_edits == form.parked_edits  # in drafts
        assert listing.option_count == len(_asked(svapp)) + 1  # the removed one, to put back
        listing.highlighted = listing.option_count - 1
        await settle(pilot)
        assert str(step.query_one("#remove-question").label) == "Put back"  # type: ignore[attr-defined]
        await pilot.click("#remove-question")
        await wait_until(pilot, lambda: _asked(svapp).get("local-recruitment") is True)
        assert form.parked_edits == []

        # add a bank question with a reason
        before = set(_asked(svapp))
        await pilot.click("#add-question")
        await wait_until(pilot, lambda: isinstance(svapp.screen, AddQuestionDialog))
        dialog = svapp.screen
        assert isinstance(dialog, AddQuestionDialog)
        added = dialog._choices[0][0]
        assert added not in before
        await _dialog_reason(pilot, AddQuestionDialog, "The board asked for it")
        await wait_until(pilot, lambda: added in _asked(svapp))

        await type_into(pilot, "#sv_pct", "15")
        await wait_until(pilot, lambda: svapp.state.current and svapp.state.assessment
                         is not None and svapp.state.assessment.weighting.social_value_pct == 15)
        svapp._write_spec(saved)
        await settle(pilot)
        a = svapp.state.assessment
        assert a is not None
        assert any("set 15%" in r.why for r in a.weighting.reasons)  # the decision record's
        records = {(o.target, o.action) for o in a.overrides if o.kind == "question"}
        assert ("local-recruitment", "edit") in records and (added, "add") in records

    drive(app, script)
    data = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert data["evaluation"]["social_value_pct"] == 15
    changes = {(q["question"], q["action"]): q for q in data["questions"]}
    assert changes[("local-recruitment", "edit")]["text"] == REWORDED
    assert changes[(added_id(data), "add")]["reason"] == "The board asked for it"
    assert ("local-recruitment", "remove") not in changes


def added_id(data: dict[str, object]) -> str:
    questions = data["questions"]
    assert isinstance(questions, list)
    return str(next(q["question"] for q in questions if q["action"] == "add"))


def test_opening_and_saving_keeps_tender_facts_risks_and_sign_off(kb: KnowledgeBase) -> None:
    """Blocks no step edits yet travel through the form unchanged."""
    raw = yaml.safe_load(WIRRAL.read_text(encoding="utf-8"))
    raw["accepted_risks"] = [{"check": "timetable.holiday_span", "reason": "Agreed by board",
                              "accepted_by": "Head of Procurement"}]
    raw["sign_off"] = {"prepared_by": "A. Buyer", "approved_by": "B. Head"}
    from svauthor.domain.spec import TenderSpec
    from svauthor.tui.form import build_spec

    spec = TenderSpec.model_validate(raw, context={"kb": kb})
    again = build_spec(FormState.from_spec(spec).copy(), kb).spec
    assert again is not None
    assert again.accepted_risks == spec.accepted_risks and again.sign_off == spec.sign_off
