"""Sources a reader can follow: the rules' short source notes become full references.

The mapping is data (templates/citations.yaml): each clause of a source note is matched to the
references it names, with the section, regulation or paragraph found in it. Clauses that are
working notes (defaults to confirm, unverified readings) are kept apart for the commissioner's
checklist, so no published or tabled document carries them.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from svauthor.domain.base import Strict
from svauthor.domain.rulecache import load_yaml_cached
from svauthor.errors import InputError
from svauthor.paths import templates_dir

CITATIONS_FILE = "citations.yaml"

Pinpoint = Literal["sections", "statute", "regulation", "paragraph", "gloss", "none"]


class ReferenceEntry(Strict):
    id: str = Field(min_length=1)
    match: str = Field(min_length=1)
    reference: str = Field(min_length=3)
    pinpoint: Pinpoint = "none"


class Reword(Strict):
    find: str = Field(min_length=1)
    replace: str
    regex: bool = False
    """`find` is a regular expression (for wording with a number in it, such as a version)."""


class CitationTable(Strict):
    version: int = 1
    references: list[ReferenceEntry]
    default_reference: str = Field(min_length=3)
    notes: list[str] = Field(default_factory=list)
    rewords: list[Reword] = Field(default_factory=list)


_SECTION = re.compile(r"\b(\d+\.\d+)\b|\b(Appendix [A-Z])\b|\bsections? (\d+)\b(?!\.\d)")
_STATUTE = re.compile(r"\b(?:s\.|section\s)\s?(\d+[A-Z]?(?:\([^)\s]{1,4}\))*(?:-\(\d+\))?)"
                      r"|\b(Sch(?:edule)?\.? \d+)")
_REGULATION = re.compile(r"\breg(?:ulation)?\.?\s?(\d+[A-Z]?(?:\([^)\s]{1,4}\))*)")
_PARAGRAPH = re.compile(r"\bpara(?:graph)?\.?\s?(\d+(?:\.\d+)?)")
_GLOSS = re.compile(r"\(([^()]{3,120})\)")


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


@dataclass
class Citations:
    """Turns source notes into references; remembers every reference and note it has seen."""

    table: CitationTable
    _patterns: list[tuple[ReferenceEntry, re.Pattern[str]]] = field(init=False)
    _notes: list[re.Pattern[str]] = field(init=False)

    def __post_init__(self) -> None:
        self._patterns = [(e, re.compile(e.match)) for e in self.table.references]
        self._notes = [re.compile(n) for n in self.table.notes]

    def is_note(self, clause: str) -> bool:
        return any(p.search(clause) for p in self._notes)

    def clauses(self, source: str) -> list[str]:
        """The clauses of a source note: split at semicolons outside brackets."""
        text = " ".join(source.split())
        parts, depth, start = [], 0, 0
        for i, ch in enumerate(text):
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth = max(0, depth - 1)
            elif ch == ";" and depth == 0:
                parts.append(text[start:i])
                start = i + 1
        parts.append(text[start:])
        return [c.strip(" .") for c in parts if c.strip(" .")]

    def cite(self, source: str) -> list[str]:
        """The full references a source note names, in order, each once with all its pinpoints."""
        order: list[str] = []
        pins: dict[str, list[str]] = {}
        kinds: dict[str, Pinpoint] = {}
        for clause in self.clauses(source):
            found = self._cite_clause(clause)
            if not found:
                found = [(self.table.default_reference if self.is_note(clause) else clause,
                          "none", [])]
            for ref, kind, items in found:
                if ref not in pins:
                    order.append(ref)
                    pins[ref] = []
                    kinds[ref] = kind
                pins[ref] += [i for i in items if i not in pins[ref]]
        return [self._format(ref, kinds[ref], pins[ref]) for ref in order]

    def notes(self, source: str) -> list[str]:
        """The clauses of a source note that are working notes for the commissioner."""
        return [c for c in self.clauses(source) if self.is_note(c)]

    @staticmethod
    def _format(ref: str, kind: Pinpoint, items: list[str]) -> str:
        if not items:
            return ref
        if kind == "sections":
            apps = [f for f in items if f.startswith("Appendix")]
            secs = [f for f in items if not f.startswith("Appendix")]
            parts = [("section " if len(secs) == 1 else "sections ") + _join(secs)] if secs else []
            return f"{ref}, {' and '.join(parts + apps)}"
        return f"{ref}, {_join(items)}"

    def _cite_clause(self, clause: str) -> list[tuple[str, Pinpoint, list[str]]]:
        refs: list[tuple[str, Pinpoint, list[str]]] = []
        for entry, pattern in self._patterns:
            if pattern.search(clause):
                refs.append((entry.reference, entry.pinpoint, self._pinpoint(entry, clause)))
        return refs

    def _pinpoint(self, entry: ReferenceEntry, clause: str) -> list[str]:
        # Look only at the text after this reference's first mention, up to the next one.
        start = re.search(entry.match, clause)
        tail = clause[start.start():] if start else clause
        for other, pattern in self._patterns:
            if other is entry:
                continue
            nxt = pattern.search(tail, 1)
            if nxt:
                tail = tail[:nxt.start()]
        found: list[str] = []
        if entry.pinpoint == "sections":
            for m in _SECTION.finditer(tail):
                found.append(m.group(1) or m.group(2) or m.group(3))
        elif entry.pinpoint == "statute":
            for m in _STATUTE.finditer(tail):
                found.append(f"section {m.group(1)}" if m.group(1) else
                             re.sub(r"Sch(?:edule)?\.?", "Schedule", m.group(2)))
        elif entry.pinpoint == "regulation":
            found = [f"regulation {m.group(1)}" for m in _REGULATION.finditer(tail)]
        elif entry.pinpoint == "paragraph":
            found = [f"paragraph {m.group(1)}" for m in _PARAGRAPH.finditer(tail)]
        elif entry.pinpoint == "gloss":
            gloss = _GLOSS.search(tail)
            if gloss and not self.is_note(gloss.group(1)):
                found = [gloss.group(1)]
        return list(dict.fromkeys(found))

    def for_reader(self, text: str) -> str:
        """Check findings and other engine wording with the tool's name taken out."""
        for r in self.table.rewords:
            text = re.sub(r.find, r.replace, text) if r.regex else text.replace(r.find, r.replace)
        return text


_CACHE: dict[Path, Citations] = {}
_LOCK = threading.Lock()


def load_citations(path: Path | None = None) -> Citations:
    """The citation table (default: the shipped templates/citations.yaml), read once."""
    path = (path or templates_dir() / CITATIONS_FILE).resolve()
    with _LOCK:
        cached = _CACHE.get(path)
        if cached is None:
            doc = load_yaml_cached(path)
            try:
                table = CitationTable.model_validate(doc.data)
                cached = Citations(table)
                for entry in table.references:
                    re.compile(entry.match)
                for reword in table.rewords:
                    if reword.regex:
                        re.compile(reword.find)
            except ValidationError as exc:
                err = exc.errors()[0]
                loc = tuple(err["loc"])
                raise InputError.single(str(path), err["msg"], line=doc.line_of(loc),
                                        field=".".join(str(p) for p in loc)) from None
            except re.error as exc:
                raise InputError.single(str(path), f"bad pattern: {exc}",
                                        field="references.match") from None
            _CACHE[path] = cached
        return cached
