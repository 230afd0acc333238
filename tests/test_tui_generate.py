"""Generate: no final pack while a check fails; the fails are named first and a DRAFT is offered."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.tui.app import SvauthorApp
from svauthor.tui.form import FormState, build_spec
from svauthor.tui.steps.generate import GenerateStep

from .test_tui_helpers import build, docx_text, drive, goto, settle, text_of, type_into, wait_until


def test_a_failing_check_means_a_draft_pack_named_as_such(kb: KnowledgeBase,
                                                         tmp_path: Path) -> None:
    form = FormState(title="Sefton Befriending", buyer_name="Sefton Council",
                     service_type="community_support", value="45000", duration="12",
                     places=["sefton"], local_needs=["isolation"], sv_pct="2")
    spec = build_spec(form, kb).spec
    assert spec is not None
    app = build(kb, tmp_path / "data", spec=spec)
    out = tmp_path / "pack"

    async def script(pilot: Pilot[None]) -> None:
        svapp = pilot.app
        assert isinstance(svapp, SvauthorApp) and svapp.state.assessment is not None
        blocking = svapp.state.assessment.blocking_checks()
        assert blocking, "the 2% weighting should fail a check"
        await goto(pilot, 8)
        shown = text_of(svapp, "#outstanding")
        assert "only a DRAFT pack can be written" in shown
        assert shown.index(blocking[0].message[:40]) < shown.index("Fix these") + 400
        button = svapp.wizard.query_one("#generate", Button)
        assert "DRAFT" in str(button.label)
        step = svapp.wizard.query_one(GenerateStep)
        await type_into(pilot, "#output_dir", str(out))
        runs = step.finished
        await pilot.click("#generate")
        await wait_until(pilot, lambda: step.finished > runs, timeout=60)
        await settle(pilot)

    drive(app, script)
    documents = sorted(out.glob("*.docx"))
    assert documents
    assert all("DRAFT" in docx_text(p) for p in documents)
