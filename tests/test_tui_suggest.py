"""Suggest proposes, the commissioner decides: dates beside the current ones, route facts from
the rules data, nothing applied without a yes (the dialog itself: test_tui_flows, the pty)."""

from __future__ import annotations

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.specfile import load_spec
from svauthor.tui.form import FormState
from svauthor.tui.state import WizardState
from svauthor.tui.steps import STEP_PLANS
from svauthor.tui.steps.timetable import compare_text, route_suggestions

from .conftest import EXAMPLES, TODAY

WORKED = EXAMPLES / "timetable-worked-example.yaml"


def _state(kb: KnowledgeBase, **changes: object) -> WizardState:
    form = FormState.from_spec(load_spec(WORKED, kb))
    for name, value in changes.items():
        setattr(form, name, value)
    return WizardState(kb, TODAY, form, STEP_PLANS)


def test_light_touch_is_suggested_where_the_service_data_says_so(kb: KnowledgeBase) -> None:
    """Community support is usually light touch (rules/service_types.yaml) and the Act's
    tendering periods turn on it; facilities management is not; the PSR never asks."""
    facts = route_suggestions(_state(kb))
    assert set(facts) == {"light_touch"} and facts["light_touch"][0] is True
    assert "usually a light touch service" in facts["light_touch"][1]
    assert route_suggestions(_state(kb, service_type="facilities_management")) == {}
    flags = {**FormState().route_flags, "light_touch": True}
    assert route_suggestions(_state(kb, route_flags=flags)) == {}  # already ticked
    assert route_suggestions(_state(kb, regime="provider_selection_regime",
                                    procedure="competitive_process")) == {}


def test_the_proposal_shows_each_changed_date_beside_the_current_one() -> None:
    text = compare_text({"tender_published": "2026-09-14", "contract_start": "2027-01-04"},
                        {"tender_published": "2026-09-07", "contract_start": "2027-01-04",
                         "tender_deadline": "2026-10-26"}, {})
    rows = text.splitlines()
    assert rows[0].split() == ["Now", "Suggested"]
    published = next(r for r in rows if r.startswith("Tender published"))
    assert "14 September 2026" in published and "→ 7 September 2026" in published
    assert any(r.startswith("Tender deadline") and "(none)" in r and "26 October 2026" in r
               for r in rows)
    assert not any(r.startswith("Contract start") for r in rows)  # unchanged: not listed
    assert "Nothing changes unless you choose Use these." in text
    assert compare_text({"award_notice": "2027-01-04"}, {"award_notice": "4 January 2027"},
                        {}) == ""
