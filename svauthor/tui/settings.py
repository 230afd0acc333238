"""What the app is given from outside: folders, theme and the switches tests turn off."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"


@dataclass(frozen=True)
class AppSettings:
    """Settings for one run of the app; tests and snapshots build theirs with `for_tests`."""

    data_dir: Path
    """Where drafts are autosaved (`data_dir/drafts/`, one file per tender)."""
    output_dir: Path | None = None
    """The folder the Generate step offers first; None means `./svauthor-pack`."""
    theme: str = DARK_THEME
    animations: bool = True
    cursor_blink: bool = True
    autosave_delay: float = 0.6
    """Seconds of quiet before the draft is written."""
    offer_resume: bool = True
    """Offer to resume a draft found at start."""
    workspace: Path | None = None
    """Browser mode (`svauthor serve`): the one folder this session may use. Drafts live in it
    and every path typed into the app is confined to it (svauthor.workspace)."""

    @property
    def drafts_dir(self) -> Path:
        return self.data_dir / "drafts"

    @property
    def default_output_dir(self) -> Path:
        if self.output_dir is not None:
            return self.output_dir
        return Path("svauthor-pack")

    @classmethod
    def in_workspace(cls, workspace: Path) -> AppSettings:
        """Browser-session settings: drafts, outputs and every file path inside `workspace`."""
        from svauthor.workspace import prepare

        root = prepare(workspace)
        return cls(data_dir=root, workspace=root)

    @classmethod
    def default(cls) -> AppSettings:
        """The settings of a normal run: drafts in the user's data folder."""
        from platformdirs import user_data_dir

        return cls(data_dir=Path(user_data_dir("svauthor")))

    @classmethod
    def for_tests(cls, data_dir: Path, **changes: object) -> AppSettings:
        """Everything volatile switched off, so snapshots and Pilot runs are stable."""
        base = cls(data_dir=data_dir, output_dir=Path("svauthor-pack"), animations=False,
                   cursor_blink=False, autosave_delay=0.05)
        return replace(base, **changes)  # type: ignore[arg-type]
