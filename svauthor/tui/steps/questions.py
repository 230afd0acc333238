"""Step 6: the chosen questions (preview, rewording) and the evaluation weighting."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from svauthor.domain.results import QuestionDecision
from svauthor.tui.dialogs.add_question import AddQuestionDialog
from svauthor.tui.dialogs.edit_question import EditQuestionDialog
from svauthor.tui.dialogs.reason import ReasonDialog
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
        """The listed questions: those asked, then those the user removed."""
        self._chosen: list[str] = []

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
            yield Button("Remove…", id="remove-question", compact=True,
                         tooltip="Leave the highlighted question out (asks why), or put a "
                                 "removed one back")
            yield Button("Add a question…", id="add-question", compact=True,
                         tooltip="Ask another question from the bank (asks why)")
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
        chosen = [q.id for q in questions]
        removed = [r["question"] for r in state.form.question_edits
                   if r.get("action") == "remove" and r.get("question") not in chosen]
        ids = [*chosen, *removed]
        listing = self.query_one("#question-list", OptionList)
        prompts = [*(self._prompt(q) for q in questions),
                   *(self._removed_prompt(qid) for qid in removed)]
        if ids != self._ids:
            keep = self._ids[listing.highlighted] if listing.highlighted is not None \
                and listing.highlighted < len(self._ids) else None
            listing.clear_options()
            listing.add_options([Option(p, id=f"q-{qid}") for p, qid in zip(prompts, ids,
                                                                           strict=True)])
            self._ids = ids
            if ids:  # stay on the same question where it is still listed
                listing.highlighted = ids.index(keep) if keep in ids else 0
        else:
            for i, p in enumerate(prompts):
                listing.replace_option_prompt_at_index(i, p)
        self._chosen = chosen
        heading = f"[b]Questions[/b] ({len(chosen)} chosen"
        if removed:
            heading += f", {len(removed)} removed by you"
        if a is not None:
            heading += f"; the band allows {a.band.max_questions}"
        set_text(self.query_one("#questions-heading", Label), heading + ")")
        self._preview()

    def _prompt(self, q: QuestionDecision) -> str:
        edited = " [$accent](reworded)[/]" if q.edited else ""
        return (f"{escape(q.title)}{edited} [dim]· {q.word_limit} words · "
                f"{q.marks_pct:g}% of the total[/]")

    def _removed_prompt(self, qid: str) -> str:
        return f"[dim]{escape(self._title(qid))} · removed by you[/]"

    def _title(self, qid: str) -> str:
        return next((q.title for q in self.state.kb.questions if q.id == qid), qid)

    def _current(self) -> QuestionDecision | None:
        a = self.state.assessment
        index = self.query_one("#question-list", OptionList).highlighted
        if a is None or index is None or index >= len(a.questions):
            return None
        return a.questions[index]

    def _current_removed(self) -> str | None:
        """The highlighted question if it is one the user removed."""
        index = self.query_one("#question-list", OptionList).highlighted
        if index is None or index < len(self._chosen) or index >= len(self._ids):
            return None
        return self._ids[index]

    @on(OptionList.OptionHighlighted, "#question-list")
    def _preview(self) -> None:
        q = self._current()
        preview = self.query_one("#question-preview", Static)
        removed = self._current_removed()
        self.query_one("#remove-question", Button).label = (
            "Put back" if removed is not None else "Remove…")
        if removed is not None:
            change = self.form.question_change(removed, "remove") or {}
            set_text(preview, f"[b]{escape(self._title(removed))}[/b]\n[dim]Removed by you: "
                              f"{escape(change.get('reason', ''))}[/]\n\nPress Remove… "
                              "again (it reads Put back) to ask it again.")
            return
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

    @on(Button.Pressed, "#remove-question")
    def _remove(self) -> None:
        removed = self._current_removed()
        self.query_one("#remove-question", Button).label = (
            "Put back" if removed is not None else "Remove…")
        if removed is not None:
            back = self.form.put_back_question(removed)
            self.edited("question_edits")
            self.notify(f"{self._title(removed)} is asked again"
                        + (", with your rewording." if back else "."), timeout=4, markup=False)
            return
        q = self._current()
        if q is None:
            return
        if self.form.question_change(q.id, "add") is not None:
            self.form.remove_question(q.id, "")
            self.edited("question_edits")
            self.notify(f"Your added question {q.title} is taken out again.", timeout=4,
                        markup=False)
            return

        def record(reason: str | None) -> None:
            if reason:
                parked = self.form.remove_question(q.id, reason)
                self.edited("question_edits")
                if parked:
                    self.notify(f"Your rewording of {q.title} is kept aside: put the question "
                                "back to have it again.", title="Rewording kept",
                                timeout=8, markup=False)

        self.app.push_screen(ReasonDialog(
            f"Remove: {q.title}",
            f"{q.title}\n\nThe rules chose this question. Why leave it out? Your reason goes on "
            "the decision record.", reason=""), record)

    @on(Button.Pressed, "#add-question")
    def _add(self) -> None:
        asked = set(self._chosen)
        choices = [(q.id, q.title) for q in self.state.kb.questions if q.id not in asked]

        def record(result: tuple[str, str] | None) -> None:
            if result:
                self.form.add_question(*result)
                self.edited("question_edits")

        self.app.push_screen(AddQuestionDialog(choices), record)
