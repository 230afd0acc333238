"""The wizard's model: the form, the spec it makes, and the engine's latest answer (no Textual)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from svauthor.domain.engine import assess
from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.results import Assessment, Check
from svauthor.domain.spec import TenderSpec
from svauthor.tui.form import FormState, build_spec
from svauthor.tui.labels import FIELDS, MENTIONS, NATIONS


@dataclass(frozen=True)
class StepPlan:
    """What one wizard step owns: its form fields and the check categories it shows."""

    fields: tuple[str, ...]
    checks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    """One entry of a step's summary: a field to fix, or a check that fails or warns."""

    severity: str
    """"error" (a field cannot be read), "fail" or "warn" (a check's verdict)."""
    text: str
    step: int
    field: str | None
    """The form field to go to; None means the step's own verdict panel."""


SEVERITY_ORDER = {"error": 0, "fail": 1, "warn": 2}


class WizardState:
    """Holds what the user typed and what the engine makes of it, re-run on every change."""

    def __init__(self, kb: KnowledgeBase, today: date, form: FormState,
                 steps: Sequence[StepPlan]) -> None:
        self.kb = kb
        self.step_fields = {n: plan.fields for n, plan in enumerate(steps, 1)}
        """Step number (its position, from 1) -> the fields it owns."""
        self.step_checks = {n: plan.checks for n, plan in enumerate(steps, 1) if plan.checks}
        self.today = today
        self.form = form
        self.spec: TenderSpec | None = None
        self.errors: dict[str, str] = {}
        self.assessment: Assessment | None = None
        self.current = False
        """True when `assessment` describes the form as it is now (not an earlier valid state)."""
        self.touched: set[str] = set()
        self.show_all = False
        self.visited: set[int] = {1}
        self.idle_edits: list[str] = []
        """Questions the user reworded that are not asked now (a later change dropped them):
        the rewording is kept, and applies again when the question comes back."""
        self.recompute()

    def replace_form(self, form: FormState) -> None:
        """Start from another form (opened spec, resumed draft): its filled fields count as seen."""
        self.form = form
        self.touched = filled_fields(form)
        self.recompute()

    def recompute(self) -> None:
        outcome = build_spec(self.form, self.kb)
        self.errors = dict(outcome.errors)
        self.spec = outcome.spec
        self.current = False
        if outcome.spec is None:
            return
        try:
            self.assessment = assess(outcome.spec, self.kb, today=self.today)
            self.current = True
            asked = {q.id for q in self.assessment.questions}
            self.idle_edits = [e["question"] for e in self.form.question_edits
                               if e.get("action") == "edit" and e.get("question") not in asked]
        except Exception as exc:  # noqa: BLE001 - the engine must never take the app down
            self.spec = None
            self.errors["general"] = (f"The rules could not assess this tender "
                                      f"({type(exc).__name__}: {exc}).")

    @property
    def visible_errors(self) -> dict[str, str]:
        if self.show_all:
            return dict(self.errors)
        return {k: v for k, v in self.errors.items() if k in self.touched or k == "general"}

    def touch_step(self, number: int) -> None:
        self.touched.update(self.step_fields.get(number, ()))

    def checks_for_step(self, number: int) -> list[Check]:
        categories = self.step_checks.get(number)
        if not categories or self.assessment is None:
            return []
        return [c for c in self.assessment.checks if c.category in categories]

    def problems(self, number: int) -> list[Problem]:
        """What step `number` opens with: its fields in error, then its fails, then its warnings
        (GOV.UK's error summary: the worst first, each entry leading to what to fix)."""
        fields = self.step_fields.get(number, ())
        visible = self.visible_errors
        out = [Problem("error", f"{FIELDS.get(f, f)}: {visible[f]}", number, f)
               for f in fields if f in visible]
        if number == 1 and "general" in self.errors:
            out.append(Problem("error", self.errors["general"], 1, None))
        if self.current:
            out += [Problem(c.status, first_sentence(c.message), number,
                            field_for_check(c, fields))
                    for c in self.checks_for_step(number) if c.status != "pass"]
            if "question_edits" in fields:
                out += self.idle_edit_problems(number)
        out += self.nation_problems(number)
        return sorted(out, key=lambda p: SEVERITY_ORDER[p.severity])

    def suggested_nation(self) -> str | None:
        """The nation every chosen place is in (the places' own `nation` in the data), when the
        buyer's nation says another: offered, never set, since a buyer may be elsewhere (a
        national body, a neighbouring council)."""
        by_name = {name.lower(): key for key, name in NATIONS.items()}
        found = {by_name.get(self.kb.places[p].nation.strip().lower())
                 for p in self.form.places if p in self.kb.places}
        if len(found) != 1 or None in found:
            return None
        (nation,) = found
        return nation if nation != self.form.nation else None

    def nation_problems(self, number: int) -> list[Problem]:
        """On the steps that own the buyer's nation and the places: the suggestion, leading
        to the nation field."""
        nation = self.suggested_nation()
        fields = self.step_fields.get(number, ())
        if nation is None or not ({"nation", "places"} & set(fields)):
            return []
        home = next((n for n, f in self.step_fields.items() if "nation" in f), number)
        name = NATIONS[nation]
        return [Problem("warn", f"The places chosen are in {name} but the buyer's nation is "
                        f"{NATIONS.get(self.form.nation, self.form.nation)}: if the buyer is in "
                        f"{name}, choose {name} as the buyer's nation (the law that applies "
                        "can differ).", home, "nation")]

    def question_title(self, qid: str) -> str:
        return next((q.title for q in self.kb.questions if q.id == qid), qid)

    def idle_edit_problems(self, number: int) -> list[Problem]:
        return [Problem("warn", f"Your rewording of {self.question_title(qid)} is not used: the "
                        "question is no longer chosen. It is kept, and comes back with it.",
                        number, "question_edits") for qid in self.idle_edits]

    def all_problems(self) -> list[Problem]:
        """Every step's problems for the last step: all fields in error (seen or not), then
        every failing check, then every warning, each leading back to its own step."""
        out = [Problem("error", f"{FIELDS.get(f, f)}: {self.errors[f]}", number, f)
               for number, fields in self.step_fields.items() for f in fields
               if f in self.errors]
        if "general" in self.errors:
            out.append(Problem("error", self.errors["general"], 1, None))
        if self.current and self.assessment is not None:
            last = max(self.step_fields)
            home = {cat: n for n, cats in self.step_checks.items() for cat in cats}
            for c in self.assessment.checks:
                if c.status == "pass":
                    continue
                number = home.get(c.category, last)
                out.append(Problem(c.status, first_sentence(c.message), number,
                                   field_for_check(c, self.step_fields.get(number, ()))))
            owner = next((n for n, f in self.step_fields.items() if "question_edits" in f), last)
            out += self.idle_edit_problems(owner)
        nation_step = next((n for n, f in self.step_fields.items() if "nation" in f), None)
        if nation_step is not None:
            out += self.nation_problems(nation_step)
        return sorted(out, key=lambda p: SEVERITY_ORDER[p.severity])

    def step_statuses(self) -> dict[int, str]:
        """'error' (a field is wrong), 'warn' (a check fails or warns), 'ok' (visited, fine)."""
        visible = self.visible_errors
        out: dict[int, str] = {}
        for number, fields in self.step_fields.items():
            if any(f in visible for f in fields):
                out[number] = "error"
            elif any(f in self.errors for f in fields):
                out[number] = ""
            elif self.current and any(c.status != "pass" for c in self.checks_for_step(number)):
                out[number] = "warn"
            elif number in self.visited:
                out[number] = "ok"
            else:
                out[number] = ""
        return out

    def failing_checks(self) -> list[Check]:
        if self.assessment is None:
            return []
        return [c for c in self.assessment.checks if c.status != "pass"]


def filled_fields(form: FormState) -> set[str]:
    """Fields holding something the user (or a file) gave, so their problems show at once."""
    filled = {name for name in ("title", "buyer_name", "service_type", "value", "duration",
                                "sv_pct", "qual_pct", "lots") if getattr(form, name).strip()}
    filled |= {f"tt_{k}" for k, v in form.dates.items() if v.strip()}
    if form.places:
        filled.add("places")
    if form.local_needs:
        filled.add("local_needs")
    if form.overrides:
        filled.add("overrides")
    if form.question_edits:
        filled.add("question_edits")
    filled |= {"sector", "central", "regime", "procedure", "vcfse", "route_flags", "timetable",
               "framework"}
    return filled


_SENTENCE_END = re.compile(r"(?<=[a-z0-9)%])\.\s+(?=[A-Z])")


def first_sentence(text: str) -> str:
    """The first sentence of a check's message: the summary names the problem, the panel
    under it gives the whole message."""
    text = " ".join(text.split())
    match = _SENTENCE_END.search(text)
    return text[: match.start() + 1] if match else text


def field_for_check(check: Check, fields: Sequence[str]) -> str | None:
    """The field of `fields` a check's message is about: the one it mentions first (by the
    words in labels.MENTIONS), else one named in its details; None for the verdict panel."""
    message = check.message.lower()
    best: tuple[int, str] | None = None
    for name in fields:
        for word in MENTIONS.get(name, ()):
            at = message.find(word)
            if at >= 0 and (best is None or at < best[0]):
                best = (at, name)
    if best is not None:
        return best[1]
    return next((name for name in fields if name.removeprefix("tt_") in check.details), None)
