"""A scenario exercise in four steps: read the brief, pick measures and questions, get feedback."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Markdown, Select, SelectionList, Static, TabbedContent, TabPane
from textual.widgets.selection_list import Selection
from textual.worker import Worker, WorkerState

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.errors import InputError
from svauthor.training.content import (
    measure_detail,
    measure_prompt,
    question_detail,
    scenario_markdown,
)
from svauthor.training.feedback import Feedback, attempt_feedback, feedback_markdown, score_line
from svauthor.training.scenarios import Scenario

STEPS = ("step-brief", "step-measures", "step-questions", "step-feedback")
NOT_CHECKED = "Not checked yet: pick measures and questions, then press F5 to check your answer."


class ExercisePane(Vertical):
    """One scenario at a time; marking runs in a thread worker and comes back as `Checked`."""

    class Checked(Message):
        """The rules have marked the trainee's answer."""

        def __init__(self, feedback: Feedback) -> None:
            super().__init__()
            self.feedback = feedback

    def __init__(self, kb: KnowledgeBase, scenarios: list[Scenario], today: Callable[[], date],
                 *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kb = kb
        self.scenarios = {s.id: s for s in scenarios}
        self.today = today
        self.scenario: Scenario | None = scenarios[0] if scenarios else None
        self.feedback: Feedback | None = None
        self._measures = kb.framework.measures_by_ref
        self._questions = {q.id: q for q in kb.questions}

    def compose(self) -> ComposeResult:
        if self.scenario is None:
            yield Static("No training scenarios were found in question_bank/scenarios/.",
                         id="no-scenarios", markup=False)
            return
        with TabbedContent(id="steps"):
            with TabPane("1 Brief", id="step-brief"):
                yield Select([(Content(s.title), s.id) for s in self.scenarios.values()],
                             allow_blank=False, id="scenario-select", prompt="Scenario")
                with VerticalScroll(id="brief-scroll"):
                    yield Markdown(id="brief-md")
            with TabPane("2 Measures", id="step-measures"):
                yield SelectionList[str](
                    *[Selection(Content(measure_prompt(m)), m.ref, id=m.ref)
                      for m in self.kb.framework.measures],
                    id="measure-list")
                yield Static("", id="measure-detail", markup=False)
            with TabPane("3 Questions", id="step-questions"):
                yield SelectionList[str](
                    *[Selection(Content(f"{q.title} ({q.id})"), q.id, id=q.id)
                      for q in self.kb.questions],
                    id="question-list")
                yield Static("", id="question-detail", markup=False)
                yield Button("Check my answer (F5)", id="check-button", variant="primary",
                             compact=True)
            with TabPane("4 Feedback", id="step-feedback"):
                yield Static(NOT_CHECKED, id="score", markup=False)
                with VerticalScroll(id="feedback-scroll"):
                    yield Markdown(id="feedback-md")

    def on_mount(self) -> None:
        if self.scenario is not None:
            self._show_scenario(self.scenario)

    # --- state ---------------------------------------------------------------------------

    @property
    def chosen_measures(self) -> list[str]:
        return list(self.query_one("#measure-list", SelectionList).selected)

    @property
    def chosen_questions(self) -> list[str]:
        return list(self.query_one("#question-list", SelectionList).selected)

    def _show_scenario(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.query_one("#brief-md", Markdown).update(scenario_markdown(scenario, self.kb))
        self.reset()

    def reset(self) -> None:
        """Clear the trainee's picks and any feedback, keeping the scenario."""
        if self.scenario is None:
            return
        self.query_one("#measure-list", SelectionList).deselect_all()
        self.query_one("#question-list", SelectionList).deselect_all()
        self.feedback = None
        self.query_one("#score", Static).update(NOT_CHECKED)
        self.query_one("#feedback-md", Markdown).update("")
        self._count()

    def _count(self) -> None:
        m, q = len(self.chosen_measures), len(self.chosen_questions)
        self.query_one("#measure-list").border_title = f"Measures chosen: {m}"
        self.query_one("#question-list").border_title = f"Questions chosen: {q}"

    # --- steps and marking -----------------------------------------------------------------

    def go_to(self, step: str) -> None:
        if self.scenario is None or step not in STEPS:
            return
        self.query_one("#steps", TabbedContent).active = step
        target = {"step-brief": "#scenario-select", "step-measures": "#measure-list",
                  "step-questions": "#question-list", "step-feedback": "#feedback-scroll"}[step]
        self.query_one(target).focus()

    def next_step(self) -> None:
        if self.scenario is None:
            return
        current = self.query_one("#steps", TabbedContent).active
        index = STEPS.index(current) if current in STEPS else -1
        self.go_to(STEPS[(index + 1) % len(STEPS)])

    def check(self) -> None:
        """Mark the current picks in a worker; the result arrives as a `Checked` message."""
        if self.scenario is None:
            return
        self.query_one("#score", Static).update("Checking your answer against the rules…")
        self._mark(self.scenario, self.chosen_measures, self.chosen_questions, self.today())

    @work(thread=True, exclusive=True, group="feedback", exit_on_error=False)
    def _mark(self, scenario: Scenario, measures: list[str], questions: list[str],
              today: date) -> None:
        self.post_message(self.Checked(attempt_feedback(scenario, self.kb, measures, questions,
                                                        today=today)))

    @on(Checked)
    def _checked(self, event: Checked) -> None:
        fb = event.feedback
        if self.scenario is None or fb.scenario_id != self.scenario.id:
            return
        self.feedback = fb
        self.query_one("#score", Static).update(
            f"{score_line(fb)}. F6 downloads this feedback; F8 starts again.")
        self.query_one("#feedback-md", Markdown).update(feedback_markdown(fb))
        self.go_to("step-feedback")
        self.query_one("#feedback-scroll", VerticalScroll).scroll_home(animate=False)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "feedback" or event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        message = str(error) if isinstance(error, InputError) else (
            f"Could not mark the answer ({type(error).__name__}: {error}).")
        self.query_one("#score", Static).update(message)
        self.notify(message, title="Feedback failed", severity="error")

    # --- events ----------------------------------------------------------------------------

    @on(Button.Pressed, "#check-button")
    def _check_pressed(self) -> None:
        self.check()

    @on(Select.Changed, "#scenario-select")
    def _scenario_chosen(self, event: Select.Changed) -> None:
        scenario = self.scenarios.get(event.value) if isinstance(event.value, str) else None
        if scenario is not None and scenario is not self.scenario:
            self._show_scenario(scenario)

    @on(SelectionList.SelectedChanged)
    def _picks_changed(self) -> None:
        self._count()
        if self.feedback is not None:
            self.query_one("#score", Static).update(
                f"{score_line(self.feedback)} for your earlier answer; you have changed it "
                f"since, so press F5 to check again.")

    @on(SelectionList.SelectionHighlighted, "#measure-list")
    def _measure_highlighted(self, event: SelectionList.SelectionHighlighted[str]) -> None:
        m = self._measures.get(event.selection.value)
        if m is not None:
            self.query_one("#measure-detail", Static).update(measure_detail(m, self.kb))

    @on(SelectionList.SelectionHighlighted, "#question-list")
    def _question_highlighted(self, event: SelectionList.SelectionHighlighted[str]) -> None:
        q = self._questions.get(event.selection.value)
        if q is not None:
            self.query_one("#question-detail", Static).update(question_detail(q, self.kb))
