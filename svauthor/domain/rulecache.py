"""A content-keyed memo of parsed rule files, so a run does not re-parse unchanged YAML.

Parsing the rules and question bank is most of the cost of loading them. Each file's parsed
data is kept in the user cache folder under a hash of its bytes, the svauthor version and the
safe loader's own source, so any change to the file or to how YAML is read means a fresh parse.
Only plain data is stored, with `marshal` (no pickle, no code), and only data the safe loader
produced; anything odd about a cache entry (missing, corrupt, unwritable) is ignored and the
file is parsed as usual; an entry anyone but this user could have written is never read
(`read_private`). Line numbers, needed only to report a problem, come from parsing the
file again on first use. `SVAUTHOR_NO_CACHE=1` turns it off; `SVAUTHOR_CACHE_DIR` moves it.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
from functools import cache
from pathlib import Path
from typing import Any

from svauthor import __version__, yamlio
from svauthor.atomic import write_atomic
from svauthor.errors import InputError
from svauthor.yamlio import Loc, YamlDoc, load_yaml


@cache
def _salt() -> bytes:
    """What else decides a parse: the svauthor version and the loader's source."""
    try:
        loader = Path(yamlio.__file__).read_bytes()
    except OSError:
        loader = b""
    return __version__.encode() + b"\0" + hashlib.sha256(loader).digest()


def memo_folder(kind: str) -> Path | None:
    """The user cache folder for one kind of memo (None when `SVAUTHOR_NO_CACHE` is set)."""
    if os.environ.get("SVAUTHOR_NO_CACHE"):
        return None
    folder = os.environ.get("SVAUTHOR_CACHE_DIR")
    if not folder:
        from platformdirs import user_cache_dir

        folder = user_cache_dir("svauthor")
    return Path(folder) / kind


def _folder() -> Path | None:
    return memo_folder("parsed")


class CachedDoc(YamlDoc):
    """A document whose data came from the memo; its line map is built from the file if asked."""

    @property
    def _lines(self) -> dict[Loc, int]:
        if self._line_map is None:
            try:
                self._line_map = dict(load_yaml(self.path)._lines)
            except InputError:
                self._line_map = {}
        return self._line_map


def load_yaml_cached(path: Path) -> YamlDoc:
    """`yamlio.load_yaml`, answered from the memo when the file's bytes have been parsed before."""
    folder = _folder()
    try:
        raw = path.read_bytes() if folder is not None else None
    except OSError:
        raw = None
    if folder is None or raw is None:
        return load_yaml(path)  # reports the problem with the file as usual
    entry = folder / f"{hashlib.sha256(_salt() + raw).hexdigest()}.marshal"
    data = _read(entry)
    if data is not None:
        return CachedDoc(str(path), data)
    doc = load_yaml(path)
    _write(entry, doc.data)
    return doc


def _read(entry: Path) -> Any:
    blob = read_private(entry)
    if blob is None:
        return None
    try:
        data = marshal.loads(blob)
    except (ValueError, EOFError, TypeError):
        return None
    return data if isinstance(data, dict | list) else None


def _write(entry: Path, data: Any) -> None:
    try:
        blob = marshal.dumps(data)
    except ValueError:
        return
    write_private(entry, blob)


def _private(st: os.stat_result, others: int) -> bool:
    getuid = getattr(os, "getuid", None)
    return getuid is not None and st.st_uid == getuid() and not st.st_mode & others


def read_private(entry: Path) -> bytes | None:
    """The bytes of a memo entry only this user could have written, else None.

    A memo decides what the rules say, so an entry someone else could have edited (a shared
    `SVAUTHOR_CACHE_DIR`, another account's folder, a symbolic link) is ignored: the entry must
    be a regular file owned by this user and private to them, in folders (its own and the cache
    folder above it) owned by this user that nobody else can write. Without owners to compare
    (Windows) nothing is read from the memo.
    """
    try:
        for folder in (entry.parent, entry.parent.parent):
            if not _private(os.lstat(folder), 0o022):
                return None
        fd = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not (stat.S_ISREG(st.st_mode) and _private(st, 0o077)):
            return None
        with os.fdopen(fd, "rb") as fh:
            fd = -1
            return fh.read()
    except OSError:
        return None
    finally:
        if fd >= 0:
            os.close(fd)


def write_private(entry: Path, blob: bytes) -> None:
    """Store a memo entry readable and writable by this user alone, in folders nobody else can
    write (else nothing is stored). Errors are ignored: a memo that cannot be written only means
    the next run does the work again."""
    try:
        for folder in (entry.parent.parent, entry.parent):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not _private(os.lstat(folder), 0o022):
                return  # entries written here could not be trusted later: keep no memo
        write_atomic(entry, blob)
        entry.chmod(0o600)
    except OSError:
        pass
