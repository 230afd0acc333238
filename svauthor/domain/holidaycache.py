"""A small on-disk memo of the `holidays` package's answers, keyed by the package's content.

Working out one subdivision's year of bank holidays costs tens of milliseconds, most of it
importing the package. Every CLI run and pipeline worker asks for the same few years, so the
answers are kept as JSON in the user cache folder. The file name carries the installed version
and a hash of the package files that decide UK holidays, so a new or changed package recomputes
everything; the file is sealed with the user's memo key (svauthor.domain.memosign) and every
entry is checked for shape, so an edited, corrupt or foreign file is ignored and rebuilt, never
used: these dates decide standstill ends. `SVAUTHOR_NO_CACHE=1` turns it off;
`SVAUTHOR_CACHE_DIR` moves it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import date
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from importlib.util import find_spec
from pathlib import Path

from svauthor.domain.memosign import seal, unseal

Table = dict[str, dict[str, str]]  # "ENG|2027" -> {ISO date: holiday name}


#: The package files that decide the UK's holidays (hashed into the memo's name).
SOURCE_FILES = ("version.py", "countries/united_kingdom.py", "holiday_base.py",
                "observed_holiday_base.py")


def _source_digest() -> str | None:
    """A hash of the installed package's UK holiday sources, found without importing it."""
    spec = find_spec("holidays")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    digest = hashlib.sha256()
    for name in SOURCE_FILES:
        try:
            digest.update(name.encode() + b"\0" + (root / name).read_bytes())
        except OSError:
            digest.update(name.encode() + b"\0-")
    return digest.hexdigest()[:20]


@cache
def _cache_file() -> Path | None:
    if os.environ.get("SVAUTHOR_NO_CACHE"):
        return None
    try:
        holidays_version = version("holidays")
    except PackageNotFoundError:
        return None
    source = _source_digest()
    if source is None:
        return None
    folder = os.environ.get("SVAUTHOR_CACHE_DIR")
    if not folder:
        from platformdirs import user_cache_dir

        folder = user_cache_dir("svauthor")
    return Path(folder) / f"holidays-{holidays_version}-{source}.json"


_memo: Table | None = None
_KEY = re.compile(r"^(ENG|WLS|SCT|NIR)\|(\d{4})$")


def _valid(table: object) -> Table | None:
    """The table if every entry is one subdivision-year of ISO dates in that year, else None."""
    if not isinstance(table, dict):
        return None
    for key, days in table.items():
        found = _KEY.match(key) if isinstance(key, str) else None
        if found is None or not isinstance(days, dict):
            return None
        for day, name in days.items():
            try:
                parsed = date.fromisoformat(day)
            except (TypeError, ValueError):
                return None
            if parsed.year != int(found.group(2)) or not isinstance(name, str):
                return None
    return table


def _load() -> Table:
    global _memo
    if _memo is None:
        _memo = {}
        path = _cache_file()
        if path is not None:
            try:
                payload = unseal(path.read_bytes(), path.name)
                table = _valid(json.loads(payload)) if payload is not None else None
                if table is not None:
                    _memo = table
            except (OSError, ValueError):
                pass
    return _memo


def subdivision_year(subdiv: str, year: int) -> dict[str, str]:
    """{ISO date: name} of one UK subdivision's holidays in one year, from the package or memo."""
    key = f"{subdiv}|{year}"
    table = _load()
    if key in table:
        return table[key]
    import holidays

    days = {day.isoformat(): str(name) for day, name in
            holidays.country_holidays("GB", subdiv=subdiv, years=year).items()}
    table[key] = days
    _save(table)
    return days


def _save(table: Table) -> None:
    path = _cache_file()
    if path is None:
        return
    try:
        from svauthor.atomic import write_atomic

        blob = seal(json.dumps(table, sort_keys=True).encode("utf-8"), path.name)
        if blob is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, blob)
    except OSError:
        pass
