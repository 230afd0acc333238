"""Quarterly reports: one Word report per contract and the system-wide roll-up (Word and CSV).

The roll-up is computed with a handful of set-based queries (no per-contract round trips), so a
register of 10,000 contracts rolls up in seconds; see benchmarks/tracking.py.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from svauthor.domain.framework import UNIT_LABELS
from svauthor.errors import InputError, Problem
from svauthor.tracking.db import Register
from svauthor.tracking.models import (
    CaseStudy,
    Commitment,
    Contract,
    ContractPlace,
    Organisation,
    Return,
    ReturnLine,
    Target,
)
from svauthor.tracking.quarters import Period, RollupPeriod, ending_within
from svauthor.tracking.register import (
    ContractStatus,
    Profile,
    _actuals,
    contract_status,
    due_date,
    load_contract,
)
from svauthor.tracking.rules import TrackingRules, label_of, lowest, rate, rate_id
from svauthor.tracking.workbook import PERCENT_UNITS
from svauthor.ukformat import fmt_date, fmt_gbp


def num(value: float | None) -> str:
    """1,250 or 12.5 for people; a dash when there is nothing."""
    if value is None:
        return "-"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def shown(value: float | None, unit: str) -> str:
    """A figure for a report table: money in whole pounds (a pro-rata £7,500.25 target reads
    £7,500), anything else as num() gives it."""
    if value is None:
        return "-"
    if unit == "gbp":
        return fmt_gbp(round(value))
    return num(value)


def unit_label(unit: str) -> str:
    return UNIT_LABELS.get(unit, unit)


def amount(value: float, unit: str) -> str:
    """A figure with its unit for a sentence: £2,400 (whole pounds, as the tables show them),
    29.5%, 240 hours."""
    if unit == "gbp":
        return "less than £1" if 0 < abs(value) < 0.5 else fmt_gbp(round(value))
    if unit == "percent":
        return f"{num(value)}%"
    return f"{num(value)} {unit_label(unit)}"


def _properties(w: Any, title: str, author: str) -> None:
    """The document's own title and author, not the house-style template's."""
    w.properties(title=title, subject="Social Value delivery report", author=author,
                 keywords="Social Value; contract management; quarterly report", comments="")


# -- the system-wide roll-up ---------------------------------------------------------------------

@dataclass
class MeasureTotal:
    """One measure's figures across contracts. Delivery is compared only where a return came
    in (`target` is the target of the commitments that reported; `target_all` of all of them),
    so a missing return shows as overdue, never as under-delivery. Across contracts amounts and
    posts (FTE) add up; percentages are averaged (`level` here means "averaged")."""

    ref: str
    text: str
    unit: str
    level: bool
    commitments: int = 0
    reported: int = 0
    target: float = 0.0
    target_all: float = 0.0
    actual: float = 0.0
    baseline: float = 0.0
    last_year: float | None = None
    last_year_n: int = 0

    def value(self, total: float, n: int) -> float:
        return total / n if self.level and n else total

    @property
    def shown_target(self) -> float:
        return self.value(self.target, self.reported)

    @property
    def shown_target_all(self) -> float:
        return self.value(self.target_all, self.commitments)

    @property
    def shown_actual(self) -> float:
        return self.value(self.actual, self.reported)


@dataclass
class Rollup:
    quarter: RollupPeriod
    today: date
    contracts: int = 0
    commitments: int = 0
    measures: dict[str, MeasureTotal] = field(default_factory=dict)
    by_organisation: dict[tuple[str, str], MeasureTotal] = field(default_factory=dict)
    by_place: dict[tuple[str, str], MeasureTotal] = field(default_factory=dict)
    by_theme: dict[str, Counter[str]] = field(default_factory=dict)
    ratings: Counter[str] = field(default_factory=Counter)
    contract_ratings: Counter[str] = field(default_factory=Counter)
    overdue: list[tuple[str, str, str, str, date]] = field(default_factory=list)
    partner_refs: set[str] = field(default_factory=set)
    place_names: dict[str, str] = field(default_factory=dict)


def _add(totals: dict[Any, MeasureTotal], key: Any, ref: str, text: str, unit: str, level: bool,
         target: float | None, actual: float | None, rated_target: float | None,
         baseline: float | None) -> MeasureTotal:
    t = totals.get(key)
    if t is None:
        t = totals[key] = MeasureTotal(ref, text, unit, level)
    t.commitments += 1
    t.target_all += target or 0.0
    t.baseline += baseline or 0.0
    if actual is not None:
        t.reported += 1
        t.actual += actual
        t.target += rated_target or 0.0
    return t


#: Contracts read per batch: memory stays flat however large the register grows.
ROLLUP_BATCH = 2_000


def compute_rollup(reg: Register, q: RollupPeriod, rules: TrackingRules, today: date) -> Rollup:
    """Totals per measure, organisation, place and theme; ratings; overdue returns.

    Each contract quarter counts in the roll-up period its last day falls in (rules/tracking,
    tracking.rollup-periods), so a financial year counts every return once. Contracts are read
    in batches of ROLLUP_BATCH ids, so only the totals (bounded by the measures, organisations
    and places) grow with the register, not the rows in memory.
    """
    out = Rollup(q, today)
    with reg.reading() as s:
        lo_hi = s.execute(select(func.min(Contract.id), func.max(Contract.id))).one()
        if lo_hi[0] is None:
            return out
        for lo in range(lo_hi[0], lo_hi[1] + 1, ROLLUP_BATCH):
            _rollup_batch(s, out, rules, lo, lo + ROLLUP_BATCH - 1)
    for m in out.measures.values():
        if m.level and m.last_year is not None and m.last_year_n:
            m.last_year /= m.last_year_n
    out.overdue.sort(key=lambda row: (row[4], row[0]))
    return out


def combine(values: Sequence[float], level: bool) -> float | None:
    """Several quarters as one figure: a level is their average, anything else their sum."""
    if not values:
        return None
    return sum(values) / len(values) if level else sum(values)


def _over_periods(profile: Profile, periods: Sequence[Period], targets: dict[int, float],
                  got: dict[str, float], level: bool) -> tuple[float | None, float | None,
                                                          float | None]:
    """(target of every quarter, actual reported, target of the quarters reported)."""
    all_targets = [t for p in periods if (t := profile.target(targets, p, level)) is not None]
    reported = [p for p in periods if p.key in got]
    rated_targets = [t for p in reported if (t := profile.target(targets, p, level)) is not None]
    return (combine(all_targets, level), combine([got[p.key] for p in reported], level),
            combine(rated_targets, level))


def _returns_in(lo: int, hi: int, period: RollupPeriod) -> Any:
    return and_(Return.contract_id.between(lo, hi),
                Return.period_end.between(period.start, period.end),
                Return.superseded.is_(False))


def _batch_sums(s: Any, lo: int, hi: int, period: RollupPeriod) -> dict[int, tuple[float, int]]:
    """commitment id -> (sum of actuals, quarters reported), for current returns ending in
    `period`: summed by the database, so a year of returns is not sent row by row."""
    return {cid: (total, n) for cid, total, n in s.execute(
        select(ReturnLine.commitment_id, func.sum(ReturnLine.actual), func.count())
        .join(Return, Return.id == ReturnLine.return_id)
        .where(_returns_in(lo, hi, period))
        .group_by(ReturnLine.commitment_id)).all()}


def _batch_actuals(s: Any, lo: int, hi: int, period: RollupPeriod,
                   commitments: Sequence[int]) -> dict[int, dict[str, float]]:
    """commitment id -> quarter key -> actual, for the given commitments' current returns
    ending in `period` (those with some quarters of the period reported and some not)."""
    out: dict[int, dict[str, float]] = defaultdict(dict)
    for i in range(0, len(commitments), 5_000):
        for cid, key, actual in s.execute(
                select(ReturnLine.commitment_id, Return.quarter, ReturnLine.actual)
                .join(Return, Return.id == ReturnLine.return_id)
                .where(_returns_in(lo, hi, period),
                       ReturnLine.commitment_id.in_(commitments[i:i + 5_000]))).all():
            out[cid][key] = actual
    return out


@lru_cache(maxsize=8192)
def _ending(start: date, end: date, basis: str, first: date, last: date) -> list[Period]:
    """A contract's quarters that end from `first` to `last` (shared: do not change it)."""
    return ending_within(Profile.of(start, end, basis).periods, first, last)


def _rollup_batch(session: Session, out: Rollup, rules: TrackingRules, lo: int, hi: int) -> None:
    s = session.connection()  # Core rows: no ORM result processing for plain tuples
    ids = Contract.id.between(lo, hi)
    q, today = out.quarter, out.today
    level_units = set(rules.profile.level_units)
    last_year = q.year_earlier()
    active = and_(ids, Contract.start_date <= q.end, Contract.end_date >= q.start)
    contracts: dict[int, tuple[Profile, list[Period], str]] = {}
    years: set[int] = set()
    for cid, start, end, basis, org in s.execute(
            select(Contract.id, Contract.start_date, Contract.end_date, Contract.periods,
                   Organisation.name)
            .join(Organisation, Organisation.id == Contract.organisation_id).where(active)).all():
        profile = Profile.of(start, end, basis)
        now = _ending(start, end, basis, q.start, q.end)
        if now:
            contracts[cid] = (profile, now, org)
            years.update(p.year for p in now)
    places: dict[int, list[str]] = defaultdict(list)
    for cid, place in s.execute(select(ContractPlace.contract_id, ContractPlace.place)
                                .join(Contract, Contract.id == ContractPlace.contract_id)
                                .where(active)).all():
        places[cid].append(place)
    commitments = [row for row in s.execute(
        select(Commitment.id, Commitment.contract_id, Commitment.measure_ref,
               Commitment.measure_text, Commitment.unit, Commitment.theme,
               Commitment.baseline, Commitment.partner_vcfse)
        .join(Contract, Contract.id == Commitment.contract_id).where(active)).all()
        if row[1] in contracts]
    targets: dict[int, dict[int, float]] = defaultdict(dict)
    for cid, year, amount_ in s.execute(  # only the contract years reported in this period
            select(Target.commitment_id, Target.year, Target.target)
            .join(Commitment, Commitment.id == Target.commitment_id)
            .join(Contract, Contract.id == Commitment.contract_id)
            .where(active, Target.year.in_(sorted(years)))).all():
        targets[cid][year] = amount_

    now_sums, before_sums = _batch_sums(s, lo, hi, q), _batch_sums(s, lo, hi, last_year)
    partial = [cm_id for cm_id, contract_id, *_ in commitments
               if cm_id in now_sums and now_sums[cm_id][1] < len(contracts[contract_id][1])]
    detail = _batch_actuals(s, lo, hi, q, partial) if partial else {}
    per_contract: dict[int, list[str]] = defaultdict(list)
    for cm_id, contract_id, ref, text, unit, theme, baseline, partner in commitments:
        if partner:
            out.partner_refs.add(ref)
        profile, now, org = contracts[contract_id]
        level = unit in level_units
        mine = targets.get(cm_id, {})
        if len(now) == 1:  # the usual quarter: one contract quarter ends in it
            target = profile.target(mine, now[0], level)
        else:
            target = combine([t for p in now if (t := profile.target(mine, p, level))
                              is not None], level)
        summed = now_sums.get(cm_id)
        actual = rated_target = None
        if summed is not None:
            actual = summed[0] / summed[1] if level else summed[0]
            if cm_id in detail:  # some of the period's quarters reported: rate on those
                _, actual, rated_target = _over_periods(profile, now, mine, detail[cm_id],
                                                        level)
            else:
                rated_target = target
        rating = rate_id(rules, actual, rated_target)
        out.ratings[rating] += 1
        per_contract[contract_id].append(rating)
        counter = out.by_theme.get(theme)
        if counter is None:
            counter = out.by_theme[theme] = Counter()
        counter[rating] += 1
        averaged = unit in PERCENT_UNITS  # across contracts: percentages average, the rest add
        m = _add(out.measures, ref, ref, text, unit, averaged, target, actual, rated_target,
                 baseline)
        prior = before_sums.get(cm_id)
        if prior is not None:
            m.last_year = (m.last_year or 0.0) + (prior[0] / prior[1] if level else prior[0])
            m.last_year_n += 1
        _add(out.by_organisation, (org, ref), ref, text, unit, averaged, target, actual,
             rated_target, baseline)
        for place in places.get(contract_id, []):
            _add(out.by_place, (place, ref), ref, text, unit, averaged, target, actual,
                 rated_target, baseline)
    out.contracts += len(contracts)
    out.commitments += len(commitments)
    for ratings in per_contract.values():
        out.contract_ratings[lowest(rules, ratings)] += 1

    # Overdue returns. Most contracts have every return due so far, so count first and list
    # the keys only for contracts that are short.
    counts = dict(s.execute(
        select(Return.contract_id, func.count())
        .where(Return.contract_id.between(lo, hi), Return.superseded.is_(False),
               Return.period_end <= q.end)
        .group_by(Return.contract_id)).all())
    short: list[tuple[int, str, str, str, tuple[tuple[str, date], ...]]] = []
    for cid, ref, start, end, basis, nation, org, supplier in s.execute(
            select(Contract.id, Contract.reference, Contract.start_date, Contract.end_date,
                   Contract.periods, Contract.nation, Organisation.name, Contract.supplier)
            .join(Organisation, Organisation.id == Contract.organisation_id)
            .where(ids, Contract.start_date <= q.end)).all():
        due = _due_by(rules, start, end, basis, nation, q.end, today)
        if due and counts.get(cid, 0) < _ending_by(start, end, basis, q.end):
            short.append((cid, ref, org, supplier, due))
    if short:
        received: dict[int, set[str]] = defaultdict(set)
        for cid, key in s.execute(select(Return.contract_id, Return.quarter).where(
                Return.contract_id.in_([row[0] for row in short]),
                Return.superseded.is_(False))).all():
            received[cid].add(key)
        for cid, ref, org, supplier, due in short:
            keys = received.get(cid, set())
            out.overdue.extend((ref, org, supplier, key, d) for key, d in due if key not in keys)


@lru_cache(maxsize=8192)
def _ending_by(start: date, end: date, basis: str, last: date) -> int:
    """How many of a contract's quarters end on or before `last`."""
    return sum(1 for p in Profile.of(start, end, basis).periods if p.end <= last)


def _due_by(rules: TrackingRules, start: date, end: date, basis: str, nation: str, last: date,
            today: date) -> tuple[tuple[str, date], ...]:
    """The quarters ending by `last` whose return was due before `today`, with the due date:
    shared by every contract on the same dates (a register has few distinct ones)."""
    return _due_by_cached(start, end, basis, last, today,
                          rules.returns.due_working_days_after_quarter,
                          rules.returns.calendar_for(nation),
                          os.environ.get("SVAUTHOR_BANK_HOLIDAYS") or "")


@lru_cache(maxsize=8192)
def _due_by_cached(start: date, end: date, basis: str, last: date, today: date, days: int,
                   subdivs: tuple[str, ...], holidays: str) -> tuple[tuple[str, date], ...]:
    from svauthor.tracking.register import _calendar, _due

    calendar = _calendar(subdivs, holidays)
    out = []
    for period in Profile.of(start, end, basis).periods:
        if period.end > last:
            break
        d = _due(period.end, days, calendar)
        if today > d:
            out.append((period.key, d))
    return tuple(out)


# -- CSV ---------------------------------------------------------------------------------------

def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """CSV for spreadsheets: text that starts like a formula (=, +, -, @) gets a leading ' so
    a spreadsheet shows it rather than runs it (the same rule as the pipeline's summary)."""
    from svauthor.pipeline.summary import _safe

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_safe(v) if isinstance(v, str) else v for v in row] for row in rows)
    return buf.getvalue()


def _r(value: float | None) -> object:
    return "" if value is None else round(value, 4)


def rollup_csvs(r: Rollup, rules: TrackingRules) -> dict[str, str]:
    ms = sorted(r.measures.values(), key=lambda m: m.ref)
    return {
        "measures": _csv(
            ["measure_ref", "what_it_counts", "unit", "aggregation", "commitments", "reported",
             "target", "actual", "pct_of_target", "target_all_commitments",
             f"same_{r.quarter.noun}_last_year", "baseline_total"],
            [[m.ref, m.text, m.unit, "average" if m.level else "total", m.commitments,
              m.reported, _r(m.shown_target), _r(m.shown_actual),
              _r(m.shown_actual * 100 / m.shown_target) if m.shown_target else "",
              _r(m.shown_target_all),
              _r(m.last_year), _r(m.baseline)] for m in ms]),
        "organisations": _csv(
            ["organisation", "measure_ref", "unit", "commitments", "reported", "target", "actual"],
            [[org, m.ref, m.unit, m.commitments, m.reported, _r(m.shown_target),
              _r(m.shown_actual)] for (org, _), m in sorted(r.by_organisation.items())]),
        "places": _csv(
            ["place", "place_name", "measure_ref", "unit", "commitments", "reported", "target",
             "actual"],
            [[place, r.place_names.get(place, place), m.ref, m.unit, m.commitments, m.reported,
              _r(m.shown_target), _r(m.shown_actual)]
             for (place, _), m in sorted(r.by_place.items())]),
        "themes": _csv(
            ["theme", "commitments", *[lv.id for lv in [*rules.ratings.scale, rules.ratings.other]]],
            [[theme, sum(c.values()), *[c.get(lv.id, 0) for lv in
                                       [*rules.ratings.scale, rules.ratings.other]]]
             for theme, c in sorted(r.by_theme.items())]),
        "ratings": _csv(
            ["rating", "label", "commitments", "contracts"],
            [[lv.id, lv.label, r.ratings.get(lv.id, 0), r.contract_ratings.get(lv.id, 0)]
             for lv in [*rules.ratings.scale, rules.ratings.other]]),
        "overdue": _csv(["contract", "organisation", "supplier", "quarter", "due"],
                        [[*row[:4], row[4].isoformat()] for row in r.overdue]),
    }


# -- Word --------------------------------------------------------------------------------------

def _writer() -> Any:
    """A report in landscape: its tables of eight figures a row need the width to keep every
    heading's words whole ("Measur|e", "improvemen|t" on a portrait page)."""
    from svauthor.docs.word import Writer, load_base

    w = Writer(load_base(None))
    w.landscape()
    return w


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def _picture(w: Any, chart: Any) -> None:
    w.picture(chart.png, chart.alt)


def _ratings_note(w: Any, rules: TrackingRules) -> None:
    w.heading(1, "How the ratings are worked out")
    w.para(rules.note())
    w.table("The rating scale", ["Rating", "Meaning", "Actual as a share of the target"],
            [[lv.label, lv.meaning, f"{lv.min_pct_of_target:g}% or more" if
              lv.min_pct_of_target else "Below the next rating"] for lv in rules.ratings.scale]
            + [[rules.ratings.other.label, rules.ratings.other.meaning, "Not rated"]],
            widths=[2, 4, 3])


def rollup_document(r: Rollup, rules: TrackingRules) -> bytes:
    from svauthor.tracking import charts

    w = _writer()
    _properties(w, f"System-wide Social Value report: {r.quarter.label}",
                ", ".join(sorted({org for org, _ in r.by_organisation}))[:200] or "Social Value")
    provisional = r.quarter.end >= r.today
    w.title(f"System-wide Social Value report: {r.quarter.label}"
            + (" (provisional)" if provisional else ""))
    if provisional:
        w.para(f"Provisional: the period ends on {fmt_date(r.quarter.end)}, after the date of "
               f"these figures, so returns for its last quarters are not due yet and those "
               f"commitments are rated {rules.ratings.other.label}, not as failing.")
    w.para(f"Every tracked contract with a quarter that ends in {r.quarter.label}: "
           f"{_count(r.contracts, 'contract')} and {_count(r.commitments, 'commitment')}. "
           f"Contracts report by "
           f"their own quarters, from each contract's start date; each contract quarter is "
           f"counted in the period its last day falls in, so no return is counted twice. "
           f"Figures are as at {fmt_date(r.today)}.")
    w.heading(1, "Ratings at a glance")
    scale = [*rules.ratings.scale, rules.ratings.other]
    w.table(f"Ratings this {r.quarter.noun}", ["Rating", "Commitments",
                                                "Contracts (lowest commitment)"],
            [[lv.label, f"{r.ratings.get(lv.id, 0):,}", f"{r.contract_ratings.get(lv.id, 0):,}"]
             for lv in scale], widths=[3, 2, 3])
    _picture(w, charts.grouped_bars(
        "Commitments by rating", [lv.label for lv in scale],
        [("Commitments", [float(r.ratings.get(lv.id, 0)) for lv in scale])], "Commitments"))

    w.heading(1, "Totals per measure")
    w.para("Targets and actuals compare the contracts that sent a return for the period; a "
           "contract that has not is listed under overdue returns, not counted as delivering "
           "nothing. Across contracts, amounts and posts add up and percentages are averaged.")
    ms = sorted(r.measures.values(), key=lambda m: m.ref)
    w.table("Delivery per measure across all contracts",
            ["Measure", "What it counts", "Unit", "Contracts reporting",
             "Target (reporting contracts)", "Actual", f"Same {r.quarter.noun} last year"],
            [[m.ref, m.text, unit_label(m.unit) + (" (average)" if m.level else ""),
              f"{m.reported:,} of {m.commitments:,}", shown(m.shown_target, m.unit),
              shown(m.shown_actual, m.unit), shown(m.last_year, m.unit)]
             for m in ms], widths=[1.2, 4, 1.5, 1.2, 1.3, 1.3, 1.5])

    partner = [m for m in ms if m.ref in r.partner_refs]
    w.heading(1, "Partner VCFSE")
    if partner:
        w.para("Collaboration with Voluntary, Community, Faith and Social Enterprise partners, "
               f"against the baselines given at award and the same {r.quarter.noun} last year.")
        w.table("Partner VCFSE measures", ["Measure", "Unit", "Baselines (total)", "Target",
                                           "Actual", f"Same {r.quarter.noun} last year"],
                [[m.ref, unit_label(m.unit), shown(m.baseline, m.unit),
                  shown(m.shown_target, m.unit), shown(m.shown_actual, m.unit),
                  shown(m.last_year, m.unit)] for m in partner],
                widths=[1.2, 1.5, 1.5, 1.3, 1.3, 1.5])
        _picture(w, charts.grouped_bars(
            f"Partner VCFSE, {r.quarter.label}", [m.ref for m in partner],
            [("Target", [m.shown_target for m in partner]),
             ("Actual", [m.shown_actual for m in partner]),
             (f"Same {r.quarter.noun} last year", [m.last_year or 0.0 for m in partner])],
            "Amount"))
    else:
        w.para(f"No tracked contract has a Partner VCFSE commitment this {r.quarter.noun}.")

    w.heading(1, "By organisation")
    w.table("Delivery per organisation and measure", ["Organisation", "Measure", "Unit", "Target",
                                                      "Actual"],
            [[org, m.ref, unit_label(m.unit), shown(m.shown_target, m.unit),
              shown(m.shown_actual, m.unit)]
             for (org, _), m in sorted(r.by_organisation.items())][:2000], widths=[4, 1.2, 1.5, 1.3, 1.3])
    w.heading(1, "By place")
    w.para("A contract that covers several places counts in each of them, so places do not add "
           "up to the total.")
    w.table("Delivery per place and measure", ["Place", "Measure", "Unit", "Target", "Actual"],
            [[r.place_names.get(place, place), m.ref, unit_label(m.unit),
              shown(m.shown_target, m.unit), shown(m.shown_actual, m.unit)]
             for (place, _), m in sorted(r.by_place.items())][:2000],
            widths=[3, 1.2, 1.5, 1.3, 1.3])
    w.heading(1, "By theme")
    w.table("Ratings per theme", ["Theme", "Commitments", *[lv.label for lv in scale]],
            [[theme, f"{sum(c.values()):,}", *[f"{c.get(lv.id, 0):,}" for lv in scale]]
             for theme, c in sorted(r.by_theme.items())])
    w.heading(1, "Overdue returns")
    if r.overdue:
        w.table("Returns not received after their due date",
                ["Contract", "Organisation", "Supplier", "Quarter", "Due"],
                [[*row[:4], fmt_date(row[4])] for row in r.overdue[:2000]],
                widths=[3, 3, 3, 1.2, 2])
        if len(r.overdue) > 2000:
            w.para(f"The first 2,000 of {len(r.overdue):,} are shown; the CSV lists them all.")
    else:
        w.para("None: every return due by now has been received.")
    _ratings_note(w, rules)
    data: bytes = w.to_bytes()
    return data


def contract_period(c: Contract, when: RollupPeriod) -> Period | None:
    """The contract quarter a report for `when` covers: the last one ending in it."""
    ending = ending_within(Profile.of_contract(c).periods, when.start, when.end)
    return ending[-1] if ending else None


def contract_document(reg: Register, reference: str, when: Period | RollupPeriod,
                      rules: TrackingRules, today: date) -> bytes:
    """One contract's report for one of its quarters (for a roll-up period: the last of its
    quarters that ends in that period)."""
    from svauthor.tracking import charts

    with reg.reading() as s:
        c = load_contract(s, reference)
        profile = Profile.of_contract(c)
        found = contract_period(c, when) if isinstance(when, RollupPeriod) else when
        if found is None:
            raise InputError.single(reference, f"no quarter of this contract ends in "
                                               f"{when.label}")
        q = found
        st = contract_status(s, c, rules, today, quarter=q)
        actuals = _actuals(s, c.id)
        current = s.scalars(select(Return).where(Return.contract_id == c.id,
                                                 Return.quarter == q.key,
                                                 Return.superseded.is_(False))).first()
        lines = {ln.commitment_id: ln for ln in current.lines} if current else {}
        stories = list(s.scalars(select(CaseStudy).where(CaseStudy.return_id == current.id)))\
            if current else []
        by_ref = {m.measure_ref: m for m in c.commitments}
        trend_quarters = [p for p in profile.periods if p.index <= q.index][-8:]
        series = []
        for m in c.commitments[:8]:
            values: list[float | None] = []
            for p in trend_quarters:
                cs = _commitment_at(m, profile, p, actuals, rules)
                values.append(cs)
            series.append((m.measure_ref, values))
        org = c.organisation.name
        nation = c.nation
        evidence = [[m.measure_ref, lines[m.id].evidence or "-", lines[m.id].narrative or "-"]
                    for m in c.commitments if m.id in lines]

    w = _writer()
    _properties(w, f"Social Value delivery report: {c.title}, {q.label}", org)
    w.title(f"Social Value delivery report: {c.title}")
    w.para(f"{q.label}. Contract {c.reference} between {org} and {c.supplier}, "
           f"{fmt_date(c.start_date)} to {fmt_date(c.end_date)}, {fmt_gbp(c.value_gbp)}.")
    w.heading(1, "Ratings at a glance")
    if current is None:
        w.para(f"No return has been received for {q.label}. It was due by "
               f"{fmt_date(due_date(rules, q, nation))}, so every commitment is rated "
               f"{rules.ratings.other.label} for the quarter.")
    else:
        w.para(f"Overall rating for the quarter: {label_of(rules, st.overall)} (the rating of "
               f"the lowest-rated commitment). Return received on "
               f"{fmt_date(current.received_at.date())}"
               + (f", revision {current.revision}." if current.revision > 1 else "."))
    w.heading(1, "Targets against actuals")
    w.table("Each commitment this quarter and for the contract year so far",
            ["Measure", "Unit", "Target this quarter", "Actual", "Rating",
             "Year to date: target", "Year to date: actual", "Year to date: rating"],
            [[cs.ref, unit_label(cs.unit), shown(cs.target, cs.unit), shown(cs.actual, cs.unit),
              label_of(rules, cs.rating), shown(cs.ytd_target, cs.unit),
              shown(cs.ytd_actual, cs.unit), label_of(rules, cs.ytd_rating)]
             for cs in st.commitments],
            widths=[1.1, 1.2, 1.3, 1.2, 1.7, 1.3, 1.3, 1.7])
    w.table("What each measure counts", ["Measure", "What it counts"],
            [[cs.ref, cs.text] for cs in st.commitments], widths=[1.2, 8.6])
    _picture(w, charts.delivery_bars(
        f"Delivery against target, {q.label}",
        [(cs.ref, rate(rules, cs.actual, cs.target).pct_of_target, label_of(rules, cs.rating))
         for cs in st.commitments]))
    if len(trend_quarters) > 1:
        w.heading(1, "Trend")
        _picture(w, charts.trend_lines("Year-to-date delivery against target",
                                       [p.key for p in trend_quarters], series))
    w.heading(1, "What the supplier must recover")
    recover = _recovery(st, profile, q, c.start_date, by_ref, rules)
    if recover:
        w.bullets(recover)
    else:
        w.para("Nothing: every commitment is on or ahead of its target for the year so far.")
    w.heading(1, "Case studies")
    if stories:
        for story in stories:
            w.heading(2, story.title)
            w.paras(story.story)
            if story.measure_ref:
                w.para(f"Measure: {story.measure_ref}.")
    else:
        w.para("No case studies were sent with this return.")
    if evidence:
        w.heading(1, "Evidence and explanations")
        w.table("What the supplier sent for each commitment", ["Measure", "Evidence", "Narrative"],
                evidence, widths=[1.2, 3, 6])
    _ratings_note(w, rules)
    data: bytes = w.to_bytes()
    return data


def _commitment_at(m: Commitment, profile: Profile, p: Period,
                   actuals: dict[str, dict[int, float]], rules: TrackingRules) -> float | None:
    from svauthor.tracking.register import commitment_status

    cs = commitment_status(m, profile, p, actuals, rules)
    return rate(rules, cs.ytd_actual, cs.ytd_target).pct_of_target


def _recovery(st: ContractStatus, profile: Profile, q: Period, start: date,
              by_ref: dict[str, Commitment], rules: TrackingRules) -> list[str]:
    from svauthor.tracking.quarters import month_boundary

    out = []
    for cs in st.commitments:
        if cs.ytd_target is None or cs.year_target is None:
            continue
        if cs.unit in rules.profile.level_units:
            if cs.ytd_actual is not None and cs.ytd_actual < cs.ytd_target:
                out.append(f"{cs.ref}: bring the level up from {amount(cs.ytd_actual, cs.unit)} "
                           f"to the target of {amount(cs.ytd_target, cs.unit)} for contract "
                           f"year {cs.year}.")
            continue
        done = cs.ytd_actual or 0.0
        if done < cs.ytd_target:
            year_end = min(month_boundary(start, 12 * cs.year) - _one_day(), st.end_date)
            out.append(f"{cs.ref}: {amount(cs.ytd_target - done, cs.unit)} behind the target "
                       f"so far; {amount(max(0.0, cs.year_target - done), cs.unit)} still to "
                       f"deliver by {fmt_date(year_end)} to meet the year's target of "
                       f"{amount(cs.year_target, cs.unit)}.")
    return out


def _one_day() -> Any:
    from datetime import timedelta

    return timedelta(days=1)


# -- performance notice data ---------------------------------------------------------------------

def performance_notice_rows(reg: Register, q: RollupPeriod, rules: TrackingRules,
                            today: date) -> list[dict[str, Any]]:
    """For each contract over the threshold: each KPI's rating for the contract year to date,
    as at the last of its quarters that ends in `q`."""
    rows: list[dict[str, Any]] = []
    with reg.reading() as s:
        refs = s.scalars(select(Contract.reference).where(
            Contract.value_gbp > rules.performance_notice.min_value_gbp,
            Contract.start_date <= q.end, Contract.end_date >= q.start)
            .order_by(Contract.reference)).all()
        for ref in refs:
            c = load_contract(s, ref)
            p = contract_period(c, q)
            if p is None:
                continue
            st = contract_status(s, c, rules, today, quarter=p)
            profile = Profile.of_contract(c)
            for cs in st.commitments:
                first = next(x for x in profile.periods if x.year == cs.year)
                rows.append({
                    "contract": c.reference, "title": c.title, "organisation": c.organisation.name,
                    "supplier": c.supplier, "kpi": f"{cs.ref}: {cs.text}",
                    "unit": cs.unit, "period_start": first.start.isoformat(),
                    "period_end": p.end.isoformat(), "target": cs.ytd_target,
                    "actual": cs.ytd_actual, "rating": label_of(rules, cs.ytd_rating)})
    return rows


# -- writing everything --------------------------------------------------------------------------

def write_reports(reg: Register, q: RollupPeriod, out_dir: Path, rules: TrackingRules, *, today: date,
                  force: bool = False, contracts: bool = True,
                  place_names: dict[str, str] | None = None) -> list[Path]:
    """Build every report in memory, check every target, then write each atomically."""
    from svauthor.atomic import write_atomic
    from svauthor.docs.pack import slugify

    if out_dir.exists() and not out_dir.is_dir():
        raise InputError.single(str(out_dir), "output folder is a file, not a folder")
    if q.start > today:
        raise InputError.single("--quarter", f"{q.key} has not started yet (it starts on "
                                             f"{fmt_date(q.start)}); report on it once it has")
    rollup = compute_rollup(reg, q, rules, today)
    rollup.place_names = dict(place_names or {})
    active: list[str] = []
    if contracts:
        with reg.reading() as s:
            active = [c.reference for c in s.scalars(select(Contract).where(
                Contract.start_date <= q.end, Contract.end_date >= q.start)
                .order_by(Contract.reference)) if contract_period(c, q) is not None]
    files: dict[str, bytes] = {f"rollup-{q.key}.docx": rollup_document(rollup, rules)}
    for name, text in rollup_csvs(rollup, rules).items():
        files[f"rollup-{q.key}-{name}.csv"] = text.encode("utf-8")
    notice = performance_notice_rows(reg, q, rules, today)
    if notice:
        files[f"performance-notice-data-{q.key}.csv"] = _csv(
            list(notice[0]), [list(r.values()) for r in notice]).encode("utf-8")
        files[f"performance-notice-data-{q.key}.json"] = (json.dumps(
            notice, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    for ref in active:
        files[f"contract-{slugify(ref)}-{q.key}.docx"] = contract_document(reg, ref, q, rules,
                                                                           today)

    problems = [Problem(str(out_dir / name), None, "", "already exists; use --force to "
                                                          "overwrite it")
                for name in files if (out_dir / name).exists() and not force]
    if problems:
        raise InputError(problems)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError.single(str(out_dir), f"cannot be created: {exc.strerror or exc}") from None
    written = []
    try:
        for name, data in files.items():
            written.append(write_atomic(out_dir / name, data, overwrite=force))
    except (OSError, FileExistsError) as exc:
        raise InputError.single(str(out_dir), f"cannot write the reports: {exc}") from None
    return written
