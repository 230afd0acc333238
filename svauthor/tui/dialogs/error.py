"""The one place errors from workers and saves are shown: never a crash."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, Static

from svauthor.tui.dialogs.base import DIALOG_CSS, Dialog


class ErrorDialog(Dialog[None]):
    """A title and a message; OK or Escape closes it."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ErrorDialog") + """
    ErrorDialog > .dialog { border: thick $error; }
    ErrorDialog VerticalScroll { height: auto; max-height: 16; }
    """

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self._title, self._message = title, message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="dialog-title")
            with VerticalScroll():
                yield Static(self._message, markup=False, id="error-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", variant="primary", id="ok")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.dismiss(None)
