"""Property tests: any valid spec assesses without error and its pack re-opens in python-docx;
any forward-plan row is either a spec or a skipped row with reasons, never an exception.

Hypothesis runs derandomized (the same examples every run) and small, to keep the suite fast.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from svauthor.docs import build_pack
from svauthor.domain.engine import assess
from svauthor.domain.knowledge import KnowledgeBase, load_knowledge
from svauthor.domain.spec import TenderSpec
from svauthor.pipeline.plan import COLUMNS, PlanInfo, RowReader, RowSkipped, RowSpec

from .conftest import TODAY

KB = load_knowledge()
FAST = settings(derandomize=True, max_examples=25, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
DATE_KEYS = ("planned_procurement_notice", "market_engagement", "tender_published",
             "clarification_deadline", "tender_deadline", "award_notice", "contract_start")
SECTORS = ("nhs", "local_authority", "central_government", "other_public")
ROUTE_FLAGS = ("electronic_submission", "documents_with_notice", "urgency", "light_touch",
               "pre_selected_suppliers", "agreed_tender_period", "dynamic_market")

# Text a person can type: any printable character, but no control characters, surrogates or
# non-characters (a spec refuses those: Word and Excel cannot hold them).
typed = st.characters(exclude_categories=("Cc", "Cs", "Cn"))
names = st.text(typed, min_size=1, max_size=60).filter(lambda s: bool(s.strip()))
dates = st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31))
maybe_bool = st.one_of(st.none(), st.booleans())


@st.composite
def spec_data(draw: st.DrawFn, kb: KnowledgeBase = KB, *,
              with_overrides: bool = True) -> dict[str, Any]:
    regime = draw(st.sampled_from(sorted(kb.regimes.ids)))
    data: dict[str, Any] = {
        "title": draw(names),
        "buyer": {"name": draw(names), "sector": draw(st.sampled_from(SECTORS))},
        "route": {"regime": regime, "procedure": draw(st.sampled_from(kb.regimes.procedures(regime)))},
        "service_type": draw(st.sampled_from(sorted(kb.service_types))),
        "value_gbp": draw(st.one_of(
            st.integers(min_value=1, max_value=100_000_000_000),
            st.floats(min_value=0.01, max_value=1e11, allow_nan=False, allow_infinity=False),
            st.sampled_from([4_999, 5_000_000, 5_000_001, 213_477, 5_372_609]))),
        "duration_months": draw(st.integers(min_value=1, max_value=600)),
        "places": draw(st.lists(st.sampled_from(sorted(kb.places)), max_size=4, unique=True)),
        "local_needs": draw(st.lists(st.sampled_from(sorted(kb.needs)), max_size=5, unique=True)),
        "lots": draw(st.integers(min_value=1, max_value=50)),
    }
    if (central := draw(maybe_bool)) is not None:
        data["buyer"]["central_government_authority"] = central
    procedure = kb.regimes.regimes[regime].procedures[data["route"]["procedure"]]
    impossible = {bad.fact for bad in procedure.not_with}  # rejected with a message instead
    for flag in ROUTE_FLAGS:
        if (value := draw(maybe_bool)) is not None and not (value and flag in impossible):
            data["route"][flag] = value
    if (vcfse := draw(maybe_bool)) is not None:
        data["vcfse_suitable"] = vcfse
    # 0 or 1 to 100: a value between 0 and 1 is refused as Excel's fraction (FINDINGS R38).
    pct = st.one_of(st.none(), st.just(0.0), st.floats(min_value=1, max_value=100))
    evaluation = {k: v for k in ("social_value_pct", "qualitative_pct")
                  if (v := draw(pct)) is not None}
    if evaluation:
        data["evaluation"] = evaluation
    if draw(st.booleans()):
        # Any subset of dates, in any order: out-of-order and missing dates must be reported as
        # checks, never raise.
        data["timetable"] = {k: d for k in DATE_KEYS
                             if draw(st.booleans()) and (d := draw(dates)) is not None}
    if with_overrides:
        reason = st.text(typed, min_size=3, max_size=80).filter(lambda s: len(s.strip()) >= 3)
        data["overrides"] = draw(st.lists(st.fixed_dictionaries({
            "measure": st.sampled_from(kb.framework.measure_refs),
            "action": st.sampled_from(["add", "remove"]), "reason": reason}), max_size=4,
            unique_by=lambda o: o["measure"]))  # one override per measure (no contradictions)
        wording = st.text(typed, min_size=1, max_size=200).filter(lambda s: bool(s.strip()))
        data["questions"] = draw(st.lists(st.one_of(
            st.fixed_dictionaries({
                "question": st.sampled_from(kb.question_ids),
                "action": st.sampled_from(["add", "remove"]), "reason": reason,
                "text": st.one_of(st.none(), st.text(typed, max_size=200))}),
            st.fixed_dictionaries({  # an edit always carries its new wording
                "question": st.sampled_from(kb.question_ids), "action": st.just("edit"),
                "reason": reason, "text": wording})), max_size=3,
            unique_by=lambda q: q["question"]))
    return data


@FAST
@given(spec_data())
def test_any_valid_spec_assesses(data: dict[str, Any]) -> None:
    spec = TenderSpec.model_validate(data, context={"kb": KB})
    a = assess(spec, KB, today=TODAY)
    assert a.band.id in {b.id for b in KB.rules.bands}
    assert len(a.measures) == len(KB.framework.measures)
    assert all(m.reasons for m in a.measures if m.status != "excluded" or m.overridden)
    assert all(c.status in ("pass", "warn", "fail") and c.message and c.source for c in a.checks)
    assert 0 <= a.weighting.social_value_pct <= 100
    assert (a.timetable is not None) == (spec.timetable is not None)
    assert a.worst_status in ("pass", "warn", "fail")


@settings(FAST, max_examples=8)
@given(spec_data())
def test_any_valid_spec_builds_documents_that_reopen(data: dict[str, Any]) -> None:
    spec = TenderSpec.model_validate(data, context={"kb": KB})
    a = assess(spec, KB, today=TODAY)
    with tempfile.TemporaryDirectory() as tmp:
        paths = build_pack(a, Path(tmp) / "pack", kb=KB, draft=bool(a.blocking_checks()))
        assert paths
        *documents, workbook = paths
        for path in documents:
            document = docx.Document(str(path))
            assert document.paragraphs
            assert document.core_properties.language == "en-GB"
        assert "Commitments" in load_workbook(workbook).sheetnames  # the workbook reopens too


# --------------------------------------------------------------------------- forward-plan rows


def _reader() -> RowReader:
    header = [c.name for c in COLUMNS]
    info = PlanInfo(Path("plan.csv"), "plan.csv", header, list(enumerate(COLUMNS)), [], 1, 2)
    return RowReader(info, KB)


READER = _reader()
KNOWN_COLUMNS = {c.name for c in COLUMNS} | {"row"}


def _cell_for(name: str, data: dict[str, Any], draw: st.DrawFn) -> str:
    """The CSV text a commissioner might type for this column of the spec."""
    buyer, route = data["buyer"], data["route"]
    timetable = data.get("timetable", {})
    evaluation = data.get("evaluation", {})
    yes_no = {True: draw(st.sampled_from(["yes", "Yes", "Y", "true"])),
              False: draw(st.sampled_from(["no", "No", "N", "false"])), None: ""}
    if name == "title":
        return str(data["title"])
    if name == "buyer":
        return str(buyer["name"])
    if name == "sector":
        return str(buyer["sector"]).replace("_", draw(st.sampled_from(["_", " ", "-"])))
    if name in ("regime", "procedure"):
        return str(route[name])
    if name == "service_type":
        return KB.service_types[data["service_type"]].name if draw(st.booleans()) \
            else str(data["service_type"])
    if name == "value_gbp":
        value = data["value_gbp"]
        return draw(st.sampled_from([f"£{value:,}", f"{value}", f"£ {value:,}"]))
    if name in ("duration_months", "lots"):
        return str(data.get(name, ""))
    if name in ("places", "local_needs"):
        return draw(st.sampled_from(["; ", ";", ", "])).join(data[name])
    if name in ("vcfse_suitable",):
        return yes_no[data.get(name)]
    if name == "central_government_authority":
        return yes_no[buyer.get(name)]
    if name in ("social_value_pct", "qualitative_pct"):
        return "" if name not in evaluation else f"{evaluation[name]:g}%"
    if name in DATE_KEYS:
        d = timetable.get(name)
        if d is None:
            return ""
        return str(draw(st.sampled_from([d.isoformat(), d.strftime("%d/%m/%Y"),
                                     f"{d.day} {d.strftime('%B')} {d.year}"])))
    return yes_no[route.get(name)]


@st.composite
def plan_rows(draw: st.DrawFn) -> tuple[dict[str, Any], list[str]]:
    data = draw(spec_data(with_overrides=False))
    data["value_gbp"] = draw(st.integers(min_value=1, max_value=100_000_000_000))
    data["title"] = data["title"].strip()
    data["buyer"]["name"] = data["buyer"]["name"].strip()
    if "evaluation" in data:
        data["evaluation"] = {k: round(v, 2) for k, v in data["evaluation"].items()}
    return data, [_cell_for(c.name, data, draw) for c in COLUMNS]


@FAST
@given(plan_rows())
def test_a_row_written_from_a_valid_spec_reads_back_as_that_spec(
        row: tuple[dict[str, Any], list[str]]) -> None:
    data, cells = row
    got = READER.row(7, cells)
    assert isinstance(got, RowSpec), got.problems if isinstance(got, RowSkipped) else got
    expected = TenderSpec.model_validate(data, context={"kb": KB})
    assert got.spec.model_dump() == expected.model_dump()
    assert got.slug.startswith("007-")


junk = st.one_of(st.text(max_size=30), st.sampled_from(
    ["", " ", "£", "-1", "1e400", "NaN", "inf", "31/02/2027", "2027-13-01", "0", "yes", "no",
     "liverpool;;", "£1,2,3", "9" * 40, "\u00a3 5", "1 Smarch 2027", "00/00/0000", "%"]))


@FAST
@given(plan_rows(), st.dictionaries(st.integers(min_value=0, max_value=len(COLUMNS) - 1), junk,
                                    max_size=6), st.integers(min_value=0, max_value=3))
def test_any_row_is_a_spec_or_a_skipped_row_with_reasons(
        row: tuple[dict[str, Any], list[str]], damage: dict[int, str], extra: int) -> None:
    _, cells = row
    for index, value in damage.items():
        cells[index] = value
    cells += ["x"] * extra
    got = READER.row(9, cells)
    if isinstance(got, RowSkipped):
        assert got.problems
        for problem in got.problems:
            assert problem.line == 9 and problem.field in KNOWN_COLUMNS and problem.message
    else:
        assert isinstance(got.spec, TenderSpec)
        assess(got.spec, KB, today=TODAY)
