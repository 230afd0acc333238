"""The svauthor app: state, saving and drafts. Built only through `make_app`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, TextArea

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.spec import TenderSpec
from svauthor.domain.specfile import moved_link, save_spec
from svauthor.tui import draft as drafts
from svauthor.tui.dialogs.confirm import ConfirmDialog, ResumeDialog
from svauthor.tui.dialogs.error import ErrorDialog
from svauthor.tui.dialogs.save_path import SavePathDialog
from svauthor.tui.form import FormState
from svauthor.tui.labels import count
from svauthor.tui.screens.help import HelpScreen
from svauthor.tui.screens.wizard import WizardScreen, step_key
from svauthor.tui.settings import DARK_THEME, LIGHT_THEME, AppSettings
from svauthor.tui.state import WizardState
from svauthor.tui.steps import STEP_PLANS, STEPS
from svauthor.tui.widgets.safe import open_palette

MOVES_FOCUS = ("focus_next", "focus_previous")


class SvauthorApp(App[None]):
    """The tender wizard. Settings, rules and the clock come in; nothing is read from globals."""

    CSS_PATH = ["app.tcss", "steps.tcss"]  # noqa: RUF012
    TITLE = "svauthor"
    SUB_TITLE = "Social Value for tenders"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide"), (140, "-xwide")]  # noqa: RUF012

    BINDINGS = [  # noqa: RUF012 - Textual declares BINDINGS as a plain class attribute
        Binding("f1", "help", "Help", id="app.help",
                tooltip="Relevance, proportionality and additionality explained, and the keys"),
        Binding("question_mark", "help", "Help", show=False, id="app.help-key"),
        Binding("ctrl+t", "toggle_theme", "Theme", id="app.theme",
                tooltip="Switch between the light and dark theme"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True,
                tooltip="Quit; unsaved work stays in the draft and is offered next time"),
    ]

    def __init__(self, settings: AppSettings, kb: KnowledgeBase, clock: Callable[[], date],
                 spec: TenderSpec | None = None, spec_path: Path | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.kb = kb
        self.clock = clock
        self.spec_path = spec_path
        self._backed_up: set[Path] = set()  # files already copied to NAME.bak this session
        form = FormState.from_spec(spec) if spec is not None else FormState()
        self.state = WizardState(kb, clock(), form, STEP_PLANS)
        if spec is not None:
            self.state.replace_form(form)
        self.saved_form: FormState | None = form.copy() if spec is not None else None
        self._start_form = form.copy()
        self._autosave_timer: Timer | None = None
        self._draft_form = form.copy()
        """The form as the draft file last holds it: quitting writes any newer edit."""
        self.draft_problem: str | None = None
        """Why the last autosave failed (None: the draft on disk is up to date)."""
        self.drafts = drafts.DraftStore(settings.drafts_dir)
        self.draft_key = drafts.new_key()
        """This window's draft: its own until the user resumes an earlier one."""
        self.inputs_seen = 0
        """Keys and mouse presses received so far: arrival focus waits for none to arrive."""
        self.theme = settings.theme
        if not settings.animations:
            self.animation_level = "none"

    # Lifecycle ------------------------------------------------------------------------------

    @property
    def wizard(self) -> WizardScreen:
        return self.get_screen("wizard")  # type: ignore[return-value]

    def on_mount(self) -> None:
        self.install_screen(WizardScreen(), "wizard")
        self.push_screen("wizard")
        self._offer_resume()

    async def on_event(self, event: events.Event) -> None:
        """Count the user's keys and mouse presses as they reach the app, before any widget
        sees them (a deferred focus must never undo what the user has done since), and keep
        a text box's keys in the order they were typed."""
        if isinstance(event, events.Key | events.MouseDown) and not event.is_forwarded:
            self.inputs_seen += 1
            if isinstance(event, events.Key) and await self._key_in_order(event):
                return
        await super().on_event(event)

    async def _key_in_order(self, event: events.Key) -> bool:
        """A text box's non-printing key (Backspace, Home, Ctrl+Z...) acts where it was typed.

        Textual hands a letter straight to the focused box's queue but acts on a key binding
        only once the key has bubbled back up to the app, so in a burst ("ab", Backspace, "c")
        the letters typed after the key were handled before it ("ab", not "ac"). Queue the
        binding behind the letters already sent to the box instead (True: done). Tab moves
        the focus as it arrives (a priority binding on the wizard), so the letters after it
        go to the next field."""
        focused = self.focused
        if not isinstance(focused, Input) or event.is_printable or not self.app_focus \
                or self.screen.maximized is not None:
            return False
        if await self._check_bindings(event.key, priority=True):
            return True
        # the bindings as they stand now, for the box the key was typed in (a Tab typed
        # after it may have moved the focus on by the time the box gets to it)
        chain = [(namespace, binding) for namespace, bindings in self.screen._modal_binding_chain
                 for binding in bindings.key_to_bindings.get(event.key, ())
                 if not binding.priority]
        if not chain:
            return False
        if any(b.action.endswith(MOVES_FOCUS) for _, b in chain):  # Tab in a dialog: at once
            return await self._check_bindings(event.key)

        async def run_binding() -> None:
            for namespace, binding in chain:
                if await self.run_action(binding.action, namespace):
                    return

        focused.call_later(run_binding)
        return True

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Tests and snapshots switch the blinking cursor off: it would make screenshots vary."""
        if not self.settings.cursor_blink and isinstance(event.widget, Input | TextArea):
            event.widget.cursor_blink = False

    @property
    def dirty(self) -> bool:
        """True when the form differs from what was last saved (or opened)."""
        return self.saved_form is None or self.state.form != self.saved_form

    # Drafts -----------------------------------------------------------------------------------

    def _offer_resume(self) -> None:
        """Claim this tender's draft; offer the drafts left from earlier sessions."""
        if self.spec_path is not None:
            other = self.drafts.window_with(self.spec_path)
            if other is not None:
                self.notify(f"{self.spec_path.name} is also open in another svauthor window "
                            f"(process {other.pid}). This window keeps its own draft, so "
                            "neither overwrites the other; save from one window only.",
                            title="Open twice", severity="warning", timeout=12, markup=False)
        self.drafts.lock(self.draft_key, self.spec_path)
        if not self.settings.offer_resume:
            return
        offers, aside = self.drafts.offers(self.spec_path, self._start_form)
        for path in aside:
            self.notify(f"A draft could not be read, so it was kept aside at {path}.",
                        title="Draft kept aside", severity="warning", timeout=12, markup=False)
        if offers:
            self.push_screen(ResumeDialog(offers), self._resume)

    def _resume(self, chosen: drafts.Draft | None) -> None:
        """Resume the chosen draft; None (Start fresh, Escape) keeps every draft for later."""
        if chosen is None:
            return
        if self.drafts.lock(chosen.key, chosen.spec_path) is not None:
            self.notify("That draft is now open in another window; it was left alone.",
                        severity="warning", timeout=8)
            return
        self.drafts.unlock(self.draft_key)
        self.draft_key = chosen.key
        self.state.replace_form(chosen.form)
        self.spec_path = chosen.spec_path
        self.saved_form = None
        self.wizard.load_form()
        self.notify("Draft resumed.", timeout=3)

    @property
    def draft_path(self) -> Path:
        """Where this window autosaves its tender."""
        return self.drafts.path_for(self.draft_key)

    def form_changed(self) -> None:
        """Called after every edit: autosave once typing pauses."""
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
        self._autosave_timer = self.set_timer(self.settings.autosave_delay, self.write_draft,
                                              name="autosave")

    def write_draft(self) -> None:
        """Write the raw form to the draft file; a saved, unchanged tender needs no draft."""
        self._autosave_timer = None
        path = self.draft_path
        form = self.state.form.copy()
        try:
            if not self.dirty:
                self.drafts.discard(self.draft_key)
            else:
                self.drafts.save(self.draft_key, form, self.spec_path)
        except OSError as exc:
            problem = f"{exc.strerror or exc}"
            if problem != self.draft_problem:  # told once per cause, not on every pause
                self.notify(f"Could not autosave the draft to {path}: {problem}. Save the "
                            "spec (Ctrl+S) to keep your work.", severity="error", timeout=10,
                            markup=False)
            self.draft_problem = problem
            return
        self.draft_problem = None
        self._draft_form = form

    def _would_not_load(self, path: Path) -> str:
        """Why `check` and `build` would refuse the spec as saved ('' when they would not):
        the app never writes a file the other faces reject (an accepted risk on a legal
        requirement, say, carried from the file it opened)."""
        from svauthor.domain.tenderfacts import enforce_accepted_risks
        from svauthor.errors import InputError

        a = self.state.assessment
        if a is None or not self.state.current:
            return ""
        import tempfile

        from svauthor.domain.specfile import spec_to_yaml

        spec = self.state.spec
        if spec is None or not spec.accepted_risks:
            return ""
        with tempfile.TemporaryDirectory() as folder:  # the check reads the file it names
            probe = Path(folder) / path.name
            probe.write_text(spec_to_yaml(spec), encoding="utf-8")
            try:
                enforce_accepted_risks(str(probe), a, lambda _line: None)
            except InputError as exc:
                return "\n".join(f"{p.field}: {p.message}" if p.field else p.message
                                 for p in exc.problems)
        return ""

    def _draft_behind(self) -> bool:
        """Edits the draft file does not hold yet (a pending autosave, or none scheduled)."""
        return self._autosave_timer is not None or self.state.form != self._draft_form

    async def action_quit(self) -> None:
        """Quit, keeping every edit in the draft; if the draft cannot be written, say so and
        let the user stay to save the spec instead of losing the work."""
        if self._draft_behind():
            if self._autosave_timer is not None:
                self._autosave_timer.stop()
            self.write_draft()
        if self.draft_problem is not None and self.dirty:
            def chosen(quit_anyway: bool | None) -> None:
                if quit_anyway:
                    self.exit()

            self.push_screen(ConfirmDialog(
                "Quit and lose your changes?",
                f"Your changes could not be autosaved ({self.draft_problem}), so quitting now "
                "would lose them. Stay and save the spec (Ctrl+S), or quit anyway.",
                yes="Quit anyway", no="Stay"), chosen)
            return
        self.exit()

    def on_unmount(self) -> None:
        if self._draft_behind():  # also an edit made just before quitting, not yet autosaved
            if self._autosave_timer is not None:
                self._autosave_timer.stop()
            self.write_draft()
        self.drafts.unlock(self.draft_key)

    # Saving -----------------------------------------------------------------------------------

    def action_save(self, save_as: bool = False) -> None:
        self.wizard.flush()
        state = self.state
        state.show_all = True
        self.wizard.refresh_all()
        if state.spec is None:
            first = next(iter(state.errors.items()), ("", ""))
            self.clear_notifications()  # pressing Ctrl+S again should not pile up messages
            n = len(state.errors)
            self.notify(f"Not saved: {count(n, 'field')} {'needs' if n == 1 else 'need'} "
                        f"attention "
                        f"(e.g. {first[0].replace('_', ' ')}: {first[1]}). Your draft is kept.",
                        severity="error", timeout=6, markup=False)
            return
        if self.spec_path is not None and not save_as:
            self._write_spec(self.spec_path)
            return
        from svauthor.docs.pack import slugify

        folder = self.settings.workspace or Path.cwd()
        suggestion = folder / f"{slugify(state.form.title)}.yaml"
        self.push_screen(SavePathDialog(suggestion, self.settings.workspace), self._chosen_path)

    def _chosen_path(self, path: Path | None) -> None:
        if path is None:
            return
        if path.exists() and path != self.spec_path:
            self.push_screen(
                ConfirmDialog("Replace the file?", f"{path} already exists. Replace it?",
                              yes="Replace", no="Cancel"),
                lambda ok: self._write_spec(path) if ok else None)
            return
        self._write_spec(path)

    def _write_spec(self, path: Path) -> None:
        spec = self.state.spec
        if spec is None:
            return
        link = spec.local_needs_analysis
        if link is not None:  # named relative to the spec: a new folder needs a new path
            moved = moved_link(link, self.spec_path, path)
            if not (path.parent / moved).is_file():
                self.push_screen(ErrorDialog(
                    "Not saved", f"The tender's Local Needs Analysis ({link}) was not found "
                    f"at {(path.parent / moved).resolve()}, so the saved file would not open. "
                    "Nothing was written: put the file back, then save again."))
                return
            spec = spec.model_copy(update={"local_needs_analysis": moved})
        refused = self._would_not_load(path)
        if refused:
            self.push_screen(ErrorDialog(
                "Not saved", f"{refused}\n\n`svauthor check` and `svauthor build` would refuse "
                "the saved file, so nothing was written. Remove or change that entry in the "
                "spec, then open it again."))
            return
        first_write = path not in self._backed_up
        try:
            save_spec(spec, path, backup=first_write)  # keep the file as it was before we wrote
        except OSError as exc:
            self.push_screen(ErrorDialog("Could not save", f"{path}: {exc.strerror or exc}"))
            return
        self._backed_up.add(path)
        self.spec_path = path
        if spec.local_needs_analysis != self.state.form.carried.get("local_needs_analysis",
                                                                      spec.local_needs_analysis):
            self.state.form.carried["local_needs_analysis"] = spec.local_needs_analysis
            self.state.recompute()  # the form now names the file from its new folder
        self.saved_form = self.state.form.copy()
        self.drafts.discard(self.draft_key)
        self.wizard.refresh_all()
        self.notify(f"Saved to {path}", timeout=4, markup=False)

    # Other actions ----------------------------------------------------------------------------

    def action_command_palette(self) -> None:
        """The palette, with the paging guard (see SafeCommandPalette)."""
        open_palette(self)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME

    def action_goto_step(self, number: int) -> None:
        if isinstance(self.screen, WizardScreen):
            self.screen.goto(number)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, WizardScreen):
            return
        for number, step in enumerate(STEPS, 1):
            yield SystemCommand(f"Step {number}: {step.TITLE}",
                                f"Go to step {number} ({step_key(number).upper()})",
                                lambda n=number: self.action_goto_step(n))
        yield SystemCommand("Next step", "Go to the next step (Ctrl+N or Ctrl+Page Down)",
                            lambda: self.action_goto_step(self.wizard.current + 1))
        yield SystemCommand("Previous step", "Go back a step (Ctrl+B or Ctrl+Page Up)",
                            lambda: self.action_goto_step(self.wizard.current - 1))
        yield SystemCommand("Save the spec", "Save the tender spec as YAML (Ctrl+S)",
                            self.action_save)
        yield SystemCommand("Save the spec as…", "Save the tender spec to a new file",
                            lambda: self.action_save(save_as=True))
        yield SystemCommand("Help", "Relevance, proportionality, additionality and the keys",
                            self.action_help)
        yield SystemCommand("Toggle light and dark theme", "Switch the colour theme (Ctrl+T)",
                            self.action_toggle_theme)


def make_app(settings: AppSettings, kb: KnowledgeBase, clock: Callable[[], date],
             spec: TenderSpec | None = None, spec_path: Path | None = None) -> SvauthorApp:
    """The one way to build the app: the CLI, the tests, snapshots and browser mode all use it."""
    return SvauthorApp(settings, kb, clock, spec=spec, spec_path=spec_path)
