"""Shared look for the modal dialogs."""

from __future__ import annotations

from typing import ClassVar, TypeVar

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

    def action_cancel(self) -> None:
        self.dismiss(self.cancel_value())
