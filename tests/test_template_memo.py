"""The memo of compiled templates: used only for bytes that linted clean before, ignored when
anything is odd, and never changes what a template renders or which problems are reported."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment

from svauthor.cli import main
from svauthor.docs import text as text_module
from svauthor.errors import InputError
from svauthor.paths import templates_dir

CONTEXT = {"a": "a", "sv_marks": 10, "qualitative_marks": 7, "quantitative_marks": 3,
           "years": 3, "top_score": 4, "q": {"title": "T"}, "number": 2}


@pytest.fixture()
def memo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SVAUTHOR_CACHE_DIR", str(folder))
    monkeypatch.delenv("SVAUTHOR_NO_CACHE", raising=False)
    return folder / "templates"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "text"
    shutil.copytree(templates_dir() / "text", copy)
    return copy


def _counting_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = ImmutableSandboxedEnvironment.parse

    def counting(self: ImmutableSandboxedEnvironment, source: str, name: str | None = None,
                 filename: str | None = None) -> object:
        parsed.append(str(name))
        return real(self, source, name, filename)

    monkeypatch.setattr(ImmutableSandboxedEnvironment, "parse", counting)
    return parsed


def _renders(folder: Path) -> dict[str, str]:
    ts = text_module.lint(folder)
    out: dict[str, str] = {}
    for name in ts.templates:
        try:
            out[name] = ts.render(name, CONTEXT)
        except InputError as exc:  # a template that needs more than CONTEXT: its message
            out[name] = str(exc.problems[0])
    return out


def test_a_second_lint_parses_nothing_and_renders_the_same(
        memo: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = _counting_parses(monkeypatch)
    first = _renders(folder)
    assert len(parsed) == len(text_module.TEMPLATES) == len(list(memo.glob("*.marshal")))
    parsed.clear()
    second = _renders(folder)
    assert parsed == []
    assert first == second
    assert text_module.lint(folder).templates["weighting"].filename == str(folder / "weighting.j2")


def test_changed_bytes_are_linted_afresh_and_a_bad_template_is_never_remembered(
        memo: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text_module.lint(folder)
    parsed = _counting_parses(monkeypatch)
    path = folder / "weighting.j2"
    path.write_text(path.read_text(encoding="utf-8") + "\n{{ no_such_name }}\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InputError) as caught:
            text_module.lint(folder)
        assert "unknown name `no_such_name`" in str(caught.value.problems[0])
    assert parsed == ["weighting.j2", "weighting.j2"]


def test_a_corrupt_or_foreign_memo_is_ignored(memo: Path, folder: Path) -> None:
    first = _renders(folder)
    for i, entry in enumerate(sorted(memo.glob("*.marshal"))):
        entry.write_bytes(b"\x00not marshal data" if i % 2 else b"\xe9\x00\x00\x00\x00")
    assert _renders(folder) == first


def test_no_cache_means_no_memo(folder: Path, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SVAUTHOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SVAUTHOR_NO_CACHE", "1")
    text_module.lint(folder)
    assert not (tmp_path / "cache").exists()


def test_edited_compiled_code_is_never_run(
        memo: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text_module.lint(folder)
    for entry in memo.glob("*.marshal"):
        blob = bytearray(entry.read_bytes())
        blob[-1] ^= 0x01  # one bit of the sealed code changed
        entry.write_bytes(bytes(blob))
    parsed = _counting_parses(monkeypatch)
    text_module.lint(folder)
    assert len(parsed) == len(text_module.TEMPLATES)


_WRITTEN_AT = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")


def _parts(folder: Path) -> dict[str, bytes]:
    """Every part of every document in a pack folder (the Word XML itself, not the zip bytes),
    less the clock time each file was written at."""
    parts: dict[str, bytes] = {}
    for path in sorted(folder.glob("*.docx")):
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                parts[f"{path.name}:{name}"] = _WRITTEN_AT.sub(b"", zf.read(name))
    return parts


def test_a_pack_built_from_remembered_templates_is_the_same(
        memo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = str(Path(__file__).resolve().parent.parent / "examples" / "wirral-befriending.yaml")
    packs = []
    for run in ("fresh", "filled", "remembered"):
        if run == "fresh":
            monkeypatch.setenv("SVAUTHOR_NO_CACHE", "1")
        else:
            monkeypatch.delenv("SVAUTHOR_NO_CACHE", raising=False)
        text_module._CACHE.clear()  # the in-process cache would hide the memo
        out = tmp_path / run
        assert main(["build", spec, "-o", str(out), "--today", "2026-11-27"]) == 0
        packs.append(_parts(out))
    assert len(list(memo.glob("*.marshal"))) == len(text_module.TEMPLATES)
    assert packs[0] and packs[0] == packs[1] == packs[2]
