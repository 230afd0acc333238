"""Turn pydantic's errors into `file:line: field: message` problems in the file's own words."""

from __future__ import annotations

import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from svauthor.errors import InputError, Problem, did_you_mean
from svauthor.yamlio import Loc, YamlDoc

M = TypeVar("M", bound=BaseModel)


def validate_doc(model: type[M], doc: YamlDoc, *, context: dict[str, Any] | None = None,
                 data: Any = None, base: Loc = ()) -> M:
    """Validate `doc.data` (or `data` found at `base` inside it) against `model`."""
    payload = doc.data if data is None else data
    if not isinstance(payload, dict):
        shown = repr(payload)
        if len(shown) > 60:  # a whole CSV or text file read as one value: name its start only
            shown = shown[:57] + "..."
        kind = "a list" if isinstance(payload, list) else f"a single value ({shown})"
        raise InputError.single(
            doc.path, f"expected a mapping of `key: value` lines, but the file holds {kind}",
            line=doc.line_of(base), field=display_loc(doc, base),
        )
    try:
        return model.model_validate(payload, context=context)
    except ValidationError as exc:
        raise InputError(problems_from(exc, doc, model, base)) from None


def problems_from(exc: ValidationError, doc: YamlDoc, model: type[BaseModel],
                  base: Loc = ()) -> list[Problem]:
    problems: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc: Loc = base + tuple(p for p in err["loc"] if isinstance(p, str | int))
        message = friendly_message(err, model, err["loc"])
        items = (err.get("ctx") or {}).get("items")
        if isinstance(items, list) and len(items) == 2 and all(isinstance(i, int) for i in items):
            # A conflict between two list entries: name both lines, and point at the second.
            lines = [doc.line_of(loc + (i,)) for i in items]
            if all(lines):
                message += f" (lines {lines[0]} and {lines[1]})"
            loc = loc + (items[1],)
        problems.append(Problem(doc.path, doc.line_of(loc), display_loc(doc, loc), message))
    return problems


def display_loc(doc: YamlDoc, loc: Loc) -> str:
    """`rules[id=fm-carbon].when` rather than `rules.3.when`: list items are named by their id."""
    out = ""
    node: Any = doc.data
    for part in loc:
        if isinstance(part, int):
            label = str(part)
            if isinstance(node, list) and 0 <= part < len(node):
                item = node[part]
                node = item
                if isinstance(item, dict):
                    for key in ("id", "ref", "measure", "question"):
                        if isinstance(item.get(key), str | int):
                            label = f"{key}={item[key]}"
                            break
            else:
                node = None
            out += f"[{label}]"
        else:
            node = node.get(part) if isinstance(node, dict) else None
            out += f".{part}" if out else str(part)
    return out


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed at the mapping that holds the last element of `loc`."""
    current: Any = model
    for part in loc[:-1]:
        current = _unwrap(current)
        if isinstance(part, str) and isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            if field is None:
                return []
            current = field.annotation
        elif isinstance(part, int):
            current = _unwrap(current)
            args = typing.get_args(current)
            current = args[0] if args else None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(tp: Any) -> Any:
    """Strip Optional[...] so the model inside can be found."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else tp
    return tp


def _as_written(value: Any) -> Any:
    """A value as the file wrote it: YAML's null, true and false, not Python's None and True."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _plain_number(text: str) -> str | None:
    """`1e6` as 1000000 (YAML reads an exponent without a dot as text), else None."""
    try:
        number = float(text)
    except ValueError:
        return None
    if "e" not in text.lower() or number != number or abs(number) == float("inf"):
        return None
    return f"{number:.15g}" if not number.is_integer() else f"{int(number)}"


def friendly_message(err: Any, model: type[BaseModel], raw_loc: tuple[Any, ...]) -> str:
    """One pydantic error in the words of the file (or form) it came from."""
    kind = err["type"]
    value = _as_written(err.get("input"))
    msg: str = err["msg"]
    if kind == "extra_forbidden":
        allowed = _fields_at(model, raw_loc)
        key = raw_loc[-1] if raw_loc else "?"
        hint = did_you_mean(str(key), allowed)
        listed = f"; allowed keys: {', '.join(allowed)}" if allowed else ""
        return f"unknown key `{key}`{hint}{listed}"
    if kind == "missing":
        return "required field is missing"
    if kind in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        choices = [c.strip().strip("'") for c in expected.replace(" or ", ", ").split(",")]
        return f"`{value}` is not allowed; use one of {expected}{did_you_mean(value, choices)}"
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    if kind.startswith("date") or kind.startswith("datetime"):
        detail = msg.split(",", 1)[1].strip() if "," in msg else msg
        return f"`{value}` is not a valid date ({detail}); write dates as YYYY-MM-DD, e.g. 2027-03-01"
    if kind in ("int_type", "int_from_float") and isinstance(value, float):
        return f"must be a whole number, got `{value}`"
    if kind in ("int_parsing", "float_parsing", "int_type", "float_type", "int_from_float"):
        if isinstance(value, str) and (plain := _plain_number(value)) is not None:
            return f"must be a number written in full, got `{value}`; write it as {plain}"
        if isinstance(value, str) and value not in ("null", "true", "false"):
            return f"must be a number written without quotes, got `{value}`"
        return f"must be a number, got `{value}`"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"must be a mapping of `key: value` lines, got {type(value).__name__}"
    if kind == "list_type":
        return f"must be a list, got {type(value).__name__}"
    if kind == "string_type":
        return f"must be text, got `{value}`"
    if kind in ("bool_parsing", "bool_type"):
        return f"must be true or false, got `{value}`"
    if kind == "finite_number":
        return "must be a finite number"
    return msg[0].lower() + msg[1:] if msg else kind
