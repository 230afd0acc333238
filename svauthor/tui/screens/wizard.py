"""The wizard: a step list, the current step, Back/Next, a status line and the footer."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import AwaitMount, Widget
from textual.widgets import Button, ContentSwitcher, Input, Label, OptionList, Static
from textual.widgets.input import Selection

from svauthor.tui.labels import count
from svauthor.tui.messages import FormEdited
from svauthor.tui.steps import STEPS, Step
from svauthor.tui.widgets.footer import QuietFooter
from svauthor.tui.widgets.step_list import StepList
from svauthor.tui.widgets.summary import SummaryLink
from svauthor.tui.widgets.text import escape, set_text
from svauthor.ukformat import fmt_gbp

if TYPE_CHECKING:
    from svauthor.tui.app import SvauthorApp

LAST = len(STEPS)
NAV_FIRST = ("wizard.back", "wizard.next")
"""The footer's first two keys, in the order of the Back and Next buttons."""
FIRST_STEP_KEY = 2
"""Steps 1-8 are on F2-F9: F-keys reach the app from every terminal (tmux, xterm, GNOME
Terminal, Windows Terminal), unlike Alt+digits, and never type into a text box."""


def step_key(number: int) -> str:
    """The key that jumps to step `number`."""
    return f"f{number + FIRST_STEP_KEY - 1}"


def first_field(step: Step) -> Widget | None:
    """The first widget in `step` a user can type into or press, in the order it is written.

    Not the screen's focus chain: that sorts by position on screen, and before a newly mounted
    step has been laid out every position is 0, so a button with a top margin came first and
    a key typed straight after the jump went to it (or the screen scrolled to it)."""
    for widget in step.query(Widget):
        if not widget.can_focus or widget.disabled or isinstance(widget, SummaryLink):
            continue
        shown = widget
        while shown is not step and shown.display and shown.styles.visibility != "hidden":
            shown = cast("Widget", shown.parent)
        if shown is step:
            return widget
    return None


class WizardScreen(Screen[None]):
    """Holds the eight steps; every edit re-runs the engine and redraws what is on show."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+b,ctrl+pageup", "back", "Back", id="wizard.back", priority=True,
                key_display="^b",
                tooltip="Go back a step (Ctrl+B or Ctrl+Page Up)"),
        Binding("ctrl+n,ctrl+pagedown", "next", "Next", id="wizard.next", priority=True,
                key_display="^n",
                tooltip="Go to the next step (Ctrl+N or Ctrl+Page Down)"),
        Binding("ctrl+s", "app.save", "Save", id="wizard.save", priority=True,
                tooltip="Save the tender spec as YAML (asks for a file name the first time)"),
        # Tab moves the focus as the key arrives, not when the field it leaves gets round to
        # it: the letters typed straight after a Tab go to the next field, never this one
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True,
                id="wizard.focus-next"),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False,
                priority=True, id="wizard.focus-previous"),
        *[Binding(step_key(n), f"goto({n})", "Steps" if n == 1 else f"Step {n}", show=n == 1,
                  key_display=f"{step_key(1).upper()}-{step_key(LAST).upper()}" if n == 1 else None,
                  priority=True, id=f"wizard.step{n}", tooltip=f"Go to step {n}")
          for n in range(1, LAST + 1)],
    ]
    _DECLARED: ClassVar[dict[str | None, int]] = {
        binding.id: n for n, binding in enumerate(Binding.make_bindings(BINDINGS))}
    """Each of this screen's keys by its place in BINDINGS: the footer's order after Back/Next."""

    def __init__(self) -> None:
        super().__init__(id="wizard")
        self.current = 1
        self._recompute_pending = False
        self.auto_focused: object = None
        """The widget focus_step chose last: until the user moves, a later, fuller layout
        may choose again (a field mounted late must not lose the focus to a button)."""
        self.arrived_at = -1
        """`inputs_seen` when focus_step last chose: any key or click since means hands off."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The keys in one fixed order, so the footer reads the same whichever field has focus.

        Textual lists keys in the order the focus chain first meets them, and a scrolling
        container holding the focused field also binds Ctrl+Page Up/Down, so without this the
        footer swaps Back and Next as the focus moves. The order: Back and Next (as the buttons
        sit), then the focused field's own keys, then this screen's others, then the app's."""
        def rank(item: tuple[str, ActiveBinding]) -> tuple[int, int]:
            node, binding = item[1].node, item[1].binding
            if binding.id in NAV_FIRST:
                return 0, NAV_FIRST.index(binding.id)
            if node is self:
                return 2, self._DECLARED.get(binding.id, len(self._DECLARED))
            return (3 if node is self.app else 1), 0  # stable: their own declared order
        return dict(sorted(super().active_bindings.items(), key=rank))

    @property
    def svapp(self) -> SvauthorApp:
        return cast("SvauthorApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static("", id="status-line")
        with Horizontal(id="main"):
            yield StepList([s.SHORT for s in STEPS], id="steps")
            with Vertical(id="content-column"):
                yield Label("", id="step-title")
                with ContentSwitcher(initial="step-1", id="content"):
                    yield STEPS[0](id="step-1")  # the others are mounted on first visit
                with Horizontal(id="nav"):
                    yield Button("◀ Back", id="back", compact=True, tooltip="Previous step")
                    yield Label("", id="nav-position")
                    yield Button("Next ▶", id="next", compact=True, variant="primary",
                                 tooltip="Next step")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.refresh_all()
        self.focus_step()

    # Navigation -------------------------------------------------------------------------------

    def step(self, number: int) -> Step:
        return self.query_one(f"#step-{number}", Step)

    def mounted_steps(self) -> list[Step]:
        return [s for s in self.query(Step).results(Step) if s.is_mounted]

    def goto(self, number: int) -> AwaitMount | None:
        """Show step `number`; a first visit mounts it (await the result to have it focused)."""
        number = max(1, min(LAST, number))
        state = self.svapp.state
        if number != self.current:
            state.touch_step(self.current)
        self.current = number
        state.visited.add(number)
        switcher = self.query_one("#content", ContentSwitcher)
        mounting = None
        if not switcher.query(f"#step-{number}"):
            mounting = switcher.mount(STEPS[number - 1](id=f"step-{number}"))
        switcher.current = f"step-{number}"
        self.refresh_all()
        self.focus_step()
        return mounting

    async def _goto_now(self, number: int) -> None:
        """For keys: the step is mounted and focused before the next key is handled, so a key
        typed straight after a jump lands in the new step's first field, never nowhere."""
        mounting = self.goto(number)
        if mounting is not None:
            await mounting
            self.focus_step()

    def arrival_focus_wanted(self, step: Step) -> bool:
        """A deferred arrival focus may still choose only while `step` is on show, no key or
        click has arrived since the step was shown and the focus is where the step put it
        (or nowhere, or outside the step: moved by the app, never by the user)."""
        if self.current != step.number or self.svapp.inputs_seen != self.arrived_at:
            return False
        focused = self.focused
        return focused is None or focused is self.auto_focused or step not in focused.ancestors

    def focus_step(self) -> None:
        """Focus the step's first field, cursor at the end and nothing selected, so a key
        typed on arrival goes where the user sees it (never into a jump or a replacement)."""
        step = self.step(self.current)
        if not step.is_mounted:
            return
        widget = first_field(step)
        if widget is None:
            return
        self.auto_focused = widget
        self.arrived_at = self.svapp.inputs_seen
        self.set_focus(widget, scroll_visible=False)  # at once: widget.focus() waits a turn,
        # and a key typed straight after the jump would go to the old focus
        if isinstance(widget, Input):
            widget.selection = Selection.cursor(len(widget.value))
        # The top of the step (its summary and introduction) with the field in view, worked
        # out now; Textual's own scroll centres the field a turn later, on whatever layout
        # it finds then.
        step.scroll_home(animate=False, immediate=True)
        step.scroll_to_widget(widget, animate=False, immediate=True)

    @on(SummaryLink.Followed)
    async def _follow(self, message: SummaryLink.Followed) -> None:
        message.stop()
        await self.reach(message.problem.step, message.problem.field)

    async def reach(self, number: int, field: str | None) -> None:
        """Go to step `number` and focus the widget for `field` (a summary entry's link)."""
        if number != self.current:
            await self._goto_now(number)
        target = self.step(number).target(field)
        if target is None or not target.focusable:
            return
        self.set_focus(target)
        if isinstance(target, Input):
            target.selection = Selection.cursor(len(target.value))

    async def action_goto(self, number: int) -> None:
        await self._goto_now(number)

    async def action_next(self) -> None:
        await self._goto_now(self.current + 1)

    async def action_back(self) -> None:
        await self._goto_now(self.current - 1)

    @on(Button.Pressed, "#next")
    async def _next(self) -> None:
        await self.action_next()

    @on(Button.Pressed, "#back")
    async def _back(self) -> None:
        await self.action_back()

    @on(OptionList.OptionSelected, "#steps")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.goto(event.option_index + 1)

    # Edits ------------------------------------------------------------------------------------

    @on(FormEdited)
    def _edited(self, message: FormEdited) -> None:
        message.stop()
        self.svapp.state.touched.add(message.field)
        if not self._recompute_pending:  # edits arriving together are worked out once
            self._recompute_pending = True
            self.call_after_refresh(self._recompute)

    def flush(self) -> None:
        """Work out any edits still waiting, before acting on the state (save, generate)."""
        if self._recompute_pending:
            self._recompute()

    def _recompute(self) -> None:
        if not self._recompute_pending:
            return
        self._recompute_pending = False
        state = self.svapp.state
        idle_before = set(state.idle_edits)
        state.recompute()
        for qid in state.idle_edits:
            if qid not in idle_before:  # a change dropped a question the user had reworded
                self.notify(f"Your rewording of {state.question_title(qid)} no longer applies: "
                            "the question is not chosen after this change. It is kept, and "
                            "comes back if you undo the change.", title="Rewording not used",
                            severity="warning", timeout=10, markup=False)
        self.refresh_all()
        self.svapp.form_changed()

    def load_form(self) -> None:
        """Copy a replaced form (resumed draft) into every step's widgets."""
        for step in self.mounted_steps():
            step.load(self.svapp.state.form)
        self.refresh_all()

    def refresh_all(self) -> None:
        """Redraw the step on show, the step list, the title and the status line."""
        state = self.svapp.state
        step = self.step(self.current)
        if step.is_mounted:
            step.show(state)
        self.query_one("#steps", StepList).show(self.current, state.step_statuses())
        set_text(self.query_one("#step-title", Label),
                 f"[b]Step {self.current} of {LAST}: {step.TITLE}[/b]")
        set_text(self.query_one("#nav-position", Label),
                 f"Next: {STEPS[self.current].SHORT}" if self.current < LAST else "Last step")
        self.query_one("#back", Button).disabled = self.current == 1
        self.query_one("#next", Button).disabled = self.current == LAST
        set_text(self.query_one("#status-line", Static), self._status_text())

    def _status_text(self) -> str:
        app = self.svapp
        state = app.state
        title = state.form.title.strip() or "New tender"
        parts = [f"[b]{escape(title)}[/b]"]
        a = state.assessment
        if a is not None and state.current:
            parts.append(f"{fmt_gbp(a.value_gbp)} · {a.band.label} band · "
                         f"SV {a.weighting.social_value_pct:g}%")
            fails = sum(1 for c in a.checks if c.status == "fail")
            warns = sum(1 for c in a.checks if c.status == "warn")
            if fails:
                parts.append(f"[$error]{fails} failing[/]")
            if warns:
                parts.append(f"[$warning]{warns} warning{'s' if warns > 1 else ''}[/]")
        elif state.errors:
            parts.append(f"[$text-warning]{count(len(state.errors), 'field')} to complete[/]")
        file_part = app.spec_path.name if app.spec_path else "not saved yet"
        edited = " (edited)" if app.dirty and app.spec_path else ""
        parts.append(f"[dim]{escape(file_part)}{edited}[/]")
        return "  ·  ".join(parts)

