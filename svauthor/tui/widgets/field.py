"""A labelled form field with an inline message under it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Label, Static

from svauthor.tui.widgets.text import set_text


class FieldBox(Vertical):
    """A label beside one input widget, with a hint and a message about what is wrong under it."""

    DEFAULT_CSS = """
    FieldBox { height: auto; margin: 0; }
    FieldBox > .field-row { height: auto; }
    FieldBox .field-label { width: 24; height: 3; content-align: left middle; color: $text-muted; }
    FieldBox.-compact .field-label { height: 1; }
    FieldBox .field-row > Input, FieldBox .field-row > Select { width: 1fr; }
    FieldBox > .field-hint { color: $text-muted; height: auto; margin-left: 24; }
    FieldBox > .field-error { color: $text-error; height: auto; display: none; margin-left: 24; }
    FieldBox.-invalid > .field-error { display: block; }
    FieldBox.-stacked .field-row { layout: vertical; }
    FieldBox.-stacked .field-label { height: 1; }
    FieldBox.-stacked > .field-hint, FieldBox.-stacked > .field-error { margin-left: 0; }
    """

    def __init__(self, label: str, control: Widget, *, field: str, hint: str = "",
                 compact: bool = False, stacked: bool = False,
                 after: Widget | None = None) -> None:
        classes = " ".join(c for c, on in (("-compact", compact), ("-stacked", stacked)) if on)
        super().__init__(id=f"box-{field}", classes=classes)
        self.field = field
        self._label = label
        self._control = control
        self._hint = hint
        self._after = after

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-row"):
            yield Label(self._label, classes="field-label")
            yield self._control
            if self._after is not None:
                yield self._after
        if self._hint:
            yield Static(self._hint, classes="field-hint", id=f"hint-{self.field}", markup=False)
        yield Static("", classes="field-error", id=f"error-{self.field}", markup=False)

    def set_error(self, message: str | None) -> None:
        """Show `message` under the field, or clear it."""
        set_text(self.query_one(".field-error", Static), message or "")
        self.set_class(bool(message), "-invalid")

    def set_hint(self, text: str) -> None:
        for hint in self.query(".field-hint").results(Static):
            set_text(hint, text)
