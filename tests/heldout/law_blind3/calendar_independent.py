#!/usr/bin/env python3
"""Independent calendar and answer-key checker for the held-out law cases.

Standard library only. Bank holidays are written out by hand (no `holidays`
package, no code from the project). Sources per year:

  2024, 2025, 2026  GOV.UK "UK bank holidays" published lists
                    (https://www.gov.uk/bank-holidays), England and Wales,
                    Scotland, Northern Ireland divisions. 2026 Scotland
                    includes the one-off Monday 15 June 2026 holiday proclaimed
                    under BFDA 1971 s.1(3) (Royal Proclamation approved
                    5 February 2026; Scottish Government / Buckingham Palace
                    announcement, reported by wired-gov.net and The Independent).
  2027, 2028        GOV.UK list for 2027; 2028 worked out from the Banking and
                    Financial Dealings Act 1971 Sch 1 and the customary royal
                    proclamations (New Year's Day, Early May, Boyne), with the
                    statutory weekend substitutions. 2028 is not yet published
                    by GOV.UK as a full list: treat 2028 as "statutory rule,
                    not yet proclaimed" (any one-off 2028 holiday is unknown).

Working-day definitions used:
  PA23 s.123(1): not Sat/Sun, Christmas Day, Good Friday, or a bank holiday in
      ANY part of the UK  -> union of the three lists.
  PSR reg 12(12): not Sat/Sun, Christmas Day, Good Friday, first Monday in May,
      or a bank holiday in ENGLAND -> England and Wales list only.
  PCR 2015 reg 2: cases here only turn on days that are holidays in England
      and Wales, so the England and Wales list is used.

Run:  python3 calendar_independent.py   (exits 1 if any case file disagrees)

COPY for tests/heldout/law_blind3 (cases 71-80), which scans only its own
folder: hand lists extended to 2023 (with the one-off Coronation holiday,
8 May 2023) and 2029; PCR procurements commenced in 2022-23 use the SI
2021/1221 thresholds; the traps quoted in the 71-80 comments are checked in
self_test_law3. Earlier additions (from the law2 copy): Additions: (a) 2027 and 2028 bank holidays are re-derived from the
BFDA 1971 Sch 1 rules (Easter by the Gregorian computus, weekend substitutes)
and must equal the hand lists; (b) below_threshold (PA23 Part 6) is not
available to devolved Scottish authorities (s.2(1), (5)(a)); (c) npps_regard
and social_value_act_duty `applies` are recomputed (s.13(10)(b),(d); PSVA
s.1(1)(a),(11),(12)); (d) pin_reduction verdicts are recomputed; (e) the
alternative (wrong) counts quoted in the case comments as traps are checked.
"""
import datetime as dt
import os
import re
import sys

D = dt.date

EW = {
    2023: ["2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08",
           "2023-05-29", "2023-08-28", "2023-12-25", "2023-12-26"],
    2024: ["2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27",
           "2024-08-26", "2024-12-25", "2024-12-26"],
    2025: ["2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26",
           "2025-08-25", "2025-12-25", "2025-12-26"],
    2026: ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25",
           "2026-08-31", "2026-12-25", "2026-12-28"],
    2027: ["2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31",
           "2027-08-30", "2027-12-27", "2027-12-28"],
    2028: ["2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29",
           "2028-08-28", "2028-12-25", "2028-12-26"],
    2029: ["2029-01-01", "2029-03-30", "2029-04-02", "2029-05-07", "2029-05-28",
           "2029-08-27", "2029-12-25", "2029-12-26"],
}
SCOT = {
    2023: ["2023-01-02", "2023-01-03", "2023-04-07", "2023-05-01", "2023-05-08",
           "2023-05-29", "2023-08-07", "2023-11-30", "2023-12-25", "2023-12-26"],
    2024: ["2024-01-01", "2024-01-02", "2024-03-29", "2024-05-06", "2024-05-27",
           "2024-08-05", "2024-12-02", "2024-12-25", "2024-12-26"],
    2025: ["2025-01-01", "2025-01-02", "2025-04-18", "2025-05-05", "2025-05-26",
           "2025-08-04", "2025-12-01", "2025-12-25", "2025-12-26"],
    2026: ["2026-01-01", "2026-01-02", "2026-04-03", "2026-05-04", "2026-05-25",
           "2026-06-15", "2026-08-03", "2026-11-30", "2026-12-25", "2026-12-28"],
    2027: ["2027-01-01", "2027-01-04", "2027-03-26", "2027-05-03", "2027-05-31",
           "2027-08-02", "2027-11-30", "2027-12-27", "2027-12-28"],
    2028: ["2028-01-03", "2028-01-04", "2028-04-14", "2028-05-01", "2028-05-29",
           "2028-08-07", "2028-11-30", "2028-12-25", "2028-12-26"],
    2029: ["2029-01-01", "2029-01-02", "2029-03-30", "2029-05-07", "2029-05-28",
           "2029-08-06", "2029-11-30", "2029-12-25", "2029-12-26"],
}
NI = {
    2023: ["2023-01-02", "2023-03-17", "2023-04-07", "2023-04-10", "2023-05-01",
           "2023-05-08", "2023-05-29", "2023-07-12", "2023-08-28", "2023-12-25",
           "2023-12-26"],
    2024: ["2024-01-01", "2024-03-18", "2024-03-29", "2024-04-01", "2024-05-06",
           "2024-05-27", "2024-07-12", "2024-08-26", "2024-12-25", "2024-12-26"],
    2025: ["2025-01-01", "2025-03-17", "2025-04-18", "2025-04-21", "2025-05-05",
           "2025-05-26", "2025-07-14", "2025-08-25", "2025-12-25", "2025-12-26"],
    2026: ["2026-01-01", "2026-03-17", "2026-04-03", "2026-04-06", "2026-05-04",
           "2026-05-25", "2026-07-13", "2026-08-31", "2026-12-25", "2026-12-28"],
    2027: ["2027-01-01", "2027-03-17", "2027-03-26", "2027-03-29", "2027-05-03",
           "2027-05-31", "2027-07-12", "2027-08-30", "2027-12-27", "2027-12-28"],
    2028: ["2028-01-03", "2028-03-17", "2028-04-14", "2028-04-17", "2028-05-01",
           "2028-05-29", "2028-07-12", "2028-08-28", "2028-12-25", "2028-12-26"],
    2029: ["2029-01-01", "2029-03-19", "2029-03-30", "2029-04-02", "2029-05-07",
           "2029-05-28", "2029-07-12", "2029-08-27", "2029-12-25", "2029-12-26"],
}


def _set(table):
    return {D.fromisoformat(s) for year in table.values() for s in year}


EW_SET, SCOT_SET, NI_SET = _set(EW), _set(SCOT), _set(NI)
UNION = EW_SET | SCOT_SET | NI_SET
CAL_START, CAL_END = D(2023, 1, 1), D(2029, 12, 31)


def in_range(d):
    if not CAL_START <= d <= CAL_END:
        raise ValueError(f"{d} is outside the hand-written calendar 2023-2029")


def is_xmas_or_gf(d):
    # Christmas Day and Good Friday are named separately in s.123 / reg 12(12)
    # / PCR reg 2; they are in every list above anyway (Good Friday in all
    # three; 25 Dec in all three when it falls on a weekday).
    return (d.month, d.day) == (12, 25) or d in {
        D(2023, 4, 7), D(2024, 3, 29), D(2025, 4, 18), D(2026, 4, 3), D(2027, 3, 26), D(2028, 4, 14),
        D(2029, 3, 30)}


def working_day(d, cal):
    in_range(d)
    if d.weekday() >= 5 or is_xmas_or_gf(d):
        return False
    hol = {"uk": UNION, "england": EW_SET, "pcr": EW_SET}[cal]
    return d not in hol


def pa23_standstill_last_day(notice):
    """s.51(2): 8 working days beginning with the day the CAN is published."""
    d, n = notice, 0
    while True:
        if working_day(d, "uk"):
            n += 1
            if n == 8:
                return d
        d += dt.timedelta(days=1)


def psr_standstill_last_day(notice):
    """reg 12(2),(3),(9): begins the day after publication; ends at midnight at
    the end of the 8th working day after the day the standstill begins."""
    begins = notice + dt.timedelta(days=1)
    d, n = begins, 0
    while n < 8:
        d += dt.timedelta(days=1)
        if working_day(d, "england"):
            n += 1
    return d


def pcr_standstill_last_day(sent, electronic=True):
    """reg 87(2)/(3): ends at midnight at the end of the 10th (15th) day after
    the sending date; reg 2(4): a period ending on a non-working day runs on
    to the end of the next working day."""
    d = sent + dt.timedelta(days=10 if electronic else 15)
    while not working_day(d, "pcr"):
        d += dt.timedelta(days=1)
    return d


def add_months(d, m):
    y, mo = divmod(d.month - 1 + m, 12)
    y += d.year
    mo += 1
    import calendar
    day = min(d.day, calendar.monthrange(y, mo)[1])
    return D(y, mo, day)


def within(notice_date, pin_date, min_days):
    gap = (notice_date - pin_date).days
    return gap >= min_days and pin_date >= add_months(notice_date, -12)


# ---------------------------------------------------------------- thresholds
PA23_COMMENCED = D(2025, 2, 24)
NEW_THRESHOLDS = D(2026, 1, 1)


def threshold(spec):
    """GBP incl. VAT. SI 2025/1200 from 1 Jan 2026 (reg 3: earlier procurements
    keep the earlier figures); PCR 2015 2024 figures for legacy cases."""
    pub = spec["timetable"]["tender_published"]
    route, buyer = spec["route"], spec["buyer"]
    new = pub >= NEW_THRESHOLDS
    if D(2022, 1, 1) <= pub < D(2024, 1, 1):  # SI 2021/1221 figures (PPN 10/21)
        if route.get("light_touch") or route.get("procedure") == "light_touch":
            return 663540
        if spec["service_type"] == "construction_works":
            return 5336937
        c = buyer.get("central_government_authority", False) or buyer["sector"] == "central_government"
        return 138760 if c else 213477
    if route.get("light_touch") or route.get("procedure") == "light_touch":
        return 663540
    if spec["service_type"] == "construction_works":
        return 5193000 if new else 5372609
    central = buyer.get("central_government_authority", False) or buyer["sector"] == "central_government"
    if central:
        return 135018 if new else 139688
    return 207720 if new else 214904


# ---------------------------------------------------------------- minimums
def central(spec):
    b = spec["buyer"]
    return bool(b.get("central_government_authority")) or b["sector"] == "central_government"


def pa23_tender_min(spec):
    r, t = spec["route"], spec["timetable"]
    e, docs = r.get("electronic_submission", True), r.get("documents_with_notice", True)
    c = [25 if (e and docs) else 35 if (not e and not docs) else 30]
    if r.get("light_touch"):
        c.append(0)
    if r.get("pre_selected_suppliers") and not central(spec):
        c.append(0 if r.get("agreed_tender_period") else 10)
    if "planned_procurement_notice" in t and within(t["tender_published"], t["planned_procurement_notice"], 40):
        c.append(10)
    if r.get("urgency"):
        c.append(10)
    if r.get("dynamic_market"):
        c.append(10)
    return min(c)


def pa23_part_min(spec):
    r = spec["route"]
    if r.get("light_touch"):
        return 0
    return 10 if r.get("urgency") else 25


def pcr_pin_ok(spec):
    t = spec["timetable"]
    return "planned_procurement_notice" in t and within(t["tender_published"], t["planned_procurement_notice"], 35)


def pcr_tender_min(spec):
    r = spec["route"]
    e = r.get("electronic_submission", True)
    if r["procedure"] == "open":
        c = [30 if e else 35]
        red = 15
    else:
        c = [25 if e else 30]
        red = 10
    if pcr_pin_ok(spec) or r.get("urgency"):
        c.append(red)
    if r["procedure"] != "open" and not central(spec):
        c.append(0 if r.get("agreed_tender_period") else 10)  # reg 28(8)-(9) sub-central
    m = min(c)
    if not r.get("documents_with_notice", True) and not r.get("urgency"):
        m += 5  # reg 53(5)
    return m


def pcr_part_min(spec):
    return 15 if spec["route"].get("urgency") else 30


# ---------------------------------------------------------------- tiny YAML
def scalar(v):
    v = v.strip()
    if v in ("true", "false"):
        return v == "true"
    if re.fullmatch(r"\d{4}-\d\d-\d\d", v):
        return D.fromisoformat(v)
    if re.fullmatch(r"-?\d+", v):
        return int(v)
    if v.startswith("[") and v.endswith("]"):
        return [scalar(x) for x in v[1:-1].split(",") if x.strip()]
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        return v[1:-1]
    return v


def flow_map(v):
    v = v.strip()
    assert v.startswith("{") and v.endswith("}"), v
    out = {}
    for part in v[1:-1].split(","):
        if part.strip():
            k, _, val = part.partition(":")
            out[k.strip()] = scalar(val)
    return out


def strip_comment(line):
    out, q = [], None
    for i, ch in enumerate(line):
        if q:
            if ch == q:
                q = None
        elif ch in "\"'":
            q = ch
        elif ch == "#" and (i == 0 or line[i - 1] == " "):
            break
        out.append(ch)
    return "".join(out).rstrip()


def load_case(path):
    spec, expected, section = {}, [], None
    for raw in open(path, encoding="utf-8"):
        line = strip_comment(raw)
        if not line.strip():
            continue
        if line == "spec:":
            section = "spec"
            continue
        if line == "expected:":
            section = "expected"
            continue
        if section == "spec":
            k, _, v = line.strip().partition(":")
            spec[k] = flow_map(v) if v.strip().startswith("{") else scalar(v)
        elif section == "expected":
            s = line.strip()
            if s.startswith("- "):
                expected.append({})
                s = s[2:]
            k, _, v = s.partition(":")
            expected[-1][k.strip()] = scalar(v)
    return spec, expected


# ---------------------------------------------------------------- checking
def check_case(path):
    spec, expected = load_case(path)
    errs = []
    r, t, b = spec["route"], spec["timetable"], spec["buyer"]
    regime = r["regime"]

    def err(msg):
        errs.append(f"{os.path.basename(path)}: {msg}")

    for e in expected:
        c, v = e["concept"], e["verdict"]
        if c == "tendering_period":
            start = t.get("invitation_to_tender", t["tender_published"])
            days = (t["tender_deadline"] - start).days
            if regime == "procurement_act_2023":
                m = pa23_tender_min(spec)
            elif regime == "public_contracts_regulations_2015" and r["procedure"] != "light_touch":
                m = pcr_tender_min(spec)
            else:
                m = 0
            if e.get("minimum_days", m) != m:
                err(f"tendering minimum {e.get('minimum_days')} != recomputed {m}")
            if e.get("period_days", days) != days:
                err(f"tendering period_days {e.get('period_days')} != {days}")
            want = "pass" if days >= m else "fail"
            if v != want:
                err(f"tendering verdict {v} != {want} ({days} days vs {m})")
        elif c == "participation_period":
            days = (t["participation_deadline"] - t["tender_published"]).days
            m = pa23_part_min(spec) if regime == "procurement_act_2023" else pcr_part_min(spec)
            if e.get("minimum_days", m) != m:
                err(f"participation minimum {e.get('minimum_days')} != {m}")
            if e.get("period_days", days) != days:
                err(f"participation period_days {e.get('period_days')} != {days}")
            want = "pass" if days >= m else "fail"
            if v != want:
                err(f"participation verdict {v} != {want} ({days} vs {m})")
        elif c == "vcfse_window":
            days = (t["tender_deadline"] - t["tender_published"]).days
            if e.get("period_days", days) != days:
                err(f"vcfse period_days {e.get('period_days')} != {days}")
            want = "pass" if days >= 42 else "warn"
            if v != want or e.get("minimum_days", 42) != 42:
                err(f"vcfse verdict {v} != {want} ({days} days)")
        elif c == "pin_reduction":
            if regime == "procurement_act_2023":
                ok = "planned_procurement_notice" in t and within(t["tender_published"], t["planned_procurement_notice"], 40)
            else:
                ok = pcr_pin_ok(spec)
            if e.get("available") != ok:
                err(f"pin available {e.get('available')} != {ok}")
            if ok and v != "pass":
                err(f"pin_reduction verdict {v} but the reduction is available")
        elif c == "standstill":
            if v == "not_applicable":
                na = (r.get("light_touch") or r["procedure"] in ("framework_call_off", "direct_award_a", "direct_award_b")
                      or r.get("dynamic_market"))
                if not na:
                    err("standstill not_applicable but no exemption recomputed")
                continue
            n = t["award_notice"]
            if regime == "procurement_act_2023":
                last = pa23_standstill_last_day(n)
            elif regime == "provider_selection_regime":
                last = psr_standstill_last_day(n)
            else:
                last = pcr_standstill_last_day(n, r.get("electronic_notification", True))
            earliest = last + dt.timedelta(days=1)
            if e.get("standstill_last_day", last) != last:
                err(f"standstill_last_day {e.get('standstill_last_day')} != {last}")
            if "earliest_contract_start" in e and e["earliest_contract_start"] != earliest:
                err(f"earliest_contract_start {e.get('earliest_contract_start')} != {earliest}")
            cs = t.get("contract_start")
            if cs is not None and not r.get("representations_received"):
                want = "pass" if cs >= earliest else "fail"
                if v != want:
                    err(f"standstill verdict {v} != {want} (start {cs}, earliest {earliest})")
        elif c == "non_working_day":
            d = t[e.get("date_field", "tender_deadline")]
            want = "warn" if not working_day(d, "uk") else "pass"
            if v != want:
                err(f"non_working_day verdict {v} != {want} for {d}")
        elif c == "threshold":
            th = threshold(spec)
            if e.get("threshold_gbp") != th:
                err(f"threshold_gbp {e.get('threshold_gbp')} != {th}")
            above = spec["value_gbp"] >= th
            if e.get("above_threshold") != above:
                err(f"above_threshold {e.get('above_threshold')} != {above}")
            regime_above = regime != "below_threshold"
            want = "pass" if above == regime_above else "fail"
            if v != want:
                err(f"threshold verdict {v} != {want}")
        elif c == "kpi_duty":
            applies = (regime == "procurement_act_2023" and spec["value_gbp"] > 5_000_000
                       and not r.get("light_touch"))
            if e.get("applies") != applies or v != ("pass" if applies else "not_applicable"):
                err(f"kpi_duty applies {e.get('applies')}/{v} != {applies}")
        elif c == "regime_applies":
            pub = t["tender_published"]
            ok = True
            if regime == "procurement_act_2023":
                ok = pub >= PA23_COMMENCED and not (b["nation"] == "scotland" and b.get("devolved_authority"))
            elif regime == "public_contracts_regulations_2015":
                ok = pub < PA23_COMMENCED and b["nation"] != "scotland"
            elif regime == "provider_selection_regime":
                ok = b["nation"] == "england"
            elif regime == "below_threshold":  # PA23 Part 6: contracting authorities only (s.2(5)(a))
                ok = pub >= PA23_COMMENCED and not (b["nation"] == "scotland" and b.get("devolved_authority"))
            if v != ("pass" if ok else "fail"):
                err(f"regime_applies {v} but recomputed {ok}")
        elif c == "npps_regard" and regime == "procurement_act_2023":
            devolved_wni = b["nation"] in ("wales", "northern_ireland") and b.get("devolved_authority")
            applies = not (r["procedure"] == "framework_call_off" or r.get("dynamic_market") or devolved_wni)
            if e.get("applies") != applies or v != ("pass" if applies else "not_applicable"):
                err(f"npps_regard applies {e.get('applies')}/{v} != {applies}")
        elif c == "social_value_act_duty" and regime == "procurement_act_2023":
            welsh = b["nation"] == "wales" and b.get("devolved_authority")
            services = spec["service_type"] not in ("goods_supplies", "construction_works")
            applies = (not welsh and r["procedure"] != "framework_call_off" and services
                       and spec["value_gbp"] >= threshold(spec))
            if e.get("applies") != applies or v != ("pass" if applies else "not_applicable"):
                err(f"social_value_act_duty applies {e.get('applies')}/{v} != {applies}")
        elif c in ("social_value_act_duty", "npps_regard", "procedure_valid"):
            if c != "procedure_valid" and "applies" in e and v != ("pass" if e["applies"] else "not_applicable"):
                err(f"{c}: verdict {v} inconsistent with applies {e['applies']}")
            if c == "procedure_valid" and v != "input_error":
                err("procedure_valid cases are impossible combinations: expect input_error")
        else:
            err(f"unknown concept {c}")
    return errs


def easter(y):
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return D(y, month, day)


def first_monday(y, mo):
    d = D(y, mo, 1)
    return d + dt.timedelta(days=(7 - d.weekday()) % 7)


def last_monday(y, mo):
    d = D(y, mo + 1, 1) - dt.timedelta(days=1)
    return d - dt.timedelta(days=d.weekday())


def substitute(days):
    """Weekend holidays move to the next weekday not already taken."""
    out = []
    for d in days:
        while d.weekday() >= 5 or d in out:
            d += dt.timedelta(days=1)
        out.append(d)
    return out


def derived(y):
    """BFDA 1971 Sch 1 plus customary proclamations (New Year E&W/NI, Early May,
    Boyne 12 Jul NI; Boyne on a weekend moves to Monday)."""
    gf, em = easter(y) - dt.timedelta(days=2), easter(y) + dt.timedelta(days=1)
    xmas = substitute([D(y, 12, 25), D(y, 12, 26)])
    ny = substitute([D(y, 1, 1)])
    common = [gf, first_monday(y, 5), last_monday(y, 5)]
    ew = ny + common + [em, last_monday(y, 8)] + xmas
    scot = substitute([D(y, 1, 1), D(y, 1, 2)]) + common + [first_monday(y, 8)] + substitute([D(y, 11, 30)]) + xmas
    ni = ny + substitute([D(y, 3, 17)]) + common + [em] + substitute([D(y, 7, 12)]) + [last_monday(y, 8)] + xmas
    return {"ew": sorted(ew), "scot": sorted(scot), "ni": sorted(ni)}


def self_test_law3():
    # 2028 and 2029 re-derived from BFDA 1971 Sch 1 and the customary proclamations
    for y in (2028, 2029):
        got = derived(y)
        for key, table in (("ew", EW), ("scot", SCOT), ("ni", NI)):
            hand = sorted(D.fromisoformat(x) for x in table[y])
            assert got[key] == hand, (y, key, got[key], hand)
    # 2023 also, apart from the one-off Coronation holiday (Mon 8 May 2023, proclaimed)
    got = derived(2023)
    for key, table in (("ew", EW), ("scot", SCOT), ("ni", NI)):
        hand = sorted(D.fromisoformat(x) for x in table[2023] if x != "2023-05-08")
        assert got[key] == hand, (2023, key, got[key], hand)

    def count(start, hol, n=8):
        d, k = start, 0
        while True:
            if d.weekday() < 5 and d not in hol and not is_xmas_or_gf(d):
                k += 1
                if k == n:
                    return d
            d += dt.timedelta(days=1)
    assert D(2028, 4, 18) not in UNION                           # case 74: Easter Tuesday is no bank holiday
    assert count(D(2028, 4, 12), UNION | {D(2028, 4, 18)}) == D(2028, 4, 26)  # case 74 trap
    assert count(D(2028, 12, 20), EW_SET) == D(2029, 1, 3)       # case 75: England-and-Wales count
    assert count(D(2028, 12, 23), UNION) == D(2029, 1, 9)        # case 76: UK-wide count (trap)
    assert count(D(2028, 12, 22), EW_SET) == D(2029, 1, 5)       # case 76: NHSE reading
    assert psr_standstill_last_day(D(2028, 12, 21)) == D(2029, 1, 8)
    # case 77: counting the St Andrew's Day notice day itself as day 1 (England-only calendar)
    d, k = D(2028, 11, 30), 0
    while True:
        if d.weekday() < 5 and d not in EW_SET:
            k += 1
            if k == 8:
                break
        d += dt.timedelta(days=1)
    assert d == D(2028, 12, 11)
    assert D(2028, 11, 30) in SCOT_SET and D(2028, 11, 30) not in EW_SET
    assert pa23_standstill_last_day(D(2028, 11, 30)) == D(2028, 12, 12)
    # case 80: 10th day after 22 Dec 2023 is New Year's Day 2024, run on to 2 Jan
    assert D(2023, 12, 22) + dt.timedelta(days=10) == D(2024, 1, 1)
    assert pcr_standstill_last_day(D(2023, 12, 22)) == D(2024, 1, 2)


def self_test():
    """Hand-checked anchors (worked on paper before coding)."""
    assert pa23_standstill_last_day(D(2025, 7, 7)) == D(2025, 7, 17)   # Boyne 14 Jul 2025
    assert pa23_standstill_last_day(D(2026, 11, 25)) == D(2026, 12, 7)  # St Andrew's 30 Nov 2026
    assert D(2026, 6, 15) in UNION and D(2026, 6, 15) not in EW_SET
    assert D(2028, 2, 29).weekday() == 1  # leap day 2028 is a Tuesday
    for table in (EW, SCOT, NI):
        for year, days in table.items():
            for s in days:
                d = D.fromisoformat(s)
                assert d.year == year and d.weekday() < 5, s  # substitutes land on weekdays


def main():
    self_test()
    self_test_law3()
    here = os.path.dirname(os.path.abspath(__file__))
    dirs = [here]  # law3 copy: only the cases in this folder
    files = []
    for d in dirs:
        if os.path.isdir(d):
            files += sorted(os.path.join(d, f) for f in os.listdir(d) if re.match(r"\d\d-.*\.yaml$", f))
    errs = []
    for f in files:
        try:
            errs += check_case(f)
        except Exception as ex:  # a malformed case is a failure too
            errs.append(f"{os.path.basename(f)}: {type(ex).__name__}: {ex}")
    for e in errs:
        print("DISAGREE", e)
    print(f"{len(files)} case files checked, {len(errs)} disagreements")
    return 1 if errs or not files else 0


if __name__ == "__main__":
    sys.exit(main())
