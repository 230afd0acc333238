"""Shared pydantic bases: unknown keys are errors and values are validated on assignment; in the
tender spec, text also holds only characters a document can (no control characters)."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

# What Word (XML 1.0) and a spreadsheet cannot hold, or would show as junk: C0 controls other
# than tab and line breaks, DEL and the C1 controls, lone surrogates, and the non-characters
# (U+FDD0 to U+FDEF and the last two code points of every plane). They arrive by pasting from a
# PDF or a terminal (a vertical tab, an escape sequence) and would stop `build` part way.
_NOT_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}"
              for plane in range(17))
    + "]")


def first_not_text(value: Any) -> str | None:
    """The first character in `value` (text, or text inside lists and mappings) that is not text."""
    if isinstance(value, str):
        found = _NOT_TEXT.search(value)
        return found.group() if found else None
    if isinstance(value, list | tuple | set | frozenset):
        items: Any = value
    elif isinstance(value, dict):
        items = [*value.keys(), *value.values()]
    else:
        return None
    for item in items:
        bad = first_not_text(item)
        if bad is not None:
            return bad
    return None


def not_text_problem(bad: str) -> str:
    """The message for a character that is not text, named by its code point."""
    code = ord(bad)
    kind = "a control character" if code < 0x20 or 0x7F <= code <= 0x9F else "a character that is not text"
    return f"contains {kind} (U+{code:04X}), which a document cannot hold; remove it"


class Strict(BaseModel):
    """Base for every model read from a user's file: a misspelt key is an error, never ignored."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=True)


class SpecModel(Strict):
    """Base for the tender spec's models: every text a commissioner types ends up in a Word or
    Excel file, so a character neither can hold is an error naming the field, not a crash in
    `build`. (Only the spec: checking every field of the rules would double their load time.)"""

    @field_validator("*", mode="after")
    @classmethod
    def _only_text(cls, value: Any) -> Any:
        bad = first_not_text(value)
        if bad is not None:
            raise ValueError(not_text_problem(bad))
        return value
