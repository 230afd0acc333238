"""What the register does: add contracts, issue and import returns, status, export and load.

Every change runs in one transaction with an audit entry, so it either happens completely or
not at all; a kill during an import leaves the register as it was.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Date, DateTime, func, select, text
from sqlalchemy.orm import Session, selectinload

from svauthor.domain.framework import UNIT_LABELS
from svauthor.errors import InputError, Problem, did_you_mean
from svauthor.tracking.db import Register, head_revision
from svauthor.tracking.models import (
    EXPORT_ORDER,
    AuditEntry,
    Base,
    CaseStudy,
    Commitment,
    Contract,
    ContractPlace,
    Organisation,
    Return,
    ReturnLine,
    Target,
)
from svauthor.tracking.quarters import (
    CALENDAR_BASIS,
    CONTRACT_BASIS,
    Period,
    Quarter,
    contract_end,
    contract_periods,
    ending_within,
    parse_contract_quarter,
)
from svauthor.tracking.rules import TrackingRules, lowest, rate
from svauthor.tracking.workbook import (
    MeasureRow,
    ReturnEntry,
    contract_years_count,
    measure_row,
    parse_return,
    read_commitments,
    read_return,
    returns_workbook,
)

if TYPE_CHECKING:
    from svauthor.domain.results import Assessment

EXPORT_FORMAT = "svauthor-register-export"


def actor() -> str:
    """Who is making the change, for the audit trail: $SVAUTHOR_ACTOR, else the login name."""
    name = os.environ.get("SVAUTHOR_ACTOR")
    if name:
        return name[:200]
    try:
        return getpass.getuser()[:200]
    except (KeyError, OSError):
        return "unknown"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _received(today: date | None) -> datetime:
    """When a return was received: on the session's today (`--today`, `SVAUTHOR_TODAY`, else
    the clock), so the date a report prints is the one the user controls; the audit trail keeps
    the true clock time."""
    now = _now()
    return now if today is None else datetime.combine(today, now.time())


def _audit(s: Session, who: str, action: str, contract_ref: str, **detail: Any) -> None:
    s.add(AuditEntry(at=_now(), actor=who, action=action, contract_ref=contract_ref,
                     detail=json.dumps(detail, sort_keys=True, ensure_ascii=False, default=str)))


def _checkpoint(stage: str) -> None:
    """A no-op seam between writing and committing (a crash test stops the process here)."""


# -- contracts ----------------------------------------------------------------------------------

def _contract(s: Session, reference: str, *, lock: bool = False) -> Contract:
    query = select(Contract).where(Contract.reference == reference)
    if lock:
        query = query.with_for_update()
    found = s.scalars(query).first()
    if found is None:
        refs = s.scalars(select(Contract.reference)).all()
        raise InputError.single(reference or "contract", "no contract with this reference in the "
                                "register" + did_you_mean(reference, refs))
    return found


@dataclass(frozen=True)
class NewContract:
    reference: str
    title: str
    organisation: str
    supplier: str
    service_type: str
    value_gbp: float
    award_date: date
    start_date: date
    duration_months: int
    places: list[str]
    nation: str = "england"


def add_contract(reg: Register, c: NewContract, *, assessment: Assessment, commitments: Path,
                 rules: TrackingRules, who: str) -> Contract:
    """Add a contract and the winning bid's commitments, read from its completed workbook."""
    known = {m.ref: measure_row(m) for m in assessment.measures
             if m.status in ("recommended", "optional")}
    years = contract_years_count(c.duration_months)
    entries = read_commitments(commitments, known=known, years=years,
                               level_units=rules.profile.level_units)
    by_ref = {m.ref: m for m in assessment.measures}
    with reg.transaction() as s:
        if s.scalars(select(Contract.id).where(Contract.reference == c.reference)).first():
            raise InputError.single(c.reference, "a contract with this reference is already in "
                                                 "the register")
        org = s.scalars(select(Organisation).where(Organisation.name == c.organisation)).first()
        if org is None:
            org = Organisation(name=c.organisation)
            s.add(org)
            s.flush()
        contract = Contract(
            reference=c.reference, title=c.title, organisation_id=org.id, supplier=c.supplier,
            service_type=c.service_type, value_gbp=c.value_gbp, award_date=c.award_date,
            start_date=c.start_date, end_date=contract_end(c.start_date, c.duration_months),
            created_at=_now(), periods=CONTRACT_BASIS, nation=c.nation)
        contract.places = [ContractPlace(place=p) for p in sorted(set(c.places))]
        for i, e in enumerate(entries):
            m = by_ref[e.ref]
            contract.commitments.append(Commitment(
                position=i, measure_ref=e.ref, measure_text=m.text, unit=m.unit,
                theme=m.theme_name, outcome=m.outcome_name, partner_vcfse=m.partner_vcfse,
                baseline=e.baseline, delivery_method=e.delivery_method,
                targets=[Target(year=y, target=t) for y, t in enumerate(e.targets, start=1)]))
        s.add(contract)
        s.flush()
        _audit(s, who, "add contract", c.reference, supplier=c.supplier,
               commitments={e.ref: e.targets for e in entries}, file=commitments.name)
    return contract


def load_contract(s: Session, reference: str) -> Contract:
    query = (select(Contract).where(Contract.reference == reference)
             .options(selectinload(Contract.commitments).selectinload(Commitment.targets),
                      selectinload(Contract.places), selectinload(Contract.organisation)))
    found = s.scalars(query).first()
    if found is None:
        _contract(s, reference)  # raises with a suggestion
    assert found is not None
    return found


# -- profile: the target for a period ------------------------------------------------------------

@dataclass(frozen=True)
class Profile:
    """A contract's reporting quarters, the contract year each falls in, and each one's share of
    its year's target.

    A year's target is shared between its quarters in proportion to how much of each quarter
    the contract covers: full quarters share equally, a final quarter of one month carries
    about a third of a full quarter's share.
    """

    periods: tuple[Period, ...]
    by_key: dict[str, Period]
    share: dict[str, float]
    basis: str

    @classmethod
    def of(cls, start: date, end: date, basis: str = CONTRACT_BASIS) -> Profile:
        """Shared per (start, end, basis): registers hold many contracts on the same dates."""
        return _profile(start, end, basis)

    @classmethod
    def build(cls, start: date, end: date, basis: str = CONTRACT_BASIS) -> Profile:
        periods = contract_periods(start, end, basis)
        per_year: dict[int, float] = defaultdict(float)
        for p in periods:
            per_year[p.year] += p.covered
        share = {p.key: p.covered / per_year[p.year] for p in periods}
        return cls(periods, {p.key: p for p in periods}, share, basis)

    @classmethod
    def of_contract(cls, c: Contract) -> Profile:
        return cls.of(c.start_date, c.end_date, c.periods or CALENDAR_BASIS)

    def target(self, targets: dict[int, float], p: Period, level: bool) -> float | None:
        if p.year not in targets:
            return None
        return targets[p.year] if level else targets[p.year] * self.share[p.key]

    def so_far(self, p: Period) -> list[Period]:
        """The quarters of p's contract year up to and including p."""
        return [x for x in self.periods if x.year == p.year and x.index <= p.index]

    def resolve(self, text: str) -> Period:
        """The quarter a user or a workbook names: this contract's own key (Y2Q1, or 2027-Q1 in
        a register from before contract quarters), or a calendar quarter for the one contract
        quarter that ends in it. ValueError with a readable message otherwise."""
        raw = str(text).strip()
        span = (f"{self.periods[0].key} to {self.periods[-1].key}" if self.periods
                else "no quarters")
        if self.basis == CALENDAR_BASIS:
            try:
                key = str(Quarter.parse(raw))
            except ValueError:
                raise ValueError(f"`{text}` is not a quarter of this contract, which reports by "
                                 f"calendar quarter ({span}); use YYYY-Qn, for example "
                                 f"2027-Q1") from None
        else:
            found = parse_contract_quarter(raw)
            if found is None:
                try:
                    q = Quarter.parse(raw)
                except ValueError:
                    raise ValueError(
                        f"`{text}` is not a quarter; use the contract quarter, for example Y1Q1 "
                        f"(year 1, quarter 1: the first three months from the start date), or "
                        f"a calendar quarter such as 2027-Q4 for the contract quarter that ends "
                        f"in it") from None
                ending = ending_within(self.periods, q.start, q.end)
                if len(ending) == 1:
                    return ending[0]
                if not ending:
                    raise ValueError(f"no quarter of this contract ends in {q.label} ({span})")
                raise ValueError(f"two quarters of this contract end in {q.label}: give "
                                 f"{ending[0].key} or {ending[1].key}")
            key = found
        period = self.by_key.get(key)
        if period is None:
            raise ValueError(f"{key} is outside this contract ({span})")
        return period


@lru_cache(maxsize=4096)
def _profile(start: date, end: date, basis: str) -> Profile:
    return Profile.build(start, end, basis)


def _check_quarter(contract: Contract, quarter: str, field: str = "--quarter") -> Period:
    try:
        return Profile.of_contract(contract).resolve(quarter)
    except ValueError as exc:
        raise InputError.single(field, f"contract {contract.reference}: {exc}") from None


def calendar_for(rules: TrackingRules, nation: str) -> Any:
    """The working-day calendar for a buyer's nation: the same holiday source as the timetable
    checks (the holidays package, or the GOV.UK file given with --bank-holidays)."""
    return _calendar(rules.returns.calendar_for(nation),
                     os.environ.get("SVAUTHOR_BANK_HOLIDAYS") or "")


@lru_cache(maxsize=32)
def _calendar(subdivs: tuple[str, ...], holidays_file: str) -> Any:
    from svauthor.domain.timetable.calendar import make_calendar

    override = None
    if holidays_file:
        from svauthor.domain.knowledge import load_bank_holidays

        override = load_bank_holidays(holidays_file)
    return make_calendar(subdivs, override)


def due_date(rules: TrackingRules, p: Period, nation: str = "england") -> date:
    """When a quarter's return is due: the rules' working days after the quarter ends."""
    return _due(p.end, rules.returns.due_working_days_after_quarter,
                calendar_for(rules, nation))


@lru_cache(maxsize=8192)
def _due(end: date, working_days: int, calendar: Any) -> date:
    from svauthor.domain.timetable.calendar import add_working_days

    return add_working_days(end, working_days, calendar)


def returns_template(reg: Register, reference: str, quarter: str, rules: TrackingRules) -> bytes:
    from svauthor.ukformat import fmt_date

    with reg.reading() as s:
        c = load_contract(s, reference)
        q = _check_quarter(c, quarter)
        profile = Profile.of_contract(c)
        level = rules.profile.level_units
        rows = [(MeasureRow(m.measure_ref, m.measure_text, m.unit,
                            UNIT_LABELS.get(m.unit, m.unit), m.partner_vcfse),
                 profile.target({t.year: t.target for t in m.targets}, q, m.unit in level))
                for m in c.commitments]
        return returns_workbook(contract_ref=c.reference, title=c.title, supplier=c.supplier,
                                quarter=q.key, quarter_label=q.label,
                                due=fmt_date(due_date(rules, q, c.nation)), rows=rows,
                                level_units=level)


# -- importing a return --------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportResult:
    contract: str
    quarter: str
    outcome: str  # "new", "corrected" or "unchanged"
    revision: int


def _digest(entry: ReturnEntry) -> str:
    data = {"lines": sorted((ln.ref, ln.actual, ln.evidence, ln.narrative) for ln in entry.lines),
            "case_studies": [(cs.ref, cs.title, cs.story) for cs in entry.case_studies]}
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


def import_return(reg: Register, path: Path, rules: TrackingRules, who: str, *,
                  today: date | None = None) -> ImportResult:
    """Import a completed return. The same return twice changes nothing; a different one for the
    same quarter replaces it as a new revision and the earlier one is kept, marked superseded."""
    shape, _wb, _problems = read_return(path)
    name = str(path)
    if not shape.contract_ref or not shape.quarter:
        raise InputError.single(name, "does not say which contract and quarter it is for")
    with reg.reading() as s:
        c = load_contract(s, shape.contract_ref)
        _check_quarter(c, shape.quarter, name)
        for field_name, made_for, now in (("supplier", shape.supplier, c.supplier),
                                          ("title", shape.title, c.title)):
            if made_for is not None and made_for != now:
                raise InputError.single(name, f"was made for {field_name} `{made_for}`, but "
                                              f"contract {c.reference} is `{now}`: it is another "
                                              f"contract's return, so nothing was imported")
        known = {m.measure_ref: MeasureRow(m.measure_ref, m.measure_text, m.unit,
                                           UNIT_LABELS.get(m.unit, m.unit))
                 for m in c.commitments}
    entry = parse_return(path, known=known, level_units=rules.profile.level_units)
    return store_return(reg, entry, path.name, rules, who, today=today)


def store_return(reg: Register, entry: ReturnEntry, source: str, rules: TrackingRules,
                 who: str, *, today: date | None = None) -> ImportResult:
    """Record a checked return (from a workbook or the app) in one transaction.

    With `today`, a return for a quarter that has not ended yet is refused."""
    name = source
    digest = _digest(entry)
    with reg.transaction() as s:
        contract = _contract(s, entry.contract_ref, lock=True)
        period = _check_quarter(contract, entry.quarter, name)
        key = period.key
        if today is not None and period.end >= today:
            from svauthor.ukformat import fmt_date

            raise InputError.single(name, f"{key} has not ended yet (it ends on "
                                          f"{fmt_date(period.end)}); send its return after that")
        ids = {m.measure_ref: m.id for m in contract.commitments}
        given = [ln.ref for ln in entry.lines]
        if sorted(given) != sorted(ids):
            raise InputError.single(name, "a return needs one figure for each of the contract's "
                                          "commitments (" + ", ".join(ids) + ")")
        current = s.scalars(select(Return).where(
            Return.contract_id == contract.id, Return.quarter == key,
            Return.superseded.is_(False))).first()
        if current is not None and current.digest == digest:
            return ImportResult(contract.reference, key, "unchanged", current.revision)
        revision = (s.scalar(select(func.max(Return.revision)).where(
            Return.contract_id == contract.id, Return.quarter == key)) or 0) + 1
        previous = None
        if current is not None:
            current.superseded = True
            previous = {ln.commitment_id: ln.actual for ln in current.lines}
            s.flush()
        ret = Return(contract_id=contract.id, quarter=key, revision=revision,
                     superseded=False, digest=digest, source_file=source[:300],
                     submitted_by=who, received_at=_received(today),
                     period_end=period.end)
        ret.lines = [ReturnLine(commitment_id=ids[ln.ref], actual=ln.actual, evidence=ln.evidence,
                                narrative=ln.narrative) for ln in entry.lines]
        ret.case_studies = [CaseStudy(measure_ref=cs.ref, title=cs.title, story=cs.story)
                            for cs in entry.case_studies]
        s.add(ret)
        s.flush()
        _checkpoint("return written")
        by_id = {v: k for k, v in ids.items()}
        _audit(s, who, "correct return" if current else "import return", contract.reference,
               quarter=key, revision=revision, file=source,
               actuals={ln.ref: ln.actual for ln in entry.lines},
               replaced={by_id[k]: v for k, v in previous.items()} if previous else None)
        return ImportResult(contract.reference, key, "corrected" if current else "new", revision)


# -- status --------------------------------------------------------------------------------------

@dataclass
class CommitmentStatus:
    ref: str
    text: str
    unit: str
    partner_vcfse: bool
    baseline: float | None
    target: float | None
    actual: float | None
    rating: str
    ytd_target: float | None
    ytd_actual: float | None
    ytd_rating: str
    year: int
    year_target: float | None


@dataclass
class ContractStatus:
    reference: str
    title: str
    organisation: str
    supplier: str
    value_gbp: float
    start_date: date
    end_date: date
    received: list[str]
    due: list[tuple[str, date]]
    overdue: list[tuple[str, date]]
    latest_quarter: str | None
    overall: str
    commitments: list[CommitmentStatus] = field(default_factory=list)
    needs_performance_notice: bool = False

    def to_json_data(self) -> dict[str, Any]:
        return {
            "reference": self.reference, "title": self.title, "organisation": self.organisation,
            "supplier": self.supplier, "value_gbp": self.value_gbp,
            "start_date": self.start_date.isoformat(), "end_date": self.end_date.isoformat(),
            "returns_received": self.received,
            "returns_due": [{"quarter": q, "due": d.isoformat()} for q, d in self.due],
            "returns_overdue": [{"quarter": q, "due": d.isoformat()} for q, d in self.overdue],
            "latest_quarter": self.latest_quarter, "overall_rating": self.overall,
            "performance_notice_required": self.needs_performance_notice,
            "commitments": [vars(c) for c in self.commitments],
        }


def _actuals(s: Session, contract_id: int) -> dict[str, dict[int, float]]:
    """Current (not superseded) actuals: quarter -> commitment id -> actual."""
    rows = s.execute(
        select(Return.quarter, ReturnLine.commitment_id, ReturnLine.actual)
        .join(ReturnLine, ReturnLine.return_id == Return.id)
        .where(Return.contract_id == contract_id, Return.superseded.is_(False)))
    out: dict[str, dict[int, float]] = defaultdict(dict)
    for quarter, cid, actual in rows:
        out[quarter][cid] = actual
    return out


def commitment_status(m: Commitment, profile: Profile, q: Period,
                      actuals: dict[str, dict[int, float]], rules: TrackingRules) -> CommitmentStatus:
    level = m.unit in rules.profile.level_units
    targets = {t.year: t.target for t in m.targets}
    target = profile.target(targets, q, level)
    actual = actuals.get(q.key, {}).get(m.id)
    year = q.year
    so_far = profile.so_far(q)
    reported = [actuals[p.key][m.id] for p in so_far if m.id in actuals.get(p.key, {})]
    ytd_actual: float | None
    if level:
        ytd_target = targets.get(year)
        ytd_actual = sum(reported) / len(reported) if reported else None
    else:
        ytd_target = sum(profile.target(targets, p, False) or 0 for p in so_far)
        ytd_actual = sum(reported) if reported else None
    return CommitmentStatus(
        m.measure_ref, m.measure_text, m.unit, m.partner_vcfse, m.baseline, target, actual,
        rate(rules, actual, target).id, ytd_target, ytd_actual,
        rate(rules, ytd_actual, ytd_target).id, year, targets.get(year))


def contract_status(s: Session, c: Contract, rules: TrackingRules, today: date,
                    quarter: Period | None = None) -> ContractStatus:
    profile = Profile.of_contract(c)
    actuals = _actuals(s, c.id)
    ended = [q for q in profile.periods if q.end < today]
    received = [q.key for q in profile.periods if q.key in actuals]
    due: list[tuple[str, date]] = []
    overdue: list[tuple[str, date]] = []
    for q in ended:
        if q.key in actuals:
            continue
        d = due_date(rules, q, c.nation)
        (overdue if today > d else due).append((q.key, d))
    latest = quarter or (profile.by_key[received[-1]] if received else None)
    status = ContractStatus(
        c.reference, c.title, c.organisation.name, c.supplier, c.value_gbp, c.start_date,
        c.end_date, received, due, overdue, latest.key if latest else None,
        rules.ratings.other.id,
        needs_performance_notice=c.value_gbp > rules.performance_notice.min_value_gbp)
    if latest is not None and latest.key in profile.by_key:
        status.commitments = [commitment_status(m, profile, latest, actuals, rules)
                              for m in c.commitments]
        status.overall = lowest(rules, [cs.rating for cs in status.commitments])
    return status


def register_status(reg: Register, rules: TrackingRules, today: date) -> list[ContractStatus]:
    with reg.reading() as s:
        contracts = s.scalars(select(Contract).order_by(Contract.reference).options(
            selectinload(Contract.commitments).selectinload(Commitment.targets),
            selectinload(Contract.organisation))).all()
        return [contract_status(s, c, rules, today) for c in contracts]


# -- export and load -----------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def export_register(reg: Register) -> dict[str, Any]:
    """Every row of every table, in a stable order: a portable copy of the whole register."""
    tables: dict[str, list[dict[str, Any]]] = {}
    with reg.reading() as s:
        for name in EXPORT_ORDER:
            table = Base.metadata.tables[name]
            order = list(table.primary_key.columns)
            rows = s.execute(select(table).order_by(*order)).mappings()
            tables[name] = [{k: _plain(v) for k, v in row.items()} for row in rows]
    return {"format": EXPORT_FORMAT, "schema": head_revision(), "tables": tables}


def _number_problem(value: Any, *, allow_none: bool = False) -> str | None:
    import math

    from svauthor.tracking.workbook import MAX_ACTUAL

    if value is None:
        return None if allow_none else "is missing"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"`{str(value)[:40]}` is not a number"
    if not math.isfinite(value):
        return "must be a finite number"
    if value < 0:
        return "cannot be negative"
    if value > MAX_ACTUAL:
        return f"{value:g} is too large to be right (the limit is {MAX_ACTUAL:,.0f})"
    return None


def check_export(tables: dict[str, Any], name: str) -> list[Problem]:
    """Every row of an export checked as add and import check them, before anything is loaded:
    column names and types, ranges, units, quarters inside their contract, one current
    revision per quarter, and every reference to another row."""
    from svauthor.tracking.quarters import BASES

    problems: list[Problem] = []

    def bad(table: str, i: int, col: str, message: str) -> None:
        problems.append(Problem(name, None, f"tables.{table}[{i}].{col}", message))

    ids: dict[str, set[Any]] = {}
    for tname in EXPORT_ORDER:
        rows = tables[tname]
        if not isinstance(rows, list):
            problems.append(Problem(name, None, f"tables.{tname}", "is not a list"))
            continue
        cols = {c.name: c for c in Base.metadata.tables[tname].columns}
        for i, row in enumerate(rows):
            if not isinstance(row, dict) or set(row) != set(cols):
                bad(tname, i, "*", "has the wrong columns")
                continue
            for k, col in cols.items():
                v = row[k]
                if v is None:
                    if not col.nullable and not col.primary_key:
                        bad(tname, i, k, "is missing")
                    continue
                try:
                    kind = col.type.python_type
                except NotImplementedError:
                    kind = str
                if kind in (date, datetime):
                    try:
                        (datetime if kind is datetime else date).fromisoformat(str(v))
                    except ValueError:
                        bad(tname, i, k, f"`{str(v)[:40]}` is not a date")
                elif kind is bool and not isinstance(v, bool):
                    bad(tname, i, k, "must be true or false")
                elif kind is int and (isinstance(v, bool) or not isinstance(v, int)):
                    bad(tname, i, k, f"`{str(v)[:40]}` is not a whole number")
                elif kind is str and not isinstance(v, str):
                    bad(tname, i, k, "must be text")
                elif kind is float and (isinstance(v, bool) or not isinstance(v, int | float)):
                    bad(tname, i, k, f"`{str(v)[:40]}` is not a number")
            if "id" in row:
                ids.setdefault(tname, set()).add(row["id"])
    if problems:
        return problems

    def refs(table: str, col: str, target: str) -> None:
        for i, row in enumerate(tables[table]):
            if row[col] not in ids.get(target, set()):
                bad(table, i, col, f"refers to {target} id {row[col]}, which is not in the export")

    refs("contracts", "organisation_id", "organisations")
    for t in ("contract_places", "commitments", "returns"):
        refs(t, "contract_id", "contracts")
    refs("targets", "commitment_id", "commitments")
    refs("return_lines", "return_id", "returns")
    refs("return_lines", "commitment_id", "commitments")
    refs("case_studies", "return_id", "returns")
    if problems:
        return problems
    profiles: dict[Any, Profile] = {}
    for i, c in enumerate(tables["contracts"]):
        start, end = date.fromisoformat(c["start_date"]), date.fromisoformat(c["end_date"])
        if end < start:
            bad("contracts", i, "end_date", "is before the start date")
        if c["periods"] not in BASES:
            bad("contracts", i, "periods", f"must be one of {', '.join(BASES)}")
            continue
        if c["nation"] not in ("england", "wales", "scotland", "northern_ireland"):
            bad("contracts", i, "nation", "must be england, wales, scotland or northern_ireland")
        profiles[c["id"]] = Profile.of(start, end, c["periods"])
    for i, m in enumerate(tables["commitments"]):
        if m["unit"] not in UNIT_LABELS:
            bad("commitments", i, "unit", f"`{m['unit']}` is not a unit svauthor knows")
        if (msg := _number_problem(m["baseline"], allow_none=True)) is not None:
            bad("commitments", i, "baseline", msg)
    for i, t in enumerate(tables["targets"]):
        if (msg := _number_problem(t["target"])) is not None:
            bad("targets", i, "target", msg)
    for i, ln in enumerate(tables["return_lines"]):
        if (msg := _number_problem(ln["actual"])) is not None:
            bad("return_lines", i, "actual", msg)
    current: dict[tuple[Any, str], int] = {}
    for i, r in enumerate(tables["returns"]):
        profile = profiles.get(r["contract_id"])
        if profile is not None and r["quarter"] not in profile.by_key:
            bad("returns", i, "quarter", f"`{r['quarter']}` is not a quarter of its contract")
        if not r["superseded"]:
            key = (r["contract_id"], r["quarter"])
            if key in current:
                bad("returns", i, "superseded", f"a second current return for {r['quarter']} "
                                                f"(the first is returns[{current[key]}])")
            current.setdefault(key, i)
    return problems


def load_export(reg: Register, data: Any, name: str) -> int:
    """Load an export into an empty register, keeping every id; returns the rows loaded."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise InputError.single(name, "is not an svauthor register export")
    if data.get("schema") != head_revision():
        raise InputError.single(name, f"was exported at schema revision {data.get('schema')}; "
                                      f"this svauthor reads revision {head_revision()}")
    tables = data.get("tables")
    if not isinstance(tables, dict) or set(tables) != set(EXPORT_ORDER):
        raise InputError.single(name, "lists the wrong tables")
    problems = check_export(tables, name)
    if problems:
        raise InputError(problems)
    total = 0
    with reg.transaction() as s:
        if s.scalar(select(func.count()).select_from(Contract)) or s.scalar(
                select(func.count()).select_from(AuditEntry)):
            raise InputError.single(reg.shown_url, "the register is not empty; load an export "
                                                   "into a new register")
        for tname in EXPORT_ORDER:
            table = Base.metadata.tables[tname]
            rows = tables[tname]
            if not isinstance(rows, list):
                raise InputError.single(name, f"table {tname} is not a list")
            cols = {c.name: c for c in table.columns}
            clean = []
            for i, row in enumerate(rows, start=1):
                if not isinstance(row, dict) or set(row) != set(cols):
                    raise InputError.single(name, f"table {tname}, row {i}: wrong columns")
                fixed = {}
                for k, v in row.items():
                    col_type = cols[k].type
                    if v is not None and isinstance(col_type, DateTime):
                        v = datetime.fromisoformat(v)
                    elif v is not None and isinstance(col_type, Date):
                        v = date.fromisoformat(v)
                    fixed[k] = v
                clean.append(fixed)
            if clean:
                s.execute(table.insert(), clean)
            total += len(clean)
        if reg.engine.dialect.name == "postgresql":
            for tname in EXPORT_ORDER:
                table = Base.metadata.tables[tname]
                if "id" in table.columns and tables[tname]:
                    s.execute(text(f"SELECT setval(pg_get_serial_sequence('{tname}', 'id'), "
                                   f"(SELECT MAX(id) FROM {tname}))"))
    return total


def audit_trail(reg: Register, reference: str | None = None) -> Sequence[AuditEntry]:
    with reg.reading() as s:
        query = select(AuditEntry).order_by(AuditEntry.id)
        if reference:
            query = query.where(AuditEntry.contract_ref == reference)
        return s.scalars(query).all()
