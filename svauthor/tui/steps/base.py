"""What every step shares: access to the wizard state, quiet loading, inline messages."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Input, Select
from textual.widgets.select import InvalidSelectValueError

from svauthor.tui.form import FormState
from svauthor.tui.messages import FormEdited
from svauthor.tui.state import Problem, WizardState
from svauthor.tui.widgets.field import FieldBox
from svauthor.tui.widgets.summary import ErrorSummary

if TYPE_CHECKING:
    from svauthor.tui.app import SvauthorApp


class Step(Vertical):
    """One page of the wizard. `load` copies the form into widgets; `show` redraws the rest."""

    TITLE: ClassVar[str] = ""
    SHORT: ClassVar[str] = ""
    FIELDS: ClassVar[tuple[str, ...]] = ()
    """The form fields this step owns (the step list flags a step whose field is wrong)."""
    CHECKS: ClassVar[tuple[str, ...]] = ()
    """The check categories this step shows; its number is its position in the wizard."""
    TARGETS: ClassVar[dict[str, str]] = {}
    """Form field -> the widget id to focus for it, where they differ (default: the same)."""
    VERDICT: ClassVar[str] = ""
    """The id of the panel showing this step's checks: where a check without a field leads."""

    def compose(self) -> ComposeResult:
        """Every step opens with its summary of what fails or warns, then its own body."""
        yield ErrorSummary(id=f"summary-{self.id}", classes="summary",
                           with_steps=self.WITH_STEPS)
        yield from self.body()

    WITH_STEPS: ClassVar[bool] = False
    """The summary names each entry's step (the last step gathers every step's problems)."""

    def body(self) -> ComposeResult:
        """The step's own widgets, under its summary."""
        yield from ()

    @property
    def number(self) -> int:
        return int((self.id or "step-0").removeprefix("step-"))

    def problems(self) -> list[Problem]:
        return self.state.problems(self.number)

    def target(self, field: str | None) -> Widget | None:
        """The widget a summary entry about `field` leads to."""
        name = self.VERDICT if field is None else self.TARGETS.get(field, field)
        if not name:
            return None
        found = self.query(f"#{name}")
        return found.first() if found else None

    @property
    def svapp(self) -> SvauthorApp:
        return cast("SvauthorApp", self.app)

    @property
    def state(self) -> WizardState:
        return self.svapp.state

    @property
    def form(self) -> FormState:
        return self.svapp.state.form

    def on_mount(self) -> None:
        """A step is mounted on its first visit: draw it and give it the focus."""
        self.show(self.state)
        screen = self.screen
        if self.id == f"step-{getattr(screen, 'current', None)}":
            # after the first layout, once every field inside is mounted and shown; unless
            # the user (or a test) has already moved into the step
            self.call_after_refresh(self._focus_first)

    def _focus_first(self) -> None:
        """Choose again with the full layout, unless the user has typed, clicked or moved
        since arriving: a fast typist's Tab and text are never undone."""
        screen = self.screen
        if screen.arrival_focus_wanted(self):  # type: ignore[attr-defined]
            screen.focus_step()  # type: ignore[attr-defined]

    def load(self, form: FormState) -> None:
        """Put the form's values into this step's widgets (their change events are ignored)."""

    def show(self, state: WizardState) -> None:
        """Redraw what depends on the engine's answer, the inline messages and the summary."""
        self.show_errors(state.visible_errors)
        self.query_one(ErrorSummary).show(self.problems())

    def show_errors(self, errors: dict[str, str]) -> None:
        for box in self.query(FieldBox):
            box.set_error(errors.get(box.field))

    def edited(self, field: str) -> None:
        self.post_message(FormEdited(field))

    def store(self, name: str, value: str) -> None:
        """Copy a typed value into the form field of the same name, announcing real changes."""
        if getattr(self.form, name) != value:
            setattr(self.form, name, value)
            self.edited(name)

    # Helpers for quiet updates: a handler ignores a change that matches the form already.

    def set_input(self, selector: str, value: str) -> None:
        widget = self.query_one(selector, Input)
        if widget.value != value:
            widget.value = value

    def set_select(self, selector: str, value: object) -> None:
        widget = self.query_one(selector, Select)
        if value in (None, ""):
            value = Select.NULL
        if widget.value == value:
            return
        try:
            widget.value = value
        except InvalidSelectValueError:
            if widget._allow_blank:
                widget.value = Select.NULL
