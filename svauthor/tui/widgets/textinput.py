"""A text box that never selects its text on arrival and can undo (Ctrl+Z) and redo (Ctrl+Y).

Textual's Input selects everything when focused, so the next key replaced a whole title; and
it has no undo, so the autosave kept the damage. Every text box in the app is this one.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.events import Blur, Focus
from textual.widgets import Input

_HISTORY_LIMIT = 200


class TextInput(Input):
    """An Input with undo history; arriving puts the cursor at the end with nothing selected."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+z", "undo", "Undo", show=False, id="input.undo",
                tooltip="Undo the last change to this box"),
        Binding("ctrl+y", "redo", "Redo", show=False, id="input.redo",
                tooltip="Redo what Ctrl+Z undid"),
    ]

    def __init__(self, value: str | None = None, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        self._undo: list[str] = []
        self._redo: list[str] = []
        self._restoring = True  # the starting value is not an edit
        self._typing = False  # the last change added one character: undo takes words at once
        super().__init__(value, *args, **kwargs)
        self._restoring = False

    def watch_value(self, old: str, new: str) -> None:
        if self._restoring or old == new:
            return
        typed = new.startswith(old) and len(new) == len(old) + 1 and not new[-1].isspace()
        if not (typed and self._typing and self._undo):
            self._undo.append(old)
            del self._undo[:-_HISTORY_LIMIT]
        self._typing = typed
        self._redo.clear()

    def _restore(self, value: str) -> None:
        self._restoring = True
        try:
            self.value = value
        finally:
            self._restoring = False
        self._typing = False
        self.cursor_position = len(value)

    def action_undo(self) -> None:
        if self._undo:
            self._redo.append(self.value)
            self._restore(self._undo.pop())

    def action_redo(self) -> None:
        if self._redo:
            self._undo.append(self.value)
            self._restore(self._redo.pop())

    def _on_blur(self, event: Blur) -> None:
        super()._on_blur(event)
        self._typing = False  # what is typed on a later visit is undone separately

    def _on_focus(self, event: Focus) -> None:
        super()._on_focus(event)
        if not self.select_on_focus:
            self.cursor_position = len(self.value)  # at the end, nothing selected
