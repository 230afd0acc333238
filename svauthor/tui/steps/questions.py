"""Step 6: the chosen questions (preview, rewording) and the evaluation weighting."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from svauthor.domain.results import QuestionDecision
from svauthor.tui.dialogs.edit_question import EditQuestionDialog
from svauthor.tui.form import FormState
from svauthor.tui.state import WizardState
from svauthor.tui.steps.base import Step
from svauthor.tui.widgets.checks import CheckList, reasons_markup
from svauthor.tui.widgets.field import FieldBox
from svauthor.tui.widgets.safe import SafeOptionList
from svauthor.tui.widgets.summary import ScrollPanel
from svauthor.tui.widgets.text import escape, set_text
from svauthor.tui.widgets.textinput import TextInput


class QuestionsStep(Step):
    FIELDS = ("sv_pct", "qual_pct", "question_edits")
    CHECKS = ("weighting",)
    TARGETS = {"question_edits": "question-list"}  # noqa: RUF012
    VERDICT = "weight-panel"
    TITLE = "Questions and weighting"
    SHORT = "Questions"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._ids: list[str] = []

    def body(self) -> ComposeResult:
        form = self.form
        yield Static("How the Social Value is scored, and the questions bidders answer. "
                     "Leave a weight blank to use the band's default.", classes="step-intro")
        yield FieldBox("Social Value weight (% of the total score)", TextInput(
            form.sv_pct, id="sv_pct", placeholder="band default"), field="sv_pct")
        yield FieldBox("Qualitative share (% of the Social Value score)", TextInput(
            form.qual_pct, id="qual_pct", placeholder="band default"), field="qual_pct")
        with ScrollPanel(id="weight-panel"):
            yield CheckList(id="weight-checks")
        yield Label("[b]Questions[/b]", id="questions-heading")
        yield SafeOptionList(id="question-list")
        with Horizontal(id="question-actions"):
            yield Button("Edit wording…", id="edit-question", compact=True,
                         tooltip="Reword the highlighted question (asks why)")
            yield Button("Restore wording", id="restore-question", compact=True,
                         tooltip="Go back to the question bank's wording")
        with ScrollPanel(id="preview-panel"):
            yield Static("", id="question-preview")

    def load(self, form: FormState) -> None:
        self.set_input("#sv_pct", form.sv_pct)
        self.set_input("#qual_pct", form.qual_pct)

    @on(Input.Changed, "#sv_pct, #qual_pct")
    def _typed(self, event: Input.Changed) -> None:
        self.store(event.input.id or "", event.value)

    def show(self, state: WizardState) -> None:
        super().show(state)
        a = state.assessment
        checks = self.query_one("#weight-checks", CheckList)
        if a is None:
            set_text(checks, "[dim]Complete steps 1 and 2 to see the weighting checks.[/]")
        else:
            checks.show(state.checks_for_step(6))
            w = a.weighting
            for name, value in (("sv_pct", w.social_value_pct), ("qual_pct", w.qualitative_pct)):
                if not getattr(state.form, name).strip():
                    self.query_one(f"#{name}", Input).placeholder = f"band default: {value:g}"
        questions = a.questions if a is not None else []
        ids = [q.id for q in questions]
        listing = self.query_one("#question-list", OptionList)
        prompts = [self._prompt(q) for q in questions]
        if ids != self._ids:
            keep = listing.highlighted
            listing.clear_options()
            listing.add_options([Option(p, id=q.id) for p, q in zip(prompts, questions,
                                                                   strict=True)])
            self._ids = ids
            if ids:
                listing.highlighted = min(keep or 0, len(ids) - 1)
        else:
            for i, p in enumerate(prompts):
                listing.replace_option_prompt_at_index(i, p)
        heading = f"[b]Questions[/b] ({len(ids)} chosen"
        if a is not None:
            heading += f"; the band allows {a.band.max_questions}"
        set_text(self.query_one("#questions-heading", Label), heading + ")")
        self._preview()

    def _prompt(self, q: QuestionDecision) -> str:
        edited = " [$accent](reworded)[/]" if q.edited else ""
        return (f"{escape(q.title)}{edited} [dim]· {q.word_limit} words · "
                f"{q.marks_pct:g}% of the total[/]")

    def _current(self) -> QuestionDecision | None:
        a = self.state.assessment
        index = self.query_one("#question-list", OptionList).highlighted
        if a is None or index is None or index >= len(a.questions):
            return None
        return a.questions[index]

    @on(OptionList.OptionHighlighted, "#question-list")
    def _preview(self) -> None:
        q = self._current()
        preview = self.query_one("#question-preview", Static)
        if q is None:
            set_text(preview, "[dim]No question chosen yet.[/]")
            return
        strong = "\n".join(f"  • {escape(s)}" for s in q.strong_answer)
        set_text(preview,
                 f"[b]{escape(q.title)}[/b]\n{escape(q.text)}\n\n"
                 f"[b]Guidance for bidders[/b]\n{escape(q.guidance)}\n\n"
                 f"[b]A strong answer[/b]\n{strong}\n\n"
                 f"[b]Why this question[/b]\n{reasons_markup(q.reasons)}")

    @on(Button.Pressed, "#edit-question")
    def _edit(self) -> None:
        q = self._current()
        if q is None:
            return
        current = self.form.edit_for(q.id)

        def record(result: tuple[str, str] | None) -> None:
            if result:
                self.form.set_edit(q.id, result[0], result[1])
                self.edited("question_edits")

        self.app.push_screen(EditQuestionDialog(
            q.title, q.text, current.get("reason", "") if current else ""), record)

    @on(Button.Pressed, "#restore-question")
    def _restore(self) -> None:
        q = self._current()
        if q is None:
            return
        if self.form.edit_for(q.id) is None:
            self.notify("This question already has the question bank's wording.", timeout=3)
            return
        self.form.clear_edit(q.id)
        self.edited("question_edits")
