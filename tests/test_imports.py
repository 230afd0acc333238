"""The import rules in pyproject's import-linter contracts hold, and commands import only what
they use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from importlinter.cli import lint_imports

from .conftest import EXAMPLES, ROOT


def test_import_linter_contracts_are_kept() -> None:
    # The contracts: the domain never imports a face, docx, openpyxl, Jinja2 or the CLI; nothing
    # but __main__ imports svauthor.cli; only yamlio imports yaml; only svauthor.docs imports docx.
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True,
                        no_logo=True) == 0


def _modules_after(code: str, cwd: Path) -> set[str]:
    script = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))\n"
    out = subprocess.run([sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True,
                         check=True, timeout=120)
    return set(out.stdout.split())


def _under(modules: set[str], package: str) -> set[str]:
    return {m for m in modules if m == package or m.startswith(package + ".")}


def test_a_checks_only_pipeline_never_imports_the_pack_builder(tmp_path: Path) -> None:
    plan, out = EXAMPLES / "forward-plan.csv", tmp_path / "out"
    loaded = _modules_after(
        "from svauthor.cli import main\n"
        f"assert main(['pipeline', {str(plan)!r}, '-o', {str(out)!r}]) in (0, 1)", tmp_path)
    assert (out / "pipeline-summary.docx").is_file()
    assert "svauthor.docs.plan_summary" in loaded
    assert not _under(loaded, "jinja2") and "svauthor.docs.pack" not in loaded
    assert not _under(loaded, "textual")


def test_check_never_imports_word_templates_or_the_app(tmp_path: Path) -> None:
    spec = EXAMPLES / "wirral-befriending.yaml"
    loaded = _modules_after(
        "import contextlib, io\nfrom svauthor.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()):\n    main(['check', {str(spec)!r}])",
        tmp_path)
    for package in ("docx", "jinja2", "textual", "svauthor.docs", "svauthor.tui"):
        assert not _under(loaded, package), package
