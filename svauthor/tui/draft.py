"""Autosaved drafts, one per tender, that are never lost: raw form state as YAML.

Each tender's draft is its own file (`drafts/<key>.yaml`): a tender opened from a spec file
records that file, so `svauthor open` offers that tender's draft and no other; a new tender has
its own key. A window holds a lock (`<key>.lock`: process id and window token) on the draft it
writes, so two windows never write the same draft. A draft that cannot be read is moved to
`drafts/unreadable/`, never deleted. Read and written through `svauthor.yamlio`, like every
YAML file svauthor touches. No Textual here.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from svauthor.atomic import write_atomic
from svauthor.errors import InputError
from svauthor.tui.form import FormState
from svauthor.yamlio import dump_yaml, load_yaml

DRAFT_VERSION = 2
READABLE_VERSIONS = (1, 2)  # version 1: the single draft.yaml of earlier releases


@dataclass
class Draft:
    """One autosaved tender: its form as typed, the spec file it came from, where it is kept."""

    form: FormState
    spec_path: Path | None
    key: str = ""
    saved_at: str = ""
    """ISO date and time of the last autosave ('' if unknown)."""

    def describe(self) -> str:
        """`“Title” (from wirral.yaml), saved 1 December 2026 at 22:10`: for the resume list."""
        title = self.form.title.strip() or "An untitled tender"
        parts = [f"“{title}”"]
        if self.spec_path is not None:
            parts.append(f"(from {self.spec_path.name})")
        text = " ".join(parts)
        with contextlib.suppress(ValueError):
            when = datetime.fromisoformat(self.saved_at)
            text += f", saved {when.day} {when:%B %Y} at {when:%H:%M}"
        return text


class UnreadableDraft(Exception):
    """The file is not a draft svauthor can read (corrupt, or from a newer version)."""


def new_key() -> str:
    """A key for a new tender's draft, unique across windows and sessions."""
    return uuid.uuid4().hex[:12]


def _same_file(a: Path | None, b: Path | None) -> bool:
    if a is None or b is None:
        return False
    return a.expanduser().resolve() == b.expanduser().resolve()


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


@dataclass(frozen=True)
class LockHolder:
    """Another window that holds a draft: its process id and the spec file it has open."""

    pid: int
    spec_path: Path | None


class DraftStore:
    """The drafts folder. `token` tells this window's locks from other windows' (even in one
    process, as the tests run two apps side by side)."""

    def __init__(self, folder: Path, token: str | None = None) -> None:
        self.folder = folder
        self.token = token or uuid.uuid4().hex

    def path_for(self, key: str) -> Path:
        return self.folder / f"{key}.yaml"

    def _lock_path(self, key: str) -> Path:
        return self.folder / f"{key}.lock"

    # Reading and writing ----------------------------------------------------------------------

    def save(self, key: str, form: FormState, spec_path: Path | None,
             saved_at: datetime | None = None) -> None:
        """Write the draft atomically (a kill mid-write leaves the previous draft)."""
        when = saved_at or datetime.now()
        self.folder.mkdir(parents=True, exist_ok=True)
        data: dict[str, Any] = {"svauthor_draft": DRAFT_VERSION, "key": key,
                                "spec_path": str(spec_path) if spec_path else None,
                                "saved_at": when.isoformat(timespec="seconds"),
                                "form": form.to_raw()}
        write_atomic(self.path_for(key), "# svauthor draft (autosaved; not a spec file)\n"
                     + dump_yaml(data))

    def discard(self, key: str) -> None:
        """Remove this tender's draft (after it was saved as a spec, or matches the file)."""
        with contextlib.suppress(OSError):
            self.path_for(key).unlink()

    def all(self) -> tuple[list[Draft], list[Path]]:
        """Every readable draft (newest first) and where each unreadable one was set aside."""
        drafts: list[Draft] = []
        aside: list[Path] = []
        if not self.folder.is_dir():
            return drafts, aside
        for path in sorted(self.folder.glob("*.yaml")):
            try:
                drafts.append(load_draft(path))
            except UnreadableDraft:
                moved = self.set_aside(path)
                if moved is not None:
                    aside.append(moved)
            except OSError:
                continue
        drafts.sort(key=lambda d: d.saved_at, reverse=True)
        return drafts, aside

    def set_aside(self, path: Path) -> Path | None:
        """Move an unreadable draft to `unreadable/` (never delete: it may hold real work)."""
        target_dir = self.folder / "unreadable"
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = target_dir / f"{path.stem}-{stamp}{path.suffix}"
        try:
            target_dir.mkdir(parents=True, exist_ok=True)
            n = 1
            while target.exists():
                n += 1
                target = target_dir / f"{path.stem}-{stamp}-{n}{path.suffix}"
            path.replace(target)
        except OSError:
            return None
        return target

    # Locks ----------------------------------------------------------------------------------

    def holder(self, key: str) -> LockHolder | None:
        """The other live window holding `key`, or None (a dead window's lock does not count)."""
        try:
            lines = self._lock_path(key).read_text(encoding="utf-8").splitlines()
            pid = int(lines[0])
        except (OSError, ValueError, IndexError, UnicodeDecodeError):
            return None
        token = lines[1] if len(lines) > 1 else ""
        if token == self.token or not _alive(pid):
            return None
        spec = lines[2] if len(lines) > 2 and lines[2] else None
        return LockHolder(pid, Path(spec) if spec else None)

    def lock(self, key: str, spec_path: Path | None) -> LockHolder | None:
        """Claim `key` for this window; returns the other window holding it instead, if any."""
        other = self.holder(key)
        if other is not None:
            return other
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self._lock_path(key),
                         f"{os.getpid()}\n{self.token}\n{spec_path or ''}\n")
        return None

    def unlock(self, key: str) -> None:
        """Release `key` if this window holds it."""
        path = self._lock_path(key)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return
        if len(lines) > 1 and lines[1] == self.token:
            with contextlib.suppress(OSError):
                path.unlink()

    def window_with(self, spec_path: Path) -> LockHolder | None:
        """Another live window that has `spec_path` open, if any."""
        if not self.folder.is_dir():
            return None
        for lock in self.folder.glob("*.lock"):
            other = self.holder(lock.stem)
            if other is not None and _same_file(other.spec_path, spec_path):
                return other
        return None

    def offers(self, spec_path: Path | None, start: FormState) -> tuple[list[Draft], list[Path]]:
        """The drafts to offer at start: for an opened spec only its own; for a new tender
        every draft. Drafts another window is writing, or equal to the start, are left out."""
        drafts, aside = self.all()
        chosen = [d for d in drafts if self.holder(d.key) is None and d.form != start
                  and (spec_path is None or _same_file(d.spec_path, spec_path))]
        return chosen, aside


def load_draft(path: Path) -> Draft:
    """The draft at `path`; UnreadableDraft if it is not one (OSError if it cannot be read)."""
    try:
        raw = load_yaml(path).data  # the same safe loader as every other YAML file
    except InputError as exc:
        raise UnreadableDraft(str(exc)) from None
    if not isinstance(raw, dict) or raw.get("svauthor_draft") not in READABLE_VERSIONS:
        raise UnreadableDraft("not an svauthor draft")
    spec_path = raw.get("spec_path")
    saved_at = raw.get("saved_at")
    return Draft(FormState.from_raw(raw.get("form")),
                 Path(spec_path) if isinstance(spec_path, str) and spec_path else None,
                 key=path.stem, saved_at=saved_at if isinstance(saved_at, str) else "")
