"""`svauthor track ...`: the contract register from the command line (exit 2 on bad input)."""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from svauthor.errors import InputError
from svauthor.ukformat import counted


def add_track_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Register the `track` group (called from svauthor/cli.py)."""
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", help="register: an SQLite file or a postgresql:// URL (default: "
                                 "$SVAUTHOR_TRACK_DB, else register.sqlite in your user data "
                                 "folder)")
    track = sub.add_parser("track", help="track delivery of Social Value commitments")
    tsub = track.add_subparsers(dest="track_command", required=True)

    p = tsub.add_parser("init", parents=[common, db], help="create (or upgrade) a register")
    p.set_defaults(func=cmd_init)

    p = tsub.add_parser("add", parents=[common, db], help="add an awarded contract")
    p.add_argument("spec", help="the tender spec (YAML)")
    p.add_argument("--supplier", required=True)
    p.add_argument("--award-date", required=True, help="YYYY-MM-DD")
    p.add_argument("--commitments", required=True, help="the winning bid's completed "
                                                        "commitments workbook (.xlsx)")
    p.add_argument("--start", help="contract start, YYYY-MM-DD (default: the spec's "
                                   "timetable.contract_start)")
    p.add_argument("--reference", help="contract reference (default: the spec's "
                                       "tender.reference, else one made from the title)")
    p.set_defaults(func=cmd_add)

    p = tsub.add_parser("template", parents=[common, db], help="write a quarterly returns workbook")
    p.add_argument("contract", help="contract reference")
    p.add_argument("--quarter", required=True,
                   help="the contract quarter, e.g. Y1Q1 (the first three months from the start "
                        "date); or a calendar quarter such as 2027-Q4 for the contract quarter "
                        "that ends in it")
    p.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(func=cmd_template)

    p = tsub.add_parser("import", parents=[common, db], help="import a completed return")
    p.add_argument("files", nargs="+", help="completed returns workbooks (.xlsx)")
    p.set_defaults(func=cmd_import)

    p = tsub.add_parser("status", parents=[common, db], help="returns due and overdue, ratings")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)

    p = tsub.add_parser("report", parents=[common, db],
                        help="per-contract reports and the system-wide roll-up for a period")
    p.add_argument("--quarter", "--period", dest="quarter", required=True,
                   help="2027-28 (a financial year, April to March), 2027-28-Q1 (April to June "
                        "2027) or 2027-Q1 (a calendar quarter); each contract quarter counts in "
                        "the period its last day falls in")
    p.add_argument("-o", "--output", required=True, help="output folder")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    p.set_defaults(func=cmd_report)

    p = tsub.add_parser("export", parents=[common, db], help="a portable JSON copy of the register")
    p.add_argument("-o", "--output", help="file to write (default: standard output)")
    p.add_argument("--force", action="store_true")
    p.set_defaults(func=cmd_export)

    p = tsub.add_parser("load", parents=[common, db], help="load an export into a new register")
    p.add_argument("file")
    p.set_defaults(func=cmd_load)

    p = tsub.add_parser("app", parents=[common, db],
                        help="the contract-management screen: ratings, overdue returns, entry")
    p.set_defaults(func=_app)

    p = tsub.add_parser("audit", parents=[common, db], help="the audit trail")
    p.add_argument("contract", nargs="?")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_audit)


def _app(args: argparse.Namespace) -> int:
    from svauthor.tracking.app import cmd_app

    return cmd_app(args)


#: A contract reference starts with a letter or digit (never =, +, - or @, which a spreadsheet
#: would run as a formula) and is at most 100 characters.
_REFERENCE = re.compile(r"^[A-Za-z0-9].{0,99}$", re.DOTALL)


def _printable(text: str) -> str:
    """The text without control characters (escape sequences, bells, form feeds)."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")


def _date(value: str, flag: str) -> date:
    """2027-07-01, 01/07/2027 or 1 July 2027, the forms the app and the forward plan accept."""
    from svauthor.inputs import ValueInputError, parse_date

    try:
        return parse_date(value)
    except ValueInputError as exc:
        raise InputError.single(flag, str(exc)) from None


def _rules() -> Any:
    from svauthor.tracking.rules import load_tracking_rules

    return load_tracking_rules()


def _write_new(path: Path, data: bytes | str, force: bool) -> None:
    from svauthor.atomic import write_atomic

    if path.is_dir():
        raise InputError.single(str(path), "is a folder; give a file name")
    if path.exists() and not force:
        raise InputError.single(str(path), "already exists; use --force to overwrite it")
    if not path.parent.is_dir():
        raise InputError.single(str(path), f"folder {path.parent} does not exist")
    try:
        write_atomic(path, data, overwrite=force)
    except FileExistsError:
        raise InputError.single(str(path), "already exists; use --force to overwrite it") from None
    except OSError as exc:
        raise InputError.single(str(path), f"cannot be written: {exc.strerror or exc}") from None


def cmd_init(args: argparse.Namespace) -> int:
    from svauthor.tracking.db import current_revision, head_revision, open_register

    reg = open_register(args.db, create=True)
    try:
        print(f"register ready at {reg.shown_url} (schema revision "
              f"{current_revision(reg.engine)}; latest {head_revision()})")
    finally:
        reg.close()
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from svauthor.docs.pack import slugify
    from svauthor.domain.engine import assess
    from svauthor.domain.specfile import load_spec
    from svauthor.session import Session
    from svauthor.tracking.db import open_register
    from svauthor.tracking.register import NewContract, actor, add_contract

    kb = Session.from_args(args).knowledge
    spec = load_spec(args.spec, kb)
    assessment = assess(spec, kb, today=Session.from_args(args).today())
    award = _date(args.award_date, "--award-date")
    timetable = spec.timetable
    if args.start:
        start = _date(args.start, "--start")
    elif timetable is not None and timetable.contract_start is not None:
        start = timetable.contract_start
    else:
        raise InputError.single("--start", "give the contract start date (the spec has no "
                                           "timetable.contract_start)")
    if start < award:
        # Name what the user gave: --start, or the spec's contract start when --start is absent.
        where = "--start" if args.start else "--award-date"
        raise InputError.single(where, f"the contract starts on {start.isoformat()}, before it is "
                                       f"awarded on {award.isoformat()}; check the award date "
                                       f"or give --start")
    tender = getattr(spec, "tender", None)
    reference = str(args.reference or getattr(tender, "reference", None) or slugify(spec.title))
    if not _REFERENCE.match(reference) or _printable(reference) != reference:
        raise InputError.single("--reference", f"`{_printable(reference)[:60]}` cannot be a "
                                "contract reference: start it with a letter or digit, keep it "
                                "to 100 characters and leave out control characters")
    supplier = args.supplier.strip()
    if not supplier:
        raise InputError.single("--supplier", "give the supplier's name")
    if _printable(supplier) != supplier:
        raise InputError.single("--supplier", "contains a control character (often pasted from "
                                "an email or PDF); type the name again")
    if supplier.startswith(("=", "+", "-", "@")):
        # The name goes into every quarterly return workbook and report a spreadsheet opens.
        raise InputError.single("--supplier", f"`{supplier[:60]}` starts with `{supplier[0]}`, "
                                "which a spreadsheet would run as a formula: start the "
                                "supplier's name with its first word")
    rules = _rules()
    reg = open_register(args.db)
    try:
        contract = add_contract(reg, NewContract(
            reference=str(reference)[:100], title=spec.title, organisation=spec.buyer.name,
            supplier=supplier[:200], service_type=spec.service_type, value_gbp=spec.value_gbp,
            award_date=award, start_date=start, duration_months=spec.duration_months,
            places=list(spec.places), nation=str(getattr(spec.buyer, "nation", "england"))),
            assessment=assessment, commitments=Path(args.commitments),
            rules=rules, who=actor())
        from svauthor.ukformat import fmt_date

        print(f"added contract {contract.reference}: {contract.title} ({supplier}), "
              f"{len(contract.commitments)} commitment"
              f"{'' if len(contract.commitments) == 1 else 's'}, {fmt_date(start)} to "
              f"{fmt_date(contract.end_date)}")
    finally:
        reg.close()
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from svauthor.tracking.db import open_register
    from svauthor.tracking.register import returns_template

    out = Path(args.output)
    if out.exists() and not args.force:
        raise InputError.single(str(out), "already exists; use --force to overwrite it")
    reg = open_register(args.db)
    try:
        data = returns_template(reg, args.contract, args.quarter, _rules())
    finally:
        reg.close()
    _write_new(out, data, args.force)
    print(out)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from svauthor.errors import Problem
    from svauthor.session import Session
    from svauthor.tracking.db import open_register
    from svauthor.tracking.register import actor, import_return

    rules = _rules()
    today = Session.from_args(args).today()
    reg = open_register(args.db)
    problems: list[Problem] = []
    try:
        for name in args.files:
            try:
                result = import_return(reg, Path(name), rules, actor(), today=today)
            except InputError as exc:  # each file is its own transaction; report them all
                problems += exc.problems
                continue
            says = {"new": "imported", "corrected": f"corrected (revision {result.revision}; "
                    "the earlier return is kept in the audit trail)",
                    "unchanged": "already imported, nothing changed"}[result.outcome]
            print(f"{name}: {result.contract} {result.quarter}: {says}")
    finally:
        reg.close()
    if problems:
        raise InputError(problems)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from svauthor.session import Session
    from svauthor.tracking.db import open_register
    from svauthor.tracking.register import register_status
    from svauthor.tracking.rules import label_of
    from svauthor.ukformat import fmt_date, fmt_gbp

    rules = _rules()
    today = Session.from_args(args).today()
    reg = open_register(args.db)
    try:
        statuses = register_status(reg, rules, today)
    finally:
        reg.close()
    if args.json:
        print(json.dumps({"today": today.isoformat(),
                          "contracts": [s.to_json_data() for s in statuses]},
                         indent=2, ensure_ascii=False, default=str))
        return 0
    if not statuses:
        print("The register has no contracts yet: add one with `svauthor track add`.")
        return 0
    for st in statuses:
        print(f"{st.reference}: {st.title}")
        print(f"  {st.organisation}; supplier {st.supplier}; {fmt_gbp(st.value_gbp)}; "
              f"{fmt_date(st.start_date)} to {fmt_date(st.end_date)}")
        print(f"  returns received: {', '.join(st.received) or 'none'}")
        if st.overdue:
            print("  OVERDUE: " + ", ".join(f"{q} (due {fmt_date(d)})" for q, d in st.overdue))
        if st.due:
            print("  due: " + ", ".join(f"{q} (by {fmt_date(d)})" for q, d in st.due))
        if st.latest_quarter:
            print(f"  {st.latest_quarter} rating: {label_of(rules, st.overall)}")
            for c in st.commitments:
                print(f"    {c.ref:<6} {label_of(rules, c.rating):<22} actual "
                      f"{_num(c.actual)} of {_num(c.target)}; year {c.year} to date "
                      f"{_num(c.ytd_actual)} of {_num(c.ytd_target)}")
        if st.needs_performance_notice:
            print("  over £5 million: a contract performance notice is due at least once a "
                  "year (svauthor track report writes its data)")
    overdue = sum(len(st.overdue) for st in statuses)
    print(f"{counted(len(statuses), 'contract')}; {counted(overdue, 'overdue return')}")
    return 0


def _num(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def cmd_report(args: argparse.Namespace) -> int:
    from svauthor.session import Session
    from svauthor.tracking.db import open_register
    from svauthor.tracking.report import write_reports

    rules = _rules()
    try:
        from svauthor.tracking.quarters import parse_rollup_period

        quarter = parse_rollup_period(args.quarter, rules.rollup.financial_year_start_month)
    except ValueError as exc:
        raise InputError.single("--quarter", str(exc)) from None
    reg = open_register(args.db)
    try:
        session = Session.from_args(args)
        places = {p.id: p.name for p in session.knowledge.places.values()}
        paths = write_reports(reg, quarter, Path(args.output), rules, today=session.today(),
                              force=bool(args.force), place_names=places)
    finally:
        reg.close()
    for path in paths:
        print(path)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from svauthor.tracking.db import open_register
    from svauthor.tracking.register import export_register

    reg = open_register(args.db)
    try:
        data = export_register(reg)
    finally:
        reg.close()
    text = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    if args.output:
        _write_new(Path(args.output), text, args.force)
        print(args.output)
    else:
        print(text, end="")
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from svauthor.tracking.db import open_register
    from svauthor.tracking.register import load_export
    from svauthor.yamlio import read_input_bytes

    raw = read_input_bytes(args.file, max_bytes=2 * 1024 * 1024 * 1024)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError.single(args.file, f"is not a JSON export ({exc})") from None
    except RecursionError:
        raise InputError.single(args.file, "is not a JSON export (nested too deeply to read)") \
            from None
    reg = open_register(args.db, create=True)
    try:
        rows = load_export(reg, data, args.file)
        print(f"loaded {rows:,} rows into {reg.shown_url}")
    finally:
        reg.close()
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from svauthor.tracking.db import open_register
    from svauthor.tracking.register import audit_trail

    reg = open_register(args.db)
    try:
        entries = audit_trail(reg, args.contract)
    finally:
        reg.close()
    if args.json:
        print(json.dumps([{"at": e.at.isoformat(), "actor": e.actor, "action": e.action,
                           "contract": e.contract_ref, "detail": json.loads(e.detail)}
                          for e in entries], indent=2, ensure_ascii=False))
        return 0
    for e in entries:
        print(f"{e.at.isoformat(sep=' ')}  {e.actor}  {e.action}  {e.contract_ref}  {e.detail}")
    return 0
