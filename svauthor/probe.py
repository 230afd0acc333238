"""Probe runs: try the engine on a spread of made-up tenders, so rules that load cleanly but
would crash `check` (a number compared with a date, say) are caught by `svauthor validate`.

Loading only checks each rule on its own; a `when:` that compares a fact with the wrong kind of
value fails only when a tender reaches it. Every rule's condition is tried against the facts of
every probe tender; a failure is reported against the rule's own file and line. Anything else
that would stop the engine is reported with the probe tender that set it off.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from svauthor.domain.conditions import matches
from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.rules import RuleSet
from svauthor.domain.spec import TenderSpec
from svauthor.errors import Problem
from svauthor.yamlio import YamlDoc, load_yaml

SECTORS = ("nhs", "local_authority", "central_government", "other_public")
VALUES = (8_000, 45_000, 250_000, 1_500_000, 7_000_000, 40_000_000, 900_000_000)
DURATIONS = (3, 12, 36, 120)


def _timetable(today: date, shape: int) -> dict[str, str] | None:
    """No timetable, a full one, one already past, or only a contract start."""
    if shape == 0:
        return None
    start = today + timedelta(days=30 if shape != 2 else -400)
    if shape == 3:
        return {"contract_start": (start + timedelta(days=200)).isoformat()}
    days = {"planned_procurement_notice": -20, "tender_published": 0, "clarification_deadline": 30,
            "tender_deadline": 45, "award_notice": 75, "contract_start": 150}
    return {k: (start + timedelta(days=d)).isoformat() for k, d in days.items()}


def probe_specs(kb: KnowledgeBase, today: date) -> Iterator[TenderSpec]:
    """A few dozen tenders that between them reach every sector, service type, route, band,
    place, need and timetable shape the rules can test."""
    services = list(kb.service_types)
    places = list(kb.places)
    needs = list(kb.needs)
    routes = [(r, p) for r in kb.regimes.ids for p in kb.regimes.procedures(r)]
    # Every sector meets every timetable shape; services and routes are cycled through; the
    # rest is varied by a seeded generator, so the probes are the same on every run.
    pairs = list(itertools.product(SECTORS, range(4)))
    count = max(len(services), len(routes), 3 * len(pairs))
    rng = random.Random(20261201)
    for i in range(count):
        sector, shape = pairs[i % len(pairs)]
        service = services[i % len(services)]
        regime, procedure = routes[i % len(routes)]
        value, duration = VALUES[i % len(VALUES)], rng.choice(DURATIONS)
        chosen_places = places[i % len(places):][:1 + i % 3] if places else []
        chosen_needs = needs[i % len(needs):][:i % 4] if needs else []
        data: dict[str, Any] = {
            "title": f"Probe tender {i + 1}",
            "buyer": {"name": "Probe buyer", "sector": sector},
            "route": {"regime": regime, "procedure": procedure, "urgency": rng.random() < 0.2,
                      "light_touch": rng.random() < 0.2},
            "service_type": service,
            "value_gbp": value,
            "duration_months": duration,
            "places": chosen_places,
            "local_needs": chosen_needs,
            "vcfse_suitable": rng.choice((None, True, False)),
            "lots": rng.choice((1, 1, 3)),
        }
        timetable = _timetable(today, shape)
        if timetable:
            data["timetable"] = timetable
        try:
            yield TenderSpec.model_validate(data, context={"kb": kb})
        except ValueError:
            continue  # a combination the spec itself refuses is not a tender to probe


def _rule_lines(files: list[str]) -> dict[str, tuple[str, int | None]]:
    """Where each rule id is defined: file and line."""
    found: dict[str, tuple[str, int | None]] = {}
    for name in files:
        try:
            doc: YamlDoc = load_yaml(name)
        except Exception:  # noqa: BLE001 - the file loaded a moment ago; skip if it moved
            continue
        if not isinstance(doc.data, dict):
            continue
        for key in RuleSet.model_fields:
            items = doc.data.get(key)
            if isinstance(items, list):
                for i, item in enumerate(items):
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        found.setdefault(item["id"], (name, doc.line_of((key, i, "when"))))
    return found


def _describe(tender: TenderSpec) -> str:
    return (f"{tender.buyer.sector.replace('_', ' ')} buyer, {tender.service_type}, "
            f"£{tender.value_gbp:,.0f} over {tender.duration_months} months, "
            f"{tender.route.regime} {tender.route.procedure}")


def probe_problems(kb: KnowledgeBase, today: date, rules_folder: Path) -> list[Problem]:
    """Everything that would crash the engine on one of the probe tenders (empty: all ran)."""
    from svauthor.domain.engine import assess, facts_for

    rules: list[Any] = [r for name in RuleSet.model_fields
                        if isinstance(getattr(kb.rules, name), list)
                        for r in getattr(kb.rules, name)]
    band_ids: list[str | None] = [b.id for b in kb.rules.bands]
    broken: dict[str, str] = {}
    problems: list[Problem] = []
    for tender in probe_specs(kb, today):
        facts = facts_for(tender, kb, today)
        for band, vcfse in itertools.product([None, *band_ids], (True, False)):
            facts.update(band=band, vcfse_suitable=vcfse)
            for rule in rules:
                if rule.id in broken or not rule.when:
                    continue
                try:
                    matches(rule.when, facts)
                except Exception as exc:  # noqa: BLE001 - any failure here is the rule's fault
                    on_band = f", band {band}" if band else ""
                    broken[rule.id] = (f"`when` compares a fact with the wrong kind of value, so "
                                       f"`svauthor check` would stop on a tender like this one "
                                       f"({_describe(tender)}{on_band}): {exc}")
        if broken:
            continue  # the engine would stop at the same rule; report the rule, not the tender
        try:
            assess(tender, kb, today=today)
        except Exception as exc:  # noqa: BLE001 - report it rather than crash validate
            problems.append(Problem(str(rules_folder), None, "rules",
                                    f"`svauthor check` would fail on a tender like this one "
                                    f"({_describe(tender)}): {type(exc).__name__}: {exc}"))
            break
    if broken:
        where = _rule_lines(kb.files)
        for rule_id, message in broken.items():
            file, line = where.get(rule_id, (str(rules_folder), None))
            problems.append(Problem(file, line, f"rule {rule_id}", message))
    return problems
