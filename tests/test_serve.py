"""Browser mode: `svauthor serve` answers on loopback, offline, and each tab runs its own app."""

from __future__ import annotations

import argparse
import shlex
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from svauthor.errors import InputError
from svauthor.serve import app_command, cmd_serve, offline_page

from .serve_support import start


def args(**kw: object) -> argparse.Namespace:
    base: dict[str, object] = {"host": "127.0.0.1", "port": 8000, "train": False, "rules": None,
                               "bank": None, "today": None}
    base.update(kw)
    return argparse.Namespace(**base)


def test_serve_answers_on_a_loopback_port_without_fetching_anything_online(
        tmp_path: Path) -> None:
    with start(tmp_path / "ws") as served, \
            urllib.request.urlopen(f"{served.base}/?token={served.token}", timeout=20) as r:
        assert r.status == 200
        body = r.read().decode("utf-8")
    assert "fonts.googleapis.com" not in body
    assert "fonts/RobotoMono-VariableFont_wght.ttf" in body
    assert f"ws://127.0.0.1:{served.port}/ws" in body


def test_each_tab_runs_this_python_with_the_same_data_flags(tmp_path: Path) -> None:
    rules = tmp_path / "my rules"
    command = app_command(args(train=True, rules=str(rules), today="2027-01-04"))
    parts = shlex.split(command)
    assert parts[:4] == [sys.executable, "-m", "svauthor", "train"]
    assert parts[4:] == ["--rules", str(rules.resolve()), "--today", "2027-01-04"]
    assert shlex.split(app_command(args()))[3] == "app"


def test_missing_textual_serve_tells_the_user_what_to_install(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    with pytest.raises(InputError, match=r"pip install 'svauthor\[serve\]'"):
        cmd_serve(args())


def test_an_impossible_port_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not a port number"):
        cmd_serve(args(port=70000))


def test_the_served_page_uses_the_bundled_font(tmp_path: Path) -> None:
    import textual_serve

    source = Path(textual_serve.__file__).resolve().parent / "templates"
    page = (offline_page(tmp_path, source) / "app_index.html").read_text(encoding="utf-8")
    assert "googleapis" not in page and "@font-face" in page
    assert "{{ app_websocket_url }}" in page  # the rest of the template is untouched
