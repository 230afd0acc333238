"""Textual 8.2.8 list widgets, guarded against one crash found by the random-key test.

Page Up/Down reaching an option list before its first layout (for example a Select pop-up
opened and paged in the same instant) raises KeyError inside OptionList._move_page. The guard
makes that key do nothing instead; remove it once Textual fixes the bug upstream.
"""

from __future__ import annotations

import contextlib
from typing import Any

from textual.app import ComposeResult
from textual.command import CommandInput, CommandList, CommandPalette, SearchIcon
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, LoadingIndicator, OptionList, Select, SelectionList
from textual.widgets._select import SelectCurrent, SelectOverlay


class SafePaging:
    """Mixin for OptionList subclasses: paging before layout is ignored, never a crash."""

    def _move_page(self, direction: Any) -> None:
        with contextlib.suppress(KeyError, IndexError):
            super()._move_page(direction)  # type: ignore[misc]


class SafeOptionList(SafePaging, OptionList):
    pass


class SafeSelectionList(SafePaging, SelectionList[str]):
    pass


class _SafeOverlay(SafePaging, SelectOverlay):
    pass


class SafeSelect(Select[Any]):
    """A Select whose pop-up list is guarded (see the module docstring)."""

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield _SafeOverlay(type_to_search=self._type_to_search).data_bind(compact=Select.compact)


class _SafeCommandList(SafePaging, CommandList):
    pass


class SafeCommandPalette(CommandPalette):
    """The command palette with its result list guarded: Ctrl+P then Page Down at once crashed
    Textual 8.2.8 (the newest release on 1 December 2026) with the same KeyError."""

    def compose(self) -> ComposeResult:
        with Vertical(id="--container"):
            with Horizontal(id="--input"):
                yield SearchIcon()
                yield CommandInput(placeholder=self._placeholder, select_on_focus=False)
                if not self.run_on_select:
                    yield Button("\u25b6")
            with Vertical(id="--results"):
                yield _SafeCommandList()
                yield LoadingIndicator()


def open_palette(app: Any) -> None:
    """The command palette with the paging guard: every svauthor app (the wizard, training,
    tracking) opens it this way, since Textual's own crashes on Ctrl+P then Page Down."""
    if app.use_command_palette and not CommandPalette.is_open(app):
        app.push_screen(SafeCommandPalette(id="--command-palette"))
