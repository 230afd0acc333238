"""The documents of the Social Value tender pack, each built from one engine run.

Every sentence of running text comes from a template in templates/text/ or from the data in
templates/ (method, glossary, citations); this module decides the structure: cover block,
headings (Heading 1 to 3, never skipping a level), tables and lists. Each document speaks to
its reader: bidders, the panel and the contract manager never see rule ids or working notes;
the decision record cites its sources in full; the commissioner's checklist carries the rest.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, ValidationError

from svauthor.docs.citations import Citations, load_citations
from svauthor.docs.proxy import ProxyValue
from svauthor.docs.text import TemplateSet
from svauthor.docs.word import BaseDocx, Strong, Writer
from svauthor.domain.base import Strict
from svauthor.domain.framework import UNIT_LABELS
from svauthor.domain.results import Assessment, Check, MeasureDecision, Reason, Verdict
from svauthor.domain.rulecache import load_yaml_cached
from svauthor.errors import InputError
from svauthor.labels import DATES_FOR_BIDDERS, SECTORS, STATUSES, VERDICTS
from svauthor.paths import rules_dir, templates_dir
from svauthor.ukformat import fmt_date, fmt_gbp

if TYPE_CHECKING:
    from svauthor.domain.knowledge import KnowledgeBase

Audience = Literal["bidders", "panel", "contract", "commissioner", "board"]

VERDICT = VERDICTS
SECTOR = SECTORS
CARBON_PLAN = {"full": "A full Carbon Reduction Plan is required",
               "proportionate": "A proportionate Carbon Reduction Plan is required",
               "not_required": "A Carbon Reduction Plan is not required"}
#: Working-day calendar codes as a reader knows them.
NATIONS = {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}
#: More contract years than this share one column ("Years 7 to 10, each year").
MAX_YEAR_COLUMNS = 7
ENTER_DELIVERY = "[Describe how you will deliver and evidence it]"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: Checks that record a statutory consideration (by their concept), as the board reads them.
STATUTORY = {"regime_applies": "The procurement regime", "threshold": "Threshold",
             "social_value_act_duty": "Public Services (Social Value) Act 2012",
             "npps_regard": "National Procurement Policy Statement",
             "kpi_duty": "Key performance indicators",
             "psr_key_criteria": "Provider Selection Regime key criteria"}
#: Documents with more top-level sections than this get a contents list.
CONTENTS_FROM = 5
def pct(value: float) -> str:
    return f"{round(float(value), 2):g}%"


def _months(n: int) -> str:
    return f"{n} month" if n == 1 else f"{n} months"


months = _months


def contract_years(months: int) -> list[str]:
    """Column labels, one per contract year: 'Year 1', ..., 'Year 2 (months 13 to 18)'."""
    count = math.ceil(months / 12)
    labels = []
    for year in range(1, count + 1):
        first, last = (year - 1) * 12 + 1, min(year * 12, months)
        span = f"month {first}" if first == last else f"months {first} to {last}"
        part = f" ({span})" if last - first + 1 < 12 and count > 1 else ""
        part = f" ({_months(months)})" if count == 1 and months < 12 else part
        labels.append(f"Year {year}{part}")
    if count > MAX_YEAR_COLUMNS:
        keep = MAX_YEAR_COLUMNS - 1
        labels = labels[:keep] + [f"Years {keep + 1} to {count} (each year)"]
    return labels


def unit_label(unit: str) -> str:
    return UNIT_LABELS.get(unit, unit)


def humanise(key: str) -> str:
    """'tender_window_days' -> 'Tender window days'; a few abbreviations spelt out."""
    if key.lower() == "ok":
        return "OK"
    text = key.replace("_", " ").strip() if re.fullmatch(r"[A-Za-z0-9_]+", key) else key.strip()
    text = re.sub(r"\bpa23\b", "Procurement Act 2023", text, flags=re.IGNORECASE)
    text = re.sub(r"\bpsr\b", "Provider Selection Regime", text, flags=re.IGNORECASE)
    text = re.sub(r"\bvcfse\b", "VCFSE", text, flags=re.IGNORECASE)
    text = re.sub(r"\bnhs\b", SECTORS["nhs"], text, flags=re.IGNORECASE)
    text = re.sub(r"\b(non|multi) (working|stage)\b", r"\1-\2", text, flags=re.IGNORECASE)
    text = re.sub(r"\bbelow threshold (tendering|procurement|contract)", r"below-threshold \1",
                  text, flags=re.IGNORECASE)
    text = re.sub(r"\b(act|regulations|regime)\b(?= \d{4}|$)", lambda m: m.group(1).title(), text)
    text = re.sub(r"\bprovider selection Regime\b", "Provider Selection Regime", text,
                  flags=re.IGNORECASE)
    return text[:1].upper() + text[1:]


def show_value(key: str, value: Any) -> str:
    """A detail value for people: UK dates, day counts with their unit, Yes/No, readable lists."""
    if value is None:
        return "Not applicable"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return fmt_date(value)
    if isinstance(value, str):
        if value in NATIONS:
            return NATIONS[value]
        if _ISO_DATE.match(value):
            try:
                return fmt_date(date.fromisoformat(value))
            except ValueError:
                return value
        return humanise(value)
    if isinstance(value, int | float):
        number = f"{value:g}" if isinstance(value, float) else str(value)
        if key.endswith("working_days"):
            return f"{number} working days"
        if key.endswith("_days") or key == "days":
            return f"{number} days"
        if key.endswith("_pct"):
            return f"{number}%"
        if key.endswith("_gbp"):
            return fmt_gbp(value)
        return number
    if isinstance(value, dict):
        return "; ".join(f"{humanise(k)}: {show_value(k, v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        if not value:
            return "None"
        if all(isinstance(v, dict) for v in value):
            return "\n".join(show_value(key, v) for v in value)
        return ", ".join(show_value(key, v) for v in value)
    return str(value)


def detail_rows(details: dict[str, Any],
                reword: Callable[[str], str] = lambda text: text) -> list[list[str]]:
    """Rows for people: an empty list says nothing, so it is left out rather than shown;
    `reword` takes working detail out of the values (Citations.for_reader)."""
    return [[humanise(k), reword(show_value(k, v))] for k, v in details.items()
            if not (isinstance(v, list | tuple | dict) and not v)]



# -- data the documents share: the method, the glossary, the contract-performance ratings ------

class ScaleLevel(Strict):
    score: int = Field(ge=0, le=10)
    descriptor: str = Field(min_length=3)


class Method(Strict):
    """How commitments are scored and counted, stated once for bidders and panel alike."""

    version: int = 1
    commitments_scale: list[ScaleLevel] = Field(min_length=2)
    optional_rule: str = Field(min_length=10)
    counting_rules: list[str] = Field(min_length=1)
    initiative_target: str = Field(min_length=3)
    number_target: str = Field(min_length=3)
    initiative_unit: str = Field(min_length=3)
    initiative_delivery: str = Field(min_length=3)


class Term(Strict):
    term: str = Field(min_length=1)
    definition: str = Field(min_length=3)
    match: str | None = None


class Glossary(Strict):
    version: int = 1
    terms: list[Term]


class Rating(Strict):
    id: str
    label: str
    meaning: str


class RatingScale(Strict):
    """The contract performance notice ratings and the return deadline, read from the tracking
    rules when present, so the KPI schedule and delivery tracking say the same thing."""

    scale: list[Rating]
    other: Rating | None = None
    source: str = ""
    due_days_after_quarter: int | None = None


#: Used only when the tracking rules are not shipped.
DEFAULT_DUE = ("10 working days of the end of each contract quarter (quarter 1 is the first "
               "three months from the contract start date)")


def return_deadline(ratings: RatingScale | None, *, short: bool = False) -> str:
    """When a quarterly return is due, in words, from the one rule the tracking register uses
    (rules/tracking/tracking.yaml, returns.due_working_days_after_quarter); `short` for a table
    cell, where the Reporting section gives the full wording once."""
    n = 10 if ratings is None or ratings.due_days_after_quarter is None else \
        ratings.due_days_after_quarter
    days = f"{n} working day{'s' if n != 1 else ''}"
    if short:
        return f"{days} of each contract quarter's end"
    if ratings is None or ratings.due_days_after_quarter is None:
        return DEFAULT_DUE
    return (f"{days} of the end of each contract quarter "
            f"(quarter 1 is the first three months from the contract start date)")


_DATA: dict[str, Any] = {}
_DATA_LOCK = threading.Lock()


def _load_model(path: Path, model: type[Strict]) -> Any:
    key = f"{model.__name__}:{path}"
    with _DATA_LOCK:
        if key not in _DATA:
            doc = load_yaml_cached(path)
            try:
                _DATA[key] = model.model_validate(doc.data)
            except ValidationError as exc:
                err = exc.errors()[0]
                loc = tuple(err["loc"])
                raise InputError.single(str(path), err["msg"], line=doc.line_of(loc),
                                        field=".".join(str(p) for p in loc)) from None
        return _DATA[key]


def load_method() -> Method:
    result: Method = _load_model(templates_dir() / "method.yaml", Method)
    return result


def load_glossary() -> Glossary:
    result: Glossary = _load_model(templates_dir() / "glossary.yaml", Glossary)
    return result


def load_ratings() -> RatingScale | None:
    """The ratings from rules/tracking/tracking.yaml (shared with delivery tracking), if shipped."""
    path = rules_dir() / "tracking" / "tracking.yaml"
    if not path.is_file():
        return None
    data = load_yaml_cached(path).data
    ratings = data.get("ratings") if isinstance(data, dict) else None
    if not isinstance(ratings, dict):
        return None
    try:
        scale = [Rating(id=r["id"], label=r["label"], meaning=r["meaning"])
                 for r in ratings.get("scale", [])]
        other = ratings.get("other")
        returns = data.get("returns") if isinstance(data.get("returns"), dict) else {}
        due = returns.get("due_working_days_after_quarter")
        return RatingScale(scale=scale, source=" ".join(str(ratings.get("source", "")).split()),
                           other=Rating(id=other["id"], label=other["label"],
                                        meaning=other["meaning"]) if other else None,
                           due_days_after_quarter=due if isinstance(due, int) else None)
    except (KeyError, TypeError, ValidationError):
        return None


@dataclass
class Pack:
    """Everything the document builders share: the assessment, words, base style and marks."""

    a: Assessment
    kb: KnowledgeBase
    text: TemplateSet
    base: BaseDocx
    proxies: dict[str, ProxyValue] | None = None
    proxy_file: str | None = None
    draft: bool = False
    sv_marks: float = field(init=False)
    qualitative_marks: float = field(init=False)
    quantitative_marks: float = field(init=False)
    years: list[str] = field(init=False)
    top_score: int = field(init=False)
    cites: Citations = field(init=False)
    method: Method = field(init=False)

    def __post_init__(self) -> None:
        w = self.a.weighting
        self.sv_marks = round(w.social_value_pct, 2)
        if self.a.questions:
            self.qualitative_marks = round(sum(q.marks_pct for q in self.a.questions), 2)
            self.quantitative_marks = round(self.sv_marks - self.qualitative_marks, 2)
        else:  # the qualitative share is still reserved, so the marks add up
            self.quantitative_marks = round(w.social_value_pct * w.quantitative_pct / 100, 2)
            self.qualitative_marks = round(self.sv_marks - self.quantitative_marks, 2)
        self.years = contract_years(self.a.duration_months)
        scale = self.kb.rules.scoring_scale
        self.top_score = max((lvl.score for lvl in scale.levels), default=5) if scale else 5
        self.cites = load_citations()
        self.method = load_method()

    # -- facts every document states the same way -----------------------------------------

    @property
    def route_words(self) -> str:
        """'Open procedure under the Procurement Act 2023': the route in words."""
        a = self.a
        book = self.kb.regimes  # the regimes name themselves, in rules/law/regimes.yaml
        regime = str(book.title(a.regime))
        procedure = str(book.procedure_label(a.regime, a.procedure))
        if not regime:
            return procedure
        joint = ", as " if regime.startswith(("a ", "an ")) else " under "
        return f"{procedure[:1].upper()}{procedure[1:]}{joint}{regime}"

    @property
    def local_definition(self) -> str:
        """What 'local' means here: the spec's own definition, else the places by name."""
        own = self.a.tender.definition_of_local
        if own:
            return " ".join(own.split())
        if self.a.places:
            names = self.text.env.filters["words"](self.a.places)
            area = "area" if len(self.a.places) == 1 else "areas"
            return f"Local means within the local authority {area} of {names}."
        return ""

    @property
    def needs(self) -> list[Any]:
        """The named local needs with their evidence (carried by the assessment when known)."""
        return list(getattr(self.a, "needs", []) or [])

    @property
    def has_needs_analysis(self) -> bool:
        """Whether the spec gave a Local Needs Analysis (its rows are the needs' evidence): only
        then may a document send bidders to one."""
        return any(n.evidence for n in self.needs)

    @property
    def has_lots(self) -> bool:
        """Whether the documents must say which lot(s) they cover: a procurement in lots, or a
        pack written for one named lot."""
        return self.a.lots > 1 or bool(self.a.tender.lot)

    @property
    def lot_words(self) -> str:
        """The lot(s) in a few words, for tables of facts."""
        lot, lots = self.a.tender.lot, self.a.lots
        if lot:
            return f"{lot} (one of {lots} lots)" if lots > 1 else lot
        return f"{lots} lots; this pack applies to each" if lots > 1 else "Not divided into lots"

    @property
    def failing(self) -> list[Check]:
        return [c for c in self.a.checks if c.status == "fail"]

    def context(self, **extra: Any) -> dict[str, Any]:
        return {"a": self.a, "sv_marks": self.sv_marks, "qualitative_marks": self.qualitative_marks,
                "quantitative_marks": self.quantitative_marks, "years": self.years,
                "top_score": self.top_score, **extra}

    def blocks(self, w: Writer, template: str, **extra: Any) -> None:
        w.blocks(self.text.blocks(template, self.context(**extra)))

    def writer(self, doc_type: str, subject: str, audience: Audience) -> Writer:
        """A document with its properties, cover block and running header."""
        w = Writer(self.base)
        a = self.a
        t = a.tender
        published = audience in ("bidders", "panel", "contract")
        w.properties(  # published documents carry no working detail, even in their properties
            title=f"{a.title}: {doc_type}", subject=subject, author=a.buyer.strip() or "Buyer",
            keywords=f"Social Value; {a.framework_name}" + (
                "" if published else f"; {a.band.label} band"),
            comments="" if published else (f"Rules version {a.rules_version}; assessed on "
                                           f"{fmt_date(a.assessed_on)}."),
        )
        w.title(a.title)
        w.subtitle(doc_type)
        ref = f"{doc_type} \u2013 {t.reference}" if t.reference else doc_type
        if audience == "commissioner":
            ref += " \u2013 not for publication"
        w.running_header(ref, draft=self.draft)
        rows: list[list[Any]] = [["Buyer", a.buyer]]
        if t.reference:
            rows.append(["Tender reference", t.reference])
        if t.lot:
            rows.append(["Lot", t.lot])
        if t.version:
            rows.append(["Version", t.version])
        if t.issue_date:
            rows.append(["Issue date", fmt_date(t.issue_date)])
        rows.append(["Procurement route", self.route_words])
        if audience in ("bidders", "panel"):
            if t.portal:
                rows.append(["Where to submit", t.portal])
            if t.clarification_route:
                rows.append(["Clarification questions", t.clarification_route])
        if t.contact:
            rows.append(["Contact", f"{t.contact.name}, {t.contact.email}"])
        if self.draft:
            rows.append(["Status", Strong("Draft: not for publication")])
        elif audience == "commissioner":
            rows.append(["Status", Strong("For the commissioner: not for publication")])
        w.table("About this document", ["Item", "Detail"], rows, widths=[2, 6],
                description="The tender this document belongs to, and who to contact.")
        w.mark_contents()
        return w

    def finish(self, w: Writer) -> Writer:
        """Glossary of the terms the document uses, then the contents list on long documents."""
        text = w.text_so_far().lower()
        terms = [t for t in load_glossary().terms if (t.match or t.term).lower() in text]
        if terms:
            w.heading(1, "Glossary")
            w.table("Terms used in this document", ["Term", "Meaning"],
                    [[t.term, " ".join(t.definition.split())] for t in terms], widths=[2, 7])
        if len(w.top_headings) >= CONTENTS_FROM:
            w.contents(w.top_headings)
        return w

    def unallocated_row(self, *middle: str) -> list[list[str]]:
        """A marks-table row for the written answers when no question has been selected."""
        if self.a.questions:
            return []
        return [["Written answers (no question selected: add one before publishing)", *middle,
                 pct(self.qualitative_marks)]]

    @property
    def recommended(self) -> list[MeasureDecision]:
        return self.a.measures_with("recommended")

    @property
    def optional(self) -> list[MeasureDecision]:
        return self.a.measures_with("optional")

    def overlaps(self) -> list[tuple[str, list[str]]]:
        """Groups of measures in this pack that count the same activity (from the rules)."""
        in_pack = {m.ref for m in self.recommended + self.optional}
        groups = []
        for ov in getattr(self.kb.rules, "overlaps", None) or []:
            refs = [r for r in getattr(ov, "measures", []) if r in in_pack]
            if len(refs) >= 2:
                groups.append((" ".join(str(getattr(ov, "why", "")).split()), refs))
        return groups

    def target_cell(self, m: MeasureDecision) -> str:
        return self.method.initiative_target if m.unit == "initiative" else self.method.number_target

    def unit(self, m: MeasureDecision) -> str:
        return self.method.initiative_unit if m.unit == "initiative" else unit_label(m.unit)

    def delivery_cell(self, m: MeasureDecision) -> str:
        """What the bidder writes in the last column: for an initiative, the initiative itself."""
        return self.method.initiative_delivery if m.unit == "initiative" else ENTER_DELIVERY


def _ref_cell(m: MeasureDecision) -> list[str]:
    return [m.ref, "Partner VCFSE"] if m.partner_vcfse else [m.ref]


# -- sections shared by the bidders' document and the evaluator guide -------------------------

def _tender_facts(p: Pack, w: Writer, *, for_bidders: bool) -> None:
    """Route, places, definition of local, named needs with evidence, carbon plan, key dates."""
    a = p.a
    w.heading(1, "About this tender")
    w.para(f"{p.route_words}.", label="Procurement route: ")
    if a.places:
        w.para(p.text.env.filters["words"](a.places) + ".", label="Places: ")
    if p.local_definition:
        w.para(p.local_definition, label="Definition of local: ")
    if p.has_lots:
        w.heading(2, "Lot" if a.tender.lot else "Lots")
        p.blocks(w, "lots", audience="bidders" if for_bidders else "panel")
    needs = p.needs
    if needs:
        w.heading(2, "Local needs this tender addresses")
        lna = p.has_needs_analysis
        p.blocks(w, "needs_intro", for_bidders=for_bidders, needs_analysis=lna)
        buyer = a.buyer.strip() or "the buyer"
        named = (f"Named by {buyer} for this tender; not one of the needs in its Local Needs "
                 f"Analysis." if lna else f"Named by {buyer} for this tender.")
        rows: list[list[Any]] = []
        places = p.kb.places
        for n in needs:
            evidence = [(f"{places[e.place].name if e.place in places else e.place}: "
                         if e.place else "") + e.evidence
                        + (f" ({e.figure})" if e.figure else "")
                        + (f". Source: {e.source}" if e.source else "")
                        + (f", {e.date}" if e.date else "") for e in n.evidence]
            rows.append([n.name, " ".join(str(n.description).split()), evidence or [named]])
        w.table("Local needs and the evidence for them", ["Need", "What it means",
                                                           "Evidence"], rows, widths=[2, 4, 4])
    w.heading(2, "Carbon Reduction Plan")
    p.blocks(w, "carbon_plan", level=str(a.carbon_reduction_plan.value), for_bidders=for_bidders)
    tt = a.timetable
    if tt is not None and tt.given:
        w.heading(2, "Key dates")
        labels = DATES_FOR_BIDDERS
        w.table("Key dates for this tender", ["Stage", "Date"],
                [[labels.get(k, humanise(k)), show_value(k, v)] for k, v in tt.given.items()],
                widths=[4, 3])


def _counting_rules(p: Pack, w: Writer) -> None:
    w.heading(2, "Counting each activity once")
    w.bullets([" ".join(r.split()) for r in p.method.counting_rules])
    groups = p.overlaps()
    if groups:
        w.table("Measures that count the same activity", ["Measures", "Why they overlap"],
                [[p.text.env.filters["words"](refs), why] for why, refs in groups],
                widths=[2, 7])


def _commitments_scale(p: Pack, w: Writer, caption: str) -> None:
    levels = sorted(p.method.commitments_scale, key=lambda lvl: lvl.score)
    w.table(caption, ["Score", "What the commitments table shows"],
            [[str(lvl.score), " ".join(lvl.descriptor.split())] for lvl in levels],
            widths=[1, 8])


# -- 1. Bidder-facing questions ---------------------------------------------------------------

def questions_document(p: Pack) -> Writer:
    a = p.a
    w = p.writer("Social Value questions for bidders", "Social Value questions for bidders",
                 "bidders")
    p.blocks(w, "questions_intro")
    w.mark_contents()  # the contents list follows the introduction
    _tender_facts(p, w, for_bidders=True)

    w.heading(1, "How Social Value is weighted and scored")
    p.blocks(w, "weighting")
    rows = [[f"Question {i}: {q.title}", pct(q.marks_pct * 100 / p.sv_marks) if p.sv_marks else
             "0%", pct(q.marks_pct)] for i, q in enumerate(a.questions, start=1)]
    rows += p.unallocated_row(pct(a.weighting.qualitative_pct))
    rows.append(["Commitments table (quantitative)",
                 pct(p.quantitative_marks * 100 / p.sv_marks) if p.sv_marks else "0%",
                 pct(p.quantitative_marks)])
    rows.append(["Total for Social Value", "100%", pct(p.sv_marks)])
    w.table("Social Value marks", ["Part", "Share of the Social Value score",
                                   "Marks (% of the total tender score)"], rows,
            widths=[5, 2, 2], description="How the Social Value marks are shared between the "
                                          "questions and the commitments table.")

    w.heading(1, "The questions")
    for i, q in enumerate(a.questions, start=1):
        w.heading(2, f"Question {i}: {q.title}")
        w.paras(q.text)
        w.heading(3, "Guidance")
        w.paras(q.guidance)
        w.heading(3, "What a strong answer shows")
        w.bullets(q.strong_answer)
        w.heading(3, "Word limit and marks")
        p.blocks(w, "question_terms", q=q, number=i)

    w.new_landscape_section()
    w.heading(1, "Commitments table")
    p.blocks(w, "commitments_intro", year_labels=p.years,
             initiative_unit=p.method.initiative_unit
             if any(m.unit == "initiative" for m in p.recommended + p.optional) else "")
    p.blocks(w, "partner_vcfse", partner_refs=[m.ref for m in p.recommended if m.partner_vcfse])
    header = ["Measure ref", "What it counts", "Unit", *[f"{y} target" for y in p.years],
              "How it will be delivered and evidenced"]
    widths = [1.6, 4, 1.4, *[1.2] * len(p.years), 4]

    def rows_for(measures: list[MeasureDecision]) -> list[list[Any]]:
        return [[_ref_cell(m), m.text, p.unit(m), *[p.target_cell(m)] * len(p.years),
                 p.delivery_cell(m)] for m in measures]

    w.table("Social Value commitments: the measures asked for", header, rows_for(p.recommended),
            widths=widths, description="One row per measure; bidders enter a target for each "
                                       "contract year and how they will deliver and evidence it.")
    w.heading(2, "How the commitments table is scored")
    p.blocks(w, "commitments_scoring_bidders",
             commitments_top=max(lvl.score for lvl in p.method.commitments_scale))
    _commitments_scale(p, w, "Scores for the commitments table")
    if p.optional:
        w.heading(2, "Other measures you may offer")
        p.blocks(w, "optional_measures", optional_count=len(p.optional))
        w.para(" ".join(p.method.optional_rule.split()), label="How optional measures count: ")
        w.table("Other measures you may offer", ["Measure ref", "What it counts", "Unit"],
                [[_ref_cell(m), m.text, p.unit(m)] for m in p.optional],
                widths=[1.6, 8, 2], description="Measures bidders may also offer by adding a "
                                                "row to the commitments table.")
    _counting_rules(p, w)
    p.blocks(w, "submission")
    return p.finish(w)


# -- 2. Evaluator guide -----------------------------------------------------------------------

def _levels(levels: list[Any]) -> list[list[str]]:
    """Scale rows, lowest score first: one ordering for every scale in the pack."""
    return [[str(lvl.score), " ".join(str(getattr(lvl, "label", "") or "").split()),
             " ".join(lvl.descriptor.split())] for lvl in sorted(levels, key=lambda x: x.score)]


def evaluator_document(p: Pack) -> Writer:
    a = p.a
    w = p.writer("Social Value evaluator guide", "Social Value evaluator guide and scoring",
                 "panel")
    p.blocks(w, "evaluator_intro")
    w.mark_contents()  # the contents list follows the introduction
    _tender_facts(p, w, for_bidders=False)

    w.heading(1, "Marks at a glance")
    rows = [[f"Question {i}: {q.title}", f"{q.word_limit:,} words", pct(q.marks_pct)]
            for i, q in enumerate(a.questions, start=1)]
    rows += p.unallocated_row("Not applicable")
    rows.append(["Commitments table (quantitative)", "Not applicable", pct(p.quantitative_marks)])
    rows.append(["Total for Social Value", "Not applicable", pct(p.sv_marks)])
    w.table("Marks for each part of the Social Value evaluation",
            ["Part", "Word limit", "Marks (% of the total tender score)"], rows, widths=[5, 2, 2],
            description="The marks add up to the Social Value weighting.")

    w.heading(1, "Scoring scale")
    scale = p.kb.rules.scoring_scale
    bank = {q.id: q for q in p.kb.questions}
    own = [q for q in a.questions if (src := bank.get(q.id)) is not None and src.scoring]
    if scale is not None:
        p.blocks(w, "scoring_scale", scale=scale, own_count=len(own),
                 question_count=len(a.questions))
        w.table("Scoring scale", ["Score", "Label", "Descriptor"], _levels(scale.levels),
                widths=[1, 1.8, 7])

    w.heading(1, "Scoring each question")
    for i, q in enumerate(a.questions, start=1):
        w.heading(2, f"Question {i}: {q.title}")
        w.para(f"{pct(q.marks_pct)} of the total tender score; {q.word_limit:,} words.",
               label="Marks: ")
        w.para(" ".join(q.text.split()), label="Question: ")
        w.heading(3, "What good looks like")
        w.bullets(q.strong_answer)
        source = bank.get(q.id)
        if source is not None and source.scoring:
            w.heading(3, "Descriptors for this question")
            w.para("Score this question on these descriptors; they take the place of the "
                   "general scale for this question.")
            w.table(f"Descriptors for question {i}", ["Score", "What it looks like"],
                    [[r[0], r[2]] for r in _levels(source.scoring)], widths=[1, 8])
        else:
            w.para("Score this question on the general scoring scale above.")

    w.heading(1, "Scoring the commitments table")
    p.blocks(w, "quantitative_scoring")
    _commitments_scale(p, w, "Scores for the commitments table")
    w.table("Measures bidders are asked to commit to",
            ["Measure ref", "What it counts", "Unit", "Outcome"],
            [[_ref_cell(m), m.text, p.unit(m), m.outcome_name] for m in p.recommended],
            widths=[1.6, 5, 1.6, 3])
    if p.optional:
        w.heading(2, "Optional measures")
        w.para(" ".join(p.method.optional_rule.split()), label="How optional measures count: ")
    _counting_rules(p, w)
    w.heading(2, "£ equivalents")
    p.blocks(w, "proxy_values", proxy_file=p.proxy_file or "", proxy_count=len(p.proxies or {}))
    if p.proxies:
        prow = []
        for m in p.recommended + p.optional:
            pv = p.proxies.get(m.ref)
            if pv is not None:
                prow.append([m.ref, unit_label(m.unit), (f"{fmt_gbp(pv.value)} per "
                             f"{unit_label(m.unit)}"), pv.source])
        missing = [m.ref for m in p.recommended if m.ref not in p.proxies]
        if prow:
            w.table("£ equivalent per unit (your licensed proxy values)",
                    ["Measure ref", "Unit", "£ equivalent", "Source"], prow,
                    widths=[1.6, 1.5, 2, 4])
        if missing:
            w.para(f"No proxy value was supplied for: {', '.join(missing)}.", label="Note: ")

    w.heading(1, "Moderation")
    p.blocks(w, "moderation")
    return p.finish(w)


# -- 3. Timetable check report ----------------------------------------------------------------

def timetable_document(p: Pack) -> Writer:
    tt = p.a.timetable
    assert tt is not None
    w = p.writer("Timetable check report", "Procurement timetable checks", "commissioner")
    counts = {s: sum(1 for c in tt.checks if c.status == s) for s in ("pass", "warn", "fail")}
    p.blocks(w, "timetable_intro", counts=counts, route_words=p.route_words)
    w.mark_contents()  # the contents list follows the introduction

    w.heading(1, "Summary")
    w.table("Timetable checks", ["Check", "Verdict", "Finding"],
            [[_check_title(c), Strong(VERDICT[c.status]), p.cites.for_reader(c.message)]
             for c in tt.checks], widths=[2.5, 1.2, 7])

    w.heading(1, "Dates in the tender spec")
    w.table("Key dates as given in the tender spec", ["Date", "Value"],
            detail_rows(tt.given) or [["None", "No dates given"]], widths=[3, 5])

    w.heading(1, "Dates and periods worked out")
    w.table("Dates and periods worked out from the timetable", ["Item", "Value"],
            detail_rows(tt.dates, p.cites.for_reader) or [["None", "Not applicable"]],
            widths=[3, 5])

    w.heading(1, "Checks in detail")
    for c in tt.checks:
        w.heading(2, f"{_check_title(c)}: {VERDICT[c.status]}")
        w.para(p.cites.for_reader(c.message))
        rows = detail_rows({k: v for k, v in c.details.items() if not _is_records(v)},
                           p.cites.for_reader)
        if rows:  # detail_rows leaves out what says nothing: no table of headings alone
            w.table("Dates and day counts behind this check", ["Item", "Value"], rows,
                    widths=[3, 5])
        for key, records in c.details.items():
            if _is_records(records):  # a list of like items reads best as its own table
                keys = list(dict.fromkeys(k for r in records for k in r))
                w.table(humanise(key), [humanise(k) for k in keys],
                        [[show_value(k, r.get(k)) for k in keys] for r in records])
        w.bullets(p.cites.cite(c.source))
    _rule_appendix(p, w, [(_check_title(c), c.id) for c in tt.checks])
    return p.finish(w)


def _is_records(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _check_title(c: Check) -> str:
    if c.concept is not None and c.concept in STATUTORY:
        return STATUTORY[c.concept]
    if c.category == "kpi":  # "None required" and "Procurement act over 5m" say nothing alone
        return "Minimum number of KPIs"
    name = c.id.split(".", 1)[1] if "." in c.id else c.id
    return humanise(name.replace("-", "_"))


def _rule_appendix(p: Pack, w: Writer, rows: list[tuple[str, str]]) -> None:
    """Rule ids in one discreet place: an appendix mapping each item to its rule."""
    seen: dict[tuple[str, str], None] = {}
    for row in rows:
        seen.setdefault(row, None)
    if not seen:
        return
    w.heading(1, "Appendix: rule references")
    w.para("Each decision and check above comes from a named rule in the Social Value rules "
           "this pack was built with. The references below let an auditor find each one.")
    w.table("Rule reference for each decision", ["Decision or check", "Rule reference"],
            [list(r) for r in seen], widths=[5, 3])


# -- 4. KPI schedule --------------------------------------------------------------------------

def kpi_document(p: Pack) -> Writer:
    w = p.writer("Contract-management KPI schedule", "Social Value key performance indicators",
                 "contract")
    w.landscape()
    kpis = p.recommended
    p.blocks(w, "kpi_intro", kpi_count=len(kpis))
    if p.has_lots:
        p.blocks(w, "lots", audience="contract")
    if p.local_definition:  # KPIs that count "local" people or spend are rated against it
        w.para(p.local_definition, label="Definition of local: ")
    w.mark_contents()  # the contents list follows the introduction

    w.heading(1, "KPI targets by contract year")
    p.blocks(w, "kpi_targets")
    rows = []
    for i, m in enumerate(kpis, start=1):
        target = ("[£ invested, from the winning bid]" if m.unit == "initiative"
                  else "[From the winning bid]")
        rows.append([f"KPI {i}", _ref_cell(m), p.unit(m), "[Baseline at contract start]",
                     *[target] * len(p.years)])
    w.table("Social Value KPI targets", ["KPI", "Measure ref", "Unit", "Baseline",
                                         *p.years], rows,
            widths=[0.9, 1.5, 1.8, 2, *[1.5] * len(p.years)],
            description="One row per KPI: the baseline and the target for each contract year.")

    w.heading(1, "KPI definitions, data and evidence")
    ratings = load_ratings()
    due = return_deadline(ratings)
    rows = []
    for i, m in enumerate(kpis, start=1):
        evidence = " ".join(" ".join(items) for _, items in
                            p.text.blocks("kpi_evidence", p.context(m=m)))
        rows.append([f"KPI {i}", _ref_cell(m), m.text, p.unit(m), evidence,
                     [f"Quarterly, within {return_deadline(ratings, short=True)}",
                      "Annual summary"],
                     ["Supplier: [named Social Value lead]", "Buyer: [contract manager]"]])
    w.table("Social Value KPIs",
            ["KPI", "Measure ref", "Definition", "Unit", "Data source and evidence",
             "Reporting frequency", "Owner"], rows, widths=[0.9, 1.5, 3.6, 1.5, 3.6, 2, 2],
            description="One KPI per measure asked for, with its definition, the data and "
                        "evidence behind it, when it is reported and who owns it.")

    w.heading(1, "Reporting")
    p.blocks(w, "kpi_reporting", due=due)
    w.table("Quarterly return template", ["KPI", "Target this quarter", "Delivered this quarter",
                                          "Delivered to date", "Evidence supplied", "Comment"],
            [[f"KPI {i}", "[Target]", "[Figure]", "[Figure]", "[List]", "[Explain any gap]"]
             for i in range(1, len(kpis) + 1)], widths=[1, 2, 2, 2, 2.5, 3],
            description="The table the supplier completes each quarter, one row per KPI.")

    w.heading(1, "Rating performance")
    p.blocks(w, "kpi_ratings", has_ratings=ratings is not None)
    if ratings is not None:
        levels = list(ratings.scale) + ([ratings.other] if ratings.other else [])
        w.table("Performance ratings", ["Rating", "Meaning"],
                [[Strong(r.label), r.meaning] for r in levels], widths=[2, 6])

    w.heading(1, "Number of KPIs")
    p.blocks(w, "kpi_count", kpi_count=len(kpis))

    w.heading(1, "When delivery falls short")
    p.blocks(w, "kpi_shortfall")

    if p.optional:
        w.heading(1, "Optional measures in the winning bid")
        w.para("If the winning bid also commits to any of these optional measures, add each one "
               "to the schedule as a KPI on the same terms (the Social Value questions for "
               "bidders list what each counts, and in which unit): "
               + p.text.env.filters["words"]([m.ref for m in p.optional]) + ".")
    return p.finish(w)


# -- 5. Decision record -----------------------------------------------------------------------

def _minimum_words(minimum: float, needed: str, none: str = "no minimum applies") -> str:
    """A minimum as a board reads it: "at least 10% is needed", or plainly that none applies
    (a "minimum of 0%" reads as a floor of nothing)."""
    return f"at least {pct(minimum)} {needed}" if minimum > 0 else none


def _verdict_text(v: Verdict, yes: str, no: str) -> str:
    base = yes if v.value is True else no if v.value is False else str(v.value)
    return base + (" (stated in the spec)" if v.given else " (decided by the rules)")


def accepted_for(a: Assessment, check_id: str) -> Any:
    return next((r for r in a.accepted_risks if r.check == check_id), None)


def blocking_checks(a: Assessment) -> list[Check]:
    """Failed checks not accepted in the spec: while any remain only a draft pack is written."""
    return a.blocking_checks()


def decision_document(p: Pack) -> Writer:
    a = p.a
    w = p.writer("Social Value decision record", "Social Value decisions, reasons and sources",
                 "board")
    w.landscape()  # wide reason tables read better across the page
    p.blocks(w, "decision_intro")
    w.mark_contents()  # the contents list follows the introduction
    reason_header = ["Reason", "Source"]
    reason_widths = [5, 4]
    rules_seen: list[tuple[str, str]] = []

    def reason_rows(label: str, reasons: list[Reason]) -> list[list[Any]]:
        seen: dict[str, list[str]] = {}
        for r in reasons:
            why = p.cites.for_reader(" ".join(r.why.split()))
            refs = seen.setdefault(why, [])
            refs += [c for c in p.cites.cite(r.source) if c not in refs]
            rules_seen.append((label, r.rule))
        return [[why, refs] for why, refs in seen.items()] or [["No rule applied.", "None"]]

    blocking = blocking_checks(a)
    if blocking:
        w.heading(1, "Checks that fail")
        p.blocks(w, "decision_fails", count=len(blocking))
        w.table("Checks that fail", ["Check", "Verdict", "Finding"],
                [[_check_title(c), Strong(VERDICTS["fail"]), p.cites.for_reader(c.message)]
                 for c in blocking], widths=[2.5, 1.2, 7])

    w.heading(1, "Summary")
    wt = a.weighting
    counts = {s: sum(1 for c in a.checks if c.status == s) for s in ("pass", "warn", "fail")}
    summary: list[list[Any]] = [
        ["Value and duration", f"{fmt_gbp(a.value_gbp)} over {months(a.duration_months)} "
                               f"(about {fmt_gbp(round(a.annual_value_gbp))} a year)"],
        ["Procurement route", p.route_words],
        ["Proportionality band", f"{a.band.label}: up to {a.band.max_measures} measures and "
                                 f"{a.band.max_questions} questions"],
        ["Weighting", f"Social Value {pct(wt.social_value_pct)} of the total score; within it "
                      f"{pct(wt.qualitative_pct)} qualitative and {pct(wt.quantitative_pct)} "
                      f"quantitative"],
        ["Measures asked for", f"{len(p.recommended)}: "
                               + p.text.env.filters["words"]([m.ref for m in p.recommended])],
        ["Optional measures", str(len(p.optional))],
        ["Questions", "; ".join(f"{q.title} ({q.word_limit:,} words, {pct(q.marks_pct)})"
                                for q in a.questions) or "None selected"],
        ["Carbon Reduction Plan", CARBON_PLAN.get(str(a.carbon_reduction_plan.value),
                                                  str(a.carbon_reduction_plan.value))],
        ["VCFSE suitability", _verdict_text(a.vcfse_suitable, "Suitable", "Not judged suitable")],
        ["Checks", Strong(f"{counts['pass']} passed, {counts['warn']} "
                          f"warning{'' if counts['warn'] == 1 else 's'}, {counts['fail']} failed")],
        ["Overrides", str(len(a.overrides))],
        ["Accepted risks", str(len(a.accepted_risks))],
        ["Status", Strong("Draft") if p.draft else Strong("Final")],
    ]
    w.table("Summary of the Social Value decisions", ["Item", "Decision"], summary,
            widths=[2.5, 8])

    w.heading(1, "Statutory considerations")
    duties = [c for c in a.checks if c.concept in STATUTORY]
    if duties:
        w.table("Statutory considerations", ["Duty", "Verdict", "Finding", "Source"],
                [[_check_title(c), Strong(VERDICT[c.status]),
                  p.cites.for_reader(c.message), p.cites.cite(c.source)] for c in duties],
                widths=[2.2, 1.1, 5, 3.2])
        p.blocks(w, "statutory_record")
    else:  # rules without duty checks: say what the buyer must consider, in general terms
        p.blocks(w, "statutory", route_words=p.route_words)

    w.heading(1, "The tender")
    w.table("The tender as assessed", ["Item", "Value"], [
        ["Title", a.title], ["Buyer", a.buyer], ["Sector", SECTOR.get(a.sector, a.sector)],
        ["Service type", a.service_type_name], ["Whole-life value", fmt_gbp(a.value_gbp)],
        ["Average value a year", fmt_gbp(round(a.annual_value_gbp))],
        ["Duration", months(a.duration_months)], ["Lots", p.lot_words],
        ["Places", ", ".join(a.places) or "None"],
        ["Definition of local", p.local_definition or "Not given"],
        *([["Local Needs Analysis", a.needs_analysis_note]] if a.needs_analysis_note else []),
        ["Framework", a.framework_name],
        ["Rules version", a.rules_version], ["Assessed on", fmt_date(a.assessed_on)],
    ], widths=[2, 6])

    w.heading(1, "Proportionality band")
    b = a.band
    w.para(f"{b.label}: up to {b.max_measures} measures and {b.max_questions} questions. Each "
           f"question's word limit is set by the question and the band (see Questions).",
           label="Band: ")
    w.table("Why this band", reason_header, reason_rows("Proportionality band", b.reasons),
            widths=reason_widths)

    w.heading(1, "Weighting")
    sv_minimum = _minimum_words(wt.minimum_social_value_pct, "is needed for this buyer",
                                "no minimum applies to this buyer")
    qual_minimum = _minimum_words(wt.minimum_qualitative_pct, "is needed")
    w.para(f"Social Value is {pct(wt.social_value_pct)} of the total score ({sv_minimum}); "
           f"within it {pct(wt.qualitative_pct)} qualitative ({qual_minimum}) and "
           f"{pct(wt.quantitative_pct)} quantitative.", label="Weighting: ")
    w.table("Why this weighting", reason_header, reason_rows("Weighting", wt.reasons),
            widths=reason_widths)

    w.heading(1, "VCFSE suitability")
    w.para(_verdict_text(a.vcfse_suitable, "Suitable for VCFSE organisations",
                         "Not judged suitable for VCFSE organisations"), label="Verdict: ")
    w.table("Why this VCFSE verdict", reason_header,
            reason_rows("VCFSE suitability", a.vcfse_suitable.reasons), widths=reason_widths)

    w.heading(1, "Carbon Reduction Plan")
    w.para(CARBON_PLAN.get(str(a.carbon_reduction_plan.value),
                           str(a.carbon_reduction_plan.value)) + ".", label="Verdict: ")
    w.table("Why this Carbon Reduction Plan verdict", reason_header,
            reason_rows("Carbon Reduction Plan", a.carbon_reduction_plan.reasons),
            widths=reason_widths)

    w.heading(1, "Measure decisions")
    w.para("Measures decided for the same reasons share a row. Each reason is given once; the "
           "last reason for a measure decides its status.")
    for status, label in {**STATUSES, "recommended": "Asked for"}.items():
        group = a.measures_with(status)  # type: ignore[arg-type]
        w.heading(2, f"{label} measures ({len(group)})")
        if not group:
            w.para(f"No measures are {status}.")
            continue
        shared: dict[tuple[str, ...], list[str]] = {}
        reasons_of: dict[tuple[str, ...], list[Reason]] = {}
        for m in group:
            flag = " (Partner VCFSE)" if m.partner_vcfse else ""
            flag += " (overridden)" if m.overridden else ""
            key = tuple(dict.fromkeys(" ".join(r.why.split()) for r in m.reasons))
            shared.setdefault(key, []).append(f"{m.ref}{flag}")
            reasons_of.setdefault(key, m.reasons)
        rows2 = []
        for key, refs in shared.items():
            rows = reason_rows(f"{label} measures: {', '.join(r.split(' ')[0] for r in refs)}",
                               reasons_of[key])
            # a long list of references reads as one line of text, not one row each
            shown_refs: list[str] | str = refs if len(refs) <= 4 else ", ".join(refs)
            rows2.append([shown_refs, [r[0] for r in rows],
                          list(dict.fromkeys(c for r in rows for c in
                                             (r[1] if isinstance(r[1], list) else [r[1]])))])
        w.table(f"{label} measures and their reasons", ["Measures", "Reasons", "Sources"], rows2,
                widths=[2, 5.5, 4])

    w.heading(1, "Questions selected")
    if a.questions:
        rows3 = []
        for q in a.questions:
            for why, refs in reason_rows(f"Question: {q.title}", q.reasons):
                rows3.append([q.title, f"{q.word_limit:,} words", pct(q.marks_pct), why, refs])
        w.table("Questions selected and why", ["Question", "Word limit", "Marks", "Reason",
                                               "Source"], rows3,
                widths=[2.5, 1.3, 1, 4, 3])
    else:
        w.para("No questions were selected.")

    w.heading(1, "Checks")
    others = [c for c in a.checks if c.concept not in STATUTORY]
    if len(others) < len(a.checks):  # a board reads each statutory finding once
        w.para("The statutory considerations above are checks too; they are not repeated here.")
    w.table("Every check and its verdict", ["Check", "Verdict", "Finding", "Source"],
            [[_check_title(c), Strong(VERDICT[c.status]), p.cites.for_reader(c.message),
              p.cites.cite(c.source)] for c in others], widths=[2, 1.1, 5, 3])
    rules_seen += [(f"Check: {_check_title(c)}", c.id) for c in a.checks]

    w.heading(1, "Overrides")
    if a.overrides:
        w.table("Overrides recorded in the spec", ["Kind", "Target", "Action", "Rules advised",
                                                   "Reason given"],
                [[o.kind.capitalize(), o.target, o.action.capitalize(), o.rule_advice, o.reason]
                 for o in a.overrides], widths=[1.2, 1.5, 1.2, 1.6, 5])
    else:
        w.para("No overrides were recorded.")

    w.heading(1, "Accepted risks")
    fails = [c for c in a.checks if c.status == "fail"]
    if a.accepted_risks:
        w.table("Failed checks accepted, with the reason", ["Check", "Reason", "Accepted by",
                                                            "Check result"],
                [[r.check, r.reason, r.accepted_by,
                  Strong(VERDICT[c.status]) if (c := next((c for c in a.checks
                                                           if c.id == r.check), None))
                  else "No such check in this assessment"] for r in a.accepted_risks],
                widths=[2, 5, 2, 2])
    elif fails:
        w.para("No failed check has been accepted. Each must be resolved, or accepted with a "
               "recorded reason, before the pack is final.")
    else:
        w.para("No check fails, so no risk needed to be accepted.")

    w.heading(1, "Sign-off")
    so = a.sign_off
    w.table("Sign-off", ["Role", "Name", "Date"], [
        ["Prepared by", so.prepared_by or "[Name and role]", fmt_date(so.date) if so.date else
         "[Date]"],
        ["Approved by", so.approved_by or "[Name and role]", fmt_date(so.date) if so.date and
         so.approved_by else "[Date]"],
        ["Version", a.tender.version or "[Version]", fmt_date(a.tender.issue_date)
         if a.tender.issue_date else fmt_date(a.assessed_on)],
    ], widths=[2, 4, 2])
    _rule_appendix(p, w, rules_seen)
    return p.finish(w)


# -- 6. Commissioner's checklist (not for publication) ----------------------------------------

def checklist_document(p: Pack) -> Writer:
    """Everything to confirm locally before publishing: kept out of every published document."""
    a = p.a
    w = p.writer("Commissioner's checklist", "Items to confirm before publishing",
                 "commissioner")
    p.blocks(w, "checklist_intro")
    w.mark_contents()  # the contents list follows the introduction

    w.heading(1, "Before you publish")
    todo: list[str] = []
    for c in blocking_checks(a):
        if c.legal_requirement:
            todo.append(f"Resolve the failed check \u2018{_check_title(c)}\u2019 ({c.id}): it is "
                        f"a legal requirement and cannot be accepted as a risk: "
                        f"{p.cites.for_reader(c.message)}")
            continue
        todo.append(f"Resolve the failed check \u2018{_check_title(c)}\u2019 ({c.id}), or record "
                    f"it under accepted_risks with who accepted it and why: "
                    f"{p.cites.for_reader(c.message)}")
    t = a.tender
    for name, value in (("tender.reference", t.reference), ("tender.version", t.version),
                        ("tender.issue_date", t.issue_date), ("tender.portal", t.portal),
                        ("tender.clarification_route", t.clarification_route),
                        ("tender.contact", t.contact)):
        if not value:
            todo.append(f"Add {name} to the spec so every document states it.")
    if a.lots > 1 and not t.lot:
        todo.append(f"This procurement has {a.lots} lots and one pack: its band, asks and word "
                    f"limits are sized to the whole value ({fmt_gbp(a.value_gbp)}). If the lots "
                    f"differ in size or service, build a pack for each lot, with tender.lot and "
                    f"that lot's own value and duration.")
    elif t.lot:
        todo.append(f"This pack is for {t.lot}: check that the value ({fmt_gbp(a.value_gbp)}) and "
                    f"duration in the spec are this lot's, as its band and asks are sized from "
                    f"them.")
    if not p.local_definition:
        todo.append("Name the places (or add tender.definition_of_local): bidders are marked on "
                    "local delivery, so \u2018local\u2019 must be defined.")
    if not p.needs:
        todo.append("Name the local needs (local_needs, or a Local Needs Analysis file) so the "
                    "questions can point bidders to them.")
    elif not p.has_needs_analysis:
        todo.append("Attach or cite your Local Needs Analysis: the documents name the local "
                    "needs but give no evidence for them. Add it to the spec "
                    "(local_needs_analysis, a YAML or CSV file) so each need's evidence and "
                    "source are printed, or tell bidders where it is published.")
    if a.needs_analysis_note:
        todo.append(f"Check the Local Needs Analysis rows used: {a.needs_analysis_note}")
    if not a.questions:
        todo.append("Select at least one question: the written answers carry marks.")
    if not (a.sign_off.prepared_by and a.sign_off.approved_by):
        todo.append("Record sign_off (prepared_by, approved_by, date) in the spec.")
    todo.append("Copy the winning bid's moderated targets into the KPI schedule before the "
                "contract is signed, and have the remedy wording reviewed by your legal team.")
    w.numbers(todo)

    w.heading(1, "Warnings to review")
    warns = list({c.id: c for c in a.checks + (a.timetable.checks if a.timetable else [])
                  if c.status == "warn"}.values())
    if warns:
        w.table("Checks with a warning", ["Check", "Rule", "Finding"],
                [[_check_title(c), c.id, c.message] for c in warns], widths=[2.5, 2.5, 6])
    else:
        w.para("No check gives a warning.")

    w.heading(1, "Defaults and readings to confirm locally")
    p.blocks(w, "checklist_notes")
    notes: dict[str, list[str]] = {}
    sources: list[tuple[str, str]] = []
    for m in a.measures:
        sources += [(r.rule, r.source) for r in m.reasons]
    for part in (a.band.reasons, a.weighting.reasons, a.vcfse_suitable.reasons,
                 a.carbon_reduction_plan.reasons):
        sources += [(r.rule, r.source) for r in part]
    for q in a.questions:
        sources += [(r.rule, r.source) for r in q.reasons]
    sources += [(c.id, c.source) for c in a.checks + (a.timetable.checks if a.timetable else [])]
    scale = p.kb.rules.scoring_scale
    if scale is not None:
        sources.append((scale.id, scale.source))
    for rule, source in sources:
        for note in p.cites.notes(source):
            rules = notes.setdefault(note, [])
            if rule not in rules:
                rules.append(rule)
    if notes:
        w.table("Working notes in the rules behind this pack", ["Note", "Rules"],
                [[note, ", ".join(rules)] for note, rules in notes.items()], widths=[7, 3])
    else:
        w.para("The rules behind this pack carry no working notes.")
    calendar = a.timetable.dates.get("working_day_calendar") if a.timetable else None
    if isinstance(calendar, str):  # the tabled documents leave out where the holidays come from
        w.para(f"{calendar}. Confirm any proclaimed one-off bank holiday against GOV.UK's list.",
               label="Working days in the timetable checks: ")
    w.heading(1, "Word limits, thresholds and scale")
    p.blocks(w, "checklist_defaults", proxy_used=bool(p.proxies))
    return w


Builder = Callable[[Pack], Writer]
