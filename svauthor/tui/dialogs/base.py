"""Shared look for the modal dialogs."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

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
