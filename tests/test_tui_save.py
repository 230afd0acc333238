"""Saving a spec elsewhere keeps what it links to: the saved file loads (R27)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot

from svauthor.cli import main
from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.specfile import load_spec, moved_link
from svauthor.tui.app import SvauthorApp
from svauthor.tui.dialogs.error import ErrorDialog
from svauthor.yamlio import load_yaml

from .conftest import EXAMPLES, TODAY
from .test_tui_helpers import build, drive, wait_until

WORKED = "timetable-worked-example.yaml"  # links sefton-needs-analysis.csv beside it
NEEDS = "sefton-needs-analysis.csv"


def _copied(folder: Path) -> Path:
    folder.mkdir(parents=True)
    shutil.copy(EXAMPLES / NEEDS, folder / NEEDS)
    return Path(shutil.copy(EXAMPLES / WORKED, folder / WORKED))


def _link(path: Path) -> object:
    return load_yaml(path).data["local_needs_analysis"]


def _checks_cleanly(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`svauthor check` reads it: 0 or 1 (a check may fail), never 2 (bad input)."""
    code = main(["check", str(path), "--today", TODAY.isoformat()])
    err = capsys.readouterr().err
    assert code in (0, 1), err


def _refused_save(app: SvauthorApp, saved: Path) -> str:
    """Save as `saved`, expect the error dialog, dismiss it; its message. Nothing is written."""
    message = ""

    async def script(pilot: Pilot[None]) -> None:
        nonlocal message
        svapp = pilot.app
        assert isinstance(svapp, SvauthorApp)
        svapp._chosen_path(saved)
        # the dialog is up once its OK button has the focus (set when it has mounted)
        await wait_until(pilot, lambda: isinstance(svapp.screen, ErrorDialog)
                         and getattr(svapp.focused, "id", None) == "ok")
        message = str(svapp.screen.query_one("#error-message").render())
        await pilot.press("enter")
        await wait_until(pilot, lambda: svapp.screen is svapp.wizard)

    drive(app, script)
    assert not saved.exists()
    return message


def test_save_as_in_another_folder_relinks_the_needs_analysis(
        kb: KnowledgeBase, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _copied(tmp_path / "last-year")
    app = build(kb, tmp_path / "data", spec=load_spec(source, kb), spec_path=source)
    saved = tmp_path / "next-year" / "drafts" / "tender.yaml"
    saved.parent.mkdir(parents=True)

    async def script(pilot: Pilot[None]) -> None:
        svapp = pilot.app
        assert isinstance(svapp, SvauthorApp)
        svapp._chosen_path(saved)
        await wait_until(pilot, lambda: svapp.spec_path == saved and not svapp.dirty)
        saved.unlink()
        svapp.action_save()  # saving again, now to its own path, keeps the new link
        await wait_until(pilot, saved.exists)

    drive(app, script)
    assert _link(saved) == f"../../last-year/{NEEDS}"
    _checks_cleanly(saved, capsys)
    assert load_spec(saved, kb).needs_evidence == load_spec(source, kb).needs_evidence


def test_a_link_that_cannot_be_kept_is_not_saved_and_says_why(kb: KnowledgeBase,
                                                             tmp_path: Path) -> None:
    source = _copied(tmp_path / "last-year")
    app = build(kb, tmp_path / "data", spec=load_spec(source, kb), spec_path=source)
    (tmp_path / "last-year" / NEEDS).unlink()  # moved away while the app was open
    message = _refused_save(app, tmp_path / "next-year.yaml")
    assert NEEDS in message and "Nothing was written" in message
    assert app.spec_path == source  # still the file it was


@pytest.mark.parametrize(("link", "source", "target", "want"), [
    ("lna.csv", "a/spec.yaml", "a/copy.yaml", "lna.csv"),  # same folder: unchanged
    ("lna.csv", "a/spec.yaml", "b/c/spec.yaml", "../../a/lna.csv"),
    ("../data/lna.csv", "a/spec.yaml", "data/spec.yaml", "lna.csv"),
    ("lna.csv", None, "b/spec.yaml", "../lna.csv"),  # a new tender: from the current folder
])
def test_moved_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, link: str,
                    source: str | None, target: str, want: str) -> None:
    monkeypatch.chdir(tmp_path)
    assert moved_link(link, source, target) == want
    assert moved_link(str(tmp_path / link), source, target) == str(tmp_path / link)


def test_a_spec_check_would_refuse_is_not_saved(kb: KnowledgeBase, tmp_path: Path) -> None:
    """R56: an accepted risk on a legal requirement, carried from the file opened, is refused
    by `check` and `build`, so the app does not write it either (and says which entry)."""
    import yaml

    from svauthor.domain.spec import TenderSpec

    source = _copied(tmp_path / "last-year")
    raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    raw["accepted_risks"] = [{"check": "timetable.pa23_tendering_period",
                              "reason": "We are in a hurry", "accepted_by": "Me"}]
    raw.pop("local_needs_analysis", None)
    spec = TenderSpec.model_validate(raw, context={"kb": kb})
    app = build(kb, tmp_path / "data", spec=spec)
    message = _refused_save(app, tmp_path / "ill.yaml")
    assert "timetable.pa23_tendering_period" in message and "nothing was written" in message
