"""Step 8: write the Word pack in a thread worker, showing progress and what is still failing."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Checkbox, Input, ProgressBar, Static
from textual.worker import Worker, WorkerState

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.results import Assessment
from svauthor.errors import InputError
from svauthor.tui import labels
from svauthor.tui.dialogs.error import ErrorDialog
from svauthor.tui.messages import PackProgress, PackWritten
from svauthor.tui.state import Problem, WizardState
from svauthor.tui.steps.base import Step
from svauthor.tui.widgets.checks import CheckList, checks_markup
from svauthor.tui.widgets.field import FieldBox
from svauthor.tui.widgets.summary import ScrollPanel
from svauthor.tui.widgets.text import escape, set_text
from svauthor.tui.widgets.textinput import TextInput
from svauthor.workspace import OutsideWorkspace, user_path


def _in_app_words(message: str) -> str:
    return message.replace("use --force to overwrite it",
                           "tick 'Overwrite documents already there' to replace it")


class GenerateStep(Step):
    FIELDS = ()
    TITLE = "Generate the Word pack"
    SHORT = "Generate"
    WITH_STEPS = True
    VERDICT = "outstanding-panel"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._local_errors: dict[str, str] = {}
        self.written: list[Path] = []
        self.finished = 0
        """How many runs have ended (written or failed): tests wait on it."""

    def body(self) -> ComposeResult:
        settings = self.svapp.settings
        yield Static("Write the pack: questions for bidders, evaluator guide, timetable report, "
                     "KPI schedule and decision record.", classes="step-intro")
        yield FieldBox("Output folder", TextInput(str(settings.default_output_dir), id="output_dir"),
                       field="output_dir")
        yield FieldBox("House style .docx", TextInput(
            placeholder="optional, e.g. house-style.docx", id="reference_docx"),
            field="reference_docx", hint="Your organisation's Word file, for its styles.")
        yield FieldBox("Proxy values CSV", TextInput(
            placeholder="optional, e.g. proxy-values.csv", id="proxy_values"),
            field="proxy_values", hint="Your licensed £ proxy values, for the evaluator guide.")
        yield Checkbox("Overwrite documents already there", id="force")
        with Horizontal(id="generate-row"):
            yield Button("Generate the pack", id="generate", variant="primary", compact=True,
                         tooltip="Write the Word documents into the output folder")
            yield Static("", id="progress-label")
        yield ProgressBar(id="progress", show_eta=False)
        yield Static("", id="written")
        with ScrollPanel(id="outstanding-panel"):
            yield CheckList(id="outstanding")

    def problems(self) -> list[Problem]:
        """The last step gathers every step's problems, fails first, each leading back."""
        return self.state.all_problems()

    def show_errors(self, errors: dict[str, str]) -> None:
        super().show_errors({**errors, **self._local_errors})

    def show(self, state: WizardState) -> None:
        super().show(state)
        outstanding = self.query_one("#outstanding", CheckList)
        if not state.current:
            set_text(outstanding, self._not_ready(state))
        else:
            failing = state.failing_checks()
            # the one rule `svauthor build` follows: a failing check stops the final pack
            blocking = state.assessment.blocking_checks() if state.assessment else []
            warns = [c for c in failing if c.status != "fail"]
            others = [c for c in failing if c.status == "fail" and c not in blocking]
            if blocking:
                head = (f"[b]{len(blocking)} check{'s' if len(blocking) > 1 else ''} "
                        f"fail{'' if len(blocking) > 1 else 's'}, so only a DRAFT pack can be "
                        "written[/b] (every page marked DRAFT, for review). Fix these, or "
                        "record them as accepted risks in the spec, for the final pack:\n")
            elif failing:
                head = (f"[b]Still to look at: {len(warns)} warning"
                        f"{'s' if len(warns) != 1 else ''}[/b] (the pack can be written; the "
                        "decision record lists them)\n")
            else:
                head = "[$success]Every check passes.[/]"
            # the fails first, then accepted risks, then warnings
            set_text(outstanding, head + (checks_markup([*blocking, *others, *warns])
                                          if failing else ""))
            self.query_one("#generate", Button).label = (
                "Generate a DRAFT pack" if blocking else "Generate the pack")
        running = any(w.group == "generate" and w.state in (WorkerState.PENDING,
                                                               WorkerState.RUNNING)
                      for w in self.workers)
        self.query_one("#generate", Button).disabled = running or not state.current

    def _not_ready(self, state: WizardState) -> str:
        lines = ["[b]Not ready yet: fix these first[/b]"]
        for number, fields in state.step_fields.items():
            for name in fields:
                if name in state.errors:
                    lines.append(f"• Step {number}, {escape(labels.FIELDS.get(name, name))}: "
                                 f"{escape(state.errors[name])}")
        if "general" in state.errors:
            lines.append(f"• {escape(state.errors['general'])}")
        return "\n".join(lines)

    # Generating -----------------------------------------------------------------------------

    def _optional_path(self, name: str) -> Path | None:
        raw = self.query_one(f"#{name}", Input).value.strip()
        if not raw:
            return None
        try:
            path = user_path(raw, self.svapp.settings.workspace)
        except OutsideWorkspace as exc:
            self._local_errors[name] = str(exc)
            return None
        if not path.is_file():
            self._local_errors[name] = f"No file at {path}."
        return path

    @on(Input.Changed, "#output_dir, #reference_docx, #proxy_values")
    def _path_typed(self, event: Input.Changed) -> None:
        if self._local_errors.pop(event.input.id or "", None) is not None:
            self.show_errors(self.state.visible_errors)

    @on(Button.Pressed, "#generate")
    def generate(self) -> None:
        """Check the inputs, then start the worker (the UI stays responsive meanwhile)."""
        self.screen.flush()  # type: ignore[attr-defined]
        state = self.state
        state.show_all = True
        if not state.current or state.assessment is None:
            self.edited("generate")
            self.notify("Fix the problems listed on this page first.", severity="warning")
            return
        self._local_errors = {}
        out_raw = self.query_one("#output_dir", Input).value.strip()
        if not out_raw:
            self._local_errors["output_dir"] = "Enter a folder for the documents."
        reference = self._optional_path("reference_docx")
        proxies = self._optional_path("proxy_values")
        out_dir = Path()
        if out_raw:
            try:
                out_dir = user_path(out_raw, self.svapp.settings.workspace)
            except OutsideWorkspace as exc:
                self._local_errors["output_dir"] = str(exc)
        self.show_errors(state.visible_errors)
        if self._local_errors:
            return
        self.written = []
        set_text(self.query_one("#written", Static), "")
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        set_text(self.query_one("#progress-label", Static), "Starting…")
        self.query_one("#generate", Button).disabled = True
        self._write_pack(state.assessment, out_dir, state.kb, reference, proxies,
                         self.query_one("#force", Checkbox).value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="generate",
          description="Writing the Word pack")
    def _write_pack(self, assessment: Assessment, out_dir: Path, kb: KnowledgeBase,
                    reference: Path | None, proxies: Path | None, force: bool) -> list[Path]:
        from svauthor.docs import build_pack
        from svauthor.docs.pack import target_paths

        total = 2 * len(target_paths(assessment, out_dir)) + 1
        done = 0

        def progress(message: str) -> None:
            nonlocal done
            done += 1
            self.post_message(PackProgress(min(done, total), total, str(message)))

        # The one rule (Assessment.blocking_checks): while a check fails, the pack is a draft.
        paths = build_pack(assessment, out_dir, kb=kb, reference_docx=reference, force=force,
                           proxy_values=proxies, progress=progress,
                           draft=bool(assessment.blocking_checks()))
        self.post_message(PackWritten(list(paths)))
        return paths

    @on(PackProgress)
    def _progress(self, message: PackProgress) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=message.total, progress=message.done or 0)
        set_text(self.query_one("#progress-label", Static), message.label)

    @on(PackWritten)
    def _written(self, message: PackWritten) -> None:
        self.written = list(message.paths)
        self.finished += 1
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=bar.total or 1, progress=bar.total or 1)
        lines = [f"[$success]Wrote {len(message.paths)} documents:[/]"]
        lines += [f"  {escape(str(p))}" for p in message.paths]
        set_text(self.query_one("#written", Static), "\n".join(lines))
        set_text(self.query_one("#progress-label", Static), "Done.")
        self.notify(f"Wrote {len(message.paths)} documents.", title="Word pack")
        if self.app.is_web:  # in a browser the files are on the server: send them down too
            for path in message.paths:
                self.app.deliver_binary(path, save_filename=path.name)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "generate":
            return
        if event.state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            self.query_one("#generate", Button).disabled = not self.state.current
        if event.state == WorkerState.ERROR:
            set_text(self.query_one("#progress-label", Static), "Stopped: nothing was written.")
            error = event.worker.error
            self.finished += 1
            if isinstance(error, InputError):
                body = "\n".join(_in_app_words(str(p)) for p in error.problems)
                title = "The pack could not be written"
            else:
                body = (f"Something went wrong while writing the pack "
                        f"({type(error).__name__}: {error}). Nothing was changed in the spec.")
                title = "Unexpected problem"
            self.app.push_screen(ErrorDialog(title, body))
