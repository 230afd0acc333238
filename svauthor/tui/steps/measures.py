"""Step 5: the whole framework, what the rules advise for each measure, and why."""

from __future__ import annotations

import textwrap
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Label, Select, Static

from svauthor.domain.framework import UNIT_LABELS
from svauthor.domain.results import MeasureDecision
from svauthor.tui import labels
from svauthor.tui.dialogs.reason import ReasonDialog
from svauthor.tui.state import WizardState
from svauthor.tui.steps.base import Step
from svauthor.tui.widgets.checks import reasons_markup
from svauthor.tui.widgets.safe import SafeSelect
from svauthor.tui.widgets.text import escape, set_text

STATUS_FILTERS = [("All statuses", "all"), *((word, status) for status, word in labels.STATUSES.items()),
                  ("Changed by you", "overridden")]
STATUS_STYLE = {"recommended": "bold", "optional": "", "excluded": "dim"}
ADVICE_WIDTH = 13
CELL_PADDING = 2
EXTRA_WIDTH = 7 + 11 + 2 * CELL_PADDING
"""The VCFSE and theme columns, shown only when the measure text keeps 50 columns besides."""


class MeasuresStep(Step):
    FIELDS = ("overrides",)
    CHECKS = ("commitment", "kpi")
    TARGETS = {"overrides": "measures-table"}  # noqa: RUF012
    VERDICT = "measures-table"
    TITLE = "Measures"
    SHORT = "Measures"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "include", "Include", id="measures.include",
                tooltip="Recommend the highlighted measure against the advice (asks why)"),
        Binding("x", "exclude", "Exclude", id="measures.exclude",
                tooltip="Leave the highlighted measure out against the advice (asks why)"),
        Binding("c", "clear_override", "Undo change", id="measures.clear",
                tooltip="Go back to what the rules advise for the highlighted measure"),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._shown: list[str] = []
        self._rows_signature: tuple[object, ...] = ()

    def body(self) -> ComposeResult:
        themes = [(t.name, t.id) for t in self.state.kb.framework.themes]
        yield Static("The rules' advice on every measure. Include or exclude any of them: "
                     "you give a reason, kept on file.", classes="step-intro")
        with Horizontal(id="measure-filters"):
            yield SafeSelect(STATUS_FILTERS, value="all", allow_blank=False, compact=True,
                         id="status-filter")
            yield SafeSelect([("All themes", "all"), *themes], value="all", allow_blank=False,
                         compact=True, id="theme-filter")
            yield Label("", id="measure-count")
        with Vertical(id="measures-body"):
            yield DataTable(id="measures-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="measure-reasons"):
                yield Static("[dim]Highlight a measure to see why.[/]", id="measure-why")
        with Horizontal(id="measure-actions"):
            yield Button("Include…", id="include", compact=True,
                         tooltip="Recommend this measure against the advice")
            yield Button("Exclude…", id="exclude", compact=True,
                         tooltip="Leave this measure out against the advice")
            yield Button("Undo change", id="clear-override", compact=True,
                         tooltip="Return to what the rules advise")

    # Display --------------------------------------------------------------------------------

    def show(self, state: WizardState) -> None:
        super().show(state)
        a = state.assessment
        table = self.query_one("#measures-table", DataTable)
        status = self.query_one("#status-filter", Select).value
        theme = self.query_one("#theme-filter", Select).value
        order = {"recommended": 0, "optional": 1, "excluded": 2}
        measures = [] if a is None else sorted([
            m for m in a.measures
            if (status == "all" or m.status == status or (status == "overridden" and m.overridden))
            and (theme == "all" or m.theme == theme)
        ], key=lambda m: order.get(m.status, 3))
        # The reference column is as wide as the longest reference in the framework, set, not
        # left to the table: its own sizing, redone as rows arrive, could lag a quick redraw
        # and wrap NT14 over two lines.
        ref_width = max([len("Ref"), *(len(m.ref) for m in (a.measures if a else []))])
        layout = self._layout(ref_width)
        signature = (layout, ref_width, *((m.ref, m.status, m.overridden) for m in measures))
        if signature != self._rows_signature:
            self._rows_signature = signature
            keep = self._highlighted_ref()
            width, lines, extra = layout
            table.clear(columns=True)
            table.add_column("Ref", key="ref", width=ref_width)
            table.add_column("Advice", key="status", width=ADVICE_WIDTH)
            if extra:
                table.add_column("VCFSE", key="vcfse")
                table.add_column("Theme", key="theme")
            table.add_column("Measure", key="text", width=width)
            for m in measures:
                cells = self._cells(m, width, lines, extra)
                text = cells[-1]
                table.add_row(*cells, key=m.ref,
                              height=len(text.plain.splitlines()) if isinstance(text, Text) else 1)
            self._shown = [m.ref for m in measures]
            if keep in self._shown:
                table.move_cursor(row=self._shown.index(keep), animate=False)
        if a is None:
            count = "Complete steps 1 and 2 to see the advice."
        else:
            rec = len(a.measures_with("recommended"))
            count = f"{len(measures)} shown · {rec} recommended (band limit {a.band.max_measures})"
            if not state.current:
                count = "Last complete answer · " + count
        set_text(self.query_one("#measure-count", Label), count)
        self._show_reasons()

    def _layout(self, ref_width: int) -> tuple[int, int, bool]:
        """(measure column width, lines per row, VCFSE and theme columns shown): the measure
        text gets the room, wrapped over two or three lines, so no two rows read the same;
        the detail under (or, on a wide screen, beside) the table gives it whole."""
        table = self.query_one("#measures-table", DataTable)
        room = (table.size.width or max(40, self.size.width - 4)) - 2  # less the scrollbar
        width = room - ref_width - ADVICE_WIDTH - 3 * CELL_PADDING
        extra = width - EXTRA_WIDTH >= 50
        if extra:
            width -= EXTRA_WIDTH
        lines = 2 if width < 40 else 3
        return max(20, width), lines, extra

    def _cells(self, m: MeasureDecision, width: int, lines: int, extra: bool) -> list[object]:
        advice = labels.STATUSES.get(m.status, m.status) + (" ✎" if m.overridden else "")
        wrapped = textwrap.wrap(m.text, width) or [""]
        if len(wrapped) > lines:
            last = wrapped[lines - 1]
            wrapped = [*wrapped[: lines - 1], last[: width - 1].rstrip() + "…"]
        style = STATUS_STYLE.get(m.status, "")
        cells: list[object] = [Text(m.ref, style=style), Text(advice, style=style)]
        if extra:
            cells += ["Partner" if m.partner_vcfse else "", m.theme_name]
        return [*cells, Text("\n".join(wrapped), style=style)]

    def _highlighted_ref(self) -> str | None:
        table = self.query_one("#measures-table", DataTable)
        if not self._shown or table.cursor_row < 0 or table.cursor_row >= len(self._shown):
            return None
        return self._shown[table.cursor_row]

    def _decision(self, ref: str | None) -> MeasureDecision | None:
        a = self.state.assessment
        if a is None or ref is None:
            return None
        return next((m for m in a.measures if m.ref == ref), None)

    def _show_reasons(self) -> None:
        m = self._decision(self._highlighted_ref())
        why = self.query_one("#measure-why", Static)
        if m is None:
            set_text(why, "[dim]Highlight a measure to see why.[/]")
            return
        unit = UNIT_LABELS.get(m.unit, m.unit)
        flag = " · [b]Partner VCFSE[/b]" if m.partner_vcfse else ""
        override = self.form.override_for(m.ref)
        mine = (f"\n[$accent]Your change: {escape(override.get('action', ''))} - "
                f"{escape(override.get('reason', ''))}[/]" if override else "")
        head = f"[b]{escape(m.ref)}: {labels.STATUSES.get(m.status, m.status)}[/b]{flag}"
        detail = f"[dim]Outcome: {escape(m.outcome_name)} · unit: {escape(unit)}[/]"
        set_text(why, f"{head}\n{escape(m.text)}\n{detail}{mine}\n\n"
                      f"[b]Why[/b] (the last reason decides)\n{reasons_markup(m.reasons)}")

    def on_resize(self) -> None:
        if self.svapp.is_running:  # once the table has its new size: the text wraps to it
            self.call_after_refresh(self.show, self.state)

    @on(DataTable.RowHighlighted, "#measures-table")
    def _row(self) -> None:
        self._show_reasons()
        # a new row starts its reasons from the top, not where the last one was scrolled to
        self.query_one("#measure-reasons", VerticalScroll).scroll_home(animate=False)

    @on(Select.Changed, "#status-filter, #theme-filter")
    def _filter(self) -> None:
        self.show(self.state)

    # Overrides ------------------------------------------------------------------------------

    @on(Button.Pressed, "#include")
    def action_include(self) -> None:
        self._override("add")

    @on(Button.Pressed, "#exclude")
    def action_exclude(self) -> None:
        self._override("remove")

    @on(Button.Pressed, "#clear-override")
    def action_clear_override(self) -> None:
        ref = self._highlighted_ref()
        if ref is None:
            return
        if self.form.override_for(ref) is None:
            self.notify(f"{ref} follows the rules' advice already.", timeout=3)
            return
        self.form.clear_override(ref)
        self.edited("overrides")

    def _override(self, action: str) -> None:
        m = self._decision(self._highlighted_ref())
        if m is None:
            self.notify("Highlight a measure first.", timeout=3)
            return
        current = self.form.override_for(m.ref)
        target = "recommended" if action == "add" else "excluded"
        if m.status == target and (current is None or current.get("action") == action):
            word = "recommended" if action == "add" else "excluded"
            self.notify(f"{m.ref} is already {word}.", timeout=3)
            return
        verb = "Include" if action == "add" else "Exclude"
        advice = labels.STATUSES.get(m.status, m.status).lower()
        prompt = (f"{m.ref}: {m.text}\n\nThe rules advise: {advice}. Why "
                  f"{'include' if action == 'add' else 'exclude'} it? Your reason goes on "
                  f"the decision record.")
        reason = current.get("reason", "") if current else ""

        def record(result: str | None) -> None:
            if result:
                self.form.set_override(m.ref, action, result)
                self.edited("overrides")

        self.app.push_screen(ReasonDialog(f"{verb} {m.ref}", prompt, reason=reason), record)
