"""Autosaved drafts: one per tender, never lost (kill -9, Esc, Start fresh, a second window)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import yaml
from textual.pilot import Pilot
from textual.widgets import Button, OptionList

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.specfile import load_spec
from svauthor.tui.app import SvauthorApp
from svauthor.tui.dialogs.confirm import ConfirmDialog, ResumeDialog
from svauthor.tui.draft import DraftStore, load_draft
from svauthor.tui.form import FormState

from .conftest import EXAMPLES, ROOT
from .test_tui_helpers import (
    build,
    drive,
    goto,
    notifications,
    settle,
    text_of,
    type_into,
    wait_until,
)

CHILD = textwrap.dedent("""
    import asyncio, sys
    from pathlib import Path
    from svauthor.domain.knowledge import load_knowledge
    from tests.test_tui_helpers import build, goto, type_into

    data_dir = Path(sys.argv[1])

    async def main():
        app = build(load_knowledge(), data_dir)
        async with app.run_test(size=(100, 36)) as pilot:
            await pilot.pause()
            await type_into(pilot, "#title", "Knowsley Carers Breaks")
            await goto(pilot, 2)
            await type_into(pilot, "#value", "12abc")
            draft = app.draft_path
            for _ in range(200):
                if draft.exists() and "12abc" in draft.read_text(encoding="utf-8"):
                    break
                await asyncio.sleep(0.05)
            print("READY", flush=True)
            await asyncio.sleep(120)

    asyncio.run(main())
""")


def _app(pilot: Pilot[None]) -> SvauthorApp:
    assert isinstance(pilot.app, SvauthorApp)
    return pilot.app


def _offered(app: SvauthorApp) -> str:
    listing = app.screen.query_one("#drafts", OptionList)
    return "\n".join(str(option.prompt) for option in listing.options)


def _wirral_copy(tmp_path: Path, name: str = "wirral.yaml") -> Path:
    path = tmp_path / name
    path.write_text((EXAMPLES / "wirral-befriending.yaml").read_text(encoding="utf-8"),
                    encoding="utf-8")
    return path


def test_a_draft_survives_kill_9_and_is_resumed(kb: KnowledgeBase, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(data_dir)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert child.stdout is not None
        deadline = time.monotonic() + 60
        line = ""
        while time.monotonic() < deadline and "READY" not in line:
            line = child.stdout.readline()
            if not line and child.poll() is not None:
                break
        assert "READY" in line, child.stderr.read() if child.stderr else ""
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    assert list((data_dir / "drafts").glob("*.lock"))  # the dead window's lock is left behind

    app = build(kb, data_dir)

    async def script(pilot: Pilot[None]) -> None:
        svapp = _app(pilot)
        assert isinstance(svapp.screen, ResumeDialog)  # a dead window's lock does not hide it
        await pilot.press("enter")  # the first draft is highlighted
        await wait_until(pilot, lambda: svapp.screen is svapp.wizard)
        await settle(pilot)
        state = svapp.state
        assert state.form.title == "Knowsley Carers Breaks"
        assert state.form.value == "12abc"  # kept although it is not valid yet
        await goto(pilot, 2)
        assert svapp.wizard.query_one("#value").value == "12abc"  # type: ignore[attr-defined]
        assert "not an amount of money" in text_of(svapp, "#error-value")

    drive(app, script)


def test_start_fresh_and_escape_keep_the_draft(kb: KnowledgeBase, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    store = DraftStore(data_dir / "drafts")
    store.save("old1", FormState(title="Old idea", value="£9"), None)

    for how in ("#no", "escape"):
        app = build(kb, data_dir)

        async def script(pilot: Pilot[None], how: str = how) -> None:
            svapp = _app(pilot)
            assert isinstance(svapp.screen, ResumeDialog)
            if how == "escape":
                await pilot.press("escape")
            else:
                await pilot.click(how)
            await wait_until(pilot, lambda: not isinstance(svapp.screen, ResumeDialog))
            await settle(pilot)
            assert svapp.state.form.title == ""
            assert store.path_for("old1").exists()  # kept, and offered again next time
            assert svapp.draft_key != "old1"  # this window writes its own draft

        drive(app, script)
    assert load_draft(store.path_for("old1")).form.title == "Old idea"


def test_each_tender_has_its_own_draft(kb: KnowledgeBase, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    wirral, other = _wirral_copy(tmp_path), _wirral_copy(tmp_path, "sefton.yaml")
    store = DraftStore(data_dir / "drafts")
    store.save("w", FormState.from_spec(load_spec(wirral, kb)), wirral)
    store.save("s", FormState(title="Sefton draft"), other)
    draft = load_draft(store.path_for("w"))
    draft.form.title = "Wirral, edited"
    store.save("w", draft.form, wirral)

    app = build(kb, data_dir, spec=load_spec(wirral, kb), spec_path=wirral)

    async def opened(pilot: Pilot[None]) -> None:
        svapp = _app(pilot)
        assert isinstance(svapp.screen, ResumeDialog)
        assert "Sefton" not in _offered(svapp)  # only this file's draft is offered
        await pilot.press("enter")
        await wait_until(pilot, lambda: svapp.screen is svapp.wizard)
        assert svapp.state.form.title == "Wirral, edited" and svapp.draft_key == "w"
        await type_into(pilot, "#title", "Wirral, edited again")
        await wait_until(pilot, lambda: "again" in store.path_for("w").read_text("utf-8"))
        assert load_draft(store.path_for("s")).form.title == "Sefton draft"  # untouched

    drive(app, opened)

    app = build(kb, data_dir)

    async def blank(pilot: Pilot[None]) -> None:
        svapp = _app(pilot)
        assert isinstance(svapp.screen, ResumeDialog)
        listing = _offered(svapp)
        assert "Wirral, edited again" in listing and "Sefton draft" in listing  # a list

    drive(app, blank)


def test_a_second_window_never_writes_the_first_windows_draft(kb: KnowledgeBase,
                                                              tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    wirral = _wirral_copy(tmp_path)
    first = DraftStore(data_dir / "drafts")  # another window: same process id, own token
    first.lock("first", wirral)
    first.save("first", FormState(title="First window's work"), wirral)
    app = build(kb, data_dir, spec=load_spec(wirral, kb), spec_path=wirral)
    messages = notifications(app)

    async def script(pilot: Pilot[None]) -> None:
        svapp = _app(pilot)
        await settle(pilot)
        assert not isinstance(svapp.screen, ResumeDialog)  # its draft is in use: not offered
        assert any("also open in another svauthor window" in m for m in messages), messages
        await type_into(pilot, "#title", "Second window's work")
        await wait_until(pilot, svapp.draft_path.exists)
        assert svapp.draft_key != "first"
        assert load_draft(first.path_for("first")).form.title == "First window's work"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not svapp.draft_path.exists())
        assert first.path_for("first").exists()  # saving here never deletes the other's draft

    drive(app, script)


def test_every_edit_is_autosaved_and_saving_clears_the_draft(kb: KnowledgeBase,
                                                             tmp_path: Path) -> None:
    spec_path = _wirral_copy(tmp_path)
    app = build(kb, tmp_path / "data", spec=load_spec(spec_path, kb), spec_path=spec_path)

    async def script(pilot: Pilot[None]) -> None:
        svapp = _app(pilot)
        draft_path = svapp.draft_path
        assert not draft_path.exists()  # an unchanged, saved tender needs no draft
        await type_into(pilot, "#title", "Wirral Befriending")
        await wait_until(pilot, draft_path.exists)
        draft = load_draft(draft_path)
        assert draft.form.title == "Wirral Befriending"
        assert draft.spec_path == spec_path
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not draft_path.exists())
        assert load_spec(spec_path, kb).title == "Wirral Befriending"

    drive(app, script)


def test_an_invalid_form_is_not_saved_but_its_draft_is(kb: KnowledgeBase,
                                                       tmp_path: Path) -> None:
    app = build(kb, tmp_path / "data")

    async def script(pilot: Pilot[None]) -> None:
        svapp = _app(pilot)
        await type_into(pilot, "#title", "Half done")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert svapp.screen is svapp.wizard  # no save dialog for an invalid spec
        assert svapp.state.show_all  # every problem is now shown
        assert "Required" in text_of(svapp, "#error-buyer_name")
        await wait_until(pilot, svapp.draft_path.exists)
        assert load_draft(svapp.draft_path).form.title == "Half done"

    drive(app, script)


def test_a_draft_that_cannot_be_read_is_kept_aside_and_the_user_told(
        kb: KnowledgeBase, tmp_path: Path) -> None:
    folder = tmp_path / "data" / "drafts"
    folder.mkdir(parents=True)
    (folder / "broken.yaml").write_text("{{{ not yaml", encoding="utf-8")
    app = build(kb, tmp_path / "data")
    messages = notifications(app)

    async def script(pilot: Pilot[None]) -> None:
        svapp = _app(pilot)
        await settle(pilot)
        assert not isinstance(svapp.screen, ResumeDialog)
        kept = list((folder / "unreadable").glob("broken-*.yaml"))
        assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "{{{ not yaml"
        assert any(str(kept[0]) in m for m in messages), messages

    drive(app, script)
    odd = {"svauthor_draft": 1, "form": {"title": 5, "places": "x", "dates": {"award_notice": 7},
                                         "overrides": [1, {"measure": "NT1"}], "vcfse": "maybe"}}
    (folder / "odd.yaml").write_text(yaml.safe_dump(odd), encoding="utf-8")
    draft = load_draft(folder / "odd.yaml")
    assert draft.form.title == "5" and draft.form.places == [] and draft.form.vcfse == "infer"
    assert draft.form.overrides == [{"measure": "NT1"}]


def test_a_draft_that_cannot_be_written_stops_the_quit_until_the_user_chooses(
        kb: KnowledgeBase, tmp_path: Path) -> None:
    """An unwritable drafts folder (here a file where the folder should be, as root ignores
    permissions): the user is told once, and Ctrl+Q asks before losing the work."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "drafts").write_text("not a folder", encoding="utf-8")
    app = build(kb, data)

    async def script(pilot: Pilot[None]) -> None:
        svapp = _app(pilot)
        await type_into(pilot, "#title", "Unsaved work")
        await wait_until(pilot, lambda: svapp.draft_problem is not None)
        await type_into(pilot, "#title", "Unsaved work, more")
        await wait_until(pilot, lambda: svapp._autosave_timer is None)
        told = [n.message for n in svapp._notifications if "Could not autosave" in n.message]
        assert len(told) == 1 and "Ctrl+S" in told[0]  # once, not on every pause
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(svapp.screen, ConfirmDialog)
                         and getattr(svapp.focused, "id", None) in ("yes", "no"))
        svapp.screen.query_one("#no", Button).press()  # Stay
        await wait_until(pilot, lambda: svapp.screen is svapp.wizard)
        assert svapp.is_running and svapp.state.form.title == "Unsaved work, more"

    drive(app, script)


def test_an_edit_not_yet_autosaved_is_written_on_quit(kb: KnowledgeBase, tmp_path: Path) -> None:
    """Quitting before the autosave pause (or before the edit is even worked out) keeps it."""
    app = build(kb, tmp_path / "data", autosave_delay=3600)

    async def script(pilot: Pilot[None]) -> Path:
        svapp = _app(pilot)
        await type_into(pilot, "#title", "Typed just before quitting")
        assert not svapp.draft_path.exists()
        await pilot.press("ctrl+q")
        return svapp.draft_path

    draft_path = drive(app, script)
    assert load_draft(draft_path).form.title == "Typed just before quitting"
