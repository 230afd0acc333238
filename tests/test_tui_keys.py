"""Keys as a commissioner uses them: typing lands in the field on show, never jumps or replaces."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.specfile import load_spec
from svauthor.tui.app import SvauthorApp
from svauthor.tui.steps import STEPS

from .conftest import EXAMPLES
from .test_tui_helpers import build, drive, goto, press_fast, settle, wait_until

WIRRAL = EXAMPLES / "wirral-befriending.yaml"
BARE_KEYS = ["1", "3", "8", "i", "x", "c", "q", "?", "[", "]", "/", "\\"]


def _app(pilot: Pilot[None]) -> SvauthorApp:
    assert isinstance(pilot.app, SvauthorApp)
    return pilot.app


def test_arriving_at_a_step_focuses_its_first_field_and_bare_keys_type_text_never_jump(
        kb: KnowledgeBase, tmp_path: Path) -> None:
    """On every step, first visit and return: the first field has the focus, cursor at the end
    and nothing selected; digits, i/x/c, q, ? and brackets typed into the step's first text box
    are text (never a step jump, a shortcut or a replacement) and Ctrl+Z undoes them. One app
    for both stories: each step visit costs a third of a second of re-layout."""
    app = build(kb, tmp_path / "data", spec=load_spec(WIRRAL, kb))

    async def arrive(pilot: Pilot[None], number: int) -> None:
        svapp = _app(pilot)
        await goto(pilot, number)
        await settle(pilot)
        focused = svapp.focused
        assert focused is not None, f"step {number}: nothing has focus"
        assert svapp.wizard.step(number) in focused.ancestors, f"step {number}"
        if isinstance(focused, Input):
            assert focused.selection.is_empty, f"step {number}: text selected"
            assert focused.cursor_position == len(focused.value), f"step {number}"

    async def bare_keys(pilot: Pilot[None], number: int) -> None:
        svapp = _app(pilot)
        wizard = svapp.wizard
        boxes = [w for w in wizard.step(number).query(Input) if w.display]
        for box in boxes[:1]:  # the first box of each step: the one a jump key would hit
            box.focus()
            await settle(pilot)
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
