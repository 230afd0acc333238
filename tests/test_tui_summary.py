"""Verdicts first: each step opens with what fails or warns, and every entry leads to its field."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.specfile import load_spec
from svauthor.tui.app import SvauthorApp
from svauthor.tui.state import first_sentence
from svauthor.tui.widgets.summary import ErrorSummary, ScrollPanel, SummaryLink

from .conftest import EXAMPLES
from .test_tui_helpers import build, drive, goto, press_fast, settle, type_into, wait_until

WORKED = EXAMPLES / "timetable-worked-example.yaml"


def _app(pilot: Pilot[None]) -> SvauthorApp:
    assert isinstance(pilot.app, SvauthorApp)
    return pilot.app


def _links(app: SvauthorApp, number: int) -> list[SummaryLink]:
    summary = app.wizard.step(number).query_one(ErrorSummary)
    return list(summary.query(SummaryLink).results(SummaryLink))


def test_the_summary_puts_fails_first_and_each_entry_leads_to_its_field(
        kb: KnowledgeBase, tmp_path: Path) -> None:
    """The worked example fails the VCFSE window and warns of a Sunday deadline: step 7 lists
    the fail first; Enter on the Sunday entry focuses the tender deadline; the last step lists
    every step's problems and its entries lead back to their step; a field typed wrong joins
    its step's summary at once."""
    app = build(kb, tmp_path / "data", spec=load_spec(WORKED, kb))

    async def script(pilot: Pilot[None]) -> None:
        svapp = _app(pilot)
        await goto(pilot, 7)
        await settle(pilot)
        links = _links(svapp, 7)
        severities = [link.problem.severity for link in links]
        assert severities[0] == "fail" and "warn" in severities
        assert severities == sorted(severities, key=["error", "fail", "warn"].index)
        sunday = next(link for link in links if "Sunday" in link.problem.text)
        assert sunday.problem.field == "tt_tender_deadline"
        # keyboard: Shift+Tab from the first field reaches the summary's last entry
        first = svapp.focused
        assert isinstance(first, Input) and first.id == "tt_planned_procurement_notice"
        await press_fast(pilot, ["shift+tab"], batch=1)
        assert svapp.focused is links[-1]
        sunday.focus()
        await settle(pilot)
        await press_fast(pilot, ["enter"], batch=1)
        await wait_until(pilot, lambda: getattr(svapp.focused, "id", "") == "tt_tender_deadline")

        await goto(pilot, 8)
        await settle(pilot)
        everything = _links(svapp, 8)
        assert everything[0].problem.severity == "fail"
        assert "Step 7: " in str(everything[0].render())
        assert {link.problem.step for link in everything} >= {1, 7}
        everything[0].focus()
        await settle(pilot)
        await press_fast(pilot, ["enter"], batch=1)
        await wait_until(pilot, lambda: svapp.wizard.current == 7)
        assert getattr(svapp.focused, "id", "") in ("tt_tender_deadline", "tt_tender_published",
                                                    "timetable-panel")

        await type_into(pilot, "#tt_award_notice", "31/02/2027")
        await settle(pilot)
        errors = [link for link in _links(svapp, 7) if link.problem.severity == "error"]
        assert [e.problem.field for e in errors] == ["tt_award_notice"]
        assert _links(svapp, 7)[0] is errors[0]  # a field to fix comes before every check

    drive(app, script)


def test_every_verdict_panel_takes_focus_and_scrolls_by_keyboard(kb: KnowledgeBase,
                                                                 tmp_path: Path) -> None:
    """At 80x24 the timetable checks overflow their panel: Tab reaches it and Page Down, End
    and Home scroll it."""
    app = build(kb, tmp_path / "data", spec=load_spec(WORKED, kb))

    async def script(pilot: Pilot[None]) -> None:
        svapp = _app(pilot)
        for number in (1, 2, 3, 4, 6, 7, 8):
            await goto(pilot, number)
            panels = list(svapp.wizard.step(number).query(ScrollPanel).results(ScrollPanel))
            assert panels, f"step {number} has no verdict panel"
            assert all(p.can_focus for p in panels)
        panel = svapp.wizard.step(7).query_one("#timetable-panel", ScrollPanel)
        await goto(pilot, 7)
        seen = []
        for _ in range(40):  # Tab, as a user would, until the panel
            if svapp.focused is panel:
                break
            seen.append(getattr(svapp.focused, "id", None))
            await press_fast(pilot, ["tab"], batch=1)
        assert svapp.focused is panel, seen
        await settle(pilot)
        assert panel.max_scroll_y > 0, "the checks should overflow at 80x24"
        await press_fast(pilot, ["pagedown"], batch=1)
        await wait_until(pilot, lambda: panel.scroll_y > 0)
        await press_fast(pilot, ["end"], batch=1)
        await wait_until(pilot, lambda: panel.scroll_y == panel.max_scroll_y)
        await press_fast(pilot, ["home"], batch=1)
        await wait_until(pilot, lambda: panel.scroll_y == 0)

    drive(app, script, size=(80, 24))


def test_first_sentence_keeps_dates_and_money_whole() -> None:
    assert first_sentence("At £600,000 (including VAT) it is above. Use the other.") == \
        "At £600,000 (including VAT) it is above."
    assert first_sentence("Open for 41 days (1 March 2027 to 11 April 2027); the minimum is 42. "
                          "Move it.") == \
        "Open for 41 days (1 March 2027 to 11 April 2027); the minimum is 42."
    assert first_sentence("No full stop here") == "No full stop here"
