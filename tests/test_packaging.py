"""The shipped data must travel inside the wheel, so an installed svauthor works anywhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from svauthor.paths import data_root

ROOT = Path(__file__).resolve().parent.parent


def test_checkout_finds_its_data() -> None:
    assert (data_root() / "rules" / "ruleset.yaml").is_file()
    assert (data_root() / "question_bank").is_dir()
    assert (data_root() / "templates" / "house-style.docx").is_file()


def test_wheel_carries_rules_bank_and_templates(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("svauthor-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in (ROOT / "rules", ROOT / "question_bank", ROOT / "templates"):
        for path in shipped.rglob("*"):
            if path.is_file():
                assert f"svauthor/_data/{path.relative_to(ROOT).as_posix()}" in names, path
    assert "svauthor/tui/app.tcss" in names
