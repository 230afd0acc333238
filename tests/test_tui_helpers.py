"""Helpers for the TUI tests (no tests here): build the app the one way, drive it, read it."""

from __future__ import annotations

import asyncio
import unicodedata
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.spec import TenderSpec
from svauthor.tui.app import SvauthorApp, make_app
from svauthor.tui.settings import AppSettings

from .conftest import TODAY

T = TypeVar("T")
SIZE = (100, 36)


def build(kb: KnowledgeBase, data_dir: Path, spec: TenderSpec | None = None,
          spec_path: Path | None = None, **settings: Any) -> SvauthorApp:
    return make_app(AppSettings.for_tests(data_dir, **settings), kb, lambda: TODAY, spec=spec,
                    spec_path=spec_path)


def drive(app: SvauthorApp, script: Callable[[Pilot[None]], Awaitable[T]],
          size: tuple[int, int] = SIZE) -> T:
    """Run `script` against the app in a headless terminal; an app crash fails the test."""

    async def main() -> T:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            return await script(pilot)

    return asyncio.run(main())


def notifications(app: SvauthorApp) -> list[str]:
    """Every message `app` notifies from now on (call before it runs). The app's own list drops
    a notification when its timeout passes, which a test on a loaded machine can outlast."""
    seen: list[str] = []
    real = app.notify

    def notify(message: str, *args: Any, **kwargs: Any) -> None:
        seen.append(str(message))
        real(message, *args, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return seen


async def goto(pilot: Pilot[None], number: int) -> None:
    """Go to a step as its F-key does: mounted and focused before the test goes on (a bare
    `goto` leaves the focus to a later refresh, which a loaded machine may give late)."""
    await pilot.app.wizard.action_goto(number)  # type: ignore[attr-defined]
    await pilot.pause()


async def type_into(pilot: Pilot[None], selector: str, text: str) -> None:
    """Focus an input, clear it and type `text` key by key, as a user would."""
    widget = pilot.app.screen.query_one(selector, Input)
    widget.focus()
    await pilot.pause()
    await press_fast(pilot, ["end", "ctrl+u"], batch=1)  # actions: let each one finish
    await press_fast(pilot, text, batch=1000)
    # On a loaded machine the queued keys may still be arriving: wait for the whole text, so a
    # following Enter never submits half a word.
    await wait_until(pilot, lambda: widget.value == text[: widget.max_length or None])


async def choose(pilot: Pilot[None], selector: str, value: object) -> None:
    """Pick a value in a Select (its Changed message flows through the normal handlers)."""
    pilot.app.screen.query_one(selector, Select).value = value
    await pilot.pause()


def text_of(app: SvauthorApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def key_event(key: str) -> events.Key:
    """A Key event as a terminal would send it (mirrors Pilot.press without its waits)."""
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    original = key
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char: str | None = unicodedata.lookup(
            _get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    if char is None and len(original) == 1:
        char = original
    return events.Key(key, char)


async def press_fast(pilot: Pilot[None], keys: Iterable[str], *, batch: int = 25) -> None:
    """Send many keys quickly: queue a batch of key events, then let the app settle."""
    app = pilot.app
    for i, key in enumerate(keys, 1):
        event = key_event(key)
        event.set_sender(app)
        app.post_message(event)
        if i % batch == 0:
            await settle(pilot)
    await settle(pilot)


async def wait_until(pilot: Pilot[None], check: Callable[[], object], timeout: float = 10) -> None:
    """Pause until `check()` is true: a loaded machine may need more than one pause."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {check}")
        await pilot.pause(0.02)


def _busy(app: App[Any]) -> list[MessagePump]:
    """The app and the widgets of its screen that still hold work: a queued message or a
    callback. Reads Textual's private queues (Textual is pinned in constraints.txt)."""
    return [node for node in (app, *app.screen.walk_children(with_self=True))
            if not node._message_queue.empty() or node._next_callbacks]


async def _drain(busy: list[MessagePump]) -> None:
    """Wait until every node in `busy` has handled what it held when called (as Pilot.pause
    does for every widget on the screen, busy or not)."""
    left = 0
    done = asyncio.Event()

    def one_done() -> None:
        nonlocal left
        left -= 1
        if left == 0:
            done.set()

    for node in busy:
        if node.call_later(one_done):
            left += 1
    if left:
        await asyncio.wait_for(done.wait(), timeout=30)


async def settle(pilot: Pilot[None], rounds: int = 8) -> None:
    """Let queued messages (key -> change -> edit -> redraw) all be handled.

    Pilot.pause queues a callback on every widget of the screen, busy or idle, and redraws the
    screen (a few hundredths of a second with all eight steps mounted). settle waits only on
    the nodes that hold work, redraws only when a callback waits for a redraw, and goes round
    until nothing is left (at most `rounds` times). One full pause ends it, so a settled app
    has been through everything Pilot.pause guarantees. Against three full pauses this took a
    quarter off the CPU time of the wizard's Pilot tests (58 s to 43 s for four files, serial)."""
    app = pilot.app
    for _ in range(rounds):
        busy = _busy(app)
        if not busy and not app.screen._callbacks:
            break
        await _drain(busy)
        await asyncio.sleep(0)
        if app.screen._callbacks:  # run what waits for a refresh (call_after_refresh)
            app.screen._on_timer_update()
    await pilot.pause()


def docx_text(path: Path) -> str:
    """All the text of a Word document: paragraphs, tables, headers and footers."""
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
        parts += [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)
