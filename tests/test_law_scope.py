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
