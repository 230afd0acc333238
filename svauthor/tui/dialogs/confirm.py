"""Yes/no questions, including the offer to resume an autosaved draft."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from svauthor.tui.dialogs.base import DIALOG_CSS, Dialog
from svauthor.tui.draft import Draft
from svauthor.tui.widgets.safe import SafeOptionList


class ConfirmDialog(Dialog[bool]):
    """Dismisses True for the yes button, False for the no button or Escape."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmDialog")

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


class ResumeDialog(Dialog["Draft | None"]):
    """The drafts kept from earlier sessions: resume one, or start fresh. Neither choice, nor
    Escape, deletes a draft; the ones not resumed are offered again next time."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ResumeDialog") + """
    ResumeDialog OptionList { height: auto; max-height: 10; margin-top: 1; }
    """

    def __init__(self, offers: list[Draft]) -> None:
        super().__init__()
        self._offers = offers

    def compose(self) -> ComposeResult:
        one = len(self._offers) == 1
        with Vertical(classes="dialog"):
            yield Label("Resume your draft?" if one else "Resume a draft?",
                        classes="dialog-title")
            yield Static("svauthor kept " + ("a draft" if one else f"{len(self._offers)} drafts")
                         + " from last time. Resume one, or start fresh: drafts you do not "
                         "resume are kept and offered again next time.", markup=False)
            yield SafeOptionList(*[Option(Content(d.describe()), id=f"draft-{i}")
                                   for i, d in enumerate(self._offers)], id="drafts")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Start fresh", id="no")
                yield Button("Resume", variant="primary", id="yes")

    def on_mount(self) -> None:
        listing = self.query_one("#drafts", OptionList)
        listing.highlighted = 0
        listing.focus()

    @on(OptionList.OptionSelected, "#drafts")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._offers[event.option_index])

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id != "yes":
            self.dismiss(None)
            return
        index = self.query_one("#drafts", OptionList).highlighted
        self.dismiss(self._offers[index or 0])
