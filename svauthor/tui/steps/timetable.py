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
from svauthor.tui.form import DATE_FIELDS, FormState
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
}


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
            yield Checkbox(text, form.route_flags.get(flag, False), id=flag)
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
            wanted = form.route_flags.get(flag, False)
            if box.value != wanted:
                box.value = wanted

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
        message = self.query_one("#suggest-message", Static)
        self.screen.flush()  # type: ignore[attr-defined]
        state = self.state
        if state.spec is None or not state.current or state.assessment is None:
            set_text(message, "Fix the fields marked in red (here or in earlier steps) first.")
            return
        try:
            suggested = suggest_timetable(
                state.spec, vcfse_suitable=bool(state.assessment.vcfse_suitable.value),
                rules=state.kb.timetable_rules)
        except (ValueError, LookupError) as exc:
            text = str(exc)
            set_text(message, text[0].upper() + text[1:] + ("" if text.endswith(".") else "."))
            return
        self.form.dates = {k: v.isoformat() for k, v in suggested.given().items()}
        self.load(self.form)
        set_text(message, "Suggested dates filled in: check them against your own plans.")
        self.edited("timetable")

    def show(self, state: WizardState) -> None:
        super().show(state)
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
