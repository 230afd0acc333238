"""A small on-disk memo of the `holidays` package's answers, per package version.

Working out one subdivision's year of bank holidays costs tens of milliseconds, most of it
importing the package. Every CLI run and pipeline worker asks for the same few years, so the
answers are kept as JSON in the user cache folder, keyed by the installed `holidays` version:
a new version of the package recomputes everything. `SVAUTHOR_NO_CACHE=1` turns it off;
`SVAUTHOR_CACHE_DIR` moves it. Any problem with the cache file is ignored (it is only a memo).
"""

from __future__ import annotations

import json
import os
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

Table = dict[str, dict[str, str]]  # "ENG|2027" -> {ISO date: holiday name}


@cache
def _cache_file() -> Path | None:
    if os.environ.get("SVAUTHOR_NO_CACHE"):
        return None
    try:
        holidays_version = version("holidays")
    except PackageNotFoundError:
        return None
    folder = os.environ.get("SVAUTHOR_CACHE_DIR")
    if not folder:
        from platformdirs import user_cache_dir

        folder = user_cache_dir("svauthor")
    return Path(folder) / f"holidays-{holidays_version}.json"


_memo: Table | None = None


def _load() -> Table:
    global _memo
    if _memo is None:
        _memo = {}
        path = _cache_file()
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(data, dict):
                    _memo = {k: v for k, v in data.items() if isinstance(v, dict)}
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

        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(table, sort_keys=True))
    except OSError:
        pass
