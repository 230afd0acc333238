"""`svauthor validate`: check rule, framework, question-bank and spec files, reporting everything."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from svauthor.domain.knowledge import KnowledgeBase, load_knowledge
from svauthor.domain.rules import RuleSet
from svauthor.domain.specfile import parse_spec, with_needs_analysis
from svauthor.errors import InputError, Problem
from svauthor.paths import question_bank_dir, rules_dir
from svauthor.yamlio import load_yaml

TRACKING = Path("tracking") / "tracking.yaml"  # inside a rules folder
FIXED_NAMES = {
    "service_types": "service_types.yaml", "places": "places.yaml", "needs": "needs.yaml",
    "version": "ruleset.yaml",
}


def _kind(data: object, path: Path) -> str:
    """Guess what a YAML file is from its top-level keys."""
    if not isinstance(data, dict):
        return "spec"
    keys = set(data)
    if {"spec", "brief"} <= keys:
        return "scenario"
    if keys & {"title", "buyer", "service_type", "value_gbp"}:
        return "spec"
    if "questions" in keys:
        return "bank"
    if {"measures", "themes"} <= keys:
        return "framework"
    if "regimes" in keys:
        return "regimes"
    if {"ratings", "returns"} <= keys:
        return "tracking"
    if keys & {"service_types", "places", "needs"} or path.name in ("timetable.yaml",
                                                                     "ruleset.yaml"):
        return "vocab"
    if keys & set(RuleSet.model_fields):
        return "rules"
    return "spec"


def _probed(kb: KnowledgeBase, args: argparse.Namespace, rules: Path) -> KnowledgeBase:
    """The rules loaded; now make sure the engine can run them (see svauthor.probe)."""
    from svauthor.probe import probe_problems
    from svauthor.session import Session

    problems = probe_problems(kb, Session.from_args(args).today(), rules)
    if problems:
        raise InputError(problems)
    return kb


def _tracking(path: Path) -> str:
    """Check the tracking rules (ratings, returns, roll-ups) in `path`; the summary line."""
    from svauthor.tracking.rules import load_tracking_rules

    load_tracking_rules.__wrapped__(path)  # not the memo: the file may have just changed
    return f"ok: tracking rules in {path}"


def validate_paths(paths: list[Path], args: argparse.Namespace) -> tuple[list[Problem], list[str]]:
    rules = Path(args.rules) if args.rules else rules_dir()
    bank = Path(args.bank) if args.bank else question_bank_dir()
    problems: list[Problem] = []
    summary: list[str] = []
    kb: KnowledgeBase | None = None

    def base_kb() -> KnowledgeBase:
        nonlocal kb
        if kb is None:
            kb = load_knowledge(rules, bank)
        return kb

    if not paths:
        try:
            loaded = _probed(base_kb(), args, rules)
            summary.append(f"ok: {len(loaded.files)} rule, framework and question files "
                           f"({len(loaded.framework.measures)} measures, "
                           f"{len(loaded.questions)} questions)")
        except InputError as exc:
            problems += exc.problems
        if (rules / TRACKING).exists():
            try:
                summary.append(_tracking(rules / TRACKING))
            except InputError as exc:
                problems += exc.problems
        try:
            from svauthor.docs.text import lint
            from svauthor.paths import templates_dir

            lint(templates_dir() / "text")
            summary.append(f"ok: templates in {templates_dir() / 'text'}")
        except InputError as exc:
            problems += exc.problems
        return problems, summary

    def one_file(path: Path) -> None:
        """Validate one YAML file as what its content says it is; the summary line."""
        if path.suffix.lower() == ".csv":
            raise InputError.single(str(path), "a CSV file, not YAML: check a forward plan "
                                    "with `svauthor pipeline PLAN.csv`")
        doc = load_yaml(path)
        kind = _kind(doc.data, path)
        if kind == "spec":  # and the Local Needs Analysis it names, if any
            spec = with_needs_analysis(parse_spec(doc, base_kb()), doc, path, base_kb())
            if spec.accepted_risks:  # each must name a check, and none a legal requirement
                from svauthor.domain.engine import assess
                from svauthor.domain.tenderfacts import enforce_accepted_risks
                from svauthor.session import Session

                assessed = assess(spec, base_kb(), today=Session.from_args(args).today())
                enforce_accepted_risks(str(path), assessed, lambda line: None)
        elif kind == "tracking":
            _tracking(path)
        elif kind == "scenario":
            from svauthor.training.scenarios import parse_scenario

            parse_scenario(doc, base_kb())
        else:
            _overlay(path, kind, doc.data, rules, bank, args)
        summary.append(f"ok: {path} ({kind})")

    for path in paths:
        try:
            if path.is_dir() and (path / "ruleset.yaml").exists():  # a rules folder
                if (path / TRACKING).exists():  # reported with the rest, not instead
                    try:
                        _tracking(path / TRACKING)
                    except InputError as exc:
                        problems += exc.problems
                _probed(load_knowledge(path, bank), args, path)
                summary.append(f"ok: {path} (rules)")
            elif path.is_dir():
                files = sorted(p for p in path.iterdir()
                               if p.is_file() and p.suffix.lower() in (".yaml", ".yml"))
                if not files:
                    raise InputError.single(str(path), "holds no YAML files to check")
                if all(_kind_of_file(f) == "bank" for f in files):  # a question bank
                    load_knowledge(rules, path)
                    summary.append(f"ok: {path} (question bank)")
                    continue
                for file in files:  # anything else (a folder of tenders): each file by its content
                    try:
                        one_file(file)
                    except InputError as exc:
                        problems += exc.problems
            else:
                one_file(path)
        except InputError as exc:
            problems += exc.problems
    return problems, summary


def _kind_of_file(path: Path) -> str | None:
    """What a YAML file holds, or None if it cannot be read (its own check will say why)."""
    try:
        return _kind(load_yaml(path).data, path)
    except InputError:
        return None


def _overlay(path: Path, kind: str, data: object, rules: Path, bank: Path,
             args: argparse.Namespace) -> None:
    """Validate one data file in the context of the rest of the data, as if it replaced its twin."""
    with tempfile.TemporaryDirectory(prefix="svauthor-validate-") as tmp:
        t_rules, t_bank = Path(tmp) / "rules", Path(tmp) / "question_bank"
        shutil.copytree(rules, t_rules)
        shutil.copytree(bank, t_bank)
        name = path.name
        if kind == "bank":
            target = t_bank / name
        elif kind == "framework":
            target = t_rules / "frameworks" / name
        elif kind == "vocab" and isinstance(data, dict):
            fixed = next((FIXED_NAMES[k] for k in data if FIXED_NAMES.get(k)), None)
            target = t_rules / (fixed or name)
        elif kind == "regimes":
            target = t_rules / "law" / "regimes.yaml"
        elif path.parent.name == "law":  # shared law: rules/law/*.yaml
            target = t_rules / "law" / name
        else:
            target = t_rules / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        try:
            _probed(load_knowledge(t_rules, t_bank), args, t_rules)
        except InputError as exc:
            mapped = []
            for p in exc.problems:
                file = p.file
                if file == str(target):
                    file = str(path)
                elif file.startswith(tmp):
                    rel = Path(file).relative_to(tmp)
                    base = rules if rel.parts[0] == "rules" else bank
                    file = str(base / Path(*rel.parts[1:]))
                mapped.append(Problem(file, p.line, p.field, p.message))
            raise InputError(mapped) from None
