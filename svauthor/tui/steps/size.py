"""Step 2: service type, value and duration, with the band and weighting updating live."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Select, Static

from svauthor.inputs import parse_money, parse_whole
from svauthor.tui.form import FormState
from svauthor.tui.state import WizardState
from svauthor.tui.steps.base import Step
from svauthor.tui.widgets.field import FieldBox
from svauthor.tui.widgets.safe import SafeSelect
from svauthor.tui.widgets.summary import ScrollPanel
from svauthor.tui.widgets.text import escape, plain, set_text
from svauthor.tui.widgets.textinput import TextInput
from svauthor.ukformat import fmt_gbp

CRP_WORDS = {"not_required": "not required", "full": "required (full plan)",
             "proportionate": "required (a proportionate plan)"}


class SizeStep(Step):
    FIELDS = ("service_type", "value", "duration")
    TITLE = "Service and size"
    SHORT = "Service & size"

    def body(self) -> ComposeResult:
        form = self.form
        kb = self.state.kb
        services = [(s.name, s.id) for s in kb.service_types.values()]
        yield Static("The kind of service and its size decide how much Social Value to ask for.",
                     classes="step-intro")
        yield FieldBox("Service type", SafeSelect(
            services, id="service_type", prompt="Choose the kind of service",
            value=form.service_type if form.service_type in kb.service_types else Select.NULL),
            field="service_type", hint=" ")
        yield FieldBox("Whole-life value, including VAT", TextInput(
            form.value, placeholder="e.g. £1,250,000", id="value"), field="value", hint=" ")
        yield FieldBox("Duration in months (including extensions)", TextInput(
            form.duration, placeholder="e.g. 36", id="duration"), field="duration")
        with ScrollPanel(id="size-panel"):
            yield Static("", id="size-live")

    def load(self, form: FormState) -> None:
        self.set_select("#service_type", form.service_type)
        self.set_input("#value", form.value)
        self.set_input("#duration", form.duration)

    @on(Select.Changed, "#service_type")
    def _service(self, event: Select.Changed) -> None:
        value = "" if event.value is Select.NULL else str(event.value)
        if value != self.form.service_type:
            self.form.service_type = value
            self.edited("service_type")

    @on(Input.Changed, "#value, #duration")
    def _typed(self, event: Input.Changed) -> None:
        self.store(event.input.id or "", event.value)

    def show(self, state: WizardState) -> None:
        super().show(state)
        form = state.form
        kb = state.kb
        service = kb.service_types.get(form.service_type)
        self.query_one("#box-service_type", FieldBox).set_hint(
            service.description.strip() if service else " ")
        hint = " "
        try:
            value = parse_money(form.value)
            months = parse_whole(form.duration, "months", "36") if form.duration.strip() else 0
            hint = f"{fmt_gbp(value)} whole-life"
            if months:
                hint += f", about {fmt_gbp(round(value / max(months, 12) * 12))} a year"
        except ValueError:
            pass
        self.query_one("#box-value", FieldBox).set_hint(hint)
        set_text(self.query_one("#size-live", Static), self._live(state))

    def _live(self, state: WizardState) -> str:
        a = state.assessment
        if a is None:
            return ("[b]Proportionality[/b]\n[dim]Choose the service type and enter the value and "
                    "duration to see the band, the weighting and the Carbon Reduction Plan "
                    "verdict.[/]")
        lines = []
        if not state.current:
            lines.append("[$text-warning]Showing the last complete answer: fix the marked "
                         "fields to update it.[/]")
        band = a.band
        lines.append(f"[b]Band: {escape(band.label)}[/b] - up to {band.max_measures} measures, "
                     f"{band.max_questions} questions, {band.word_limit} words per answer")
        lines.append(f"[dim]{escape(plain(band.reasons[0].why))}[/]" if band.reasons else "")
        w = a.weighting
        lines.append(f"[b]Social Value weighting: {w.social_value_pct:g}%[/b] of the total score "
                     f"({w.qualitative_pct:g}% of it qualitative)")
        crp = a.carbon_reduction_plan
        word = CRP_WORDS.get(str(crp.value), str(crp.value).replace("_", " "))
        lines.append(f"[b]Carbon Reduction Plan: {escape(word)}[/b]")
        if crp.reasons:
            lines.append(f"[dim]{escape(plain(crp.reasons[0].why))}[/]")
        lines.append(f"Minimum KPIs: {a.min_kpis or 'none set by law'}")
        return "\n".join(line for line in lines if line)
