"""Step 7: the key dates, checked live against the statutory and best-practice rules."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Static

from svauthor.domain.timetable import suggest_timetable
from svauthor.inputs import parse_date
from svauthor.tui import labels
from svauthor.tui.dialogs.confirm import ConfirmDialog
from svauthor.tui.form import DATE_FIELDS, ROUTE_FLAG_DEFAULTS, STAGE_DATES, FormState
from svauthor.tui.state import WizardState
from svauthor.tui.steps.base import Step
from svauthor.tui.widgets.checks import CheckList, checks_markup
from svauthor.tui.widgets.field import FieldBox
from svauthor.tui.widgets.summary import ScrollPanel
from svauthor.tui.widgets.text import set_text
from svauthor.tui.widgets.textinput import TextInput

FLAGS = {
    "electronic_submission": "Tenders are submitted electronically",
    "documents_with_notice": "All documents are published with the tender notice",
    "urgency": "A state of urgency applies",
    "light_touch": "It is a light touch contract (health, social and related services)",
    "pre_selected_suppliers": "Only pre-selected suppliers may tender",
    "agreed_tender_period": "The tender period was agreed with the pre-selected suppliers",
    "dynamic_market": "Awarded by reference to dynamic market membership",
    "electronic_notification": "The award decision is sent to bidders electronically",
    "representations_received": "Bidders made representations during the standstill",
}
ONLY_WHERE_ASKED = ("electronic_notification", "representations_received")
"""Shown only under a regime whose law data turns on them (PCR reg 87, PSR reg 12(10))."""


class TimetableStep(Step):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+g", "suggest", "Suggest dates", id="timetable.suggest",
                tooltip="Work out a timetable that passes every check"),
    ]

    FIELDS = (*(f"tt_{d}" for d in DATE_FIELDS), "timetable", "route_flags")
    CHECKS = ("timetable", "dates")
    TARGETS = {"timetable": "tt_tender_published", "route_flags": "electronic_submission"}  # noqa: RUF012
    VERDICT = "timetable-panel"
    TITLE = "Timetable"
    SHORT = "Timetable"

    def body(self) -> ComposeResult:
        form = self.form
        yield Static("Dates like 1 March 2027, 01/03/2027 or 2027-03-01. Suggest works back "
                     "from the contract start, or forward from the publication date.",
                     classes="step-intro")
        with Vertical(id="dates"):
            for key in DATE_FIELDS:
                yield FieldBox(labels.DATES[key], TextInput(
                    form.dates.get(key, ""), placeholder="e.g. 1 March 2027", id=f"tt_{key}",
                    max_length=20, compact=True), field=f"tt_{key}", compact=True,
                    after=Label(" ", id=f"day-{key}", classes="day-name"))
        for flag, text in FLAGS.items():
            yield Checkbox(text, form.route_flags.get(flag, ROUTE_FLAG_DEFAULTS.get(flag, False)),
                           id=flag)
        with Horizontal(id="timetable-actions"):
            yield Button("Suggest dates", id="suggest", compact=True, variant="primary",
                         tooltip="Work out a timetable that passes every check")
            yield Button("Clear dates", id="clear-dates", compact=True)
        yield Static("", id="suggest-message")
        with ScrollPanel(id="timetable-panel"):
            yield CheckList(id="timetable-checks")

    def load(self, form: FormState) -> None:
        for key in DATE_FIELDS:
            self.set_input(f"#tt_{key}", form.dates.get(key, ""))
        for flag in FLAGS:
            box = self.query_one(f"#{flag}", Checkbox)
            wanted = form.route_flags.get(flag, ROUTE_FLAG_DEFAULTS.get(flag, False))
            if box.value != wanted:
                box.value = wanted

    def _show_route_fields(self, form: FormState) -> None:
        """Participation-stage dates for procedures that can have that stage, and the route
        facts only some regimes ask about, from the law data; anything already given shows."""
        from svauthor.domain.law import shipped_regimes

        regime = shipped_regimes().regimes.get(form.regime)
        procedure = regime.procedures.get(form.procedure) if regime is not None else None
        staged = procedure is not None and procedure.stages != "single"
        for key in STAGE_DATES:
            self.query_one(f"#box-tt_{key}").display = staged or bool(form.dates.get(key))
        dump = regime.model_dump() if regime is not None else {}
        for flag in ONLY_WHERE_ASKED:
            wanted = ROUTE_FLAG_DEFAULTS.get(flag, False)
            self.query_one(f"#{flag}", Checkbox).display = _turns_on(dump, flag) or \
                form.route_flags.get(flag, wanted) != wanted

    @on(Input.Changed)
    def _date(self, event: Input.Changed) -> None:
        name = event.input.id or ""
        if not name.startswith("tt_"):
            return
        key = name.removeprefix("tt_")
        if self.form.dates.get(key, "") != event.value:
            if event.value:
                self.form.dates[key] = event.value
            else:
                self.form.dates.pop(key, None)
            self.edited(name)

    @on(Checkbox.Changed)
    def _flag(self, event: Checkbox.Changed) -> None:
        flag = event.checkbox.id or ""
        if flag in FLAGS and self.form.route_flags.get(flag, False) != event.value:
            self.form.route_flags[flag] = event.value
            self.edited("route_flags")

    @on(Button.Pressed, "#clear-dates")
    def _clear(self) -> None:
        if self.form.dates:
            self.form.dates = {}
            self.load(self.form)
            self.edited("timetable")

    def action_suggest(self) -> None:
        self._suggest()

    @on(Button.Pressed, "#suggest")
    def _suggest(self) -> None:
        """Work out a timetable (and the route facts the rules say usually apply), show it
        beside what is there now, and change nothing until the user says Use these."""
        message = self.query_one("#suggest-message", Static)
        self.screen.flush()  # type: ignore[attr-defined]
        state = self.state
        if state.spec is None or not state.current or state.assessment is None:
            set_text(message, "Fix the fields marked in red (here or in earlier steps) first.")
            return
        facts = route_suggestions(state)
        spec = state.spec
        if facts:
            spec = spec.model_copy(update={"route": spec.route.model_copy(
                update={k: v for k, (v, _why) in facts.items()})})
        try:
            suggested = suggest_timetable(
                spec, vcfse_suitable=bool(state.assessment.vcfse_suitable.value),
                rules=state.kb.timetable_rules, today=state.today)
        except (ValueError, LookupError) as exc:
            text = str(exc)
            set_text(message, text[0].upper() + text[1:] + ("" if text.endswith(".") else "."))
            return
        dates = {k: v.isoformat() for k, v in suggested.given().items()}
        body = compare_text(state.form.dates, dates, facts)
        if not body:
            set_text(message, "Your dates already match the suggestion.")
            return

        def apply(ok: bool | None) -> None:
            if not ok:
                set_text(message, "Nothing changed: your dates are as they were.")
                self.notify("Nothing changed: your dates are as they were.", timeout=4)
                return
            self.form.dates = {k: v for k, v in dates.items() if k in DATE_FIELDS}
            for flag, (value, _why) in facts.items():
                self.form.route_flags[flag] = value
            self.load(self.form)
            set_text(message, "Suggested dates filled in: check them against your own plans.")
            self.notify("Suggested dates filled in: check them against your own plans.",
                        timeout=4)
            self.edited("timetable")

        self.app.push_screen(ConfirmDialog("Use the suggested timetable?", body,
                                           yes="Use these", no="Keep mine"), apply)

    def show(self, state: WizardState) -> None:
        super().show(state)
        self._show_route_fields(state.form)
        for key in DATE_FIELDS:
            raw = state.form.dates.get(key, "")
            hint = " "
            if raw.strip():
                try:
                    day = parse_date(raw)
                    hint = f"{day.strftime('%A')} {day.day} {day.strftime('%B')} {day.year}"
                except ValueError:
                    hint = " "
            set_text(self.query_one(f"#day-{key}", Label), hint)
        checks = self.query_one("#timetable-checks", CheckList)
        a = state.assessment
        if a is None:
            set_text(checks, "[dim]Complete steps 1 and 2 to check the timetable.[/]")
        elif a.timetable is None:
            set_text(checks, "[dim]Enter some dates (or a contract start and press Suggest) to "
                          "check the timetable.[/]")
        else:
            stale = "" if state.current else (
                "[$text-warning]Last complete answer: fix the marked fields to update.[/]\n")
            set_text(checks, stale + checks_markup(a.timetable.checks))


def route_suggestions(state: WizardState) -> dict[str, tuple[bool, str]]:
    """Route facts the rules say usually apply and the form does not have yet, with why:
    from the service type's data (rules/service_types.yaml), never decided here. Offered with
    Suggest; the commissioner confirms each procurement."""
    from svauthor.domain.law import shipped_regimes

    form = state.form
    service = state.kb.service_types.get(form.service_type)
    out: dict[str, tuple[bool, str]] = {}
    if service is None:
        return out
    regime = shipped_regimes().regimes.get(form.regime)
    procedure = regime.procedures.get(form.procedure) if regime is not None else None
    ruled_out = {n.fact for n in procedure.not_with} if procedure is not None else set()
    if service.light_touch and not form.route_flags.get("light_touch") \
            and "light_touch" not in ruled_out and not (procedure and procedure.light_touch) \
            and regime is not None and _turns_on(regime.model_dump(), "light_touch"):
        out["light_touch"] = (True, f"{service.name} are usually a light touch service "
                                    "(check the CPV codes).")
    return out


def _turns_on(data: object, fact: str) -> bool:
    """True when some `when:` condition in the regime's law data names `fact`: only then is
    the fact worth suggesting (under a regime that never asks, it changes nothing)."""
    if isinstance(data, dict):
        when = data.get("when")
        if isinstance(when, dict) and fact in when:
            return True
        return any(_turns_on(v, fact) for v in data.values())
    if isinstance(data, list):
        return any(_turns_on(v, fact) for v in data)
    return False


def compare_text(current: dict[str, str], proposed: dict[str, str],
                 facts: dict[str, tuple[bool, str]]) -> str:
    """The proposed dates beside the current ones (plain text), only the rows that change."""
    from svauthor.ukformat import fmt_date

    def shown(raw: str) -> str:
        try:
            return fmt_date(parse_date(raw)) if raw.strip() else "(none)"
        except ValueError:
            return raw
    rows = []
    for key in labels.DATES:
        now, new = current.get(key, ""), proposed.get(key, "")
        if key not in DATE_FIELDS and not new:
            continue
        if shown(now) != shown(new):
            rows.append(f"{labels.DATES[key]:<28}{shown(now):<20}→ {shown(new)}")
    for flag, (value, why) in facts.items():
        rows.append(f"{FLAGS.get(flag, flag)}: {'yes' if value else 'no'}. {why}")
    if not rows:
        return ""
    head = f"{'':<28}{'Now':<20}  Suggested"
    return "\n".join([head, *rows, "", "Nothing changes unless you choose Use these."])
