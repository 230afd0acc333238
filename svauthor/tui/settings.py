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

    @property
    def drafts_dir(self) -> Path:
        return self.data_dir / "drafts"

    @property
    def default_output_dir(self) -> Path:
        return self.output_dir if self.output_dir is not None else Path("svauthor-pack")

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
