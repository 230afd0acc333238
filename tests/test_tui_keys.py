"""Keys as a commissioner uses them: typing lands in the field on show, never jumps or replaces."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.specfile import load_spec
from svauthor.tui.app import SvauthorApp
from svauthor.tui.screens.wizard import WizardScreen, step_key
from svauthor.tui.steps import STEPS, Step
from svauthor.tui.widgets.footer import QuietFooter

from .conftest import EXAMPLES
from .test_tui_helpers import build, drive, goto, press_fast, settle, wait_until

WIRRAL = EXAMPLES / "wirral-befriending.yaml"
BARE_KEYS = ["1", "3", "8", "i", "x", "c", "q", "?", "[", "]", "/", "\\"]
EVERY_STEP_KEYS = ["Save", "Steps", "Quit", "Help", "Theme"]


def footer_reads(app: SvauthorApp) -> list[str]:
    """The descriptions the footer shows, left to right."""
    footer = app.wizard.query_one(QuietFooter)
    return [str(getattr(key, "description", "")) for key in footer.query("FooterKey")]


def assert_footer_in_order(app: SvauthorApp, where: str) -> None:
    """Back and Next lead, as the buttons sit, and the keys every step has keep one order."""
    shown = footer_reads(app)
    assert shown[:2] == ["Back", "Next"], (where, shown)
    assert [d for d in shown if d in EVERY_STEP_KEYS] == EVERY_STEP_KEYS, (where, shown)


def _app(pilot: Pilot[None]) -> SvauthorApp:
    assert isinstance(pilot.app, SvauthorApp)
    return pilot.app


#: Each step's first field as the step is written, top to bottom: where its first key goes.
FIRST_FIELDS = {1: "title", 2: "service_type", 3: "places", 4: "lots", 5: "status-filter",
                6: "sv_pct", 7: "tt_planned_procurement_notice", 8: "output_dir"}


def test_arriving_at_a_step_focuses_its_first_field_and_bare_keys_type_text_never_jump(
        kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On every step, first visit and return: the first field has the focus, cursor at the end
    and nothing selected; digits, i/x/c, q, ? and brackets typed into the step's first text box
    are text (never a step jump, a shortcut or a replacement) and Ctrl+Z undoes them; the
    footer keeps its order (Back, Next first) wherever the focus is.

    Every choice the wizard makes on arrival is the first field with the step scrolled to its
    top, including the one made as the jump key is handled, before the new step's first
    layout, when every widget still sits at 0,0: the focus chain then put step 7's Suggest
    button (it has a top margin) ahead of the dates, and the screen's deferred scroll to it
    could land after the later, right choice and leave the dates out of sight. One app
    for both stories: each step visit costs a third of a second of re-layout."""
    real = WizardScreen.focus_step
    chosen: list[tuple[int, str | None]] = []

    def recording(self: WizardScreen) -> None:
        mounted = self.step(self.current).is_mounted  # before that, there is nothing to choose
        real(self)
        if mounted:
            chosen.append((self.current, self.focused.id if self.focused else None))

    monkeypatch.setattr(WizardScreen, "focus_step", recording)
    app = build(kb, tmp_path / "data", spec=load_spec(WIRRAL, kb))

    async def arrive(pilot: Pilot[None], number: int) -> None:
        svapp = _app(pilot)
        chosen.clear()
        if number == svapp.wizard.current:
            await goto(pilot, number)
        else:
            await press_fast(pilot, [step_key(number)], batch=1)
        await settle(pilot)
        assert chosen and all(c == (number, FIRST_FIELDS[number]) for c in chosen), chosen
        assert svapp.wizard.step(number).scroll_y == 0, number
        focused = svapp.focused
        assert focused is not None, f"step {number}: nothing has focus"
        assert svapp.wizard.step(number) in focused.ancestors, f"step {number}"
        if isinstance(focused, Input):
            assert focused.selection.is_empty, f"step {number}: text selected"
            assert focused.cursor_position == len(focused.value), f"step {number}"
        assert_footer_in_order(svapp, f"step {number}, {focused.id}")

    async def bare_keys(pilot: Pilot[None], number: int) -> None:
        svapp = _app(pilot)
        wizard = svapp.wizard
        boxes = [w for w in wizard.step(number).query(Input) if w.display]
        for box in boxes[:1]:  # the first box of each step: the one a jump key would hit
            box.focus()
            await settle(pilot)
            assert_footer_in_order(svapp, f"step {number}, {box.id}")
            if box.max_length and len(box.value) + len(BARE_KEYS) > box.max_length:
                await press_fast(pilot, ["ctrl+u"], batch=1)  # make room (a date box)
            before = box.value
            await press_fast(pilot, BARE_KEYS, batch=100)
            want = len(before) + len(BARE_KEYS)
            await wait_until(pilot, lambda b=box, n=want: len(b.value) >= n)  # type: ignore[misc]
            assert box.value == before + "".join(BARE_KEYS), (number, box.id)
            assert wizard.current == number and svapp.screen is wizard, (number, box.id)
            await press_fast(pilot, ["ctrl+z"], batch=1)
            assert box.value == before, (number, box.id)  # Ctrl+Z undoes the typing

    async def script(pilot: Pilot[None]) -> None:
        for number in range(1, len(STEPS) + 1):  # first visits
            await arrive(pilot, number)
            await bare_keys(pilot, number)
        for number in range(1, len(STEPS) + 1):  # returns
            await arrive(pilot, number)

    drive(app, script, size=(80, 24))


def test_undo_and_redo_in_a_text_box(kb: KnowledgeBase, tmp_path: Path) -> None:
    app = build(kb, tmp_path / "data")

    async def script(pilot: Pilot[None]) -> None:
        svapp = _app(pilot)
        title = svapp.wizard.query_one("#title", Input)
        assert svapp.focused is title
        await press_fast(pilot, "Wirral befriending", batch=1000)
        await wait_until(pilot, lambda: title.value == "Wirral befriending")
        await press_fast(pilot, ["ctrl+u"], batch=1)  # delete the whole line by mistake
        assert title.value == ""
        await press_fast(pilot, ["ctrl+z"], batch=1)
        assert title.value == "Wirral befriending"
        await press_fast(pilot, ["ctrl+z"], batch=1)
        assert title.value == "Wirral "  # a word at a time
        await press_fast(pilot, ["ctrl+y"], batch=1)
        assert title.value == "Wirral befriending"
        await wait_until(pilot, lambda: svapp.state.form.title == "Wirral befriending")

    drive(app, script, size=(80, 24))


def test_the_palette_survives_page_keys_sent_at_once(kb: KnowledgeBase, tmp_path: Path) -> None:
    app = build(kb, tmp_path / "data")

    async def script(pilot: Pilot[None]) -> None:
        await press_fast(pilot, ["ctrl+p", "pagedown", "pagedown", "end", "pageup"], batch=100)
        await settle(pilot)
        assert type(pilot.app.screen).__name__.endswith("CommandPalette")
        await pilot.press("escape")
        await wait_until(pilot, lambda: pilot.app.screen is _app(pilot).wizard)

    drive(app, script, size=(80, 24))



@pytest.mark.parametrize(("keys", "title", "buyer"), [
    ([*"Sefton Befriending", "tab", *"Sefton Council"], "Sefton Befriending", "Sefton Council"),
    ([*"Seftonn", "backspace", *" Befriending"], "Sefton Befriending", ""),
    ([*"Befriending", "home", *"Sefton "], "Sefton Befriending", ""),
    ([*"Seftonn", "backspace", "tab", *"Sefton Council"], "Sefton", "Sefton Council"),
])
def test_keys_typed_in_one_burst_are_handled_in_the_order_typed(
        kb: KnowledgeBase, tmp_path: Path, keys: list[str], title: str, buyer: str) -> None:
    """A fast typist on a slow machine: the whole burst is queued before any field has
    handled a key. The text after a Tab belongs to the next field, and Backspace or Home
    acts where it was typed, not after the letters that followed it (W1)."""
    app = build(kb, tmp_path / "data")

    async def script(pilot: Pilot[None]) -> None:
        svapp = _app(pilot)
        boxes = svapp.wizard.query_one("#title", Input), svapp.wizard.query_one("#buyer_name", Input)
        assert svapp.focused is boxes[0]
        await press_fast(pilot, keys, batch=1000)
        form = svapp.state.form
        await wait_until(pilot, lambda: (form.title, form.buyer_name) == (title, buyer))
        assert (boxes[0].value, boxes[1].value) == (title, buyer)
        assert svapp.focused is boxes[1 if buyer else 0]

    drive(app, script, size=(80, 24))


ORIGINAL_FOCUS_FIRST = Step._focus_first


@pytest.mark.parametrize(("step", "keys", "want"), [
    (4, ["shift+tab"], None),  # out of the step: the late focus must not pull the user back
    (8, ["home", "x"], "xsvauthor-pack"),  # the late focus must not throw the cursor to the end
])
def test_a_late_arrival_focus_never_undoes_keys_typed_before_it(
        kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: int,
        keys: list[str], want: str | None) -> None:
    """The step's second, deferred "focus the first field" waits for a refresh, which a loaded
    machine may give only after the user's next keys: hold it back until those keys have
    been handled, then let it run, as the race would (W1)."""
    held: list[Step] = []
    monkeypatch.setattr(Step, "_focus_first", lambda self: held.append(self))
    app = build(kb, tmp_path / "data", spec=load_spec(WIRRAL, kb))

    async def script(pilot: Pilot[None]) -> None:
        svapp = _app(pilot)
        await press_fast(pilot, [step_key(step)], batch=1)
        await wait_until(pilot, lambda: any(s.number == step for s in held))
        arrived = svapp.focused
        assert isinstance(arrived, Input | Widget)
        assert svapp.wizard.step(step) in arrived.ancestors
        await press_fast(pilot, keys, batch=1000)
        if want is None:
            await wait_until(pilot, lambda: svapp.focused is not arrived)
        else:
            assert isinstance(arrived, Input)
            await wait_until(pilot, lambda: arrived.value == want)
        moved_to = svapp.focused
        cursor = arrived.cursor_position if isinstance(arrived, Input) else 0
        for late in held:  # now the deferred arrival focus runs, after the user's keys
            ORIGINAL_FOCUS_FIRST(late)
        await settle(pilot)
        assert svapp.focused is moved_to
        if want is not None:
            assert isinstance(arrived, Input)
            assert (arrived.value, arrived.cursor_position) == (want, cursor) == (want, 1)

    drive(app, script, size=(100, 30))
