"""The wizard, driven with Pilot as a commissioner would use it, through to the Word pack."""

from __future__ import annotations

from pathlib import Path

import yaml
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, OptionList, SelectionList

from svauthor.docs.pack import target_paths
from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.specfile import load_spec
from svauthor.tui.app import SvauthorApp
from svauthor.tui.dialogs.confirm import ConfirmDialog
from svauthor.tui.dialogs.edit_question import EditQuestionDialog
from svauthor.tui.dialogs.error import ErrorDialog
from svauthor.tui.dialogs.reason import ReasonDialog
from svauthor.tui.dialogs.save_path import SavePathDialog
from svauthor.tui.steps.generate import GenerateStep
from svauthor.tui.steps.measures import MeasuresStep

from .conftest import EXAMPLES
from .test_tui_helpers import (
    build,
    choose,
    docx_text,
    drive,
    goto,
    press_fast,
    settle,
    text_of,
    type_into,
    wait_until,
)

WIRRAL = EXAMPLES / "wirral-befriending.yaml"


def _app(pilot: Pilot[None]) -> SvauthorApp:
    app = pilot.app
    assert isinstance(app, SvauthorApp)
    return app


def assert_measure_columns_fit(app: SvauthorApp, table: DataTable[object]) -> None:
    """The reference column holds the framework's longest reference on one line, and the
    columns together fit inside the table: no measure's text is cut off at the edge."""
    longest = max(len(m.ref) for m in app.kb.framework.measures)
    assert table.columns["ref"].width == longest  # type: ignore[index]
    used = sum(column.get_render_width(table) for column in table.columns.values())
    assert used <= table.scrollable_content_region.width, (used, table.size)


async def highlight_measure(pilot: Pilot[None], ref: str) -> None:
    step = _app(pilot).wizard.query_one(MeasuresStep)
    table = step.query_one("#measures-table", DataTable)
    assert_measure_columns_fit(_app(pilot), table)
    table.focus()
    table.move_cursor(row=table.get_row_index(ref))
    await pilot.pause()


async def override(pilot: Pilot[None], ref: str, key: str, reason: str) -> None:
    """Include (i) or exclude (x) a measure, giving the reason the dialog asks for."""
    await goto(pilot, 5)
    await highlight_measure(pilot, ref)
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReasonDialog))
    await press_fast(pilot, reason, batch=1000)
    await press_fast(pilot, ["enter"], batch=1)
    await wait_until(pilot, lambda: not isinstance(pilot.app.screen, ReasonDialog))
    await settle(pilot)


async def generate(pilot: Pilot[None], out_dir: Path, *, force: bool = False) -> GenerateStep:
    await goto(pilot, 8)
    await type_into(pilot, "#output_dir", str(out_dir))
    step = _app(pilot).wizard.query_one(GenerateStep)
    if force:
        step.query_one("#force").value = True  # type: ignore[attr-defined]
    runs = step.finished
    await pilot.click("#generate")
    await wait_until(pilot, lambda: step.finished > runs)
    await settle(pilot)
    return step


def test_wirral_befriending_from_its_spec_to_a_word_pack(kb: KnowledgeBase, tmp_path: Path) -> None:
    """A £45k befriending service: open it, include one measure with a reason, write the pack."""
    spec = load_spec(WIRRAL, kb)
    app = build(kb, tmp_path / "data", spec=spec, spec_path=WIRRAL)
    reason = "Wirral's Local Needs Analysis names carers' isolation"

    async def script(pilot: Pilot[None]) -> tuple[list[Path], list[str]]:
        state = _app(pilot).state
        assert state.assessment is not None and state.assessment.band.id == "light"
        optional = next(m.ref for m in state.assessment.measures if m.status == "optional")
        await override(pilot, optional, "i", reason)
        assert state.form.overrides == [{"measure": optional, "action": "add", "reason": reason}]
        decision = next(m for m in state.assessment.measures if m.ref == optional)
        assert decision.status == "recommended" and decision.overridden
        step = await generate(pilot, tmp_path / "pack")
        recommended = [m.ref for m in state.assessment.measures if m.status == "recommended"]
        assert optional in recommended
        assert "Wrote 7 documents" in text_of(_app(pilot), "#written")  # with the workbook
        return step.written, recommended

    paths, recommended = drive(app, script)
    assert len(paths) == 7 and all(p.parent == tmp_path / "pack" and p.exists() for p in paths)
    assert paths[-1].name.endswith("-commitments.xlsx")  # as `svauthor build` writes
    texts = {p.name: docx_text(p) for p in paths[:-1]}
    for name, text in texts.items():
        assert "Wirral Community Befriending Service" in text, name
        assert "{{" not in text and "{%" not in text, name
    kpis = next(t for n, t in texts.items() if "kpi" in n)
    for ref in recommended:
        assert ref in kpis
    record = next(t for n, t in texts.items() if "decision-record" in n)
    assert reason in record


def test_a_tender_typed_in_from_scratch_reaches_a_word_pack(kb: KnowledgeBase,
                                                            tmp_path: Path) -> None:
    """£1,250,000 of facilities management for Liverpool, typed in field by field."""
    app = build(kb, tmp_path / "data")

    async def script(pilot: Pilot[None]) -> list[Path]:
        svapp = _app(pilot)
        state = svapp.state
        assert state.spec is None
        await type_into(pilot, "#title", "Liverpool Libraries Facilities Management")
        await pilot.press("tab")
        await press_fast(pilot, "Liverpool City Council", batch=1000)
        await choose(pilot, "#sector", "local_authority")
        await pilot.press("ctrl+n")
        await choose(pilot, "#service_type", "facilities_management")
        await type_into(pilot, "#value", "£1,250,000")
        await type_into(pilot, "#duration", "48")
        assert state.spec is not None, state.errors
        assert state.assessment is not None and state.assessment.band.id == "enhanced"
        assert "Band: Enhanced" in text_of(svapp, "#size-live")

        await pilot.press("ctrl+n")
        places = svapp.wizard.query_one("#places", SelectionList)
        places.focus()
        await pilot.pause()
        target = list(kb.places).index("liverpool")
        await pilot.press(*["down"] * target, "space")
        needs = svapp.wizard.query_one("#local_needs", SelectionList)
        needs.focus()
        await pilot.pause()
        await pilot.press("space")  # the first need: unemployment
        await pilot.pause()
        assert state.form.places == ["liverpool"]
        assert state.form.local_needs == ["unemployment"]

        await goto(pilot, 7)
        await type_into(pilot, "#tt_contract_start", "2027-09-01")
        await pilot.click("#suggest")
        await wait_until(pilot, lambda: isinstance(svapp.screen, ConfirmDialog))
        assert state.form.dates == {"contract_start": "2027-09-01"}  # nothing yet
        await pilot.click("#yes")
        await wait_until(pilot, lambda: "tender_deadline" in state.form.dates)
        await settle(pilot)
        assert set(state.form.dates) >= {"tender_published", "tender_deadline", "award_notice"}
        assert state.assessment.timetable is not None
        assert all(c.status != "fail" for c in state.assessment.timetable.checks)

        step = await generate(pilot, tmp_path / "out")
        return step.written

    paths = drive(app, script)
    assert len(paths) == 7
    questions = docx_text(next(p for p in paths if p.name.endswith("questions.docx")))
    assert "Liverpool Libraries Facilities Management" in questions
    assert "Liverpool City Council" in "\n".join(docx_text(p) for p in paths[:-1])


def test_typing_abc_as_the_value_shows_a_message_beside_the_field(kb: KnowledgeBase,
                                                                  tmp_path: Path) -> None:
    app = build(kb, tmp_path / "data", spec=load_spec(WIRRAL, kb))

    async def script(pilot: Pilot[None]) -> None:
        svapp = _app(pilot)
        await goto(pilot, 2)
        await type_into(pilot, "#value", "abc")
        assert "not an amount of money" in text_of(svapp, "#error-value")
        assert svapp.wizard.query_one("#box-value").has_class("-invalid")
        assert svapp.state.spec is None
        assert "last complete answer" in text_of(svapp, "#size-live")
        await type_into(pilot, "#value", "0")
        assert "more than £0" in text_of(svapp, "#error-value")
        await type_into(pilot, "#duration", "3 years")
        assert "whole number of months" in text_of(svapp, "#error-duration")
        await type_into(pilot, "#duration", "12")
        await type_into(pilot, "#value", "1.25m")
        assert not svapp.wizard.query_one("#box-value").has_class("-invalid")
        assert svapp.state.assessment is not None
        assert svapp.state.assessment.value_gbp == 1_250_000
        assert svapp.state.assessment.band.id == "enhanced"
        await goto(pilot, 1)
        await type_into(pilot, "#title", "")
        assert text_of(svapp, "#error-title") == "Required."

    drive(app, script)


def test_an_override_reason_is_saved_with_ctrl_s_and_reopens(kb: KnowledgeBase, tmp_path: Path,
                                                             monkeypatch: object) -> None:
    spec = load_spec(WIRRAL, kb)
    app = build(kb, tmp_path / "data", spec=spec)
    saved = tmp_path / "wirral-copy.yaml"
    reason = "A befriending charity already runs this across Wirral"

    async def script(pilot: Pilot[None]) -> str:
        svapp = _app(pilot)
        assert svapp.state.assessment is not None
        # The Light befriending ask is the Partner VCFSE commitment alone: remove it, with a reason.
        ref = next(m.ref for m in svapp.state.assessment.measures if m.status == "recommended")
        await override(pilot, ref, "x", reason)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(svapp.screen, SavePathDialog))
        await type_into(pilot, "#path", str(saved))
        await pilot.press("enter")
        await wait_until(pilot, lambda: svapp.spec_path == saved)
        assert not svapp.dirty
        assert not svapp.draft_path.exists()
        return ref

    ref = drive(app, script)
    assert not (tmp_path / "wirral-copy.yaml.bak").exists()  # a new file has nothing to keep
    first_version = saved.read_text(encoding="utf-8")
    data = yaml.safe_load(first_version)
    assert data["overrides"] == [{"measure": ref, "action": "remove", "reason": reason}]
    reopened = load_spec(saved, kb)
    app2 = build(kb, tmp_path / "data", spec=reopened, spec_path=saved)

    async def check(pilot: Pilot[None]) -> None:
        svapp = _app(pilot)
        assert svapp.state.form.overrides[0]["reason"] == reason
        assert svapp.state.assessment is not None
        decision = next(m for m in svapp.state.assessment.measures if m.ref == ref)
        assert decision.status == "excluded" and decision.overridden
        await type_into(pilot, "#title", "Wirral Befriending (renamed)")
        await pilot.press("ctrl+s")  # an opened file saves in place, no dialog
        await pilot.pause()
        assert not isinstance(svapp.screen, SavePathDialog)

    drive(app2, check)
    assert load_spec(saved, kb).title == "Wirral Befriending (renamed)"
    # Saving over an opened file keeps the file as it was, since the rewrite drops comments.
    assert (tmp_path / "wirral-copy.yaml.bak").read_text(encoding="utf-8") == first_version


def test_a_question_can_be_reworded_with_a_reason(kb: KnowledgeBase, tmp_path: Path) -> None:
    app = build(kb, tmp_path / "data", spec=load_spec(WIRRAL, kb))
    wording = "Tell us how you will work with local VCFSE groups to reach isolated carers."

    async def script(pilot: Pilot[None]) -> None:
        svapp = _app(pilot)
        await goto(pilot, 6)
        await pilot.click("#edit-question")
        await wait_until(pilot, lambda: isinstance(svapp.screen, EditQuestionDialog))
        area = svapp.screen.query_one("#wording")
        area.text = wording  # type: ignore[attr-defined]
        await type_into(pilot, "#edit-reason", "Plainer words for small charities")
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(svapp.state.form.question_edits))
        await settle(pilot)
        edit = svapp.state.form.question_edits[0]
        assert edit["action"] == "edit" and edit["text"] == wording
        assert svapp.state.assessment is not None
        first = svapp.state.assessment.questions[0]
        assert first.edited and first.text == wording
        assert "(reworded)" in str(svapp.wizard.query_one("#question-list", OptionList).get_option_at_index(
            0).prompt)
        await pilot.click("#restore-question")
        await pilot.pause()
        assert svapp.state.form.question_edits == []

    drive(app, script)


def test_weights_are_checked_live(kb: KnowledgeBase, tmp_path: Path) -> None:
    """At least 60% of the Social Value score must be qualitative: 50% fails at once."""
    app = build(kb, tmp_path / "data", spec=load_spec(WIRRAL, kb))

    async def script(pilot: Pilot[None]) -> None:
        svapp = _app(pilot)
        await goto(pilot, 6)
        await type_into(pilot, "#qual_pct", "50")
        checks = text_of(svapp, "#weight-checks")
        assert "FAIL" in checks and "at least 60%" in checks
        assert svapp.state.step_statuses()[6] == "warn"
        await type_into(pilot, "#qual_pct", "abc")
        assert "not a percentage" in text_of(svapp, "#error-qual_pct")
        await type_into(pilot, "#qual_pct", "")
        assert "PASS" in text_of(svapp, "#weight-checks")

    drive(app, script)


def test_procedures_follow_the_regime(kb: KnowledgeBase, tmp_path: Path) -> None:
    app = build(kb, tmp_path / "data", spec=load_spec(WIRRAL, kb))

    async def script(pilot: Pilot[None]) -> None:
        svapp = _app(pilot)
        await choose(pilot, "#regime", "provider_selection_regime")
        await pilot.pause()
        assert svapp.state.form.procedure == "competitive_process"
        assert svapp.state.spec is not None
        assert svapp.wizard.query_one("#procedure").value == "competitive_process"  # type: ignore[attr-defined]

    drive(app, script)


def test_keys_steps_help_and_theme(kb: KnowledgeBase, tmp_path: Path) -> None:
    app = build(kb, tmp_path / "data")

    async def script(pilot: Pilot[None]) -> None:
        svapp = _app(pilot)
        wizard = svapp.wizard
        await pilot.press("ctrl+n", "ctrl+n")
        assert wizard.current == 3
        await pilot.press("ctrl+b")
        assert wizard.current == 2
        await pilot.press("f8")
        assert wizard.current == 7
        await pilot.press("ctrl+pagedown")
        assert wizard.current == 8
        await pilot.press("ctrl+pageup", "f6")
        assert wizard.current == 5
        svapp.set_focus(None)
        await pilot.press("3", "alt+3")  # digits are never step jumps
        assert wizard.current == 5
        await pilot.press("f1")
        await pilot.pause()
        assert type(svapp.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert svapp.screen is wizard
        theme = svapp.theme
        await pilot.press("ctrl+t")
        assert svapp.theme != theme
        titles = [c.title for c in svapp.get_system_commands(wizard)]  # type: ignore[arg-type]
        assert "Step 8: Generate the Word pack" in titles and "Save the spec" in titles
        assert "Go to step 8 (F9)" in [c.help for c in svapp.get_system_commands(wizard)]  # type: ignore[arg-type]
        assert {b.id for b in svapp.BINDINGS if isinstance(b, Binding)} >= {"app.help", "app.theme"}

    drive(app, script, size=(80, 24))


def test_writing_over_a_file_goes_to_an_error_modal_not_a_crash(kb: KnowledgeBase,
                                                                tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    app = build(kb, tmp_path / "data", spec=load_spec(WIRRAL, kb))

    async def script(pilot: Pilot[None]) -> None:
        svapp = _app(pilot)
        await generate(pilot, blocker)
        assert isinstance(svapp.screen, ErrorDialog)
        assert "is a file, not a folder" in text_of(svapp, "#error-message")
        await pilot.press("enter")
        await wait_until(pilot, lambda: svapp.screen is svapp.wizard)
        # Writing where the pack's documents already are (the last one written, say) without
        # "overwrite" names the checkbox, in the app's own words, and leaves them as they were.
        assert svapp.state.assessment is not None
        pack = tmp_path / "pack"
        pack.mkdir()
        (_doc, earlier), *_ = target_paths(svapp.state.assessment, pack)
        earlier.write_bytes(b"the pack written before")
        await generate(pilot, pack)
        assert isinstance(svapp.screen, ErrorDialog)
        assert "Overwrite documents already there" in text_of(svapp, "#error-message")
        assert [p.name for p in pack.iterdir()] == [earlier.name]
        assert earlier.read_bytes() == b"the pack written before"
        await pilot.press("enter")
        await wait_until(pilot, lambda: svapp.screen is svapp.wizard)
        step = await generate(pilot, pack, force=True)
        assert len(step.written) == 7 and earlier in step.written  # the workbook too
        assert earlier.read_bytes().startswith(b"PK")  # replaced by the new document
        assert not svapp.wizard.query_one("#generate", Button).disabled

    drive(app, script)


def test_suggest_without_a_date_explains_what_it_needs(kb: KnowledgeBase, tmp_path: Path) -> None:
    spec = load_spec(WIRRAL, kb).model_copy(update={"timetable": None})
    app = build(kb, tmp_path / "data", spec=spec)

    async def script(pilot: Pilot[None]) -> None:
        svapp = _app(pilot)
        await goto(pilot, 7)
        await pilot.click("#suggest")
        await pilot.pause()
        assert "contract start" in text_of(svapp, "#suggest-message")
        await type_into(pilot, "#tt_tender_deadline", "2027-02-30")
        assert "not a real date" in text_of(svapp, "#error-tt_tender_deadline")

    drive(app, script)
