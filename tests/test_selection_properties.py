"""Invariants of the selection, as property tests (issue 12 item 9).

- A larger contract never gets fewer recommended measures or a lower weighting.
- Adding a local need never silently removes a need-led measure: it stays recommended, or
  becomes optional with a reason naming the measures kept ahead of it.
- Changing the places alone changes no measure or question (no place rule says otherwise).
- The handful limit holds for every buyer, NHS included.
- Nothing the specification already requires is recommended (additionality, seed 6.4).

Hypothesis runs derandomized and small (see tests/test_property.py) to keep the suite fast.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from svauthor.domain.engine import assess
from svauthor.domain.results import Assessment
from svauthor.domain.spec import TenderSpec

from .conftest import TODAY
from .test_property import FAST, KB, spec_data

PLACE_RULE_FACTS = ("places", "nations")


def _assess(data: dict[str, Any]) -> Assessment:
    return assess(TenderSpec.model_validate(data, context={"kb": KB}), KB, today=TODAY)


def _recommended(a: Assessment) -> set[str]:
    return {m.ref for m in a.measures_with("recommended")}


@settings(FAST, max_examples=30)
@given(spec_data(with_overrides=False), st.sampled_from([1.5, 2, 10, 100]))
def test_a_larger_contract_never_gets_fewer_measures_or_less_weight(
        data: dict[str, Any], factor: float) -> None:
    data["value_gbp"] = min(float(data["value_gbp"]), 1e9)
    small = _assess(data)
    big = _assess({**data, "value_gbp": data["value_gbp"] * factor})
    assert len(_recommended(big)) >= len(_recommended(small))
    assert big.weighting.social_value_pct >= small.weighting.social_value_pct


@settings(FAST, max_examples=30)
@given(spec_data(with_overrides=False), st.sampled_from(sorted(KB.needs)))
def test_adding_a_need_never_silently_removes_a_need_led_measure(
        data: dict[str, Any], need: str) -> None:
    if need in data["local_needs"]:
        return
    before = _assess(data)
    after = _assess({**data, "local_needs": [*data["local_needs"], need]})
    by_ref = {m.ref: m for m in after.measures}
    for m in before.measures_with("recommended"):
        if not any(r.rule.startswith("need.") for r in m.reasons):
            continue
        now = by_ref[m.ref]
        if now.status == "recommended":
            continue
        last = now.reasons[-1]
        assert now.status == "optional", (m.ref, now.reasons)
        kept = _recommended(after)
        assert kept and any(ref in last.why for ref in kept), (m.ref, last)


@settings(FAST, max_examples=25)
@given(spec_data(with_overrides=False), st.lists(st.sampled_from(sorted(KB.places)),
                                                  max_size=4, unique=True))
def test_changing_the_places_alone_changes_no_measure_or_question(
        data: dict[str, Any], places: list[str]) -> None:
    place_rules = [r for r in KB.rules.measure_rules if r.when and any(
        f in str(r.when) for f in PLACE_RULE_FACTS)]
    assert not place_rules  # if a place rule is ever added, this test must learn its effect
    a = _assess(data)
    b = _assess({**data, "places": places})
    assert [(m.ref, m.status) for m in a.measures] == [(m.ref, m.status) for m in b.measures]
    assert [q.id for q in a.questions] == [q.id for q in b.questions]


@settings(FAST, max_examples=40)
@given(spec_data(with_overrides=False), st.sampled_from(["nhs", "local_authority",
                                                         "central_government", "other_public"]))
def test_the_handful_limit_holds_for_every_buyer(data: dict[str, Any], sector: str) -> None:
    data["buyer"]["sector"] = sector
    a = _assess(data)
    assert len(a.measures_with("recommended")) <= a.band.max_measures
    assert len(a.questions) <= a.band.max_questions
    if sector == "nhs":
        climate = [r for r in KB.rules.measure_rules if r.id == "commitment.nhs-climate"]
        assert _recommended(a) & set(climate[0].measures)


@settings(FAST, max_examples=25)
@given(spec_data(with_overrides=False),
       st.lists(st.sampled_from(KB.framework.measure_refs), min_size=1, max_size=4, unique=True))
def test_what_the_specification_already_requires_is_never_recommended(
        data: dict[str, Any], required: list[str]) -> None:
    a = _assess({**data, "already_required": required})
    assert not _recommended(a) & set(required)
    if data["buyer"]["sector"] == "nhs":  # the climate theme is still carried by another measure
        climate = [r for r in KB.rules.measure_rules if r.id == "commitment.nhs-climate"]
        if set(climate[0].measures) - set(required):
            assert _recommended(a) & (set(climate[0].measures) - set(required))
