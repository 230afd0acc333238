"""Ask why the user is going against the rules' advice: the reason is kept in the spec."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Static

from svauthor.tui.dialogs.base import DIALOG_CSS, FormDialog, reason_given
from svauthor.tui.widgets.textinput import TextInput


class ReasonDialog(FormDialog[str | None]):
    """Ask for a reason; dismisses the reason, or None when cancelled."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ReasonDialog")
    OK_LABEL = "Record"
    ERROR_ID = "reason-error"

    def __init__(self, title: str, prompt: str, *, reason: str = "") -> None:
        super().__init__()
        self._title = title
        self._prompt = prompt
        self._reason = reason

    def heading(self) -> str:
        return self._title

    def fields(self) -> ComposeResult:
        yield Static(self._prompt, markup=False)
        yield TextInput(self._reason, placeholder="The reason, in a sentence", id="reason",
                        max_length=2000)

    def answer(self) -> str:
        return reason_given(self.query_one("#reason", Input).value)
