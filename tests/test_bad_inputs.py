"""Malformed inputs: each one gets a clear message naming the file (and line and field where
there is one), exit status 2, no traceback and nothing written.

Specs go through `svauthor check` (stdout must stay empty) and `svauthor build`; rule and
question-bank folders through `svauthor validate`; forward plans through `svauthor pipeline`,
where a bad file stops the run before anything is written and a bad row is reported with its
row and column while the rest of the plan is still checked.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from svauthor.cli import main
from svauthor.paths import question_bank_dir, rules_dir

from .conftest import EXAMPLES

BASE = (EXAMPLES / "wirral-befriending.yaml").read_text(encoding="utf-8")
TODAY = ["--today", "2026-11-27"]


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() if p.is_file() else b"<dir>"
            for p in sorted(root.rglob("*"))}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "internal problem" not in err
    return code, out, err


def edit(old: str, new: str) -> bytes:
    assert old in BASE, old
    return BASE.replace(old, new, 1).encode("utf-8")


def append(text: str) -> bytes:
    return (BASE + text).encode("utf-8")


ALIAS_BOMB = b"""a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
"""

# (case id, file content, fragments the error must contain). `{f}` is the file's path.
SPEC_CASES: list[tuple[str, bytes, list[str]]] = [
    ("empty", b"", ["{f}:1:", "empty"]),
    ("only-comments", b"# nothing here\n", ["{f}:1:", "no content"]),
    ("binary-junk", bytes(range(256)) * 8, ["{f}:", "binary"]),
    ("alias-bomb", ALIAS_BOMB, ["{f}:4:", "aliases"]),
    ("not-utf8", b"title: Caf\xe9 services\n", ["{f}:1:", "not UTF-8"]),
    ("duplicate-key", edit("value_gbp: 45000", "value_gbp: 45000\nvalue_gbp: 50000"),
     ["{f}:11:", "duplicate key `value_gbp`", "line 10"]),
    ("value-1e400", edit("value_gbp: 45000", "value_gbp: 1e400"), ["{f}:10: value_gbp:"]),
    ("value-10-to-30", edit("value_gbp: 45000", f"value_gbp: {10**30}"),
     ["{f}:10: value_gbp:", "100000000000"]),
    ("value-nan", edit("value_gbp: 45000", "value_gbp: .nan"), ["{f}:10: value_gbp:"]),
    ("date-uk-31-feb", edit("tender_published: 2027-02-01", "tender_published: 31/02/2027"),
     ["{f}:15: timetable.tender_published:", "31/02/2027", "YYYY-MM-DD"]),
    ("date-iso-31-feb", edit("tender_published: 2027-02-01", "tender_published: 2027-02-31"),
     ["{f}:15: timetable.tender_published:", "not a valid date"]),
    ("date-1899", edit("contract_start: 2027-06-01", "contract_start: 1899-06-01"),
     ["{f}:19: timetable.contract_start:", "not a plausible procurement date"]),
    ("service-type-misspelt", edit("service_type: community_support",
                                   "service_type: comunity_suport"),
     ["{f}:9: service_type:", "did you mean `community_support`"]),
    ("unknown-place", edit("places: [wirral]", "places: [wiral]"),
     ["{f}:12: places:", "unknown place `wiral`", "did you mean `wirral`"]),
    ("unknown-need", edit("local_needs: [isolation, mental_wellbeing]",
                          "local_needs: [isolation, wellbeing]"),
     ["{f}:13: local_needs:", "unknown local need `wellbeing`"]),
    ("unknown-key", edit("duration_months: 12", "duration_months: 12\nvalu: 3"),
     ["{f}:12: valu:", "unknown key `valu`", "allowed keys"]),
    ("unknown-nested-key",
     edit("  sector: local_authority", "  sector: local_authority\n  secter: x"),
     ["{f}:6: buyer.secter:", "unknown key"]),
    ("spec-is-a-list", b"- title: one\n- title: two\n", ["{f}:1:", "holds a list"]),
    ("spec-is-a-scalar", b"just some text\n", ["{f}:1:", "single value"]),
    ("spec-is-a-long-csv-line", ("title,buyer," + "x" * 20000 + "\n").encode(),
     ["{f}:1:", "single value ('title,buyer,xxx", "...)"]),
    ("yaml-syntax", b"title: [unclosed\n", ["{f}:2:", "invalid YAML"]),
    ("nested-too-deeply", ("a: " + "[" * 3000 + "]" * 3000 + "\n").encode(),
     ["{f}:", "invalid YAML", "nest"]),
    ("wrong-type-duration", edit("duration_months: 12", "duration_months: twelve"),
     ["{f}:11: duration_months:", "must be a number", "twelve"]),
    ("wrong-type-places", edit("places: [wirral]", "places: wirral"),
     ["{f}:12: places:", "must be a list"]),
    ("wrong-type-buyer", edit("buyer:\n  name: Wirral Council\n  sector: local_authority",
                              "buyer: Wirral Council"), ["{f}:3: buyer:", "mapping"]),
    ("negative-value", edit("value_gbp: 45000", "value_gbp: -45000"),
     ["{f}:10: value_gbp:", "greater than 0"]),
    ("missing-required", edit("service_type: community_support\n", ""),
     ["service_type:", "required field is missing"]),
    ("unknown-sector", edit("sector: local_authority", "sector: local_authorty"),
     ["{f}:5: buyer.sector:", "did you mean `local_authority`"]),
    ("procedure-not-in-regime", edit("procedure: open", "procedure: competitive_flexible"),
     ["{f}:6: route:", "not a procedure of below_threshold"]),
    ("override-without-reason", append("overrides:\n  - measure: NT14\n    action: remove\n"),
     ["overrides[measure=NT14].reason:", "required field is missing"]),
    ("override-unknown-measure",
     append("overrides:\n  - measure: NT999\n    action: remove\n    reason: Not wanted here\n"),
     ["overrides[measure=NT999].measure:", "unknown measure `NT999`"]),
    ("override-bad-action",
     append("overrides:\n  - measure: NT14\n    action: delete\n    reason: Not wanted here\n"),
     ["overrides[measure=NT14].action:", "`delete` is not allowed"]),
    ("question-unknown", append("questions:\n  - question: no-such-question\n    action: remove\n"
                                "    reason: Not wanted here\n"),
     ["questions[question=no-such-question].question:", "unknown question"]),
    # An edit with no wording used to be accepted and change nothing (yet be recorded).
    ("question-edit-empty", append("questions:\n  - question: partner-vcfse\n    action: edit\n"
                                   "    reason: Shorter for small charities\n    text: \"  \"\n"),
     ["{f}:24: questions[question=partner-vcfse].text:", "needs the new wording"]),
    ("question-edit-without-text", append("questions:\n  - question: partner-vcfse\n"
                                          "    action: edit\n    reason: Shorter please\n"),
     ["{f}:21: questions[question=partner-vcfse].text:", "needs the new wording"]),
    # Messages in the file's own words (FINDINGS R28).
    ("value-1e6", edit("value_gbp: 45000", "value_gbp: 1e6"),
     ["{f}:10: value_gbp:", "got `1e6`; write it as 1000000"]),
    ("title-null", edit("title: Wirral Community Befriending Service", "title: null"),
     ["{f}:2: title: must be text, got `null`"]),
    ("value-true", edit("value_gbp: 45000", "value_gbp: true"),
     ["{f}:10: value_gbp: must be a number, got `true`"]),
    ("complex-key", append("? [a, b]\n: c\n"), [": [a, b]: invalid YAML", "plain value"]),
    ("utf-16", BASE.encode("utf-16"), ["{f}:1: is UTF-16 text; save it as UTF-8"]),
    # Pasted from a PDF or a terminal: Word and Excel cannot hold these, so `build` used to stop
    # with "internal problem" (FINDINGS R3). YAML's own escapes put them in a quoted string.
    ("title-vertical-tab", edit("title: Wirral Community Befriending Service",
                                'title: "Wirral \\u000b Befriending"'),
     ["{f}:2: title:", "control character (U+000B)", "remove it"]),
    ("buyer-bell", edit("name: Wirral Council", 'name: "Wirral \\a Council"'),
     ["{f}:4: buyer.name:", "control character (U+0007)"]),
    ("title-escape-sequence", edit("title: Wirral Community Befriending Service",
                                   'title: "\\e[31mWirral"'),
     ["{f}:2: title:", "control character (U+001B)"]),
    # 0.1 is Excel's 10%: refused with the reading it most likely meant (FINDINGS R38).
    ("weighting-fraction", edit("duration_months: 12",
                                "duration_months: 12\nevaluation: {social_value_pct: 0.1}"),
     ["{f}:12: evaluation.social_value_pct:", "`0.1` looks like a fraction",
      "did you mean 10%?"]),
    ("qualitative-fraction", edit("duration_months: 12",
                                  "duration_months: 12\nevaluation:\n  qualitative_pct: 0.725"),
     ["{f}:13: evaluation.qualitative_pct:", "did you mean 72.5%?"]),
    ("reason-non-character",
     append('overrides:\n  - measure: NT14\n    action: remove\n    reason: "No \\uFFFE"\n'),
     ["overrides[measure=NT14].reason:", "not text (U+FFFE)"]),
]


@pytest.mark.parametrize(("name", "content", "fragments"), SPEC_CASES,
                         ids=[c[0] for c in SPEC_CASES])
def test_bad_spec_check(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str,
                        content: bytes, fragments: list[str]) -> None:
    spec = tmp_path / f"{name}.yaml"
    spec.write_bytes(content)
    before = snapshot(tmp_path)
    code, out, err = run(capsys, "check", str(spec), *TODAY)
    assert code == 2
    assert out == ""
    assert err.startswith("error: ")
    for fragment in fragments:
        assert fragment.format(f=spec) in err, err
    assert len(err) < 2000, f"{len(err)} characters: a message should name the problem, not echo"
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("name", ["binary-junk", "date-uk-31-feb", "override-unknown-measure",
                                  "service-type-misspelt", "title-vertical-tab",
                                  "title-escape-sequence"])
def test_bad_spec_build_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                       name: str) -> None:
    content = next(c for n, c, _ in SPEC_CASES if n == name)
    spec = tmp_path / "spec.yaml"
    spec.write_bytes(content)
    before = snapshot(tmp_path)
    code, _, err = run(capsys, "build", str(spec), "-o", str(tmp_path / "pack"), *TODAY)
    assert code == 2 and str(spec) in err
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(("kind", "fragment"), [("missing", "file not found"),
                                                ("folder", "is a folder")])
def test_spec_path_that_is_not_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                      kind: str, fragment: str) -> None:
    path = tmp_path / "spec.yaml"
    if kind == "folder":
        path.mkdir()
    code, out, err = run(capsys, "check", str(path))
    assert code == 2 and out == "" and f"{path}:" in err and fragment in err


# --------------------------------------------------------------------------- rules and bank


def _copy_data(tmp_path: Path) -> tuple[Path, Path]:
    rules = tmp_path / "rules"
    bank = tmp_path / "bank"
    shutil.copytree(rules_dir(), rules)
    shutil.copytree(question_bank_dir(), bank)
    return rules, bank


def _replace_in(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in the file; return the line it is on."""
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    return text[:at].count("\n") + 1


def _unknown_fact(rules: Path, bank: Path) -> tuple[Path, int, list[str]]:
    path = rules / "relevance.yaml"
    line = _replace_in(path, "when: {service_type:", "when: {servce_type:")
    return path, line, ["unknown fact `servce_type`", "did you mean `service_type`"]


def _dangling_outcome(rules: Path, bank: Path) -> tuple[Path, int, list[str]]:
    path = rules / "additionality.yaml"
    line = _replace_in(path, "outcomes: [independent_living]", "outcomes: [independent_livng]")
    return path, line, ["unknown outcome `independent_livng`", "did you mean `independent_living`"]


def _unknown_band(rules: Path, bank: Path) -> tuple[Path, int, list[str]]:
    path = rules / "frameworks" / "cm_toms.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nsurprise: true\n", encoding="utf-8")
    return path, text.count("\n") + 2, ["unknown key `surprise`"]


def _duplicate_question(rules: Path, bank: Path) -> tuple[Path, int, list[str]]:
    path = bank / "social.yaml"
    ids = [line.split("id:", 1)[1].strip() for line in path.read_text().splitlines()
           if line.startswith("  - id:")]
    line = _replace_in(path, f"  - id: {ids[1]}\n", f"  - id: {ids[0]}\n")
    return path, line, [f"duplicate question id `{ids[0]}`"]


def _binary_rule_file(rules: Path, bank: Path) -> tuple[Path, int, list[str]]:
    path = rules / "weighting.yaml"
    path.write_bytes(b"\x00\x01\x02" * 100)
    return path, 0, ["binary"]


def _missing_manifest(rules: Path, bank: Path) -> tuple[Path, int, list[str]]:
    path = rules / "ruleset.yaml"
    path.unlink()
    return path, 0, ["file not found"]


RULE_CASES: list[tuple[str, Callable[[Path, Path], tuple[Path, int, list[str]]]]] = [
    ("rule-unknown-fact-in-when", _unknown_fact),
    ("rule-dangling-outcome-ref", _dangling_outcome),
    ("framework-unknown-key", _unknown_band),
    ("bank-duplicate-question-id", _duplicate_question),
    ("rule-file-binary", _binary_rule_file),
    ("rules-without-manifest", _missing_manifest),
]


@pytest.mark.parametrize(("name", "breaker"), RULE_CASES, ids=[c[0] for c in RULE_CASES])
def test_bad_rules_and_bank(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str,
                            breaker: Callable[[Path, Path], tuple[Path, int, list[str]]]) -> None:
    rules, bank = _copy_data(tmp_path)
    path, line, fragments = breaker(rules, bank)
    before = snapshot(tmp_path)
    code, out, err = run(capsys, "validate", "--rules", str(rules), "--bank", str(bank))
    assert code == 2
    where = f"{path}:{line}:" if line else f"{path}:"
    assert where in err, err
    for fragment in fragments:
        assert fragment in err, err
    # The same broken data stops `check` too, before any output.
    code, out, err = run(capsys, "check", str(EXAMPLES / "wirral-befriending.yaml"),
                         "--rules", str(rules), "--bank", str(bank))
    assert code == 2 and out == "" and where in err
    assert snapshot(tmp_path) == before


# --------------------------------------------------------------------------- forward-plan CSV

HEADER = ("title,buyer,sector,regime,procedure,service_type,value_gbp,duration_months,places,"
          "local_needs,vcfse_suitable,tender_published,tender_deadline")
GOOD_START = ("Befriending,Wirral Council,local_authority,below_threshold,open,community_support,"
              "45000,12,wirral,isolation")
GOOD = GOOD_START + ",,,"


def dated(published: str, deadline: str = "2027-04-01") -> str:
    return f"{GOOD_START},,{published},{deadline}"


CSV_FILE_CASES: list[tuple[str, bytes | None, list[str]]] = [
    ("missing-file", None, ["{f}:", "file not found"]),
    ("empty", b"", ["{f}:1:", "empty"]),
    ("blank-lines-only", b"\n\n  \n", ["{f}:1:", "empty"]),
    ("binary", bytes(range(256)) * 8, ["{f}:", "binary"]),
    ("excel-workbook", b"PK\x03\x04" + bytes(200), ["{f}:", "Excel", "CSV UTF-8"]),
    ("not-utf8", f"{HEADER}\n{GOOD.replace('45000', 'X')}\n".encode() + b"Caf\xe9,\xa3100\n",
     ["{f}:3:", "not UTF-8"]),
    ("no-header", f"{GOOD}\n{GOOD}\n".encode(), ["{f}:1:", "header naming the columns"]),
    ("blank-first-line", f"\n{HEADER}\n{GOOD}\n".encode(), ["{f}:1:", "first line is blank"]),
    ("header-only", f"{HEADER}\n".encode(), ["{f}:2:", "no procurement rows"]),
    ("missing-columns", b"title,buyer,sector\nA,B,nhs\n",
     ["{f}:1: header:", "missing required column `value_gbp`",
      "missing required column `service_type`"]),
    ("misspelt-header", f"{HEADER.replace('value_gbp', 'valu_gbp')}\n{GOOD}\n".encode(),
     ["{f}:1: header:", "missing required column `value_gbp`",
      "did you mean the column headed `valu_gbp`"]),
    ("misspelt-optional-header",
     f"{HEADER.replace('tender_deadline', 'tender_deadlne')}\n{GOOD}\n".encode(),
     ["{f}:1: header:", "unknown column `tender_deadlne`", "did you mean `tender_deadline`"]),
    ("duplicate-column", f"{HEADER},title\n{GOOD},again\n".encode(),
     ["{f}:1: header:", "`title` appears twice"]),
    ("semicolons", f"{HEADER.replace(',', ';')}\n{GOOD.replace(',', ';')}\n".encode(),
     ["{f}:1:", "semicolons", "comma-separated"]),
]


@pytest.mark.parametrize(("name", "content", "fragments"), CSV_FILE_CASES,
                         ids=[c[0] for c in CSV_FILE_CASES])
def test_unusable_plan_file(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str,
                            content: bytes | None, fragments: list[str]) -> None:
    plan = tmp_path / "plan.csv"
    if content is not None:
        plan.write_bytes(content)
    before = snapshot(tmp_path)
    code, out, err = run(capsys, "pipeline", str(plan), "-o", str(tmp_path / "out"), *TODAY)
    assert code == 2
    assert out == ""
    for fragment in fragments:
        assert fragment.format(f=plan) in err, err
    assert snapshot(tmp_path) == before, "nothing is written for an unusable plan"


def test_an_output_folder_name_too_long_for_the_disk(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    """The machine's refusal of a path the user gave is the user's to put right: a message
    naming the path and exit 2, never an internal problem."""
    out = tmp_path / ("x" * 300)
    code, _out, err = run(capsys, "build", str(EXAMPLES / "wirral-befriending.yaml"), "-o",
                          str(out), *TODAY)
    assert code == 2 and err.startswith("error: ") and "internal problem" not in err, err
    assert "x" * 300 in err and "too long" in err


def test_output_that_is_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(f"{HEADER}\n{GOOD}\n", encoding="utf-8")
    out = tmp_path / "out"
    out.write_text("not a folder")
    before = snapshot(tmp_path)
    code, _, err = run(capsys, "pipeline", str(plan), "-o", str(out), *TODAY)
    assert code == 2 and f"{out}:" in err and "must be a folder" in err
    assert snapshot(tmp_path) == before


# (case id, the bad row, column named, fragments of the reason)
CSV_ROW_CASES: list[tuple[str, str, str, list[str]]] = [
    ("bad-money", GOOD.replace("45000", "forty-five thousand"), "value_gbp",
     ["not an amount of money", "£1,250,000"]),
    ("negative-money", GOOD.replace("45000", '"-£45,000"'), "value_gbp", ["negative"]),
    ("huge-money", GOOD.replace("45000", str(10**30)), "value_gbp", ["the most svauthor accepts"]),
    ("bad-date-uk", dated("31/02/2027"), "tender_published",
     ["31/02/2027", "February 2027 has 28 days"]),
    ("bad-date-iso", dated("2027-02-31"), "tender_published",
     ["not a real date"]),
    ("date-1899", dated("01/03/1899"), "tender_published",
     ["not a plausible procurement date"]),
    ("not-a-date", dated("next spring"), "tender_published",
     ["not a date"]),
    ("unknown-place", GOOD.replace(",wirral,", ",wiral,"), "places",
     ["unknown place `wiral`", "did you mean `wirral`"]),
    ("unknown-need", GOOD.replace(",isolation,", ",isolaton,"), "local_needs",
     ["unknown local need", "did you mean `isolation`"]),
    ("unknown-service", GOOD.replace("community_support", "befriending"), "service_type",
     ["unknown service type `befriending`"]),
    ("unknown-sector", GOOD.replace("local_authority", "parish"), "sector",
     ["`parish` is not allowed"]),
    ("procedure-not-in-regime", GOOD.replace(",open,", ",direct_award_a,"), "procedure",
     ["not a procedure of below_threshold"]),
    ("blank-buyer", GOOD.replace("Wirral Council", ""), "buyer", ["blank"]),
    ("duration-zero", GOOD.replace(",12,", ",0,"), "duration_months",
     ["greater than or equal to 1"]),
    ("duration-words", GOOD.replace(",12,", ",a year,"), "duration_months",
     ["not a whole number"]),
    ("bad-yes-no", GOOD.replace("isolation,,", "isolation,maybe,"), "vcfse_suitable",
     ["yes or no"]),
    ("too-many-values", GOOD + ",extra,values", "row", ["values but the header has"]),
]


@pytest.mark.parametrize(("name", "row", "column", "fragments"), CSV_ROW_CASES,
                         ids=[c[0] for c in CSV_ROW_CASES])
def test_bad_plan_row_is_skipped_and_the_run_goes_on(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, row: str, column: str,
        fragments: list[str]) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(f"{HEADER}\n{GOOD}\n{row}\n{GOOD}\n", encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, err = run(capsys, "pipeline", str(plan), "-o", str(out), *TODAY)
    assert code == 1  # the run finished; a skipped row needs attention
    assert f"{plan}:3: {column}:" in err, err
    for fragment in fragments:
        assert fragment in err, err
    assert "Checked 2 procurements" in stdout and "1 row skipped" in stdout
    with (out / "pipeline-summary.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["row"], r["result"]) for r in rows] == [("2", "pass"), ("3", "skipped"),
                                                       ("4", "pass")]
    assert rows[1]["problems"].startswith(f"{column}:")
    import docx

    skipped_table = docx.Document(str(out / "pipeline-summary.docx")).tables[-1]
    assert [c.text for c in skipped_table.rows[1].cells][:2] == ["3", column]


@pytest.mark.parametrize(("cell", "meant"), [("0.1", "10%"), ("0.5%", "50%"), (".15", "15%")])
def test_a_fractional_percentage_in_a_plan_is_refused(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path, cell: str,
                                                     meant: str) -> None:
    """A plan row whose weighting reads 0.1 is skipped naming row and column, never 0.1%."""
    plan = tmp_path / "plan.csv"
    plan.write_text(f"{HEADER},social_value_pct\n{GOOD},10\n{GOOD},{cell}\n{GOOD},0\n",
                    encoding="utf-8")
    code, _out, err = run(capsys, "pipeline", str(plan), "-o", str(tmp_path / "out"), *TODAY)
    assert code == 1
    assert f"{plan}:3: social_value_pct: `{cell}` looks like a fraction: did you mean {meant}?" \
        in err, err
    assert f"{plan}:2:" not in err and f"{plan}:4:" not in err  # 10 and 0 mean what they say
