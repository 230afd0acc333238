"""The memo of parsed rule files: used when the bytes match, ignored when anything is odd, and
never changes what is loaded or how problems are reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from svauthor.cli import main
from svauthor.domain import rulecache
from svauthor.domain.knowledge import KnowledgeBase, load_knowledge
from svauthor.paths import question_bank_dir, rules_dir


@pytest.fixture()
def memo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SVAUTHOR_CACHE_DIR", str(folder))
    monkeypatch.delenv("SVAUTHOR_NO_CACHE", raising=False)
    return folder / "parsed"


def _counting_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = rulecache.load_yaml  # type: ignore[attr-defined]

    def counting(path: str | Path) -> object:
        parsed.append(str(path))
        return real(path)

    monkeypatch.setattr(rulecache, "load_yaml", counting)
    return parsed


def _same(a: KnowledgeBase, b: KnowledgeBase) -> bool:
    return (a.rules == b.rules and a.framework == b.framework and a.questions == b.questions
            and a.timetable_rules == b.timetable_rules and a.places == b.places)


def test_a_second_load_parses_nothing_and_loads_the_same(memo: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = _counting_parses(monkeypatch)
    first = load_knowledge()
    assert len(parsed) >= 20 and len(list(memo.glob("*.marshal"))) == len(parsed)
    parsed.clear()
    second = load_knowledge()
    assert parsed == []
    assert _same(first, second)


def test_a_corrupt_memo_is_ignored(memo: Path) -> None:
    first = load_knowledge()
    for entry in memo.glob("*.marshal"):
        entry.write_bytes(b"\x00not marshal data")
    assert _same(first, load_knowledge())


def test_changed_bytes_are_parsed_afresh(memo: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    load_knowledge(rules)
    weighting = rules / "weighting.yaml"
    text = weighting.read_text(encoding="utf-8")
    assert "min_qualitative_pct: 60" in text
    weighting.write_text(text.replace("min_qualitative_pct: 60", "min_qualitative_pct: 65"),
                         encoding="utf-8")
    minimums = [r.min_qualitative_pct for r in load_knowledge(rules).rules.weighting_rules]
    assert 65 in minimums and 60 not in minimums


def test_problems_in_remembered_files_keep_their_lines(memo: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    load_knowledge(rules)  # every file remembered
    # Renaming a band breaks references in files that did not change (served from the memo).
    proportionality = rules / "proportionality.yaml"
    text = proportionality.read_text(encoding="utf-8")
    proportionality.write_text(text.replace("id: standard", "id: standardd", 1), encoding="utf-8")
    argv = ["validate", "--rules", str(rules), "--bank", str(question_bank_dir())]
    assert main(argv) == 2
    remembered = capsys.readouterr().err
    monkeypatch.setenv("SVAUTHOR_NO_CACHE", "1")
    assert main(argv) == 2
    fresh = capsys.readouterr().err
    assert "unknown band `standard`" in fresh and ".yaml:" in fresh
    assert remembered == fresh
