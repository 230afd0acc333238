"""A monkey at the keyboard: every kind of key, at random, on every step, never crashes the app."""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.specfile import load_spec
from svauthor.tui.app import SvauthorApp

from .conftest import EXAMPLES
from .test_tui_helpers import build, drive, goto, press_fast

# No ctrl+q (quit). The palette (Ctrl+P) is opened, paged and closed, never run blind (it can
# quit). "/" and "\\" are typed, but writing is confined to the test folder (see `_confined`).
# Ctrl+T (theme) restyles every widget, so it is pressed once per burst cycle, not at random.
KEYS = (
    ["tab"] * 8 + ["shift+tab"] * 3 + ["up", "down", "left", "right"] * 3 + ["enter"] * 5
    + ["space"] * 3 + ["escape"] * 2 + ["backspace"] * 3
    + ["home", "end", "pageup", "pagedown", "delete"]
    + list("abcdefghijklmnopqrstuvwxyz") + list("0123456789") * 2 + ["£", ",", ".", "-", "%"]
    + ["[", "]", "/", "\\", "[", "]"]
    + ["i", "x", "c", "question_mark", "f1", "ctrl+s", "ctrl+n", "ctrl+b"]
    + [f"alt+{n}" for n in range(1, 9)] + [f"f{n}" for n in range(2, 10)]
    + ["ctrl+pagedown", "ctrl+pageup", "ctrl+z", "ctrl+y", "ctrl+u"]
)
PALETTE = ["ctrl+p", "pagedown", "pagedown", "down", "pageup", "end", "escape"]
PASTES = ["[/]", "[b]bold[/b] \\[not markup]", "[red]£1,250,000", "a/b\\c [$accent]x[/]",
          "line one\nline two", "2027-03-01"]


def _confined(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Saving and writing packs outside the test folder fails as a full disk would."""
    import svauthor.docs
    import svauthor.tui.app

    def inside(path: Path) -> None:
        if not path.resolve().is_relative_to(folder.resolve()):
            raise OSError(13, "Permission denied (outside the test folder)")

    real_pack = svauthor.docs.build_pack
    real_save = svauthor.tui.app.save_spec  # type: ignore[attr-defined]

    def build_pack(assessment: Any, out_dir: Path, **kwargs: Any) -> Any:
        inside(out_dir)
        return real_pack(assessment, out_dir, **kwargs)

    def save_spec(spec: Any, path: Path, **kwargs: Any) -> None:
        inside(path)
        real_save(spec, path, **kwargs)

    monkeypatch.setattr(svauthor.docs, "build_pack", build_pack)
    monkeypatch.setattr(svauthor.tui.app, "save_spec", save_spec)


def _plan(rng: random.Random, total: int) -> list[tuple[int, list[str]]]:
    """Every step in a random order, each with a burst of keys; every key kind at least once.

    The keys are KEYS shuffled, once for each whole pass that fits in `total` (so each kind is
    pressed in every pass), then random extras up to `total`; the steps come round again in a
    new order as long as there are keys (a longer run: SVAUTHOR_FUZZ_KEYS).
    """
    keys: list[str] = []
    for _ in range(total // len(KEYS)):
        keys += rng.sample(KEYS, len(KEYS))
    keys += [rng.choice(KEYS) for _ in range(total - len(keys))]
    size = min(50, -(-len(keys) // STEPS))  # each step at least once
    bursts = [keys[i:i + size] for i in range(0, len(keys), size)]
    order: list[int] = []
    while len(order) < len(bursts):
        order += rng.sample(range(1, STEPS + 1), STEPS)
    return list(zip(order, bursts, strict=False))


STEPS = 8


# Two runs, one from a full tender and one from a blank one, each pressing every kind of key
# and visiting every step, in random orders: between them every key kind is pressed twice and
# every step visited twice, from two different states. (Each step visit costs a third of a
# second of CPU in re-layout alone; a longer run: SVAUTHOR_FUZZ_KEYS.)
@pytest.mark.parametrize("seed,start", [(20261127, "wirral"), (1, "new")])
def test_random_keys_across_all_steps_never_crash(seed: int, start: str, kb: KnowledgeBase,
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # anything saved or generated lands in the test folder
    _confined(monkeypatch, tmp_path)
    spec = load_spec(EXAMPLES / "wirral-befriending.yaml", kb) if start == "wirral" else None
    app = build(kb, tmp_path / "data", spec=spec)
    rng = random.Random(seed)
    total = max(len(KEYS), int(os.environ.get("SVAUTHOR_FUZZ_KEYS", "0")))
    plan = _plan(rng, total)
    theme_at, palette_at = rng.randrange(len(plan)), rng.randrange(len(plan))

    async def back_to_the_wizard(pilot: Pilot[None]) -> bool:
        """Close whatever the last burst opened (help, palette, a dialog), as a user would."""
        for _ in range(5):
            if isinstance(pilot.app, SvauthorApp) and pilot.app.screen is pilot.app.wizard:
                return True
            await press_fast(pilot, ["escape"], batch=1)
        return isinstance(pilot.app, SvauthorApp) and pilot.app.screen is pilot.app.wizard

    async def script(pilot: Pilot[None]) -> set[int]:
        visited: set[int] = set()
        for i, (step, burst) in enumerate(plan):
            if await back_to_the_wizard(pilot):
                await goto(pilot, step)  # visit every step, not just the first
                visited.add(step)
            if i == theme_at:  # Ctrl+T restyles every widget: once per run, not at random
                burst = [*burst, "ctrl+t"]
            await press_fast(pilot, burst, batch=100)
            focused = pilot.app.focused
            if focused is not None:  # paste, as a terminal's bracketed paste delivers it
                focused.post_message(events.Paste(rng.choice(PASTES)))
            if i == palette_at:
                await press_fast(pilot, PALETTE, batch=100)
            assert pilot.app.is_running
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.is_running
        return visited

    assert drive(app, script) == set(range(1, STEPS + 1))  # the keys reached every step
