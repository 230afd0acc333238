"""All-or-nothing writing of a set of files (a Word pack): either every file is replaced, or none.

Each file is first written in full into a hidden staging folder beside its target (same folder,
so the final moves are renames on one file system). Only when every file is written are they
moved into place; the file being replaced is first moved aside, so if any move fails (a
document open in Word, a full disk) the ones already moved are put back and the folder is as it
was. The staging folder is removed however the write ends, including Ctrl+C, SIGTERM and SIGHUP
(the command line turns those into exceptions, see `svauthor.cli`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from svauthor.errors import InputError
from svauthor.yamlio import new_file_mode

STAGING_PREFIX = ".svauthor-staging-"


class WriteFailed(InputError):
    """A set of files could not be written; nothing was changed. Names the file and why."""


def _why(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    if isinstance(exc, PermissionError):
        reason += " (is it open in another program, such as Word?)"
    return reason


def write_all(files: Sequence[tuple[Path, bytes]], *, overwrite: bool) -> list[Path]:
    """Write every (path, data) pair, or none of them. Raises WriteFailed naming the file.

    With `overwrite=False` an existing target is refused (FileExistsError names it) and nothing
    is written.
    """
    folders: dict[Path, Path] = {}
    moved: list[tuple[Path, Path | None]] = []  # (target, where the old file went)
    try:
        staged: list[tuple[Path, Path]] = []
        for target, data in files:
            folder = target.parent
            if folder not in folders:
                try:
                    folders[folder] = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
                except OSError as exc:
                    raise WriteFailed.single(str(folder), f"cannot be written: {_why(exc)}; "
                                                          f"nothing was changed") from None
            tmp = folders[folder] / target.name
            try:
                with open(tmp, "xb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                try:
                    mode = target.stat().st_mode & 0o777  # keep a replaced file's permissions
                except FileNotFoundError:
                    mode = new_file_mode()
                os.chmod(tmp, mode)
            except OSError as exc:
                raise WriteFailed.single(str(target), f"cannot be written: {_why(exc)}; nothing "
                                                      f"was changed") from None
            staged.append((target, tmp))
        for target, _tmp in staged:
            if target.exists() and not overwrite:
                raise FileExistsError(str(target))
        for target, tmp in staged:
            aside: Path | None = None
            try:
                if target.exists():
                    aside = tmp.with_name(f"{tmp.name}.previous")
                    os.replace(target, aside)
                moved.append((target, aside))
                os.replace(tmp, target)
            except OSError as exc:
                raise WriteFailed.single(str(target), f"cannot be replaced: {_why(exc)}; nothing "
                                                      f"was changed") from None
        moved.clear()  # every file is in place: nothing to put back
        return [target for target, _ in staged]
    finally:
        for target, aside in reversed(moved):  # put back what was already moved
            with contextlib.suppress(OSError):
                if aside is not None:
                    os.replace(aside, target)
                else:
                    target.unlink()
        for staging in folders.values():
            shutil.rmtree(staging, ignore_errors=True)
