"""`svauthor build SPEC.yaml`: write the Word tender pack (exit 0; 1 a check failed; 2 bad input)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def cmd_build(args: argparse.Namespace) -> int:
    from svauthor.cli import EXIT_FAILED_CHECK, EXIT_OK, _kb, today_from
    from svauthor.docs import build_pack
    from svauthor.domain.engine import assess
    from svauthor.domain.specfile import load_spec

    today = today_from(args.today)
    kb = _kb(args)
    spec = load_spec(args.spec, kb)
    assessment = assess(spec, kb, today=today)
    paths = build_pack(
        assessment, Path(args.output), kb=kb,
        reference_docx=Path(args.reference_docx) if args.reference_docx else None,
        force=bool(args.force),
        proxy_values=Path(args.proxy_values) if args.proxy_values else None,
        workbook=True,
    )
    for path in paths:
        print(path)
    failing = [c for c in assessment.checks if c.status == "fail"]
    if failing:
        print(f"warning: the pack was written, but {len(failing)} check(s) failed: "
              f"{', '.join(c.id for c in failing)}. See the decision record, or run "
              f"`svauthor check {args.spec}`.", file=sys.stderr)
        return EXIT_FAILED_CHECK
    return EXIT_OK
