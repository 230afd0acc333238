"""`svauthor train`: learn from the question bank and practise on ready-made tenders.

Build it with `make_training_app(kb, clock, settings)`; the CLI, the tests and browser mode all
use that factory. Feedback is worked out by the same rules engine as the wizard.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar

from platformdirs import user_downloads_path
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.events import DeliveryComplete, DeliveryFailed
from textual.widgets import Footer, Header, Input, TabbedContent, TabPane

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.training.feedback import feedback_markdown
from svauthor.training.scenarios import Scenario, load_scenarios
from svauthor.training.widgets.bank import BankBrowser
from svauthor.training.widgets.compare import GoodPoorPane
from svauthor.training.widgets.exercise import ExercisePane

#: A clock is a callable returning today's date (or a datetime), or a fixed date for tests.
Clock = Callable[[], date] | date

EXERCISE_ACTIONS = {"check", "download_feedback", "next_step", "reset"}
FOCUS_AFTER_TAB = {"bank": "#bank-search", "compare": "#compare-select"}


class TrainingApp(App[None]):
    """Three tabs: the question bank, good-vs-poor questions, and scenario exercises."""

    def action_command_palette(self) -> None:
        """The palette with the paging guard (Ctrl+P then Page Down crashed Textual's own)."""
        from svauthor.tui.widgets.safe import open_palette

        open_palette(self)

    CSS_PATH = "training.tcss"
    TITLE = "svauthor training"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "show_tab('bank')", "Bank", id="train.bank",
                tooltip="Browse and search the question bank"),
        Binding("f3", "show_tab('compare')", "Good/poor", id="train.compare",
                tooltip="A good question beside its poor version"),
        Binding("f4", "show_tab('exercise')", "Exercise", id="train.exercise",
                tooltip="Practise on a ready-made tender (pressed again: next step)"),
        Binding("f5", "check", "Check", id="train.check",
                tooltip="Mark your measures and questions with the rules"),
        Binding("f6", "download_feedback", "Download", id="train.download",
                tooltip="Download the feedback as a Markdown file"),
        Binding("f7", "next_step", "Next", id="train.next",
                tooltip="Brief, measures, questions, feedback"),
        Binding("f8", "reset", "Reset", id="train.reset",
                tooltip="Clear your picks and start this scenario again"),
    ]

    def __init__(self, kb: KnowledgeBase, clock: Clock, scenarios: list[Scenario],
                 settings: Any = None) -> None:
        super().__init__()
        self.kb = kb
        self.clock = clock
        self.scenarios = scenarios
        self.settings = settings

    def on_mount(self) -> None:
        """Apply the shared app settings (theme, animations, cursor blink) when given."""
        theme = getattr(self.settings, "theme", None)
        if theme in self.available_themes:
            self.theme = theme
        if getattr(self.settings, "animations", True) is False:
            self.animation_level = "none"
        if getattr(self.settings, "cursor_blink", True) is False:
            for field in self.query(Input):
                field.cursor_blink = False

    def today(self) -> date:
        value = self.clock() if callable(self.clock) else self.clock
        return value.date() if isinstance(value, datetime) else value

    def compose(self) -> ComposeResult:
        yield Header(icon="SV")
        with TabbedContent(id="main-tabs"):
            with TabPane("Question bank", id="bank"):
                yield BankBrowser(self.kb, id="bank-browser")
            with TabPane("Good vs poor", id="compare"):
                yield GoodPoorPane(self.kb, id="good-poor")
            with TabPane("Exercise", id="exercise"):
                yield ExercisePane(self.kb, self.scenarios, self.today, id="exercise-pane")
        yield Footer(compact=True, show_command_palette=False)

    @property
    def exercise(self) -> ExercisePane:
        return self.query_one("#exercise-pane", ExercisePane)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Exercise keys show only on the Exercise tab; Download only once there is feedback."""
        if action not in EXERCISE_ACTIONS:
            return True
        try:
            active = self.query_one("#main-tabs", TabbedContent).active
        except Exception:  # noqa: BLE001 - before mount there is nothing to act on
            return False
        if active != "exercise":
            return False
        if action == "download_feedback" and self.exercise.feedback is None:
            return None
        return True

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    @on(ExercisePane.Checked)
    def _checked(self) -> None:
        self.call_after_refresh(self.refresh_bindings)

    def action_show_tab(self, tab: str) -> None:
        tabs = self.query_one("#main-tabs", TabbedContent)
        if tabs.active == tab == "exercise":
            self.exercise.next_step()
            return
        tabs.active = tab
        if tab == "exercise":
            self.exercise.go_to("step-brief")
        elif tab in FOCUS_AFTER_TAB:
            self.query_one(FOCUS_AFTER_TAB[tab]).focus()

    def action_check(self) -> None:
        self.exercise.check()

    def action_next_step(self) -> None:
        self.exercise.next_step()

    def action_reset(self) -> None:
        self.exercise.reset()
        self.refresh_bindings()

    def action_download_feedback(self) -> None:
        """Send the feedback to the user: a browser download when served, else a saved file."""
        ex = self.exercise
        if ex.feedback is None or ex.scenario is None:
            self.notify("Check an answer first (F5), then download its feedback.",
                        severity="warning")
            return
        text = feedback_markdown(ex.feedback, full=True, brief=ex.scenario.brief)
        name = f"svauthor-feedback-{_slug(ex.scenario.id)}-{self.today().isoformat()}.md"
        folder: Path | None = None
        if not self.is_web:  # in a browser the file goes to the browser's own downloads
            chosen = (getattr(self.settings, "downloads_dir", None)
                      or getattr(self.settings, "output_dir", None))
            folder = Path(chosen or user_downloads_path())
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                self.notify(f"Cannot save in {folder}: {exc.strerror or exc}", severity="error",
                            markup=False)
                return
        self.deliver_text(io.StringIO(text), save_directory=folder, save_filename=name,
                          mime_type="text/markdown", encoding="utf-8", name="feedback")

    @on(DeliveryComplete)
    def _delivered(self, event: DeliveryComplete) -> None:
        if event.name != "feedback":
            return
        where = "your browser's downloads" if event.path is None or self.is_web else event.path
        self.notify(f"Feedback saved to {where}.", title="Downloaded", markup=False)

    @on(DeliveryFailed)
    def _delivery_failed(self, event: DeliveryFailed) -> None:
        if event.name == "feedback":
            self.notify(f"Could not save the feedback: {event.exception}", title="Download failed",
                        severity="error", markup=False)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-") or "scenario"


def make_training_app(kb: KnowledgeBase, clock: Clock, settings: Any = None, *,
                      scenarios: list[Scenario] | None = None,
                      scenarios_folder: Path | None = None) -> TrainingApp:
    """Build the training app; scenario files are validated here so problems reach the CLI.

    `settings` is the app's `AppSettings` (or anything with the same attributes): `theme`,
    `animations` and `cursor_blink` are honoured, and `downloads_dir` or else `output_dir` is
    where a terminal user's feedback file goes (default: the user's Downloads folder). Browser
    users always get a browser download. Raises InputError listing every bad scenario file.
    """
    if scenarios is None:
        scenarios = load_scenarios(kb, scenarios_folder)
    return TrainingApp(kb, clock, scenarios, settings)
