"""Who and when a regime governs: the Provider Selection Regime binds only relevant authorities
(FINDINGS R40); thresholds and regimes by commencement date (FINDINGS R42)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from svauthor.cli import main
from svauthor.yamlio import dump_yaml

PSR = {"regime": "provider_selection_regime", "procedure": "competitive_process"}
PSR_DATES = {"tender_published": "2027-03-01", "clarification_deadline": "2027-03-15",
             "tender_deadline": "2027-04-12", "award_notice": "2027-05-04",
             "contract_start": "2027-07-01"}


def _run(capsys: pytest.CaptureFixture[str], tmp_path: Path, today: str,
         **fields: Any) -> tuple[int, dict[str, Any]]:
    data: dict[str, Any] = {
        "title": "Talking therapies", "buyer": {"name": "Buyer", "sector": "nhs"},
        "route": PSR, "service_type": "mental_health", "value_gbp": 2_000_000,
        "duration_months": 36, "places": ["liverpool"], "local_needs": [],
        "vcfse_suitable": False, "timetable": PSR_DATES}
    data.update(fields)
    spec = tmp_path / "spec.yaml"
    spec.write_text(dump_yaml(data), encoding="utf-8")
    code = main(["check", str(spec), "--json", "--today", today])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, {c["id"]: c for c in json.loads(out)["checks"]}


@pytest.mark.parametrize(("name", "sector"), [
    ("Department of Health and Social Care", "central_government"),
    ("Liverpool John Moores University", "other_public"),
])
def test_the_psr_does_not_govern_a_body_that_is_not_a_relevant_authority(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, sector: str) -> None:
    code, checks = _run(capsys, tmp_path, "2027-01-01",
                        buyer={"name": name, "sector": sector})
    assert code == 1
    applies = checks["regime.applies"]
    assert applies["status"] == "fail" and "relevant authorities" in applies["message"]
    assert "Procurement Act 2023" in applies["message"] and "s.12ZB" in applies["source"]
    assert applies["legal_requirement"] is not None
    # Nothing of the Regime is presented as if it applied.
    assert "timetable.psr_standstill" not in checks
    assert checks["timetable.jurisdiction"]["status"] == "fail"


@pytest.mark.parametrize("sector", ["nhs", "local_authority"])
def test_the_psr_governs_nhs_bodies_and_councils(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, sector: str) -> None:
    _, checks = _run(capsys, tmp_path, "2027-01-01", buyer={"name": "Buyer", "sector": sector})
    assert checks["regime.applies"]["status"] == "pass"
    assert checks["timetable.psr_standstill"]["status"] == "pass"


PCR_OPEN = {"regime": "public_contracts_regulations_2015", "procedure": "open"}


@pytest.mark.parametrize(("value", "published", "rule", "status", "above"), [
    # 1 January 2022 to 31 December 2023: £213,477 including VAT (SI 2021/1221, PPN 10/21).
    (214_000, "2023-06-05", "threshold.sub-central-2022-2023", "pass", True),
    (213_000, "2023-06-05", "threshold.sub-central-2022-2023", "fail", False),
    # 2024-2025: £214,904, so the same £214,000 is below it.
    (214_000, "2024-06-03", "threshold.sub-central-before-2026", "fail", False),
    # 2020-2021: £189,330 net of VAT. £200,000 gross is £166,667 to £200,000 net: undecided.
    (200_000, "2021-06-07", "threshold.sub-central-2020-2021", "warn", None),
    (240_000, "2021-06-07", "threshold.sub-central-2020-2021", "pass", True),
    (180_000, "2021-06-07", "threshold.sub-central-2020-2021", "fail", False),
])
def test_pcr_thresholds_are_those_in_force_when_the_procurement_commenced(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, value: int, published: str,
        rule: str, status: str, above: bool | None) -> None:
    _, checks = _run(capsys, tmp_path, "2020-01-01", route=PCR_OPEN, value_gbp=value,
                     buyer={"name": "Council", "sector": "local_authority"},
                     service_type="professional_services",
                     timetable={"tender_published": published})
    found = checks[rule]
    assert (found["status"], found["details"]["above_threshold"]) == (status, above), found
    if status == "warn":
        assert "net of VAT" in found["message"]


def test_the_social_value_act_applies_to_a_2023_contract_above_the_2022_threshold(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, checks = _run(capsys, tmp_path, "2023-05-01", route=PCR_OPEN, value_gbp=214_000,
                     buyer={"name": "Council", "sector": "local_authority"},
                     service_type="professional_services",
                     timetable={"tender_published": "2023-06-05"})
    assert checks["duty.social-value-act"]["details"]["applies"] is True


def test_a_below_threshold_tender_before_the_act_has_a_regime_that_passes(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A £45,000 council tender of 2024: Part 6 of the Act was not yet in force and the 2015
    Regulations' Part 2 is for above threshold, but their Part 4 Chapter 8 governed it."""
    timetable = {"tender_published": "2024-06-03", "tender_deadline": "2024-07-15"}
    buyer = {"name": "Council", "sector": "local_authority"}
    code, checks = _run(capsys, tmp_path, "2024-05-01", value_gbp=45_000, buyer=buyer,
                        route={"regime": "below_threshold_pcr_2015", "procedure": "open"},
                        service_type="community_support", timetable=timetable)
    assert code == 0
    assert checks["regime.applies"]["status"] == "pass"
    assert checks["threshold.sub-central-before-2026"]["status"] == "pass"
    period = checks["timetable.pcr_below_threshold_tendering_period"]
    assert period["status"] == "pass" and "reg 110" in period["source"]
    # After 23 February 2025 the Act's Part 6 governs instead.
    _, later = _run(capsys, tmp_path, "2025-03-01", value_gbp=45_000, buyer=buyer,
                    route={"regime": "below_threshold_pcr_2015", "procedure": "open"},
                    service_type="community_support",
                    timetable={"tender_published": "2025-03-03", "tender_deadline": "2025-04-14"})
    assert later["regime.applies"]["status"] == "fail"


@pytest.mark.parametrize(("award", "status"), [("2027-03-08", "fail"), ("2027-03-15", "pass")])
def test_the_most_suitable_provider_process_waits_14_days(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, award: str, status: str) -> None:
    """FINDINGS R50: PSR reg 10(5): no step 2 until 14 days after the MSP notice (1 March)."""
    _, checks = _run(capsys, tmp_path, "2027-01-01",
                     buyer={"name": "ICB", "sector": "nhs",
                            "central_government_authority": False},
                     route={"regime": "provider_selection_regime",
                            "procedure": "most_suitable_provider"},
                     timetable={"tender_published": "2027-03-01", "tender_deadline": "2027-03-05",
                                "award_notice": award, "contract_start": "2027-06-01"})
    wait = checks["timetable.psr_msp_wait"]
    assert wait["status"] == status and "reg 10(5)" in wait["source"]
    assert wait["legal_requirement"] is not None
    if status == "fail":
        assert "on or after 15 March 2027" in wait["message"]
    assert "There is these" not in checks["timetable.psr_tendering_period"]["message"]


@pytest.mark.parametrize(("procedure", "applies"), [
    ("competitive_process", True), ("most_suitable_provider", True), ("direct_award_c", True),
    ("direct_award_a", False)])
def test_the_psr_records_its_own_social_value_key_criterion(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, procedure: str,
        applies: bool) -> None:
    """FINDINGS R62: under the PSR social value is a key criterion (reg 5(e)), not the Act."""
    from svauthor.docs.documents import STATUTORY

    _, checks = _run(capsys, tmp_path, "2027-01-01",
                     buyer={"name": "ICB", "sector": "nhs", "central_government_authority": False},
                     route={"regime": "provider_selection_regime", "procedure": procedure})
    duty = checks["duty.psr-key-criteria"]
    assert duty["details"]["applies"] is applies and "reg 5" in duty["source"]
    assert duty["concept"] in STATUTORY  # shown in the decision record's statutory table
