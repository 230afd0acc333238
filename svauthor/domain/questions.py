"""Pick the tender's Social Value questions from the bank, within the band's limit, with reasons."""

from __future__ import annotations

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.questionbank import Question
from svauthor.domain.results import (
    MeasureDecision,
    OverrideRecord,
    QuestionDecision,
    Reason,
    Weighting,
)
from svauthor.domain.rules import Band
from svauthor.domain.spec import TenderSpec

BANK_SOURCE = "svauthor question bank (question_bank/)"


def suits(question: Question, service_type: str) -> bool:
    """A question fits when the service type is not excluded and, if it lists types, is one."""
    if service_type in question.not_for:
        return False
    return not question.suits or service_type in question.suits


def select_questions(
    spec: TenderSpec, kb: KnowledgeBase, band: Band, recommended: list[MeasureDecision],
    weighting: Weighting, committed: dict[str, Reason] | None = None,
) -> tuple[list[QuestionDecision], list[OverrideRecord]]:
    """Pick questions in priority order, within the band's limit.

    Always-asked questions first; then one for each commitment rule's measures (e.g. the NHS
    climate theme) not yet covered; then the needs-led question; then those serving the most
    recommended measures. `committed` maps a measure ref to the commitment rule behind it.
    """
    committed = committed or {}
    rec_refs = {m.ref for m in recommended}
    rec_outcomes = {m.outcome for m in recommended}
    picks: list[tuple[Question, Reason]] = []

    def coverage(q: Question) -> tuple[int, int]:
        return len(rec_refs & set(q.measures)), len(rec_outcomes & set(q.outcomes))

    candidates = [q for q in kb.questions if suits(q, spec.service_type)]
    for q in candidates:
        if q.always:
            picks.append((q, Reason(rule="questions.always", source=q.source or BANK_SOURCE,
                                    why="Asked in every pack: it carries a commitment the "
                                        "framework makes for every tender.")))
    for ref, rule_reason in committed.items():
        chosen = [p for p, _ in picks]
        if len(picks) >= band.max_questions or any(ref in q.measures for q in chosen):
            continue
        fitting = [q for q in candidates if ref in q.measures and q not in chosen]
        if fitting:
            q = max(fitting, key=lambda q: q.priority)
            picks.append((q, Reason(rule=rule_reason.rule, source=rule_reason.source,
                                    why=f"Covers {ref}, which this tender must include: "
                                        f"{rule_reason.why}")))
    if spec.local_needs and len(picks) < band.max_questions:
        for q in sorted(candidates, key=lambda q: -q.priority):
            if q.needs_led and q not in [p for p, _ in picks]:
                names = ", ".join(kb.needs[n].name for n in spec.local_needs)
                picks.append((q, Reason(rule="questions.needs-led", source=q.source or BANK_SOURCE,
                                        why=f"The spec names local needs ({names}); bidders "
                                            f"should answer the Local Needs Analysis directly.")))
                break
    ranked = sorted(
        (q for q in candidates if q not in [p for p, _ in picks] and coverage(q)[0] > 0),
        key=lambda q: (-coverage(q)[0], -coverage(q)[1], -q.priority),
    )
    covered: set[str] = set()
    for q, _ in picks:
        covered |= set(q.measures)
    for q in ranked:
        if len(picks) >= band.max_questions:
            break
        new = (rec_refs & set(q.measures)) - covered
        if not new:
            continue
        covered |= set(q.measures)
        picks.append((q, Reason(rule="questions.coverage", source=q.source or BANK_SOURCE,
                                why=f"Serves recommended measure(s) {', '.join(sorted(new))} "
                                    f"not yet covered by another question.")))

    overrides: list[OverrideRecord] = []
    edits: dict[str, str] = {}
    by_id = {q.id: q for q in kb.questions}
    for ov in spec.questions:
        chosen = [p for p, _ in picks]
        was = "selected" if by_id[ov.question] in chosen else "not selected"
        if ov.action == "remove":
            picks = [(q, r) for q, r in picks if q.id != ov.question]
        elif ov.action == "add" and by_id[ov.question] not in chosen:
            picks.append((by_id[ov.question], Reason(
                rule="override.add", why=f"Added by the commissioner: {ov.reason}",
                source="User override recorded in the spec (`questions`)")))
        elif ov.action == "edit" and ov.text:
            edits[ov.question] = ov.text
        overrides.append(OverrideRecord(kind="question", target=ov.question, action=ov.action,
                                        reason=ov.reason, rule_advice=was))

    qualitative_total = weighting.social_value_pct * weighting.qualitative_pct / 100
    marks = _split(qualitative_total, len(picks))
    decisions = []
    for (q, reason), mark in zip(picks, marks, strict=True):
        reasons = [reason]
        if q.id in edits:
            reasons.append(Reason(rule="override.edit", why="Wording edited by the commissioner.",
                                  source="User override recorded in the spec (`questions`)"))
        decisions.append(QuestionDecision(
            id=q.id, title=q.title, text=edits.get(q.id, q.question).strip(),
            guidance=q.guidance.strip(), strong_answer=q.strong_answer,
            word_limit=q.word_limits.get(band.id, band.word_limit), marks_pct=mark,
            outcomes=q.outcomes, measures=[r for r in q.measures if r in rec_refs] or q.measures,
            reasons=reasons, edited=q.id in edits,
        ))
    return decisions, overrides


def _split(total: float, n: int) -> list[float]:
    """Split a percentage into n shares of two decimals that add up exactly."""
    if n == 0:
        return []
    share = round(total / n, 2)
    shares = [share] * n
    shares[-1] = round(total - share * (n - 1), 2)
    return shares
