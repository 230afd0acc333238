"""The shared input parsers: the wizard and the forward-plan CSV read every value the same way."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.inputs import (
    ValueInputError,
    parse_date,
    parse_money,
    parse_pct,
    parse_whole,
    parse_yes_no,
    split_list,
)
from svauthor.pipeline.plan import RowReader, RowSpec, inspect_plan
from svauthor.tui.form import FormState, build_spec

HEADER = ("title,buyer,sector,regime,procedure,service_type,value_gbp,duration_months,places,"
          "local_needs,lots,social_value_pct,qualitative_pct,tender_published,tender_deadline")
BASE = {"title": "Befriending", "buyer": "Wirral Council", "sector": "local_authority",
        "regime": "below_threshold", "procedure": "open", "service_type": "community_support",
        "value_gbp": "45000", "duration_months": "12", "places": "wirral",
        "local_needs": "isolation", "lots": "", "social_value_pct": "", "qualitative_pct": "",
        "tender_published": "", "tender_deadline": ""}

# Strings people really type, good and bad, for each kind of value.
CANDIDATES: dict[str, list[str]] = {
    "value_gbp": ["45000", "£1,250,000", "£ 2,000,000.50", "1.5m", "£300k", "2 million",
                  "45k", "£2bn", "1250000 GBP", "0", "-5", "-£45,000", "abc", "£", "1,2,3m4",
                  "1e6", "nan", "12abc", "10" + "0" * 12, "£1,250.50", "0,250m", "0,500", "45,5"],
    "duration_months": ["12", "36", "36.0", "1,000", "0", "-3", "a year", "12.5", "١٢", "0,012"],
    "lots": ["1", "3", "two", "0", "2.0"],
    "social_value_pct": ["10", "12.5", "10%", " 15 % ", "150", "-1", "ten", "nan", "inf"],
    "tender_published": ["2027-03-01", "01/03/2027", "1/3/2027", "1 March 2027", "1 Mar 2027",
                         "01.03.2027", "2027-02-30", "31/02/2027", "13/13/2027", "next spring",
                         "1 Smarch 2027", "2027-3-1", "1899-03-01", "03/01/27"],
}
FORM_FIELD = {"value_gbp": "value", "duration_months": "duration", "lots": "lots",
              "social_value_pct": "sv_pct", "tender_published": "tt_tender_published"}


def _form_accepts(kb: KnowledgeBase, column: str, raw: str) -> bool:
    form = FormState(title="Befriending", buyer_name="Wirral Council", sector="local_authority",
                     regime="below_threshold", procedure="open", service_type="community_support",
                     value="45000", duration="12", places=["wirral"], local_needs=["isolation"])
    if column == "tender_published":
        form.dates = {"tender_published": raw, "tender_deadline": "2027-06-01"}
    else:
        setattr(form, FORM_FIELD[column], raw)
    return FORM_FIELD[column] not in build_spec(form, kb).errors


@pytest.mark.parametrize("column", sorted(CANDIDATES))
def test_the_wizard_and_the_forward_plan_accept_exactly_the_same_strings(
        kb: KnowledgeBase, tmp_path: Path, column: str) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(HEADER + "\n" + ",".join(BASE.values()) + "\n", encoding="utf-8")
    reader = RowReader(inspect_plan(plan), kb)
    names = HEADER.split(",")
    verdicts: set[bool] = set()
    for raw in CANDIDATES[column]:
        cells = {**BASE, column: raw}
        if column == "tender_published":
            cells["tender_deadline"] = "2027-06-01"
        row = reader.row(2, [cells[n] for n in names])
        plan_ok = isinstance(row, RowSpec) or not any(p.field == column for p in row.problems)
        assert plan_ok == _form_accepts(kb, column, raw), (column, raw)
        verdicts.add(plan_ok)
    assert verdicts == {True, False}  # the candidates include both kinds


@pytest.mark.parametrize(("raw", "pounds"), [
    ("£1,250,000", 1_250_000), ("1.5m", 1_500_000), ("45k", 45_000), ("2 million", 2_000_000),
    ("£2bn", 2_000_000_000), ("£1,250.50", 1250.5), ("1250000 gbp", 1_250_000)])
def test_money(raw: str, pounds: float) -> None:
    assert parse_money(raw) == pounds


@pytest.mark.parametrize(("raw", "words"), [
    ("-5", "negative"), ("0", "zero"), ("abc", "not an amount of money"),
    ("0,250m", "uses a comma for decimals"), ("0,500", r"\(0\.500\)"), ("95,5", "decimals"),
    ("1" + "0" * 12, "the most svauthor accepts")])
def test_money_refusals_say_why(raw: str, words: str) -> None:
    with pytest.raises(ValueInputError, match=words):
        parse_money(raw)


@pytest.mark.parametrize("raw", ["2027-03-01", "01/03/2027", "1/3/2027", "1 March 2027",
                                 "1 mar 2027", "01.03.2027", " 2027-3-1 "])
def test_dates_in_iso_and_uk_forms(raw: str) -> None:
    assert parse_date(raw) == date(2027, 3, 1)


@pytest.mark.parametrize(("raw", "words"), [
    ("31/02/2027", "February 2027 has 28 days"), ("13/13/2027", "no month 13"),
    ("1 Smarch 2027", "`Smarch` is not a month"), ("soon", "not a date")])
def test_date_refusals_say_why(raw: str, words: str) -> None:
    with pytest.raises(ValueInputError, match=words):
        parse_date(raw)


def test_numbers_percentages_yes_no_and_lists() -> None:
    assert parse_whole("1,000", "months", "36") == 1000
    assert parse_whole("36.0", "months", "36") == 36
    with pytest.raises(ValueInputError, match="not a whole number of lots"):
        parse_whole("two", "lots", "1")
    assert parse_pct(" 12.5 % ") == 12.5
    with pytest.raises(ValueInputError, match="between 0 and 100"):
        parse_pct("150")
    for meant, raw in (("10%", "0.1"), ("50%", "0.5%"), ("99.9%", "0.999")):
        with pytest.raises(ValueInputError, match=f"did you mean {re.escape(meant)}\\?"):
            parse_pct(raw)
    assert parse_pct("0") == 0 and parse_pct("1") == 1 and parse_pct("100%") == 100
    assert parse_yes_no("Y") is True and parse_yes_no("false") is False
    with pytest.raises(ValueInputError, match="yes or no"):
        parse_yes_no("maybe")
    assert split_list(" wirral; sefton;; ") == ["wirral", "sefton"]
    assert split_list("wirral,sefton") == ["wirral", "sefton"]
