"""The README's opening commands are promises: keep them true and in step with CI."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _opening_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert block, "the README opens with a sh block"
    return [line.strip() for line in block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_run_and_test_commands() -> None:
    run, test = _opening_commands()
    assert run.endswith("pip install . && svauthor")
    assert test.endswith("python -m pytest -q")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert _opening_commands()[1] in ci_lines


def test_readme_placeholders_are_filled() -> None:
    text = (ROOT / "README.md").read_text()
    assert "_SECTION" not in text
