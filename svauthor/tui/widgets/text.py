"""Redraw text only when it changed: each redraw costs a layout pass, and edits come per key."""

from __future__ import annotations

from textual.widgets import Static


def set_text(widget: Static, text: str) -> None:
    if widget.content != text:
        widget.update(text)
