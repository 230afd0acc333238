"""Autosaved drafts: half-typed work survives a killed process and is offered back at start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from textual.pilot import Pilot

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.specfile import load_spec
from svauthor.tui.app import SvauthorApp
from svauthor.tui.dialogs.confirm import ResumeDialog
from svauthor.tui.draft import load_draft, save_draft
from svauthor.tui.form import FormState

from .conftest import EXAMPLES, ROOT
from .test_tui_helpers import build, drive, goto, settle, text_of, type_into, wait_until

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
            draft = app.settings.draft_path
            for _ in range(200):
                if draft.exists() and "12abc" in draft.read_text(encoding="utf-8"):
                    break
                await asyncio.sleep(0.05)
            print("READY", flush=True)
            await asyncio.sleep(120)

    asyncio.run(main())
""")


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

    app = build(kb, data_dir)

    async def script(pilot: Pilot[None]) -> None:
        assert isinstance(pilot.app, SvauthorApp)
        assert isinstance(pilot.app.screen, ResumeDialog)
        await pilot.press("enter")  # "Resume" has the focus
        await wait_until(pilot, lambda: pilot.app.screen is pilot.app.wizard)  # type: ignore[attr-defined]
        await settle(pilot)
        state = pilot.app.state
        assert state.form.title == "Knowsley Carers Breaks"
        assert state.form.value == "12abc"  # kept although it is not valid yet
        await goto(pilot, 2)
        assert pilot.app.wizard.query_one("#value").value == "12abc"  # type: ignore[attr-defined]
        assert "not an amount of money" in text_of(pilot.app, "#error-value")

    drive(app, script)


def test_start_fresh_discards_the_draft(kb: KnowledgeBase, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    app = build(kb, data_dir)
    save_draft(app.settings.draft_path, FormState(title="Old idea", value="£9"), None)

    async def script(pilot: Pilot[None]) -> None:
        assert isinstance(pilot.app, SvauthorApp)
        assert isinstance(pilot.app.screen, ResumeDialog)
        await pilot.click("#no")
        await wait_until(pilot, lambda: not isinstance(pilot.app.screen, ResumeDialog))
        await settle(pilot)
        assert pilot.app.state.form.title == ""
        assert not pilot.app.settings.draft_path.exists()

    drive(app, script)


def test_every_edit_is_autosaved_and_saving_clears_the_draft(kb: KnowledgeBase,
                                                             tmp_path: Path) -> None:
    spec_path = tmp_path / "wirral.yaml"
    spec_path.write_text((EXAMPLES / "wirral-befriending.yaml").read_text(encoding="utf-8"),
                         encoding="utf-8")
    app = build(kb, tmp_path / "data", spec=load_spec(spec_path, kb), spec_path=spec_path)

    async def script(pilot: Pilot[None]) -> None:
        assert isinstance(pilot.app, SvauthorApp)
        draft_path = pilot.app.settings.draft_path
        assert not draft_path.exists()  # an unchanged, saved tender needs no draft
        await type_into(pilot, "#title", "Wirral Befriending")
        await wait_until(pilot, draft_path.exists)
        draft = load_draft(draft_path)
        assert draft is not None and draft.form.title == "Wirral Befriending"
        assert draft.spec_path == spec_path
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not draft_path.exists())
        assert load_spec(spec_path, kb).title == "Wirral Befriending"

    drive(app, script)


def test_an_invalid_form_is_not_saved_but_its_draft_is(kb: KnowledgeBase, tmp_path: Path,
                                                       monkeypatch: object) -> None:
    app = build(kb, tmp_path / "data")

    async def script(pilot: Pilot[None]) -> None:
        assert isinstance(pilot.app, SvauthorApp)
        await type_into(pilot, "#title", "Half done")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is pilot.app.wizard  # no save dialog for an invalid spec
        assert pilot.app.state.show_all  # every problem is now shown
        assert "Required" in text_of(pilot.app, "#error-buyer_name")
        await wait_until(pilot, pilot.app.settings.draft_path.exists)
        draft = load_draft(pilot.app.settings.draft_path)
        assert draft is not None and draft.form.title == "Half done"

    drive(app, script)


def test_a_corrupt_draft_is_ignored(kb: KnowledgeBase, tmp_path: Path) -> None:
    app = build(kb, tmp_path / "data")
    app.settings.draft_path.parent.mkdir(parents=True)
    app.settings.draft_path.write_text("{{{ not yaml", encoding="utf-8")

    async def script(pilot: Pilot[None]) -> None:
        assert not isinstance(pilot.app.screen, ResumeDialog)

    drive(app, script)
    odd = {"svauthor_draft": 1, "form": {"title": 5, "places": "x", "dates": {"award_notice": 7},
                                         "overrides": [1, {"measure": "NT1"}], "vcfse": "maybe"}}
    import yaml
    app.settings.draft_path.write_text(yaml.safe_dump(odd), encoding="utf-8")
    draft = load_draft(app.settings.draft_path)
    assert draft is not None
    assert draft.form.title == "5" and draft.form.places == [] and draft.form.vcfse == "infer"
    assert draft.form.overrides == [{"measure": "NT1"}]
