"""GOV.UK-style summaries: each step opens with what fails or warns, each entry a link to it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from svauthor.tui.state import Problem
from svauthor.tui.widgets.text import escape, set_text

MARKS = {"error": "[$error]✗[/]", "fail": "[$error]✗[/]", "warn": "[$warning]![/]"}


class SummaryLink(Static, can_focus=True):
    """One entry: Tab reaches it, Enter (or a click) goes to the field it names."""

    DEFAULT_CSS = """
    SummaryLink { height: auto; }
    SummaryLink:focus { background: $accent 30%; text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "follow", "Go to it", id="summary.follow",
                tooltip="Go to the field this entry is about"),
    ]

    @dataclass
    class Followed(Message):
        problem: Problem

    def __init__(self, problem: Problem, prefix: str = "") -> None:
        super().__init__(f"{MARKS[problem.severity]} {escape(prefix)}[u]{escape(problem.text)}[/u]")
        self.problem = problem

    def action_follow(self) -> None:
        self.post_message(self.Followed(self.problem))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_follow()


class ErrorSummary(VerticalScroll, can_focus=False):
    """The fails first, then the warnings; hidden when there is nothing to say. A long list
    scrolls inside its box (each entry scrolls into view as Tab reaches it), so the step's
    fields stay on screen."""

    DEFAULT_CSS = """
    ErrorSummary { height: auto; max-height: 40vh; border: heavy $error; padding: 0 1;
                   margin-bottom: 1; display: none; }
    ErrorSummary.-warnings { border: heavy $warning; }
    ErrorSummary.-shown { display: block; }
    ErrorSummary > .summary-title { text-style: bold; height: 1; }
    """

    def __init__(self, *, with_steps: bool = False, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._with_steps = with_steps
        self._shown: tuple[Problem, ...] | None = None

    def compose(self) -> ComposeResult:
        yield Static("", classes="summary-title")

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self._shown or ()

    def show(self, problems: list[Problem]) -> None:
        """Redraw when the list changes (edits arrive per key; most change nothing here)."""
        shown = tuple(problems)
        if shown == self._shown:
            return
        self._shown = shown
        serious = any(p.severity != "warn" for p in shown)
        self.set_class(bool(shown), "-shown")
        self.set_class(bool(shown) and not serious, "-warnings")
        set_text(self.query_one(".summary-title", Static),
                 "There is a problem" if serious else "Check before you go on")
        focused = self.app.focused
        refocus = focused.problem if isinstance(focused, SummaryLink) and focused in \
            self.children else None
        self.remove_children(SummaryLink)
        links = [SummaryLink(p, f"Step {p.step}: " if self._with_steps else "") for p in shown]
        if links:
            self.mount(*links)
        again = next((link for link in links if link.problem == refocus), None)
        if again is not None:  # the list changed under the user: stay on the same entry
            self.call_after_refresh(again.focus)
        elif focused is not None and focused.is_attached:
            # the summary grew or shrank above the field being edited: keep that field in view
            self.call_after_refresh(focused.scroll_visible, animate=False)


class ScrollPanel(VerticalScroll):
    """A panel that can overflow: Tab reaches it, and Up/Down, Page Up/Down, Home and End
    scroll it (a mouse wheel is not the only way to read a verdict)."""

    DEFAULT_CSS = """
    ScrollPanel { height: auto; max-height: 60vh; border: round $primary 50%; padding: 0 1; }
    ScrollPanel:focus { border: round $accent; }
    ScrollPanel > Static { height: auto; }
    """
