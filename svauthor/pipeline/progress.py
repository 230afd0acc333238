"""A plain-text progress bar on stderr: redrawn in place on a terminal, else a line per tenth."""

from __future__ import annotations

import sys
import time
from typing import TextIO

#: Runs longer than this many rows report progress even when stderr is not a terminal.
LONG_RUN_ROWS = 50


class Progress:
    def __init__(self, total: int, label: str, *, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = max(total, 1)
        self.label = label
        try:
            self.tty = bool(self.stream.isatty())
        except (AttributeError, ValueError):
            self.tty = False
        self.enabled = self.tty or total > LONG_RUN_ROWS
        self.done = 0
        self._start = time.monotonic()
        self._last_draw = 0.0
        self._last_tenth = 0

    def advance(self, n: int = 1) -> None:
        self.done = min(self.done + n, self.total)
        if not self.enabled:
            return
        if self.tty:
            now = time.monotonic()
            if now - self._last_draw >= 0.1 or self.done == self.total:
                self._last_draw = now
                self._draw()
        else:
            tenth = self.done * 10 // self.total
            if tenth > self._last_tenth:
                self._last_tenth = tenth
                self._write(f"{self.label}: {self.done}/{self.total} ({tenth * 10}%)\n")

    def _draw(self) -> None:
        width = 30
        filled = self.done * width // self.total
        elapsed = time.monotonic() - self._start
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        bar = "#" * filled + "-" * (width - filled)
        self._write(f"\r{self.label} [{bar}] {self.done}/{self.total} "
                    f"{self.done * 100 // self.total:3d}%  {elapsed:5.1f}s, ~{left:4.0f}s left ")

    def close(self) -> None:
        if self.enabled and self.tty:
            self._write("\n")

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            self.enabled = False
