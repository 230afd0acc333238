#!/usr/bin/env python
"""svauthor benchmarks: the forward-plan pipeline at 10 to 10,000 rows, and one pack build
against bare python-docx.

    .venv/bin/python benchmarks/run.py            # checks 10..10,000; packs 10..1,000; build ratio
    .venv/bin/python benchmarks/run.py --quick    # small sizes only (about half a minute)
    .venv/bin/python benchmarks/run.py --full     # also packs for 10,000 rows (long)
    .venv/bin/python benchmarks/run.py --checks 1000 --packs 0 --no-build   # one measurement

Every measurement is a fresh `svauthor` process timed end to end from outside (interpreter
start, imports and knowledge base load included), so numbers do not leak into each other.
Peak memory is the process's own maximum resident set (getrusage), reported separately for the
main process and its largest worker; CPU s is user + system time of the main process and its
workers together, which (unlike wall time) barely moves when other work shares the machine.
Plans are made by repeating the rows of examples/forward-plan.csv. Times are the median of the
repeats.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PLAN = ROOT / "examples" / "forward-plan.csv"
BUILD_SPEC = ROOT / "examples" / "trust-estates-works.yaml"
TODAY = "2026-11-27"

TARGET_CHECKS_1000_S = 2.0
TARGET_PACKS_1000_S = 60.0
TARGET_BUILD_RATIO = 2.0
TARGET_MEMORY_RATIO = 1.25  # "flat": peak at 10,000 rows within 25% of the peak at 100 rows

# Runs inside each measured process: the CLI, then its own peak memory and its workers'.
CHILD = r"""
import json, os, resource, sys
from svauthor.cli import main
code = main(sys.argv[1:])
me = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
usage = {"code": code, "self_kb": me.ru_maxrss, "children_kb": kids.ru_maxrss,
         "cpu_s": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime}
with open(os.environ["SVAUTHOR_BENCH_RESULT"], "w") as fh:
    json.dump(usage, fh)
"""

# A bare python-docx process writing the same number of documents, paragraphs and tables.
BARE = r"""
import json, sys
from docx import Document
shapes = json.loads(sys.argv[1])
for i, shape in enumerate(shapes):
    doc = Document()
    for _ in range(shape["paragraphs"]):
        doc.add_paragraph("x" * shape["chars"])
    for rows, cols in shape["tables"]:
        table = doc.add_table(rows=rows, cols=cols)
        for row in table.rows:
            for cell in row.cells:
                cell.text = "cell text"
    doc.save(f"{sys.argv[2]}/bare-{i}.docx")
"""


@dataclass
class Measurement:
    mode: str
    rows: int
    runs: int
    seconds: float
    cpu_seconds: float
    main_mb: float
    worker_mb: float
    code: int

    @property
    def ms_per_row(self) -> float:
        return self.seconds / self.rows * 1000


def make_plan(path: Path, rows: int) -> Path:
    lines = SAMPLE_PLAN.read_text(encoding="utf-8").splitlines()
    header, body = lines[0], lines[1:]
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(header + "\n")
        for i in range(rows):
            fh.write(body[i % len(body)] + "\n")
    return path


def _kb_to_mb(kb: float) -> float:
    # ru_maxrss is in kilobytes on Linux and bytes on macOS.
    return kb / (1024 * 1024) if sys.platform == "darwin" else kb / 1024


def run_cli(args: list[str], workdir: Path) -> tuple[float, dict[str, float]]:
    result_file = workdir / "usage.json"
    env = dict(os.environ, SVAUTHOR_BENCH_RESULT=str(result_file), PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", CHILD, *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"svauthor {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    usage: dict[str, float] = json.loads(result_file.read_text())
    return elapsed, usage


def measure_pipeline(rows: int, *, packs: bool, repeats: int, workdir: Path) -> Measurement:
    plan = make_plan(workdir / f"plan-{rows}.csv", rows)
    times: list[float] = []
    cpu: list[float] = []
    main_kb = worker_kb = 0.0
    code = 0
    for _ in range(repeats):
        out = workdir / f"out-{rows}-{'packs' if packs else 'checks'}"
        shutil.rmtree(out, ignore_errors=True)
        args = ["pipeline", str(plan), "-o", str(out), "--today", TODAY]
        if packs:
            args.append("--packs")
        elapsed, usage = run_cli(args, workdir)
        times.append(elapsed)
        cpu.append(usage["cpu_s"])
        main_kb = max(main_kb, usage["self_kb"])
        worker_kb = max(worker_kb, usage["children_kb"])
        code = int(usage["code"])
        shutil.rmtree(out, ignore_errors=True)
    return Measurement("packs" if packs else "checks", rows, repeats, statistics.median(times),
                       statistics.median(cpu), _kb_to_mb(main_kb), _kb_to_mb(worker_kb), code)


def _shape(path: Path) -> dict[str, Any]:
    from docx import Document

    doc = Document(str(path))
    paragraphs = [p.text for p in doc.paragraphs]
    chars = int(statistics.mean(len(t) for t in paragraphs)) if paragraphs else 0
    return {"paragraphs": len(paragraphs), "chars": max(chars, 1),
            "tables": [(len(t.rows), len(t.columns)) for t in doc.tables]}


def measure_build_ratio(repeats: int, workdir: Path) -> tuple[float, float, dict[str, int]] | None:
    """Median seconds for `svauthor build` and for bare python-docx writing the same shapes."""
    out = workdir / "build"
    build_times: list[float] = []
    shapes: list[dict[str, Any]] = []
    for _ in range(repeats):
        shutil.rmtree(out, ignore_errors=True)
        try:
            elapsed, _ = run_cli(["build", str(BUILD_SPEC), "-o", str(out), "--today", TODAY],
                                 workdir)
        except RuntimeError as exc:
            print(f"note: single build not measured: {exc}", file=sys.stderr)
            return None
        build_times.append(elapsed)
    shapes = [_shape(p) for p in sorted(out.glob("*.docx"))]
    if not shapes:
        return None
    bare_out = workdir / "bare"
    bare_times: list[float] = []
    for _ in range(repeats):
        shutil.rmtree(bare_out, ignore_errors=True)
        bare_out.mkdir()
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", BARE, json.dumps(shapes), str(bare_out)],
                       check=True, capture_output=True)
        bare_times.append(time.perf_counter() - start)
    totals = {"documents": len(shapes),
              "paragraphs": sum(s["paragraphs"] for s in shapes),
              "tables": sum(len(s["tables"]) for s in shapes)}
    return statistics.median(build_times), statistics.median(bare_times), totals


def _verdict(ratio: float) -> str:
    return f"{'met' if ratio <= 1 else 'MISSED'} ({ratio:.2f} of target)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="small sizes only")
    size.add_argument("--full", action="store_true", help="also packs for 10,000 rows")
    size.add_argument("--smoke", action="store_true", help=argparse.SUPPRESS)  # the test suite
    parser.add_argument("--checks", help="checks-only sizes, e.g. 1000 or 100,10000")
    parser.add_argument("--packs", help="sizes with packs, e.g. 1000 (0: none)")
    parser.add_argument("--no-build", action="store_true", help="skip the single-build ratio")
    parser.add_argument("--repeats", type=int, default=0, help="runs per measurement")
    parser.add_argument("--workdir", help="scratch folder (default: a temporary one)")
    args = parser.parse_args(argv)

    if args.smoke:
        checks, packs, build_repeats = [10], [], 0
    elif args.quick:
        checks, packs, build_repeats = [10, 100], [10], 3
    else:
        checks, packs, build_repeats = [10, 100, 1000, 10000], [10, 100, 1000], 5
        if args.full:
            packs.append(10000)
    if args.checks:
        checks = [int(n) for n in args.checks.split(",") if int(n) > 0]
    if args.packs:
        packs = [int(n) for n in args.packs.split(",") if int(n) > 0]
    if args.repeats:
        build_repeats = args.repeats if build_repeats else 0
    if args.no_build:
        build_repeats = 0

    own_tmp = None
    if args.workdir:
        workdir = Path(args.workdir)
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        own_tmp = tempfile.mkdtemp(prefix="svauthor-bench-")
        workdir = Path(own_tmp)
    try:
        print(f"svauthor benchmarks: Python {platform.python_version()} on {platform.system()} "
              f"{platform.machine()}, {os.cpu_count()} CPU(s); plans repeat the "
              f"{len(SAMPLE_PLAN.read_text(encoding='utf-8').splitlines()) - 1} rows of "
              f"examples/forward-plan.csv")
        print()
        results: dict[tuple[str, int], Measurement] = {}
        print("| mode   |   rows | runs | total s | ms per procurement | CPU s | peak MB main | "
              "peak MB workers |")
        print("|--------|-------:|-----:|--------:|-------------------:|------:|-------------:|"
              "----------------:|")
        plan = [("checks", n) for n in checks] + [("packs", n) for n in packs]
        for mode, n in plan:
            repeats = args.repeats or (3 if n <= 1000 and mode == "checks" and not args.smoke
                                       else 1)
            m = measure_pipeline(n, packs=mode == "packs", repeats=repeats, workdir=workdir)
            results[(mode, n)] = m
            print(f"| {m.mode:<6} | {m.rows:>6} | {m.runs:>4} | {m.seconds:>7.2f} | "
                  f"{m.ms_per_row:>18.2f} | {m.cpu_seconds:>5.1f} | {m.main_mb:>12.1f} | "
                  f"{m.worker_mb:>15.1f} |", flush=True)
        print()

        build = measure_build_ratio(build_repeats, workdir) if build_repeats else None
        if build:
            b, bare, totals = build
            print(f"Single build: `svauthor build {BUILD_SPEC.name}` {b:.2f} s; bare python-docx "
                  f"writing the same {totals['documents']} documents ({totals['paragraphs']} "
                  f"paragraphs, {totals['tables']} tables) {bare:.2f} s; median of "
                  f"{build_repeats}.")
            print()

        print("| target | measured | limit | verdict |")
        print("|--------|---------:|------:|---------|")
        missing = "not measured in this run"
        c = results.get(("checks", 1000))
        print("| checks for 1,000 procurements | "
              + (f"{c.seconds:.2f} s | < {TARGET_CHECKS_1000_S:g} s | "
                 f"{_verdict(c.seconds / TARGET_CHECKS_1000_S)} |" if c else f"- | "
                 f"< {TARGET_CHECKS_1000_S:g} s | {missing} |"))
        p = results.get(("packs", 1000))
        print("| packs for 1,000 procurements | "
              + (f"{p.seconds:.1f} s | < {TARGET_PACKS_1000_S:g} s | "
                 f"{_verdict(p.seconds / TARGET_PACKS_1000_S)} |" if p else f"- | "
                 f"< {TARGET_PACKS_1000_S:g} s | {missing} |"))
        if build:
            ratio = build[0] / build[1]
            print(f"| one `svauthor build` vs bare python-docx | {ratio:.2f}x | "
                  f"< {TARGET_BUILD_RATIO:g}x | {_verdict(ratio / TARGET_BUILD_RATIO)} |")
        else:
            print(f"| one `svauthor build` vs bare python-docx | - | < {TARGET_BUILD_RATIO:g}x | "
                  f"{'not measured' if args.smoke else 'not available'} |")
        small, large = results.get(("checks", 100)), results.get(("checks", 10000))
        if small and large:
            ratio = large.main_mb / small.main_mb
            print(f"| memory flat for checks (peak at 10,000 / 100 rows) | {ratio:.2f}x "
                  f"({large.main_mb:.0f} / {small.main_mb:.0f} MB) | "
                  f"<= {TARGET_MEMORY_RATIO:g}x | {_verdict(ratio / TARGET_MEMORY_RATIO)} |")
        else:
            print(f"| memory flat for checks (peak at 10,000 / 100 rows) | - | "
                  f"<= {TARGET_MEMORY_RATIO:g}x | {missing} |")
        return 0
    finally:
        if own_tmp:
            shutil.rmtree(own_tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
