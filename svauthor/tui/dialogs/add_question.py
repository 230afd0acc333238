"""Ask a bank question the rules did not choose: pick it, and say why (kept on the record)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from svauthor.tui.dialogs.base import DIALOG_CSS, FormDialog, Refused, reason_given
from svauthor.tui.widgets.safe import SafeOptionList
from svauthor.tui.widgets.textinput import TextInput


class AddQuestionDialog(FormDialog[tuple[str, str] | None]):
    """Dismisses (question id, reason), or None when cancelled."""

    DEFAULT_CSS = DIALOG_CSS.format(name="AddQuestionDialog") + """
    AddQuestionDialog OptionList { height: auto; max-height: 10; margin-bottom: 1; }
    """
    OK_LABEL = "Add the question"
    ERROR_ID = "add-error"

    def __init__(self, choices: list[tuple[str, str]]) -> None:
        """`choices`: (question id, title) of the bank questions not asked now."""
        super().__init__()
        self._choices = choices

    def heading(self) -> str:
        return "Add a question from the bank"

    def fields(self) -> ComposeResult:
        yield Static("Pick the question (arrows), then say why it should be asked: your "
                     "reason goes on the decision record.", markup=False)
        yield SafeOptionList(*[Option(Content(title), id=qid)
                               for qid, title in self._choices], id="bank")
        yield TextInput(placeholder="Why ask it, in a sentence", id="add-reason",
                        max_length=2000)

    def on_mount(self) -> None:
        listing = self.query_one("#bank", OptionList)
        if self._choices:
            listing.highlighted = 0
        listing.focus()

    @on(OptionList.OptionSelected, "#bank")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#add-reason", Input).focus()

    def answer(self) -> tuple[str, str]:
        index = self.query_one("#bank", OptionList).highlighted
        if index is None or not self._choices:
            raise Refused("Every question in the bank is asked already.")
        return self._choices[index][0], reason_given(self.query_one("#add-reason", Input).value)
