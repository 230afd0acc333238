"""The README's opening commands are promises: keep them true and in step with CI."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _opening_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert block, "the README opens with a sh block"
    return [line.strip() for line in block.group(1).splitlines() if line.strip()]


def _ci_lines() -> list[str]:
    return [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]


def _venv(command: str) -> str:
    match = re.match(r"python3 -m venv (\S+) && \. (\S+)/bin/activate && ", command)
    assert match and match.group(1) == match.group(2), command
    return match.group(1)


def test_readme_opens_with_run_and_test_commands() -> None:
    run, test = _opening_commands()
    assert run.endswith("pip install . && svauthor")
    assert test.endswith("python -m pytest -q")


def test_run_and_test_commands_use_separate_environments() -> None:
    # Installing the test tools into the app's environment swaps the install under a running app.
    run, test = _opening_commands()
    assert _venv(run) != _venv(test)
    assert _venv(test) + "/" in (ROOT / ".gitignore").read_text().splitlines()


def test_ci_runs_exactly_the_readme_test_command() -> None:
    assert _opening_commands()[1] in _ci_lines()


def test_ci_runs_the_lint_and_type_gates_after_the_tests() -> None:
    lines = _ci_lines()
    tests_at = lines.index(_opening_commands()[1])
    assert "set -euo pipefail" in lines
    for gate in ("ruff check svauthor tests benchmarks", "mypy"):
        assert gate in lines and lines.index(gate) > tests_at, gate


def test_mypy_checks_the_tests_too() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert set(config["tool"]["mypy"]["files"]) >= {"svauthor", "tests", "benchmarks"}
    assert config["tool"]["mypy"]["strict"] is True


def _requirement_name(requirement: str) -> str:
    name = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert name, requirement
    return re.sub(r"[-_.]+", "-", name.group(0)).lower()


def test_constraints_pin_every_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_requirement_name(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        wanted |= {_requirement_name(r) for r in extra}
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not an exact pin"
            pins[_requirement_name(name)] = version
    missing = sorted(wanted - pins.keys())
    assert not missing, f"not pinned in constraints.txt (run .ci/pin): {', '.join(missing)}"
    assert 'PIP_CONSTRAINT="$PWD/constraints.txt"' in (ROOT / ".ci" / "run").read_text()


def test_readme_placeholders_are_filled() -> None:
    text = (ROOT / "README.md").read_text()
    assert "_SECTION" not in text
