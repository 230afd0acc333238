"""Load and cross-check everything the engine runs on: framework, vocabularies, rules, questions.

Every problem in every file is collected before raising, so `svauthor validate` shows them all
at once, each as `file:line: field: message`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from svauthor.domain.framework import Framework
from svauthor.domain.law import RegimeBook
from svauthor.domain.questionbank import Question
from svauthor.domain.results import CHECK_CATEGORIES
from svauthor.domain.rulecache import load_yaml_cached
from svauthor.domain.rules import RuleSet
from svauthor.domain.timetable import (
    BankHolidayFile,
    TimetableRules,
    read_bank_holidays,
)
from svauthor.domain.validation import display_loc, validate_doc
from svauthor.domain.vocab import Need, Place, ServiceType
from svauthor.errors import InputError, Problem, did_you_mean
from svauthor.paths import question_bank_dir, rules_dir
from svauthor.yamlio import Loc, YamlDoc, read_text

#: Files in the law folder that are not rule lists (they have their own schema).
LAW_SCHEMA_FILES = {"regimes.yaml"}
VOCAB_FILES = {"service_types.yaml", "places.yaml", "needs.yaml", "timetable.yaml", "ruleset.yaml"}


class _VocabFile(BaseModel):
    model_config = {"extra": "forbid"}
    service_types: list[ServiceType] = []
    places: list[Place] = []
    needs: list[Need] = []


class _BankFile(BaseModel):
    model_config = {"extra": "forbid"}
    questions: list[Question]


class Manifest(BaseModel):
    model_config = {"extra": "forbid"}
    version: str
    date: str
    framework: str
    description: str = ""


@dataclass
class KnowledgeBase:
    """Everything loaded from `rules/` and `question_bank/`, indexed for the engine."""

    manifest: Manifest
    framework: Framework
    service_types: dict[str, ServiceType]
    places: dict[str, Place]
    needs: dict[str, Need]
    rules: RuleSet
    questions: list[Question]
    timetable_rules: TimetableRules
    regimes: RegimeBook
    files: list[str] = field(default_factory=list)

    @property
    def question_ids(self) -> list[str]:
        return [q.id for q in self.questions]

    @property
    def version(self) -> str:
        return f"{self.manifest.version} ({self.manifest.date})"


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.files: list[str] = []

    def load(self, path: Path) -> YamlDoc | None:
        self.files.append(str(path))
        try:
            return load_yaml_cached(path)
        except InputError as exc:
            self.problems += exc.problems
            return None

    def validate(self, model: Any, doc: YamlDoc | None, **kw: Any) -> Any:
        if doc is None:
            return None
        try:
            return validate_doc(model, doc, **kw)
        except InputError as exc:
            self.problems += exc.problems
            return None

    def ref_error(self, doc: YamlDoc, loc: Loc, message: str) -> None:
        self.problems.append(Problem(doc.path, doc.line_of(loc), display_loc(doc, loc), message))


def load_bank_holidays(path: str | Path) -> BankHolidayFile:
    """A GOV.UK bank-holidays.json file (www.gov.uk/bank-holidays.json), checked."""
    name = str(path)
    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError.single(name, f"not valid JSON: {exc.msg}", line=exc.lineno) from None
    except RecursionError:  # lists or objects nested thousands deep: no holiday file is
        raise InputError.single(name, "not a bank holidays file: its JSON is nested too "
                                      "deeply to read") from None
    try:
        return read_bank_holidays(name, data)
    except ValueError as exc:
        raise InputError.single(name, str(exc)) from None


def law_dir(rules: Path) -> Path:
    """The shared law for a rule set: its own `law/` folder, else the shipped law.

    A framework's policy rules can be swapped (`--rules DIR`) without copying the law.
    """
    own = rules / "law"
    return own if own.is_dir() else rules_dir() / "law"


def load_knowledge(rules: Path | None = None, bank: Path | None = None) -> KnowledgeBase:
    """Load the shipped (or given) data, raising one InputError listing every problem found."""
    rules = rules or rules_dir()
    bank = bank or question_bank_dir()
    law = law_dir(rules)
    c = _Collector()

    manifest_doc = c.load(rules / "ruleset.yaml")
    manifest = c.validate(Manifest, manifest_doc)

    framework_docs = sorted((rules / "frameworks").glob("*.yaml"))
    frameworks: dict[str, tuple[Framework, YamlDoc]] = {}
    for path in framework_docs:
        doc = c.load(path)
        fw = c.validate(Framework, doc)
        if fw is not None and doc is not None:
            frameworks[fw.id] = (fw, doc)
    framework: Framework | None = None
    if manifest is not None:
        if manifest.framework in frameworks:
            framework = frameworks[manifest.framework][0]
        elif manifest_doc is not None and not c.problems:
            c.ref_error(manifest_doc, ("framework",), f"framework `{manifest.framework}` not found "
                        f"in {rules / 'frameworks'}{did_you_mean(manifest.framework, frameworks)}")

    vocab: dict[str, list[Any]] = {"service_types": [], "places": [], "needs": []}
    vocab_docs: list[tuple[str, YamlDoc]] = []
    # Kinds of id whose defining file did not load: references to them are not checked, so one
    # bad value is reported once, not again as every reference to an id it hid.
    unknowable: set[str] = set()
    for name, kind in (("service_types", "service_type"), ("places", "places"),
                       ("needs", "local_needs")):
        doc = c.load(rules / f"{name}.yaml")
        parsed = c.validate(_VocabFile, doc)
        if parsed is not None and doc is not None:
            vocab[name] = getattr(parsed, name)
            vocab_docs.append((name, doc))
        else:
            unknowable.add(kind)

    regimes_doc = c.load(law / "regimes.yaml")
    regimes = c.validate(RegimeBook, regimes_doc)
    timetable_doc = c.load(rules / "timetable.yaml")
    timetable_rules = c.validate(TimetableRules, timetable_doc)
    if timetable_rules is not None and regimes is not None and timetable_doc is not None:
        try:
            timetable_rules = timetable_rules.with_regimes(regimes.regimes)
        except ValueError as exc:
            c.ref_error(timetable_doc, (), str(exc).splitlines()[-1])
            timetable_rules = None

    ruleset = RuleSet()
    rule_docs: list[tuple[YamlDoc, RuleSet]] = []
    law_files = sorted(p for p in law.glob("*.yaml") if p.name not in LAW_SCHEMA_FILES)
    for path in [*sorted(rules.glob("*.yaml")), *law_files]:
        if path.name in VOCAB_FILES:
            continue
        doc = c.load(path)
        part = c.validate(RuleSet, doc)
        if part is None or doc is None:
            unknowable.add("band")  # any rules file may hold bands
            continue
        rule_docs.append((doc, part))
        for name in RuleSet.model_fields:
            if name == "category":
                continue  # a file's default, applied to its own rules only
            value = getattr(part, name)
            if isinstance(value, list):
                getattr(ruleset, name).extend(value)
            elif value is not None:
                setattr(ruleset, name, value)

    questions: list[Question] = []
    question_docs: list[tuple[YamlDoc, list[Question]]] = []
    for path in sorted(bank.glob("*.yaml")):
        doc = c.load(path)
        parsed = c.validate(_BankFile, doc)
        if parsed is not None and doc is not None:
            questions += parsed.questions
            question_docs.append((doc, parsed.questions))

    if framework is not None:
        _cross_check(c, framework, vocab, vocab_docs, rule_docs, question_docs, ruleset,
                     regimes, frozenset(unknowable))

    holidays_file = os.environ.get("SVAUTHOR_BANK_HOLIDAYS")
    if holidays_file and timetable_rules is not None:
        try:
            timetable_rules = timetable_rules.with_bank_holidays(load_bank_holidays(holidays_file))
        except InputError as exc:
            c.problems += exc.problems
    if timetable_rules is not None:
        timetable_rules = timetable_rules.with_service_facts(
            {s.id: s.facts() for s in vocab["service_types"]})
    _check_categories(c, rule_docs, timetable_doc, timetable_rules, regimes_doc, regimes)

    if c.problems:
        raise InputError(c.problems)
    assert manifest is not None and framework is not None and timetable_rules is not None
    assert regimes is not None
    return KnowledgeBase(
        manifest=manifest,
        framework=framework,
        service_types={s.id: s for s in vocab["service_types"]},
        places={p.id: p for p in vocab["places"]},
        needs={n.id: n for n in vocab["needs"]},
        rules=ruleset,
        questions=questions,
        timetable_rules=timetable_rules,
        regimes=regimes,
        files=c.files,
    )


@dataclass
class _Refs:
    """What each kind of reference may name, for the cross-checks; errors go to the collector.

    A kind in `unknowable` is skipped: its own file did not load, so every reference to it would
    be a second, misleading error.
    """

    c: _Collector
    known: dict[str, list[Any]]
    tags: list[str]
    band_ids: list[str]
    unknowable: frozenset[str]
    facts: list[str]  # the facts a rule's `when:` may name by value

    def check(self, doc: YamlDoc, loc: Loc, values: list[Any], kind: str) -> None:
        """Every value must be a known id of `kind`."""
        if kind in self.unknowable:
            return
        for j, value in enumerate(values):
            if value not in self.known[kind]:
                label = kind.rstrip("s").replace("_", " ")
                self.c.ref_error(doc, loc + (j,), f"unknown {label} `{value}`"
                                 f"{did_you_mean(value, self.known[kind])}")

    def check_when(self, doc: YamlDoc, loc: Loc, when: Any) -> None:
        """The values a `when:` compares a fact or the band with must exist."""
        from svauthor.domain.conditions import referenced_values

        for fact in self.facts:
            for value in referenced_values(when, fact):
                if value not in self.known[fact]:
                    self.c.ref_error(doc, loc, f"unknown {fact.replace('_', ' ')} "
                                     f"`{value}`{did_you_mean(value, self.known[fact])}")
        if "band" in self.unknowable:
            return
        for value in referenced_values(when, "band"):
            if value not in self.band_ids:
                self.c.ref_error(doc, loc, f"unknown band `{value}`"
                                 f"{did_you_mean(value, self.band_ids)}")


def _cross_check(c: _Collector, fw: Framework, vocab: dict[str, list[Any]],
                 vocab_docs: list[tuple[str, YamlDoc]],
                 rule_docs: list[tuple[YamlDoc, RuleSet]],
                 question_docs: list[tuple[YamlDoc, list[Question]]], ruleset: RuleSet,
                 regimes: RegimeBook | None = None,
                 unknowable: frozenset[str] = frozenset()) -> None:
    """Dangling references, duplicate ids and unknown values in conditions are all errors,
    except references to a kind of id (`unknowable`) whose own file did not load. In stages:
    the vocabularies, the rules, the bands, the question bank."""
    known = {
        "measures": fw.measure_refs, "outcomes": fw.outcome_ids, "themes": fw.theme_ids,
        "service_type": [s.id for s in vocab["service_types"]],
        "places": [p.id for p in vocab["places"]],
        "local_needs": [n.id for n in vocab["needs"]],
        "regime": regimes.ids if regimes else [],
        "procedure": sorted(regimes.procedure_labels()) if regimes else [],
    }
    facts = ["service_type", "places", "local_needs"] + (["regime", "procedure"] if regimes else [])
    refs = _Refs(c, known, tags=sorted({t for m in fw.measures for t in m.tags}),
                 band_ids=[b.id for b in ruleset.bands], unknowable=unknowable,
                 facts=[f for f in facts if f not in unknowable])
    _check_vocabularies(refs, vocab, vocab_docs)
    _check_rules(refs, rule_docs)
    _check_last_band(refs, rule_docs, ruleset)
    _check_questions(refs, question_docs)


def _check_vocabularies(refs: _Refs, vocab: dict[str, list[Any]],
                        vocab_docs: list[tuple[str, YamlDoc]]) -> None:
    """Places, needs and service types: ids once each; a need's outcomes and measures and a
    service type's core needs exist."""
    for name, doc in vocab_docs:
        ids = [item.id for item in vocab[name]]
        for i, item in enumerate(vocab[name]):
            if ids.count(item.id) > 1:
                refs.c.ref_error(doc, (name, i, "id"), f"duplicate id `{item.id}`")
            if isinstance(item, Need):
                refs.check(doc, (name, i, "outcomes"), item.outcomes, "outcomes")
                refs.check(doc, (name, i, "measures"), item.measures, "measures")
            if isinstance(item, ServiceType):
                refs.check(doc, (name, i, "core_needs"), item.core_needs, "local_needs")


def _check_rules(refs: _Refs, rule_docs: list[tuple[YamlDoc, RuleSet]]) -> None:
    """Every rule: an id used once across all files, a `when:` naming things that exist, and
    the measures, outcomes, themes and tags it picks known."""
    seen: dict[str, str] = {}
    for doc, part in rule_docs:
        for list_name in RuleSet.model_fields:
            items = getattr(part, list_name)
            if not isinstance(items, list):
                continue
            for i, rule in enumerate(items):
                loc: Loc = (list_name, i)
                if rule.id in seen:
                    refs.c.ref_error(doc, loc + ("id",), f"duplicate rule id `{rule.id}` "
                                     f"(also in {seen[rule.id]})")
                seen[rule.id] = doc.path
                refs.check_when(doc, loc + ("when",), rule.when)
                if list_name in ("overlaps", "measure_rules"):
                    refs.check(doc, loc + ("measures",), rule.measures, "measures")
                if list_name == "measure_rules":
                    refs.check(doc, loc + ("outcomes",), rule.outcomes, "outcomes")
                    refs.check(doc, loc + ("themes",), rule.themes, "themes")
                    for j, tag in enumerate(rule.tags):
                        if tag not in refs.tags:
                            refs.c.ref_error(doc, loc + ("tags", j), f"no measure has tag `{tag}`"
                                             f"{did_you_mean(tag, refs.tags)}")


def _check_last_band(refs: _Refs, rule_docs: list[tuple[YamlDoc, RuleSet]],
                     ruleset: RuleSet) -> None:
    """The last band has no `when`, so every tender falls in a band."""
    if ruleset.bands and ruleset.bands[-1].when and "band" not in refs.unknowable:
        doc = next(d for d, p in rule_docs if p.bands)
        refs.c.ref_error(doc, ("bands", len(ruleset.bands) - 1, "when"),
                         "the last band must have no `when`, so every tender falls in a band")


def _check_questions(refs: _Refs, question_docs: list[tuple[YamlDoc, list[Question]]]) -> None:
    """Questions: ids once each, known outcomes, measures and service types, and a word limit
    for every band (and none for a band that does not exist)."""
    qids: list[str] = [q.id for _, qs in question_docs for q in qs]
    for doc, qs in question_docs:
        for i, q in enumerate(qs):
            loc = ("questions", i)
            if qids.count(q.id) > 1:
                refs.c.ref_error(doc, loc + ("id",), f"duplicate question id `{q.id}`")
            refs.check(doc, loc + ("outcomes",), q.outcomes, "outcomes")
            refs.check(doc, loc + ("measures",), q.measures, "measures")
            refs.check(doc, loc + ("suits",), q.suits, "service_type")
            refs.check(doc, loc + ("not_for",), q.not_for, "service_type")
            if "band" in refs.unknowable:
                continue
            missing = [b for b in refs.band_ids if b not in q.word_limits]
            if missing:
                refs.c.ref_error(doc, loc + ("word_limits",),
                                 f"no word limit for band(s) {', '.join(missing)}")
            for b in q.word_limits:
                if b not in refs.band_ids:
                    refs.c.ref_error(doc, loc + ("word_limits", b), f"unknown band `{b}`"
                                     f"{did_you_mean(b, refs.band_ids)}")


def _makes_check(list_name: str, rule: Any) -> bool:
    """Whether a rule in this list turns into a check the faces show."""
    if list_name in ("check_rules", "weighting_rules", "kpi_rules", "threshold_rules",
                     "duty_rules"):
        return True
    return list_name == "measure_rules" and rule.on_removal != "none"


_Entry = tuple[YamlDoc, str, Loc, Any, bool]  # file, its default, where, the rule, makes a check


def _law_entries(doc: YamlDoc, default: str, value: Any, loc: Loc) -> list[_Entry]:
    """Every entry with an id and a category anywhere inside a law or timetable model: each one
    can produce a check."""
    found: list[_Entry] = []
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        if "id" in fields and "category" in fields:
            found.append((doc, default, loc, value, True))
        for name in fields:
            if name != "category":
                found += _law_entries(doc, default, getattr(value, name), loc + (name,))
    elif isinstance(value, dict):
        for key, item in value.items():
            found += _law_entries(doc, default, item, loc + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _law_entries(doc, default, item, loc + (i,))
    return found


def _check_categories(c: _Collector, rule_docs: list[tuple[YamlDoc, RuleSet]],
                      timetable_doc: YamlDoc | None, timetable: TimetableRules | None,
                      regimes_doc: YamlDoc | None, regimes: RegimeBook | None) -> None:
    """Give each rule its file's default category and require a known one wherever a check is
    made: the faces choose checks by category, so a missing or misspelt one would hide a check."""
    files: list[tuple[YamlDoc, str]] = [(doc, part.category) for doc, part in rule_docs]
    entries: list[_Entry] = []
    for doc, part in rule_docs:
        for list_name in RuleSet.model_fields:
            items = getattr(part, list_name)
            if isinstance(items, list):
                entries += [(doc, part.category, (list_name, i), rule, _makes_check(list_name, rule))
                            for i, rule in enumerate(items)]
    if regimes_doc is not None and regimes is not None:
        files.append((regimes_doc, regimes.category))
        entries += _law_entries(regimes_doc, regimes.category, regimes, ())
    if timetable_doc is not None and timetable is not None:
        files.append((timetable_doc, timetable.category))
        for name in TimetableRules.model_fields:
            if name not in ("category", "regimes"):
                entries += _law_entries(timetable_doc, timetable.category,
                                        getattr(timetable, name), (name,))
        if regimes_doc is not None and regimes is not None:
            # The regimes as attached to the timetable rules: fill, but report only once above.
            entries += [(regimes_doc, regimes.category, loc, rule, False) for _, _, loc, rule, _ in
                        _law_entries(regimes_doc, "", timetable.regimes, ("regimes",))]
    for doc, default in files:
        if default and default not in CHECK_CATEGORIES:
            _unknown_category(c, doc, ("category",), default)
    for doc, default, loc, rule, makes_check in entries:
        if rule.category:
            if makes_check and rule.category not in CHECK_CATEGORIES:
                _unknown_category(c, doc, loc + ("category",), rule.category)
        elif default:
            rule.category = default
        elif makes_check:
            c.ref_error(doc, loc, f"rule `{rule.id}` makes a check but has no `category`; give it "
                        f"one, or put `category:` at the top of the file (one of "
                        f"{', '.join(CHECK_CATEGORIES)})")


def _unknown_category(c: _Collector, doc: YamlDoc, loc: Loc, value: str) -> None:
    c.ref_error(doc, loc, f"unknown check category `{value}`{did_you_mean(value, CHECK_CATEGORIES)}; "
                f"the categories are {', '.join(CHECK_CATEGORIES)}")
