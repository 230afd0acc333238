"""The shipped framework and vocabulary data load, validate and agree with each other."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from svauthor.domain.framework import Framework
from svauthor.domain.vocab import Need, Place, ServiceType

RULES = Path(__file__).resolve().parent.parent / "rules"

PARTNER_VCFSE = {"NT14", "NT15", "NT16", "NT17"}

OUTCOME_IDS = {
    "local_employment", "disadvantaged_opportunities", "improved_skills", "skills_disadvantaged",
    "youth_employability", "msme_vcse_opportunities", "reducing_inequalities",
    "ethical_procurement", "staff_wellbeing", "crime_reduced", "healthier_community",
    "independent_living", "community_working", "carbon_reduced", "air_pollution",
    "natural_environment",
}

SERVICE_TYPE_IDS = {
    "community_health", "mental_health", "adult_social_care", "children_and_families",
    "community_support", "construction_works", "facilities_management", "digital_ict",
    "professional_services", "goods_supplies", "transport",
    # Added for what councils and the NHS really buy (ids agreed across the project).
    "housing_related_support", "domestic_abuse", "substance_misuse", "employment_support",
    "youth_services", "food_catering", "fleet_vehicles", "highways_infrastructure",
    "leisure_culture", "waste_management",
}

PLACE_IDS = {
    "cheshire_east", "cheshire_west_and_chester", "halton", "knowsley", "liverpool", "sefton",
    "st_helens", "warrington", "wirral",
}

NEED_IDS = {
    "unemployment", "youth_opportunity", "skills", "child_poverty", "health_inequalities",
    "mental_wellbeing", "isolation", "homelessness", "crime", "local_economy", "vcfse_capacity",
    "carbon", "air_quality", "natural_environment", "digital_exclusion",
    "domestic_abuse", "food_insecurity", "fuel_poverty",
}


def _load(relative: str) -> dict[str, Any]:
    with (RULES / relative).open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


@pytest.fixture(scope="module")
def framework() -> Framework:
    return Framework.model_validate(_load("frameworks/cm_toms.yaml"))


@pytest.fixture(scope="module")
def service_types() -> list[ServiceType]:
    items = _load("service_types.yaml")["service_types"]
    return [ServiceType.model_validate(item) for item in items]


@pytest.fixture(scope="module")
def places() -> list[Place]:
    return [Place.model_validate(item) for item in _load("places.yaml")["places"]]


@pytest.fixture(scope="module")
def needs() -> list[Need]:
    return [Need.model_validate(item) for item in _load("needs.yaml")["needs"]]


# ---- framework ----

def test_framework_identity(framework: Framework) -> None:
    assert framework.id == "cm_toms"
    assert "CC BY-NC-ND" in framework.licence_note


def test_measure_count_found_is_52_and_claim_of_53_is_recorded(framework: Framework) -> None:
    assert len(framework.measures) == 52
    assert len(set(framework.measure_refs)) == 52
    assert framework.claimed_measure_count == 53
    counts = [d for d in framework.discrepancies if d.id == "measure_count"]
    assert len(counts) == 1
    assert "53" in counts[0].note and "52" in counts[0].note


def test_sixteen_outcomes_with_fixed_ids(framework: Framework) -> None:
    assert len(framework.outcomes) == 16
    assert set(framework.outcome_ids) == OUTCOME_IDS


def test_five_themes(framework: Framework) -> None:
    assert framework.theme_ids == ["jobs", "growth", "social", "environment", "innovation"]


def test_outcomes_per_theme_follow_section_4_3(framework: Framework) -> None:
    per_theme = {t: 0 for t in framework.theme_ids}
    for outcome in framework.outcomes:
        per_theme[outcome.theme] += 1
    assert per_theme == {"jobs": 5, "growth": 3, "social": 5, "environment": 3, "innovation": 0}


def test_every_outcome_has_a_measure(framework: Framework) -> None:
    used = {m.outcome for m in framework.measures}
    assert used == OUTCOME_IDS


def test_partner_vcfse_is_exactly_nt14_to_nt17(framework: Framework) -> None:
    flagged = {m.ref for m in framework.measures if m.partner_vcfse}
    assert flagged == PARTNER_VCFSE
    assert {framework.measures_by_ref[r].outcome for r in PARTNER_VCFSE} == {
        "msme_vcse_opportunities"
    }


def test_nt81_note_explains_duplicate_of_nt2(framework: Framework) -> None:
    nt81 = framework.measures_by_ref["NT81"]
    assert "NT2" in nt81.note
    assert nt81.unit == framework.measures_by_ref["NT2"].unit
    assert any(d.id == "nt81_duplicates_nt2" for d in framework.discrepancies)


def test_expected_discrepancies_recorded(framework: Framework) -> None:
    ids = {d.id for d in framework.discrepancies}
    assert {
        "measure_count", "nt81_duplicates_nt2", "theme_column_lost", "innovation_theme_empty",
        "air_pollution_typo", "evaluation_weighting_typo", "partner_vcfse_measures",
        "nhs_minimum_weighting_source",
    } <= ids
    for d in framework.discrepancies:
        assert d.note and d.resolution


def test_marmot_principles_listed_but_not_mapped(framework: Framework) -> None:
    assert [p.number for p in framework.marmot_principles] == [1, 2, 3, 4, 5, 6]
    assert all(o.marmot_principles == [] for o in framework.outcomes)
    assert framework.marmot_mapping_note


@pytest.mark.parametrize(
    ("ref", "unit"),
    [
        ("NT1", "fte"), ("NT2", "percent"), ("NT8", "hours"), ("NT10", "weeks"),
        ("NT14", "gbp"), ("NT15", "hours"), ("NT31", "tonnes_co2e"), ("NT32", "miles"),
        ("NT83", "initiative"), ("C19-18", "initiative"),
    ],
)
def test_selected_units(framework: Framework, ref: str, unit: str) -> None:
    assert framework.measures_by_ref[ref].unit == unit


def test_long_term_commitment_tags(framework: Framework) -> None:
    tagged = {m.ref for m in framework.measures if "long_term_commitment" in m.tags}
    assert {"NT9", "NT10", "NT80", "NT20"} <= tagged


# ---- vocabularies ----

def test_all_service_types_present(service_types: list[ServiceType]) -> None:
    ids = [s.id for s in service_types]
    assert len(ids) == len(set(ids)) == 21
    assert set(ids) == SERVICE_TYPE_IDS
    by_id = {s.id: s for s in service_types}
    assert {s.id for s in service_types if s.works} == {"construction_works",
                                                          "highways_infrastructure"}
    assert {s.id for s in service_types if s.health_care} == {"community_health", "mental_health",
                                                              "substance_misuse"}
    assert all(by_id[i].light_touch for i in ("community_health", "mental_health"))


def test_all_places_present_and_in_england(places: list[Place]) -> None:
    ids = [p.id for p in places]
    assert len(ids) == len(set(ids)) == 9
    assert set(ids) == PLACE_IDS
    assert all(p.nation == "England" for p in places)
    assert all(p.area == "Cheshire and Merseyside" for p in places)


def test_all_needs_present(needs: list[Need]) -> None:
    ids = [n.id for n in needs]
    assert len(ids) == len(set(ids)) == 18
    assert set(ids) == NEED_IDS


def test_needs_point_at_real_outcomes_and_measures(
    needs: list[Need], framework: Framework
) -> None:
    for need in needs:
        assert 1 <= len(need.outcomes) <= 3, need.id
        assert 2 <= len(need.measures) <= 5, need.id
        unknown_outcomes = set(need.outcomes) - set(framework.outcome_ids)
        unknown_measures = set(need.measures) - set(framework.measure_refs)
        assert not unknown_outcomes, f"{need.id}: {unknown_outcomes}"
        assert not unknown_measures, f"{need.id}: {unknown_measures}"
        # each measure serves one of the need's own outcomes
        for ref in need.measures:
            assert framework.measures_by_ref[ref].outcome in need.outcomes, f"{need.id}: {ref}"


def test_vcfse_need_uses_partner_measures(needs: list[Need]) -> None:
    vcfse = next(n for n in needs if n.id == "vcfse_capacity")
    assert set(vcfse.measures) == PARTNER_VCFSE
