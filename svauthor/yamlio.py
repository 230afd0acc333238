"""Safe YAML reading that remembers where every value came from (writing: svauthor.atomic).

Only PyYAML's safe loader is used. Dates stay strings (pydantic parses them in one place),
booleans are only `true`/`false` (so a place code like `NO` stays a string), duplicate keys
are errors and alias use is bounded so an "alias bomb" cannot blow up memory.

Numbers mean what they look like: YAML 1.1 would read `0150000` as octal (53,248), `1:00` as
base-60 (60) and `1_000` as 1000, and a number with more significant digits than a float holds
would silently round. Each of these is refused with the file and line instead, as is a value
that refers to itself (an anchor used inside its own value).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# Safe writing lives in svauthor.atomic; re-exported for callers written before it moved there.
from svauthor.atomic import new_file_mode as new_file_mode
from svauthor.atomic import write_atomic as write_atomic
from svauthor.errors import InputError

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ALIASES = 20
#: A double holds 15 significant decimal digits exactly; more would round without a word.
MAX_SIGNIFICANT_DIGITS = 15

Loc = tuple[str | int, ...]


# libyaml parses ten times faster; the pure-Python parser is the fallback where it is missing.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader without implicit timestamps or YAML 1.1 yes/no booleans."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, Node] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark
                ) from None
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None,
                    f"duplicate key `{key}` (first given on line {seen[key].start_mark.line + 1})",
                    key_node.start_mark,
                )
            seen[key] = key_node
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


class _NumberError(yaml.constructor.ConstructorError):
    """A plain number that would not mean what it looks like (valid YAML, so no 'invalid')."""


def _shown(text: str) -> str:
    """A number as quoted back in a message: very long ones are cut short."""
    return text if len(text) <= 24 else f"{text[:12]}…{text[-6:]} ({len(text):,} characters)"


def _number_problem(text: str, *, is_float: bool) -> str | None:
    """Why a plain YAML number would not mean what it looks like, or None if it is fine."""
    body = text.lstrip("+-")
    if "_" in body:
        return (f"`{_shown(text)}` contains an underscore; write the number without it "
                f"(e.g. {_shown(text.replace('_', ''))})")
    if ":" in body:
        return (f"`{_shown(text)}` would be read as a base-60 (sexagesimal) number; write the "
                f"plain number, or put it in quotes if it is text")
    if not is_float:
        if body[:2].lower() in ("0x", "0b", "0o"):
            return f"`{_shown(text)}` is written in another base; write the number in decimal"
        if len(body) > 1 and body.startswith("0"):
            plain = body.lstrip("0") or "0"
            return (f"`{_shown(text)}` starts with a zero, which YAML reads as an octal number; "
                    f"write {_shown(plain)} (or put it in quotes if it is a code)")
    mantissa = re.split(r"[eE]", body, maxsplit=1)[0]
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction.rstrip("0")).lstrip("0")
    if len(digits) > MAX_SIGNIFICANT_DIGITS:
        return (f"`{_shown(text)}` has {len(digits):,} significant digits; at most "
                f"{MAX_SIGNIFICANT_DIGITS} can be used exactly, so write a shorter number")
    return None


def _construct_int(loader: _Loader, node: ScalarNode) -> Any:
    problem = _number_problem(str(node.value), is_float=False)
    if problem:
        raise _NumberError(None, None, problem, node.start_mark)
    return int(str(node.value))


def _construct_float(loader: _Loader, node: ScalarNode) -> Any:
    text = str(node.value)
    if text.lstrip("+-").lower() in (".inf", ".nan"):
        return loader.construct_yaml_float(node)
    problem = _number_problem(text, is_float=True)
    if problem:
        raise _NumberError(None, None, problem, node.start_mark)
    return float(text)


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)


# Copy SafeLoader's resolvers, minus timestamps and YAML 1.1 booleans.
for _first, _resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items():
    _Loader.yaml_implicit_resolvers[_first] = [
        (tag, rx) for tag, rx in _resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class YamlDoc:
    """A parsed YAML document with the line of every value, addressed by its key path."""

    def __init__(self, path: str, data: Any, root: Node | None = None,
                 lines: dict[Loc, int] | None = None) -> None:
        self.path = path
        self.data = data
        self._root = root
        self._line_map = lines

    @property
    def _lines(self) -> dict[Loc, int]:
        """Built on first use: most documents are valid and never need a line number."""
        if self._line_map is None:
            self._line_map = {}
            if self._root is not None:
                _walk(self._root, (), self._line_map)
        return self._line_map

    def line_of(self, loc: Loc) -> int | None:
        """The line of the deepest part of `loc` that exists in the file."""
        loc = tuple(loc)
        while loc:
            if loc in self._lines:
                return self._lines[loc]
            loc = loc[:-1]
        return self._lines.get((), 1)


def _check_aliases(root: Node, name: str) -> None:
    """Refuse documents that reuse anchored nodes more than MAX_ALIASES times, or that nest a
    node inside itself.

    An alias shares a node, so the composed graph stays small; counting repeat visits (without
    descending into them) finds an 'alias bomb' before anything expands it. A node met again
    while still inside it is a value that refers to itself, which no spec can mean.
    """
    seen: set[int] = set()
    on_path: set[int] = set()
    aliases = 0
    # Each entry: a node, the line that used it, and whether we are leaving it.
    stack: list[tuple[Node, int, bool]] = [(root, root.start_mark.line + 1, False)]
    while stack:
        node, used_on, leaving = stack.pop()
        if leaving:
            on_path.discard(id(node))
            continue
        if id(node) in on_path:
            raise InputError.single(
                name, f"invalid YAML: the value refers to itself (the anchor defined on line "
                f"{node.start_mark.line + 1} is used inside its own value)", line=used_on)
        if id(node) in seen:
            aliases += 1
            if aliases > MAX_ALIASES:
                raise InputError.single(
                    name, f"invalid YAML: more than {MAX_ALIASES} YAML aliases; refusing to "
                    f"expand them", line=used_on)
            continue
        seen.add(id(node))
        children: list[Node] = []
        if isinstance(node, MappingNode):
            for key, value in node.value:
                children += (key, value)
        elif isinstance(node, SequenceNode):
            children = list(node.value)
        if children:
            on_path.add(id(node))
            stack.append((node, used_on, True))
            line = node.start_mark.line + 1
            stack += [(child, line, False) for child in reversed(children)]


def _field_on_line(root: Node, line: int) -> str:
    """The key path (e.g. `overrides[0].reason`) of the value that starts on `line`, if any."""
    lines: dict[Loc, int] = {}
    try:
        _walk(root, (), lines)
    except RecursionError:
        return ""
    found = [loc for loc, at in lines.items() if at == line and loc]
    if not found:
        return ""
    loc = max(found, key=len)
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p))
                   for i, p in enumerate(loc))


def _key_text(node: Node) -> str:
    """A mapping key as it was written: `title`, or `[a, b]` for a list used as a key."""
    if isinstance(node, ScalarNode):
        return str(node.value)
    if isinstance(node, SequenceNode):
        return "[" + ", ".join(_key_text(item) for item in node.value) + "]"
    if isinstance(node, MappingNode):
        return "{" + ", ".join(f"{_key_text(k)}: {_key_text(v)}" for k, v in node.value) + "}"
    return "?"


def _walk(node: Node, loc: Loc, lines: dict[Loc, int]) -> None:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            key = _key_text(key_node)
            lines[loc + (key,)] = key_node.start_mark.line + 1
            _walk(value_node, loc + (key,), lines)
            lines[loc + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, loc + (i,), lines)


def read_input_bytes(path: str | Path, *, max_bytes: int | None = None,
                     not_found: str = "file not found",
                     folder: str = "is a folder, not a file") -> bytes:
    """Read a user's file, turning every way the read can fail into one InputError."""
    name = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise InputError.single(name, f"file is {size:,} bytes; the limit is {max_bytes:,}")
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError.single(name, not_found) from None
    except IsADirectoryError:
        raise InputError.single(name, folder) from None
    except OSError as exc:
        raise InputError.single(name, f"cannot be read: {exc.strerror or exc}") from None


UTF16_PROBLEM = "is UTF-16 text; save it as"


def is_utf16(raw: bytes) -> bool:
    """Whether `raw` starts with a UTF-16 byte-order mark (UTF-32's begins the same way)."""
    return raw.startswith((b"\xff\xfe", b"\xfe\xff"))


def read_text(path: str | Path) -> str:
    """Read a UTF-8 text file, turning every way it can fail into an InputError."""
    name = str(path)
    raw = read_input_bytes(path, max_bytes=MAX_FILE_BYTES)
    if is_utf16(raw):
        raise InputError.single(name, UTF16_PROBLEM + " UTF-8", line=1)
    if b"\x00" in raw:
        raise InputError.single(name, "looks like a binary file, not YAML or CSV text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError.single(
            name, f"is not UTF-8 text (byte {exc.start + 1}); save it as UTF-8", line=line
        ) from None
    return text


def parse_yaml(text: str, name: str) -> YamlDoc:
    """Parse one YAML document safely; errors name the file and line."""
    if not text.strip():
        raise InputError.single(name, "file is empty", line=1)
    loader = _Loader(text)
    node: Node | None = None
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError.single(name, "file has no content (only comments?)", line=1)
        _check_aliases(node, name)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = exc.problem or str(exc)
        if "nesting depth" in message:
            message = f"nested too deeply ({message})"
        if exc.context and "duplicate" not in (exc.problem or ""):
            message = f"{exc.context}: {message}" if "found" in (exc.problem or "") else message
        field = _field_on_line(node, line) if node is not None and line else ""
        prefix = "" if isinstance(exc, _NumberError) else "invalid YAML: "
        raise InputError.single(name, f"{prefix}{message}", line=line, field=field) from None
    except yaml.YAMLError as exc:
        raise InputError.single(name, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise InputError.single(name, "invalid YAML: nested too deeply") from None
    finally:
        loader.dispose()
    return YamlDoc(name, data, node)


def load_yaml(path: str | Path) -> YamlDoc:
    return parse_yaml(read_text(path), str(path))


def dump_yaml(data: Any) -> str:
    """YAML text for a plain-data structure, keys in the order given."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
