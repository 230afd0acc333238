"""SVG snapshots of every step. Volatile things are off: fixed clock, no blink, no animation.

Regenerate after a deliberate change with `pytest tests/test_tui_snapshots.py --snapshot-update`
and look at the report before committing the new SVGs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.specfile import load_spec
from svauthor.tui.draft import DraftStore
from svauthor.tui.form import FormState
from svauthor.tui.screens.help import HelpScreen
from svauthor.tui.widgets.summary import ErrorSummary, SummaryLink

from .conftest import EXAMPLES
from .test_tui_helpers import build, goto, press_fast, settle, type_into, wait_until

WIRRAL = EXAMPLES / "wirral-befriending.yaml"
SnapCompare = Callable[..., bool]
RunBefore = Callable[[Pilot[None]], Awaitable[None]]


async def steady(pilot: Pilot[None], timeout: float = 20) -> None:
    """Wait until the screen stops changing: three pictures in a row the same.

    A loaded CI machine can deliver a late mount, scroll or title update after the last
    condition a test waits for; the snapshot must be of the settled screen, never a frame
    caught half-way.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    last, same = "", 0
    while same < 3:
        if loop.time() > deadline:
            raise AssertionError("the screen never settled")
        await pilot.pause(0.05)
        picture = pilot.app.export_screenshot()
        same = same + 1 if picture == last else 0
        last = picture


@pytest.fixture
def snapshot(snap_compare: SnapCompare) -> SnapCompare:
    """`snap_compare` that always photographs the settled screen (see `steady`)."""
    def compare(app: Any, *, run_before: RunBefore | None = None, **kwargs: Any) -> bool:
        async def then_steady(pilot: Pilot[None]) -> None:
            if run_before is not None:
                await run_before(pilot)
            await steady(pilot)

        return snap_compare(app, run_before=then_steady, **kwargs)

    return compare


def wirral_app(kb: KnowledgeBase, tmp_path: Path, **settings: Any) -> Any:
    # A relative spec path keeps the machine's folders out of the picture.
    return build(kb, tmp_path / "data", spec=load_spec(WIRRAL, kb),
                 spec_path=Path("examples/wirral-befriending.yaml"), **settings)


@pytest.mark.parametrize("step", range(1, 9))
def test_each_step_of_the_wirral_tender(step: int, kb: KnowledgeBase, tmp_path: Path,
                                        snapshot: SnapCompare) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await goto(pilot, step)
        await settle(pilot)

    assert snapshot(wirral_app(kb, tmp_path), terminal_size=(100, 36), run_before=run_before)


def test_a_new_tender_at_80_by_24(kb: KnowledgeBase, tmp_path: Path,
                                  snapshot: SnapCompare) -> None:
    assert snapshot(build(kb, tmp_path / "data"), terminal_size=(80, 24))


def test_an_invalid_value_at_80_by_24(kb: KnowledgeBase, tmp_path: Path,
                                      snapshot: SnapCompare) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await goto(pilot, 2)
        await type_into(pilot, "#value", "abc")
        summary = pilot.app.screen.query_one("#summary-step-2", ErrorSummary)
        # the summary lists the field once the edit is worked out; its entry mounts a turn later
        await wait_until(pilot, lambda: any(p.field == "value" for p in summary.problems)
                         and len(summary.query(SummaryLink)) == len(summary.problems))
        await settle(pilot)

    assert snapshot(wirral_app(kb, tmp_path), terminal_size=(80, 24), run_before=run_before)


def test_the_reason_dialog_for_an_exclusion(kb: KnowledgeBase, tmp_path: Path,
                                            snapshot: SnapCompare) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await goto(pilot, 5)
        pilot.app.wizard.query_one("#measures-table").focus()  # type: ignore[attr-defined]
        await settle(pilot)
        await press_fast(pilot, ["x"], batch=1)
        await press_fast(pilot, "Already funded by the council", batch=1000)

    assert snapshot(wirral_app(kb, tmp_path), terminal_size=(100, 36), run_before=run_before)


def test_the_help_screen_in_the_light_theme(kb: KnowledgeBase, tmp_path: Path,
                                            snapshot: SnapCompare) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        pilot.app.push_screen(HelpScreen())
        await settle(pilot)

    app = wirral_app(kb, tmp_path, theme="textual-light")
    assert snapshot(app, terminal_size=(100, 36), run_before=run_before)


def test_the_offer_to_resume_a_draft(kb: KnowledgeBase, tmp_path: Path,
                                     snapshot: SnapCompare) -> None:
    app = build(kb, tmp_path / "data")
    DraftStore(app.settings.drafts_dir).save("sefton", FormState(title="Sefton Youth Mentoring"),
                                             None, saved_at=datetime(2026, 11, 26, 16, 5))
    assert snapshot(app, terminal_size=(80, 24))
