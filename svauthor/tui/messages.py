"""Typed messages: steps announce edits; the Generate worker reports progress and results."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.message import Message


@dataclass
class FormEdited(Message):
    """A step changed the form state; `field` names what changed."""

    field: str


@dataclass
class PackProgress(Message):
    """Posted from the Generate worker thread as documents are written."""

    done: int | None
    total: int | None
    label: str


@dataclass
class PackWritten(Message):
    """The worker finished: these files were written."""

    paths: list[Path]
