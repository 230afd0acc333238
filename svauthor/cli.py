"""The command line: thin wrappers over the engine. Exit 0 ok, 1 a check failed, 2 bad input."""

from __future__ import annotations

import argparse
import errno
import json
import os
import signal
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from svauthor import __version__
from svauthor.errors import InputError
from svauthor.session import EXIT_BAD_INPUT, EXIT_FAILED_CHECK, EXIT_OK, Session

__all__ = ["EXIT_BAD_INPUT", "EXIT_FAILED_CHECK", "EXIT_OK", "build_parser", "main"]

#: What the machine says about a path the user gave (a name too long, no permission, a full or
#: read-only disk): the user's to put right, so it is an error message and exit 2, not a bug.
_PATH_ERRORS = frozenset({errno.ENAMETOOLONG, errno.EACCES, errno.EPERM, errno.ENOSPC,
                          errno.EROFS, errno.ENOTDIR, errno.EISDIR, errno.ELOOP, errno.EDQUOT})


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _check_accepted_risks(spec_path: str, assessment: Any) -> None:
    from svauthor.domain.tenderfacts import enforce_accepted_risks

    enforce_accepted_risks(spec_path, assessment, lambda line: print(line, file=sys.stderr))


def cmd_check(args: argparse.Namespace) -> int:
    from svauthor.domain.engine import assess
    from svauthor.domain.specfile import load_spec
    from svauthor.textreport import render_assessment

    session = Session.from_args(args)
    kb = session.knowledge
    spec = load_spec(args.spec, kb)
    result = assess(spec, kb, today=session.today())
    _check_accepted_risks(args.spec, result)
    if args.json:
        _print_json(result.to_json_data())
    else:
        print(render_assessment(result, verbose=args.verbose))
    return EXIT_FAILED_CHECK if result.worst_status == "fail" else EXIT_OK


def cmd_timetable(args: argparse.Namespace) -> int:
    from svauthor.domain.engine import assess
    from svauthor.domain.specfile import load_spec, save_spec
    from svauthor.domain.timetable import suggest_timetable
    from svauthor.textreport import render_checks
    from svauthor.ukformat import fmt_date

    session = Session.from_args(args)
    kb = session.knowledge
    spec = load_spec(args.spec, kb)
    today = session.today()
    result = assess(spec, kb, today=today)
    wanted_start = spec.timetable.contract_start if spec.timetable else None
    if args.suggest:
        try:
            suggested = suggest_timetable(spec, vcfse_suitable=bool(result.vcfse_suitable.value),
                                          rules=kb.timetable_rules, today=today)
        except ValueError as exc:
            raise InputError.single(args.spec, str(exc), field="timetable") from None
        spec = spec.model_copy(update={"timetable": suggested})
        result = assess(spec, kb, today=session.today())
        if args.write:
            save_spec(spec, args.spec, backup=True)
    if result.timetable is None:
        raise InputError.single(args.spec, "the spec has no `timetable` block; add one or use "
                                "--suggest with `timetable: {contract_start: YYYY-MM-DD}`",
                                field="timetable")
    tt = result.timetable
    # Date checks made outside the timetable engine (e.g. a tender date already past) belong here.
    shown_checks = [c for c in result.checks if c.concept == "timetable" and c not in tt.checks]
    shown_checks += tt.checks
    if args.json:
        _print_json({"dates": tt.dates,
                     "checks": [c.model_dump(mode="json") for c in shown_checks],
                     "timetable": spec.timetable.model_dump(mode="json") if spec.timetable else {}})
    else:
        if args.suggest:
            from svauthor.domain.specfile import original_path

            kept = (f" (written to the spec; the previous file is kept as {args.spec}.bak and "
                    f"your original as {original_path(Path(args.spec))})") if args.write else ""
            print(f"Suggested timetable{kept}:")
            got = spec.timetable.contract_start if spec.timetable else None
            if wanted_start and got and got != wanted_start:
                prep = kb.timetable_rules.preparation_period
                lead = (f", allowing {prep.working_days} working days to prepare and sign off "
                        f"the documents") if prep and prep.working_days else ""
                print(f"  The contract start {fmt_date(wanted_start)} cannot be met from "
                      f"{fmt_date(today)}{lead}: worked forward from the earliest publication "
                      f"instead.")
        assert spec.timetable is not None
        for key, value in spec.timetable.given().items():
            print(f"  {key.replace('_', ' ')}: {fmt_date(value)}")
        print("Computed:")
        for key, value in tt.dates.items():
            shown = _plain(value)
            if key == "regime":
                shown = kb.regimes.label(str(value))
            elif key == "procedure":
                shown = kb.regimes.procedure_label(spec.route.regime, str(value))
            if shown:
                print(f"  {key.replace('_', ' ')}: {shown}")
        print("Checks:")
        print(render_checks(shown_checks))
    return EXIT_FAILED_CHECK if any(c.status == "fail" for c in shown_checks) else EXIT_OK


def _plain(value: Any) -> str:
    """A computed value in words: dates as 27 November 2026, yes/no, lists joined; '' if empty."""
    from svauthor.domain.timetable import SUBDIVISION_NAMES
    from svauthor.ukformat import fmt_date

    if value is None or value == [] or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return fmt_date(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, list):
        return ", ".join(SUBDIVISION_NAMES.get(str(v), str(v)) for v in value)
    if isinstance(value, str):
        return value.replace("_", " ")
    return str(value)


def cmd_validate(args: argparse.Namespace) -> int:
    from svauthor.validate import validate_paths

    problems, summary = validate_paths([Path(p) for p in args.paths], args)
    if problems:
        raise InputError(problems)
    for line in summary:
        print(line)
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    kb = Session.from_args(args).knowledge
    fw = kb.framework
    rows: list[dict[str, Any]]
    if args.what == "measures":
        rows = [{"ref": m.ref, "theme": fw.theme_of(m).id, "outcome": m.outcome, "unit": m.unit,
                 "partner_vcfse": m.partner_vcfse, "text": m.text} for m in fw.measures]
    elif args.what == "service-types":
        rows = [{"id": s.id, "name": s.name, "description": s.description}
                for s in kb.service_types.values()]
    elif args.what == "places":
        rows = [{"id": p.id, "name": p.name, "nation": p.nation} for p in kb.places.values()]
    elif args.what == "outcomes":
        rows = [{"id": o.id, "name": o.name, "theme": o.theme} for o in fw.outcomes]
    elif args.what == "regimes":
        rows = [{"id": rid, "name": r.label, "nations": r.jurisdiction.nations,
                 "procedures": list(r.procedures), "aliases": r.aliases}
                for rid, r in kb.regimes.regimes.items()]
    else:
        rows = [{"id": n.id, "name": n.name, "outcomes": n.outcomes, "measures": n.measures}
                for n in kb.needs.values()]
    if args.json:
        _print_json(rows)
    else:
        for row in rows:
            key = row.get("ref") or row["id"]
            rest = row.get("text") or row.get("name")
            extra = " [Partner VCFSE]" if row.get("partner_vcfse") else ""
            print(f"{key:<28} {rest}{extra}")
    return EXIT_OK


def cmd_questions(args: argparse.Namespace) -> int:
    kb = Session.from_args(args).knowledge
    if args.outcome and args.outcome not in kb.framework.outcome_ids:
        from svauthor.errors import did_you_mean
        raise InputError.single("--outcome", f"unknown outcome `{args.outcome}`"
                                f"{did_you_mean(args.outcome, kb.framework.outcome_ids)}")
    found = [q for q in kb.questions
             if (not args.outcome or args.outcome in q.outcomes)
             and (not args.search or args.search.lower() in
                  " ".join([q.id, q.title, q.question, q.guidance]).lower())]
    if args.json:
        _print_json([q.model_dump(mode="json") for q in found])
    else:
        for q in found:
            print(f"{q.id}: {q.title}")
            print(f"  outcomes: {', '.join(q.outcomes)}; measures: {', '.join(q.measures)}")
            print(f"  {q.browse_text.strip()}")
            print()
        print(f"{len(found)} question(s)")
    return EXIT_OK


def _lazy(module: str, func: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        import importlib

        result: int = getattr(importlib.import_module(module), func)(args)
        return result
    return run


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="svauthor",
        description="Write the Social Value part of a tender: relevant, proportionate, additional.",
    )
    parser.add_argument("--version", action="version", version=f"svauthor {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--rules", help="rules folder (default: the shipped rules)")
    common.add_argument("--bank", help="question bank folder (default: the shipped bank)")
    common.add_argument("--today", help="assessment date, YYYY-MM-DD (default: today)")
    common.add_argument("--bank-holidays", metavar="FILE",
                        help="GOV.UK bank-holidays.json to use instead of the holidays package "
                        "for the years it lists (or set SVAUTHOR_BANK_HOLIDAYS)")
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("check", parents=[common], help="decisions and checks for a spec")
    p.add_argument("spec")
    p.add_argument("--json", action="store_true")
    p.add_argument("--verbose", "-v", action="store_true", help="list every excluded measure")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("timetable", parents=[common], help="timetable dates and checks")
    p.add_argument("spec")
    p.add_argument("--json", action="store_true")
    p.add_argument("--suggest", action="store_true", help="work out a compliant timetable")
    p.add_argument("--write", action="store_true", help="with --suggest: save it into the spec")
    p.set_defaults(func=cmd_timetable)

    p = sub.add_parser("validate", parents=[common],
                       help="validate rules (tracking rules too), framework, question bank and spec files")
    p.add_argument("paths", nargs="*")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("list", parents=[common], help="list vocabularies")
    p.add_argument("what", choices=["measures", "service-types", "places", "needs", "outcomes",
                                    "regimes"])
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("questions", parents=[common], help="browse the question bank")
    p.add_argument("--json", action="store_true")
    p.add_argument("--outcome")
    p.add_argument("--search")
    p.set_defaults(func=cmd_questions)

    p = sub.add_parser("build", parents=[common], help="write the Word tender pack")
    p.add_argument("spec")
    p.add_argument("-o", "--output", default=".", help="output folder (default: current)")
    p.add_argument("--reference-docx", help="your organisation's .docx for styles")
    p.add_argument("--proxy-values", help="your licensed proxy values CSV")
    p.add_argument("--force", action="store_true", help="overwrite existing documents")
    p.add_argument("--draft", action="store_true",
                   help="write the pack even while checks fail, marked DRAFT on every page")
    p.add_argument("--pdf", action="store_true",
                   help="also write a tagged PDF of each document (needs LibreOffice)")
    p.set_defaults(func=_lazy("svauthor.docs.cli", "cmd_build"))

    p = sub.add_parser("pipeline", parents=[common], help="check a forward plan CSV")
    p.add_argument("plan")
    p.add_argument("-o", "--output", default="pipeline-out")
    p.add_argument("--packs", action="store_true", help="also write a Word pack per row")
    p.add_argument("--reference-docx", help="your organisation's .docx for styles")
    p.add_argument("--proxy-values", help="your licensed proxy values CSV (with --packs)")
    p.add_argument("--force", action="store_true")
    p.add_argument("--workers", type=int, default=0, help="processes for --packs (0: all cores)")
    p.set_defaults(func=_lazy("svauthor.pipeline", "cmd_pipeline"))

    p = sub.add_parser("open", parents=[common], help="open a saved spec in the app")
    p.add_argument("spec")
    p.set_defaults(func=_lazy("svauthor.tui.run", "cmd_open"))

    p = sub.add_parser("app", parents=[common], help="open the app (the default)")
    p.add_argument("--workspace", help=argparse.SUPPRESS)  # set by `serve` for each session
    p.set_defaults(func=_lazy("svauthor.tui.run", "cmd_app"))

    p = sub.add_parser("train", parents=[common], help="training mode")
    p.add_argument("--workspace", help=argparse.SUPPRESS)
    p.set_defaults(func=_lazy("svauthor.tui.run", "cmd_train"))

    p = sub.add_parser("serve", parents=[common], help="serve the app to a web browser")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--train", action="store_true")
    p.add_argument("--workspace", help="folder for the sessions' drafts and files (default: a "
                   "fresh folder under your user data folder); each browser session gets its "
                   "own folder inside it and cannot reach anything outside it")
    p.add_argument("--max-sessions", type=int, default=12,
                   help="most browser sessions at once (default: 12)")
    p.add_argument("--idle-minutes", type=float, default=60,
                   help="end a session after this many minutes without input (default: 60)")
    p.set_defaults(func=_lazy("svauthor.serve", "cmd_serve"))

    from svauthor.tracking.cli import add_track_parser  # argparse only: no database imports

    add_track_parser(sub, common)
    return parser


#: Commands that own the terminal (Textual draws with escape codes); the rest print reports.
FULL_SCREEN = frozenset({"app", "open", "train", "serve"})


def _strip_terminal_controls() -> None:
    """Report commands print user text (titles, reasons, file names): strip escape codes."""
    from svauthor.terminal import ControlStripper

    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if not isinstance(stream, ControlStripper):
            setattr(sys, name, ControlStripper(stream))


class Stopped(SystemExit):
    """SIGTERM or SIGHUP arrived: unwind (removing temporary files, ending workers) and exit."""


def _exit_on_signals() -> dict[int, Any]:
    """Turn SIGTERM and SIGHUP into an exception, as Ctrl+C already is, so every `finally`
    runs: staged and temporary files are removed and `pipeline` ends its workers. Returns the
    handlers replaced, so they can be put back."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return {}

    def stop(signum: int, _frame: object) -> None:
        raise Stopped(128 + signum)

    previous: dict[int, Any] = {}
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None:
            previous[signum] = signal.signal(signum, stop)
    return previous


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["app", *(argv or sys.argv[1:])])
    saved = sys.stdout, sys.stderr
    handlers: dict[int, Any] = {}
    if getattr(args, "bank_holidays", None):
        # An environment variable reaches every loader, pipeline workers included.
        os.environ["SVAUTHOR_BANK_HOLIDAYS"] = args.bank_holidays
    if args.command not in FULL_SCREEN:
        _strip_terminal_controls()
        handlers = _exit_on_signals()
    try:
        return _dispatch(args)
    finally:
        sys.stdout, sys.stderr = saved
        for signum, previous in handlers.items():
            signal.signal(signum, previous)


def _dispatch(args: argparse.Namespace) -> int:
    try:
        code: int = args.func(args)
        return code
    except InputError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        if exc.errno not in _PATH_ERRORS or os.environ.get("SVAUTHOR_DEBUG"):
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:
        if os.environ.get("SVAUTHOR_DEBUG"):
            raise
        print(f"error: internal problem ({type(exc).__name__}: {exc}). Set SVAUTHOR_DEBUG=1 "
              f"for details and report it.", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
