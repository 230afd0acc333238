"""Pick the tender's Social Value questions from the bank, within the band's limit, with reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from svauthor.domain.conditions import matches
from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.questionbank import NEEDS_PLACEHOLDER, Question
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


@dataclass
class _Picks:
    """The questions chosen so far, in order, each with the reason it was chosen."""

    limit: int
    items: list[tuple[Question, Reason]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)  # bank ids are unique: a cheap membership test

    @property
    def full(self) -> bool:
        return len(self.items) >= self.limit

    @property
    def chosen(self) -> list[Question]:
        return [q for q, _ in self.items]

    def add(self, q: Question, reason: Reason) -> None:
        self.items.append((q, reason))
        self.ids.add(q.id)

    def has(self, q: Question) -> bool:
        return q.id in self.ids


def select_questions(
    spec: TenderSpec, kb: KnowledgeBase, band: Band, recommended: list[MeasureDecision],
    weighting: Weighting, committed: dict[str, Reason] | None = None,
    facts: dict[str, Any] | None = None, answerable: list[str] | None = None,
) -> tuple[list[QuestionDecision], list[OverrideRecord]]:
    """Pick questions in stages, within the band's limit, then apply the commissioner's edits.

    Stages: always-asked questions; one for each commitment's measures not yet covered (e.g. the
    NHS climate theme); questions the bank asks whenever a condition holds (`ask_when`); the
    needs-led question when the spec names a need the service does not itself meet (and the
    band asks one); then the
    questions serving most recommended measures, spread across themes before a second on one.
    `committed` maps a measure ref to the commitment rule behind it; `answerable` lists the
    named needs this contract can add to (the engine decides; by default, those the service
    does not itself meet).
    """
    needs = answerable_needs(spec, kb) if answerable is None else answerable
    picks = _Picks(band.max_questions)
    candidates = [q for q in kb.questions if suits(q, spec.service_type)]
    _stage_always(picks, candidates)
    _stage_commitments(picks, candidates, committed or {})
    _stage_ask_when(picks, candidates, facts or {})
    if band.needs_led_question:
        evidenced = {e.need for e in spec.needs_evidence}
        _stage_needs_led(picks, candidates, needs, kb, evidenced)
    _stage_coverage(picks, candidates, recommended, kb)
    items, overrides, edits = _apply_question_overrides(spec, kb, picks.items)
    return _decisions(items, edits, band, recommended, weighting, needs, kb), overrides


def _stage_always(picks: _Picks, candidates: list[Question]) -> None:
    for q in candidates:
        if q.always:
            picks.add(q, Reason(rule="questions.always", source=q.source or BANK_SOURCE,
                                why="Asked in every pack: it carries a commitment the "
                                    "framework makes for every tender."))


def _stage_commitments(picks: _Picks, candidates: list[Question],
                       committed: dict[str, Reason]) -> None:
    for ref, rule_reason in committed.items():
        if picks.full or any(ref in q.measures for q in picks.chosen):
            continue
        fitting = [q for q in candidates if ref in q.measures and not picks.has(q)]
        if fitting:
            q = max(fitting, key=lambda q: q.priority)
            picks.add(q, Reason(rule=rule_reason.rule, source=rule_reason.source,
                                why=f"Covers {ref}, which this tender must include: "
                                    f"{rule_reason.why}"))


def _stage_ask_when(picks: _Picks, candidates: list[Question], facts: dict[str, Any]) -> None:
    for q in sorted(candidates, key=lambda q: -q.priority):
        if picks.full:
            return
        if q.ask_when and not picks.has(q) and matches(q.ask_when, facts):
            picks.add(q, Reason(rule=f"questions.ask-when.{q.id}", why=q.ask_why.strip(),
                                source=q.source or BANK_SOURCE))


def answerable_needs(spec: TenderSpec, kb: KnowledgeBase) -> list[str]:
    """The named needs a bidder can add to: those the service is not itself bought to meet."""
    core = set(kb.service_types[spec.service_type].core_needs)
    return [n for n in spec.named_needs if n not in core]


def _stage_needs_led(picks: _Picks, candidates: list[Question], needs: list[str],
                     kb: KnowledgeBase, evidenced: set[str]) -> None:
    if picks.full or not needs:
        return  # no needs, or none this contract can add to: nothing additional to ask
    for q in sorted(candidates, key=lambda q: -q.priority):
        if q.needs_led and not picks.has(q):
            names = ", ".join(kb.needs[n].name for n in needs)
            # Read by the board: say what the tender names and claim a Local Needs Analysis
            # only when one gave evidence for these needs (FINDINGS R48).
            evidence = (", with the evidence from the Local Needs Analysis"
                        if evidenced & set(needs) else "")
            picks.add(q, Reason(rule="questions.needs-led", source=q.source or BANK_SOURCE,
                                why=f"This tender names local needs the contract can help "
                                    f"meet ({names}), so bidders are asked how they will "
                                    f"contribute to them{evidence}."))
            return


def _stage_coverage(picks: _Picks, candidates: list[Question],
                    recommended: list[MeasureDecision], kb: KnowledgeBase) -> None:
    """Questions serving recommended measures not yet covered, a new theme before a repeat."""
    rec_refs = {m.ref for m in recommended}
    rec_outcomes = {m.outcome for m in recommended}
    fw = kb.framework

    def theme(q: Question) -> str:
        return fw.outcomes_by_id[q.outcomes[0]].theme

    covered: set[str] = set()
    for q in picks.chosen:
        if not q.needs_led:  # the needs-led question is open-ended: it covers no one measure
            covered |= set(q.measures)
    while not picks.full:
        themes = {theme(q) for q in picks.chosen}
        options = [q for q in candidates if not picks.has(q)
                   and (rec_refs & set(q.measures)) - covered]
        if not options:
            return
        q = min(options, key=lambda q: (
            theme(q) in themes, -len((rec_refs & set(q.measures)) - covered),
            len(set(q.measures) - rec_refs),  # the question most specific to the ask
            -len(rec_outcomes & set(q.outcomes)), -q.priority))
        new = (rec_refs & set(q.measures)) - covered
        covered |= set(q.measures)
        spread = "" if theme(q) in themes else " It adds a theme the other questions do not cover."
        picks.add(q, Reason(rule="questions.coverage", source=q.source or BANK_SOURCE,
                            why=f"Serves recommended measure(s) {', '.join(sorted(new))} not yet "
                                f"covered by another question.{spread}"))


def _apply_question_overrides(
    spec: TenderSpec, kb: KnowledgeBase, items: list[tuple[Question, Reason]],
) -> tuple[list[tuple[Question, Reason]], list[OverrideRecord], dict[str, str]]:
    overrides: list[OverrideRecord] = []
    edits: dict[str, str] = {}
    by_id = {q.id: q for q in kb.questions}
    for ov in spec.questions:
        chosen = [p for p, _ in items]
        was = "selected" if by_id[ov.question] in chosen else "not selected"
        if ov.action == "remove":
            items = [(q, r) for q, r in items if q.id != ov.question]
        elif ov.action == "add" and by_id[ov.question] not in chosen:
            items.append((by_id[ov.question], Reason(
                rule="override.add", why=f"Added by the commissioner: {ov.reason}",
                source="User override recorded in the spec (`questions`)")))
        elif ov.action == "edit" and ov.text:
            edits[ov.question] = ov.text
        overrides.append(OverrideRecord(kind="question", target=ov.question, action=ov.action,
                                        reason=ov.reason, rule_advice=was))
    return items, overrides, edits


def _decisions(items: list[tuple[Question, Reason]], edits: dict[str, str], band: Band,
               recommended: list[MeasureDecision], weighting: Weighting, need_ids: list[str],
               kb: KnowledgeBase) -> list[QuestionDecision]:
    rec_refs = {m.ref for m in recommended}
    qualitative_total = weighting.social_value_pct * weighting.qualitative_pct / 100
    marks = _split(qualitative_total, len(items))
    needs = "; ".join(_in_sentence(kb.needs[n].name) for n in need_ids)
    decisions = []
    for (q, reason), mark in zip(items, marks, strict=True):
        reasons = [reason]
        text = (q.short_question if band.short_questions and q.short_question else q.question)
        text = text.strip()
        if q.needs_led:  # the question names the needs, as the buyer would publish it
            text = _name_needs(text, needs)
        if q.id in edits:
            reasons.append(Reason(rule="override.edit", why="Wording edited by the commissioner.",
                                  source="User override recorded in the spec (`questions`)"))
        decisions.append(QuestionDecision(
            id=q.id, title=q.title, text=edits.get(q.id, text).strip(),
            guidance=q.guidance.strip(), strong_answer=q.strong_answer,
            word_limit=q.word_limits.get(band.id, band.word_limit), marks_pct=mark,
            outcomes=q.outcomes, measures=[r for r in q.measures if r in rec_refs] or q.measures,
            reasons=reasons, edited=q.id in edits,
        ))
    return decisions


def _in_sentence(name: str) -> str:
    """A need's display name inside a sentence: 'Fuel poverty' -> 'fuel poverty' (not 'VCFSE')."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def _name_needs(text: str, needs: str) -> str:
    """Put the named needs where the bank's wording has `{needs}` (else after the question)."""
    if NEEDS_PLACEHOLDER in text:
        return text.replace(NEEDS_PLACEHOLDER, needs or "the needs set out in the specification")
    return f"{text} The local needs named for this contract are: {needs}." if needs else text


def _split(total: float, n: int) -> list[float]:
    """Split a percentage into n shares of two decimals that add up exactly."""
    if n == 0:
        return []
    share = round(total / n, 2)
    shares = [share] * n
    shares[-1] = round(total - share * (n - 1), 2)
    return shares
