"""The contract-management screen: the register at a glance, a contract's commitments with
targets against actuals (and sparklines), and a form to enter or correct a return by hand.

The form checks each figure with the same function as the workbook import (check_line) and
stores it the same way (store_return), so a hand-entered return is held to the same rules.
User text is shown as plain Text, never as markup.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, Static

from svauthor.errors import InputError
from svauthor.tracking.db import Register
from svauthor.tracking.register import (
    ContractStatus,
    Profile,
    _actuals,
    actor,
    commitment_status,
    contract_status,
    load_contract,
    register_status,
    store_return,
)
from svauthor.tracking.rules import TrackingRules, label_of
from svauthor.tracking.workbook import ReturnEntry, check_line
from svauthor.ukformat import counted

BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float | None]) -> str:
    """Percent-of-target values as bars (100% or more is a full bar; no return is a space)."""
    out = []
    for v in values:
        if v is None:
            out.append(" ")
        else:
            out.append(BARS[min(len(BARS) - 1, max(0, round(min(v, 100) / 100 * (len(BARS) - 1))))])
    return "".join(out)


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:,.2f}".rstrip("0").rstrip(".")


class RegisterScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "open", "Open contract"),
                                             Binding("q", "app.quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary")
        yield DataTable(id="contracts", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_table()

    def refresh_table(self) -> None:
        app = self.app
        assert isinstance(app, TrackApp)
        statuses = register_status(app.register, app.rules, app.today)
        table = self.query_one("#contracts", DataTable)
        table.clear(columns=True)
        table.add_columns("Contract", "Organisation", "Supplier", "Latest", "Rating", "Overdue")
        for st in statuses:
            table.add_row(Text(st.reference), Text(st.organisation), Text(st.supplier),
                          st.latest_quarter or "-", label_of(app.rules, st.overall),
                          ", ".join(q for q, _ in st.overdue) or "none", key=st.reference)
        overdue = sum(len(st.overdue) for st in statuses)
        self.query_one("#summary", Static).update(Text(
            f"{counted(len(statuses), 'contract')}; {counted(overdue, 'overdue return')}. "
            "Enter opens a contract."))

    def action_open(self) -> None:
        table = self.query_one("#contracts", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key:
                self.app.push_screen(ContractScreen(str(key)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.push_screen(ContractScreen(str(event.row_key.value)))


class ContractScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back"),
                                             Binding("r", "enter_return", "Enter a return")]

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="contract")
        yield DataTable(id="commitments", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_table()

    def on_screen_resume(self) -> None:
        self.refresh_table()

    def status(self) -> tuple[ContractStatus, list[tuple[str, str]]]:
        app = self.app
        assert isinstance(app, TrackApp)
        with app.register.reading() as s:
            c = load_contract(s, self.reference)
            st = contract_status(s, c, app.rules, app.today)
            profile = Profile.of_contract(c)
            actuals = _actuals(s, c.id)
            upto = profile.by_key.get(st.latest_quarter) if st.latest_quarter else None
            spark = []
            for m in c.commitments:
                values: list[float | None] = []
                for p in profile.periods:
                    if upto is None or p.index > upto.index:
                        break
                    cs = commitment_status(m, profile, p, actuals, app.rules)
                    pct = (cs.actual * 100 / cs.target if cs.actual is not None and cs.target
                           else None)
                    values.append(pct)
                spark.append((m.measure_ref, sparkline(values)))
        return st, spark

    def refresh_table(self) -> None:
        app = self.app
        assert isinstance(app, TrackApp)
        st, spark = self.status()
        self.query_one("#contract", Static).update(Text(
            f"{st.reference}: {st.title}\n{st.organisation}; supplier {st.supplier}. "
            f"Latest return: {st.latest_quarter or 'none'}; rating "
            f"{label_of(app.rules, st.overall)}. Overdue: "
            f"{', '.join(q for q, _ in st.overdue) or 'none'}. Press r to enter a return."))
        table = self.query_one("#commitments", DataTable)
        table.clear(columns=True)
        table.add_columns("Measure", "Unit", "Target", "Actual", "Rating", "Year to date",
                          "Trend")
        trend = dict(spark)
        for cs in st.commitments:
            table.add_row(cs.ref, cs.unit, _num(cs.target), _num(cs.actual),
                          label_of(app.rules, cs.rating),
                          f"{_num(cs.ytd_actual)} of {_num(cs.ytd_target)}", trend.get(cs.ref, ""))

    def action_enter_return(self) -> None:
        self.app.push_screen(ReturnScreen(self.reference))


class ReturnScreen(Screen[None]):
    """Enter or correct one quarter's return by hand."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Cancel"),
                                             Binding("ctrl+s", "save", "Save")]

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference
        self.refs: list[str] = []
        self.units: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        app = self.app
        assert isinstance(app, TrackApp)
        with app.register.reading() as s:
            c = load_contract(s, self.reference)
            self.refs = [m.measure_ref for m in c.commitments]
            self.units = {m.measure_ref: m.unit for m in c.commitments}
            texts = {m.measure_ref: m.measure_text for m in c.commitments}
            self.profile = Profile.of_contract(c)
            ended = [q for q in self.profile.periods if q.end < app.today]
        default = ended[-1].key if ended else ""
        yield Header()
        with VerticalScroll():
            yield Label("Quarter (the contract quarter, for example Y1Q1)")
            yield Input(default, id="quarter")
            yield Static(id="quarter-error", classes="error")
            for i, ref in enumerate(self.refs):
                yield Label(Text(f"{ref}: {texts[ref]} ({self.units[ref]})"))
                with Horizontal(classes="line"):
                    yield Input(placeholder="Actual", id=f"actual-{i}")
                    yield Input(placeholder="Evidence reference", id=f"evidence-{i}")
                    yield Input(placeholder="Narrative", id=f"narrative-{i}")
                yield Static(id=f"error-{i}", classes="error")
            yield Button("Save the return", id="save", variant="primary")
            yield Static(id="result")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()

    def action_save(self) -> None:
        app = self.app
        assert isinstance(app, TrackApp)
        ok = True
        quarter_text = self.query_one("#quarter", Input).value.strip()
        quarter_error = self.query_one("#quarter-error", Static)
        try:
            period = self.profile.resolve(quarter_text)
            quarter = period.key
            quarter_error.update(Text(period.label))
        except ValueError as exc:
            quarter_error.update(Text(str(exc)))
            ok = False
            quarter = quarter_text
        entry = ReturnEntry(self.reference, quarter)
        for i, ref in enumerate(self.refs):
            value = self.query_one(f"#actual-{i}", Input).value
            line, issues = check_line(
                ref, value, self.query_one(f"#evidence-{i}", Input).value,
                self.query_one(f"#narrative-{i}", Input).value, unit=self.units[ref],
                level_units=app.rules.profile.level_units)
            self.query_one(f"#error-{i}", Static).update(
                Text("; ".join(f"{h}: {m}" for h, m in issues)))
            if line is None:
                ok = False
            else:
                entry.lines.append(line)
        result = self.query_one("#result", Static)
        if not ok:
            result.update(Text("Nothing saved: correct the fields marked above."))
            return
        try:
            outcome = store_return(app.register, entry, "entered in the app", app.rules, actor(),
                                   today=app.today)
        except InputError as exc:
            result.update(Text("Nothing saved: " + "; ".join(p.message for p in exc.problems)))
            return
        says = {"new": "Saved", "corrected": f"Saved as a correction (revision {outcome.revision})",
                "unchanged": "Nothing changed: the register already holds this return"}
        result.update(Text(f"{says[outcome.outcome]}: {outcome.contract} {outcome.quarter}."))


class TrackApp(App[None]):
    """The register's contract-management app (`svauthor track app`)."""

    def action_command_palette(self) -> None:
        """The palette with the paging guard (Ctrl+P then Page Down crashed Textual's own)."""
        from svauthor.tui.widgets.safe import open_palette

        open_palette(self)

    TITLE = "Social Value delivery"
    CSS = """
    .error { color: $error; }
    .line Input { width: 1fr; }
    .line { height: auto; }
    """

    def __init__(self, register: Register, rules: TrackingRules, today: date, **kw: Any) -> None:
        super().__init__(**kw)
        self.register = register
        self.rules = rules
        self.today = today

    def on_mount(self) -> None:
        self.push_screen(RegisterScreen())


def cmd_app(args: Any) -> int:
    from svauthor.session import Session
    from svauthor.tracking.db import open_register
    from svauthor.tracking.rules import load_tracking_rules

    reg = open_register(args.db)
    try:
        TrackApp(reg, load_tracking_rules(), Session.from_args(args).today()).run()
    finally:
        reg.close()
    return 0
