"""Forward-plan pipeline: check a CSV of procurements, summarise them, and optionally write packs.

`svauthor pipeline PLAN.csv [-o DIR] [--packs] [--force] [--workers N]` runs `cmd_pipeline`.
"""

from __future__ import annotations

from svauthor.pipeline.plan import COLUMNS, REQUIRED, inspect_plan
from svauthor.pipeline.run import (
    SUMMARY_CSV,
    SUMMARY_DOCX,
    Options,
    Outcome,
    cmd_pipeline,
    run_pipeline,
)

__all__ = [
    "COLUMNS", "REQUIRED", "SUMMARY_CSV", "SUMMARY_DOCX", "Options", "Outcome", "cmd_pipeline",
    "inspect_plan", "run_pipeline",
]
