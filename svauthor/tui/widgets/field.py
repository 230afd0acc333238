"""A labelled form field with an inline message under it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Label, Static


class FieldBox(Vertical):
    """A label, one input widget and a one-line message that shows what is wrong with it."""

    DEFAULT_CSS = """
    FieldBox { height: auto; margin: 0 0 1 0; }
    FieldBox > .field-label { color: $text-muted; }
    FieldBox > .field-hint { color: $text-muted; height: auto; }
    FieldBox > .field-error { color: $text-error; height: auto; display: none; }
    FieldBox.-invalid > .field-error { display: block; }
    """

    def __init__(self, label: str, control: Widget, *, field: str, hint: str = "") -> None:
        super().__init__(id=f"box-{field}")
        self.field = field
        self._label = label
        self._control = control
        self._hint = hint

    def compose(self) -> ComposeResult:
        yield Label(self._label, classes="field-label")
        yield self._control
        if self._hint:
            yield Static(self._hint, classes="field-hint", id=f"hint-{self.field}", markup=False)
        yield Static("", classes="field-error", id=f"error-{self.field}", markup=False)

    def set_error(self, message: str | None) -> None:
        """Show `message` under the field, or clear it."""
        self.query_one(".field-error", Static).update(message or "")
        self.set_class(bool(message), "-invalid")

    def set_hint(self, text: str) -> None:
        for hint in self.query(".field-hint").results(Static):
            hint.update(text)
