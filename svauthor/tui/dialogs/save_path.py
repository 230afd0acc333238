"""Ask where to save a new spec."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.widgets import Input, Static

from svauthor.tui.dialogs.base import DIALOG_CSS, FormDialog, Refused
from svauthor.tui.widgets.textinput import TextInput
from svauthor.workspace import OutsideWorkspace, user_path


class SavePathDialog(FormDialog[Path | None]):
    """Dismisses the chosen path (a .yaml file), or None when cancelled."""

    DEFAULT_CSS = DIALOG_CSS.format(name="SavePathDialog")
    OK_LABEL = "Save"
    ERROR_ID = "path-error"

    def __init__(self, suggestion: Path, workspace: Path | None = None) -> None:
        super().__init__()
        self._suggestion = suggestion
        self._workspace = workspace
        """Browser mode: the path must lie inside this folder (svauthor.workspace)."""

    def heading(self) -> str:
        return "Save the tender spec"

    def fields(self) -> ComposeResult:
        yield Static("A YAML file the command line reads too (svauthor check, build).",
                     markup=False)
        yield TextInput(str(self._suggestion), id="path")

    def answer(self) -> Path:
        raw = self.query_one("#path", Input).value.strip()
        if not raw:
            raise Refused("Enter a file name, e.g. my-tender.yaml")
        try:
            path = user_path(raw, self._workspace)
        except OutsideWorkspace as exc:
            raise Refused(str(exc)) from None
        if path.suffix.lower() not in (".yaml", ".yml"):
            path = path.with_name(path.name + ".yaml")
        if path.is_dir():
            raise Refused(f"{path} is a folder; add a file name, e.g. {path / 'tender.yaml'}")
        if not path.parent.exists():
            raise Refused(f"The folder {path.parent} does not exist.")
        return path
