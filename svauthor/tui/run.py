"""CLI entry points for the app: `svauthor`, `svauthor open SPEC`, `svauthor train`."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from svauthor.domain.knowledge import KnowledgeBase
    from svauthor.tui.settings import AppSettings


def _kb_and_clock(args: argparse.Namespace) -> tuple[KnowledgeBase, Callable[[], date]]:
    from svauthor.session import Session

    session = Session.from_args(args)
    return session.knowledge, session.clock()


def settings_for(args: argparse.Namespace) -> AppSettings:
    """The user's own settings, or (browser mode, `--workspace DIR`) one confined folder."""
    from svauthor.tui.settings import AppSettings

    workspace = getattr(args, "workspace", None)
    if not workspace:
        return AppSettings.default()
    settings = AppSettings.in_workspace(Path(workspace))
    assert settings.workspace is not None
    os.chdir(settings.workspace)  # relative paths in the app start in the workspace
    return settings


def cmd_app(args: argparse.Namespace) -> int:
    """Open the wizard on a new tender (the shipped Cheshire and Merseyside rules by default)."""
    from svauthor.tui.app import make_app

    kb, clock = _kb_and_clock(args)
    make_app(settings_for(args), kb, clock).run()
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    """Open a saved spec; a bad file raises InputError, which the CLI prints (exit 2)."""
    from svauthor.domain.specfile import load_spec
    from svauthor.tui.app import make_app
    from svauthor.tui.settings import AppSettings

    kb, clock = _kb_and_clock(args)
    path = Path(args.spec)
    spec = load_spec(path, kb)
    make_app(AppSettings.default(), kb, clock, spec=spec, spec_path=path).run()
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    """Training mode: a separate app, written in svauthor.training."""
    from svauthor.training.app import make_training_app

    kb, clock = _kb_and_clock(args)

    make_training_app(kb, clock, settings_for(args)).run()
    return 0
