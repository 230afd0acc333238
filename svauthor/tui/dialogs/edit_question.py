"""Reword a question: the new wording and the reason both go into the spec."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, TextArea

from svauthor.tui.dialogs.base import DIALOG_CSS, FormDialog, Refused, reason_given
from svauthor.tui.widgets.textinput import TextInput

MIN_TEXT = 20
MAX_TEXT = 5000


class EditQuestionDialog(FormDialog[tuple[str, str] | None]):
    """Dismisses (wording, reason), or None when cancelled."""

    DEFAULT_CSS = DIALOG_CSS.format(name="EditQuestionDialog") + """
    EditQuestionDialog TextArea { height: 8; }
    """
    OK_LABEL = "Save wording"
    ERROR_ID = "edit-error"

    def __init__(self, title: str, text: str, reason: str = "") -> None:
        super().__init__()
        self._title, self._text, self._reason = title, text, reason

    def heading(self) -> str:
        return f"Reword: {self._title}"

    def fields(self) -> ComposeResult:
        yield TextArea(self._text, id="wording", soft_wrap=True, show_line_numbers=False)
        yield TextInput(self._reason, placeholder="Why the new wording (kept on file)",
                        id="edit-reason", max_length=2000)

    def answer(self) -> tuple[str, str]:
        text = self.query_one("#wording", TextArea).text.strip()
        if len(text) < MIN_TEXT:
            raise Refused(f"The question needs at least {MIN_TEXT} characters.")
        if len(text) > MAX_TEXT:
            raise Refused(f"The question is too long: at most {MAX_TEXT:,} characters.")
        return text, reason_given(self.query_one("#edit-reason", Input).value)
