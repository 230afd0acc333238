"""Text made safe for WordprocessingML written as strings: both Word writers share these.

`xml.sax.saxutils` would do the escaping, but importing it loads `urllib.request` (and with
it `http.client` and `ssl`): about 9 ms of every `build` for three `str.replace` calls."""

from __future__ import annotations

import re

XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot hold at all (Word refuses the file): dropped, never escaped."""


def drop_invalid(text: object) -> str:
    """`text` as a string without the characters XML cannot hold."""
    return XML_INVALID.sub("", str(text))


def escape(text: str) -> str:
    """`text` as XML character data: &, < and > escaped (the ampersand first)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """`text` as a double-quoted XML attribute value, quotes and line breaks kept exactly."""
    value = (escape(text).replace('"', "&quot;")
             .replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;"))
    return f'"{value}"'
