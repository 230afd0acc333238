"""Seal memo entries with a per-user secret, so an edited or corrupt cache file is never used.

The memos (parsed rules, bank holidays, compiled templates) live in a cache folder that may be
shared (`SVAUTHOR_CACHE_DIR` on a team drive), written by another account, or half written after
a full disk. Their entries decide legal deadlines, so each is sealed with an HMAC-SHA256 under a
random key kept outside the cache folder (the user's data folder, readable by the user only).
An entry whose seal does not verify (edited, truncated, from another user, or from an older
svauthor that did not seal) is treated as absent: the answer is worked out afresh and the entry
rewritten. Without a usable key nothing is memoised.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import secrets
import stat
from pathlib import Path
from typing import Any

KEY_BYTES = 32
_MAC_BYTES = 32
_keys: dict[str, bytes | None] = {}


def _key_path() -> Path | None:
    if os.environ.get("SVAUTHOR_NO_CACHE"):
        return None
    from platformdirs import user_data_dir

    return Path(user_data_dir("svauthor")) / "memo.key"


def _private(path: Path) -> bool:
    """The key file belongs to this user and nobody else can read or write it."""
    info = path.stat()
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    return not stat.S_IMODE(info.st_mode) & 0o077 or os.name == "nt"


def memo_key() -> bytes | None:
    """This user's memo key, made on first use; None when memos are off or no key can be had."""
    path = _key_path()
    if path is None:
        return None
    where = str(path)
    if where in _keys:
        return _keys[where]
    key: bytes | None = None
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_bytes(KEY_BYTES))
        raw = path.read_bytes()
        if len(raw) == KEY_BYTES and _private(path):
            key = raw
    except OSError:
        key = None  # another process is making it, or the folder is unwritable: no memo now
    if key is not None:
        _keys[where] = key
    return key


def _mac(key: bytes, context: str, payload: bytes) -> bytes:
    return hmac.new(key, context.encode("utf-8", "surrogatepass") + b"\0" + payload,
                    hashlib.sha256).digest()


def seal(payload: bytes, context: str) -> bytes | None:
    """The entry to store for `payload` under `context` (its name); None: do not store."""
    key = memo_key()
    return None if key is None else _mac(key, context, payload) + payload


def unseal(blob: bytes, context: str) -> bytes | None:
    """The payload of a stored entry if its seal verifies for `context`, else None."""
    key = memo_key()
    if key is None or len(blob) < _MAC_BYTES:
        return None
    mac, payload = blob[:_MAC_BYTES], blob[_MAC_BYTES:]
    return payload if hmac.compare_digest(mac, _mac(key, context, payload)) else None


def read_sealed(entry: Path) -> Any:
    """The value a sealed marshal entry holds, or None when it is missing, corrupt or unsealed.

    Callers check the value's type: a verified seal proves who wrote it, not what it is.
    """
    try:
        payload = unseal(entry.read_bytes(), entry.name)
        return None if payload is None else marshal.loads(payload)
    except (OSError, ValueError, EOFError, TypeError):
        return None


def write_sealed(entry: Path, value: Any) -> None:
    """Store `value` sealed under the entry's name; a memo that cannot be written is skipped."""
    from svauthor.atomic import write_atomic

    try:
        blob = seal(marshal.dumps(value), entry.name)
        if blob is None:
            return
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(entry, blob)
    except (OSError, ValueError):
        pass
