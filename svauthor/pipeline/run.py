"""`svauthor pipeline PLAN.csv`: check every procurement in a forward plan, optionally with packs.

Order of work, so that a bad file or an existing output leaves nothing written:
  1. load the knowledge base (once) and read the whole plan once to check it is usable;
  2. refuse to overwrite existing outputs without --force;
  3. stream the rows: validate in this process, assess (and build packs) in worker
     processes, write the CSV and spool the Word rows as results come back, in row order.

Workers get the knowledge base through the pool's initializer: inherited ready-made where the
platform forks, otherwise loaded once per worker from the same folders.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from svauthor.docs.plan_summary import WordSummary
from svauthor.domain.engine import assess
from svauthor.domain.knowledge import KnowledgeBase, load_knowledge
from svauthor.errors import InputError, Problem
from svauthor.pipeline.plan import PlanInfo, RowReader, RowSkipped, RowSpec, inspect_plan, slugify
from svauthor.pipeline.progress import Progress
from svauthor.pipeline.summary import AtomicCsv, Record, summarise
from svauthor.session import EXIT_FAILED_CHECK, EXIT_OK
from svauthor.ukformat import fmt_date

SUMMARY_DOCX = "pipeline-summary.docx"
SUMMARY_CSV = "pipeline-summary.csv"
#: Checks-only runs below this many rows stay in one process (a pool costs more than it saves).
PARALLEL_CHECKS_FROM = 200
#: Problems echoed to stderr before "and N more"; the CSV and Word summary list them all.
MAX_STDERR_PROBLEMS = 40


@dataclass(frozen=True)
class Options:
    plan: Path
    out: Path
    today: date
    packs: bool = False
    force: bool = False
    workers: int = 0
    rules: Path | None = None
    bank: Path | None = None
    reference_docx: Path | None = None
    proxy_values: Path | None = None


@dataclass
class Outcome:
    """What a run did, for the command's closing lines and its exit status."""

    info: PlanInfo
    checked: int = 0
    failed: int = 0
    warned: int = 0
    skipped: int = 0
    packs: int = 0
    pack_errors: int = 0
    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    hidden_problems: int = 0

    @property
    def exit_code(self) -> int:
        return EXIT_FAILED_CHECK if (self.failed or self.skipped or self.pack_errors) else EXIT_OK


# --------------------------------------------------------------------------- worker side


@dataclass(frozen=True)
class _Config:
    rules: str | None
    bank: str | None
    today: date
    packs: bool
    out: str
    force: bool
    reference_docx: str | None
    proxy_values: str | None


@dataclass
class _State:
    config: _Config
    kb: KnowledgeBase
    build_pack: Callable[..., list[Path]] | None = None


_STATE: _State | None = None


def _init_worker(config: _Config) -> None:
    """Pool initializer: the knowledge base once per worker (reused as is when forked)."""
    global _STATE
    if _STATE is None or _STATE.config != config:
        kb = load_knowledge(Path(config.rules) if config.rules else None,
                            Path(config.bank) if config.bank else None)
        _STATE = _State(config, kb)
    if config.packs and _STATE.build_pack is None:
        from svauthor.docs import build_pack

        _STATE.build_pack = build_pack


Item = RowSpec | RowSkipped
Result = Record | RowSkipped


def _process(items: list[Item]) -> list[Result]:
    """Assess (and with packs, write) a chunk of rows; skipped rows pass straight through."""
    state = _STATE
    assert state is not None, "worker not initialised"
    out: list[Result] = []
    for item in items:
        if isinstance(item, RowSkipped):
            out.append(item)
            continue
        try:
            assessment = assess(item.spec, state.kb, today=state.config.today)
            rec = summarise(item.line, item.spec, assessment)
        except Exception as exc:
            if os.environ.get("SVAUTHOR_DEBUG"):
                raise
            out.append(RowSkipped(item.line, item.spec.title, [Problem(
                "", item.line, "row", f"could not be assessed: internal problem "
                f"({type(exc).__name__}: {exc}); please report it")]))
            continue
        if state.config.packs:
            _write_pack(state, item, assessment, rec)
        out.append(rec)
    return out


def _write_pack(state: _State, item: RowSpec, assessment: Any, rec: Record) -> None:
    cfg = state.config
    folder = Path(cfg.out) / item.slug
    assert state.build_pack is not None
    try:
        state.build_pack(
            assessment, folder, kb=state.kb, force=cfg.force,
            reference_docx=Path(cfg.reference_docx) if cfg.reference_docx else None,
            proxy_values=Path(cfg.proxy_values) if cfg.proxy_values else None, progress=None,
            draft=bool(assessment.blocking_checks()))  # failing rows get a DRAFT pack
        rec.pack = item.slug
    except InputError as exc:
        rec.pack_error = "; ".join(str(p) for p in exc.problems)
    except FileExistsError as exc:
        rec.pack_error = f"{exc} already exists; use --force to overwrite it"
    except OSError as exc:
        rec.pack_error = f"cannot write to {folder}: {exc.strerror or exc}"
    except Exception as exc:
        if os.environ.get("SVAUTHOR_DEBUG"):
            raise
        rec.pack_error = f"internal problem ({type(exc).__name__}: {exc}); please report it"


# --------------------------------------------------------------------------- main side


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


class _Ordered:
    """Results chunk by chunk in submission order, with at most `window` chunks in flight.

    The first `window` chunks are submitted as soon as it is made, so the workers are busy
    while this process finishes setting up its outputs.
    """

    def __init__(self, pool: ProcessPoolExecutor, chunks: Iterator[list[Item]],
                 window: int) -> None:
        self.pool = pool
        self.chunks = chunks
        self.pending: deque[Future[list[Result]]] = deque()
        for chunk in islice(chunks, window):
            self.pending.append(pool.submit(_process, chunk))

    def __iter__(self) -> Iterator[list[Result]]:
        try:
            while self.pending:
                done = self.pending.popleft().result()
                for chunk in islice(self.chunks, 1):
                    self.pending.append(self.pool.submit(_process, chunk))
                yield done
        finally:
            self.cancel()

    def cancel(self) -> None:
        for fut in self.pending:
            fut.cancel()
        self.pending.clear()


def _check_outputs(opts: Options, info: PlanInfo, slugs: list[str]) -> None:
    if opts.out.exists() and not opts.out.is_dir():
        raise InputError.single(str(opts.out), "is a file; the output (-o) must be a folder")
    if opts.force:
        return
    existing = [opts.out / n for n in (SUMMARY_DOCX, SUMMARY_CSV) if (opts.out / n).exists()]
    existing += [opts.out / s for s in slugs if (opts.out / s).exists()]
    if existing:
        shown = ", ".join(str(p) for p in existing[:5])
        more = f" and {len(existing) - 5} more" if len(existing) > 5 else ""
        raise InputError.single(
            str(opts.out), f"already holds {shown}{more}; use --force to overwrite, or choose "
            f"another folder with -o")


def run_pipeline(opts: Options, kb: KnowledgeBase | None = None, *,
                 stderr: TextIO | None = None) -> Outcome:
    """Check every row of the plan; write the summaries (and packs). Raises InputError for a
    plan, knowledge base or output folder that cannot be used, before anything is written.

    Without `kb` the knowledge base is loaded from `opts.rules` and `opts.bank`, after the plan
    has been checked (so a wrong file name fails at once)."""
    global _STATE
    stderr = stderr or sys.stderr
    slugs: list[str] = []
    title_rows: list[tuple[int, str]] = []
    if opts.packs:
        info = inspect_plan(opts.plan, on_row=lambda line, cells: title_rows.append(
            (line, cells[0].strip() if cells else "")))
        width = info.slug_width()
        slugs = [f"{line:0{width}d}-{slugify(title)}" for line, title in title_rows]
        del title_rows
        _require_build_pack()
    else:
        info = inspect_plan(opts.plan)
    if kb is None:
        kb = load_knowledge(opts.rules, opts.bank)
    _check_outputs(opts, info, slugs)
    try:
        opts.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError.single(str(opts.out), f"cannot create the output folder: "
                                f"{exc.strerror or exc}") from None

    config = _Config(
        rules=str(opts.rules) if opts.rules else None, bank=str(opts.bank) if opts.bank else None,
        today=opts.today, packs=opts.packs, out=str(opts.out), force=opts.force,
        reference_docx=str(opts.reference_docx) if opts.reference_docx else None,
        proxy_values=str(opts.proxy_values) if opts.proxy_values else None)
    _STATE = _State(config, kb)
    _init_worker(config)

    outcome = Outcome(info)
    reader = RowReader(info, kb)
    workers = opts.workers if opts.workers > 0 else _cpu_count()
    workers = max(1, min(workers, info.rows, 61))
    parallel = workers > 1 and (opts.packs or info.rows >= PARALLEL_CHECKS_FROM)
    pool: ProcessPoolExecutor | None = None
    ordered: _Ordered | None = None
    csv_out: AtomicCsv | None = None
    word: WordSummary | None = None
    try:
        if parallel:
            size = 1 if opts.packs else max(8, min(100, info.rows // (workers * 8)))
            pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                                       initargs=(config,))
            ordered = _Ordered(pool, _chunks(reader.rows(), size), window=workers * 4)
            results: Iterable[list[Result]] = ordered
        else:
            results = (_process(chunk) for chunk in _chunks(reader.rows(), 20))
        csv_out = AtomicCsv(opts.out / SUMMARY_CSV, overwrite=opts.force)
        word = WordSummary(opts.reference_docx)
        progress = Progress(info.rows, "packs" if opts.packs else "checks", stream=stderr)
        for chunk_results in results:
            for res in chunk_results:
                _take(res, outcome, csv_out, word, info.name)
            progress.advance(len(chunk_results))
        progress.close()
        outcome.written.append(csv_out.commit())
        outcome.written.append(word.write(
            opts.out / SUMMARY_DOCX, title=f"Social Value forward plan summary: {opts.plan.name}",
            intro=_intro(outcome, opts, kb), about=_about(opts, kb),
            keywords="Social Value; forward plan; procurement pipeline",
            comments=f"Assessed on {fmt_date(opts.today)} against rules version "
                     f"{kb.manifest.version}",
            overwrite=opts.force))
    except FileExistsError as exc:
        if csv_out is not None:
            csv_out.abort()
        raise InputError.single(str(exc), "appeared while the plan was being checked; use --force "
                                "to overwrite it") from None
    except BaseException as exc:
        if csv_out is not None:
            csv_out.abort()
        if pool is not None and not isinstance(exc, Exception):
            _end_workers(pool)  # Ctrl+C, SIGTERM, SIGHUP: do not leave workers running
        raise
    finally:
        if word is not None:
            word.close()
        if ordered is not None:
            ordered.cancel()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return outcome


def _end_workers(pool: ProcessPoolExecutor) -> None:
    """Stop the pool's worker processes now (each removes its own staged files as it ends)."""
    import multiprocessing

    pool.shutdown(wait=False, cancel_futures=True)
    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    for child in children:
        child.join(timeout=5)
        if child.is_alive():
            child.kill()
            child.join(timeout=5)


def _require_build_pack() -> None:
    try:
        from svauthor.docs import build_pack  # noqa: F401
    except ImportError as exc:
        raise InputError.single("--packs", f"Word packs cannot be written by this installation "
                                f"({exc}); run without --packs for the checks") from None


def _take(res: Result, outcome: Outcome, csv_out: AtomicCsv, word: WordSummary, name: str) -> None:
    if isinstance(res, RowSkipped):
        problems = [p if p.file else Problem(name, p.line, p.field, p.message)
                    for p in res.problems]
        outcome.skipped += 1
        csv_out.skipped(res.line, res.title, problems)
        word.add_skipped(res.line, problems)
        _note(outcome, problems)
        return
    outcome.checked += 1
    statuses = {s for s, _, _ in res.issues}
    if "fail" in statuses:
        outcome.failed += 1
    elif "warn" in statuses:
        outcome.warned += 1
    if res.pack:
        outcome.packs += 1
    if res.pack_error:
        outcome.pack_errors += 1
        _note(outcome, [Problem(name, res.line, "pack", f"not written: {res.pack_error}")])
    csv_out.record(res)
    word.add_record(res)


def _note(outcome: Outcome, problems: list[Problem]) -> None:
    room = MAX_STDERR_PROBLEMS - len(outcome.problems)
    outcome.problems += problems[:max(room, 0)]
    outcome.hidden_problems += max(len(problems) - max(room, 0), 0)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def _intro(o: Outcome, opts: Options, kb: KnowledgeBase) -> list[str]:
    passed = o.checked - o.failed - o.warned
    lines = [
        f"This summary checks {_plural(o.checked, 'procurement')} from the forward plan "
        f"{opts.plan.name} against the Social Value rules {kb.version}, as at "
        f"{opts.today.day} {opts.today.strftime('%B')} {opts.today.year}.",
        f"{_plural(o.failed, 'procurement')} failed at least one check; "
        f"{_plural(o.warned, 'procurement')} had warnings only; {passed:,} passed every check. "
        f"{_plural(o.skipped, 'row')} could not be read and "
        f"{'was' if o.skipped == 1 else 'were'} skipped.",
    ]
    if opts.packs:
        lines.append(f"{_plural(o.packs, 'Word pack')} written, one folder per procurement"
                     + (f"; {_plural(o.pack_errors, 'pack')} could not be written."
                        if o.pack_errors else "."))
    return lines


def _about(opts: Options, kb: KnowledgeBase) -> list[str]:
    return [
        "Row numbers are the line numbers of the plan, with the header as row 1, so they match "
        "the row numbers a spreadsheet shows.",
        "A failing check is something the tender must change (for example a tender period "
        "shorter than the legal minimum, or a Social Value weighting below the required "
        "minimum); a warning is best practice that the commissioner should consider.",
        f"The same results, one row per procurement, are in {SUMMARY_CSV}. For the reasons "
        f"behind each decision, run `svauthor check` on a single spec or build its Word pack.",
        f"Framework: {kb.framework.name}.",
    ]


# --------------------------------------------------------------------------- command


def options_from(args: argparse.Namespace) -> Options:
    from svauthor.session import Session

    session = Session.from_args(args)

    def path(name: str) -> Path | None:
        value = getattr(args, name, None)
        return Path(value) if value else None

    return Options(
        plan=Path(args.plan), out=Path(getattr(args, "output", None) or "pipeline-out"),
        today=session.today(), packs=bool(getattr(args, "packs", False)),
        force=bool(getattr(args, "force", False)), workers=int(getattr(args, "workers", 0) or 0),
        rules=session.rules, bank=session.bank, reference_docx=path("reference_docx"),
        proxy_values=path("proxy_values"))


def cmd_pipeline(args: argparse.Namespace) -> int:
    opts = options_from(args)
    if opts.workers < 0:
        raise InputError.single("--workers", f"must be 0 (all cores) or more, got {opts.workers}")
    outcome = run_pipeline(opts)
    if outcome.info.ignored:
        print(f"note: {opts.plan}: ignoring column(s) svauthor does not use: "
              f"{', '.join(outcome.info.ignored)}", file=sys.stderr)
    for problem in outcome.problems:
        print(f"skipped: {problem}" if problem.field != "pack" else f"error: {problem}",
              file=sys.stderr)
    if outcome.hidden_problems:
        print(f"... and {outcome.hidden_problems:,} more problem(s); see "
              f"{opts.out / SUMMARY_CSV}", file=sys.stderr)
    o = outcome
    passed = o.checked - o.failed - o.warned
    print(f"Checked {_plural(o.checked, 'procurement')} from {opts.plan}: {o.failed:,} failing, "
          f"{o.warned:,} with warnings only, {passed:,} passing; "
          f"{_plural(o.skipped, 'row')} skipped.")
    if opts.packs:
        print(f"Wrote {_plural(o.packs, 'Word pack')} under {opts.out}"
              + (f"; {o.pack_errors:,} could not be written." if o.pack_errors else "."))
    for path in o.written:
        print(f"Wrote {path}")
    return o.exit_code
