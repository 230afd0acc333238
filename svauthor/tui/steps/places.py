"""Step 3: where the contract is delivered and which local needs it should act on."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from svauthor.tui.form import FormState
from svauthor.tui.state import WizardState
from svauthor.tui.steps.base import Step
from svauthor.tui.widgets.field import FieldBox
from svauthor.tui.widgets.safe import SafeSelectionList
from svauthor.tui.widgets.summary import ScrollPanel
from svauthor.tui.widgets.text import escape, set_text


class PlacesStep(Step):
    FIELDS = ("places", "local_needs")
    TITLE = "Places and local needs"
    SHORT = "Places & needs"

    def body(self) -> ComposeResult:
        kb = self.state.kb
        form = self.form
        yield Static("Pick the places served and the needs from your Local Needs Analysis: "
                     "each need points to outcomes and measures (Space ticks, arrows move).",
                     classes="step-intro")
        with Horizontal(id="places-row"):
            yield FieldBox("Places", SafeSelectionList(
                *[Selection(p.name, p.id, p.id in form.places) for p in kb.places.values()],
                id="places"), field="places", stacked=True)
            yield FieldBox("Local needs", SafeSelectionList(
                *[Selection(n.name, n.id, n.id in form.local_needs) for n in kb.needs.values()],
                id="local_needs"), field="local_needs", stacked=True)
        with ScrollPanel(id="need-panel"):
            yield Label("[b]The highlighted need[/b]", id="need-heading")
            yield Static("[dim]Move through the needs list to see where each need points.[/]",
                         id="need-detail")
        with ScrollPanel(id="needs-panel"):
            yield Static("", id="needs-summary")

    def load(self, form: FormState) -> None:
        for name in ("places", "local_needs"):
            widget = self.query_one(f"#{name}", SelectionList)
            wanted = set(getattr(form, name))
            known = {widget.get_option_at_index(i).value for i in range(widget.option_count)}
            if set(widget.selected) != wanted:
                widget.deselect_all()
                for value in wanted & known:  # an unknown id from an old draft is left out
                    widget.select(value)

    @on(SelectionList.SelectedChanged)
    def _changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        name = event.selection_list.id or ""
        if name not in ("places", "local_needs"):
            return
        current = getattr(self.form, name)
        chosen = [v for v in event.selection_list.selected]
        if set(chosen) != set(current):
            # Keep the user's order: existing picks first, new ones after.
            setattr(self.form, name, [v for v in current if v in chosen]
                    + [v for v in chosen if v not in current])
            self.edited(name)

    @on(SelectionList.SelectionHighlighted, "#local_needs")
    def _highlighted(self, event: SelectionList.SelectionHighlighted[str]) -> None:
        self._show_need(str(event.selection.value))

    def _show_need(self, need_id: str) -> None:
        kb = self.state.kb
        need = kb.needs.get(need_id)
        if need is None:
            return
        fw = kb.framework
        outcomes = ", ".join(fw.outcomes_by_id[o].name for o in need.outcomes
                             if o in fw.outcomes_by_id)
        set_text(self.query_one("#need-heading", Label), f"[b]{escape(need.name)}[/b]")
        set_text(self.query_one("#need-detail", Static),
                 f"{escape(need.description.strip())}\n"
                 f"[b]Outcomes:[/b] {escape(outcomes) or 'none'}\n"
                 f"[b]Measures:[/b] {escape(', '.join(need.measures)) or 'none'}\n"
                 f"[dim]{escape(need.why.strip())}[/]")

    def show(self, state: WizardState) -> None:
        super().show(state)
        kb = state.kb
        fw = kb.framework
        needs = [kb.needs[n] for n in state.form.local_needs if n in kb.needs]
        if not needs:
            text = ("[b]Your needs point to[/b]\n[dim]No local needs picked: measures then "
                    "follow the service type only.[/]")
        else:
            lines = ["[b]Your needs point to[/b]"]
            for need in needs:
                outcomes = ", ".join(fw.outcomes_by_id[o].name for o in need.outcomes
                                     if o in fw.outcomes_by_id)
                lines.append(f"• {escape(need.name)} → {escape(outcomes)}")
            text = "\n".join(lines)
        set_text(self.query_one("#needs-summary", Static), text)
