"""The Word tender pack: real content, accessibility, atomic writes and every user-facing error."""

from __future__ import annotations

import io
import itertools
import math
import re
import shutil
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from svauthor.cli import main
from svauthor.docs import PACK_DOCUMENTS, build_pack
from svauthor.docs import text as text_module
from svauthor.docs.documents import contract_years
from svauthor.docs.pack import slugify
from svauthor.docs.word import REQUIRED_STYLES, Writer, load_base, typeset
from svauthor.domain.engine import assess
from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.results import Assessment
from svauthor.domain.specfile import load_spec
from svauthor.errors import InputError
from svauthor.paths import templates_dir

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def assessments(kb: KnowledgeBase) -> dict[str, Assessment]:
    return {p.name: assess(load_spec(str(p), kb), kb, today=TODAY) for p in EXAMPLES}


@pytest.fixture()
def wirral(assessments: dict[str, Assessment]) -> Assessment:
    return assessments["wirral-befriending.yaml"]


# -- reading helpers ----------------------------------------------------------------------------

def by_suffix(paths: list[Path], suffix: str) -> Document:
    (path,) = [p for p in paths if p.name.endswith(f"-{suffix}.docx")]
    return docx.Document(str(path))


def body_paragraphs(d: Document) -> list[Paragraph]:
    return list(d.paragraphs)


def cell_paragraphs(d: Document) -> Iterator[Paragraph]:
    for table in d.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def all_text(d: Document) -> str:
    parts = [p.text for p in body_paragraphs(d)] + [p.text for p in cell_paragraphs(d)]
    for section in d.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


def headings(d: Document) -> list[tuple[int, str]]:
    out = []
    for p in d.paragraphs:
        m = re.fullmatch(r"Heading (\d)", style_name(p))
        if m:
            out.append((int(m.group(1)), p.text))
    return out


def table_after_caption(d: Document, caption_part: str) -> Table:
    """The table that follows the caption paragraph containing `caption_part`."""
    body = list(d.element.body.iterchildren())
    for i, el in enumerate(body):
        text = "".join(el.itertext())
        if el.tag == qn("w:p") and text.startswith("Table ") and caption_part in text:
            nxt = body[i + 1]
            assert nxt.tag == qn("w:tbl"), f"no table after caption {caption_part!r}"
            return docx.table.Table(nxt, d)
    raise AssertionError(f"no caption containing {caption_part!r}")


def column(table: Table, index: int = 0) -> list[str]:
    return [row.cells[index].text for row in table.rows[1:]]


def style_name(p: Paragraph) -> str:
    """The paragraph's style name (python-docx types the style as optional)."""
    assert p.style is not None
    return str(p.style.name)


def pct_value(text: str) -> float:
    return float(text.rstrip("%"))


# -- one full pack per example ------------------------------------------------------------------

@pytest.mark.parametrize("spec_path", EXAMPLES, ids=lambda p: p.stem)
def test_pack_for_example(spec_path: Path, assessments: dict[str, Assessment], kb: KnowledgeBase,
                          tmp_path: Path) -> None:
    a = assessments[spec_path.name]
    paths = build_pack(a, tmp_path / "out", kb=kb, draft=bool(a.blocking_checks()))
    expected = [d for d in PACK_DOCUMENTS if d.applies(a)]
    assert [p.name for p in paths] == [d.filename(a.title) for d in expected]
    assert all(p.name.startswith(slugify(a.title) + "-") for p in paths)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in paths)
    assert (a.timetable is not None) == any("timetable-check" in p.name for p in paths)

    for path in paths[:-1]:  # the Word documents; the last file is the commitments workbook
        d = docx.Document(str(path))
        props = d.core_properties
        assert a.title in props.title
        assert props.subject
        assert props.author == a.buyer
        assert props.language == "en-GB"

        # Title first, then headings in order without skipping a level.
        assert style_name(d.paragraphs[0]) == "Title"
        levels = [lvl for lvl, _ in headings(d)]
        assert levels and levels[0] == 1
        assert all(b <= a_ + 1 for a_, b in itertools.pairwise(levels)), levels
        assert not any(style_name(p).startswith("Heading") and not p.text.strip()
                       for p in d.paragraphs)

        text = all_text(d)
        assert "{{" not in text and "{%" not in text and "}}" not in text
        empty = [p for p in [*body_paragraphs(d), *cell_paragraphs(d)] if not p.text.strip()]
        assert not empty, f"{path.name}: {len(empty)} empty paragraph(s)"
        # No bold-only paragraphs pretending to be headings.
        for p in d.paragraphs:
            if style_name(p) == "Normal" and p.runs:
                assert not all(r.bold for r in p.runs), p.text

        for table in d.tables:
            tr_pr = table.rows[0]._tr.trPr
            assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
            tbl_pr = table._tbl.tblPr
            assert tbl_pr.find(qn("w:tblCaption")) is not None
            assert tbl_pr.find(qn("w:tblDescription")) is not None

        styles = d.styles.element
        assert styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(
            qn("w:rPr")).find(qn("w:lang")).get(qn("w:val")) == "en-GB"
        for name in ("Normal", "Heading 1", "Heading 2", "List Bullet"):
            lang = d.styles[name].element.rPr.find(qn("w:lang"))
            assert lang.get(qn("w:val")) == "en-GB"

    recommended = [m.ref for m in a.measures_with("recommended")]
    sv = a.weighting.social_value_pct

    # 1. Questions for bidders.
    q = by_suffix(paths, "questions")
    heading_texts = [t for _, t in headings(q)]
    for i, question in enumerate(a.questions, start=1):
        assert f"Question {i}: {typeset(question.title)}" in heading_texts
    commitments = table_after_caption(q, "the measures asked for")
    refs = [c.split("\n")[0] for c in column(commitments)]
    assert refs == recommended
    header = [c.text for c in commitments.rows[0].cells]
    years = [h for h in header if h.startswith("Year")]
    assert len(years) == min(math.ceil(a.duration_months / 12), 7)
    for row in commitments.rows[1:]:
        ref = row.cells[0].text.split("\n")[0]
        measure = next(m for m in a.measures if m.ref == ref)
        assert ("Partner VCFSE" in row.cells[0].text) == measure.partner_vcfse
    marks = table_after_caption(q, "Social Value marks")
    values = [pct_value(v) for v in column(marks, 2)]
    assert sum(values[:-1]) == pytest.approx(sv, abs=0.011)
    assert values[-1] == pytest.approx(sv)
    assert any(style_name(p) == "List Bullet" for p in q.paragraphs)

    # 2. Evaluator guide: marks add up to the Social Value weighting.
    ev = by_suffix(paths, "evaluator-guide")
    glance = table_after_caption(ev, "Marks for each part")
    values = [pct_value(v) for v in column(glance, 2)]
    assert sum(values[:-1]) == pytest.approx(sv, abs=0.011)
    assert values[-1] == pytest.approx(sv)
    question_marks = [pct_value(v) for v in column(glance, 2)[:len(a.questions)]]
    assert question_marks == pytest.approx([qd.marks_pct for qd in a.questions])
    scale = table_after_caption(ev, "Scoring scale")
    assert kb.rules.scoring_scale is not None
    assert [r.cells[1].text for r in scale.rows[1:]] == [  # one ordering: lowest first
        lvl.label for lvl in sorted(kb.rules.scoring_scale.levels, key=lambda x: x.score)]
    ev_text = all_text(ev)
    for question in a.questions:
        for point in question.strong_answer:
            assert point in ev_text
    assert any(style_name(p) == "List Number" for p in ev.paragraphs)

    # 3. Timetable report.
    if a.timetable is not None:
        tt = by_suffix(paths, "timetable-check")
        summary = table_after_caption(tt, "Timetable checks")
        assert len(column(summary)) == len(a.timetable.checks)
        assert set(column(summary, 1)) <= {"Pass", "Warning", "Fail"}
        tt_text = all_text(tt)
        for c in a.timetable.checks:
            assert c.id in tt_text  # in the rule-reference appendix

    # 4. KPI schedule.
    k = by_suffix(paths, "kpi-schedule")
    kpis = table_after_caption(k, "Social Value KPIs")
    assert [c.split("\n")[0] for c in column(kpis, 1)] == recommended
    assert all("quarterly" in c.lower() for c in column(kpis, 5))
    k_text = all_text(k)
    assert "recovery plan" in k_text.lower() and "escalated" in k_text.lower()
    width, height = k.sections[0].page_width, k.sections[0].page_height
    assert width is not None and height is not None and width > height  # landscape

    # 5. Decision record.
    dr = by_suffix(paths, "decision-record")
    dr_text = all_text(dr)
    for m in a.measures:
        assert m.ref in dr_text
        for r in m.reasons:
            assert r.rule in dr_text
    for c in a.checks:
        assert c.id in dr_text
    for o in a.overrides:
        assert o.reason in dr_text
    assert typeset(a.rules_version) in dr_text
    assert "27 November 2026" in dr_text
    assert a.band.label in dr_text


def test_override_reasons_recorded(assessments: dict[str, Assessment], kb: KnowledgeBase,
                                   tmp_path: Path) -> None:
    a = assessments["council-facilities.yaml"]
    assert a.overrides, "the example should carry an override"
    paths = build_pack(a, tmp_path, kb=kb)
    table = table_after_caption(by_suffix(paths, "decision-record"), "Overrides recorded")
    assert [r.cells[1].text for r in table.rows[1:]] == [o.target for o in a.overrides]
    assert [r.cells[4].text for r in table.rows[1:]] == [o.reason for o in a.overrides]


def test_no_timetable_no_timetable_report(kb: KnowledgeBase, tmp_path: Path) -> None:
    spec = load_spec(str(ROOT / "examples" / "wirral-befriending.yaml"), kb)
    a = assess(spec.model_copy(update={"timetable": None}), kb, today=TODAY)
    paths = build_pack(a, tmp_path, kb=kb)
    assert len(paths) == 6  # five Word documents and the commitments workbook
    assert not any("timetable" in p.name for p in paths)


def test_marks_add_up_without_questions(assessments: dict[str, Assessment], kb: KnowledgeBase,
                                        tmp_path: Path) -> None:
    a = assessments["council-facilities.yaml"].model_copy(update={"questions": []})
    paths = build_pack(a, tmp_path, kb=kb)
    for suffix, caption in (("questions", "Social Value marks"),
                            ("evaluator-guide", "Marks for each part")):
        table = table_after_caption(by_suffix(paths, suffix), caption)
        values = [pct_value(v) for v in column(table, 2)]
        assert sum(values[:-1]) == pytest.approx(a.weighting.social_value_pct)
        assert "no question selected" in table.rows[1].cells[0].text


def test_numbered_lists_restart(wirral: Assessment, kb: KnowledgeBase, tmp_path: Path) -> None:
    paths = build_pack(wirral, tmp_path, kb=kb)
    ev = by_suffix(paths, "evaluator-guide")
    numbered = [p for p in ev.paragraphs if style_name(p) == "List Number"]
    ids: list[Any] = []
    for p in numbered:
        ppr = p._p.pPr
        numpr: Any = ppr.numPr if ppr is not None else None  # python-docx types this as a descriptor
        ids.append(numpr.numId.val if numpr is not None else None)
    # Two lists (commitments scoring, moderation): the second has its own, restarting, list id.
    assert len(set(ids)) == 2


def test_odd_characters_in_title(wirral: Assessment, kb: KnowledgeBase, tmp_path: Path) -> None:
    a = wirral.model_copy(update={"title": "Café <Lot 1> & \x07Co / “Befriending”"})
    paths = build_pack(a, tmp_path, kb=kb)
    assert paths[0].name == "cafe-lot-1-co-befriending-questions.docx"
    d = docx.Document(str(paths[0]))
    assert d.paragraphs[0].text == "Café <Lot 1> & Co / “Befriending”"


def test_progress_messages(wirral: Assessment, kb: KnowledgeBase, tmp_path: Path) -> None:
    messages: list[str] = []
    paths = build_pack(wirral, tmp_path, kb=kb, progress=messages.append)
    assert any(p.name in m for p in paths for m in messages)
    assert messages[-1].startswith("Wrote 7 documents")  # six Word documents and the workbook


# -- overwrite and atomicity --------------------------------------------------------------------

def test_refuses_to_overwrite_without_force(wirral: Assessment, kb: KnowledgeBase, tmp_path: Path) -> None:
    paths = build_pack(wirral, tmp_path, kb=kb)
    paths[0].write_bytes(b"mine")
    paths[-1].unlink()
    with pytest.raises(InputError) as exc:
        build_pack(wirral, tmp_path, kb=kb)
    message = str(exc.value)
    assert paths[0].name in message and "--force" in message
    assert paths[0].read_bytes() == b"mine"
    assert not paths[-1].exists(), "nothing is written when any target exists"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_force_overwrites(wirral: Assessment, kb: KnowledgeBase, tmp_path: Path) -> None:
    paths = build_pack(wirral, tmp_path, kb=kb)
    paths[0].write_bytes(b"old")
    again = build_pack(wirral, tmp_path, kb=kb, force=True)
    assert again == paths
    assert docx.Document(str(paths[0])).paragraphs[0].text == wirral.title


def test_failed_write_leaves_nothing_partial(wirral: Assessment, kb: KnowledgeBase, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from svauthor import atomic

    calls = {"n": 0}

    def flaky(path: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:  # the disk fills while the third document is staged
            raise OSError(28, "No space left on device")
        return open(path, mode, *args, **kwargs)

    monkeypatch.setattr(atomic, "open", flaky, raising=False)
    with pytest.raises(InputError, match="No space left"):
        build_pack(wirral, tmp_path / "out", kb=kb)
    assert list((tmp_path / "out").iterdir()) == []


def test_creates_missing_folder(wirral: Assessment, kb: KnowledgeBase, tmp_path: Path) -> None:
    paths = build_pack(wirral, tmp_path / "a" / "b", kb=kb)
    assert all(p.parent == tmp_path / "a" / "b" for p in paths)


def test_unwritable_folder(wirral: Assessment, kb: KnowledgeBase, tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(InputError, match="is a file, not a folder"):
        build_pack(wirral, blocker, kb=kb)
    with pytest.raises(InputError, match="cannot be written"):
        build_pack(wirral, blocker / "sub", kb=kb)


# -- reference docx -----------------------------------------------------------------------------

def _reference(path: Path, *, drop: tuple[str, ...] = (), header: str = "") -> Path:
    d = docx.Document()
    for name in drop:
        el = d.styles[name].element
        el.getparent().remove(el)
    if header:
        d.sections[0].header.paragraphs[0].text = header
    d.add_paragraph("Body text that must not survive")
    d.save(str(path))
    return path


def test_reference_docx_missing_styles_are_filled_from_the_house_style(
        wirral: Assessment, kb: KnowledgeBase, tmp_path: Path) -> None:
    ref = _reference(tmp_path / "house.docx", drop=("List Number", "Heading 3"))
    told: list[str] = []
    paths = build_pack(wirral, tmp_path / "out", kb=kb, reference_docx=ref, notify=told.append)
    (notice,) = [t for t in told if "styles it does not define" in t]
    assert "Heading 3" in notice and "List Number" in notice and "house.docx" in notice
    for path in paths[:-1]:  # the Word documents (the last is the commitments workbook)
        d = docx.Document(str(path))
        names = {s.name for s in d.styles}
        assert {"Heading 3", "List Number"} <= names
        numbered = [p for p in d.paragraphs if p.style is not None and p.style.name == "List Number"]
        for para in numbered:  # the copied style brings a list definition that exists
            num_id = d.styles["List Number"].element.pPr.numPr.numId.val
            assert d.part.numbering_part.element.num_having_numId(num_id) is not None, para.text


def test_reference_docx_keeps_headers_drops_body(wirral: Assessment, kb: KnowledgeBase,
                                                 tmp_path: Path) -> None:
    ref = _reference(tmp_path / "house.docx", header="ACME Council - OFFICIAL")
    paths = build_pack(wirral, tmp_path / "out", kb=kb, reference_docx=ref)
    for path in paths[:-1]:  # the Word documents (the last is the commitments workbook)
        d = docx.Document(str(path))
        assert d.sections[0].header.paragraphs[0].text == "ACME Council - OFFICIAL"
        text = all_text(d)
        assert "must not survive" not in text
        assert d.paragraphs[0].text == wirral.title
        assert d.core_properties.language == "en-GB"
        lang = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(
            qn("w:rPr")).find(qn("w:lang"))
        assert lang.get(qn("w:val")) == "en-GB"


def test_reference_word_template_dotx(wirral: Assessment, kb: KnowledgeBase, tmp_path: Path) -> None:
    docx_path = _reference(tmp_path / "house.docx", header="From a template")
    dotx = tmp_path / "house.dotx"
    with zipfile.ZipFile(docx_path) as src, zipfile.ZipFile(dotx, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(item, data)
    with pytest.raises(ValueError):
        docx.Document(str(dotx))  # python-docx alone refuses a template
    paths = build_pack(wirral, tmp_path / "out", kb=kb, reference_docx=dotx)
    assert docx.Document(str(paths[0])).sections[0].header.paragraphs[0].text == "From a template"


def test_reference_docx_unreadable(wirral: Assessment, kb: KnowledgeBase, tmp_path: Path) -> None:
    bad = tmp_path / "notword.docx"
    bad.write_text("plain text")
    with pytest.raises(InputError, match=r"not a Word \.docx"):
        build_pack(wirral, tmp_path, kb=kb, reference_docx=bad)
    with pytest.raises(InputError, match="not found"):
        build_pack(wirral, tmp_path, kb=kb, reference_docx=tmp_path / "missing.docx")


def test_house_style_has_required_styles() -> None:
    base = load_base()
    assert set(REQUIRED_STYLES) <= set(base.style_ids)
    d = docx.Document(io.BytesIO(base.data))
    assert d.styles["Normal"].font.name == "Arial"
    width = d.sections[0].page_width
    assert width is not None and width.cm == pytest.approx(21.0, abs=0.01)


def test_heading_levels_cannot_be_skipped() -> None:
    w = Writer(load_base())
    w.heading(1, "One")
    with pytest.raises(ValueError, match="skips a level"):
        w.heading(3, "Three")


# -- proxy values -------------------------------------------------------------------------------

def test_proxy_values_shown(wirral: Assessment, kb: KnowledgeBase, tmp_path: Path) -> None:
    csv_path = tmp_path / "proxies.csv"
    csv_path.write_text("Measure ref,Unit,Value,Source\nNT14,gbp,0.5,Our licence 2026\n"
                        "NT29,hours,\"1,250.75\",Our licence 2026\n", encoding="utf-8")
    paths = build_pack(wirral, tmp_path / "out", kb=kb, proxy_values=csv_path)
    ev = by_suffix(paths, "evaluator-guide")
    table = table_after_caption(ev, "£ equivalent per unit")
    rows = {r.cells[0].text: r.cells[2].text for r in table.rows[1:]}
    assert rows == {"NT14": "£0.50 per £", "NT29": "£1,250.75 per hours"}
    assert "Our licence 2026" in all_text(ev)


def test_proxy_values_bad_rows(wirral: Assessment, kb: KnowledgeBase, tmp_path: Path) -> None:
    csv_path = tmp_path / "proxies.csv"
    csv_path.write_text("measure_ref,unit,value,source\n"
                        "NT14,gbp,0.5,ok\n"
                        "NT999,gbp,1,ok\n"
                        "NT29,fte,2,ok\n"
                        "NT28,gbp,lots,ok\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        build_pack(wirral, tmp_path / "out", kb=kb, proxy_values=csv_path)
    problems = exc.value.problems
    assert [(p.line, p.field) for p in problems] == [
        (3, "row 3, column `measure ref`"), (4, "row 4, column `unit`"),
        (5, "row 5, column `value`")]
    assert all(p.file == str(csv_path) for p in problems)
    assert "NT999" in problems[0].message and "lots" in problems[2].message
    assert not (tmp_path / "out").exists()


def test_proxy_values_bad_header(wirral: Assessment, kb: KnowledgeBase, tmp_path: Path) -> None:
    csv_path = tmp_path / "proxies.csv"
    csv_path.write_text("ref,value\nNT14,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="lacks column"):
        build_pack(wirral, tmp_path, kb=kb, proxy_values=csv_path)


# -- templates ----------------------------------------------------------------------------------

@pytest.fixture()
def template_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of templates/ that the build uses instead of the shipped one."""
    folder = tmp_path / "templates"
    shutil.copytree(templates_dir(), folder)
    monkeypatch.setattr(text_module, "templates_dir", lambda: folder)
    return folder / "text"


def _edit(folder: Path, name: str, content: str) -> Path:
    path = folder / f"{name}.j2"
    path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize("content, expected", [
    ("Line one\n{{ a.no_such_field }}\n", "no_such_field"),
    ("Fine\n\n{{ a.__class__.__mro__ }}\n", "not allowed in a template"),
    ("Fine\n\n{{ a.model_dump.__globals__ }}\n", "not allowed in a template"),
    ("{% for x in a.measures %}{{ x.ref.__class__ }}{% endfor %}\n", "not allowed"),
])
def test_template_runtime_errors(content: str, expected: str, template_copy: Path, wirral: Assessment,
                                 kb: KnowledgeBase, tmp_path: Path) -> None:
    path = _edit(template_copy, "questions_intro", content)
    with pytest.raises(InputError) as exc:
        build_pack(wirral, tmp_path / "out", kb=kb)
    (problem,) = exc.value.problems
    assert problem.file == str(path)
    assert expected in problem.message
    assert problem.line == content.count("\n", 0, content.index("{{")) + 1
    assert not (tmp_path / "out").exists()


def test_template_lint_errors(template_copy: Path, wirral: Assessment, kb: KnowledgeBase,
                              tmp_path: Path) -> None:
    _edit(template_copy, "weighting", "ok\n{{ nonexistent_name }}\n")
    _edit(template_copy, "moderation", "ok\n{% if %}\n")
    (template_copy / "decision_intro.j2").unlink()
    with pytest.raises(InputError) as exc:
        build_pack(wirral, tmp_path, kb=kb)
    found = {(Path(p.file).name, p.line) for p in exc.value.problems}
    assert found == {("weighting.j2", 2), ("moderation.j2", 2), ("decision_intro.j2", None)}
    messages = " ".join(p.message for p in exc.value.problems)
    assert "nonexistent_name" in messages and "missing" in messages


def test_template_markup_bullets_and_numbers(template_copy: Path, wirral: Assessment, kb: KnowledgeBase,
                                             tmp_path: Path) -> None:
    _edit(template_copy, "questions_intro", "Intro {{ a.buyer }}\nwraps.\n\n- one\n- two\n\n"
                                            "1. first\n2. second\n")
    paths = build_pack(wirral, tmp_path, kb=kb)
    q = by_suffix(paths, "questions")
    start = next(i for i, p in enumerate(q.paragraphs) if p.text.startswith("Intro "))
    styled = [(style_name(p), p.text) for p in q.paragraphs[start:start + 5]]
    assert styled == [("Normal", "Intro Wirral Council wraps."), ("List Bullet", "one"),
                      ("List Bullet", "two"), ("List Number", "first"), ("List Number", "second")]


def test_template_loop_and_set_names_are_not_unknown(template_copy: Path, wirral: Assessment,
                                                     kb: KnowledgeBase, tmp_path: Path) -> None:
    _edit(template_copy, "moderation", "{% set n = a.measures | length %}{{ n }} measures:\n"
                                       "{% for m in a.measures_with('recommended') %}\n"
                                       "- {{ m.ref }} ({{ loop.index }})\n{% endfor %}\n")
    paths = build_pack(wirral, tmp_path, kb=kb)
    ev_text = all_text(by_suffix(paths, "evaluator-guide"))
    first = wirral.measures_with("recommended")[0].ref
    assert f"{len(wirral.measures)} measures:" in ev_text and f"{first} (1)" in ev_text


def test_shipped_templates_lint_clean() -> None:
    ts = text_module.lint(templates_dir() / "text")
    assert set(ts.templates) == set(text_module.TEMPLATES)


# -- helpers ------------------------------------------------------------------------------------

def test_slugify() -> None:
    assert slugify("Wirral Community Befriending Service") == "wirral-community-befriending-service"
    assert slugify("Café & Co — Lot 1/2") == "cafe-co-lot-1-2"
    assert slugify("!!!") == "tender"
    assert len(slugify("x" * 500)) <= 80


def test_contract_years() -> None:
    assert contract_years(12) == ["Year 1"]
    assert contract_years(6) == ["Year 1 (6 months)"]
    assert contract_years(18) == ["Year 1", "Year 2 (months 13 to 18)"]
    assert contract_years(13) == ["Year 1", "Year 2 (month 13)"]  # not "months 13 to 13"
    assert contract_years(60) == [f"Year {i}" for i in range(1, 6)]
    long = contract_years(120)
    assert len(long) == 7 and long[-1] == "Years 7 to 10 (each year)"


def test_pack_documents_describe_themselves() -> None:
    assert len(PACK_DOCUMENTS) == 7
    assert PACK_DOCUMENTS[-1].extension == "xlsx"  # every face writes the workbook too
    for d in PACK_DOCUMENTS:
        assert d.name and len(d.purpose) > 40


# -- command line -------------------------------------------------------------------------------

def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["build", *argv, "--today", "2026-11-27"])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    return code, out, err


def test_cli_build_and_refuse(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec = str(ROOT / "examples" / "wirral-befriending.yaml")
    code, out, err = _run(capsys, spec, "-o", str(tmp_path))
    assert code == 0, err
    written = out.split()
    assert len(written) == 7 and all(Path(p).exists() for p in written)
    assert written[-1].endswith("-commitments.xlsx")  # the bidders' commitments workbook
    code, out, err = _run(capsys, spec, "-o", str(tmp_path))
    assert code == 2 and "already exists" in err and "--force" in err
    code, out, err = _run(capsys, spec, "-o", str(tmp_path), "--force")
    assert code == 0


def test_cli_bad_inputs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec = str(ROOT / "examples" / "wirral-befriending.yaml")
    bad_csv = tmp_path / "p.csv"
    bad_csv.write_text("measure ref,unit,value,source\nNT14,gbp,abc,x\n", encoding="utf-8")
    code, _, err = _run(capsys, spec, "-o", str(tmp_path / "o"), "--proxy-values", str(bad_csv))
    assert code == 2 and "row 2, column `value`" in err and "p.csv:2" in err
    code, _, err = _run(capsys, spec, "-o", str(tmp_path / "o"),
                        "--reference-docx", str(tmp_path / "none.docx"))
    assert code == 2 and "not found" in err
    code, _, err = _run(capsys, str(tmp_path / "missing.yaml"), "-o", str(tmp_path / "o"))
    assert code == 2
    assert not (tmp_path / "o").exists()


def test_cli_failing_check_refuses_unless_draft(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec = tmp_path / "nhs.yaml"
    source = (ROOT / "examples" / "icb-community-mental-health.yaml").read_text(encoding="utf-8")
    spec.write_text(source + "evaluation:\n  social_value_pct: 5\n", encoding="utf-8")
    code, out, err = _run(capsys, str(spec), "-o", str(tmp_path / "out"))
    assert code == 1 and out == ""
    assert "no pack written" in err and "fail: weighting.nhs-minimum" in err
    assert not (tmp_path / "out").exists()
    code, out, err = _run(capsys, str(spec), "-o", str(tmp_path / "out"), "--draft")
    assert code == 1
    assert len(out.split()) == 7
    assert "DRAFT" in err and "weighting.nhs-minimum" in err


def test_timetable_report_shows_the_spec_dates(assessments: dict[str, Assessment], kb: KnowledgeBase,
                                               tmp_path: Path) -> None:
    a = assessments["wirral-befriending.yaml"]
    paths = build_pack(a, tmp_path, kb=kb)
    table = table_after_caption(by_suffix(paths, "timetable-check"),
                                "Key dates as given in the tender spec")
    rows = {r.cells[0].text: r.cells[1].text for r in table.rows[1:]}
    assert rows["Tender published"] == "1 February 2027"
    assert rows["Contract start"] == "1 June 2027"


@pytest.mark.parametrize(("months", "final", "part_quarter"), [(4, True, True), (12, True, False),
                                                               (36, False, False)])
def test_a_short_contract_gets_a_final_report_not_an_annual_summary(
        wirral: Assessment, kb: KnowledgeBase, tmp_path: Path, months: int, final: bool,
        part_quarter: bool) -> None:
    """R52: a contract of a year or less never reaches an annual summary or a six-monthly case
    study, so it reports at the end instead, and a last part-quarter is said to be reported."""
    a = wirral.model_copy(update={"duration_months": months})
    k = by_suffix(build_pack(a, tmp_path, kb=kb), "kpi-schedule")
    text = all_text(k)
    assert ("final report, within 20 working days of the end of the contract" in text) is final
    assert ("annual summary" in text) is not final
    assert ("the final return always includes one" in text) is final
    assert ("part-quarter up to the end of the contract" in text) is part_quarter
