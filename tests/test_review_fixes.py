"""Small fixes found in review, each pinned by the behaviour a reader sees."""

from __future__ import annotations

from pathlib import Path

import pytest

from svauthor.cli import main
from svauthor.ukformat import fmt_months

from .conftest import EXAMPLES, TODAY


@pytest.mark.parametrize(("count", "text"), [(1, "1 month"), (2, "2 months"),
                                             (12, "12 months"), (600, "600 months")])
def test_durations_read_as_english(count: int, text: str) -> None:
    assert fmt_months(count) == text


def test_check_says_one_month_not_one_months(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    source = (EXAMPLES / "wirral-befriending.yaml").read_text(encoding="utf-8")
    assert "duration_months: 12\n" in source
    spec = tmp_path / "one-month.yaml"
    spec.write_text(source.replace("duration_months: 12\n", "duration_months: 1\n"),
                    encoding="utf-8")
    main(["check", str(spec), "--today", TODAY.isoformat()])
    out = capsys.readouterr().out
    assert "over 1 month (about" in out
    assert "1 months" not in out
