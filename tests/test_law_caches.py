"""The memos of bank holidays and parsed law are sealed and checked (FINDINGS R39): an edited,
corrupt or unsealed cache file is ignored and rebuilt, and never changes a verdict."""

from __future__ import annotations

import json
import marshal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from svauthor.cli import main
from svauthor.domain import holidaycache, memosign, rulecache
from svauthor.domain.timetable import calendar
from svauthor.paths import rules_dir
from svauthor.yamlio import dump_yaml

TODAY = "2027-01-01"
# Award notice Monday 5 July 2027: the PA23 standstill's eight working days skip the Boyne
# (12 July, Northern Ireland), so the last day is Thursday 15 July.
SPEC: dict[str, Any] = {
    "title": "Community support", "buyer": {"name": "Test Council", "sector": "local_authority"},
    "route": {"regime": "procurement_act_2023", "procedure": "open"},
    "service_type": "community_support", "value_gbp": 600_000, "duration_months": 36,
    "places": ["sefton"], "local_needs": [], "vcfse_suitable": False,
    "timetable": {"tender_published": "2027-05-04", "clarification_deadline": "2027-05-24",
                  "tender_deadline": "2027-06-07", "award_notice": "2027-07-05",
                  "contract_start": "2027-09-01"}}


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh cache folder and memo key for this test, and no memo held in the process."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("SVAUTHOR_CACHE_DIR", str(folder))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("SVAUTHOR_NO_CACHE", raising=False)
    monkeypatch.setattr(memosign, "_keys", {})
    holidaycache._cache_file.cache_clear()
    monkeypatch.setattr(holidaycache, "_memo", None)
    yield folder
    holidaycache._cache_file.cache_clear()


def _standstill(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> dict[str, Any]:
    """A fresh process's view: the in-process holiday memo is dropped before each run."""
    holidaycache._memo = None
    calendar._holiday_table.cache_clear()
    spec = tmp_path / "spec.yaml"
    spec.write_text(dump_yaml(SPEC), encoding="utf-8")
    assert main(["check", str(spec), "--json", "--today", TODAY]) == 0
    checks = json.loads(capsys.readouterr().out)["checks"]
    found: dict[str, Any] = next(c for c in checks
                                 if c["id"] == "timetable.pa23_standstill")["details"]
    return found


def _without_boyne(table: dict[str, dict[str, str]]) -> bytes:
    table = {k: dict(v) for k, v in table.items()}
    del table["NIR|2027"]["2027-07-12"]
    return json.dumps(table, sort_keys=True).encode()


def test_an_edited_holiday_memo_never_shortens_a_standstill(
        cache: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert _standstill(capsys, tmp_path)["last_day"] == "2027-07-15"
    memo = next(cache.glob("holidays-*.json"))
    sealed = memo.read_bytes()
    table = json.loads(sealed[32:])
    assert "2027-07-12" in table["NIR|2027"]
    # A plain edit, an edit that keeps the old seal, and a truncated file: each is ignored.
    for tampered in (_without_boyne(table), sealed[:32] + _without_boyne(table), sealed[:40]):
        memo.write_bytes(tampered)
        assert _standstill(capsys, tmp_path)["last_day"] == "2027-07-15"
        assert memo.read_bytes() == sealed  # rebuilt from the package, sealed again


def test_a_well_sealed_memo_with_impossible_dates_is_ignored(
        cache: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _standstill(capsys, tmp_path)
    memo = next(cache.glob("holidays-*.json"))
    wrong = json.dumps({"NIR|2027": {"2026-07-12": "Battle of the Boyne"}}).encode()
    blob = memosign.seal(wrong, memo.name)
    assert blob is not None
    memo.write_bytes(blob)
    assert _standstill(capsys, tmp_path)["last_day"] == "2027-07-15"


def test_the_holiday_memo_is_named_by_the_package_content(cache: Path) -> None:
    path, digest = holidaycache._cache_file(), holidaycache._source_digest()
    assert path is not None and digest is not None and digest in path.name


def test_an_edited_parsed_law_memo_never_changes_the_standstill(
        cache: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert _standstill(capsys, tmp_path)["working_days"] == 8
    regimes = rules_dir() / "law" / "regimes.yaml"
    entry = cache / "parsed" / rulecache._entry_name(regimes.read_bytes())
    sealed = entry.read_bytes()
    data = marshal.loads(sealed[32:])
    data["regimes"]["procurement_act_2023"]["standstill"]["days"] = [{"days": 3}]
    for tampered in (marshal.dumps(data), sealed[:32] + marshal.dumps(data)):
        entry.write_bytes(tampered)
        assert _standstill(capsys, tmp_path)["working_days"] == 8
        assert entry.read_bytes() == sealed


def test_no_memo_is_written_without_a_private_key(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = tmp_path / "data" / "svauthor" / "memo.key"
    key.parent.mkdir(parents=True)
    key.write_bytes(b"k" * memosign.KEY_BYTES)
    key.chmod(0o644)  # readable by others: not a secret
    assert memosign.memo_key() is None and memosign.seal(b"x", "name") is None
