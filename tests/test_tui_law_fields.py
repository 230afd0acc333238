"""The law facts have fields of their own: nation, devolved authority, participation-stage
dates, electronic notification and representations (once only carried through unseen)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Select

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.spec import TenderSpec
from svauthor.tui.app import SvauthorApp
from svauthor.tui.form import FormState, build_spec

from .test_tui_helpers import build, choose, drive, goto, settle, type_into, wait_until

GLASGOW = {
    "title": "Glasgow Befriending", "service_type": "community_support",
    "buyer": {"name": "Glasgow City Council", "sector": "local_authority",
              "nation": "scotland", "devolved_authority": True},
    "route": {"procedure": "competitive_flexible"}, "value_gbp": 900000, "duration_months": 24,
    "timetable": {"tender_published": "2027-03-01", "participation_deadline": "2027-03-26",
                  "invitation_to_tender": "2027-04-12", "tender_deadline": "2027-05-07"},
}


def test_law_facts_are_fields_the_user_sees_and_changes(kb: KnowledgeBase,
                                                        tmp_path: Path) -> None:
    spec = TenderSpec.model_validate(GLASGOW, context={"kb": kb})
    app = build(kb, tmp_path / "data", spec=spec)

    async def script(pilot: Pilot[None]) -> None:
        assert isinstance(pilot.app, SvauthorApp)
        svapp = pilot.app
        wizard = svapp.wizard
        assert wizard.query_one("#nation", Select).value == "scotland"
        assert wizard.query_one("#devolved_authority", Checkbox).value is True
        await goto(pilot, 7)
        assert wizard.query_one("#tt_invitation_to_tender", Input).value == "2027-04-12"
        assert wizard.query_one("#box-tt_participation_deadline").display
        # the Act never asks about electronic notification or representations: not shown
        assert not wizard.query_one("#electronic_notification", Checkbox).display
        await type_into(pilot, "#tt_invitation_to_tender", "13/04/2027")
        await goto(pilot, 1)
        wizard.query_one("#devolved_authority", Checkbox).value = False
        await choose(pilot, "#nation", "wales")
        await choose(pilot, "#regime", "public_contracts_regulations_2015")
        await choose(pilot, "#procedure", "open")
        await settle(pilot)
        await goto(pilot, 7)
        await wait_until(pilot, lambda: wizard.query_one("#electronic_notification",
                                                         Checkbox).display)
        assert wizard.query_one("#box-tt_invitation_to_tender").display  # it has a date
        wizard.query_one("#electronic_notification", Checkbox).value = False
        await wait_until(pilot, lambda: svapp.state.spec is not None
                         and svapp.state.spec.route.electronic_notification is False)
        made = svapp.state.spec
        assert made is not None
        assert made.buyer.nation == "wales" and made.buyer.devolved_authority is False
        assert made.timetable is not None and str(made.timetable.invitation_to_tender) == \
            "2027-04-13"

    drive(app, script)


def test_a_draft_from_before_the_fields_keeps_its_law_facts(kb: KnowledgeBase) -> None:
    """Older drafts held these facts under `kept`: they come back into the fields."""
    raw = FormState.from_spec(TenderSpec.model_validate(GLASGOW, context={"kb": kb})).to_raw()
    raw.pop("nation"), raw.pop("devolved_authority")
    raw["dates"] = {k: v for k, v in raw["dates"].items()
                    if k not in ("participation_deadline", "invitation_to_tender")}
    raw["route_flags"].pop("electronic_notification")
    raw["kept"] = {"nation": "scotland", "devolved_authority": True,
                   "electronic_notification": False, "participation_deadline": "2027-03-26",
                   "invitation_to_tender": "2027-04-12"}
    form = FormState.from_raw(raw)
    spec = build_spec(form, kb).spec
    assert spec is not None and spec.buyer.nation == "scotland" and spec.buyer.devolved_authority
    assert spec.route.electronic_notification is False
    assert spec.timetable is not None and str(spec.timetable.participation_deadline) == \
        "2027-03-26"


def test_an_invalid_date_stays_visible_in_its_box(kb: KnowledgeBase, tmp_path: Path) -> None:
    """A compact date box keeps its one row when invalid: what was typed can still be read
    (R58: the invalid border took the row)."""
    spec = TenderSpec.model_validate(GLASGOW, context={"kb": kb})
    app = build(kb, tmp_path / "data", spec=spec)

    async def script(pilot: Pilot[None]) -> None:
        assert isinstance(pilot.app, SvauthorApp)
        await goto(pilot, 7)
        await type_into(pilot, "#tt_participation_deadline", "31/02/2027")
        box = pilot.app.wizard.query_one("#tt_participation_deadline", Input)
        pilot.app.wizard.query_one("#tt_tender_deadline", Input).focus()  # leave the field
        await wait_until(pilot, lambda: any(a.has_class("-invalid") for a in box.ancestors))
        await settle(pilot)
        assert box.content_region.height == 1
        assert "31/02/2027" in pilot.app.export_screenshot()

    drive(app, script, size=(100, 30))
