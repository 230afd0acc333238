"""The autosaved draft: raw form state as YAML, so even half-typed values survive a crash."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from svauthor.tui.form import FormState
from svauthor.yamlio import write_atomic

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
                 + yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def load_draft(path: Path) -> Draft | None:
    """The draft at `path`, or None if there is none or it cannot be read."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
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
