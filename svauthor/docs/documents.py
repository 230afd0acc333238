"""The five documents of the Social Value tender pack, each built from one engine run.

Every sentence of running text comes from a template in templates/text/; this module decides the
structure: headings (Heading 1 to 3, never skipping a level), tables and lists.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from svauthor.docs.proxy import ProxyValue
from svauthor.docs.text import TemplateSet
from svauthor.docs.word import BaseDocx, Writer
from svauthor.domain.framework import UNIT_LABELS
from svauthor.domain.results import Assessment, Check, MeasureDecision, Reason, Verdict
from svauthor.ukformat import fmt_date, fmt_gbp

if TYPE_CHECKING:
    from svauthor.domain.knowledge import KnowledgeBase

VERDICT = {"pass": "Pass", "warn": "Warning", "fail": "Fail"}
SECTOR = {"nhs": "NHS", "local_authority": "Local authority",
          "central_government": "Central government", "other_public": "Other public body"}
CARBON_PLAN = {"full": "A full Carbon Reduction Plan is required",
               "proportionate": "A proportionate Carbon Reduction Plan is required",
               "not_required": "A Carbon Reduction Plan is not required"}
#: More contract years than this share one column ("Years 7 to 10, each year").
MAX_YEAR_COLUMNS = 7
ENTER_TARGET = "[Enter target]"
ENTER_DELIVERY = "[Describe how you will deliver and evidence it]"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def pct(value: float) -> str:
    return f"{round(float(value), 2):g}%"


def contract_years(months: int) -> list[str]:
    """Column labels, one per contract year: 'Year 1', ..., 'Year 2 (months 13 to 18)'."""
    count = math.ceil(months / 12)
    labels = []
    for year in range(1, count + 1):
        first, last = (year - 1) * 12 + 1, min(year * 12, months)
        part = f" (months {first} to {last})" if last - first + 1 < 12 and count > 1 else ""
        part = f" ({months} months)" if count == 1 and months < 12 else part
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


def detail_rows(details: dict[str, Any]) -> list[list[str]]:
    return [[humanise(k), show_value(k, v)] for k, v in details.items()]


@dataclass
class Pack:
    """Everything the document builders share: the assessment, words, base style and marks."""

    a: Assessment
    kb: KnowledgeBase
    text: TemplateSet
    base: BaseDocx
    proxies: dict[str, ProxyValue] | None = None
    proxy_file: str | None = None
    sv_marks: float = field(init=False)
    qualitative_marks: float = field(init=False)
    quantitative_marks: float = field(init=False)
    years: list[str] = field(init=False)
    top_score: int = field(init=False)

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

    def context(self, **extra: Any) -> dict[str, Any]:
        return {"a": self.a, "sv_marks": self.sv_marks, "qualitative_marks": self.qualitative_marks,
                "quantitative_marks": self.quantitative_marks, "years": self.years,
                "top_score": self.top_score, **extra}

    def blocks(self, w: Writer, template: str, **extra: Any) -> None:
        w.blocks(self.text.blocks(template, self.context(**extra)))

    def writer(self, subtitle: str, subject: str) -> Writer:
        w = Writer(self.base)
        a = self.a
        w.properties(
            title=f"{a.title}: {subtitle}", subject=subject, author=a.buyer.strip() or "svauthor",
            keywords=f"Social Value; {a.framework_name}; {a.band.label} band",
            comments=f"Made with svauthor from rules version {a.rules_version}, assessed on "
                     f"{fmt_date(a.assessed_on)}.",
        )
        w.title(a.title)
        w.subtitle(f"{subtitle}. {a.buyer}. Assessed on {fmt_date(a.assessed_on)}.")
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


def _ref_cell(m: MeasureDecision) -> list[str]:
    return [m.ref, "Partner VCFSE"] if m.partner_vcfse else [m.ref]


def _reason_rows(reasons: list[Reason]) -> list[list[str]]:
    return [[r.rule, r.why, r.source] for r in reasons] or [["None", "No rule applied.", "None"]]


# -- 1. Bidder-facing questions ---------------------------------------------------------------

def questions_document(p: Pack) -> Writer:
    a = p.a
    w = p.writer("Social Value questions for bidders", "Social Value questions for bidders")
    p.blocks(w, "questions_intro")

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
    p.blocks(w, "commitments_intro", year_labels=p.years)
    p.blocks(w, "partner_vcfse", partner_refs=[m.ref for m in p.recommended if m.partner_vcfse])
    header = ["Measure ref", "What it counts", "Unit", *[f"{y} target" for y in p.years],
              "How it will be delivered and evidenced"]
    widths = [1.6, 4, 1.2, *[1.2] * len(p.years), 4]

    def rows_for(measures: list[MeasureDecision]) -> list[list[Any]]:
        return [[_ref_cell(m), m.text, unit_label(m.unit), *[ENTER_TARGET] * len(p.years),
                 ENTER_DELIVERY] for m in measures]

    w.table("Social Value commitments: the measures asked for", header, rows_for(p.recommended),
            widths=widths, description="One row per measure; bidders enter a target for each "
                                       "contract year and how they will deliver and evidence it.")
    if p.optional:
        w.heading(2, "Other measures you may offer")
        p.blocks(w, "optional_measures", optional_count=len(p.optional))
        w.table("Other measures you may offer", ["Measure ref", "What it counts", "Unit"],
                [[_ref_cell(m), m.text, unit_label(m.unit)] for m in p.optional],
                widths=[1.6, 8, 1.5], description="Measures bidders may also offer by adding a "
                                                  "row to the commitments table.")
    return w


# -- 2. Evaluator guide -----------------------------------------------------------------------

def evaluator_document(p: Pack) -> Writer:
    a = p.a
    w = p.writer("Social Value evaluator guide", "Social Value evaluator guide and scoring")
    p.blocks(w, "evaluator_intro")

    w.heading(1, "Marks at a glance")
    rows = [[f"Question {i}: {q.title}", f"{q.word_limit} words", pct(q.marks_pct)]
            for i, q in enumerate(a.questions, start=1)]
    rows += p.unallocated_row("Not applicable")
    rows.append(["Commitments table (quantitative)", "Not applicable", pct(p.quantitative_marks)])
    rows.append(["Total for Social Value", "Not applicable", pct(p.sv_marks)])
    w.table("Marks for each part of the Social Value evaluation",
            ["Part", "Word limit", "Marks (% of the total tender score)"], rows, widths=[5, 2, 2],
            description="The marks add up to the Social Value weighting.")

    w.heading(1, "Scoring scale")
    scale = p.kb.rules.scoring_scale
    if scale is not None:
        p.blocks(w, "scoring_scale", scale=scale)
        w.table("Scoring scale", ["Score", "Label", "Descriptor"],
                [[str(lvl.score), lvl.label, lvl.descriptor] for lvl in scale.levels],
                widths=[1, 1.6, 7])

    w.heading(1, "Scoring each question")
    bank = {q.id: q for q in p.kb.questions}
    for i, q in enumerate(a.questions, start=1):
        w.heading(2, f"Question {i}: {q.title}")
        w.para(f"{pct(q.marks_pct)} of the total tender score; {q.word_limit} words.",
               label="Marks: ")
        w.para(" ".join(q.text.split()), label="Question: ")
        w.heading(3, "What good looks like")
        w.bullets(q.strong_answer)
        source = bank.get(q.id)
        if source is not None and source.scoring:
            w.heading(3, "Descriptors for this question")
            w.table(f"Descriptors for question {i}", ["Score", "What it looks like"],
                    [[str(d.score), d.descriptor] for d in source.scoring], widths=[1, 8])

    w.heading(1, "Scoring the commitments table")
    p.blocks(w, "quantitative_scoring")
    w.table("Measures bidders are asked to commit to",
            ["Measure ref", "What it counts", "Unit", "Outcome"],
            [[_ref_cell(m), m.text, unit_label(m.unit), m.outcome_name] for m in p.recommended],
            widths=[1.6, 5, 1.2, 3])
    w.heading(2, "£ equivalents")
    p.blocks(w, "proxy_values", proxy_file=p.proxy_file or "", proxy_count=len(p.proxies or {}))
    if p.proxies:
        rows = []
        for m in p.recommended + p.optional:
            pv = p.proxies.get(m.ref)
            if pv is not None:
                rows.append([m.ref, unit_label(m.unit), (f"{fmt_gbp(pv.value)} per "
                             f"{unit_label(m.unit)}"), pv.source])
        missing = [m.ref for m in p.recommended if m.ref not in p.proxies]
        if rows:
            w.table("£ equivalent per unit (your licensed proxy values)",
                    ["Measure ref", "Unit", "£ equivalent", "Source"], rows, widths=[1.6, 1.5, 2, 4])
        if missing:
            w.para(f"No proxy value was supplied for: {', '.join(missing)}.", label="Note: ")

    w.heading(1, "Moderation")
    p.blocks(w, "moderation")
    return w


# -- 3. Timetable check report ----------------------------------------------------------------

def timetable_document(p: Pack) -> Writer:
    tt = p.a.timetable
    assert tt is not None
    w = p.writer("Timetable check report", "Procurement timetable checks")
    counts = {s: sum(1 for c in tt.checks if c.status == s) for s in ("pass", "warn", "fail")}
    regime = str(tt.dates.get("regime", ""))
    p.blocks(w, "timetable_intro", counts=counts, regime_name=p.kb.regimes.title(regime))

    w.heading(1, "Summary")
    w.table("Timetable checks", ["Check", "Verdict", "Finding"],
            [[c.id, VERDICT[c.status], c.message] for c in tt.checks], widths=[2.5, 1.2, 7])

    w.heading(1, "Dates in the tender spec")
    w.table("Key dates as given in the tender spec", ["Date", "Value"],
            detail_rows(tt.given) or [["None", "No dates given"]], widths=[3, 5])

    w.heading(1, "Dates and periods worked out")
    w.table("Dates and periods worked out from the timetable", ["Item", "Value"],
            detail_rows(tt.dates) or [["None", "Not applicable"]], widths=[3, 5])

    w.heading(1, "Checks in detail")
    for c in tt.checks:
        w.heading(2, f"{_check_title(c)}: {VERDICT[c.status]}")
        w.para(c.message)
        if c.details:
            w.table(f"Dates and day counts behind {c.id}", ["Item", "Value"],
                    detail_rows(c.details), widths=[3, 5])
        w.para(c.id, label="Rule: ")
        w.para(c.source, label="Source: ")
    return w


def _check_title(c: Check) -> str:
    name = c.id.split(".", 1)[1] if "." in c.id else c.id
    return humanise(name)


# -- 4. KPI schedule --------------------------------------------------------------------------

def kpi_document(p: Pack) -> Writer:
    w = p.writer("Contract-management KPI schedule", "Social Value key performance indicators")
    w.landscape()
    kpis = p.recommended
    p.blocks(w, "kpi_intro", kpi_count=len(kpis))

    w.heading(1, "KPI schedule")
    rows = []
    for i, m in enumerate(kpis, start=1):
        evidence = " ".join(" ".join(items) for _, items in
                            p.text.blocks("kpi_evidence", p.context(m=m)))
        rows.append([f"KPI {i}", _ref_cell(m), m.text, unit_label(m.unit),
                     ["[Target from the winning bid, for each contract year]",
                      f"Years: {', '.join(p.years)}"],
                     evidence, ["At least quarterly", "Annual summary"],
                     ["Supplier: [named Social Value lead]", "Buyer: [contract manager]"]])
    w.table("Social Value KPIs",
            ["KPI", "Measure ref", "What is measured", "Unit", "Target", "Evidence required",
             "Reporting frequency", "Owner"], rows, widths=[0.9, 1.6, 3.4, 1.1, 2.1, 3.4, 1.8, 2],
            description="One KPI per recommended measure, with target, evidence, reporting "
                        "frequency and owner.")

    w.heading(1, "Minimum number of KPIs")
    kpi_checks = [c for c in p.a.checks if c.id.startswith("kpi.")]
    for c in kpi_checks:
        w.para(c.message, label=f"{VERDICT[c.status]}: ")
        w.para(c.source, label="Source: ")

    w.heading(1, "When delivery falls short")
    p.blocks(w, "kpi_shortfall")

    if p.optional:
        w.heading(1, "Optional measures in the winning bid")
        w.para("If the winning bid also commits to any of these optional measures, add each one "
               "to the schedule as a KPI on the same terms: "
               + ", ".join(m.ref for m in p.optional) + ".")
    return w


# -- 5. Decision record -----------------------------------------------------------------------

def _verdict_text(v: Verdict, yes: str, no: str) -> str:
    base = yes if v.value is True else no if v.value is False else str(v.value)
    return base + (" (stated in the spec)" if v.given else " (decided by the rules)")


def decision_document(p: Pack) -> Writer:
    a = p.a
    w = p.writer("Social Value decision record", "Social Value decisions, reasons and sources")
    w.landscape()  # wide reason tables read better across the page
    p.blocks(w, "decision_intro")
    reason_header = ["Rule", "Reason", "Source"]
    reason_widths = [2.4, 5, 3.5]

    w.heading(1, "The tender")
    w.table("The tender as assessed", ["Item", "Value"], [
        ["Title", a.title], ["Buyer", a.buyer], ["Sector", SECTOR.get(a.sector, a.sector)],
        ["Service type", a.service_type_name], ["Whole-life value", fmt_gbp(a.value_gbp)],
        ["Average value a year", fmt_gbp(round(a.annual_value_gbp))],
        ["Duration", f"{a.duration_months} months"], ["Framework", a.framework_name],
        ["Rules version", a.rules_version], ["Assessed on", fmt_date(a.assessed_on)],
    ], widths=[2, 6])

    w.heading(1, "Proportionality band")
    b = a.band
    w.para(f"{b.label} ({b.id}): up to {b.max_measures} measures, {b.max_questions} questions "
           f"and {b.word_limit} words an answer.", label="Band: ")
    w.table("Why this band", reason_header, _reason_rows(b.reasons), widths=reason_widths)

    w.heading(1, "Weighting")
    wt = a.weighting
    w.para(f"Social Value is {pct(wt.social_value_pct)} of the total score (minimum "
           f"{pct(wt.minimum_social_value_pct)}); within it {pct(wt.qualitative_pct)} qualitative "
           f"(minimum {pct(wt.minimum_qualitative_pct)}) and {pct(wt.quantitative_pct)} "
           f"quantitative.", label="Weighting: ")
    w.table("Why this weighting", reason_header, _reason_rows(wt.reasons), widths=reason_widths)

    w.heading(1, "VCFSE suitability")
    w.para(_verdict_text(a.vcfse_suitable, "Suitable for VCFSE organisations",
                         "Not judged suitable for VCFSE organisations"), label="Verdict: ")
    w.table("Why this VCFSE verdict", reason_header, _reason_rows(a.vcfse_suitable.reasons),
            widths=reason_widths)

    w.heading(1, "Carbon Reduction Plan")
    w.para(CARBON_PLAN.get(str(a.carbon_reduction_plan.value),
                           str(a.carbon_reduction_plan.value)) + ".", label="Verdict: ")
    w.table("Why this Carbon Reduction Plan verdict", reason_header,
            _reason_rows(a.carbon_reduction_plan.reasons), widths=reason_widths)

    w.heading(1, "Measure decisions")
    w.para("Each measure's reasons are listed in the order the rules applied them; the last one "
           "decides its status.")
    for status, label in (("recommended", "Recommended"), ("optional", "Optional"),
                          ("excluded", "Excluded")):
        group = a.measures_with(status)  # type: ignore[arg-type]
        w.heading(2, f"{label} measures ({len(group)})")
        if not group:
            w.para(f"No measures are {status}.")
            continue
        # Measures decided by exactly the same reasons share rows, so the record stays readable.
        shared: dict[tuple[tuple[str, str, str], ...], list[str]] = {}
        for m in group:
            flag = " (Partner VCFSE)" if m.partner_vcfse else ""
            flag += " (overridden)" if m.overridden else ""
            reasons = m.reasons or [Reason(rule="None", why="No rule applied.", source="None")]
            key = tuple((r.rule, r.why, r.source) for r in reasons)
            shared.setdefault(key, []).append(f"{m.ref}{flag}")
        rows = [[", ".join(refs), rule, why, source]
                for key, refs in shared.items() for rule, why, source in key]
        w.table(f"{label} measures and their reasons", ["Measure", *reason_header], rows,
                widths=[2, 2.4, 5, 3.5])

    w.heading(1, "Questions selected")
    if a.questions:
        rows = [[f"{q.title} ({q.id})", pct(q.marks_pct), r.rule, r.why, r.source]
                for q in a.questions for r in q.reasons]
        w.table("Questions selected and why", ["Question", "Marks", *reason_header], rows,
                widths=[2.5, 1, 1.8, 4, 2.5])
    else:
        w.para("No questions were selected.")

    w.heading(1, "Checks")
    w.table("Every check and its verdict", ["Check", "Verdict", "Finding", "Source"],
            [[c.id, VERDICT[c.status], c.message, c.source] for c in a.checks],
            widths=[2, 1.1, 5, 3])

    w.heading(1, "Overrides")
    if a.overrides:
        w.table("Overrides recorded in the spec", ["Kind", "Target", "Action", "Rules advised",
                                                   "Reason given"],
                [[o.kind.capitalize(), o.target, o.action.capitalize(), o.rule_advice, o.reason]
                 for o in a.overrides], widths=[1.2, 1.5, 1.2, 1.6, 5])
    else:
        w.para("No overrides were recorded: every decision above follows the rules.")
    return w


Builder = Callable[[Pack], Writer]
