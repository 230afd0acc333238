"""The words in the Word pack: Jinja2 templates in templates/text/, rendered in a sandbox.

Templates hold the paragraphs and section introductions; the structure (headings, tables, lists)
is built in Python. A rendered template is split into blocks on blank lines:

* a block whose lines all start with ``- `` becomes a bulleted list (one item a line);
* a block whose lines all start with ``1. ``, ``2. ``... becomes a numbered list;
* any other block becomes one paragraph (its lines joined with spaces).

Templates are loaded, linted and compiled once per folder and cached. Every template problem,
at load or at render time, becomes an :class:`~svauthor.errors.InputError` naming the template
file and line, so an organisation editing the wording never sees a traceback.
"""

from __future__ import annotations

import enum
import hashlib
import re
import sys
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from types import CodeType, TracebackType
from typing import Any, Literal

import jinja2
from jinja2 import StrictUndefined, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from svauthor import __version__
from svauthor.domain.memosign import read_sealed, write_sealed
from svauthor.domain.rulecache import memo_folder
from svauthor.errors import InputError, Problem
from svauthor.paths import templates_dir
from svauthor.ukformat import fmt_date, fmt_gbp

#: Names every template may use; each template's own extras are in TEMPLATES.
COMMON_NAMES = frozenset({"a", "sv_marks", "qualitative_marks", "quantitative_marks", "years",
                          "top_score"})

#: The templates the pack needs, each with the names (beyond COMMON_NAMES) it is given.
TEMPLATES: dict[str, frozenset[str]] = {
    "questions_intro": frozenset(),
    "weighting": frozenset(),
    "question_terms": frozenset({"q", "number"}),
    "commitments_intro": frozenset({"year_labels", "initiative_unit"}),
    "commitments_scoring_bidders": frozenset({"commitments_top"}),
    "partner_vcfse": frozenset({"partner_refs"}),
    "optional_measures": frozenset({"optional_count"}),
    "needs_intro": frozenset({"for_bidders", "needs_analysis"}),
    "carbon_plan": frozenset({"level", "for_bidders"}),
    "submission": frozenset(),
    "lots": frozenset({"audience"}),
    "evaluator_intro": frozenset(),
    "scoring_scale": frozenset({"scale", "own_count", "question_count"}),
    "quantitative_scoring": frozenset(),
    "proxy_values": frozenset({"proxy_file", "proxy_count"}),
    "moderation": frozenset(),
    "timetable_intro": frozenset({"counts", "route_words"}),
    "kpi_intro": frozenset({"kpi_count"}),
    "kpi_targets": frozenset(),
    "kpi_evidence": frozenset({"m"}),
    "kpi_reporting": frozenset({"due"}),
    "kpi_ratings": frozenset({"has_ratings"}),
    "kpi_count": frozenset({"kpi_count"}),
    "kpi_shortfall": frozenset(),
    "decision_intro": frozenset(),
    "decision_fails": frozenset({"count"}),
    "statutory": frozenset({"route_words"}),
    "statutory_record": frozenset(),
    "checklist_intro": frozenset(),
    "checklist_notes": frozenset(),
    "checklist_defaults": frozenset({"proxy_used"}),
}

Block = tuple[Literal["para", "bullets", "numbers"], list[str]]

_NUMBERED = re.compile(r"^\d+[.)]\s+")


def _pct(value: float) -> str:
    """10 -> '10%', 2.25 -> '2.25%', 3.3333 -> '3.33%'."""
    return f"{round(float(value), 2):g}%"


def _num(value: Any) -> str:
    """1000 -> '1,000' (GOV.UK numbers)."""
    return f"{value:,}" if isinstance(value, int) else f"{float(value):,g}"


def _uk_date(value: Any) -> str:
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return fmt_date(value)


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    word = singular if count == 1 else (plural or singular + "s")
    return f"{count} {word}"


def _words(items: Any, conjunction: str = "and") -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


# -- read-only views ------------------------------------------------------------------------
# A template is given views of the data, never the data: a view answers every read (attributes,
# items, iteration, comparison, formatting) and refuses every write, so an edited template can
# word the results but never change them (remove a failing check, say, and turn exit 1 into 0).
# The immutable sandbox also refuses list.pop(), dict.update() and the like; the views make
# sure nothing else can reach the real objects, and cost nothing for data a template never reads.

_IMMUTABLE = (str, int, float, complex, bool, type(None), date, datetime, Decimal, enum.Enum,
              bytes)


def read_only(value: Any) -> Any:
    """`value` itself if it cannot change, else a read-only view of it."""
    if isinstance(value, (*_IMMUTABLE, _View)):
        return value
    if isinstance(value, Mapping):
        return _MappingView(value)
    if isinstance(value, list | tuple):
        return _SequenceView(value)
    if isinstance(value, set | frozenset):
        return frozenset(read_only(v) for v in value)
    if callable(value) and not isinstance(value, type):
        return _CallView(value)
    return _ObjectView(value)


def _unwrap_view(value: Any) -> Any:
    return object.__getattribute__(value, "_target") if isinstance(value, _View) else value


class _View:
    """Shared by every view: comparisons, formatting and truth follow the viewed object."""

    __slots__ = ("_target",)
    _target: Any

    def __init__(self, target: Any) -> None:
        object.__setattr__(self, "_target", target)

    def __setattr__(self, name: str, value: Any) -> None:
        raise TypeError("template data is read-only")

    def __delattr__(self, name: str) -> None:
        raise TypeError("template data is read-only")

    def __str__(self) -> str:
        return str(self._target)

    def __repr__(self) -> str:
        return repr(self._target)

    def __format__(self, spec: str) -> str:
        return format(self._target, spec)

    def __bool__(self) -> bool:
        return bool(self._target)

    def __hash__(self) -> int:
        return hash(self._target)

    def __eq__(self, other: object) -> bool:
        return bool(self._target == _unwrap_view(other))

    def __ne__(self, other: object) -> bool:
        return bool(self._target != _unwrap_view(other))

    def __lt__(self, other: Any) -> bool:
        return bool(self._target < _unwrap_view(other))

    def __le__(self, other: Any) -> bool:
        return bool(self._target <= _unwrap_view(other))

    def __gt__(self, other: Any) -> bool:
        return bool(self._target > _unwrap_view(other))

    def __ge__(self, other: Any) -> bool:
        return bool(self._target >= _unwrap_view(other))


class _ObjectView(_View):
    """An object (a pydantic model, a dataclass) whose attributes are views too."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name.startswith("model_"):  # pydantic's own machinery is not for templates
            raise jinja2.exceptions.SecurityError(f"`{name}` is not available to templates")
        return read_only(getattr(self._target, name))


# Jinja names the type in "has no attribute" messages; say what the template sees.
_ObjectView.__module__ = "builtins"
_ObjectView.__name__ = _ObjectView.__qualname__ = "read-only"


class _SequenceView(_View):
    __slots__ = ()

    def __len__(self) -> int:
        return len(self._target)

    def __iter__(self) -> Iterator[Any]:
        return (read_only(v) for v in self._target)

    def __reversed__(self) -> Iterator[Any]:
        return (read_only(v) for v in reversed(self._target))

    def __getitem__(self, index: Any) -> Any:
        return read_only(self._target[index])

    def __contains__(self, item: object) -> bool:
        return _unwrap_view(item) in self._target

    def __add__(self, other: Any) -> Any:
        return read_only(list(self._target) + list(_unwrap_view(other)))

    def index(self, item: Any) -> int:
        return list(self._target).index(_unwrap_view(item))

    def count(self, item: Any) -> int:
        return list(self._target).count(_unwrap_view(item))


class _MappingView(_View, Mapping[Any, Any]):
    __slots__ = ()

    def __getitem__(self, key: Any) -> Any:
        return read_only(self._target[key])

    def __iter__(self) -> Iterator[Any]:
        return iter(self._target)

    def __len__(self) -> int:
        return len(self._target)

    def __getattr__(self, name: str) -> Any:
        # Jinja reads `d.key` as an attribute first; only plain keys, never dict methods.
        if not name.startswith("_") and name in self._target:
            return read_only(self._target[name])
        raise AttributeError(name)

    __hash__ = _View.__hash__
    __eq__ = _View.__eq__


class _CallView(_View):
    """A method of viewed data: what it returns is read-only too."""

    __slots__ = ()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        args = tuple(_unwrap_view(a) for a in args)
        kwargs = {k: _unwrap_view(v) for k, v in kwargs.items()}
        return read_only(self._target(*args, **kwargs))


#: Any run of line breaks (and the spaces around it) in a value a template prints.
_LINE_BREAKS = re.compile(r"\s*[\n\r\v\f\x85\u2028\u2029]+\s*")


def _one_line(value: Any) -> Any:
    """Every value a template prints, on one line. A template's own line breaks make its
    paragraphs and lists (split_blocks), so a line break inside a value (a buyer's name, a
    portal typed over two lines in a spec) would make the reader's text a bullet or a new
    paragraph: user text is never markup, so its breaks become spaces."""
    return _LINE_BREAKS.sub(" ", value) if isinstance(value, str) else value


def _make_env(folder: Path) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        finalize=_one_line,
        loader=jinja2.FileSystemLoader(str(folder), encoding="utf-8"),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
        cache_size=-1,
    )
    env.filters.update(gbp=fmt_gbp, uk_date=_uk_date, pct=_pct, plural=_plural, words=_words,
                       num=_num)
    return env


def _template_line(exc: BaseException, filename: str) -> int | None:
    """The template line a render-time error came from, read from Jinja's rewritten traceback."""
    line = getattr(exc, "lineno", None)
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _describe(exc: BaseException) -> str:
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return f"not allowed in a template: {exc}"
    if isinstance(exc, jinja2.UndefinedError):
        return f"unknown name or attribute: {exc}"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"template syntax error: {exc.message}"
    if isinstance(exc, jinja2.TemplateError):
        return f"template error: {exc}"
    return f"template error ({type(exc).__name__}): {exc}"


@dataclass
class TemplateSet:
    """Every text template of one folder, linted and compiled once."""

    folder: Path
    env: ImmutableSandboxedEnvironment
    templates: dict[str, jinja2.Template]

    def path_of(self, name: str) -> str:
        return str(self.folder / f"{name}.j2")

    def render(self, name: str, context: dict[str, Any]) -> str:
        template = self.templates[name]
        filename = self.path_of(name)
        try:
            return template.render({key: read_only(value) for key, value in context.items()})
        except Exception as exc:  # noqa: BLE001 - every template failure is the user's input
            raise InputError.single(filename, _describe(exc),
                                    line=_template_line(exc, template.filename or filename),
                                    field="template") from None

    def blocks(self, name: str, context: dict[str, Any]) -> list[Block]:
        return list(split_blocks(self.render(name, context)))


def split_blocks(text: str) -> Iterator[Block]:
    """Paragraphs, bulleted and numbered lists from rendered template text (see module doc)."""
    for raw in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in raw.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            yield "bullets", [line[2:].strip() for line in lines]
        elif all(_NUMBERED.match(line) for line in lines):
            yield "numbers", [_NUMBERED.sub("", line, count=1).strip() for line in lines]
        else:
            yield "para", [" ".join(lines)]


def lint(folder: Path) -> TemplateSet:
    """Load every required template, reporting all missing, unparsable or misnamed ones at once."""
    env = _make_env(folder)
    problems: list[Problem] = []
    compiled: dict[str, jinja2.Template] = {}
    if not folder.is_dir():
        raise InputError.single(str(folder), "templates folder not found")
    for name, extras in TEMPLATES.items():
        path = folder / f"{name}.j2"
        if not path.is_file():
            problems.append(Problem(str(path), None, "template", "required template is missing"))
            continue
        try:
            raw = path.read_bytes()
            memo = _memo_entry(path, raw)
            code = _memo_read(memo)
            if code is not None:  # these very bytes passed the lint and compiled before
                compiled[name] = env.template_class.from_code(env, code, env.make_globals(None))
                continue
            source = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text
            # Parse once: the tree is both checked for unknown names and compiled.
            tree = env.parse(source, name=f"{name}.j2", filename=str(path))
            unknown = sorted(_loaded_names(tree) - COMMON_NAMES - extras - set(env.globals))
            if unknown:
                allowed = ", ".join(sorted(COMMON_NAMES | extras))
                for var in unknown:
                    problems.append(Problem(str(path), _first_line(source, var), "template",
                                            f"unknown name `{var}`; this template can use: "
                                            f"{allowed}"))
                continue
            code = env.compile(tree, name=f"{name}.j2", filename=str(path))
            compiled[name] = env.template_class.from_code(env, code, env.make_globals(None))
            _memo_write(memo, code)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(str(path), exc.lineno, "template", _describe(exc)))
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(str(path), None, "template", f"cannot be read: {exc}"))
    if problems:
        raise InputError(problems)
    return TemplateSet(folder=folder, env=env, templates=compiled)


@cache
def _memo_salt() -> bytes:
    """What else decides a template's lint and compiled code: the versions of svauthor, Jinja2
    and Python, and this module's source (the environment's options, filters and names)."""
    try:
        own = Path(__file__).read_bytes()
    except OSError:
        own = b""
    return "\0".join((__version__, jinja2.__version__, sys.version)).encode() + \
        hashlib.sha256(own).digest()


def _memo_entry(path: Path, raw: bytes) -> Path | None:
    """Where the compiled code of the template at `path` with these bytes is memoised.

    Compiling the templates (parse, lint, Jinja2's code generation, Python's compiler) is about
    a third of a pack's own work; like Python's own bytecode cache, the compiled code is kept in
    the user's cache folder, keyed by everything that decides it, and only code this module
    compiled after a clean lint is ever stored. The sandbox is unaffected: it acts at render
    time, through the environment the code is bound to. `SVAUTHOR_NO_CACHE=1` turns it off.
    """
    folder = memo_folder("templates")
    if folder is None:
        return None
    key = hashlib.sha256(_memo_salt() + str(path).encode("utf-8", "surrogatepass") + b"\0" + raw)
    return folder / f"{key.hexdigest()}.marshal"


def _memo_read(entry: Path | None) -> CodeType | None:
    # Only code this user's svauthor compiled and sealed: an edited entry would run.
    code = None if entry is None else read_sealed(entry)
    return code if isinstance(code, CodeType) else None


def _memo_write(entry: Path | None, code: CodeType) -> None:
    if entry is not None:
        write_sealed(entry, code)


def _loaded_names(tree: nodes.Template) -> set[str]:
    """Names a template reads that it does not set itself (loop variables, `set`, macros).

    A cheap, slightly generous stand-in for jinja2.meta.find_undeclared_variables: a name set
    anywhere counts as declared everywhere; StrictUndefined still catches the rest at render.
    """
    loaded: set[str] = set()
    stored: set[str] = set()
    for node in tree.find_all(nodes.Name):
        (loaded if node.ctx == "load" else stored).add(node.name)
    for macro in tree.find_all(nodes.Macro):
        stored.add(macro.name)
    for imp in tree.find_all(nodes.Import):
        stored.add(imp.target)
    for from_imp in tree.find_all(nodes.FromImport):
        stored.update(n if isinstance(n, str) else n[1] for n in from_imp.names)
    return loaded - stored - {"loop", "caller", "varargs", "kwargs", "self", "super"}


def _first_line(source: str, name: str) -> int | None:
    pattern = re.compile(rf"\b{re.escape(name)}\b")
    for number, line in enumerate(source.splitlines(), start=1):
        if pattern.search(line):
            return number
    return None


_CACHE: dict[Path, TemplateSet] = {}
_LOCK = threading.Lock()


def load_templates(folder: Path | None = None) -> TemplateSet:
    """The linted, compiled templates of `folder` (default: the shipped templates/text), cached."""
    folder = (folder or templates_dir() / "text").resolve()
    with _LOCK:
        cached = _CACHE.get(folder)
        if cached is None:
            cached = _CACHE[folder] = lint(folder)
        return cached
