"""Ask why the user is going against the rules' advice: the reason is kept in the spec."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from svauthor.tui.dialogs.base import DIALOG_CSS, Dialog
from svauthor.tui.widgets.textinput import TextInput

MIN_REASON = 3


class ReasonDialog(Dialog[str | None]):
    """Ask for a reason; dismisses the reason, or None when cancelled."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ReasonDialog")

    def __init__(self, title: str, prompt: str, *, reason: str = "") -> None:
        super().__init__()
        self._title = title
        self._prompt = prompt
        self._reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="dialog-title")
            yield Static(self._prompt, markup=False)
            yield TextInput(self._reason, placeholder="The reason, in a sentence", id="reason",
                        max_length=2000)
            yield Static("", classes="dialog-error", id="reason-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Record", variant="primary", id="ok")

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#ok")
    @on(Input.Submitted, "#reason")
    def _ok(self) -> None:
        reason = self.query_one("#reason", Input).value.strip()
        if len(reason) < MIN_REASON:
            self.query_one("#reason-error", Static).update(
                "Give a reason of at least three characters: it goes on the decision record.")
            return
        self.dismiss(reason)
