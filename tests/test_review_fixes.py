"""Small fixes found in review, each pinned by the behaviour a reader sees."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from svauthor.cli import main
from svauthor.pipeline import SUMMARY_CSV
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


NUMBER_WORDS = {word: n for n, word in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
     "eleven", "twelve"])}


def test_readme_forward_plan_counts_are_what_the_pipeline_says(tmp_path: Path) -> None:
    """The README's sentence about the sample plan is a claim: its counts must stay true."""
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    claim = re.search(r"(\w+) rows fail on purpose \((.*?)\) and\s+(\w+) have warnings",
                      readme, re.S)
    assert claim, "README states how many sample rows fail and warn"
    fails_claimed, warns_claimed = NUMBER_WORDS[claim.group(1)], NUMBER_WORDS[claim.group(3)]
    out = tmp_path / "out"
    main(["pipeline", str(EXAMPLES / "forward-plan.csv"), "-o", str(out),
          "--today", TODAY.isoformat()])
    with (out / SUMMARY_CSV).open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    fails = [r for r in rows if r["result"] == "fail"]
    assert len(fails) == fails_claimed
    assert len([r for r in rows if r["result"] == "warn"]) == warns_claimed
    # The four reasons the README names, one per failing row.
    failing = " ".join(r["failing_checks"] for r in fails)
    for check in ("timetable.pa23_tendering_period", "timetable.order",
                  "timetable.vcfse_window", "weighting.nhs-minimum"):
        assert check in failing
