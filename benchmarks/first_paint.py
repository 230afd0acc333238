#!/usr/bin/env python
"""The wizard's first paint against a bare Textual app, measured in pairs.

    .venv/bin/python benchmarks/first_paint.py            # 5 pairs
    .venv/bin/python benchmarks/first_paint.py --pairs 11

Each run is a fresh process (interpreter start and imports included) running the app headless
at 80x24 until its first frame has been drawn, then exiting. A pair runs the bare app and
svauthor back to back, so load on the machine falls on both alike; the figure is the median of
the per-pair ratios, with CPU time (user + system, which barely moves with other load) beside
wall time. The target (issue 15) is a ratio of at most 2.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
from textual.app import App
from textual.widgets import Footer, Input, Label

class Bare(App[None]):
    def compose(self):
        yield Label("Step 1 of 8"); yield Input("title"); yield Footer()
    def on_mount(self):
        self.call_after_refresh(self.exit)

Bare().run(headless=True, size=(80, 24))
"""

SVAUTHOR = """
import sys
from datetime import date
from pathlib import Path
from svauthor.domain.knowledge import load_knowledge
from svauthor.tui.app import make_app
from svauthor.tui.settings import AppSettings

app = make_app(AppSettings.for_tests(Path(sys.argv[1]), offer_resume=False), load_knowledge(),
               lambda: date(2026, 11, 27))
app.call_after_refresh(lambda: app.call_after_refresh(app.exit))
app.run(headless=True, size=(80, 24))
"""


def run(code: str, data: str) -> tuple[float, float]:
    """Wall and CPU seconds for one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, data], cwd=ROOT, check=True,
                   env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=5)
    args = parser.parse_args()
    walls: list[float] = []
    cpus: list[float] = []
    with tempfile.TemporaryDirectory() as data:
        run(BARE, data)  # warm the file cache for both
        run(SVAUTHOR, data)
        for _ in range(args.pairs):
            bare_wall, bare_cpu = run(BARE, data)
            sv_wall, sv_cpu = run(SVAUTHOR, data)
            walls.append(sv_wall / bare_wall)
            cpus.append(sv_cpu / bare_cpu)
            print(f"bare {bare_wall:.2f}s wall {bare_cpu:.2f}s cpu · svauthor {sv_wall:.2f}s wall "
                  f"{sv_cpu:.2f}s cpu")
    print(f"median ratio svauthor/bare: wall {statistics.median(walls):.2f}x, "
          f"cpu {statistics.median(cpus):.2f}x (target: at most 2x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
