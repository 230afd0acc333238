"""The real `svauthor` process in a pseudo-terminal: the keys a terminal sends, the screen it shows.

Pilot tests hand keys straight to the app; these go through a terminal (pexpect) and read the
screen back (pyte), at 80x24 and 100x30, for the journeys a commissioner depends on.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from svauthor.tui.draft import DraftStore, load_draft
from svauthor.tui.form import FormState

from .conftest import EXAMPLES
from .terminal_support import Terminal

pytestmark = pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs a pty")

WIRRAL = (EXAMPLES / "wirral-befriending.yaml").read_text(encoding="utf-8")


def _drafts(home: Path) -> DraftStore:
    return DraftStore(home / "data" / "svauthor" / "drafts")


def _spec(home: Path, title: str = "Wirral Community Befriending Service") -> Path:
    path = home / "wirral.yaml"
    path.write_text(WIRRAL.replace("title: Wirral Community Befriending Service",
                                   f"title: '{title}'"), encoding="utf-8")
    return path


def _wait_file(path: Path, text: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not (path.exists() and text in path.read_text(encoding="utf-8")):
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} never held {text!r}")
        time.sleep(0.1)


def _quit(term: Terminal) -> None:
    term.press("ctrl+q")
    term.child.expect(__import__("pexpect").EOF, timeout=30)
    term.close()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
def test_a_title_with_markup_opens_and_shows_as_typed(home: Path, size: tuple[int, int]) -> None:
    title = "Wirral [/] [b]Befriending[/b] \\[x]"
    term = Terminal(["open", str(_spec(home, title))], cols=size[0], rows=size[1], home=home)
    try:
        term.wait_for(lambda s: "Step 1 of 8" in s and title in s.splitlines()[0])
        # the status line, exactly as written
    finally:
        _quit(term)


def test_keys_land_where_the_user_looks(home: Path) -> None:
    """Typing on arrival goes into the first field: no jump, no replaced title, no Alt junk."""
    term = Terminal(["open", str(_spec(home))], cols=100, rows=30, home=home)
    try:
        term.wait_for("Step 1 of 8")
        term.type("3")  # straight away, on the title
        term.wait_for("Befriending Service3")
        term.press("f5")  # step 4: its first box is the number of lots
        term.wait_for("Step 4 of 8")
        term.type("3")
        term.wait_for(lambda s: "Step 4 of 8" in s and re.search(r"▊\s*13\s", s) is not None)
        term.press("f2")  # back to step 1, a return visit: nothing selected
        term.wait_for("Step 1 of 8")
        term.type("x")
        term.wait_for("Befriending Service3x")
        term.press("ctrl+z")
        term.wait_for(lambda s: "Service3x" not in s and "Befriending Service3" in s)
        term.press("ctrl+pagedown")
        term.wait_for("Step 2 of 8")
        term.child.send("\x1b1")  # Alt+1 as most terminals send it: not a step jump
        # Step 2 shows already, so waiting for it proves nothing: the next key is the proof.
        # Keys are handled in order, so after Alt+1 a step forward shows step 3 (from step 1,
        # had Alt+1 jumped there, it would show step 2).
        term.press("ctrl+pagedown")
        term.wait_for("Step 3 of 8")
    finally:
        _quit(term)


def test_escape_on_the_resume_prompt_keeps_the_draft(home: Path) -> None:
    store = _drafts(home)
    store.save("earlier", FormState(title="Halton Carers Breaks"), None)
    term = Terminal([], cols=80, rows=24, home=home)
    try:
        term.wait_for("Halton Carers Breaks")
        term.press("escape")
        term.wait_for(lambda s: "Step 1 of 8" in s and "Resume" not in s)
    finally:
        _quit(term)
    assert load_draft(store.path_for("earlier")).form.title == "Halton Carers Breaks"


def test_a_draft_survives_kill_9_and_resumes(home: Path) -> None:
    term = Terminal([], cols=80, rows=24, home=home)
    try:
        term.wait_for("Step 1 of 8")
        term.type("Knowsley [Youth] Mentoring")
        term.wait_for("Knowsley [Youth] Mentoring")
        drafts = home / "data" / "svauthor" / "drafts"
        deadline = time.monotonic() + 30
        while not any("Mentoring" in p.read_text("utf-8") for p in drafts.glob("*.yaml")):
            assert time.monotonic() < deadline, "the draft was never autosaved"
            time.sleep(0.1)
    finally:
        term.close()  # kill -9: no chance to tidy up
    term = Terminal([], cols=100, rows=30, home=home)
    try:
        term.wait_for("Resume your draft?")
        term.press("enter")
        term.wait_for(lambda s: "Draft resumed" in s or "Knowsley [Youth] Mentoring  ·" in s)
    finally:
        _quit(term)


def test_two_windows_never_write_the_same_draft(home: Path) -> None:
    spec = _spec(home)
    first = Terminal(["open", str(spec)], cols=80, rows=24, home=home)
    second: Terminal | None = None
    try:
        first.wait_for("Step 1 of 8")
        first.type(" one")
        first.wait_for("Service one")
        second = Terminal(["open", str(spec)], cols=100, rows=30, home=home)
        second.wait_for("also open in another")
        second.press("end")
        second.type(" two")
        second.wait_for("Service two")
        drafts = home / "data" / "svauthor" / "drafts"
        deadline = time.monotonic() + 30
        while True:
            titles = sorted(load_draft(p).form.title for p in drafts.glob("*.yaml"))
            if len(titles) == 2:
                break
            assert time.monotonic() < deadline, titles
            time.sleep(0.1)
        assert titles == ["Wirral Community Befriending Service one",
                          "Wirral Community Befriending Service two"]
    finally:
        _quit(first)
        if second is not None:
            _quit(second)


def test_suggest_fills_in_a_timetable(home: Path) -> None:
    spec = home / "wirral.yaml"
    spec.write_text(WIRRAL.replace("tender_published: 2027-02-01", "tender_published: 2027-03-01"),
                    encoding="utf-8")
    term = Terminal(["open", str(spec)], cols=100, rows=30, home=home)
    try:
        term.wait_for("Step 1 of 8")
        term.press("f8")
        term.wait_for(lambda s: "Step 7 of 8" in s and "^g Suggest dates" in s)
        term.wait_for("Tender published  2027-03-01")
        term.press("ctrl+g")
        term.wait_for(lambda s: "Tender published  2027-03-01" not in s
                      and re.search(r"Tender published  \d{4}-\d\d-\d\d", s) is not None)
    finally:
        _quit(term)


def test_a_tender_from_blank_to_a_pack_at_80_by_24(home: Path) -> None:
    out = home / "pack"
    term = Terminal([], cols=80, rows=24, home=home)
    try:
        term.wait_for("Step 1 of 8")
        term.type("Sefton Befriending")
        term.wait_for("Sefton Befriending")  # as a person would: see it typed, then Tab
        term.press("tab")
        term.type("Sefton Council")
        screen = term.wait_for("Sefton Council")
        assert "BefriendingSefton" not in screen, screen  # the Tab moved on (FINDINGS W1)
        term.press("f3")
        term.wait_for("Step 2 of 8")
        term.press("enter")  # open the service type list
        term.wait_for("Dismiss menu")
        term.type("Community")  # type to search: the first match
        term.press("enter")
        term.wait_for("Health care delivered outside")  # chosen: its description shows
        term.press("tab")
        term.wait_for(lambda s: "e.g. £1,250,000" in s)
        term.type("45000")
        term.wait_for("45000")
        term.press("tab")
        term.type("12")
        term.wait_for("£45,000 · ")  # the status line has the band: the tender is complete
        term.press("f4")
        term.wait_for("Step 3 of 8")
        term.press("space")  # the first place
        term.press("f9")
        term.wait_for("Step 8 of 8")
        term.press("ctrl+u")
        term.wait_for(lambda s: re.search(r"Output folder\s+▊\s+▎", s) is not None)  # empty
        term.type(str(out))
        term.wait_for(str(out)[-15:])
        for _ in range(4):
            term.press("tab")
        term.press("enter")
        # only the result line says "Wrote N documents"; step 8 mentions DRAFT packs before any run
        term.wait_for(lambda s: re.search(r"Wrote \d+ documents", s) is not None, timeout=120)
    finally:
        _quit(term)
    assert len(list(out.glob("*.docx"))) >= 4
