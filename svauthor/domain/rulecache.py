"""A content-keyed memo of parsed rule files, so a run does not re-parse unchanged YAML.

Parsing the rules and question bank is most of the cost of loading them. Each file's parsed
data is kept in the user cache folder under a hash of its bytes, the svauthor version and the
safe loader's own source, so any change to the file or to how YAML is read means a fresh parse.
Only plain data is stored, with `marshal` (no pickle, no code), and only data the safe loader
produced, sealed with the user's memo key (svauthor.domain.memosign); anything odd about a
cache entry (missing, corrupt, edited, unsealed, unwritable) is ignored and the file is parsed
as usual. Line numbers, needed only to report a problem, come from parsing the
file again on first use. `SVAUTHOR_NO_CACHE=1` turns it off; `SVAUTHOR_CACHE_DIR` moves it.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path
from typing import Any

from svauthor import __version__, yamlio
from svauthor.domain.memosign import read_sealed, write_sealed
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
    entry = folder / _entry_name(raw)
    data = _read(entry)
    if data is not None:
        return CachedDoc(str(path), data)
    doc = load_yaml(path)
    _write(entry, doc.data)
    return doc


def _entry_name(raw: bytes) -> str:
    """The memo entry for a file with these bytes (under this svauthor and loader)."""
    return f"{hashlib.sha256(_salt() + raw).hexdigest()}.marshal"


def _read(entry: Path) -> Any:
    """The remembered data, only if its seal verifies (an edited entry would change the law)."""
    data = read_sealed(entry)
    return data if isinstance(data, dict | list) else None


def _write(entry: Path, data: Any) -> None:
    write_sealed(entry, data)
