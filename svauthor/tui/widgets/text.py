"""Text for widgets: user text made safe for markup, and redraws only when the text changed."""

from __future__ import annotations

from textual.widgets import Static

ZERO_WIDTH = "\u200b"


def escape(text: str) -> str:
    """`text` as markup that shows exactly `text`: every `[` escaped, so `[/]`, `[b]`,
    `[$accent]` and `\\[` in a title or reason are shown, never read as markup. (Textual's own
    `escape` leaves `[$variable]` alone and doubles backslashes before `[`.) A trailing
    backslash would escape the markup after it, so it is followed by a zero-width space."""
    escaped = text.replace("[", "\\[")
    return escaped + ZERO_WIDTH if escaped.endswith("\\") else escaped


def set_text(widget: Static, text: str) -> None:
    """Redraw text only when it changed: each redraw costs a layout pass, and edits come per key."""
    if widget.content != text:
        widget.update(text)
