"""Shared fixtures: the shipped knowledge base is loaded once per test session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation

from svauthor.domain import holidaycache
from svauthor.domain.engine import assess
from svauthor.domain.knowledge import KnowledgeBase, load_knowledge
from svauthor.domain.results import Assessment
from svauthor.domain.spec import TenderSpec
from svauthor.paths import rules_dir

# Every command run by the tests assesses on one fixed date, so results never drift with the clock.
os.environ.setdefault("SVAUTHOR_TODAY", "2026-11-27")

# Folders a test run must never touch outside its own temporary directory: the home folder and
# every XDG base (platformdirs reads them) and svauthor's own cache override.
HERMETIC_VARS = ("HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME",
                 "XDG_RUNTIME_DIR", "SVAUTHOR_CACHE_DIR")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TODAY = date(2026, 11, 27)

# How pytest-xdist shares the tests between cores (`--dist loadgroup --no-loadscope-reorder` in
# pyproject): one test at a time, in the order below, so the long tests start at once on every
# core and the hundreds of short ones fill the gaps at the end, instead of one core finishing a
# queue of long tests alone. A file missing from SLOW_FIRST only costs balance, never a test.
SLOW_FIRST = (
    "test_tui_fuzz.py", "test_terminal.py", "test_tui_flows.py", "test_pack_readers.py",
    "test_training.py", "test_tui_keys.py", "test_tui_drafts.py", "test_tracking.py",
    "test_safe_serve.py", "test_tui_snapshots.py", "test_safe_writing.py", "test_property.py",
    "test_docs.py", "test_pipeline.py", "test_tui_markup.py", "test_serve.py",
    "test_tui_generate.py", "test_tui_layering.py", "test_safe_templates.py",
)
# Module fixtures that cost seconds (a server, a set of built packs, a pipeline run, scores):
# the tests that use one go to one core together, so it is made once, not once per core.
SHARED_FIXTURES = ("served", "packs", "sample_run", "scores")


# Every app a test builds parses the same CSS again: Textual memoises parsed rules per stylesheet
# only, and re-parses every source into a fresh stylesheet whenever a screen or theme changes
# (about 80 parses, a seventh of a second, per app). Within a test process the parse of a source
# is memoised across apps, keyed by everything the parse reads: the text, where it came from, its
# flags and scope, and the CSS variables (the theme). Parsed rules are only read after parsing
# (Textual already reuses them between re-parses); a source with errors is parsed again each time.
_PARSED: dict[tuple[object, ...], list[RuleSet]] = {}
_parse_rules = Stylesheet._parse_rules


def _parse_rules_once(self: Stylesheet, css: str, read_from: CSSLocation,
                      is_default_rules: bool = False, tie_breaker: int = 0,
                      scope: str = "") -> list[RuleSet]:
    key = (css, read_from, is_default_rules, tie_breaker, scope,
           tuple(sorted(self._variables.items())))
    rules = _PARSED.get(key)
    if rules is None:
        rules = _parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
        if not any(rule.errors for rule in rules):
            _PARSED[key] = rules
    return rules


Stylesheet._parse_rules = _parse_rules_once  # type: ignore[method-assign]


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto`: one worker more than this process may use cores. A fifth of the suite's time
    is spent waiting on svauthor processes it started (in a pseudo-terminal, a server, pipeline
    workers), and a spare worker runs tests in those gaps: on two cores, 139 s with three
    workers against 150 s with two. PYTEST_XDIST_AUTO_NUM_WORKERS still decides when set."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # xdist's own hook reads it
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) + 1


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Longest files first (a stable sort: each file keeps its own order, the same on every
    xdist worker, which must all collect the same list); group the users of a shared fixture."""
    rank = {name: i for i, name in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))
    for item in items:
        shared = [name for name in SHARED_FIXTURES
                  if name in getattr(item, "fixturenames", ())]
        if shared:
            item.add_marker(pytest.mark.xdist_group(f"{item.path.stem}-{shared[0]}"))


@pytest.fixture(scope="session", autouse=True)
def hermetic_user_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Point the home folder, every user folder and svauthor's caches at one temporary folder.

    Set in the environment, so subprocesses the tests start inherit it too. Memos that already
    resolved a cache path are cleared first, so nothing reaches the real ~/.cache.
    """
    base = tmp_path_factory.mktemp("user")
    saved = {name: os.environ.get(name) for name in HERMETIC_VARS}
    targets = {"HOME": base / "home", "XDG_CACHE_HOME": base / "cache",
               "XDG_DATA_HOME": base / "data", "XDG_CONFIG_HOME": base / "config",
               "XDG_STATE_HOME": base / "state", "XDG_RUNTIME_DIR": base / "runtime",
               "SVAUTHOR_CACHE_DIR": base / "cache" / "svauthor"}
    for name, folder in targets.items():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.environ[name] = str(folder)
    holidaycache._cache_file.cache_clear()
    yield base
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    holidaycache._cache_file.cache_clear()


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


def make_spec(kb: KnowledgeBase, **fields: Any) -> TenderSpec:
    """A valid spec with sensible defaults; tests override only what their story is about."""
    data: dict[str, Any] = {
        "title": "Test tender",
        "buyer": {"name": "Test Council", "sector": "local_authority"},
        "service_type": "community_support",
        "value_gbp": 500_000,
        "duration_months": 24,
        "places": ["liverpool"],
    }
    data.update(fields)
    return TenderSpec.model_validate(data, context={"kb": kb})


def run(kb: KnowledgeBase, **fields: Any) -> Assessment:
    return assess(make_spec(kb, **fields), kb, today=TODAY)


def rules_copy(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """A private copy of the shipped rules with the first `old` in `file` replaced by `new`."""
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    path = rules / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return rules
