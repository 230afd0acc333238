"""A Local Needs Analysis covering several boroughs: a tender uses only the rows for its own
places and the system-wide ones, and says how many it left out (FINDINGS R55)."""

from __future__ import annotations

from pathlib import Path

from svauthor.domain.engine import assess
from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.results import Assessment
from svauthor.domain.specfile import load_spec

from .conftest import TODAY

TWO_BOROUGHS = (
    "place,need,evidence,figure,source,date\n"
    "knowsley,carbon,Knowsley's road traffic emissions are the highest in the region.,1,"
    "Knowsley LNA,2026-01-01\n"
    "knowsley,fuel_poverty,One household in five in Knowsley cannot heat its home.,20%,"
    "Knowsley LNA,2026-01-01\n"
    "sefton,homelessness,Rough sleeping in Sefton rose last year.,40,Sefton LNA,2026-01-01\n"
    ",isolation,Loneliness is reported across the whole system.,1 in 4,ICB survey,2026-01-01\n"
)


def _assess(kb: KnowledgeBase, tmp_path: Path, places: str) -> Assessment:
    (tmp_path / "lna.csv").write_text(TWO_BOROUGHS, encoding="utf-8")
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "title: Sefton Tenancy Support\nbuyer:\n  name: Sefton Council\n"
        "  sector: local_authority\nservice_type: community_support\nvalue_gbp: 600000\n"
        f"duration_months: 36\nplaces: {places}\nlocal_needs: []\n"
        "local_needs_analysis: lna.csv\n", encoding="utf-8")
    return assess(load_spec(spec, kb), kb, today=TODAY)


def _evidence_places(a: Assessment) -> set[str]:
    return {e.place for n in a.needs for e in n.evidence}


def test_rows_for_another_borough_are_left_out_and_counted(kb: KnowledgeBase, tmp_path: Path) -> None:
    a = _assess(kb, tmp_path, "[sefton]")
    assert [n.id for n in a.needs] == ["homelessness", "isolation"]
    assert _evidence_places(a) == {"sefton", ""}  # its own row and the system-wide one
    assert next(m.status for m in a.measures if m.ref == "NT83") != "recommended"
    assert a.needs_analysis_note.startswith("2 rows of the Local Needs Analysis are for places "
                                            "this tender does not cover (Knowsley)")
    assert "2 rows for its places or the whole area are used" in a.needs_analysis_note


def test_a_tender_for_both_boroughs_uses_every_row(kb: KnowledgeBase, tmp_path: Path) -> None:
    a = _assess(kb, tmp_path, "[sefton, knowsley]")
    assert {n.id for n in a.needs} == {"carbon", "fuel_poverty", "homelessness", "isolation"}
    assert a.needs_analysis_note == ""


def test_a_tender_with_no_places_says_it_used_all_rows(kb: KnowledgeBase, tmp_path: Path) -> None:
    a = _assess(kb, tmp_path, "[]")
    assert len({n.id for n in a.needs}) == 4
    assert a.needs_analysis_note == ("The tender names no places, so all 4 rows of the Local "
                                     "Needs Analysis are used, whichever place each is for.")
