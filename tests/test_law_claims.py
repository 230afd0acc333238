"""Route claims the law rules out (FINDINGS R41): a works or goods contract can never be light
touch, a dynamic market award is not an open procedure, and urgency must be justified. None of
them may turn a statutory check into PASS."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from svauthor.cli import main
from svauthor.yamlio import dump_yaml

TODAY = "2027-01-01"
FAST = {"tender_published": "2027-03-01", "clarification_deadline": "2027-03-02",
        "tender_deadline": "2027-03-08", "award_notice": "2027-03-09",
        "contract_start": "2027-03-10"}


def _spec(tmp_path: Path, **fields: Any) -> Path:
    data: dict[str, Any] = {
        "title": "Depot", "buyer": {"name": "Test Council", "sector": "local_authority"},
        "route": {"regime": "procurement_act_2023", "procedure": "open", "light_touch": True},
        "service_type": "construction_works", "value_gbp": 6_000_000, "duration_months": 24,
        "places": ["sefton"], "local_needs": [], "vcfse_suitable": False, "timetable": FAST}
    data.update(fields)
    path = tmp_path / "spec.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


def _check(capsys: pytest.CaptureFixture[str], spec: Path) -> tuple[int, dict[str, Any]]:
    code = main(["check", str(spec), "--json", "--today", TODAY])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, {c["id"]: c for c in json.loads(out)["checks"]} if out else {}


def test_light_touch_on_works_fails_and_the_ordinary_rules_apply(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, checks = _check(capsys, _spec(tmp_path))
    assert code == 1
    claim = checks["route.light-touch-not-available"]
    assert claim["status"] == "fail" and "s.9(1)" in claim["source"]
    assert claim["legal_requirement"] is not None  # never an accepted risk
    # The claim counts for nothing: the Act's ordinary minimums and duties apply.
    tendering = checks["timetable.pa23_tendering_period"]
    assert tendering["status"] == "fail" and "25 days" in tendering["message"]
    assert checks["timetable.pa23_standstill"]["status"] == "fail"
    assert checks["duty.kpis"]["details"]["applies"] is True
    assert checks["threshold.works-2026"]["status"] == "pass"
    assert "threshold.light-touch" not in checks


def test_light_touch_on_works_builds_no_final_pack(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec = _spec(tmp_path, accepted_risks=[{
        "check": "route.light-touch-not-available", "reason": "Our view",
        "accepted_by": "Head of Procurement"}])
    code = main(["build", str(spec), "--today", TODAY, "-o", str(tmp_path / "pack")])
    err = capsys.readouterr().err
    assert code == 2 and "is a legal requirement" in err
    assert not (tmp_path / "pack").exists()


def test_light_touch_on_goods_is_judged_by_the_goods_threshold(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """£400,000 of goods claimed as light touch would slip under the £663,540 light touch
    threshold; the goods threshold (£207,720) puts it above, so below threshold is wrong."""
    code, checks = _check(capsys, _spec(
        tmp_path, service_type="goods_supplies", value_gbp=400_000,
        route={"regime": "below_threshold", "procedure": "open", "light_touch": True}))
    assert code == 1
    assert checks["route.light-touch-not-available"]["status"] == "fail"
    assert checks["threshold.sub-central-2026"]["status"] == "fail"


def test_pcr_light_touch_procedure_for_works_keeps_the_standstill(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    timetable = {"tender_published": "2024-03-01", "clarification_deadline": "2024-03-04",
                 "tender_deadline": "2024-03-08", "award_notice": "2024-03-11",
                 "contract_start": "2024-03-12"}
    code = main(["check", str(_spec(
        tmp_path, route={"regime": "public_contracts_regulations_2015",
                         "procedure": "light_touch"}, timetable=timetable)),
        "--json", "--today", "2024-01-01"])
    checks = {c["id"]: c for c in json.loads(capsys.readouterr().out)["checks"]}
    assert code == 1
    assert checks["route.light-touch-not-available"]["status"] == "fail"
    assert "Schedule 3" in checks["route.light-touch-not-available"]["message"]
    stand = checks["timetable.pcr_standstill"]
    assert stand["status"] == "fail" and stand["details"]["required"] is True


def test_light_touch_for_a_light_touch_service_still_counts(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, checks = _check(capsys, _spec(tmp_path, service_type="community_support",
                                        value_gbp=900_000))
    assert "route.light-touch-not-available" not in checks
    assert "route.light-touch-unusual-service" not in checks
    assert checks["timetable.pa23_standstill"]["details"]["required"] is False


def test_light_touch_on_an_unusual_service_type_warns(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, checks = _check(capsys, _spec(tmp_path, service_type="facilities_management",
                                     value_gbp=900_000))
    assert checks["route.light-touch-unusual-service"]["status"] == "warn"
    assert "CPV" in checks["route.light-touch-unusual-service"]["message"]


def test_a_dynamic_market_award_is_not_an_open_procedure(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec = _spec(tmp_path, service_type="community_support",
                 route={"regime": "procurement_act_2023", "procedure": "open",
                        "dynamic_market": True})
    code = main(["check", str(spec), "--today", TODAY])
    err = capsys.readouterr().err
    assert code == 2 and f"{spec}:" in err and "`dynamic_market: true` cannot go with the open " \
        "procedure" in err and "s.34" in err


def test_urgency_carries_a_reminder_to_justify_it(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, checks = _check(capsys, _spec(
        tmp_path, service_type="community_support", value_gbp=900_000,
        route={"regime": "procurement_act_2023", "procedure": "open", "urgency": True}))
    assert checks["timetable.pa23_tendering_period"]["details"]["minimum_days"] == 10
    reminder = checks["route.urgency-must-be-justified"]
    assert reminder["status"] == "warn" and "s.54(4)" in reminder["source"]


def test_suggest_leaves_time_to_prepare_and_keeps_clear_of_christmas(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """FINDINGS R32: a start that cannot be met from today is not answered with publication
    today and a window over Christmas that the suggestion's own check then warns about."""
    spec = _spec(tmp_path, service_type="community_support", value_gbp=600_000,
                 route={"regime": "procurement_act_2023", "procedure": "open"},
                 vcfse_suitable=True, timetable={"contract_start": "2027-02-01"})
    code = main(["timetable", str(spec), "--suggest", "--json", "--today", "2026-12-02"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    published = data["timetable"]["tender_published"]
    assert published >= "2026-12-16"  # 10 working days after 2 December
    checks = {c["id"]: c["status"] for c in data["checks"]}
    assert checks["timetable.holiday_span"] == "pass"
    assert "warn" not in checks.values() and "fail" not in checks.values(), checks


def test_vcfse_bidders_get_six_weeks_to_write_the_tender_after_the_invitation(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """FINDINGS R45: with a participation stage the six weeks are also asked of the tendering
    stage (a warning), and the suggester plans them; the window from the notice is kept."""
    dates = {"tender_published": "2027-02-01", "participation_deadline": "2027-03-05",
             "invitation_to_tender": "2027-04-05", "clarification_deadline": "2027-04-23",
             "tender_deadline": "2027-04-30", "award_notice": "2027-06-01",
             "contract_start": "2027-09-01"}
    spec = _spec(tmp_path, service_type="community_support", value_gbp=900_000,
                 vcfse_suitable=True, timetable=dates,
                 route={"regime": "procurement_act_2023", "procedure": "competitive_flexible"})
    _, checks = _check(capsys, spec)
    assert checks["timetable.vcfse_window"]["status"] == "pass"  # 88 days from the notice
    stage = checks["timetable.vcfse_tender_stage"]
    assert stage["status"] == "warn" and stage["details"]["window_days"] == 25
    assert "after the invitation to tender" in stage["message"]
    assert main(["timetable", str(spec), "--suggest", "--json", "--today", TODAY]) == 0
    suggested = {c["id"]: c["status"]
                 for c in json.loads(capsys.readouterr().out)["checks"]}
    assert suggested["timetable.vcfse_tender_stage"] == "pass"
