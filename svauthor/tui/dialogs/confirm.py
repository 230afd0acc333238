"""Yes/no questions, including the offer to resume an autosaved draft."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from svauthor.tui.dialogs.base import DIALOG_CSS, Dialog


class ConfirmDialog(Dialog[bool]):
    """Dismisses True for the yes button, False for the no button or Escape."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmDialog") + DIALOG_CSS.format(name="ResumeDialog")

    def __init__(self, title: str, message: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self._title, self._message, self._yes, self._no = title, message, yes, no

    def cancel_value(self) -> bool:
        return False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="dialog-title")
            yield Static(self._message, markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._no, id="no")
                yield Button(self._yes, variant="primary", id="yes")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class ResumeDialog(ConfirmDialog):
    """Offer the draft found at start: True to resume it, False to start fresh."""

    def __init__(self, description: str) -> None:
        super().__init__(
            "Resume your draft?",
            f"svauthor kept a draft from last time: {description}.\n\n"
            "Resume it, or start fresh (the draft is then discarded).",
            yes="Resume", no="Start fresh",
        )
