"""Text for widgets: user text made safe for markup, and redraws only when the text changed."""

from __future__ import annotations

import re

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


# Screen wording: the rules data speaks to maintainers too (spec keys, "seed", open questions);
# on screen a commissioner reads plain English. The data and the decision record keep the
# originals; `svauthor check -v` shows rule ids and sources exactly as written.
_REPORT = "Towards a Social Value Economy"
_PLAIN: list[tuple[re.Pattern[str], str]] = [(re.compile(p), r) for p, r in (
    (rf"{_REPORT} \(seed document\)", _REPORT),
    (r"\b[Ss]eed (?:sections? )?(?=\d)", f"{_REPORT}, section "),
    (r"\b[Ss]eed (?=Appendix|foreword)", f"{_REPORT}, "),
    (r"\b[Tt]he seed (?=\(\d)", f"{_REPORT} "),
    (r"\bthe seed\b", "the report"),
    (r"\bUNCONFIRMED\b", "not yet confirmed"),
    (r"set `route\.light_touch: true`", "tick 'It is a light touch contract' at step 7"),
    (r"Set `vcfse_suitable: true`", "Answer Yes at step 4"),
    (r"name it in `already_required`", "list it in the spec as already required"),
    (r"under `already_required`", "as already required"),
    (r"User override recorded in the spec \(`\w+`\)", "Your change, recorded in the spec"),
    (r" \(--today, SVAUTHOR_TODAY or the system clock\)", ""),
    (r"\bsvauthor recommends\b", "good practice is"),
    (r"\ban svauthor\b", "a"),
    (r"\bsvauthor applies\b", "the tool applies"),
    (r"\bsvauthor (?:best-practice|good-practice) ", "good-practice "),
    (r"\bsvauthor (inference|logic|defaults|mapping|relevance table)", r"the tool's \1"),
    (r"; the minimum is 0%\.", "."),
    (r"\bminimum 0%", "no minimum"),
)]


def plain(text: str) -> str:
    """Rules text as a commissioner should read it: no spec keys, tool notes or "seed"."""
    for pattern, replacement in _PLAIN:
        text = pattern.sub(replacement, text)
    return text
