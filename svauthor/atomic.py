"""Safe writing: one file (`write_atomic`) or a set of files (`write_all`, a Word pack) replaced
all at once or not at all, never left half written.

`write_atomic` writes a temporary file beside the target and renames it over the target, so a
crash leaves the old file. `write_all`, for a set, replaces either every file or none.

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
from typing import IO, Any

from svauthor.errors import InputError

STAGING_PREFIX = ".svauthor-staging-"


class WriteFailed(InputError):
    """A set of files could not be written; nothing was changed. Names the file and why."""


def _why(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    if isinstance(exc, PermissionError):
        reason += " (is it open in another program, such as Word?)"
    return reason


def new_file_mode() -> int:
    """The mode an ordinary new file gets under the current umask (mkstemp files are 0600)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def mode_for(target: Path) -> int:
    """The mode for a file about to replace `target`: the replaced file's own, else a new file's."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        return new_file_mode()


def seal(fh: IO[Any], tmp: Path, target: Path) -> None:
    """Flush the temporary file `tmp` (open as `fh`) to the disk, close it and give it the mode
    `target` will keep: it is then ready to be renamed over `target`."""
    fh.flush()
    os.fsync(fh.fileno())
    fh.close()
    os.chmod(tmp, mode_for(target))


def write_synced(tmp: Path, data: bytes, target: Path) -> None:
    """Write `data` as the new file `tmp` (one already there is refused), sealed for `target`."""
    with open(tmp, "xb") as fh:
        fh.write(data)
        seal(fh, tmp, target)


def write_atomic(path: str | Path, data: bytes | str, *, overwrite: bool = True) -> Path:
    """Write via a temporary file in the same folder and rename, so a crash leaves the old file.

    With `overwrite=False` an existing file is refused (FileExistsError) rather than replaced.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if not overwrite and target.exists():
        raise FileExistsError(str(target))
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            seal(fh, tmp, target)
        if not overwrite and target.exists():
            raise FileExistsError(str(target))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target


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
                write_synced(tmp, data, target)
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
