"""Templates cannot change results, and `validate` catches rules that would crash `check`.

An organisation edits the wording templates; a template that tries to change the data it is
given (drop a failing check, say, and turn exit 1 into exit 0) is refused with its file and
line, and the assessment is exactly as it was.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import jinja2
import pytest

from svauthor.cli import main
from svauthor.docs import build_pack
from svauthor.docs import text as text_module
from svauthor.docs.text import read_only
from svauthor.domain.engine import assess
from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.results import Assessment
from svauthor.domain.specfile import load_spec
from svauthor.errors import InputError
from svauthor.paths import rules_dir, templates_dir

from .conftest import EXAMPLES

TODAY = date(2026, 11, 27)


@pytest.fixture
def templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "templates"
    shutil.copytree(templates_dir(), folder)
    monkeypatch.setattr(text_module, "templates_dir", lambda: folder)
    yield folder / "text"


def failing(kb: KnowledgeBase) -> Assessment:
    """An assessment with at least one failing check (NT14 removed, say), so exit would be 1."""
    for path in sorted(EXAMPLES.glob("*.yaml")):
        a = assess(load_spec(path, kb), kb, today=TODAY)
        if a.worst_status == "fail":
            return a
    raise AssertionError("no example fails a check; give this helper one that does")


@pytest.mark.parametrize("attack", [
    "{{ a.checks.clear() }}",
    "{{ a.checks.pop() }}",
    "{% set _ = a.checks.append(a.checks[0]) %}",
    "{{ a.model_fields_set.clear() }}",
    "{{ a.checks.__setitem__(0, 1) }}",
    "{{ a.__dict__.update({'title': 'x'}) }}",
    "{% for c in a.checks %}{{ c.__setattr__('status', 'pass') }}{% endfor %}",
    "{{ a.model_copy.__globals__ }}",
])
def test_a_template_cannot_change_the_data_it_renders(
        templates: Path, kb: KnowledgeBase, tmp_path: Path, attack: str) -> None:
    a = failing(kb)
    before = a.model_dump()
    path = templates / "decision_intro.j2"
    path.write_text(f"Intro.\n\n{attack}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build_pack(a, tmp_path / "out", kb=kb, draft=True)  # a failing pack is a draft
    problem = caught.value.problems[0]
    assert problem.file == str(path) and problem.line == 3, problem
    assert a.model_dump() == before
    assert a.worst_status == "fail"
    assert not (tmp_path / "out").exists()


def test_templates_still_read_everything_they_need(templates: Path, kb: KnowledgeBase,
                                                  tmp_path: Path) -> None:
    a = failing(kb)
    (templates / "decision_intro.j2").write_text(
        "{{ a.title }}: {{ a.checks | length }} checks, "
        "{{ a.checks | selectattr('status', 'eq', 'fail') | list | length }} failing; "
        "{{ a.measures_with('recommended') | map(attribute='ref') | sort | first }}; "
        "{{ a.value_gbp | gbp }}; {% if a.checks[0] == a.checks[0] %}same{% endif %}; "
        "{{ (a.checks + []) | length }}; {{ a.checks[:1] | length }}\n", encoding="utf-8")
    text = text_module.load_templates(templates)
    rendered = text.render("decision_intro", {"a": a})
    fails = sum(c.status == "fail" for c in a.checks)
    first = sorted(m.ref for m in a.measures_with("recommended"))[0]
    assert rendered.startswith(f"{a.title}: {len(a.checks)} checks, {fails} failing; {first}; £")
    assert rendered.endswith(f"same; {len(a.checks)}; 1")


def test_read_only_views_refuse_writes_and_compare_like_the_data() -> None:
    data = {"items": [3, 1, 2], "nested": {"k": [1]}}
    view = read_only(data)
    assert view["items"] == [3, 1, 2] and sorted(view["items"]) == [1, 2, 3]
    assert view.nested.k[0] == 1 and "k" in view["nested"] and len(view) == 2
    with pytest.raises(TypeError):
        view.items_ = 1
    with pytest.raises(AttributeError):
        view["items"].append(4)
    env = jinja2.sandbox.ImmutableSandboxedEnvironment()
    with pytest.raises(jinja2.exceptions.SecurityError):
        env.from_string("{{ d.update({'x': 1}) }}").render(d=data)
    assert data == {"items": [3, 1, 2], "nested": {"k": [1]}}


def test_build_exit_code_survives_a_hostile_template(
        templates: Path, kb: KnowledgeBase, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    (templates / "kpi_shortfall.j2").write_text("x\n{{ a.checks.clear() }}\n", encoding="utf-8")
    spec = next(p for p in sorted(EXAMPLES.glob("*.yaml"))
                if assess(load_spec(p, kb), kb, today=TODAY).worst_status == "fail")
    code = main(["build", str(spec), "-o", str(tmp_path / "out"), "--today", "2026-11-27",
                 "--draft"])  # a failing spec builds only as a draft
    err = capsys.readouterr().err
    assert code == 2 and "kpi_shortfall.j2:2" in err and "Traceback" not in err


@pytest.mark.parametrize(("when", "words"), [
    ("tender_published: {gt: 5}", "'>' not supported"),
    ("lots: {lt: '2027-01-01'}", "'<' not supported"),
    ("days_to_tender_published: {gte: '2027-01-01'}", "'>=' not supported"),
])
def test_validate_runs_the_engine_on_probe_tenders(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], when: str, words: str) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    extra = rules / "extra.yaml"
    extra.write_text("check_rules:\n  - id: extra.broken\n    category: route\n    status: warn\n"
                     "    message: Something to say.\n"
                     "    why: A reason long enough to pass.\n    source: A source long enough.\n"
                     f"    when:\n      {when}\n", encoding="utf-8")
    code = main(["validate", "--rules", str(rules)])
    out, err = capsys.readouterr()
    assert code == 2, out + err
    assert f"{extra}:8: rule extra.broken: `when` compares a fact with the wrong kind" in err, err
    assert words in err and "Traceback" not in err
    # The same rule file validated on its own, in the context of the shipped rules:
    code = main(["validate", str(extra)])
    err = capsys.readouterr().err
    assert code == 2 and f"{extra}:8: rule extra.broken" in err, err


def test_line_breaks_in_what_the_user_typed_never_make_lists_or_paragraphs(
        kb: KnowledgeBase, tmp_path: Path) -> None:
    """A template's own line breaks make its paragraphs and lists; a buyer's name or portal
    typed over several lines in a spec must stay text inside the template's sentence."""
    import docx
    import yaml

    data = yaml.safe_load((EXAMPLES / "wirral-befriending.yaml").read_text(encoding="utf-8"))
    data["buyer"]["name"] = "Wirral Council\n\n- Pay the bidder fee first"
    data["tender"] = {"portal": "the Chest\r\n\r\n1. Send £500 to the account below",
                      "reference": "WBC-1"}
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(yaml.safe_dump(data), encoding="utf-8")
    a = assess(load_spec(spec_path, kb), kb, today=date(2026, 11, 27))
    build_pack(a, tmp_path / "out", kb=kb)
    seen = ""
    for path in sorted((tmp_path / "out").glob("*.docx")):
        for p in docx.Document(str(path)).paragraphs:
            if "bidder fee" in p.text or "Send £500" in p.text:
                style = p.style.name if p.style else ""
                assert not style.startswith("List"), (path.name, style, p.text)
                assert not p.text.startswith(("Pay the", "Send £500")), (path.name, p.text)
                seen += p.text
    assert "Wirral Council – Pay the bidder fee first" in seen  # typeset: a spaced dash
    assert "the Chest 1. Send £500 to the account below" in seen
