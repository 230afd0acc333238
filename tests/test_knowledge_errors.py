"""One bad value in a copied rules folder is reported once, not again as every reference to
the ids its file would have defined (FINDINGS F11)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from svauthor.cli import main
from svauthor.paths import question_bank_dir, rules_dir


def _validate(capsys: pytest.CaptureFixture[str], tmp_path: Path, file: str, old: str,
              new: str) -> list[str]:
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    path = rules / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    code = main(["validate", "--rules", str(rules), "--bank", str(question_bank_dir())])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    return err.splitlines()


def test_one_bad_band_is_one_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lines = _validate(capsys, tmp_path, "proportionality.yaml", "max_measures: 6",
                      "max_measures: -1")
    assert len(lines) == 1, lines
    assert "proportionality.yaml:" in lines[0] and "max_measures" in lines[0]


def test_one_bad_place_file_is_reported_only_there(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    lines = _validate(capsys, tmp_path, "places.yaml", "places:", "placez:")
    assert lines and all("places.yaml:" in line for line in lines), lines
