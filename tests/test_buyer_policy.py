"""Whose policy binds the buyer: NHS England's rules for NHS bodies in England only, Northern
Ireland's PPN 01/21 for its public bodies, Wales's own policy; and no tender weighting for a
procedure with no competition (FINDINGS R44 and R49)."""

from __future__ import annotations

from typing import Any

import pytest

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.results import Assessment

from .conftest import run

NHS_ENGLAND = ("weighting.nhs-minimum", "commitment.nhs-climate", "carbon-plan.nhs-proportionate")


def _health(kb: KnowledgeBase, name: str, nation: str, **fields: Any) -> Assessment:
    data: dict[str, Any] = {
        "title": "Community dental service",
        "buyer": {"name": name, "sector": "nhs", "nation": nation,
                  "devolved_authority": nation != "england"},
        "service_type": "community_health", "value_gbp": 1_500_000, "duration_months": 36,
        "places": ["liverpool"] if nation == "england" else [],
        "local_needs": ["health_inequalities"],
        "route": {"regime": "procurement_act_2023", "procedure": "open"},
        "evaluation": {"social_value_pct": 5}}
    data.update(fields)
    return run(kb, **data)


def _rules_used(a: Assessment) -> set[str]:
    used = {c.id for c in a.checks} | {r.rule for r in a.carbon_reduction_plan.reasons}
    used |= {r.rule for r in a.weighting.reasons}
    return used | {r.rule for m in a.measures for r in m.reasons}


def _check(a: Assessment, check_id: str) -> str:
    return next(c.status for c in a.checks if c.id == check_id)


def test_an_english_icb_is_held_to_nhs_englands_rules(kb: KnowledgeBase) -> None:
    a = _health(kb, "Cheshire and Merseyside ICB", "england")
    assert set(NHS_ENGLAND) <= _rules_used(a)
    assert _check(a, "weighting.nhs-minimum") == "fail"  # 5% under the 10% minimum
    assert a.carbon_reduction_plan.value == "proportionate"
    assert next(m.status for m in a.measures if m.ref == "NT83") == "excluded"


@pytest.mark.parametrize(("name", "nation"), [
    ("Cwm Taf Morgannwg University Health Board", "wales"),
    ("Belfast Health and Social Care Trust", "northern_ireland"),
])
def test_nhs_englands_rules_do_not_bind_welsh_or_northern_ireland_health_bodies(
        kb: KnowledgeBase, name: str, nation: str) -> None:
    a = _health(kb, name, nation)
    assert not set(NHS_ENGLAND) & _rules_used(a)
    assert a.carbon_reduction_plan.value == "not_required"
    assert not any("NHS England" in r.source for m in a.measures for r in m.reasons)


def test_a_welsh_health_board_gets_a_pointer_to_the_wales_policy_not_a_fail(
        kb: KnowledgeBase) -> None:
    a = _health(kb, "Cwm Taf Morgannwg University Health Board", "wales")
    assert not [c for c in a.checks if c.category == "weighting" and c.status == "fail"]
    wales = next(c for c in a.checks if c.id == "weighting.wales-policy")
    assert wales.status == "warn" and "Wales procurement policy statement" in wales.message
    assert a.weighting.minimum_social_value_pct == 0


def test_a_northern_ireland_hsc_trust_is_held_to_ppn_01_21(kb: KnowledgeBase) -> None:
    a = _health(kb, "Belfast Health and Social Care Trust", "northern_ireland")
    ni = next(c for c in a.checks if c.id == "weighting.northern-ireland-minimum")
    assert ni.status == "fail" and "PPN 01/21" in ni.source
    assert a.weighting.minimum_social_value_pct == 10
    # The Living Wage is a condition of contract there: paying it is not additional.
    nt41 = next(m for m in a.measures if m.ref == "NT41")
    assert nt41.status == "excluded"
    assert nt41.reasons[-1].rule == "additionality.northern-ireland-living-wage"
    assert _check(_health(kb, "Belfast Health and Social Care Trust", "northern_ireland",
                          evaluation={"social_value_pct": 10}),
                  "weighting.northern-ireland-minimum") == "pass"


def test_ppn_01_21_leaves_northern_ireland_councils_and_goods_alone(kb: KnowledgeBase) -> None:
    council = run(kb, buyer={"name": "Belfast City Council", "sector": "local_authority",
                             "nation": "northern_ireland"}, places=[],
                  route={"regime": "procurement_act_2023", "procedure": "open"})
    assert "weighting.northern-ireland-minimum" not in {c.id for c in council.checks}
    goods = run(kb, buyer={"name": "Department of Health (NI)", "sector": "other_public",
                           "nation": "northern_ireland"}, places=[],
                service_type="goods_supplies",
                route={"regime": "procurement_act_2023", "procedure": "open"})
    assert "weighting.northern-ireland-minimum" not in {c.id for c in goods.checks}


NON_COMPETITIVE = [
    ("provider_selection_regime", "direct_award_a"),
    ("provider_selection_regime", "direct_award_b"),
    ("provider_selection_regime", "direct_award_c"),
    ("provider_selection_regime", "most_suitable_provider"),
    ("procurement_act_2023", "direct_award"),
]


@pytest.mark.parametrize(("regime", "procedure"), NON_COMPETITIVE)
def test_a_direct_award_is_not_failed_on_a_tender_weighting(
        kb: KnowledgeBase, regime: str, procedure: str) -> None:
    a = run(kb, buyer={"name": "Cheshire and Merseyside ICB", "sector": "nhs"},
            service_type="mental_health", value_gbp=3_000_000, duration_months=36,
            places=["sefton"], route={"regime": regime, "procedure": procedure},
            evaluation={"social_value_pct": 5})
    assert a.competitive is False
    weighting = [c for c in a.checks if c.category == "weighting"]
    assert not [c for c in weighting if c.status == "fail"]
    assert not {"weighting.nhs-minimum", "weighting.qualitative-minimum"} & {c.id for c in weighting}
    none = next(c for c in weighting if c.id == "weighting.no-competition")
    assert none.status == "warn" and "contract" in none.message
    key = [c for c in weighting if c.id == "weighting.psr-key-criteria-without-competition"]
    assert bool(key) == (procedure in ("direct_award_c", "most_suitable_provider"))
    # The climate theme is still agreed with the provider: commitments do not depend on a score.
    assert "commitment.nhs-climate" in {c.id for c in a.checks}


def test_a_competitive_process_keeps_its_weighting_checks(kb: KnowledgeBase) -> None:
    a = run(kb, buyer={"name": "Cheshire and Merseyside ICB", "sector": "nhs"},
            service_type="mental_health", value_gbp=3_000_000, duration_months=36,
            route={"regime": "provider_selection_regime", "procedure": "competitive_process"},
            evaluation={"social_value_pct": 5})
    assert a.competitive is True
    assert _check(a, "weighting.nhs-minimum") == "fail"
    assert "weighting.no-competition" not in {c.id for c in a.checks}


def test_central_government_is_told_to_use_the_government_social_value_model(
        kb: KnowledgeBase) -> None:
    dwp = run(kb, buyer={"name": "Department for Work and Pensions",
                         "sector": "central_government"},
              service_type="facilities_management", value_gbp=3_000_000, duration_months=36,
              route={"regime": "procurement_act_2023", "procedure": "open"})
    model = next(c for c in dwp.checks if c.id == "commitment.government-social-value-model")
    assert model.status == "warn" and model.category == "commitment"
    assert "Government Social Value Model" in model.message and "PPN 002" in model.source
    council = run(kb, service_type="facilities_management", value_gbp=3_000_000,
                  route={"regime": "procurement_act_2023", "procedure": "open"})
    assert "commitment.government-social-value-model" not in {c.id for c in council.checks}


def test_the_needs_question_reason_reads_for_a_board_and_claims_no_analysis(
        kb: KnowledgeBase) -> None:
    a = _health(kb, "Cwm Taf Morgannwg University Health Board", "wales")
    q = next(q for q in a.questions if any(r.rule == "questions.needs-led" for r in q.reasons))
    why = next(r.why for r in q.reasons if r.rule == "questions.needs-led")
    assert why.startswith("This tender names local needs") and "The spec" not in why
    assert "Local Needs Analysis" not in why  # none was given


def test_bank_guidance_names_no_area_to_other_buyers(kb: KnowledgeBase) -> None:
    for q in kb.questions:
        assert "Cheshire and Merseyside" not in q.guidance, q.id
