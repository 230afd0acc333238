"""The one folder a browser session may read and write (`svauthor serve --workspace DIR`).

In a training room several people drive the app on one server; a path typed into the app (a
spec to save, the output folder, a proxy values CSV, a house style) must not reach other
people's files or the server's own (`/etc/passwd`). Every such path goes through `user_path`,
which resolves it inside the workspace and refuses anything outside it, including a symbolic
link inside the workspace that leads out.
"""

from __future__ import annotations

import os
from pathlib import Path


class OutsideWorkspace(ValueError):
    """A path the app was given lies outside the session's workspace; the message says so."""


def confine(raw: str | os.PathLike[str], workspace: Path) -> Path:
    """`raw` as a path inside `workspace` (relative paths are taken from it), or OutsideWorkspace."""
    root = workspace.resolve()
    text = os.fspath(raw).strip()
    if text.startswith("~"):
        raise OutsideWorkspace(f"{text}: use a name inside your workspace folder, e.g. "
                               f"tender.yaml (home folders are not available here)")
    given = Path(text)
    candidate = given if given.is_absolute() else root / given
    lexical = Path(os.path.normpath(candidate))
    resolved = candidate.resolve()
    if not lexical.is_relative_to(root):
        raise OutsideWorkspace(f"{text} is outside your workspace folder; use a name inside it, "
                               f"e.g. tender.yaml or pack/")
    if not resolved.is_relative_to(root):
        raise OutsideWorkspace(f"{text} leads outside your workspace folder through a link; "
                               f"links out of the workspace are not followed")
    return resolved


def user_path(raw: str, workspace: Path | None) -> Path:
    """A path typed into the app: confined to the workspace when there is one (browser mode)."""
    if workspace is None:
        return Path(raw).expanduser()
    return confine(raw, workspace)


def prepare(folder: Path) -> Path:
    """Create a workspace folder only its owner can enter, and return it resolved."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder.resolve()
