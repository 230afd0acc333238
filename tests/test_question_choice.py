"""Every question in the bank is chosen, by the rules alone, for at least one realistic tender.

A question nobody's tender ever gets is dead weight in the bank (issue 12 item 8). Each case
below is a tender a Cheshire and Merseyside commissioner could plausibly run; the test also
checks the questions of each pack spread across themes before repeating one.
"""

from __future__ import annotations

from typing import Any

import pytest

from svauthor.domain.knowledge import KnowledgeBase

from .conftest import run

LA = {"name": "Council", "sector": "local_authority"}
NHS = {"name": "NHS Cheshire and Merseyside ICB", "sector": "nhs",
       "central_government_authority": False}

#: question id -> (what the tender is, its spec fields)
CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "partner-vcfse": ("£45,000 befriending service", dict(
        service_type="community_support", value_gbp=45_000, local_needs=["isolation"])),
    "local-needs-response": ("£600,000 carers' support with unemployment named", dict(
        service_type="community_support", value_gbp=600_000, local_needs=["unemployment"])),
    "joint-vcfse-programme": ("£9m community health service", dict(
        service_type="community_health", value_gbp=9_000_000, duration_months=60)),
    "carbon-net-zero": ("£2m council FM contract", dict(
        service_type="facilities_management", value_gbp=2_000_000, duration_months=48)),
    "green-travel": ("£2m district nursing service with poor air quality named", dict(
        service_type="community_health", value_gbp=2_000_000, local_needs=["air_quality"])),
    "green-spaces-and-nature": ("£9m school building programme, green space named", dict(
        service_type="construction_works", value_gbp=9_000_000, duration_months=36,
        local_needs=["natural_environment"])),
    "waste-and-plastics": ("£2m IT hardware and support contract, waste named", dict(
        service_type="digital_ict", value_gbp=2_000_000, duration_months=48,
        local_needs=["natural_environment"])),
    "local-and-small-suppliers": ("£9m highways maintenance, local economy named", dict(
        service_type="highways_infrastructure", value_gbp=9_000_000, duration_months=48,
        local_needs=["local_economy"])),
    "real-living-wage": ("£1.5m home care contract", dict(
        service_type="adult_social_care", value_gbp=1_500_000, duration_months=36)),
    "ethical-supply-chain": ("£300,000 clinical consumables for an ICB", dict(
        service_type="goods_supplies", value_gbp=300_000, buyer=NHS)),
    "local-recruitment": ("£400,000 community wellbeing service", dict(
        service_type="community_support", value_gbp=400_000, duration_months=36)),
    "inclusive-recruitment": ("£2m mental health recovery service, unemployment named", dict(
        service_type="mental_health", value_gbp=2_000_000, duration_months=36,
        local_needs=["unemployment"])),
    "disability-employment": ("£300,000 mental health peer support", dict(
        service_type="mental_health", value_gbp=300_000, duration_months=24)),
    "care-leavers-and-young-people": ("£800,000 early help, young people's opportunities named",
                                      dict(service_type="children_and_families",
                                           value_gbp=800_000, duration_months=36,
                                           local_needs=["youth_opportunity"])),
    "schools-and-careers": ("£250,000 nine-month council website rebuild", dict(
        service_type="digital_ict", value_gbp=250_000, duration_months=9)),
    "apprenticeships-and-training": ("£2m supported living service, low skills named", dict(
        service_type="adult_social_care", value_gbp=2_000_000, duration_months=48,
        local_needs=["skills"])),
    "support-into-work": ("£2m mental health service, digital exclusion named", dict(
        service_type="mental_health", value_gbp=2_000_000, duration_months=36,
        local_needs=["digital_exclusion"])),
    "paid-work-placements": ("£400,000 IT service desk, child poverty named", dict(
        service_type="digital_ict", value_gbp=400_000, duration_months=36,
        local_needs=["child_poverty"])),
    "staff-wellbeing": ("£2m children's residential support, wellbeing named", dict(
        service_type="children_and_families", value_gbp=2_000_000, duration_months=48,
        local_needs=["mental_wellbeing"])),
    "crime-reduction": ("£9m town centre regeneration works, crime named", dict(
        service_type="construction_works", value_gbp=9_000_000, duration_months=36,
        local_needs=["crime"])),
    "homelessness-and-rough-sleeping": ("£2m town hall FM, homelessness named", dict(
        service_type="facilities_management", value_gbp=2_000_000, duration_months=48,
        local_needs=["homelessness"])),
    "community-health-initiatives": ("£2m school meals, wellbeing named", dict(
        service_type="food_catering", value_gbp=2_000_000, duration_months=36,
        local_needs=["mental_wellbeing"])),
    "community-networks": ("£2m library IT and public access, isolation named", dict(
        service_type="digital_ict", value_gbp=2_000_000, duration_months=48,
        local_needs=["isolation"])),
    "volunteering-in-delivery": ("£400,000 community health service", dict(
        service_type="community_health", value_gbp=400_000, duration_months=36)),
    "community-investment": ("£2m advice and community support, domestic abuse named", dict(
        service_type="community_support", value_gbp=2_000_000, duration_months=48,
        local_needs=["domestic_abuse"])),
}


def test_every_bank_question_has_a_realistic_tender(kb: KnowledgeBase) -> None:
    assert set(CASES) == set(kb.question_ids)


@pytest.mark.parametrize("question", sorted(CASES))
def test_the_rules_choose_the_question_for_its_tender(kb: KnowledgeBase, question: str) -> None:
    story, fields = CASES[question]
    a = run(kb, **{"buyer": LA, "duration_months": 24, **fields})
    asked = [q.id for q in a.questions]
    assert question in asked, (story, asked)


def test_a_big_works_contract_gets_a_carbon_question_and_spreads_its_themes(
        kb: KnowledgeBase) -> None:
    a = run(kb, buyer=LA, service_type="construction_works", value_gbp=25_000_000,
            duration_months=36, local_needs=["unemployment", "skills", "youth_opportunity"])
    asked = [q.id for q in a.questions]
    assert "carbon-net-zero" in asked
    jobs = [q for q in a.questions if kb.framework.outcomes_by_id[q.outcomes[0]].theme == "jobs"]
    assert len(jobs) <= 2, asked  # not three recruitment questions


def test_light_band_questions_are_short_versions_where_the_bank_has_one(
        kb: KnowledgeBase) -> None:
    a = run(kb, buyer=LA, service_type="community_support", value_gbp=45_000)
    bank = {q.id: q for q in kb.questions}
    for q in a.questions:
        if bank[q.id].short_question:
            assert q.text == bank[q.id].short_question.strip()


@pytest.mark.parametrize("value, asked", [(60_000, False), (150_000, True)])
def test_the_needs_led_question_starts_in_the_standard_band(
        kb: KnowledgeBase, value: int, asked: bool) -> None:
    """A Light ask keeps its two short questions for Partner VCFSE and the main ask; from the
    Standard band a named need the contract can add to gets its own open question."""
    a = run(kb, buyer=LA, service_type="community_support", value_gbp=value,
            duration_months=12, local_needs=["unemployment"])
    assert ("local-needs-response" in [q.id for q in a.questions]) is asked
    # either way the named need's measures stay in the pack, asked for or offered
    assert any(r.rule == "need.unemployment" for m in a.measures
               if m.status in ("recommended", "optional") for r in m.reasons)


@pytest.mark.parametrize("months, band", [(84, "enhanced"), (60, "major"), (12, "major")])
def test_a_long_contract_under_a_million_a_year_is_not_major(
        kb: KnowledgeBase, months: int, band: str) -> None:
    a = run(kb, buyer=LA, service_type="facilities_management", value_gbp=6_500_000,
            duration_months=months)
    assert a.band.id == band
