"""Step 1: what is being bought, by whom, and under which rules."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Select, Static

from svauthor.tui import labels
from svauthor.tui.form import FormState, procedures_for
from svauthor.tui.state import WizardState
from svauthor.tui.steps.base import Step
from svauthor.tui.widgets.checks import CheckList, checks_markup
from svauthor.tui.widgets.field import FieldBox
from svauthor.tui.widgets.safe import SafeSelect
from svauthor.tui.widgets.summary import ScrollPanel
from svauthor.tui.widgets.text import set_text
from svauthor.tui.widgets.textinput import TextInput


def _options(mapping: dict[str, str], keys: object = None) -> list[tuple[str, str]]:
    chosen = list(keys) if keys is not None else list(mapping)  # type: ignore[call-overload]
    return [(labels.label(mapping, k), k) for k in chosen]


def _safe(value: str, allowed: object) -> str:
    keys = list(allowed)  # type: ignore[call-overload]
    return value if value in keys else keys[0]


class BasicsStep(Step):
    FIELDS = ("title", "buyer_name", "sector", "central", "regime", "procedure")
    CHECKS = ("route", "duty")
    VERDICT = "law-panel"
    TITLE = "Tender basics"
    SHORT = "Basics"

    def body(self) -> ComposeResult:
        form = self.form
        procedures = procedures_for(form.regime) or procedures_for("procurement_act_2023")
        yield Static("Name the tender and the buyer, and the legal route it follows.",
                     classes="step-intro")
        yield FieldBox("Tender title", TextInput(
            form.title, placeholder="e.g. Wirral Community Befriending Service", id="title",
            max_length=300), field="title")
        yield FieldBox("Buyer name", TextInput(form.buyer_name, placeholder="e.g. Wirral Council",
                                           id="buyer_name", max_length=200), field="buyer_name")
        yield FieldBox("Buyer sector", SafeSelect(
            _options(labels.SECTORS), id="sector", allow_blank=False,
            value=_safe(form.sector, labels.SECTORS)),
            field="sector", hint="The sector sets the minimum Social Value weighting.")
        yield FieldBox("Central government?", SafeSelect(
            _options(labels.CENTRAL), id="central", allow_blank=False,
            value=_safe(form.central, labels.CENTRAL)), field="central")
        yield FieldBox("Procurement regime", SafeSelect(
            _options(labels.REGIMES), id="regime", allow_blank=False,
            value=_safe(form.regime, labels.REGIMES)), field="regime")
        yield FieldBox("Procedure", SafeSelect(
            _options(labels.PROCEDURES, procedures), id="procedure", allow_blank=False,
            value=_safe(form.procedure, procedures)), field="procedure",
            hint="The procedures offered follow the regime.")
        with ScrollPanel(id="law-panel"):
            yield CheckList(id="law-checks")

    def load(self, form: FormState) -> None:
        self.set_input("#title", form.title)
        self.set_input("#buyer_name", form.buyer_name)
        self.set_select("#sector", form.sector)
        self.set_select("#central", form.central)
        self.set_select("#regime", form.regime)
        self._set_procedures(form.regime, form.procedure)

    def _set_procedures(self, regime: str, procedure: str) -> None:
        select = self.query_one("#procedure", Select)
        allowed = procedures_for(regime)
        if not allowed:
            return
        select.set_options(_options(labels.PROCEDURES, allowed))
        self.set_select("#procedure", procedure if procedure in allowed else allowed[0])

    @on(Input.Changed, "#title, #buyer_name")
    def _text_changed(self, event: Input.Changed) -> None:
        self.store(event.input.id or "", event.value)

    @on(Select.Changed, "#sector, #central, #procedure")
    def _choice_changed(self, event: Select.Changed) -> None:
        name = event.select.id or ""
        if event.value is not Select.NULL and getattr(self.form, name) != event.value:
            setattr(self.form, name, str(event.value))
            self.edited(name)

    @on(Select.Changed, "#regime")
    def _regime_changed(self, event: Select.Changed) -> None:
        if event.value is Select.NULL or event.value == self.form.regime:
            return
        self.form.regime = str(event.value)
        allowed = procedures_for(self.form.regime)
        if self.form.procedure not in allowed and allowed:
            self.form.procedure = allowed[0]
        self._set_procedures(self.form.regime, self.form.procedure)
        self.edited("regime")

    def show(self, state: WizardState) -> None:
        super().show(state)
        checks = self.query_one("#law-checks", CheckList)
        if state.assessment is None:
            set_text(checks, "[b]The law that applies[/b]\n[dim]Complete steps 1 and 2 to see "
                             "which rules and duties apply.[/]")
        else:
            stale = "" if state.current else "[$text-warning]Last complete answer.[/]\n"
            set_text(checks, f"[b]The law that applies[/b]\n{stale}"
                             + checks_markup(state.checks_for_step(self.number)))
