"""Ask a bank question the rules did not choose: pick it, and say why (kept on the record)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from svauthor.tui.dialogs.base import DIALOG_CSS, Dialog
from svauthor.tui.dialogs.reason import MIN_REASON
from svauthor.tui.widgets.safe import SafeOptionList
from svauthor.tui.widgets.textinput import TextInput


class AddQuestionDialog(Dialog[tuple[str, str] | None]):
    """Dismisses (question id, reason), or None when cancelled."""

    DEFAULT_CSS = DIALOG_CSS.format(name="AddQuestionDialog") + """
    AddQuestionDialog OptionList { height: auto; max-height: 10; margin-bottom: 1; }
    """

    def __init__(self, choices: list[tuple[str, str]]) -> None:
        """`choices`: (question id, title) of the bank questions not asked now."""
        super().__init__()
        self._choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Add a question from the bank", classes="dialog-title")
            yield Static("Pick the question (arrows), then say why it should be asked: your "
                         "reason goes on the decision record.", markup=False)
            yield SafeOptionList(*[Option(Content(title), id=qid)
                                   for qid, title in self._choices], id="bank")
            yield TextInput(placeholder="Why ask it, in a sentence", id="add-reason",
                            max_length=2000)
            yield Static("", classes="dialog-error", id="add-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Add the question", variant="primary", id="ok")

    def on_mount(self) -> None:
        listing = self.query_one("#bank", OptionList)
        if self._choices:
            listing.highlighted = 0
        listing.focus()

    @on(OptionList.OptionSelected, "#bank")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#add-reason", Input).focus()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#ok")
    @on(Input.Submitted, "#add-reason")
    def _ok(self) -> None:
        index = self.query_one("#bank", OptionList).highlighted
        reason = self.query_one("#add-reason", Input).value.strip()
        error = self.query_one("#add-error", Static)
        if index is None or not self._choices:
            error.update("Every question in the bank is asked already.")
        elif len(reason) < MIN_REASON:
            error.update("Give a reason of at least three characters: it goes on the record.")
        else:
            self.dismiss((self._choices[index][0], reason))
