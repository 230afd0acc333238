"""`svauthor build SPEC.yaml`: write the Word tender pack.

Exit 0 when written; 1 when a check fails (nothing is written unless `--draft`, which marks every
page DRAFT); 2 for bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def cmd_build(args: argparse.Namespace) -> int:
    from svauthor.docs import PackRefused, build_pack
    from svauthor.docs.pack import target_paths
    from svauthor.domain.engine import assess
    from svauthor.domain.specfile import load_spec
    from svauthor.domain.tenderfacts import enforce_accepted_risks
    from svauthor.errors import InputError
    from svauthor.session import EXIT_FAILED_CHECK, EXIT_OK, Session

    session = Session.from_args(args)
    today = session.today()
    kb = session.knowledge
    spec = load_spec(args.spec, kb)
    assessment = assess(spec, kb, today=today)
    enforce_accepted_risks(args.spec, assessment, lambda line: print(line, file=sys.stderr))
    draft = bool(getattr(args, "draft", False))
    want_pdf = bool(getattr(args, "pdf", False))
    if want_pdf:
        from svauthor.docs.pdf import check_pdf_targets

        check_pdf_targets([p for d, p in target_paths(assessment, Path(args.output))
                           if d.extension == "docx"], force=bool(args.force))
    out = Path(args.output)
    existed = {p for _, p in target_paths(assessment, out) if p.exists()}
    try:
        paths = build_pack(
            assessment, Path(args.output), kb=kb,
            reference_docx=Path(args.reference_docx) if args.reference_docx else None,
            force=bool(args.force),
            proxy_values=Path(args.proxy_values) if args.proxy_values else None,
            draft=draft,
            notify=lambda message: print(f"note: {message}", file=sys.stderr),
        )
    except PackRefused as refused:
        print(f"error: no pack written: {len(refused.fails)} check(s) fail. Resolve each, or "
              f"record it under accepted_risks in the spec (check, reason, accepted_by) unless "
              f"it is a legal requirement; use --draft for a draft pack:", file=sys.stderr)
        for c in refused.fails:
            law = " (a legal requirement: it cannot be accepted as a risk)" \
                if c.legal_requirement else ""
            print(f"  fail: {c.id}{law}: {c.message}", file=sys.stderr)
        return EXIT_FAILED_CHECK
    if want_pdf:
        from svauthor.docs.pdf import export_pdfs

        try:
            paths = [*paths, *export_pdfs(paths, force=bool(args.force))]
        except InputError:
            # All or nothing: a failed PDF export takes back the documents this run added.
            for path in paths:
                if path not in existed:
                    path.unlink(missing_ok=True)
            raise
    for path in paths:
        print(path)
    failing = assessment.blocking_checks()
    if failing:
        print(f"warning: a DRAFT pack was written; {len(failing)} check(s) fail: "
              f"{', '.join(c.id for c in failing)}. They are listed first in the decision "
              f"record.", file=sys.stderr)
        return EXIT_FAILED_CHECK
    return EXIT_OK

