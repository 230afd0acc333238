"""Shared look for the modal dialogs."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

T = TypeVar("T")

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > .dialog {{
    width: 76; max-width: 95%; height: auto; max-height: 90%;
    border: thick $primary; background: $surface; padding: 1 2;
}}
{name} .dialog-title {{ text-style: bold; width: 1fr; margin-bottom: 1; }}
{name} .dialog-buttons {{ height: auto; align-horizontal: right; margin-top: 1; }}
{name} .dialog-buttons Button {{ margin-left: 2; }}
{name} .dialog-error {{ color: $text-error; height: auto; }}
"""


class Dialog(ModalScreen[T]):
    """A modal that Escape cancels (dismissing `None`, or the value `cancel_value` gives)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel",
                tooltip="Close this dialog without changing anything"),
    ]

    def cancel_value(self) -> T | None:
        return None

    def dismiss(self, result: T | None = None) -> AwaitComplete:
        """Only while this dialog is the screen on top. Textual's dismiss pops whatever screen is
        on top, so a second Enter or click queued before the dialog closed would pop the wizard
        (found by the random-keys test)."""
        if self.app.screen is not self:
            done: AwaitComplete = AwaitComplete.nothing()  # type: ignore[no-untyped-call]
            return done
        return super().dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(self.cancel_value())


MIN_REASON = 3
"""A reason shorter than this says nothing a reviewer can check."""


class Refused(Exception):
    """What the user must change before the dialog can give its answer (shown in the dialog)."""


def reason_given(text: str) -> str:
    """`text` stripped, if it is long enough to go on the decision record."""
    reason = text.strip()
    if len(reason) < MIN_REASON:
        raise Refused("Give a reason of at least three characters: it goes on the decision record.")
    return reason


class FormDialog(Dialog[T]):
    """A title, the subclass's fields, a line for what is wrong, and Cancel / OK buttons.

    Cancel (or Escape) dismisses None; OK, or Enter in a text box, asks `answer()` and dismisses
    what it returns, or shows the `Refused` message and stays open.
    """

    OK_LABEL: ClassVar[str] = "OK"
    ERROR_ID: ClassVar[str] = "dialog-error"

    def heading(self) -> str:
        raise NotImplementedError

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def answer(self) -> T:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.heading(), classes="dialog-title", markup=False)
            yield from self.fields()
            yield Static("", classes="dialog-error", id=self.ERROR_ID, markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(self.OK_LABEL, variant="primary", id="ok")

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#ok")
    @on(Input.Submitted)
    def _ok(self) -> None:
        try:
            result = self.answer()
        except Refused as problem:
            self.query_one(f"#{self.ERROR_ID}", Static).update(str(problem))
            return
        self.dismiss(result)
