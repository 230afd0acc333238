"""The four dialogs that ask for a reason or a path share one base: Enter with too little keeps
the dialog open and says what is missing; Cancel and Escape give nothing; a good answer is given."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Input, Static, TextArea

from svauthor.tui.dialogs.add_question import AddQuestionDialog
from svauthor.tui.dialogs.base import FormDialog
from svauthor.tui.dialogs.edit_question import EditQuestionDialog
from svauthor.tui.dialogs.reason import ReasonDialog
from svauthor.tui.dialogs.save_path import SavePathDialog

from .test_tui_helpers import press_fast, wait_until

WORDING = "Tell us how you will work with local VCFSE groups to reach isolated carers."


def _cases(tmp: Path) -> dict[str, tuple[Callable[[], FormDialog[Any]], str, str, object]]:
    """name -> (dialog, its text box, what to type, the answer it gives)."""
    return {
        "reason": (lambda: ReasonDialog("Exclude NT1", "Why?"), "#reason", "Covered elsewhere",
                   "Covered elsewhere"),
        "add": (lambda: AddQuestionDialog([("q1", "First"), ("q2", "Second")]), "#add-reason",
                "The board asked", ("q1", "The board asked")),
        "edit": (lambda: EditQuestionDialog("Q", WORDING), "#edit-reason", "Plainer words",
                 (WORDING, "Plainer words")),
        "save": (lambda: SavePathDialog(tmp / "x", None), "#path", str(tmp / "t"),
                 tmp / "t.yaml"),
    }


@pytest.mark.parametrize("name", ["reason", "add", "edit", "save"])
def test_a_dialog_refuses_too_little_and_cancel_gives_nothing(name: str, tmp_path: Path) -> None:
    make, box, typed, want = _cases(tmp_path)[name]
    results: list[object] = []

    async def story() -> None:
        app: App[None] = App()
        async with app.run_test(size=(100, 30)) as pilot:
            for finish in ("cancel", "escape", "answer"):
                dialog = make()
                app.push_screen(dialog, results.append)
                await wait_until(pilot, lambda d=dialog: app.screen is d and d.query(box))  # type: ignore[misc]
                field = dialog.query_one(box, Input)
                field.value = "" if name != "save" else " "
                field.focus()
                await press_fast(pilot, ["enter"], batch=1)
                error = dialog.query_one(f"#{dialog.ERROR_ID}", Static)
                await wait_until(pilot, lambda e=error: str(e.render()) != "")  # type: ignore[misc]
                assert app.screen is dialog, "too little must keep the dialog open"
                if finish == "cancel":
                    await pilot.click("#cancel")
                elif finish == "escape":
                    await press_fast(pilot, ["escape"], batch=1)
                else:
                    field.value = typed
                    await pilot.click("#ok")
                await wait_until(pilot, lambda d=dialog: app.screen is not d)  # type: ignore[misc]

    asyncio.run(story())
    assert results == [None, None, want]


def test_a_reworded_question_must_be_a_question_not_a_word(tmp_path: Path) -> None:
    """The wording, not only the reason, is checked before the dialog closes."""

    async def story() -> str:
        app: App[None] = App()
        async with app.run_test(size=(100, 30)) as pilot:
            dialog = EditQuestionDialog("Q", "Too short")
            app.push_screen(dialog)
            await wait_until(pilot, lambda: app.screen is dialog and dialog.query("#edit-reason"))
            dialog.query_one("#edit-reason", Input).value = "A good reason"
            await pilot.click("#ok")
            error = dialog.query_one("#edit-error", Static)
            await wait_until(pilot, lambda: str(error.render()) != "")
            assert app.screen is dialog and dialog.query_one(TextArea).text == "Too short"
            return str(error.render())

    assert asyncio.run(story()) == "The question needs at least 20 characters."
