"""Shared fixtures: the shipped knowledge base is loaded once per test session."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from svauthor.domain.engine import assess
from svauthor.domain.knowledge import KnowledgeBase, load_knowledge
from svauthor.domain.results import Assessment
from svauthor.domain.spec import TenderSpec

# Every command run by the tests assesses on one fixed date, so results never drift with the clock.
os.environ.setdefault("SVAUTHOR_TODAY", "2026-11-27")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TODAY = date(2026, 11, 27)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


def make_spec(kb: KnowledgeBase, **fields: Any) -> TenderSpec:
    """A valid spec with sensible defaults; tests override only what their story is about."""
    data: dict[str, Any] = {
        "title": "Test tender",
        "buyer": {"name": "Test Council", "sector": "local_authority"},
        "service_type": "community_support",
        "value_gbp": 500_000,
        "duration_months": 24,
        "places": ["liverpool"],
    }
    data.update(fields)
    return TenderSpec.model_validate(data, context={"kb": kb})


def run(kb: KnowledgeBase, **fields: Any) -> Assessment:
    return assess(make_spec(kb, **fields), kb, today=TODAY)
