"""Mark a trainee's answer to a scenario against its expert-reviewed model answer.

Each scenario stores a model answer (the measures and questions a social value lead would
pick, with accepted alternatives and the reasoning). The trainee's choices are graded against
it; the rules engine supplies the explanation for every choice (which rule makes a measure
irrelevant, disproportionate or not additional), and the feedback says where the rules' own
answer differs from the model answer, so neither is presented as the only truth.

Score (0-100), worked out in `score_attempt`:

    measures  M = right / (model + excluded_chosen + over_cap)
    questions Q = max(0, right_q - wrong_q) / (model_questions + wrong_q)
    score     = round(70 * M + 30 * Q)

- `right`: chosen measures in the model answer; `model`: the model answer's measures;
  `excluded_chosen`: chosen measures the rules exclude that the model answer does not accept;
  `over_cap`: chosen measures (Partner VCFSE included) that are not excluded, beyond the band's
  limit (raised to the model answer's own size, so the model answer is never over it).
- `right_q`: chosen questions in the model answer; `model_questions`: its questions;
  `wrong_q`: the larger of (chosen questions, not accepted by the model answer, that do not
  suit the service type or serve no recommended measure) and (chosen questions beyond the
  band's limit, raised to the model answer's size). Each wrong question also cancels a right
  one, so asking bidders every question never scores above asking none (proportionality).
- An answer over the band's limit (measures or questions) is graded at most "Fair".
- Accepted alternatives and other optional measures or suitable questions are neutral.
  An empty fraction (0/0) counts as 1, so the model answer always scores 100.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from svauthor.domain.engine import assess
from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.questionbank import Question
from svauthor.domain.questions import suits
from svauthor.domain.results import Assessment, MeasureDecision, Reason
from svauthor.errors import InputError, did_you_mean
from svauthor.training.scenarios import ModelAnswer, Scenario
from svauthor.ukformat import fmt_gbp

MEASURE_WEIGHT = 70
QUESTION_WEIGHT = 30

#: What an excluding rule's stage means for the trainee, in the training material's own words.
STAGE_KIND = {
    "relevance": "irrelevant",
    "proportionality": "disproportionate",
    "additionality": "not additional",
    "commitment": "excluded by a commitment rule",
}
STAGE_SENTENCE = {
    "irrelevant": "is not relevant to this contract",
    "disproportionate": "would be disproportionate for a contract of this size or length",
    "not additional": "is not additional: it is what the contract is bought to deliver",
    "excluded by a commitment rule": "is ruled out by a commitment rule",
    "removed by the commissioner": "was removed by the commissioner, with a recorded reason",
}

Topic = Literal["measure", "question", "proportion"]
NoteKind = Literal[
    "recommended", "optional", "excluded", "missed", "partner_missed",
    "rules_pick", "alternative", "unsuitable", "idle", "question_missed",
    "too_many_measures", "too_many_questions", "differs",
]
#: Kinds that are problems (the rest are praise or neutral notes).
PROBLEMS: frozenset[str] = frozenset({
    "excluded", "missed", "partner_missed", "unsuitable", "idle", "question_missed",
    "too_many_measures", "too_many_questions",
})


class Note(BaseModel):
    """One comment on the attempt, with the rule behind it."""

    topic: Topic
    kind: NoteKind
    target: str = Field(description="Measure ref, question id or band id")
    label: str
    message: str
    rule: str = ""
    why: str = ""
    source: str = ""
    exclusion: str = Field(default="", description="irrelevant / disproportionate / not additional")

    @property
    def problem(self) -> bool:
        return self.kind in PROBLEMS


class ScoreBreakdown(BaseModel):
    """The numbers behind the score, so the trainee can see how it was worked out."""

    measures_right: int
    measures_recommended: int
    measures_excluded_chosen: int
    measures_over_cap: int
    measure_cap: int
    questions_right: int
    questions_by_rules: int
    questions_flagged: int
    questions_over_limit: int
    question_limit: int
    measure_share: float
    question_share: float
    measure_points: float
    question_points: float
    score: int


class Feedback(BaseModel):
    """The marked attempt: score, notes and the assessment they came from."""

    scenario_id: str
    scenario_title: str
    chosen_measures: list[str]
    chosen_questions: list[str]
    score: int = Field(ge=0, le=100)
    grade: str
    breakdown: ScoreBreakdown
    notes: list[Note]
    learning_points: list[str]
    model_reasoning: str = ""
    assessment: Assessment

    def notes_of(self, *kinds: str) -> list[Note]:
        return [n for n in self.notes if n.kind in kinds]

    def note_for(self, target: str) -> Note | None:
        return next((n for n in self.notes if n.target == target), None)


def grade_for(score: int, *, over_limit: bool = False) -> str:
    """The grade word; an answer that asks more than the band allows is at best 'Fair'."""
    if over_limit and score >= 50:
        return "Fair"
    if score >= 90:
        return "Excellent"
    if score >= 75:
        return "Good"
    if score >= 50:
        return "Fair"
    return "Needs more work"


def _share(right: int, needed: int, wrong: int) -> float:
    total = needed + wrong
    return 1.0 if total == 0 else right / total


def _check_known(values: Iterable[str], known: list[str], what: str) -> list[str]:
    out: list[str] = []
    for value in values:
        if value not in known:
            raise InputError.single("training attempt", f"unknown {what} `{value}`"
                                    f"{did_you_mean(value, known)}")
        if value not in out:
            out.append(value)
    return out


def excluding_reason(m: MeasureDecision, kb: KnowledgeBase) -> tuple[Reason, str]:
    """The reason that finally excluded a measure, and what kind of exclusion it is."""
    rules = {r.id: r for r in kb.rules.measure_rules}
    for reason in reversed(m.reasons):
        if reason.rule == "override.remove":
            return reason, "removed by the commissioner"
        rule = rules.get(reason.rule)
        if rule is not None and rule.set == "excluded":
            return reason, STAGE_KIND[rule.stage]
    fallback = m.reasons[-1] if m.reasons else Reason(rule="", why="", source="")
    return fallback, "irrelevant"


def recommending_reason(m: MeasureDecision, kb: KnowledgeBase) -> Reason:
    """The latest reason that recommended a measure: a rule, a local need or an override."""
    rules = {r.id: r for r in kb.rules.measure_rules}
    for reason in reversed(m.reasons):
        rule = rules.get(reason.rule)
        if (rule is not None and rule.set == "recommended") or reason.rule.startswith(
                ("need.", "override.add")):
            return reason
    return m.reasons[-1] if m.reasons else Reason(rule="", why="", source="")


@dataclass
class _Marking:
    """What every marking stage needs: the scenario, its assessment and its model answer."""

    scenario: Scenario
    kb: KnowledgeBase
    a: Assessment
    by_ref: dict[str, MeasureDecision]
    model: ModelAnswer

    @property
    def recommended(self) -> set[str]:
        return {m.ref for m in self.a.measures_with("recommended")}

    @property
    def fine_measures(self) -> set[str]:
        return set(self.model.measures) | set(self.model.accepted_measures)

    @property
    def fine_questions(self) -> set[str]:
        return set(self.model.questions) | set(self.model.accepted_questions)


def _label(m: MeasureDecision) -> str:
    return f"{m.ref}: {m.text}"


def attempt_feedback(scenario: Scenario, kb: KnowledgeBase, measures: Iterable[str],
                     questions: Iterable[str], *, today: date) -> Feedback:
    """Grade the chosen measures and questions against the scenario's model answer, in stages."""
    chosen_m = _check_known(measures, kb.framework.measure_refs, "measure")
    chosen_q = _check_known(questions, kb.question_ids, "question")
    a = assess(scenario.spec, kb, today=today)
    ctx = _Marking(scenario, kb, a, {m.ref: m for m in a.measures}, scenario.model_answer)
    notes = _chosen_measure_notes(ctx, chosen_m) + _missed_measure_notes(ctx, chosen_m)
    over_cap, cap, proportion = _measure_proportion(ctx, chosen_m)
    notes += proportion
    q_notes, flagged = _chosen_question_notes(ctx, chosen_q)
    notes += q_notes + _missed_question_notes(ctx, chosen_q)
    over_limit, q_limit, q_proportion = _question_proportion(ctx, chosen_q)
    notes += q_proportion + _differences(ctx)
    breakdown = score_attempt(
        measures_right=len([r for r in chosen_m if r in ctx.model.measures]),
        measures_recommended=len(ctx.model.measures),
        measures_excluded_chosen=len([r for r in chosen_m if ctx.by_ref[r].status == "excluded"
                                      and r not in ctx.fine_measures]),
        measures_over_cap=over_cap, measure_cap=cap,
        questions_right=len([q for q in chosen_q if q in ctx.model.questions]),
        questions_by_rules=len(ctx.model.questions), questions_flagged=flagged,
        questions_over_limit=over_limit, question_limit=q_limit,
    )
    return Feedback(
        scenario_id=scenario.id, scenario_title=scenario.title, chosen_measures=chosen_m,
        chosen_questions=chosen_q, score=breakdown.score,
        grade=grade_for(breakdown.score, over_limit=bool(
            breakdown.measures_over_cap or breakdown.questions_over_limit)),
        breakdown=breakdown, notes=notes, learning_points=scenario.learning_points,
        model_reasoning=ctx.model.reasoning.strip(), assessment=a,
    )


def _chosen_measure_notes(ctx: _Marking, chosen: list[str]) -> list[Note]:
    """Stage 1: each chosen measure, against the model answer, explained by the rules."""
    notes = []
    for ref in chosen:
        m = ctx.by_ref[ref]
        if ref in ctx.model.measures:
            main = recommending_reason(m, ctx.kb)
            notes.append(Note(topic="measure", kind="recommended", target=ref, label=_label(m),
                              message=f"{ref} is in the model answer. {main.why}",
                              rule=main.rule, why=main.why, source=main.source))
        elif m.status == "excluded" and ref not in ctx.fine_measures:
            reason, kind = excluding_reason(m, ctx.kb)
            notes.append(Note(topic="measure", kind="excluded", target=ref, label=_label(m),
                              exclusion=kind,
                              message=f"{ref} {STAGE_SENTENCE[kind]}. {reason.why}",
                              rule=reason.rule, why=reason.why, source=reason.source))
        else:
            reason = m.reasons[-1]
            accepted = ("The model answer accepts it as an alternative"
                        if ref in ctx.model.accepted_measures else
                        "It is not in the model answer, but bidders may offer it")
            notes.append(Note(topic="measure", kind="optional", target=ref, label=_label(m),
                              message=f"{ref}: {accepted}. {reason.why}",
                              rule=reason.rule, why=reason.why, source=reason.source))
    return notes


def _missed_measure_notes(ctx: _Marking, chosen: list[str]) -> list[Note]:
    """Stage 2: model-answer measures the trainee left out."""
    notes = []
    for ref in ctx.model.measures:
        if ref in chosen:
            continue
        m = ctx.by_ref[ref]
        main = recommending_reason(m, ctx.kb)
        if m.partner_vcfse:
            notes.append(Note(topic="measure", kind="partner_missed", target=ref, label=_label(m),
                              message=f"{ref} is a Partner VCFSE measure, asked for in every "
                                      f"pack however small the contract. {main.why}",
                              rule=main.rule, why=main.why, source=main.source))
        else:
            notes.append(Note(topic="measure", kind="missed", target=ref, label=_label(m),
                              message=f"The model answer asks for {ref}, which you left out. "
                                      f"{main.why}",
                              rule=main.rule, why=main.why, source=main.source))
    return notes


def _measure_proportion(ctx: _Marking, chosen: list[str]) -> tuple[int, int, list[Note]]:
    """Stage 3: too many measures for the band (Partner VCFSE included)."""
    band = ctx.a.band
    cap = max(band.max_measures, len(ctx.model.measures))
    asked = [r for r in chosen if ctx.by_ref[r].status != "excluded" or r in ctx.fine_measures]
    over = max(0, len(asked) - cap)
    if not over:
        return 0, cap, []
    why = band.reasons[0].why if band.reasons else ""
    return over, cap, [Note(
        topic="proportion", kind="too_many_measures", target=band.id,
        label=f"{band.label} band: at most {cap} measures",
        message=f"You chose {len(asked)} measures, Partner VCFSE included; for this "
                f"{band.label} band tender the rules allow at most {cap} in all, so {over} too "
                f"many. {why}".strip(),
        rule=band.id, why=why, source=band.reasons[0].source if band.reasons else "")]


def _chosen_question_notes(ctx: _Marking, chosen: list[str]) -> tuple[list[Note], int]:
    """Stage 4: each chosen question, against the model answer and the bank's fit."""
    bank = {q.id: q for q in ctx.kb.questions}
    service = ctx.kb.service_types[ctx.scenario.spec.service_type]
    rules_picks = {q.id: q for q in ctx.a.questions}
    notes: list[Note] = []
    flagged = 0
    for qid in chosen:
        q = bank[qid]
        qlabel = f"{q.id}: {q.title}"
        serves = [r for r in q.measures if r in ctx.recommended]
        if qid in ctx.model.questions:
            reason = rules_picks[qid].reasons[0] if qid in rules_picks else None
            notes.append(Note(topic="question", kind="rules_pick", target=qid, label=qlabel,
                              message="The model answer asks this question too."
                                      + (f" {reason.why}" if reason else ""),
                              rule=reason.rule if reason else "",
                              why=reason.why if reason else "",
                              source=reason.source if reason else ""))
        elif qid in ctx.model.accepted_questions:
            notes.append(Note(topic="question", kind="alternative", target=qid, label=qlabel,
                              message="The model answer accepts this question as an "
                                      "alternative."))
        elif not suits(q, ctx.scenario.spec.service_type):
            flagged += 1
            notes.append(_unsuitable(q, service.name, ctx.scenario.spec.service_type,
                                     ctx.by_ref, ctx.kb, qlabel))
        elif not serves:
            flagged += 1
            statuses = ", ".join(f"{r} {ctx.by_ref[r].status}" for r in q.measures) or "none"
            notes.append(Note(topic="question", kind="idle", target=qid, label=qlabel,
                              message=f"This question serves none of the recommended measures "
                                      f"(its measures: {statuses}), so bidders' answers would "
                                      f"score nothing the contract will track.",
                              rule="questions.coverage",
                              why="Each question should serve at least one recommended measure."))
        else:
            notes.append(Note(topic="question", kind="alternative", target=qid, label=qlabel,
                              message=f"A reasonable choice: it suits the service and serves "
                                      f"recommended {'measure' if len(serves) == 1 else 'measures'} "
                                      f"{', '.join(serves)}, though the "
                                      f"model answer asks other questions first."))
    return notes, flagged


def _missed_question_notes(ctx: _Marking, chosen: list[str]) -> list[Note]:
    """Stage 5: model-answer questions the trainee left out."""
    bank = {q.id: q for q in ctx.kb.questions}
    rules_picks = {q.id: q for q in ctx.a.questions}
    notes = []
    for qid in ctx.model.questions:
        if qid in chosen:
            continue
        reason = rules_picks[qid].reasons[0] if qid in rules_picks else None
        notes.append(Note(topic="question", kind="question_missed", target=qid,
                          label=f"{qid}: {bank[qid].title}",
                          message="The model answer asks this question, which you left out."
                                  + (f" {reason.why}" if reason else ""),
                          rule=reason.rule if reason else "",
                          why=reason.why if reason else "",
                          source=reason.source if reason else ""))
    return notes


def _question_proportion(ctx: _Marking, chosen: list[str]) -> tuple[int, int, list[Note]]:
    """Stage 6: too many questions for the band."""
    band = ctx.a.band
    limit = max(band.max_questions, len(ctx.model.questions))
    over = max(0, len(chosen) - limit)
    if not over:
        return 0, limit, []
    return over, limit, [Note(
        topic="proportion", kind="too_many_questions", target=band.id,
        label=f"{band.label} band: at most {limit} questions",
        message=f"You chose {len(chosen)} questions; for this {band.label} band tender the "
                f"rules ask at most {limit}, so that bidders (especially small VCFSE "
                f"organisations) are not asked to write more than the contract justifies.",
        rule=band.id, why=band.reasons[0].why if band.reasons else "",
        source=band.reasons[0].source if band.reasons else "")]


def _differences(ctx: _Marking) -> list[Note]:
    """Stage 7: where the rules' own answer differs from the model answer, and why."""
    notes = []
    for m in ctx.a.measures_with("recommended"):
        if m.ref not in ctx.fine_measures:
            main = recommending_reason(m, ctx.kb)
            notes.append(Note(topic="measure", kind="differs", target=m.ref, label=_label(m),
                              message=f"The rules recommend {m.ref}; the model answer does not "
                                      f"ask for it. The rules' reason: {main.why}",
                              rule=main.rule, why=main.why, source=main.source))
    for ref in ctx.model.measures:
        m = ctx.by_ref[ref]
        if m.status != "recommended":
            reason = m.reasons[-1]
            notes.append(Note(topic="measure", kind="differs", target=ref, label=_label(m),
                              message=f"The model answer asks for {ref}; the rules make it "
                                      f"{m.status}. The rules' reason: {reason.why}",
                              rule=reason.rule, why=reason.why, source=reason.source))
    return notes


def model_answer(scenario: Scenario) -> tuple[list[str], list[str]]:
    """The expert-reviewed model answer: it scores 100."""
    return list(scenario.model_answer.measures), list(scenario.model_answer.questions)


def _unsuitable(q: Question, service_name: str, service_type: str,
                by_ref: dict[str, MeasureDecision], kb: KnowledgeBase, qlabel: str) -> Note:
    """Why a bank question does not suit the service type, using its measures' exclusions."""
    if service_type in q.not_for:
        kinds: dict[str, Reason] = {}
        for ref in q.measures:
            m = by_ref[ref]
            if m.status == "excluded":
                reason, kind = excluding_reason(m, kb)
                kinds.setdefault(kind, reason)
        if "not additional" in kinds:
            reason = kinds["not additional"]
            return Note(topic="question", kind="unsuitable", target=q.id, label=qlabel,
                        exclusion="not additional",
                        message=f"This question asks bidders for what a {service_name.lower()} "
                                f"contract is bought to do, so answers would not be additional. "
                                f"{reason.why}",
                        rule=reason.rule, why=reason.why, source=reason.source)
        return Note(topic="question", kind="unsuitable", target=q.id, label=qlabel,
                    exclusion="irrelevant",
                    message=f"The question bank marks this question as not for "
                            f"{service_name.lower()} contracts: bidders could not answer it "
                            f"credibly from this kind of work.",
                    rule="questions.suits", source="svauthor question bank (question_bank/)")
    names = ", ".join(kb.service_types[s].name.lower() for s in q.suits if s in kb.service_types)
    return Note(topic="question", kind="unsuitable", target=q.id, label=qlabel,
                exclusion="irrelevant",
                message=f"The question bank offers this question only for {names} contracts, "
                        f"not {service_name.lower()}.",
                rule="questions.suits", source="svauthor question bank (question_bank/)")


def score_attempt(*, measures_right: int, measures_recommended: int,
                  measures_excluded_chosen: int, measures_over_cap: int, measure_cap: int,
                  questions_right: int, questions_by_rules: int, questions_flagged: int,
                  questions_over_limit: int, question_limit: int) -> ScoreBreakdown:
    """The documented formula (see the module docstring), kept apart so it can be tested alone."""
    m_share = _share(measures_right, measures_recommended,
                     measures_excluded_chosen + measures_over_cap)
    wrong_q = max(questions_flagged, questions_over_limit)
    q_share = _share(max(0, questions_right - wrong_q), questions_by_rules, wrong_q)
    m_points = MEASURE_WEIGHT * m_share
    q_points = QUESTION_WEIGHT * q_share
    return ScoreBreakdown(
        measures_right=measures_right, measures_recommended=measures_recommended,
        measures_excluded_chosen=measures_excluded_chosen, measures_over_cap=measures_over_cap,
        measure_cap=measure_cap, questions_right=questions_right,
        questions_by_rules=questions_by_rules, questions_flagged=questions_flagged,
        questions_over_limit=questions_over_limit, question_limit=question_limit,
        measure_share=m_share, question_share=q_share, measure_points=m_points,
        question_points=q_points, score=max(0, min(100, round(m_points + q_points))),
    )


def rules_answer(scenario: Scenario, kb: KnowledgeBase, *,
                 today: date) -> tuple[list[str], list[str]]:
    """The measures and questions the rules themselves choose (compare with the model answer)."""
    a = assess(scenario.spec, kb, today=today)
    return [m.ref for m in a.measures_with("recommended")], [q.id for q in a.questions]


# --- Presentation as Markdown (used on screen and for the downloaded feedback) ---------------

_SECTIONS: list[tuple[str, tuple[str, ...]]] = [
    ("Measures the rules exclude", ("excluded",)),
    ("Partner VCFSE measures you missed", ("partner_missed",)),
    ("Recommended measures you missed", ("missed",)),
    ("Questions that do not fit", ("unsuitable", "idle")),
    ("Questions the rules would ask that you left out", ("question_missed",)),
    ("Too much for the size of the contract", ("too_many_measures", "too_many_questions")),
    ("What you got right", ("recommended", "rules_pick")),
    ("Fine, but optional", ("optional", "alternative")),
    ("Where the rules' answer differs from the model answer", ("differs",)),
]


def md_escape(text: str) -> str:
    """Escape the few characters that would turn plain rule text into Markdown markup."""
    for ch in ("\\", "*", "_", "`", "#", "<", ">", "[", "]"):
        text = text.replace(ch, "\\" + ch)
    return " ".join(text.split())


def score_line(fb: Feedback) -> str:
    return f"Score: {fb.score}/100 ({fb.grade})"


def feedback_markdown(fb: Feedback, *, full: bool = False, brief: str = "") -> str:
    """The feedback as Markdown; `full` adds a heading, the brief, the attempt and the date.

    The screen shows the title and score above the feedback, so it asks for the short form.
    """
    a = fb.assessment
    b = fb.breakdown
    out: list[str] = []
    if full:
        out += [f"# {md_escape(fb.scenario_title)}", "", f"**{score_line(fb)}**", ""]
        out += [(f"Assessed on {a.assessed_on.isoformat()} with rules "
                 f"{md_escape(a.rules_version)}."), ""]
        if brief:
            out += ["## The brief", "", md_escape(brief), ""]
        out += ["## Your answer", "",
                f"- Measures: {', '.join(fb.chosen_measures) or 'none'}",
                f"- Questions: {', '.join(fb.chosen_questions) or 'none'}", ""]
    out += [(f"{md_escape(a.service_type_name)}, {fmt_gbp(a.value_gbp)} over "
             f"{a.duration_months} months: the **{a.band.label}** band (up to "
             f"{a.band.max_measures} measures in all, Partner VCFSE included, {a.band.max_questions} "
             f"questions, {a.weighting.social_value_pct:g}% Social Value weighting)."), ""]
    for title, kinds in _SECTIONS:
        notes = fb.notes_of(*kinds)
        if not notes:
            continue
        out += [f"## {title}", ""]
        partner = [n for n in notes if n.kind == "partner_missed"]
        if partner:
            n = partner[0]
            out.append(f"- **{', '.join(p.target for p in partner)}** (rule `{n.rule}`): these "
                       f"Partner VCFSE measures are asked for in every pack, however small the "
                       f"contract. {md_escape(n.why)}")
        for n in notes:
            if n.kind == "partner_missed":
                continue
            tags = [t for t in (n.exclusion, f"rule `{n.rule}`" if n.rule else "") if t]
            tag = f" ({'; '.join(tags)})" if tags else ""
            out.append(f"- **{md_escape(n.target)}**{tag}: {md_escape(n.message)}")
        out.append("")
    out += ["## How the score is worked out", "",
            (f"- Measures: {b.measures_right} right out of {b.measures_recommended} in the model "
             f"answer, "
             f"plus {b.measures_excluded_chosen} excluded chosen and {b.measures_over_cap} over "
             f"the limit of {b.measure_cap}: {b.measure_share:.0%} of {MEASURE_WEIGHT} points = "
             f"{b.measure_points:.1f}."),
            (f"- Questions: {b.questions_right} of the {b.questions_by_rules} in the model answer, "
             f"with {max(b.questions_flagged, b.questions_over_limit)} that do not fit or go "
             f"over the limit of {b.question_limit}: {b.question_share:.0%} of {QUESTION_WEIGHT} "
             f"points = {b.question_points:.1f}."),
            ("- Accepted alternatives, optional measures and suitable questions neither add nor "
             "take away points."), ""]
    if fb.model_reasoning:
        out += ["## Why the model answer picks these", "", md_escape(fb.model_reasoning), ""]
    out += ["## Learning points", ""]
    out += [f"- {md_escape(p)}" for p in fb.learning_points]
    return "\n".join(out) + "\n"
