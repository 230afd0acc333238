"""Drive the real `svauthor` command in a pseudo-terminal and read its screen (no tests here).

pexpect runs the process as a terminal would; pyte keeps the screen it draws, so a test waits
for text a user would see and sends the bytes a terminal sends for each key.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pyte

from .conftest import ROOT

KEYS = {
    "enter": "\r", "tab": "\t", "shift+tab": "\x1b[Z", "escape": "\x1b", "backspace": "\x7f",
    "up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C", "left": "\x1b[D",
    "home": "\x1b[H", "end": "\x1b[F", "pagedown": "\x1b[6~", "pageup": "\x1b[5~",
    "ctrl+pagedown": "\x1b[6;5~", "ctrl+pageup": "\x1b[5;5~", "space": " ",
    "f1": "\x1bOP", "f2": "\x1bOQ", "f3": "\x1bOR", "f4": "\x1bOS", "f5": "\x1b[15~",
    "f6": "\x1b[17~", "f7": "\x1b[18~", "f8": "\x1b[19~", "f9": "\x1b[20~",
    **{f"ctrl+{c}": chr(ord(c) - 96) for c in "abcdefghknopqrstuvwxyz"},
}
TIMEOUT = 60.0


class Terminal:
    """One `svauthor` process in a pseudo-terminal of `cols` x `rows`."""

    def __init__(self, args: list[str], *, cols: int, rows: int, home: Path,
                 cwd: Path | None = None) -> None:
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        env = {**os.environ, "XDG_DATA_HOME": str(home / "data"), "HOME": str(home),
               "TERM": "xterm-256color", "COLORTERM": "truecolor", "PYTHONPATH": str(ROOT),
               "SVAUTHOR_TODAY": os.environ.get("SVAUTHOR_TODAY", "2026-11-27"),
               "TEXTUAL_ANIMATIONS": "none"}
        env.pop("TEXTUAL", None)
        self.child = pexpect.spawn(sys.executable, ["-m", "svauthor", *args], cwd=str(cwd or home),
                                   env=env, dimensions=(rows, cols), timeout=TIMEOUT)

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    def pump(self, wait: float = 0.05) -> None:
        """Read whatever the app has drawn so far into the screen."""
        while True:
            try:
                data = self.child.read_nonblocking(65536, timeout=wait)
            except pexpect.TIMEOUT:
                return
            except pexpect.EOF:
                return
            self.stream.feed(data)
            wait = 0.02

    def wait_for(self, check: str | Callable[[str], bool], timeout: float = TIMEOUT) -> str:
        """Wait until the screen shows `check` (text, or a test of the whole screen)."""
        test = (lambda t: check in t) if isinstance(check, str) else check
        deadline = time.monotonic() + timeout
        while True:
            self.pump()
            if test(self.text):
                return self.text
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {check!r}; the screen:\n{self.text}")
            if not self.child.isalive():
                self.pump()
                if test(self.text):
                    return self.text
                raise AssertionError(f"svauthor exited waiting for {check!r}:\n{self.text}")

    def press(self, *keys: str) -> None:
        for key in keys:
            self.child.send(KEYS[key])
            self.pump(0.05)

    def type(self, text: str) -> None:
        self.child.send(text)
        self.pump(0.05)

    def close(self) -> None:
        if self.child.isalive():
            self.child.kill(9)
        self.child.close(force=True)
