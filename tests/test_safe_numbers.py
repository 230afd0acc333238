"""Numbers mean what they look like, overrides never contradict, and user text cannot steer the
terminal: each attack is refused with file, line and field and exit status 2 (never a traceback).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from svauthor.cli import main
from svauthor.docs.proxy import load_proxy_values
from svauthor.domain.knowledge import KnowledgeBase
from svauthor.errors import InputError
from svauthor.terminal import strip_controls
from svauthor.yamlio import parse_yaml

from .conftest import EXAMPLES

BASE = (EXAMPLES / "wirral-befriending.yaml").read_text(encoding="utf-8")


def check(capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str) -> tuple[int, str, str]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    code = main(["check", str(spec), "--today", "2026-11-27"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "internal problem" not in err
    return code, out, err


@pytest.mark.parametrize(("old", "new", "field", "words"), [
    ("value_gbp: 45000", "value_gbp: 0150000", "value_gbp", "starts with a zero"),
    ("duration_months: 12", "duration_months: 1:00", "duration_months", "base-60"),
    ("value_gbp: 45000", "value_gbp: 45_000", "value_gbp", "underscore"),
    ("value_gbp: 45000", "value_gbp: 0x10000", "value_gbp", "another base"),
    ("value_gbp: 45000", "value_gbp: 45000.0000000000001", "value_gbp", "18 significant digits"),
    ("value_gbp: 45000", "value_gbp: " + "9" * 5000, "value_gbp", "5,000 significant digits"),
    ("value_gbp: 45000", "value_gbp: 1_0.5", "value_gbp", "underscore"),
])
def test_spec_numbers_that_would_change_meaning_are_refused(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, old: str, new: str, field: str,
        words: str) -> None:
    assert old in BASE
    code, out, err = check(capsys, tmp_path, BASE.replace(old, new, 1))
    line = BASE.splitlines().index(old) + 1
    assert code == 2 and out == ""
    assert f"spec.yaml:{line}: {field}: " in err and words in err, err
    assert len(err) < 400  # a 5,000-digit number is not echoed back in full


def test_plain_numbers_still_read_as_written() -> None:
    doc = parse_yaml("a: 150000\nb: 0\nc: -0.25\nd: 1250000.50\ne: .inf\nf: '0150000'\n", "f.yaml")
    assert doc.data == {"a": 150000, "b": 0, "c": -0.25, "d": 1250000.5, "e": float("inf"),
                        "f": "0150000"}


@pytest.mark.parametrize("text", ["a: &x [1, *x]\n", "a: &x {b: {c: *x}}\n",
                                  "a: 1\nb: &y\n  - &z [*y]\n"])
def test_a_value_that_refers_to_itself_is_a_clear_error(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str) -> None:
    with pytest.raises(InputError, match="refers to itself"):
        parse_yaml(text, "f.yaml")
    code, _, err = check(capsys, tmp_path, BASE + "\nextra: &loop [*loop]\n")
    assert code == 2 and "refers to itself" in err and "spec.yaml:" in err


def test_shared_aliases_that_do_not_loop_are_still_fine() -> None:
    assert parse_yaml("a: &x [1]\nb: [*x, *x]\n", "f.yaml").data == {"a": [1], "b": [[1], [1]]}


OVERRIDE = "  - measure: {ref}\n    action: {action}\n    reason: Because we decided so.\n"


@pytest.mark.parametrize(("first", "second", "words"), [
    ("remove", "add", "is both removed and added"),
    ("remove", "remove", "is removed twice"),
    ("add", "add", "is added twice"),
])
def test_contradictory_or_duplicate_overrides_name_both_lines(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, first: str, second: str,
        words: str) -> None:
    head = BASE + "overrides:\n"
    first_line = head.count("\n") + 1
    text = (head + OVERRIDE.format(ref="NT16", action=first)
            + OVERRIDE.format(ref="NT15", action="remove")
            + OVERRIDE.format(ref="NT16", action=second))
    code, _, err = check(capsys, tmp_path, text)
    assert code == 2
    assert f"`NT16` {words}" in err
    assert f"(lines {first_line} and {first_line + 6})" in err, err


@pytest.mark.parametrize(("first", "second", "ok"), [
    ("add", "edit", True), ("remove", "edit", False), ("edit", "edit", False),
])
def test_question_overrides_may_add_then_reword_but_not_contradict(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, kb: KnowledgeBase, first: str,
        second: str, ok: bool) -> None:
    qid = kb.questions[0].id
    item = "  - question: {q}\n    action: {a}\n    reason: Our strategy asks for it.\n    text: Reworded.\n"
    text = BASE + "questions:\n" + item.format(q=qid, a=first) + item.format(q=qid, a=second)
    code, _, err = check(capsys, tmp_path, text)
    assert (code != 2) if ok else (code == 2 and f"question `{qid}`" in err), err


@pytest.mark.parametrize(("value", "hint"), [
    ("95,50", "did you mean `95.50`"),
    ("1,250", "ambiguous"),
    ("1.250,75", "did you mean `1250.75`"),
    ("1.250.000", "did you mean `1250000`"),
    ("9" * 5000, "too many digits"),
])
def test_proxy_values_never_guess_a_decimal_comma(
        tmp_path: Path, kb: KnowledgeBase, value: str, hint: str) -> None:
    ref = kb.framework.measures[0]
    csv = tmp_path / "proxy.csv"
    csv.write_text(f"measure ref;unit;value;source\n{ref.ref};{ref.unit};{value};Our licence\n",
                   encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_proxy_values(csv, kb.framework)
    problem = caught.value.problems[0]
    assert problem.line == 2 and "column `value`" in problem.field
    assert hint in problem.message and len(problem.message) < 300


@pytest.mark.parametrize(("value", "expected"), [("1,250,000", 1_250_000.0), ("1,250.50", 1250.5),
                                                 ("£12.75", 12.75), ("1250", 1250.0)])
def test_unambiguous_proxy_values_are_read(tmp_path: Path, kb: KnowledgeBase, value: str,
                                           expected: float) -> None:
    ref = kb.framework.measures[0]
    csv = tmp_path / "proxy.csv"
    csv.write_text(f'measure ref,unit,value,source\n{ref.ref},{ref.unit},"{value}",Licence\n',
                   encoding="utf-8")
    assert load_proxy_values(csv, kb.framework)[ref.ref].value == expected


def test_escape_codes_in_a_title_never_reach_the_terminal(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    title = next(line for line in BASE.splitlines() if line.startswith("title: "))
    hostile = 'title: "Befriending \\e]0;owned\\a\\e[2J \\u202eevil\\x9b"'
    code, out, err = check(capsys, tmp_path, BASE.replace(title, hostile, 1))
    # A document cannot hold them, so the spec is refused (FINDINGS R3), and the message that
    # says so carries none of them either.
    assert code == 2 and out == ""
    assert ":2: title: contains a control character (U+001B)" in err
    assert not any(ch in out + err for ch in "\x1b\x07\u202e\x9b")


def test_escape_codes_in_error_messages_are_stripped(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    hostile = BASE + '"x\\e[31m": 1\n'  # an unknown key is echoed in its error
    code, _, err = check(capsys, tmp_path, hostile)
    assert code == 2 and "\x1b" not in err and "unknown key `x[31m`" in err


def test_strip_controls_keeps_line_breaks_tabs_and_non_ascii() -> None:
    assert strip_controls("a\tb\nc £1,250 – Môn\x1b[0m\x00") == "a\tb\nc £1,250 – Môn[0m"


def test_an_unquoted_thousands_comma_is_a_row_error_not_a_smaller_number(
        tmp_path: Path, kb: KnowledgeBase) -> None:
    """`£29,000` without quotes splits into `£29` and `000`; it must never become £29."""
    ref = kb.framework.measures[0]
    csv = tmp_path / "proxy.csv"
    csv.write_text(f"measure ref,unit,value,source\n{ref.ref},{ref.unit},£29,000,Licence\n",
                   encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_proxy_values(csv, kb.framework)
    problem = caught.value.problems[0]
    assert problem.line == 2 and "5 values but the header has 4 columns" in problem.message
