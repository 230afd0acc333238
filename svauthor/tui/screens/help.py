"""Help: relevance, proportionality and additionality, with examples, and the keys."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Markdown

HELP_TEXT = """\
## The three tests every Social Value ask must pass

**Relevance.** Ask only for what the contract can really deliver, where the buyer needs it.
A £2,000,000 community mental health service in Liverpool can offer peer-support jobs for
people with lived experience; it cannot plant trees on a building site. svauthor starts from the
service type and the local needs you pick (step 3), and every measure it recommends says which
rule linked it and why.

**Proportionality.** The ask grows with the contract. A £45,000 befriending service in Wirral
falls in the *Light* band (at most two measures in all, Partner VCFSE included, two short
questions, 10% weighting); a £30,000,000 estates works contract falls in the *Major* band (at
most six measures and five questions, 20%). The band updates as you type the value and
duration in step 2.

**Additionality.** Only what goes beyond the contract counts. Helping lonely people build
community networks is what a befriending service is bought to do, so it cannot also earn Social
Value marks on that contract; for a facilities management contract the same measure would be
extra. svauthor excludes (or makes optional) measures that are the contract's core delivery, and
says so in the reasons panel of step 5.

## Going against the advice
You can include or exclude any measure (step 5) or reword a question (step 6). svauthor asks for
a reason each time and keeps it in the spec and the decision record, so an auditor can follow
every choice.

## Keys
| Key | Does |
|---|---|
| Ctrl+N / Ctrl+B | Next step / back a step (or Ctrl+Page Down / Ctrl+Page Up) |
| F2 to F9 | Go to step 1 to 8, from anywhere |
| Ctrl+Z / Ctrl+Y | Undo / redo in a text box |
| Ctrl+S | Save the spec (asks for a file name the first time) |
| Ctrl+T | Switch between the light and dark theme |
| Ctrl+P | Command palette: steps, save, help, theme |
| F1 | This help (or ? when you are not in a text box) |
| Tab / Shift+Tab | Move between fields |
| Ctrl+Q | Quit (your draft is kept and offered next time) |

Your work is autosaved as a draft while you type, even when some values are not yet valid.
"""


class HelpScreen(ModalScreen[None]):
    """Explains the three tests and the keys; Escape, F1 or Q closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 96; max-width: 100%; height: 90%; border: thick $primary; background: $surface;
        padding: 0 1;
    }
    HelpScreen .help-title { text-style: bold; padding: 0 1; }
    HelpScreen VerticalScroll { height: 1fr; }
    HelpScreen Markdown { height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "Close help", id="help.close",
                tooltip="Back to the wizard"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("svauthor help  (Escape to close)", classes="help-title")
            with VerticalScroll(id="help-scroll"):
                yield Markdown(HELP_TEXT, id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()  # arrows and Page Up/Down scroll the text

    def action_close(self) -> None:
        self.dismiss(None)
