"""A monkey at the keyboard: thousands of random keys across every step never crash the app."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from textual.pilot import Pilot

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.specfile import load_spec
from svauthor.tui.app import SvauthorApp

from .conftest import EXAMPLES
from .test_tui_helpers import build, drive, goto, press_fast

# No ctrl+q (quit), ctrl+p (the palette can quit) or "/" (paths outside the test folder).
# Ctrl+T (theme) restyles every widget, so it is pressed once per burst cycle, not at random.
KEYS = (
    ["tab"] * 8 + ["shift+tab"] * 3 + ["up", "down", "left", "right"] * 3 + ["enter"] * 5
    + ["space"] * 3 + ["escape"] * 2 + ["backspace"] * 3
    + ["home", "end", "pageup", "pagedown", "delete"]
    + list("abcdefghijklmnopqrstuvwxyz") + list("0123456789") * 2 + ["£", ",", ".", "-", "%"]
    + ["i", "x", "c", "question_mark", "f1", "ctrl+s", "ctrl+n", "ctrl+b"]
    + [f"alt+{n}" for n in range(1, 9)]
)


# Four runs of 550 keys rather than two of 1,100: the same 2,200 keys, in pieces that pytest-xdist
# can share between cores.
@pytest.mark.parametrize("seed,start", [(20261127, "wirral"), (20261128, "wirral"), (1, "new"),
                                        (2, "new")])
def test_random_keys_across_all_steps_never_crash(seed: int, start: str, kb: KnowledgeBase,
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # anything saved or generated lands in the test folder
    spec = load_spec(EXAMPLES / "wirral-befriending.yaml", kb) if start == "wirral" else None
    app = build(kb, tmp_path / "data", spec=spec)
    rng = random.Random(seed)
    total = int(os.environ.get("SVAUTHOR_FUZZ_KEYS", "550"))  # 2,200 keys in all

    async def script(pilot: Pilot[None]) -> None:
        sent = 0
        while sent < total:
            if isinstance(pilot.app, SvauthorApp) and pilot.app.screen is pilot.app.wizard:
                await goto(pilot, rng.randint(1, 8))  # visit every step, not just the first
            burst = [rng.choice(KEYS) for _ in range(50)]
            if sent % 500 == 0:
                burst[rng.randrange(50)] = "ctrl+t"
            await press_fast(pilot, burst, batch=100)
            sent += len(burst)
            assert pilot.app.is_running
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.is_running

    drive(app, script)
