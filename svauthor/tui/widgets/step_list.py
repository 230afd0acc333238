"""The sidebar listing the eight steps, each marked with what still needs attention."""

from __future__ import annotations

from textual.widgets import OptionList
from textual.widgets.option_list import Option

from svauthor.tui.widgets.safe import SafePaging

STATUS_MARKS = {"error": "[$error]✗[/]", "warn": "[$warning]![/]", "ok": "[$success]✓[/]", "": " "}


class StepList(SafePaging, OptionList):
    """One option per step; choosing one jumps to that step."""

    DEFAULT_CSS = """
    StepList { width: 22; height: 1fr; border: none; padding: 0; }
    """

    def __init__(self, titles: list[str], **kwargs: object) -> None:
        self._titles = titles
        self._statuses: dict[int, str] = {}
        super().__init__(*[Option(self._label(i, ""), id=f"step-{i}")
                           for i in range(1, len(titles) + 1)], **kwargs)  # type: ignore[arg-type]

    def _label(self, number: int, status: str) -> str:
        return f"{STATUS_MARKS[status]} {number} {self._titles[number - 1]}"

    def show(self, current: int, statuses: dict[int, str]) -> None:
        """Mark each step and highlight the current one."""
        if statuses != self._statuses:
            self._statuses = dict(statuses)
            self._relabel(statuses)
        if self.highlighted != current - 1:
            self.highlighted = current - 1

    def _relabel(self, statuses: dict[int, str]) -> None:
        for number in range(1, len(self._titles) + 1):
            self.replace_option_prompt_at_index(number - 1,
                                                self._label(number, statuses.get(number, "")))
