"""Ask where to save a new spec."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from svauthor.tui.dialogs.base import DIALOG_CSS, Dialog
from svauthor.tui.widgets.textinput import TextInput
from svauthor.workspace import OutsideWorkspace, user_path


class SavePathDialog(Dialog[Path | None]):
    """Dismisses the chosen path (a .yaml file), or None when cancelled."""

    DEFAULT_CSS = DIALOG_CSS.format(name="SavePathDialog")

    def __init__(self, suggestion: Path, workspace: Path | None = None) -> None:
        super().__init__()
        self._suggestion = suggestion
        self._workspace = workspace
        """Browser mode: the path must lie inside this folder (svauthor.workspace)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Save the tender spec", classes="dialog-title")
            yield Static("A YAML file the command line reads too (svauthor check, build).",
                         markup=False)
            yield TextInput(str(self._suggestion), id="path")
            yield Static("", classes="dialog-error", id="path-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", variant="primary", id="ok")

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#ok")
    @on(Input.Submitted, "#path")
    def _ok(self) -> None:
        raw = self.query_one("#path", Input).value.strip()
        error = self.query_one("#path-error", Static)
        if not raw:
            error.update("Enter a file name, e.g. my-tender.yaml")
            return
        try:
            path = user_path(raw, self._workspace)
        except OutsideWorkspace as exc:
            error.update(str(exc))
            return
        if path.suffix.lower() not in (".yaml", ".yml"):
            path = path.with_name(path.name + ".yaml")
        if path.is_dir():
            error.update(f"{path} is a folder; add a file name, e.g. {path / 'tender.yaml'}")
            return
        if not path.parent.exists():
            error.update(f"The folder {path.parent} does not exist.")
            return
        self.dismiss(path)
