"""The autosaved draft: raw form state as YAML, so even half-typed values survive a crash.

Read and written through `svauthor.yamlio`, like every YAML file svauthor touches.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from svauthor.errors import InputError
from svauthor.tui.form import FormState
from svauthor.yamlio import dump_yaml, load_yaml, write_atomic

DRAFT_VERSION = 1


@dataclass
class Draft:
    form: FormState
    spec_path: Path | None


def save_draft(path: Path, form: FormState, spec_path: Path | None) -> None:
    """Write the draft atomically (a kill mid-write leaves the previous draft)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {"svauthor_draft": DRAFT_VERSION,
                            "spec_path": str(spec_path) if spec_path else None,
                            "form": form.to_raw()}
    write_atomic(path, "# svauthor draft (autosaved; not a spec file)\n"
                 + dump_yaml(data))


def load_draft(path: Path) -> Draft | None:
    """The draft at `path`, or None if there is none or it cannot be read."""
    try:
        raw = load_yaml(path).data  # the same safe loader as every other YAML file
    except InputError:
        return None
    if not isinstance(raw, dict) or raw.get("svauthor_draft") != DRAFT_VERSION:
        return None
    spec_path = raw.get("spec_path")
    return Draft(FormState.from_raw(raw.get("form")),
                 Path(spec_path) if isinstance(spec_path, str) and spec_path else None)


def discard_draft(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:
        pass
