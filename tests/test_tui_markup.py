"""User text is never markup: titles, names, reasons, typed values and paths show as typed."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.content import Content
from textual.pilot import Pilot

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.specfile import load_spec
from svauthor.tui.app import SvauthorApp
from svauthor.tui.widgets.text import ZERO_WIDTH, escape

from .conftest import EXAMPLES
from .test_tui_helpers import (
    build,
    drive,
    goto,
    notifications,
    settle,
    text_of,
    type_into,
    wait_until,
)

TITLE = "Wirral [/] [b]Befriending[/b] \\[x] [$accent]"
BUYER = "[red]Wirral Council[/red] [/"


def test_markup_in_what_the_user_typed_is_shown_as_typed(kb: KnowledgeBase,
                                                         tmp_path: Path) -> None:
    folder = tmp_path / "a[b]" / "[/]"
    folder.mkdir(parents=True)
    spec_path = folder / "wirral.yaml"
    text = (EXAMPLES / "wirral-befriending.yaml").read_text(encoding="utf-8")
    spec_path.write_text(text.replace("title: Wirral Community Befriending Service",
                                      f"title: '{TITLE}'").replace(
        "name: Wirral Council", f"name: '{BUYER}'"), encoding="utf-8")
    spec = load_spec(spec_path, kb)
    assert spec.title == TITLE and spec.buyer.name == BUYER
    app = build(kb, tmp_path / "data", spec=spec, spec_path=spec_path)
    messages = notifications(app)

    async def script(pilot: Pilot[None]) -> None:
        svapp = pilot.app
        assert isinstance(svapp, SvauthorApp)
        await settle(pilot)
        assert TITLE in text_of(svapp, "#status-line")
        assert "[/]" in text_of(svapp, "#status-line")
        await pilot.press("ctrl+s")  # a folder name with markup in the message
        await wait_until(pilot, lambda: any("Saved to" in m for m in messages))
        await goto(pilot, 2)
        await type_into(pilot, "#value", "[/]")
        assert "`[/]` is not an amount of money" in text_of(svapp, "#error-value")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: any("[/]" in m and "Not saved" in m
                                            for m in messages))
        await settle(pilot)
        assert svapp.is_running

    drive(app, script, size=(80, 24))


PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs"))  # the CLI strips control characters


@given(st.text(alphabet=st.sampled_from("[]/\\$@#=ab :"), max_size=30)
       | st.text(alphabet=PRINTABLE, max_size=30))
@settings(max_examples=300, deadline=None)
def test_escaped_text_renders_as_itself(text: str) -> None:
    for markup, expected in ((escape(text), text), (f"[b]{escape(text)}[/b]", text),
                             (f"[dim]{escape(text)}[/] [b]x[/b]", text + " x")):
        assert Content.from_markup(markup).plain.replace(ZERO_WIDTH, "") == expected
