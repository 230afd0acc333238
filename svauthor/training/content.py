"""Training text from the question bank: search, and Markdown for the bank and good-vs-poor views.

No Textual import: the app only displays what these functions return, so they are tested alone.
"""

from __future__ import annotations

from svauthor.domain.framework import Measure
from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.questionbank import Question
from svauthor.training.feedback import md_escape
from svauthor.training.scenarios import Scenario
from svauthor.ukformat import fmt_gbp

#: What each flaw in a poor question means, in plain British English.
FLAW_TEXT = {
    "irrelevant": "Irrelevant: it asks for something unconnected with what the contract does or "
                  "where it is delivered, so bidders cannot offer it credibly.",
    "disproportionate": "Disproportionate: it asks more than the size, length or risk of the "
                        "contract justifies, which shuts out small and VCFSE providers.",
    "not_additional": "Not additional: it asks bidders to describe what they must do anyway "
                      "(the core service or a legal duty), so nothing extra is gained.",
    "outputs_not_outcomes": "Outputs, not outcomes: it counts activity (events held, leaflets "
                            "given out) rather than the change it makes for people.",
    "vague": "Vague: there is no clear ask, no timescale and nothing to measure, so answers "
             "cannot be scored fairly or held to in the contract.",
}

MAX_QUERY_CHARS = 200


def _haystack(q: Question, kb: KnowledgeBase) -> str:
    outcomes = [kb.framework.outcomes_by_id[o].name for o in q.outcomes
                if o in kb.framework.outcomes_by_id]
    parts = [q.id, q.title, q.question, q.guidance, " ".join(q.strong_answer),
             " ".join(q.outcomes), " ".join(outcomes), " ".join(q.measures)]
    return " ".join(parts).lower()


def search_questions(kb: KnowledgeBase, query: str) -> list[Question]:
    """Questions containing every word of `query` (any case) in their text, ids or measures."""
    words = query[:MAX_QUERY_CHARS].lower().split()
    if not words:
        return list(kb.questions)
    return [q for q in kb.questions if all(w in _haystack(q, kb) for w in words)]


def measure_prompt(m: Measure) -> str:
    """One line for a measure in a pick list: its reference and plain description."""
    partner = " (Partner VCFSE)" if m.partner_vcfse else ""
    return f"{m.ref}{partner}: {' '.join(m.text.split())}"


def measure_detail(m: Measure, kb: KnowledgeBase) -> str:
    fw = kb.framework
    return (f"{m.ref}: {' '.join(m.text.split())}\n"
            f"Theme: {fw.theme_of(m).name}. Outcome: {fw.outcomes_by_id[m.outcome].name}. "
            f"Counted in: {m.unit}.")


def question_detail(q: Question, kb: KnowledgeBase) -> str:
    outcomes = ", ".join(kb.framework.outcomes_by_id[o].name for o in q.outcomes
                         if o in kb.framework.outcomes_by_id)
    return (f"{q.title}\nMeasures: {', '.join(q.measures) or 'none'}. Outcomes: {outcomes}.")


def question_markdown(q: Question, kb: KnowledgeBase) -> str:
    """The bank entry as Markdown: the question, guidance for bidders and a strong answer."""
    out = [f"## {md_escape(q.title)}", "", f"`{q.id}`", "", "### The question", "",
           md_escape(q.browse_text), "", "### Guidance for bidders", "", md_escape(q.guidance), "",
           "### A strong answer", ""]
    out += [f"- {md_escape(s)}" for s in q.strong_answer]
    out += ["", "### Scoring", ""]
    out += [f"- **{d.score}**: {md_escape(d.descriptor)}" for d in q.scoring]
    names = [kb.service_types[s].name for s in q.suits if s in kb.service_types]
    not_for = [kb.service_types[s].name for s in q.not_for if s in kb.service_types]
    out += ["", "### Where it fits", "",
            f"- Measures: {', '.join(q.measures) or 'none'}",
            f"- Suits: {', '.join(names) if names else 'every service type'}"]
    if not_for:
        out.append(f"- Not for: {', '.join(not_for)}")
    if q.always:
        out.append("- Asked in every pack.")
    if q.needs_led:
        out.append("- Asked when the tender names local needs.")
    if q.source:
        out += ["", f"*Source: {md_escape(q.source)}*"]
    return "\n".join(out) + "\n"


def good_markdown(q: Question) -> str:
    out = ["### Good", "", md_escape(q.browse_text), "", "**Why it works**", ""]
    out += [f"- {md_escape(s)}" for s in q.strong_answer]
    return "\n".join(out) + "\n"


def poor_markdown(q: Question) -> str:
    p = q.poor_version
    return "\n".join(["### Poor", "", md_escape(p.question), "", "**Why it is poor**", "",
                      md_escape(p.why_poor)]) + "\n"


def difference_markdown(q: Question) -> str:
    """The lesson: each flaw of the poor version named and explained, then what fixes it."""
    out = ["### The difference", ""]
    out += [f"- {FLAW_TEXT.get(f, f)}" for f in q.poor_version.flaws]
    out += ["", ("The good version fixes this by tying the ask to the contract, naming what "
                 "bidders should cover, and saying how progress will be measured and reported:"),
            "", md_escape(q.guidance)]
    return "\n".join(out) + "\n"


def scenario_markdown(s: Scenario, kb: KnowledgeBase) -> str:
    """The brief and the tender's key facts, as the trainee sees them before answering."""
    spec = s.spec
    places = ", ".join(kb.places[p].name for p in spec.places) or "not given"
    needs = ", ".join(kb.needs[n].name for n in spec.local_needs) or "none named"
    regime = spec.route.regime.replace("_", " ")
    procedure = spec.route.procedure.replace("_", " ")
    out = [f"*Level: {s.level}*", "", md_escape(s.brief), "",
           "### The tender", "",
           f"- Buyer: {md_escape(spec.buyer.name)} ({spec.buyer.sector.replace('_', ' ')})",
           f"- Service: {md_escape(kb.service_types[spec.service_type].name)}",
           f"- Value: {fmt_gbp(spec.value_gbp)} over {spec.duration_months} months",
           f"- Route: {regime}, {procedure}",
           f"- Places: {md_escape(places)}",
           f"- Local needs: {md_escape(needs)}", "",
           ("Next: pick measures (step 2) and questions (step 3), then press **F5** to check. "
            "**F7** moves to the next step; **Space** ticks the highlighted item.")]
    return "\n".join(out) + "\n"
