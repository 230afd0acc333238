"""The domain never imports Textual or python-docx; nor does the wizard's own model."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import svauthor.domain

from .conftest import ROOT

DOMAIN = sorted(f"svauthor.domain.{m.name}" for m in pkgutil.iter_modules(svauthor.domain.__path__))
TUI_MODEL = ["svauthor.tui.form", "svauthor.tui.state", "svauthor.tui.draft",
             "svauthor.tui.labels", "svauthor.tui.settings"]


def _loaded_after_importing(modules: list[str]) -> set[str]:
    code = ("import importlib, sys\n"
            f"for name in {modules!r}:\n"
            "    importlib.import_module(name)\n"
            "print('\\n'.join(sorted(sys.modules)))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True, timeout=60)
    return set(out.stdout.split())


def test_every_domain_module_imports_without_textual_or_docx() -> None:
    assert "svauthor.domain.engine" in DOMAIN and "svauthor.domain.timetable" in DOMAIN
    loaded = _loaded_after_importing(DOMAIN)
    assert set(DOMAIN) <= loaded
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}
    assert not {m for m in loaded if m == "docx" or m.startswith("docx.")}


def test_the_wizard_model_is_headless_too() -> None:
    loaded = _loaded_after_importing(TUI_MODEL)
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}
    assert not {m for m in loaded if m == "docx" or m.startswith("docx.")}
