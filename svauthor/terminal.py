"""Terminal output that user text cannot take over.

A title or reason can carry escape codes (`\x1b]0;...` retitles the window, `\x1b[2J` clears
it) or bidirectional overrides that make text read differently from what it is. The command
line writes reports through `ControlStripper`, which drops them and keeps line breaks and tabs.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

# C0 controls except tab, line feed and carriage return (progress bars redraw with \r); DEL;
# C1 controls; and the Unicode bidirectional embedding, override and isolate characters.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str) -> str:
    """`text` without characters that steer a terminal rather than print."""
    return _CONTROLS.sub("", text)


class ControlStripper:
    """A text stream wrapper that strips control characters from everything written."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(strip_controls(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
