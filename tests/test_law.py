"""The law as data: calendars against the old day-by-day algorithm, a made-up regime in YAML
alone, bank-holiday files, jurisdiction, multi-stage procedures and the standstill variants."""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from svauthor.cli import main
from svauthor.domain.engine import assess
from svauthor.domain.knowledge import KnowledgeBase, load_knowledge
from svauthor.domain.results import Check
from svauthor.domain.spec import TenderSpec
from svauthor.domain.timetable import (
    add_working_days,
    assess_timetable,
    earliest,
    is_working_day,
    latest,
    read_bank_holidays,
    uk_holidays,
    working_days_between,
)
from svauthor.paths import question_bank_dir, rules_dir

D = date
UK = ("ENG", "WLS", "SCT", "NIR")
ENG = ("ENG",)
TODAY = D(2026, 12, 1)


# ------------------------------------------------------------- the old algorithms, as oracles


def old_add_working_days(start: date, n: int, cal: tuple[str, ...]) -> date:
    """The day-by-day loop the timetable used before it became constant-time."""
    day = start
    while n:
        day += timedelta(days=1)
        if is_working_day(day, cal):
            n -= 1
    return day


def old_working_days_between(start: date, end: date, cal: tuple[str, ...]) -> int:
    count, day = 0, start + timedelta(days=1)
    while day <= end:
        count += is_working_day(day, cal)
        day += timedelta(days=1)
    return count


def old_latest(start: date, ok: Callable[[date], bool]) -> date:
    day = start
    for _ in range(800):
        if ok(day):
            return day
        day -= timedelta(days=1)
    raise ValueError("not found")


@pytest.mark.parametrize("cal", [UK, ENG, ("SCT",), ("NIR", "WLS")])
def test_constant_time_counting_matches_the_day_by_day_oracle(cal: tuple[str, ...]) -> None:
    rng = random.Random(f"counting-{cal}")
    for _ in range(700):  # x4 calendars: 2,800 random spans and 2,800 additions
        start = D(2024, 1, 1) + timedelta(days=rng.randrange(365 * 5))
        end = start + timedelta(days=rng.randrange(-10, 500))
        n = rng.randrange(0, 90)
        assert working_days_between(start, end, cal) == old_working_days_between(start, end, cal)
        assert add_working_days(start, n, cal) == old_add_working_days(start, n, cal)


def test_bisecting_search_matches_the_linear_oracle() -> None:
    rng = random.Random("latest")
    for _ in range(1500):
        start = D(2025, 1, 1) + timedelta(days=rng.randrange(365 * 3))
        deadline = start + timedelta(days=rng.randrange(0, 300))
        need = rng.randrange(0, 60)

        def ok(d: date, deadline: date = deadline, need: int = need) -> bool:
            return working_days_between(d, deadline, UK) >= need

        assert latest(deadline, ok, "date") == old_latest(deadline, ok)

        def after(d: date, start: date = start, need: int = need) -> bool:
            return working_days_between(start, d, UK) >= need

        linear = start
        while not after(linear):
            linear += timedelta(days=1)
        assert earliest(start, after, "date") == linear


# ------------------------------------------------------------- holidays


@pytest.mark.parametrize(("day", "subdiv"), [
    (D(2026, 6, 15), "SCT"),   # proclaimed one-off (BFDA 1971 s.1(3)); first in holidays 0.91
    (D(2023, 5, 8), "ENG"),    # Coronation of King Charles III
    (D(2022, 9, 19), "NIR"),   # State funeral of Queen Elizabeth II
    (D(2022, 6, 3), "WLS"),    # Platinum Jubilee
])
def test_proclaimed_holidays_are_known(day: date, subdiv: str) -> None:
    assert day in uk_holidays([subdiv], day.year)


def _govuk(extra: dict[str, list[tuple[str, str]]]) -> dict[str, Any]:
    return {div: {"division": div, "events": [{"title": t, "date": d, "notes": "", "bunting": True}
                                              for d, t in events]}
            for div, events in extra.items()}


def test_a_govuk_file_replaces_the_package_for_the_years_it_lists(kb: KnowledgeBase) -> None:
    # A file that (say) proclaims Tuesday 1 December 2026 in Northern Ireland only.
    file = read_bank_holidays("holidays.json", _govuk({
        "england-and-wales": [("2026-12-25", "Christmas Day"), ("2026-12-28", "Boxing Day")],
        "scotland": [("2026-11-30", "St Andrew's Day")],
        "northern-ireland": [("2026-12-01", "A proclaimed day")],
    }))
    rules = kb.timetable_rules.with_bank_holidays(file)
    cal = rules.calendar("procurement_act_2023", None)
    assert not is_working_day(D(2026, 12, 1), cal)
    assert is_working_day(D(2026, 12, 1), kb.timetable_rules.calendar("procurement_act_2023", None))
    assert "holidays.json" in cal.described
    spec = TenderSpec.model_validate({
        "title": "T", "buyer": {"name": "B", "sector": "local_authority"},
        "service_type": "community_support", "value_gbp": 500000, "duration_months": 24,
        "timetable": {"award_notice": "2026-11-25"}}, context={"kb": kb})
    with_file = assess_timetable(spec, vcfse_suitable=False, rules=rules)
    package = assess_timetable(spec, vcfse_suitable=False, rules=kb.timetable_rules)
    assert with_file.dates["standstill_last_day"] == "2026-12-08"
    assert package.dates["standstill_last_day"] == "2026-12-07"
    message = next(c for c in with_file.checks if c.id == "timetable.pa23_standstill").message
    assert "holidays.json" in message and "GOV.UK" in message


@pytest.mark.parametrize(("data", "words"), [
    ([], "bank-holidays format"),
    ({"wales": {"events": []}}, "unknown division `wales`"),
    ({"scotland": {"events": [{"title": "X", "date": "2026-13-01"}]}}, "scotland.events[0].date"),
    ({"scotland": {"events": []}}, "no bank holidays"),
])
def test_a_bad_bank_holidays_file_says_what_is_wrong(data: Any, words: str) -> None:
    with pytest.raises(ValueError, match=words.replace("[", r"\[").replace("]", r"\]")):
        read_bank_holidays("h.json", data)


def test_cli_bank_holidays_option(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # main() sets the variable for pipeline workers; this restores it after the test.
    monkeypatch.setenv("SVAUTHOR_BANK_HOLIDAYS", "")
    spec = tmp_path / "t.yaml"
    spec.write_text("title: T\nbuyer: {name: B, sector: local_authority}\n"
                    "service_type: community_support\nvalue_gbp: 500000\nduration_months: 24\n"
                    "timetable: {award_notice: 2026-11-25}\n", encoding="utf-8")
    good = tmp_path / "bank-holidays.json"
    good.write_text(json.dumps(_govuk({"northern-ireland": [("2026-12-01", "Proclaimed")]})),
                    encoding="utf-8")
    assert main(["timetable", str(spec), "--json", "--today", "2026-11-01",
                 "--bank-holidays", str(good)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["dates"]["standstill_last_day"] == "2026-12-08"
    bad = tmp_path / "bad.json"
    bad.write_text('{"scotland":\n  {"events": [}\n', encoding="utf-8")
    assert main(["timetable", str(spec), "--bank-holidays", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.json:2" in err and "Traceback" not in err
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")  # a hostile file
    assert main(["timetable", str(spec), "--bank-holidays", str(deep)]) == 2
    err = capsys.readouterr().err
    assert "deep.json: not a bank holidays file: its JSON is nested too deeply" in err


# ------------------------------------------------------------- a regime in YAML alone

MADE_UP = """
  made_up_regime:
    label: Made-up Procurement Rules 2030
    title: the Made-up Procurement Rules 2030
    short_label: MPR
    aliases: [mpr]
    source: Made-up Procurement Rules 2030
    jurisdiction:
      nations: [england, wales]
    calendar:
      id: timetable.calendar.made-up
      label: bank holidays in Scotland
      why: The made-up rules count Scotland's holidays only, to prove the calendar is data.
      source: Made-up rules r.1
      subdivisions: [SCT]
    procedures:
      ballot:
        label: Ballot procedure
    tendering:
      id: timetable.made_up_tendering
      concept: tendering_period
      why: The made-up rules set 12 days, or 40 for paper tenders.
      source: Made-up rules r.2
      procedures: [ballot]
      starts: tender_published
      rows:
        - {circumstance: standard, when: {electronic_submission: true}, days: 12,
           label: the ballot minimum, source: Made-up rules r.2(1)}
        - {circumstance: paper, when: {electronic_submission: false}, days: 40,
           label: paper ballots, source: Made-up rules r.2(2)}
    standstill:
      id: timetable.made_up_standstill
      concept: standstill
      why: Three working days beginning with the notice.
      source: Made-up rules r.3
      method: working_days_beginning_with_notice
      days:
        - {days: 3, source: Made-up rules r.3}
"""


def test_a_new_regime_runs_from_yaml_alone(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    regimes = rules / "law" / "regimes.yaml"
    text = regimes.read_text(encoding="utf-8").replace("\nregimes:\n", "\nregimes:\n" + MADE_UP, 1)
    regimes.write_text(text, encoding="utf-8")
    kb = load_knowledge(rules, question_bank_dir())
    assert "made_up_regime" in kb.regimes.ids and kb.regimes.resolve("MPR") == "made_up_regime"
    data = {"title": "T", "buyer": {"name": "B", "sector": "local_authority"},
            "route": {"regime": "made_up_regime", "procedure": "ballot",
                      "electronic_submission": False},
            "service_type": "community_support", "value_gbp": 50000, "duration_months": 12,
            "timetable": {"tender_published": "2026-11-02", "tender_deadline": "2026-12-11",
                          "award_notice": "2026-11-27", "contract_start": "2027-03-01"}}
    spec = TenderSpec.model_validate(data, context={"kb": kb})
    a = assess(spec, kb, today=TODAY)
    tendering = next(c for c in a.checks if c.id == "timetable.made_up_tendering")
    assert tendering.status == "fail" and tendering.details["minimum_days"] == 40
    standstill = next(c for c in a.checks if c.id == "timetable.made_up_standstill")
    # 3 working days beginning Fri 27 Nov: 27, (weekend, Mon 30 Nov St Andrew's Day in the
    # regime's Scottish calendar), Tue 1 and Wed 2 December. England's calendar would give 1 Dec.
    assert standstill.details["last_day"] == "2026-12-02"
    with pytest.raises(ValidationError, match="ballot"):
        TenderSpec.model_validate({**data, "route": {"regime": "made_up_regime",
                                                     "procedure": "open"}}, context={"kb": kb})


# ------------------------------------------------------------- the law's false passes, fixed


def _run(kb: KnowledgeBase, **fields: Any) -> list[Check]:
    data: dict[str, Any] = {"title": "T", "buyer": {"name": "B", "sector": "local_authority"},
                            "service_type": "community_support", "value_gbp": 900000,
                            "duration_months": 24}
    data.update(fields)
    return assess(TenderSpec.model_validate(data, context={"kb": kb}), kb, today=TODAY).checks


def _by_id(checks: list[Check], rule_id: str) -> Check:
    return next(c for c in checks if c.id == rule_id)


def test_nhs_trust_nine_day_participation_and_ten_day_tendering_fail(kb: KnowledgeBase) -> None:
    checks = _run(kb, buyer={"name": "Trust", "sector": "nhs"},
                  route={"procedure": "competitive_flexible"},
                  timetable={"tender_published": "2027-03-01", "participation_deadline":
                             "2027-03-10", "invitation_to_tender": "2027-04-12",
                             "tender_deadline": "2027-04-22"})
    assert _by_id(checks, "timetable.pa23_participation_period").status == "fail"
    tendering = _by_id(checks, "timetable.pa23_tendering_period")
    assert tendering.status == "fail" and tendering.details["window_days"] == 10


@pytest.mark.parametrize(("route", "status", "minimum"), [
    ({"light_touch": True}, "pass", None),   # s.54(3), first row: a light touch contract, none
    ({"urgency": True}, "fail", 10),         # s.54(3), urgency: 10 days
    ({}, "fail", 25),                        # s.54(3), any other case: 25 days
])
def test_participation_minimum_follows_the_s54_3_table(kb: KnowledgeBase, route: dict[str, Any],
                                                      status: str, minimum: int | None) -> None:
    """A 9-day participation window (1 to 10 March 2027) under each row of the table."""
    checks = _run(kb, route={"procedure": "competitive_flexible", **route},
                  timetable={"tender_published": "2027-03-01", "participation_deadline":
                             "2027-03-10", "invitation_to_tender": "2027-03-15",
                             "tender_deadline": "2027-04-30"})
    part = _by_id(checks, "timetable.pa23_participation_period")
    assert part.status == status and part.details["minimum_days"] == minimum
    assert "s.54(3)" in part.source
    if minimum is None:
        assert "no statutory minimum" in part.message and "reasonable" in part.message


def test_a_participation_stage_without_the_invitation_date_is_not_passed(
        kb: KnowledgeBase) -> None:
    checks = _run(kb, route={"procedure": "competitive_flexible"},
                  timetable={"tender_published": "2027-03-01", "participation_deadline":
                             "2027-03-26", "tender_deadline": "2027-05-07"})
    tendering = _by_id(checks, "timetable.pa23_tendering_period")
    assert tendering.status == "warn" and "invitation to tender" in tendering.message


@pytest.mark.parametrize(("regime", "cite"), [
    ("procurement_act_2023", r"s\.20\(2\)\(a\)"),
    ("public_contracts_regulations_2015", r"reg 27\(1\)"),
    ("below_threshold", r"s\.86"),
])
def test_open_procedure_with_pre_selected_suppliers_is_refused(kb: KnowledgeBase, regime: str,
                                                               cite: str) -> None:
    with pytest.raises(ValidationError, match=rf"pre_selected_suppliers: true.*{cite}"):
        _run(kb, route={"regime": regime, "procedure": "open", "pre_selected_suppliers": True})


def test_scottish_devolved_buyer_gets_no_act_advice(kb: KnowledgeBase) -> None:
    checks = _run(kb, buyer={"name": "Glasgow City Council", "sector": "local_authority",
                             "nation": "scotland", "devolved_authority": True},
                  timetable={"tender_published": "2027-03-01", "tender_deadline": "2027-03-20",
                             "award_notice": "2027-05-03", "contract_start": "2027-06-01"})
    assert _by_id(checks, "regime.applies").status == "fail"
    assert _by_id(checks, "timetable.jurisdiction").status == "fail"
    ids = {c.id for c in checks}
    assert not ids & {"timetable.pa23_tendering_period", "timetable.pa23_standstill",
                      "kpi.procurement-act-over-5m"}
    duties = {c.id: c.details["applies"] for c in checks if c.id.startswith("duty.")}
    assert duties == {"duty.social-value-act": False, "duty.npps-regard": False,
                      "duty.kpis": False, "duty.psr-key-criteria": False}


def test_pcr_paper_notices_give_a_15_day_standstill(kb: KnowledgeBase) -> None:
    route = {"regime": "public_contracts_regulations_2015", "procedure": "open",
             "electronic_notification": False}
    checks = _run(kb, route=route, timetable={"tender_published": "2024-11-01",
                                              "award_notice": "2025-01-06"})
    stand = _by_id(checks, "timetable.pcr_standstill")
    assert stand.details["last_day"] == "2025-01-21" and "87(3)" in stand.source
    assert "do not count" not in stand.message and "still count" in stand.message


def test_psr_representations_keep_the_standstill_open(kb: KnowledgeBase) -> None:
    route = {"regime": "provider_selection_regime", "procedure": "competitive_process",
             "representations_received": True}
    checks = _run(kb, route=route, service_type="community_health",
                  timetable={"award_notice": "2027-05-24"})
    stand = _by_id(checks, "timetable.psr_standstill")
    assert stand.status == "warn" and "12(10)" in stand.source and "12(9)" in stand.source


def test_call_off_over_5m_needs_kpis(kb: KnowledgeBase) -> None:
    checks = _run(kb, value_gbp=8_000_000, route={"procedure": "framework_call_off"})
    assert _by_id(checks, "duty.kpis").details["applies"] is True
    assert any(c.id == "kpi.procurement-act-over-5m" for c in checks)


def test_social_value_act_scope(kb: KnowledgeBase) -> None:
    def applies(**fields: Any) -> bool:
        return bool(_by_id(_run(kb, **fields), "duty.social-value-act").details["applies"])

    assert applies()
    assert not applies(buyer={"name": "Cardiff Council", "sector": "local_authority",
                              "nation": "wales", "devolved_authority": True})
    assert not applies(value_gbp=100_000)
    assert not applies(service_type="goods_supplies")
    assert not applies(service_type="construction_works", value_gbp=9_000_000)


def test_every_working_day_verdict_names_its_calendar(kb: KnowledgeBase) -> None:
    checks = _run(kb, timetable={"tender_published": "2027-02-01",
                                 "clarification_deadline": "2027-03-01",
                                 "tender_deadline": "2027-03-15", "award_notice": "2027-04-12",
                                 "contract_start": "2027-06-01"})
    for rule_id in ("timetable.pa23_standstill", "timetable.clarification_gap",
                    "timetable.mobilisation", "timetable.non_working_day"):
        check = _by_id(checks, rule_id)
        assert "holidays package (version" in check.message and "GOV.UK" in check.message


def test_the_wizard_keeps_the_law_facts_it_has_no_fields_for(kb: KnowledgeBase) -> None:
    from svauthor.tui.form import FormState, build_spec

    spec = TenderSpec.model_validate({
        "title": "T", "buyer": {"name": "Glasgow City Council", "sector": "local_authority",
                                "nation": "scotland", "devolved_authority": True},
        "route": {"procedure": "competitive_flexible", "electronic_notification": False},
        "service_type": "community_support", "value_gbp": 900000, "duration_months": 24,
        "timetable": {"tender_published": "2027-03-01", "participation_deadline": "2027-03-26",
                      "invitation_to_tender": "2027-04-12", "tender_deadline": "2027-05-07"}},
        context={"kb": kb})
    form = FormState.from_raw(FormState.from_spec(spec).to_raw())
    again = build_spec(form, kb).spec
    assert again is not None
    assert again.buyer.nation == "scotland" and again.buyer.devolved_authority is True
    assert again.route.electronic_notification is False
    assert again.timetable is not None and again.timetable.invitation_to_tender == D(2027, 4, 12)


def test_list_regimes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "regimes", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    pa23 = next(r for r in rows if r["id"] == "procurement_act_2023")
    assert "competitive_flexible" in pa23["procedures"] and "pa23" in pa23["aliases"]


def test_stage_dates_on_a_single_stage_procedure_are_flagged(kb: KnowledgeBase) -> None:
    checks = _run(kb, timetable={"tender_published": "2027-03-01",
                                 "participation_deadline": "2027-03-26",
                                 "invitation_to_tender": "2027-04-12",
                                 "tender_deadline": "2027-05-07"})
    flagged = _by_id(checks, "timetable.stage_dates")
    assert flagged.status == "warn" and "open procedure has no participation stage" in \
        flagged.message
    assert _by_id(checks, "timetable.pa23_tendering_period").details["window_days"] == 67


def test_suggest_never_proposes_a_date_before_today(kb: KnowledgeBase, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from svauthor.domain.timetable import suggest_timetable

    spec = TenderSpec.model_validate({
        "title": "T", "buyer": {"name": "B", "sector": "local_authority"},
        "service_type": "community_support", "value_gbp": 600000, "duration_months": 24,
        "timetable": {"contract_start": "2027-01-04"}}, context={"kb": kb})
    today = D(2026, 11, 27)
    got = suggest_timetable(spec, vcfse_suitable=True, rules=kb.timetable_rules, today=today)
    assert all(day >= today for day in got.given().values())
    # Ten working days to prepare (to Friday 11 December), and a six-week window from then
    # would run over Christmas, so it opens after the break: Monday 4 January 2027 is
    # Scotland's substitute for 2 January, a UK-wide non-working day under the Act.
    assert got.tender_published == D(2027, 1, 5)
    back = suggest_timetable(spec, vcfse_suitable=True, rules=kb.timetable_rules)
    assert back.tender_published is not None and back.tender_published < today
    path = tmp_path / "t.yaml"
    path.write_text("title: T\nbuyer: {name: B, sector: local_authority}\n"
                    "service_type: community_support\nvalue_gbp: 600000\nduration_months: 24\n"
                    "timetable: {contract_start: 2027-01-04}\n", encoding="utf-8")
    main(["timetable", str(path), "--suggest", "--today", "2026-11-27"])
    out = capsys.readouterr().out
    assert "cannot be met from 27 November 2026" in out
    assert "regime: Procurement Act 2023" in out and "None" not in out and "True" not in out


def test_a_devolved_authority_in_england_is_refused(kb: KnowledgeBase) -> None:
    with pytest.raises(ValidationError, match="no devolved authorities in England"):
        _run(kb, buyer={"name": "B", "sector": "local_authority", "devolved_authority": True})


# ------------------------------------------------------------- Wales, Northern Ireland, health


def _route(kb: KnowledgeBase, nation: str, regime: str = "procurement_act_2023",
           procedure: str = "open") -> dict[str, Check]:
    checks = _run(kb, buyer={"name": "Health board", "sector": "nhs", "nation": nation,
                             "devolved_authority": nation != "england"},
                  service_type="community_health",
                  route={"regime": regime, "procedure": procedure},
                  timetable={"tender_published": "2027-03-01", "tender_deadline": "2027-04-30"})
    return {c.id: c for c in checks}


def test_a_welsh_health_board_is_pointed_to_the_welsh_provider_selection_regime(
        kb: KnowledgeBase) -> None:
    by_id = _route(kb, "wales")
    wales = by_id["route.wales-health-services"]
    assert wales.status == "warn" and "(Wales) Regulations 2025" in wales.message
    assert "s.120A" in wales.source
    # never told that England's regime applies to it
    assert "route.health-care-under-procurement-act" not in by_id
    assert by_id["route.wales-devolved-under-the-act"].status == "warn"
    psr = _route(kb, "wales", "provider_selection_regime", "competitive_process")
    assert psr["regime.applies"].status == "fail"
    assert "(Wales) Regulations 2025" in psr["regime.applies"].message


def test_a_northern_ireland_buyer_is_not_told_the_english_health_regime_applies(
        kb: KnowledgeBase) -> None:
    nation = "northern_ireland"
    by_id = _route(kb, nation)
    assert "route.health-care-under-procurement-act" not in by_id
    assert by_id["route.northern-ireland-transferred-under-the-act"].status == "warn"
    assert _route(kb, nation, "provider_selection_regime",
                  "competitive_process")["regime.applies"].status == "fail"


def test_an_english_nhs_buyer_is_still_warned_about_the_provider_selection_regime(
        kb: KnowledgeBase) -> None:
    assert _route(kb, "england")["route.health-care-under-procurement-act"].status == "warn"


# Hand-worked: an award notice on Wednesday 23 December 2026, over Christmas and New Year. 2027
# starts on a Friday (1 January); Scotland's 2 January falls on a Saturday, so Monday 4 January
# is its substitute bank holiday.
@pytest.mark.parametrize(("regime", "procedure", "sector", "published", "extra", "last_day"), [
    # PA23 s.51(2), s.123(1): 23 (1), 24 (2); 25, 28 (Boxing Day substitute) off; 29, 30, 31
    # (3-5); 1 January off; 4 January off in Scotland, so off everywhere; 5, 6, 7 (6-8)
    ("procurement_act_2023", "open", "local_authority", "2026-10-01", {}, "2027-01-07"),
    # PSR reg 12(2), (9), (12): begins Thu 24 December; England's days after it: 29, 30, 31,
    # 4, 5, 6, 7, 8 January (4 January is a working day in England)
    ("provider_selection_regime", "competitive_process", "nhs", "2026-10-01", {}, "2027-01-08"),
    # PCR reg 87(2), reg 2(4): 10 days after 23 December is Saturday 2 January; the next
    # working day in England is Monday 4 January
    ("public_contracts_regulations_2015", "open", "local_authority", "2024-11-01", {},
     "2027-01-04"),
    # PCR reg 87(3): 15 days when not sent electronically: Thursday 7 January, a working day
    ("public_contracts_regulations_2015", "open", "local_authority", "2024-11-01",
     {"electronic_notification": False}, "2027-01-07"),
])
def test_standstill_over_christmas_and_new_year(kb: KnowledgeBase, regime: str, procedure: str,
                                                sector: str, published: str,
                                                extra: dict[str, Any], last_day: str) -> None:
    checks = _run(kb, buyer={"name": "B", "sector": sector},
                  route={"regime": regime, "procedure": procedure, **extra},
                  timetable={"tender_published": published, "tender_deadline":
                             "2026-11-30" if published > "2025" else "2024-12-20",
                             "award_notice": "2026-12-23"})
    standstill = next(c for c in checks if c.concept == "standstill")
    assert standstill.details["last_day"] == last_day, standstill.message


@pytest.mark.parametrize(("nation", "last_day"), [
    ("england", "2024-07-12"),
    # Friday 12 July 2024 is the Boyne holiday in Northern Ireland: reg 2(4) runs the
    # standstill on to Monday 15 July for a buyer there
    ("northern_ireland", "2024-07-15"),
])
def test_pcr_counts_a_northern_ireland_buyers_own_bank_holidays(kb: KnowledgeBase, nation: str,
                                                                last_day: str) -> None:
    checks = assess(TenderSpec.model_validate({
        "title": "Fleet", "buyer": {"name": "Belfast City Council", "sector": "local_authority",
                                    "nation": nation},
        "service_type": "fleet_vehicles", "value_gbp": 900000, "duration_months": 30,
        "route": {"regime": "public_contracts_regulations_2015", "procedure": "open"},
        "timetable": {"tender_published": "2024-05-01", "tender_deadline": "2024-06-10",
                      "award_notice": "2024-07-02", "contract_start": "2024-09-02"},
        "vcfse_suitable": False}, context={"kb": kb}), kb, today=D(2024, 4, 1)).checks
    standstill = _by_id(checks, "timetable.pcr_standstill")
    assert standstill.details["last_day"] == last_day
    if nation == "northern_ireland":
        assert "Northern Ireland" in standstill.message
