"""The pack read as its readers read it: no tool notes where bidders, panels or contract managers
look, the tender's facts stated once and everywhere, documents that agree with each other, and a
failing pack refused or marked DRAFT."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table

from svauthor.docs import PackRefused, build_pack
from svauthor.docs.documents import load_method, load_ratings
from svauthor.docs.word import typeset
from svauthor.domain.engine import assess
from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.results import Assessment
from svauthor.domain.spec import TenderSpec
from svauthor.domain.specfile import load_spec

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
TODAY = date(2026, 11, 27)
PUBLISHED = ("questions", "evaluator-guide", "kpi-schedule")
TABLED = ("decision-record", "timetable-check")
TOOL_WORDS = re.compile(r"svauthor|\bseed\b|UNCONFIRMED|`|--[a-z]", re.IGNORECASE)
VERDICT_WORDS = re.compile(r"\b(Pass|Fail|Warning|OK)\b")
#: What a reader should never meet in any document: a spec's field names (snake_case), the
#: framework's research notes ("as printed"), and a list item run into the sentence before it.
DRAFTING = re.compile(r"\b[a-z]+_[a-z_]+\b|\bas printed\b|[.;:]- [A-Z]")

TENDER = {
    "reference": "WBC-2027-014", "lot": "Lot 2: North", "version": "1.2",
    "issue_date": "2027-01-15", "portal": "the Chest (www.the-chest.org.uk)",
    "clarification_route": "the portal's messaging area",
    "contact": {"name": "Sam Patel", "email": "procurement@example.gov.uk"},
    "definition_of_local": "Local means living or based in a CH41 to CH49 postcode.",
}


def _specs(kb: KnowledgeBase) -> dict[str, TenderSpec]:
    """The shipped examples and variants of them: other sizes, lengths, sectors and facts."""
    base = {p.stem: load_spec(str(p), kb) for p in EXAMPLES}
    out = dict(base)
    w = base["wirral-befriending"]
    out["tiny-six-months"] = w.model_copy(update={"value_gbp": 12_000.0, "duration_months": 6})
    out["long-ten-years"] = base["council-facilities"].model_copy(
        update={"duration_months": 120, "value_gbp": 61_000_000.0})
    out["with-facts"] = w.model_copy(update={
        "tender": TenderSpec.model_validate({**w.to_yaml_data(), "tender": TENDER}).tender})
    out["nhs-no-places"] = base["icb-community-mental-health"].model_copy(
        update={"places": [], "local_needs": []})
    out["twelve-lots"] = base["council-facilities"].model_copy(update={"lots": 12})
    out["lot-of-four"] = out["with-facts"].model_copy(update={"lots": 4})
    return out


Pack = tuple[Assessment, dict[str, DocxDocument]]


class _Packs(dict[str, Pack]):
    """The packs, each built the first time a test asks for it: a worker that runs only a few of
    these tests builds only the packs they read."""

    def __init__(self, kb: KnowledgeBase, specs: dict[str, TenderSpec],
                 folder: Callable[[str], Path]) -> None:
        super().__init__()
        self.kb, self.specs, self.folder = kb, specs, folder

    def __missing__(self, name: str) -> Pack:
        a = assess(self.specs[name], self.kb, today=TODAY)
        paths = build_pack(a, self.folder(name), kb=self.kb, draft=bool(a.blocking_checks()))
        docs: dict[str, DocxDocument] = {}
        for path in paths:
            if path.suffix != ".docx":  # the commitments workbook has its own tests
                continue
            kind = path.stem[len(path.stem) - max(len(k) for k in (*PUBLISHED, *TABLED,
                                                                 "checklist")) - 1:]
            key = next(k for k in (*PUBLISHED, *TABLED, "checklist") if kind.endswith(k))
            docs[key] = docx.Document(str(path))
        self[name] = (a, docs)
        return self[name]


@pytest.fixture(scope="module")
def packs(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> _Packs:
    return _Packs(kb, _specs(kb), tmp_path_factory.mktemp)


NAMES = [p.stem for p in EXAMPLES] + ["tiny-six-months", "long-ten-years", "with-facts",
                                      "nhs-no-places"]


# -- reading helpers ----------------------------------------------------------------------------

def _text(el: Any) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in el.iter(qn("w:p")))


def cells(d: DocxDocument) -> Iterator[tuple[Any, str]]:
    """Every table cell element with its text (read from the XML: fast on long records)."""
    for tbl in d.element.body.iter(qn("w:tbl")):
        for tc in tbl.iter(qn("w:tc")):
            yield tc, _text(tc)


def texts(d: DocxDocument) -> Iterator[str]:
    """Every paragraph and table cell, then the headers, as a reader meets them."""
    for p in d.paragraphs:
        yield p.text
    for _, text in cells(d):
        yield text
    for section in d.sections:
        for p in section.header.paragraphs:
            yield p.text


def caption_of(d: DocxDocument, table: Table) -> str:
    prev = table._tbl.getprevious()
    return "".join(prev.itertext()) if prev is not None else ""


def table_by_caption(d: DocxDocument, part: str) -> Table:
    for table in d.tables:
        if part in caption_of(d, table):
            return table
    raise AssertionError(f"no table captioned {part!r}")


def rows_of(table: Table) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in table.rows[1:]]


def rule_ids(a: Assessment) -> set[str]:
    ids = {c.id for c in a.checks} | {r.rule for m in a.measures for r in m.reasons}
    ids |= {r.rule for q in a.questions for r in q.reasons}
    ids |= {r.rule for r in a.band.reasons + a.weighting.reasons}
    if a.timetable:
        ids |= {c.id for c in a.timetable.checks}
    return {i for i in ids if "." in i}


# -- 1. each document speaks to its reader -------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_published_documents_carry_no_tool_notes(packs: Any, name: str) -> None:
    a, docs = packs[name]
    ids = rule_ids(a)
    for kind in PUBLISHED:
        for text in texts(docs[kind]):
            assert not TOOL_WORDS.search(text), f"{kind}: {text[:120]!r}"
            assert not VERDICT_WORDS.search(text), f"{kind}: {text[:120]!r}"
            assert not DRAFTING.search(text), f"{kind}: {DRAFTING.findall(text)} in {text[:160]!r}"
            found = [i for i in ids if i in text]
            assert not found, f"{kind}: rule id {found} in {text[:120]!r}"


@pytest.mark.parametrize("name", NAMES)
def test_tabled_documents_cite_sources_and_keep_rule_ids_in_the_appendix(packs: Any,
                                                                        name: str) -> None:
    a, docs = packs[name]
    ids = rule_ids(a)
    for kind in TABLED:
        if kind not in docs:
            continue
        d = docs[kind]
        appendix = table_by_caption(d, "Rule reference for each decision")
        appendix_cells = set(appendix._tbl.iter(qn("w:tc")))
        any_id = re.compile("|".join(rf"(?<![\w.-]){re.escape(i)}(?![\w-])" for i in ids))
        for text in texts(d):
            assert not TOOL_WORDS.search(text), f"{kind}: {text[:120]!r}"
        for tc, text in cells(d):
            if tc not in appendix_cells:
                assert not any_id.search(text), f"{kind}: rule id outside the appendix: {text!r}"
                assert not DRAFTING.search(text), f"{kind}: {DRAFTING.findall(text)} in {text[:160]!r}"
        for p in d.paragraphs:
            assert not any_id.search(p.text), p.text
    record = "\n".join(texts(docs["decision-record"]))
    for i in {c.id for c in a.checks}:
        assert i in record  # each still findable, in the appendix
    assert "Towards a Social Value Economy (roadmap), section" in record


@pytest.mark.parametrize("name", NAMES)
def test_no_document_holds_a_table_of_headings_alone(packs: Any, name: str) -> None:
    _a, docs = packs[name]
    for kind, d in docs.items():
        for table in d.tables:
            assert len(table.rows) > 1, f"{kind}: {caption_of(d, table)!r} has no rows"


@pytest.mark.parametrize("name", NAMES)
def test_working_notes_go_to_the_checklist(packs: Any, name: str) -> None:
    _a, docs = packs[name]
    checklist = docs["checklist"]
    header = " ".join(p.text for s in checklist.sections for p in s.header.paragraphs)
    assert "not for publication" in header
    notes = table_by_caption(checklist, "Working notes in the rules")
    assert any("UNCONFIRMED" in row[0] or "svauthor" in row[0] for row in rows_of(notes))


# -- 2. the tender's facts, once, everywhere -----------------------------------------------------

def test_tender_facts_appear_everywhere(packs: Any) -> None:
    _a, docs = packs["with-facts"]
    for kind, d in docs.items():
        header = " ".join(p.text for s in d.sections for p in s.header.paragraphs)
        assert "WBC-2027-014" in header, kind
        cover = rows_of(d.tables[0])
        assert ["Tender reference", "WBC-2027-014"] in cover
        assert ["Lot", "Lot 2: North"] in cover and ["Issue date", "15 January 2027"] in cover
        assert ["Contact", "Sam Patel, procurement@example.gov.uk"] in cover
    for kind in ("questions", "evaluator-guide", "kpi-schedule", "decision-record"):
        assert "Local means living or based in a CH41 to CH49 postcode." in "\n".join(
            texts(docs[kind])), kind
    for kind in ("questions", "evaluator-guide"):
        text = "\n".join(texts(docs[kind]))
        assert "Places: Wirral." in text
        assert "Procurement route: Open procedure, as a below-threshold procurement" in text
    bidders = "\n".join(texts(docs["questions"]))
    assert "the Chest (www.the-chest.org.uk)" in bidders
    assert "the portal's messaging area" in bidders


def test_places_name_the_definition_of_local_when_none_is_given(packs: Any) -> None:
    _, docs = packs["council-facilities"]
    text = "\n".join(texts(docs["questions"]))
    assert "Local means within the local authority area of Warrington." in text
    _a, docs = packs["nhs-no-places"]
    assert "Definition of local" not in "\n".join(texts(docs["questions"]))
    checklist = "\n".join(texts(docs["checklist"]))
    assert "must be defined" in checklist


@pytest.mark.parametrize("name", NAMES)
def test_cover_header_contents_and_glossary(packs: Any, name: str) -> None:
    a, docs = packs[name]
    for kind, d in docs.items():
        assert d.paragraphs[0].text == typeset(a.title)
        assert caption_of(d, d.tables[0]).endswith("About this document")
        header = [p.text for s in d.sections for p in s.header.paragraphs if p.text]
        assert header, kind
        assert header[0].startswith("DRAFT") == bool(a.blocking_checks())
        heads = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
        if len(heads) > 6:
            assert heads[0] == "Contents", kind
            xml = d.element.body.xml
            assert "TOC \\o" in xml
    glossary = rows_of(table_by_caption(docs["questions"], "Terms used in this document"))
    assert ["VCFSE", "Voluntary, community, faith and social enterprise organisations."] in glossary


def test_carbon_guidance_fits_the_size(packs: Any) -> None:
    big = "\n".join(texts(packs["trust-estates-works"][1]["questions"]))
    small = "\n".join(texts(packs["wirral-befriending"][1]["questions"]))
    assert "A full Carbon Reduction Plan is required for this contract" in big
    assert "A Carbon Reduction Plan is not required for this contract" in small
    # The panel is told what to expect, not told to submit a plan (that is the bidders' copy).
    panel = "\n".join(texts(packs["trust-estates-works"][1]["evaluator-guide"]))
    assert "Check that each bidder's plan is signed off by a director" in panel
    assert "Submit a plan" not in panel and "your size" not in "\n".join(
        texts(packs["wirral-befriending"][1]["evaluator-guide"]))


# -- 3. a defensible quantitative method ---------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_one_rule_for_optional_measures_and_one_scale_order(packs: Any, name: str) -> None:
    a, docs = packs[name]
    rule = " ".join(load_method().optional_rule.split())
    if a.measures_with("optional"):
        for kind in ("questions", "evaluator-guide"):
            paras = [p.text for p in docs[kind].paragraphs]
            assert f"How optional measures count: {rule}" in paras, kind
    for kind in ("questions", "evaluator-guide"):
        for table in docs[kind].tables:
            if table.rows[0].cells[0].text == "Score":
                scores = [int(r[0]) for r in rows_of(table)]
                assert scores == sorted(scores), caption_of(docs[kind], table)
    for kind in ("questions", "evaluator-guide"):
        commitments = rows_of(table_by_caption(docs[kind], "Scores for the commitments table"))
        assert [r[0] for r in commitments] == ["0", "1", "2", "3", "4", "5"]


@pytest.mark.parametrize("name", NAMES)
def test_initiative_measures_take_a_described_commitment(packs: Any, name: str) -> None:
    a, docs = packs[name]
    method = load_method()
    table = table_by_caption(docs["questions"], "the measures asked for")
    units = {m.ref: m.unit for m in a.measures}
    for row in rows_of(table):
        ref = row[0].split("\n")[0]
        targets = [c for c in row[3:-1] if c.startswith("[")]  # the year columns
        if units[ref] == "initiative":
            assert row[2] == method.initiative_unit
            assert set(targets) == {method.initiative_target}
            assert row[-1] == method.initiative_delivery
        else:
            assert set(targets) == {method.number_target}


def test_double_counting_rules_are_stated(packs: Any) -> None:
    for kind in ("questions", "evaluator-guide"):
        text = "\n".join(texts(packs["trust-estates-works"][1][kind]))
        assert "Count each activity once, under one measure." in text


# -- 4. one source of truth ----------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_documents_agree(packs: Any, name: str) -> None:
    a, docs = packs[name]
    bidders = "\n".join(texts(docs["questions"]))
    panel = "\n".join(texts(docs["evaluator-guide"]))
    record = "\n".join(texts(docs["decision-record"]))
    for q in a.questions:
        words = f"{q.word_limit:,} words"
        assert f"Answer in no more than {words}." in bidders
        assert f"{q.word_limit:,} words" in panel
        assert f"{typeset(q.title)} ({words}, " in record
    marks_b = rows_of(table_by_caption(docs["questions"], "Social Value marks"))
    marks_p = rows_of(table_by_caption(docs["evaluator-guide"], "Marks for each part"))
    assert [r[2] for r in marks_b] == [r[2] for r in marks_p]
    recommended = [m.ref for m in a.measures_with("recommended")]
    kpis = rows_of(table_by_caption(docs["kpi-schedule"], "Social Value KPI targets"))
    asked = rows_of(table_by_caption(docs["questions"], "the measures asked for"))
    assert [r[1].split("\n")[0] for r in kpis] == recommended
    assert [r[0].split("\n")[0] for r in asked] == recommended
    summary = dict(r for r in rows_of(table_by_caption(docs["decision-record"], "Summary of")))
    assert summary["Measures asked for"].startswith(f"{len(recommended)}: ")
    fails = sum(c.status == "fail" for c in a.checks)
    warns = sum(c.status == "warn" for c in a.checks)
    assert summary["Checks"].endswith(f"{warns} warning{'' if warns == 1 else 's'}, "
                                      f"{fails} failed")
    assert summary["Overrides"] == str(len(a.overrides))
    crp = summary["Carbon Reduction Plan"]
    level = str(a.carbon_reduction_plan.value)
    expected = {"full": "A full Carbon Reduction Plan is required",
                "proportionate": "A proportionate Carbon Reduction Plan is required",
                "not_required": "A Carbon Reduction Plan is not required"}[level]
    assert crp == expected and expected in bidders
    sv = f"{round(a.weighting.social_value_pct, 2):g}%"
    assert f"Social Value is worth {sv} of the total tender score" in bidders
    assert f"Social Value {sv} of the total score" in summary["Weighting"]
    if a.timetable is not None and "timetable-check" in docs:
        tt_rows = rows_of(table_by_caption(docs["timetable-check"], "Timetable checks"))
        assert len(tt_rows) == len(a.timetable.checks)
        # The timetable report and the decision record give each check the same verdict.
        record_rows = rows_of(table_by_caption(docs["decision-record"], "Every check"))
        verdict = {r[0]: r[1] for r in record_rows}
        assert all(verdict.get(r[0]) == r[1] for r in tt_rows), (tt_rows, verdict)


# -- 5. KPI schedule ready for the contract ------------------------------------------------------

def test_kpi_schedule_is_contract_ready(packs: Any) -> None:
    _a, docs = packs["long-ten-years"]
    k = docs["kpi-schedule"]
    grid = table_by_caption(k, "Social Value KPI targets")
    header = [c.text for c in grid.rows[0].cells]
    assert header[:4] == ["KPI", "Measure ref", "Unit", "Baseline"]
    assert header[4:] == ["Year 1", "Year 2", "Year 3", "Year 4", "Year 5", "Year 6",
                          "Years 7 to 10 (each year)"]
    text = "\n".join(texts(k))
    from svauthor.docs.documents import return_deadline

    due = return_deadline(load_ratings())  # the one rule the tracking register also uses
    assert f"sends a quarterly return within {due}, using" in text
    short = return_deadline(load_ratings(), short=True)  # the full wording is given once
    assert all(f"Quarterly, within {short}" in r[5] for r in rows_of(table_by_caption(
        k, "Social Value KPIs")))
    assert short.startswith("10 working days")
    assert "case study" in text and "recovery plan" in text and "escalated" in text
    assert "[For local legal review before use.]" in text
    defs = table_by_caption(k, "Social Value KPIs")
    assert [c.text for c in defs.rows[0].cells][2] == "Definition"
    ratings = load_ratings()
    if ratings is not None:
        labels = [r[0] for r in rows_of(table_by_caption(k, "Performance ratings"))]
        assert labels[:len(ratings.scale)] == [r.label for r in ratings.scale]
    else:
        assert "slightly below" in text


# -- 6. decision record ready for a board --------------------------------------------------------

def test_decision_record_for_a_board(packs: Any) -> None:
    _a, docs = packs["council-facilities"]
    d = docs["decision-record"]
    heads = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert heads.index("Summary") < heads.index("Statutory considerations") < heads.index(
        "The tender")
    text = "\n".join(texts(d))
    assert "Public Services (Social Value) Act 2012, section 1" in text
    assert "Procurement Act 2023, section 13(" in text
    sign = rows_of(table_by_caption(d, "Sign-off"))
    assert [r[0] for r in sign] == ["Prepared by", "Approved by", "Version"]
    # Reasons are de-duplicated: no reason repeats within one table.
    for table in d.tables:
        header = [c.text for c in table.rows[0].cells]
        if "Reason" in header:
            col = header.index("Reason")
            reasons = [r[col] for r in rows_of(table) if header[0] != "Question"]
            assert len(reasons) == len(set(reasons)), caption_of(d, table)


def test_draft_record_lists_the_fails_first(packs: Any) -> None:
    a, docs = packs["timetable-worked-example"]
    assert a.blocking_checks()
    d = docs["decision-record"]
    heads = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert next(h for h in heads if h != "Contents") == "Checks that fail"
    for kind, doc in docs.items():
        assert doc.sections[0].header.paragraphs[0].text.startswith("DRAFT \u2013 "), kind


# -- 7. no final pack while a check fails --------------------------------------------------------

def test_build_refuses_while_a_check_fails(kb: KnowledgeBase, tmp_path: Path) -> None:
    spec = load_spec(str(ROOT / "examples" / "timetable-worked-example.yaml"), kb)
    a = assess(spec, kb, today=TODAY)
    fails = a.blocking_checks()
    assert fails
    with pytest.raises(PackRefused) as refused:
        build_pack(a, tmp_path / "out", kb=kb)
    assert [c.id for c in refused.value.fails] == [c.id for c in fails]
    assert not (tmp_path / "out").exists()
    accepted = spec.model_validate({**spec.to_yaml_data(), "accepted_risks": [
        {"check": c.id, "reason": "Agreed with the VCFSE forum: short window this once.",
         "accepted_by": "Head of Procurement"} for c in fails]}, context={"kb": kb})
    b = assess(accepted, kb, today=TODAY)
    assert b.blocking_checks() == []
    paths = build_pack(b, tmp_path / "final", kb=kb)
    record = docx.Document(str(next(p for p in paths if "decision-record" in p.name)))
    assert not record.sections[0].header.paragraphs[0].text.startswith("DRAFT")
    risks = rows_of(table_by_caption(record, "Failed checks accepted"))
    assert [r[0] for r in risks] == [c.id for c in fails]
    assert all(r[2] == "Head of Procurement" and r[3] == "Fail" for r in risks)


# -- 8. typography -------------------------------------------------------------------------------

BAD_TYPE = re.compile(r"£\d+(?:\.\d+)?[mk]\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{4,} words|\S - \S"
                      r"|\b[a-z]+ act \d{4}|\b(?:at least|minimum(?: of)?) 0%")


@pytest.mark.parametrize("name", NAMES)
def test_typography(packs: Any, name: str) -> None:
    _a, docs = packs[name]
    for kind, d in docs.items():
        if kind == "checklist":
            continue
        for text in texts(d):
            assert not BAD_TYPE.search(text), f"{kind}: {text[:120]!r}"
        for table in d.tables:
            # Verdict cells are bold, and captions number tables with a Word SEQ field.
            header = [c.text for c in table.rows[0].cells]
            if "Verdict" in header:
                col = header.index("Verdict")
                for row in table.rows[1:]:
                    runs = row.cells[col].paragraphs[0].runs
                    assert runs and all(r.bold for r in runs)
            caption = table._tbl.getprevious()
            assert "SEQ Table" in "".join(t.text or "" for t in caption.iter(qn("w:instrText")))
            # No column narrower than its longest word (no 'initiativ e' breaks).
            widths = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.iter(qn("w:gridCol"))]
            for i, width in enumerate(widths):
                longest = max((len(w) for row in table.rows for w in row.cells[i].text.split()),
                              default=0)
                if longest < 25:
                    assert width >= 118 * longest + 200, (kind, caption_of(d, table), i)


# -- 9. the house style and file properties ------------------------------------------------------

def test_house_style_is_slim_and_honest(packs: Any) -> None:
    import zipfile

    from svauthor.paths import templates_dir

    with zipfile.ZipFile(templates_dir() / "house-style.docx") as z:
        names = z.namelist()
        assert not [n for n in names if "stylesWithEffects" in n or "thumbnail" in n
                    or n.startswith("customXml/")]
        assert b"<Application>svauthor</Application>" in z.read("docProps/app.xml")
        assert b"Macintosh" not in z.read("docProps/app.xml")
        styles = z.read("word/styles.xml").decode("utf-8")
    assert len(re.findall(r"<w:style ", styles)) < 30  # no unused table styles
    _, docs = packs["wirral-befriending"]
    d = docs["questions"]
    assert d.styles["Normal"].font.size.pt == 12
    assert d.core_properties.author == "Wirral Council"
    assert d.core_properties.last_modified_by == "Wirral Council"
    for kind in PUBLISHED:
        props = docs[kind].core_properties
        assert props.comments == "" and "band" not in props.keywords
        assert not TOOL_WORDS.search(" ".join([props.title, props.subject, props.keywords]))


# -- 10. PDF where it is wanted ------------------------------------------------------------------

def test_pdf_without_libreoffice_says_what_to_do(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from svauthor.cli import main

    monkeypatch.setenv("SVAUTHOR_SOFFICE", "no-such-soffice-here")
    code = main(["build", str(ROOT / "examples" / "wirral-befriending.yaml"), "-o",
                 str(tmp_path / "out"), "--pdf", "--today", "2026-11-27"])
    err = capsys.readouterr().err
    assert code == 2 and "needs LibreOffice" in err and "Document structure tags" in err
    assert "Traceback" not in err and not (tmp_path / "out").exists()


def test_pdf_render_keeps_words_whole(packs: Any, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Render the widest document to pages and check no word in a table is broken mid-way."""
    import shutil
    import subprocess

    from svauthor.docs.pdf import export_pdfs, find_soffice

    if find_soffice() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or pdftotext is not installed")
    _, docs = packs["long-ten-years"]
    monkeypatch.chdir(tmp_path)
    source = Path("kpi-schedule.docx")  # a relative path, as `-o out` gives
    docs["kpi-schedule"].save(str(source))
    (pdf,) = export_pdfs([source])
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"Tagged:\s+yes", info.stdout)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = set(re.findall(r"[A-Za-z]{6,}", text))
    tokens = set(re.findall(r"[A-Za-z]+", text))
    written = " ".join(cell for _, cell in cells(docs["kpi-schedule"]))
    words = set(re.findall(r"[A-Za-z]{6,}", written))
    # A compound may break at its own hyphen ("medium-" / "sized"), which pdftotext reads
    # back joined ("mediumsized"): that is a proper break, not a word cut in two.
    joined = {c.replace("-", "") for c in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)+", written)}
    broken = sorted(w for w in words if w not in flat
                    and not any(w in j and j in tokens for j in joined))
    assert not broken, broken[:20]


def test_a_weighting_the_buyer_changed_is_recorded(kb: KnowledgeBase, tmp_path: Path) -> None:
    spec = load_spec(str(ROOT / "examples" / "wirral-befriending.yaml"), kb)
    changed = spec.model_copy(update={"evaluation": spec.evaluation.model_copy(
        update={"social_value_pct": 15.0})})
    a = assess(changed, kb, today=TODAY)
    paths = build_pack(a, tmp_path, kb=kb, draft=bool(a.blocking_checks()))
    record = docx.Document(str(next(p for p in paths if "decision-record" in p.name)))
    rows = rows_of(table_by_caption(record, "Why this weighting"))
    assert any(r[0].startswith("The buyer set 15% of the total score to Social Value; the rules "
                               "advised") and "recorded in the spec" in r[1] for r in rows)


@pytest.mark.parametrize(("source", "expected"), [
    ("Seed 6.4 and 7.3 (proportionality); seed 8.2; svauthor relevance table.",
     ["Cheshire and Merseyside Social Value Charter partnership, Towards a Social Value Economy "
      "(roadmap), sections 6.4, 7.3 and 8.2",
      "Good-practice default, not a legal requirement (see the commissioner's checklist)"]),
    ("Procurement Act 2023 s.54(1) and s.87(6); Public Contracts Regulations 2015 reg 76(6)",
     ["Procurement Act 2023, section 54(1) and section 87(6)",
      "Public Contracts Regulations 2015 (SI 2015/102), regulation 76(6)"]),
    ("PPN 006 (threshold above £5m a year)",
     ["Cabinet Office, Procurement Policy Note 006: Taking account of Carbon Reduction Plans in "
      "the procurement of major government contracts (February 2025)"]),
    ("Regulations 2024 (in force 24 February 2025; procurements commenced earlier)",
     ["Regulations 2024 (in force 24 February 2025; procurements commenced earlier)"]),
])
def test_sources_become_references_a_reader_can_follow(source: str, expected: list[str]) -> None:
    from svauthor.docs.citations import load_citations

    cites = load_citations()
    assert cites.cite(source) == expected
    assert all(not TOOL_WORDS.search(ref) for ref in cites.cite(source))


def test_working_notes_are_split_out() -> None:
    from svauthor.docs.citations import load_citations

    cites = load_citations()
    source = "Seed 8.2 names only NT14; svauthor follows the stricter reading. UNCONFIRMED text"
    assert cites.notes(source) == ["svauthor follows the stricter reading. UNCONFIRMED text"]
    assert cites.for_reader("svauthor recommends at least 5 working days; set `x`") == (
        "good practice is at least 5 working days; set x")


def test_an_accepted_risk_must_name_a_real_check(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    import shutil

    from svauthor.cli import main

    source = (ROOT / "examples" / "timetable-worked-example.yaml").read_text(encoding="utf-8")
    for data in (ROOT / "examples").glob("*-needs-analysis.*"):  # files the spec refers to
        shutil.copy(data, tmp_path / data.name)
    spec = tmp_path / "t.yaml"
    spec.write_text(source + "accepted_risks:\n  - check: timetable.vcfse_windo\n"
                             "    reason: Agreed with the VCFSE forum\n"
                             "    accepted_by: Head of Procurement\n", encoding="utf-8")
    lines = spec.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, start=1) if "vcfse_windo" in text)
    for command in ("build", "check"):
        argv = [command, str(spec), "--today", "2026-11-27"]
        code = main([*argv, "-o", str(tmp_path / "out")] if command == "build" else argv)
        err = capsys.readouterr().err
        assert code == 2, command
        assert f"{spec}:{line}: accepted_risks[0].check: unknown check `timetable.vcfse_windo`" \
               in err and "did you mean `timetable.vcfse_window`" in err
    spec.write_text(source + "accepted_risks:\n  - check: timetable.order\n"
                             "    reason: Not needed at all\n    accepted_by: Me\n",
                    encoding="utf-8")
    code = main(["check", str(spec), "--today", "2026-11-27"])
    err = capsys.readouterr().err
    assert code == 1 and "`timetable.order` does not fail (pass)" in err


def test_a_draft_commitments_workbook_says_draft(kb: KnowledgeBase, tmp_path: Path) -> None:
    import io

    from openpyxl import load_workbook

    a = assess(load_spec(str(ROOT / "examples" / "timetable-worked-example.yaml"), kb), kb,
               today=TODAY)
    paths = build_pack(a, tmp_path, kb=kb, draft=True)
    book = next(p for p in paths if p.suffix == ".xlsx")
    wb = load_workbook(io.BytesIO(book.read_bytes()))
    visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert visible and all(ws.oddHeader is not None and "DRAFT" in str(ws.oddHeader.center.text)
                           for ws in visible)


def test_proxy_row_with_an_unquoted_comma_is_refused(kb: KnowledgeBase, tmp_path: Path) -> None:
    from svauthor.errors import InputError

    csv_path = tmp_path / "pv.csv"
    csv_path.write_text("measure ref,unit,value,source\nNT1,fte,£29,000,Licensed\n",
                        encoding="utf-8")
    a = assess(load_spec(str(ROOT / "examples" / "wirral-befriending.yaml"), kb), kb,
               today=TODAY)
    with pytest.raises(InputError) as err:
        build_pack(a, tmp_path / "out", kb=kb, proxy_values=csv_path)
    assert f"{csv_path}:2: row 2: row has 5 values but the header has 4 columns" in str(err.value)
    assert not (tmp_path / "out").exists()


def test_one_month_reads_as_one_month(kb: KnowledgeBase, tmp_path: Path) -> None:
    spec = load_spec(str(ROOT / "examples" / "wirral-befriending.yaml"), kb)
    a = assess(spec.model_copy(update={"duration_months": 1}), kb, today=TODAY)
    paths = build_pack(a, tmp_path, kb=kb, draft=bool(a.blocking_checks()))
    for path in paths:
        if path.suffix == ".docx":
            text = "\n".join(texts(docx.Document(str(path))))
            assert "1 months" not in text, path.name
    bidders = "\n".join(texts(docx.Document(str(next(p for p in paths
                                                       if "questions" in p.name)))))
    assert "over 1 month." in bidders and "Year 1 (1 month) target" in bidders


def test_collapsed_years_say_the_workbook_governs(packs: Any) -> None:
    text = "\n".join(texts(packs["long-ten-years"][1]["questions"]))
    assert "in the commitments workbook, which governs" in text
    assert "which governs" not in "\n".join(texts(packs["wirral-befriending"][1]["questions"]))


def test_a_bad_contact_email_reads_plainly(kb: KnowledgeBase) -> None:
    from svauthor.domain.specfile import parse_spec
    from svauthor.errors import InputError
    from svauthor.yamlio import parse_yaml

    text = (ROOT / "examples" / "wirral-befriending.yaml").read_text(encoding="utf-8")
    text += "tender:\n  contact: {name: Jo, email: not-an-email}\n"
    with pytest.raises(InputError) as err:
        parse_spec(parse_yaml(text, "tf.yaml"), kb)
    message = str(err.value)
    assert "tender.contact.email" in message
    assert "`not-an-email` is not an email address, e.g. name@council.gov.uk" in message
    assert "pattern" not in message


def test_timetable_report_has_no_empty_list_rows(packs: Any) -> None:
    _, docs = packs["wirral-befriending"]
    for table in docs["timetable-check"].tables:
        for row in rows_of(table):
            assert row[-1] not in ("None", "[]"), row


@pytest.mark.parametrize(("name", "expected"), [
    ("wirral-befriending", "Social Value is 10% of the total score (no minimum applies to this "
                           "buyer); within it 70% qualitative (at least 60% is needed)"),
    ("icb-community-mental-health", "(at least 10% is needed for this buyer)"),
])
def test_the_record_states_a_minimum_only_when_one_applies(packs: Any, name: str,
                                                           expected: str) -> None:
    """A council has no Social Value minimum: the record says so rather than "at least 0%"."""
    _a, docs = packs[name]
    weighting = next(p.text for p in docs["decision-record"].paragraphs
                     if p.text.startswith("Weighting: "))
    assert expected in weighting, weighting


def test_a_rule_set_without_a_qualitative_minimum_prints_none(kb: KnowledgeBase,
                                                             tmp_path: Path) -> None:
    """With no qualitative floor (a local rule set) bidders get the split alone, no "at least 0%"."""
    a = assess(load_spec(str(ROOT / "examples" / "wirral-befriending.yaml"), kb), kb, today=TODAY)
    a = a.model_copy(update={"weighting": a.weighting.model_copy(
        update={"minimum_qualitative_pct": 0.0})})
    paths = build_pack(a, tmp_path, kb=kb, draft=bool(a.blocking_checks()))
    for path in paths:
        if path.suffix != ".docx":
            continue
        text = "\n".join(texts(docx.Document(str(path))))
        assert not re.search(r"(?:at least|minimum(?: of)?) 0%", text), path.name
        if "questions" in path.name:
            assert "For this tender the split is 70% qualitative and 30% quantitative" in text
        if "decision-record" in path.name:
            assert "70% qualitative (no minimum applies) and" in text


def _workbook_lines(a: Assessment) -> list[str]:
    """The commitments workbook's instructions, re-opened as a bidder opens the file."""
    import io

    from openpyxl import load_workbook

    from svauthor.tracking.rules import load_tracking_rules
    from svauthor.tracking.workbook import tender_commitments_workbook

    book = load_workbook(io.BytesIO(tender_commitments_workbook(a, load_tracking_rules())))
    return [str(c.value) for c in book["Instructions"]["A"] if c.value]


@pytest.mark.parametrize(("name", "bidders", "panel", "contract", "workbook"), [
    ("twelve-lots",
     "This procurement is divided into 12 lots, and the questions and commitments table apply "
     "to each lot. If you bid for more than one lot, answer the questions and complete the "
     "commitments table separately for each lot you bid for",
     "score each lot on its own", "The schedule applies to each lot's contract separately",
     "complete a separate workbook for each lot you bid for"),
    ("lot-of-four", "This document is for Lot 2: North, one of 4 lots. Answer the questions and "
                    "complete the commitments table for this lot alone",
     "This guide is for Lot 2: North, one of 4 lots. Score only what each bidder offers for "
     "this lot.", "This schedule is for the contract for Lot 2: North, one of 4 lots.",
     "This workbook is for Lot 2: North, one of 4 lots: give targets for this lot alone."),
    ("with-facts", "This document is for Lot 2: North. Answer", "This guide is for Lot 2: North.",
     "This schedule is for the contract for Lot 2: North.", "This workbook is for Lot 2: North:"),
])
def test_documents_say_which_lot_they_cover(packs: Any, name: str, bidders: str, panel: str,
                                            contract: str, workbook: str) -> None:
    """Bidders for one lot of many must know to size their answers to that lot (FINDINGS R30)."""
    a, docs = packs[name]
    for kind, words in (("questions", bidders), ("evaluator-guide", panel),
                        ("kpi-schedule", contract)):
        body = "\n".join(p.text for p in docs[kind].paragraphs)
        assert words in body, (kind, body[:2000])
    record = rows_of(table_by_caption(docs["decision-record"], "The tender as assessed"))
    assert any(r[0] == "Lots" for r in record), record
    checklist = "\n".join(texts(docs["checklist"]))
    assert ("build a pack for each lot" in checklist) == (a.lots > 1 and not a.tender.lot)
    assert (f"This pack is for {a.tender.lot}" in checklist) == bool(a.tender.lot)
    lines = _workbook_lines(a)
    assert any(workbook in line for line in lines), lines


def test_a_pack_without_lots_says_nothing_of_them(packs: Any) -> None:
    _a, docs = packs["wirral-befriending"]
    for kind in PUBLISHED:
        assert not re.search(r"\blots?\b", "\n".join(texts(docs[kind])), re.IGNORECASE), kind


@pytest.mark.parametrize("name", ["icb-community-mental-health", "trust-estates-works"])
def test_check_titles_read_as_words(packs: Any, name: str) -> None:
    """Check titles come from the data's words, not an id's shape: no "Nhs minimum", "None
    required" or "Procurement act over 5m"."""
    _a, docs = packs[name]
    titles = [r[0] for r in rows_of(table_by_caption(docs["decision-record"],
                                                     "Every check and its verdict"))]
    assert titles and "Minimum number of KPIs" in titles, titles
    duties = [r[0] for r in rows_of(table_by_caption(docs["decision-record"],
                                                     "Statutory considerations"))]
    assert duties and not set(duties) & set(titles)  # each statutory finding is read once
    for title in titles:
        assert not re.search(r"\bNhs\b|None required|\bact\b|\d+m\b|Non working", title), title


def test_a_tall_row_may_run_on_to_the_next_page() -> None:
    """Short rows stay whole; a row of many lines may break, so no page is left mostly blank."""
    from svauthor.docs.word import Writer, load_base

    w = Writer(load_base(None))
    w.table("Rows", ["Item", "Reason"], [["Short", "One line."],
                                          ["Tall", "A reason that goes on. " * 60]],
            widths=[1, 4])
    rows = w.doc.tables[-1]._tbl.findall(qn("w:tr"))
    kept = [r.find(qn("w:trPr")) is not None and r.find(qn("w:trPr")).find(qn("w:cantSplit"))
            is not None for r in rows]
    assert kept == [True, True, False]  # the header row and the short row are kept whole


def test_the_holiday_source_is_a_working_note(packs: Any) -> None:
    """Where the bank holidays come from (a package and its version) is for the commissioner's
    checklist, not for the board's copy of the timetable report or the record."""
    _a, docs = packs["wirral-befriending"]
    for kind in ("timetable-check", "decision-record", *PUBLISHED):
        assert not any("holidays package" in t for t in texts(docs[kind])), kind
    assert any("holidays package" in t for t in texts(docs["checklist"]))
    assert any("UK-wide bank holidays" in t for t in texts(docs["timetable-check"]))


def test_a_bold_verdict_column_fits_its_widest_word() -> None:
    """Bold "Warning" prints wider than seven average letters: LibreOffice split it
    ("Warnin|g") in the timetable report's narrow Verdict column."""
    from svauthor.docs.word import Strong, _word_twips, fit_widths

    rows = [["Holiday span", Strong("Warning"), "The tender is open for 49 days. " * 8]]
    cols = fit_widths(9000, [2.5, 1.2, 7], ["Check", "Verdict", "Finding"], rows)
    assert cols[1] >= 260 + _word_twips("Warning", True) > 260 + 118 * 7
    assert _word_twips("illicit", False) < _word_twips("MWMWMWM", False)


def test_a_long_list_of_measures_is_one_line_of_text(packs: Any) -> None:
    """Forty excluded references, one a line, made a cell pages tall in the record."""
    _a, docs = packs["wirral-befriending"]
    table = table_by_caption(docs["decision-record"], "Excluded measures and their reasons")
    cells = [r.cells[0] for r in table.rows[1:]]
    long = [c for c in cells if c.text.count(",") >= 4]
    assert long and all(len(c.paragraphs) == 1 for c in long)
    assert all(len(c.paragraphs) <= 4 for c in cells)
