"""Reword a question: the new wording and the reason both go into the spec."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static, TextArea

from svauthor.tui.dialogs.base import DIALOG_CSS, Dialog
from svauthor.tui.widgets.textinput import TextInput

MAX_TEXT = 5000


class EditQuestionDialog(Dialog[tuple[str, str] | None]):
    """Dismisses (wording, reason), or None when cancelled."""

    DEFAULT_CSS = DIALOG_CSS.format(name="EditQuestionDialog") + """
    EditQuestionDialog TextArea { height: 8; }
    """

    def __init__(self, title: str, text: str, reason: str = "") -> None:
        super().__init__()
        self._title, self._text, self._reason = title, text, reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Reword: {self._title}", classes="dialog-title", markup=False)
            yield TextArea(self._text, id="wording", soft_wrap=True, show_line_numbers=False)
            yield TextInput(self._reason, placeholder="Why the new wording (kept on file)",
                        id="edit-reason", max_length=2000)
            yield Static("", classes="dialog-error", id="edit-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save wording", variant="primary", id="ok")

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#ok")
    @on(Input.Submitted, "#edit-reason")
    def _ok(self) -> None:
        text = self.query_one("#wording", TextArea).text.strip()
        reason = self.query_one("#edit-reason", Input).value.strip()
        error = self.query_one("#edit-error", Static)
        if len(text) < 20:
            error.update("The question needs at least 20 characters.")
        elif len(text) > MAX_TEXT:
            error.update(f"The question is too long: at most {MAX_TEXT:,} characters.")
        elif len(reason) < 3:
            error.update("Give a reason of at least three characters: it goes on the record.")
        else:
            self.dismiss((text, reason))
