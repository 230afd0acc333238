"""Step 4: is the tender suitable for voluntary, community, faith and social enterprises?"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from svauthor.tui.form import FormState
from svauthor.tui.state import WizardState
from svauthor.tui.steps.base import Step
from svauthor.tui.widgets.checks import reasons_markup
from svauthor.tui.widgets.field import FieldBox
from svauthor.tui.widgets.summary import ScrollPanel
from svauthor.tui.widgets.text import set_text
from svauthor.tui.widgets.textinput import TextInput

ANSWERS = ("yes", "no", "infer")
ANSWER_LABELS = (
    "Yes: VCFSE organisations deliver this kind of service here",
    "No: they would not bid for it as a prime contractor",
    "Not sure: let svauthor work it out from the rules",
)


class VcfseStep(Step):
    FIELDS = ("lots", "vcfse")
    TITLE = "VCFSE suitability"
    SHORT = "VCFSE"

    def body(self) -> ComposeResult:
        form = self.form
        yield Static("Two questions decide whether the tender should suit voluntary, community, "
                     "faith and social enterprise (VCFSE) organisations. A suitable tender gets a "
                     "six-week window (step 7).", classes="step-intro")
        yield FieldBox("1. Number of lots", TextInput(form.lots, placeholder="1", id="lots"),
                       field="lots", hint="Lots open parts of a contract to smaller providers.")
        yield Label("2. From market engagement or your local knowledge:", id="vcfse-question")
        with RadioSet(id="vcfse"):
            for answer, text in zip(ANSWERS, ANSWER_LABELS, strict=True):
                yield RadioButton(text, value=form.vcfse == answer, id=f"vcfse-{answer}")
        with ScrollPanel(id="vcfse-panel"):
            yield Static("", id="vcfse-verdict")

    def load(self, form: FormState) -> None:
        self.set_input("#lots", form.lots)
        button = self.query_one(f"#vcfse-{form.vcfse}", RadioButton)
        if not button.value:
            button.value = True

    @on(Input.Changed, "#lots")
    def _lots(self, event: Input.Changed) -> None:
        self.store("lots", event.value)

    @on(RadioSet.Changed, "#vcfse")
    def _answer(self, event: RadioSet.Changed) -> None:
        answer = (event.pressed.id or "vcfse-infer").removeprefix("vcfse-")
        if answer != self.form.vcfse:
            self.form.vcfse = answer
            self.edited("vcfse")

    def show(self, state: WizardState) -> None:
        super().show(state)
        a = state.assessment
        if a is None:
            text = "[dim]Complete steps 1 and 2 to see the verdict.[/]"
        else:
            verdict = a.vcfse_suitable
            word = "suitable" if verdict.value else "not suitable"
            how = "as you said" if verdict.given else "inferred by the rules"
            stale = ("" if state.current else
                     "[$text-warning]Showing the last complete answer.[/]\n")
            text = (f"{stale}[b]Verdict: {word} for VCFSE organisations[/b] ({how})\n"
                    + reasons_markup(verdict.reasons))
        set_text(self.query_one("#vcfse-verdict", Static), text)
