"""Pass/warn/fail verdicts and decision reasons, rendered as theme-aware text."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widgets import Static

from svauthor.domain.results import Check, Reason
from svauthor.labels import VERDICT_MARKS
from svauthor.tui.widgets.text import escape, set_text

_LOOK = {"pass": ("$success", "✓"), "warn": ("$warning", "!"), "fail": ("$error", "✗")}
MARKS = {status: f"[{_LOOK[status][0]}]{_LOOK[status][1]} {word}[/]"
         for status, word in VERDICT_MARKS.items()}


def checks_markup(checks: Iterable[Check], *, sources: bool = True) -> str:
    lines = []
    for c in checks:
        lines.append(f"{MARKS[c.status]} {escape(c.message)}")
        if sources:
            lines.append(f"   [dim]{escape(c.source)}[/]")  # the source, not the rule id
    return "\n".join(lines) or "[dim]No checks to show yet.[/]"


def reasons_markup(reasons: Iterable[Reason]) -> str:
    lines = []
    for r in reasons:
        lines.append(f"• {escape(r.why)}")
        lines.append(f"  [dim]{escape(r.source)}[/]")
    return "\n".join(lines) or "[dim]No reasons recorded.[/]"


class CheckList(Static):
    """A list of checks, each with its verdict, message and source (rule ids stay in the
    decision record and `svauthor check -v`: plain English on screen)."""

    DEFAULT_CSS = "CheckList { height: auto; }"

    def show(self, checks: Iterable[Check], *, sources: bool = True) -> None:
        set_text(self, checks_markup(checks, sources=sources))
