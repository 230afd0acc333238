"""What every face (command line, app, training, browser, pipeline, Word pack) starts from.

A `Session` holds the rule and question-bank folders, the assessment date and the knowledge
base loaded from them, so no face reaches into another for these (nothing outside `cli.py`
imports `svauthor.cli`). "Today" is decided here, once, and passed down: the engine never reads
the clock.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from svauthor.errors import InputError

if TYPE_CHECKING:
    from svauthor.domain.knowledge import KnowledgeBase

#: Exit statuses shared by every command: ok, a check failed, bad input.
EXIT_OK, EXIT_FAILED_CHECK, EXIT_BAD_INPUT = 0, 1, 2

TODAY_VARIABLE = "SVAUTHOR_TODAY"


def parse_today(value: str | None) -> date | None:
    """The fixed assessment date given by --today or $SVAUTHOR_TODAY, or None for the clock."""
    raw = value or os.environ.get(TODAY_VARIABLE)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        source = "--today" if value else TODAY_VARIABLE  # name what the user actually set
        raise InputError.single(source, f"`{raw}` is not a date; use YYYY-MM-DD") from None


@dataclass
class Session:
    """The rule and bank folders (None: the shipped ones), a fixed date or the live clock."""

    rules: Path | None = None
    bank: Path | None = None
    fixed_today: date | None = None
    _knowledge: KnowledgeBase | None = field(default=None, init=False, repr=False)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Session:
        """From the options every command takes: --rules, --bank and --today."""
        rules, bank = getattr(args, "rules", None), getattr(args, "bank", None)
        return cls(rules=Path(rules) if rules else None, bank=Path(bank) if bank else None,
                   fixed_today=parse_today(getattr(args, "today", None)))

    @property
    def rules_dir(self) -> Path:
        from svauthor.paths import rules_dir

        return self.rules if self.rules is not None else rules_dir()

    @property
    def bank_dir(self) -> Path:
        from svauthor.paths import question_bank_dir

        return self.bank if self.bank is not None else question_bank_dir()

    @property
    def knowledge(self) -> KnowledgeBase:
        """The cross-checked rules, framework and question bank, loaded on first use."""
        if self._knowledge is None:
            from svauthor.domain.knowledge import load_knowledge

            self._knowledge = load_knowledge(self.rules, self.bank)
        return self._knowledge

    def today(self) -> date:
        """The assessment date: the fixed one, else the system clock now."""
        return self.fixed_today if self.fixed_today is not None else date.today()

    def clock(self) -> Callable[[], date]:
        """For a long-running app: a live clock unless a date was fixed, so a session left open
        past midnight moves on."""
        fixed = self.fixed_today
        if fixed is None:
            return date.today
        return lambda: fixed
