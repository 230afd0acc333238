"""One bad value in a copied rules folder is reported once, not again as every reference to
the ids its file would have defined (FINDINGS F11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from svauthor.cli import main
from svauthor.paths import question_bank_dir

from .conftest import rules_copy


def _validate(capsys: pytest.CaptureFixture[str], tmp_path: Path, file: str, old: str,
              new: str) -> list[str]:
    rules = rules_copy(tmp_path, file, old, new)
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


def test_validate_points_a_forward_plan_at_the_pipeline(capsys: pytest.CaptureFixture[str]) -> None:
    plan = Path(__file__).resolve().parent.parent / "examples" / "forward-plan.csv"
    assert main(["validate", str(plan)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and len(err) < 300  # one short line, never the whole file
    assert "svauthor pipeline" in err and f"{plan}:" in err


# -- the tracking rules (rules/tracking/tracking.yaml) are validated too -------------------------

def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


@pytest.mark.parametrize(("old", "new", "field", "words"), [
    ("      min_pct_of_target: 90", "      min_pct_of_target: ninety",
     "ratings.scale[id=approaching_target].min_pct_of_target", "must be a number"),
    ("  overall: lowest", "  overal: lowest", "ratings.overal",
     "unknown key `overal` (did you mean `overall`?)"),
])
def test_a_broken_tracking_file_is_named_with_line_and_field(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, old: str, new: str, field: str,
        words: str) -> None:
    rules = rules_copy(tmp_path, "tracking/tracking.yaml", old, new)
    broken = rules / "tracking" / "tracking.yaml"
    line = _line_of(broken, new.strip())
    for args in (["validate", "--rules", str(rules)],  # the whole rules folder in use
                 ["validate", str(rules)],  # a rules folder named
                 ["validate", str(broken)]):  # the file itself
        code = main(args)
        err = capsys.readouterr().err
        assert code == 2 and "Traceback" not in err, args
        assert f"{broken}:{line}: {field}: " in err and words in err, (args, err)


def test_the_shipped_tracking_rules_validate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    assert "ok: tracking rules in " in capsys.readouterr().out


def test_a_folder_of_tenders_is_read_as_tenders(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    """FINDINGS R26: a folder that is neither rules nor a question bank is checked file by file,
    each as what it holds, so valid tenders pass and a broken one is named on its own line."""
    from .conftest import EXAMPLES

    specs = tmp_path / "tenders"
    specs.mkdir()
    for name in ("wirral-befriending.yaml", "council-supplies.yaml"):
        (specs / name).write_text((EXAMPLES / name).read_text("utf-8"), encoding="utf-8")
    assert main(["validate", str(specs)]) == 0
    out = capsys.readouterr().out
    assert f"ok: {specs / 'wirral-befriending.yaml'} (spec)" in out
    assert f"ok: {specs / 'council-supplies.yaml'} (spec)" in out
    bad = specs / "wirral-befriending.yaml"
    bad.write_text(bad.read_text("utf-8").replace("places: [wirral]", "places: [wiral]"),
                   encoding="utf-8")
    assert main(["validate", str(specs)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {bad}:12: places: unknown place `wiral`")
    assert main(["validate", str(question_bank_dir())]) == 0  # a bank folder is still a bank
    assert "(question bank)" in capsys.readouterr().out
