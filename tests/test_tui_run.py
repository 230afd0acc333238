"""The CLI entry points build the app through make_app; a bad spec never reaches the app."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from svauthor.errors import InputError
from svauthor.tui import run
from svauthor.tui.app import SvauthorApp

from .conftest import EXAMPLES


def _args(**kw: object) -> argparse.Namespace:
    return argparse.Namespace(rules=None, bank=None, today="2026-11-27", **kw)


def test_open_builds_the_app_on_the_spec(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    started: list[SvauthorApp] = []
    monkeypatch.setattr(SvauthorApp, "run", lambda self, *a, **k: started.append(self))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    spec = EXAMPLES / "wirral-befriending.yaml"
    assert run.cmd_open(_args(spec=str(spec))) == 0
    app = started[0]
    assert app.spec_path == spec and app.state.form.title == "Wirral Community Befriending Service"
    assert app.state.today.isoformat() == "2026-11-27"
    assert run.cmd_app(_args()) == 0
    assert started[1].state.form.title == "" and started[1].spec_path is None


def test_a_bad_spec_is_an_input_error_before_any_app(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\nbuyer: {name: y, sector: nhs}\nvalue_gbp: lots\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        run.cmd_open(_args(spec=str(bad)))
    assert "bad.yaml" in str(err.value)
    with pytest.raises(InputError):
        run.cmd_open(_args(spec=str(tmp_path / "missing.yaml")))
