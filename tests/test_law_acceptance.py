"""A statutory failure is never an accepted risk (FINDINGS R34): `check` and `build` refuse the
spec (exit 2, naming file, line and field), `blocking_checks` ignores the acceptance, and only
policy checks can be accepted."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from svauthor.cli import main
from svauthor.domain.engine import assess
from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.spec import TenderSpec
from svauthor.yamlio import dump_yaml

TODAY = "2027-01-01"
BASE: dict[str, Any] = {
    "title": "Community support", "buyer": {"name": "Test Council", "sector": "local_authority"},
    "route": {"regime": "procurement_act_2023", "procedure": "open"},
    "service_type": "community_support", "value_gbp": 600_000, "duration_months": 36,
    "places": ["sefton"], "local_needs": [], "vcfse_suitable": False,
    "timetable": {"tender_published": "2027-03-01", "clarification_deadline": "2027-03-22",
                  "tender_deadline": "2027-04-05", "award_notice": "2027-05-04",
                  "contract_start": "2027-07-01"},
}

# Each case breaks one statutory requirement; the check id is the one a user would try to accept.
BREACHES: dict[str, tuple[dict[str, Any], str]] = {
    "tendering period (s.54)": ({"timetable": {**BASE["timetable"],
                                               "clarification_deadline": "2027-03-05",
                                               "tender_deadline": "2027-03-15"}},
                                "timetable.pa23_tendering_period"),
    "standstill (s.51)": ({"timetable": {**BASE["timetable"], "contract_start": "2027-05-06"}},
                          "timetable.pa23_standstill"),
    "regime applies (Scotland)": ({"buyer": {**BASE["buyer"], "nation": "scotland",
                                             "devolved_authority": True}}, "regime.applies"),
    "jurisdiction (Scotland)": ({"buyer": {**BASE["buyer"], "nation": "scotland",
                                           "devolved_authority": True}},
                                "timetable.jurisdiction"),
    "threshold": ({"value_gbp": 40_000}, "threshold.sub-central-2026"),
}


def _write(tmp_path: Path, extra: dict[str, Any], risks: list[dict[str, str]]) -> Path:
    spec = tmp_path / "tender.yaml"
    data = {**BASE, **extra, "accepted_risks": risks}
    spec.write_text(dump_yaml(data), encoding="utf-8")
    return spec


def _risk(check: str) -> dict[str, str]:
    return {"check": check, "reason": "We are in a hurry", "accepted_by": "Head of Procurement"}


def _line_of(spec: Path, text: str) -> int:
    lines = spec.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if text in line)


@pytest.mark.parametrize("case", sorted(BREACHES))
def test_check_refuses_to_accept_a_statutory_failure(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, case: str) -> None:
    extra, check_id = BREACHES[case]
    spec = _write(tmp_path, extra, [_risk(check_id)])
    line = _line_of(spec, f"check: {check_id}")
    for command in ("check", "validate"):
        code = main([command, str(spec), "--today", TODAY])
        out, err = capsys.readouterr()
        assert code == 2, command + out + err
        assert f"{spec}:{line}: accepted_risks[0].check: {check_id} is a legal requirement" in err
        assert "cannot be accepted as a risk" in err and "Traceback" not in err


def test_build_writes_no_pack_for_an_accepted_statutory_failure(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    extra, check_id = BREACHES["tendering period (s.54)"]
    spec = _write(tmp_path, extra, [_risk(check_id)])
    out_dir = tmp_path / "pack"
    code = main(["build", str(spec), "--today", TODAY, "-o", str(out_dir)])
    err = capsys.readouterr().err
    assert code == 2 and "is a legal requirement" in err
    assert not out_dir.exists()


@pytest.mark.parametrize("case", sorted(BREACHES))
def test_blocking_checks_ignore_an_acceptance_of_the_law(kb: KnowledgeBase, case: str) -> None:
    """Faces that assess without the CLI (the app, the pipeline) get the same answer."""
    extra, check_id = BREACHES[case]
    data = {**BASE, **extra, "accepted_risks": [_risk(check_id)]}
    a = assess(TenderSpec.model_validate(data, context={"kb": kb}), kb,
               today=date.fromisoformat(TODAY))
    failing = {c.id: c for c in a.checks if c.status == "fail"}
    assert check_id in failing, sorted(failing)
    assert failing[check_id].legal_requirement is not None
    assert check_id in {c.id for c in a.blocking_checks()}


def test_a_policy_check_can_still_be_accepted(
        capsys: pytest.CaptureFixture[str], kb: KnowledgeBase, tmp_path: Path) -> None:
    """The six-week VCFSE window is svauthor's best practice, not law: a board may accept it."""
    extra = {"vcfse_suitable": True}
    data = {**BASE, **extra, "accepted_risks": [_risk("timetable.vcfse_window")]}
    a = assess(TenderSpec.model_validate(data, context={"kb": kb}), kb,
               today=date.fromisoformat(TODAY))
    window = next(c for c in a.checks if c.id == "timetable.vcfse_window")
    assert window.status == "fail" and window.legal_requirement is None
    assert a.blocking_checks() == []
    spec = _write(tmp_path, extra, [_risk("timetable.vcfse_window")])
    code = main(["check", str(spec), "--today", TODAY])
    err = capsys.readouterr().err
    assert code == 1 and "legal requirement" not in err  # fails, shown; accepted for the pack


def _concepts(value: Any) -> set[str]:
    """Every `concept:` anywhere in dumped rule data."""
    if isinstance(value, dict):
        found = {value["concept"]} if isinstance(value.get("concept"), str) else set()
        return found.union(*(_concepts(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_concepts(v) for v in value))
    return set()


def test_every_statutory_concept_names_checks_that_exist(kb: KnowledgeBase) -> None:
    """A misspelt concept in rules/law/legal_requirements.yaml would silently make a statute
    waivable: each one must be the concept of some rule in the data."""
    concepts = _concepts(kb.regimes.model_dump(mode="json")) | \
        _concepts(kb.timetable_rules.model_dump(mode="json")) | \
        _concepts(kb.rules.model_dump(mode="json", exclude={"legal_requirements"}))
    named = {c for req in kb.rules.legal_requirements for c in req.concepts}
    assert named and named - concepts == set()
