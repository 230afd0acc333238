#!/usr/bin/env python
"""svauthor's speed targets, each measured as a paired, interleaved comparison with a floor.

    python benchmarks/run.py                 # every comparison, 7 pairs each
    python benchmarks/run.py --quick         # 3 pairs each, smaller memory plans
    python benchmarks/run.py --pairs 11 --only check,build

Each comparison runs the candidate and its floor as fresh processes, alternately (A B B A ...,
so neither side always goes first), after one warm-up run of each. A side's figure is the median
over the pairs of its CPU time (user + system of the process and every process it waited for,
from os.wait4) and of its wall time; the ratio is candidate median / floor median. CPU time
barely moves when other work shares the machine, so verdicts are on CPU; wall is shown beside.

Floors (what the same job costs with nothing of svauthor's own):
  build     a bare python-docx + openpyxl script writing the same documents: every paragraph
            with its text, bold runs and style, every table with its cells and style, the
            running header and the document properties, opened from the shipped house-style
            template; plus the commitments workbook's cells. Its content is read back from the
            pack `svauthor build` wrote, so it is exactly the pack's content.
  check     python -c "import pydantic, yaml, jinja2"
  tui       a bare Textual app's first paint (benchmarks/first_paint.py's two apps)
  pipeline  one `svauthor check` process (target: 1,000 rows at most 3x it)
  memory    peak resident memory at 10,000 rows against 1,000 rows (flat: within 1.2x)

Children run as an installed copy would: bytecode is cached (pip compiles it on install; the
cache lives in the scratch folder, filled by the warm-up run) and so is the parsed-rules memo
(svauthor/domain/rulecache.py, also in the scratch folder). Where a target is not met, the
verdict gives the measured reason, from in-process phase timings of both sides.
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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.first_paint import BARE as TUI_BARE  # noqa: E402
from benchmarks.first_paint import SVAUTHOR as TUI_SVAUTHOR  # noqa: E402

SAMPLE_PLAN = ROOT / "examples" / "forward-plan.csv"
SPEC = ROOT / "examples" / "trust-estates-works.yaml"
HOUSE_STYLE = ROOT / "templates" / "house-style.docx"
TODAY = "2026-11-27"

TARGET_BUILD = 1.3
TARGET_CHECK = 2.0
TARGET_TUI = 2.0
TARGET_PIPELINE = 3.0
TARGET_MEMORY = 1.2

# --------------------------------------------------------------------------- child programs

#: The build floor: python-docx (and openpyxl for the workbook) writing the pack's content.
BUILD_FLOOR = r"""
import json, sys, time
t0 = time.process_time()
from docx import Document
from openpyxl import Workbook
t1 = time.process_time()
content = json.load(open(sys.argv[1], encoding="utf-8"))
template, out = sys.argv[2], sys.argv[3]
build = save = 0.0
for d in content["docs"]:
    s = time.process_time()
    doc = Document(template)
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    for block in d["blocks"]:
        if block[0] == "p":
            p = doc.add_paragraph(style=block[1])
            for text, bold in block[2]:
                run = p.add_run(text)
                if bold:
                    run.bold = True
        else:
            rows = block[2]
            table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            table.style = block[1]
            for row, texts in zip(table.rows, rows):
                for cell, text in zip(row.cells, texts):
                    cell.text = text
    header = doc.sections[0].header
    header.paragraphs[0].text = d["header"]
    props = doc.core_properties
    for key, value in d["properties"].items():
        setattr(props, key, value)
    m = time.process_time()
    doc.save(f"{out}/{d['name']}")
    e = time.process_time()
    build += m - s
    save += e - m
s = time.process_time()
for book in content["books"]:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in book["sheets"]:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(f"{out}/{book['name']}")
books = time.process_time() - s
json.dump({"imports": t1 - t0, "documents": build, "save": save, "workbook": books},
          open(sys.argv[4], "w"))
"""

#: In-process phases of `svauthor build` (the same calls cmd_build makes).
BUILD_PHASES = r"""
import json, sys, time
from datetime import date
from pathlib import Path
t0 = time.process_time()
import openpyxl  # imported by the floor's imports too, so the phases compare like with like
import svauthor.cli
from svauthor.docs import documents
from svauthor.docs.pack import COMMITMENTS_WORKBOOK, PACK_DOCUMENTS
from svauthor.docs.text import load_templates
from svauthor.docs.word import load_base
from svauthor.domain.engine import assess
from svauthor.domain.knowledge import load_knowledge
from svauthor.domain.specfile import load_spec
t1 = time.process_time()
kb = load_knowledge()
t2 = time.process_time()
a = assess(load_spec(sys.argv[1], kb), kb, today=date.fromisoformat(sys.argv[2]))
t3 = time.process_time()
pack = documents.Pack(a=a, kb=kb, text=load_templates(), base=load_base(), proxies=None,
                      proxy_file=None, draft=bool(a.blocking_checks()))
built = [d.builder(pack) for d in PACK_DOCUMENTS if d.applies(a)]
t4 = time.process_time()
for w in built:
    w.to_bytes()
t5 = time.process_time()
COMMITMENTS_WORKBOOK.builder(pack).to_bytes()
t6 = time.process_time()
json.dump({"imports": t1 - t0, "rules": t2 - t1, "assess": t3 - t2, "documents": t4 - t3,
           "save": t5 - t4, "workbook": t6 - t5}, open(sys.argv[3], "w"))
"""

#: In-process phases of `svauthor check`.
CHECK_PHASES = r"""
import json, sys, time
from datetime import date
t0 = time.process_time()
import pydantic, yaml
t1 = time.process_time()
from pydantic._internal import _model_construction as mc  # to time the model classes alone
real_new, spent = mc.ModelMetaclass.__new__, [0.0]
def timed_new(*args, **kwargs):
    s = time.process_time()
    try:
        return real_new(*args, **kwargs)
    finally:
        spent[0] += time.process_time() - s
mc.ModelMetaclass.__new__ = timed_new
t_mc = time.process_time()
import svauthor.cli
from svauthor.domain.engine import assess
from svauthor.domain.knowledge import load_knowledge
from svauthor.domain.specfile import load_spec
from svauthor.textreport import render_assessment
t2 = time.process_time()
kb = load_knowledge()
t3 = time.process_time()
assess(load_spec(sys.argv[1], kb), kb, today=date.fromisoformat(sys.argv[2]))
t4 = time.process_time()
mods = sorted(m for m in sys.modules if m.split(".")[0] in {"docx", "jinja2", "textual",
                                                            "openpyxl"})
def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)
models = {c for c in subclasses(pydantic.BaseModel) if c.__module__.startswith("svauthor.")}
json.dump({"pydantic and yaml": t1 - t0, "svauthor modules": t2 - t_mc, "rules": t3 - t2,
           "model classes": spent[0],
           "spec and assessment": t4 - t3, "unwanted": sorted({m.split(".")[0] for m in mods}),
           "models": len(models)}, open(sys.argv[3], "w"))
"""

#: Per-row phases of the checks-only pipeline, in one process (no pool), for the reason.
PIPELINE_PHASES = r"""
import json, sys, time
from datetime import date
from pathlib import Path
t0 = time.process_time()
import svauthor.cli
from svauthor.domain.engine import assess
from svauthor.domain.knowledge import load_knowledge
from svauthor.pipeline.plan import RowReader, RowSpec, inspect_plan
from svauthor.pipeline.summary import summarise
from svauthor.docs.plan_summary import WordSummary
t1 = time.process_time()
kb = load_knowledge()
info = inspect_plan(Path(sys.argv[1]))
t2 = time.process_time()
rows = list(RowReader(info, kb).rows())
t3 = time.process_time()
today = date.fromisoformat(sys.argv[2])
from svauthor.domain import engine
stages = {"timetable": 0.0, "questions": 0.0, "conditions": 0.0}
def timed(name, fn):
    def run(*args, **kwargs):
        s = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            stages[name] += time.process_time() - s
    return run
engine.assess_timetable = timed("timetable", engine.assess_timetable)
engine.select_questions = timed("questions", engine.select_questions)
import pydantic
models = [0]
real_init = pydantic.BaseModel.__init__
def counted_init(self, **data):
    models[0] += 1
    real_init(self, **data)
pydantic.BaseModel.__init__ = counted_init
records, assess_s, summ_s = [], 0.0, 0.0
for r in rows:
    if isinstance(r, RowSpec):
        s = time.process_time()
        a = assess(r.spec, kb, today=today)
        m = time.process_time()
        records.append(summarise(r.line, r.spec, a))
        assess_s += m - s
        summ_s += time.process_time() - m
t4 = time.process_time()
word = WordSummary(None)
for rec in records:
    word.add_record(rec)
word.write(Path(sys.argv[3]) / "summary.docx", title="t", intro=[], about=[], keywords="k",
           comments="c", overwrite=True)
word.close()
t5 = time.process_time()
json.dump({"imports": t1 - t0, "rules and plan": t2 - t1, "reading rows": t3 - t2,
           "assess": assess_s, "summarise": summ_s, "word summary": t5 - t4,
           "rows": len(records), "timetable": stages["timetable"], "questions": stages["questions"],
           "models": models[0]}, open(sys.argv[4], "w"))
"""

#: Runs the command line and reports its own peak memory and its workers' (for `memory`).
MEMORY_CHILD = r"""
import json, resource, sys
from svauthor.cli import main
code = main(sys.argv[2:])
me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
json.dump({"code": code, "main_kb": me, "workers_kb": kids}, open(sys.argv[1], "w"))
"""

#: Where the TUI's first paint goes: imports, the rules, then Textual styling, laying out and
#: drawing the first frame (its widget count beside it); argv[1] "bare" times the bare app.
TUI_PHASES = r"""
import json, sys, time
from datetime import date
from pathlib import Path
t0 = time.process_time()
import textual.app
from textual.widgets import Footer, Input, Label
t1 = time.process_time()
marks = {}
def first_frame(app):
    marks["frame"] = time.process_time()
    marks["widgets"] = len(list(app.screen.query("*")))
    app.exit()
if sys.argv[1] == "bare":
    class Bare(textual.app.App[None]):
        def compose(self):
            yield Label("Step 1 of 8"); yield Input("title"); yield Footer()
        def on_mount(self):
            self.call_after_refresh(lambda: first_frame(self))
    t2 = t3 = time.process_time()
    app = Bare()
else:
    from svauthor.tui.app import make_app
    from svauthor.tui.settings import AppSettings
    t2 = time.process_time()
    from svauthor.domain.knowledge import load_knowledge
    kb = load_knowledge()
    t3 = time.process_time()
    app = make_app(AppSettings.for_tests(Path(sys.argv[1]), offer_resume=False), kb,
                   lambda: date(2026, 11, 27))
    app.call_after_refresh(lambda: app.call_after_refresh(lambda: first_frame(app)))
t4 = time.process_time()
app.run(headless=True, size=(80, 24))
json.dump({"textual": t1 - t0, "svauthor.tui modules": t2 - t1, "rules": t3 - t2,
           "first frame": marks["frame"] - t3, "widgets": marks["widgets"]},
          open(sys.argv[2], "w"))
"""

# --------------------------------------------------------------------------- running children


@dataclass(frozen=True)
class Run:
    cpu: float
    wall: float
    maxrss_kb: int


class Runner:
    """Fresh child processes with the benchmark's environment, timed with os.wait4."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(workdir / "pycache"),
                   SVAUTHOR_CACHE_DIR=str(workdir / "cache"), SVAUTHOR_TODAY=TODAY)
        env.pop("SVAUTHOR_NO_CACHE", None)
        self.env = env

    def run(self, argv: list[str], *, ok: tuple[int, ...] = (0, 1)) -> Run:
        err_path = self.workdir / "stderr.txt"
        with err_path.open("wb") as err:
            start = time.perf_counter()
            proc = subprocess.Popen(argv, cwd=ROOT, env=self.env, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in ok:
            tail = err_path.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise RuntimeError(f"{' '.join(argv[:4])} ... exited {proc.returncode}:\n{tail}")
        return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss)

    def python(self, *args: str, ok: tuple[int, ...] = (0, 1)) -> Run:
        return self.run([sys.executable, *args], ok=ok)

    def svauthor(self, *args: str) -> Run:
        return self.python("-m", "svauthor", *args)

    def phases(self, code: str, *args: str) -> dict[str, Any]:
        """Run an in-process phase timer once; it writes its figures to a JSON file."""
        out = self.workdir / "phases.json"
        out.unlink(missing_ok=True)
        self.python("-c", code, *args, str(out), ok=(0,))
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return result


@dataclass
class Side:
    runs: list[Run] = field(default_factory=list)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def rss_mb(self) -> float:
        return statistics.median(r.maxrss_kb for r in self.runs) / 1024


WARM_UP = True


def paired(candidate: Callable[[], Run], floor: Callable[[], Run], pairs: int) -> tuple[Side, Side]:
    """Alternate the two (A B, B A, A B ...) after one warm-up run of each."""
    if WARM_UP:
        candidate()
        floor()
    c, f = Side(), Side()
    for i in range(pairs):
        if i % 2 == 0:
            c.runs.append(candidate())
            f.runs.append(floor())
        else:
            f.runs.append(floor())
            c.runs.append(candidate())
    return c, f


# --------------------------------------------------------------------------- results


@dataclass
class Row:
    what: str
    candidate: str
    floor: str
    cpu_ratio: float | None
    wall_ratio: float | None
    target: str
    met: bool | None
    reason: str = ""

    @property
    def verdict(self) -> str:
        if self.met is None:
            return f"not measured: {self.reason}"
        return "met" if self.met else f"not met: {self.reason}"


def _times(side: Side) -> str:
    return f"{side.cpu:.3f} s CPU, {side.wall:.3f} s wall"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _ratio_row(what: str, c: Side, f: Side, limit: float, reason: Callable[[], str],
               target: str | None = None) -> Row:
    cpu, wall = c.cpu / f.cpu, c.wall / f.wall
    met = cpu <= limit
    return Row(what, _times(c), _times(f), cpu, wall, target or f"<= {limit:g}x (CPU)", met,
               "" if met else reason())


def make_plan(path: Path, rows: int) -> Path:
    """A plan of `rows` procurements made by repeating the rows of examples/forward-plan.csv."""
    lines = SAMPLE_PLAN.read_text(encoding="utf-8").splitlines()
    header, body = lines[0], lines[1:]
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(header + "\n")
        for i in range(rows):
            fh.write(body[i % len(body)] + "\n")
    return path


# --------------------------------------------------------------------------- comparisons


def pack_content(folder: Path) -> dict[str, Any]:
    """Everything the pack in `folder` says, as plain data for the build floor to write."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from openpyxl import load_workbook

    docs: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.docx")):
        doc = Document(str(path))
        blocks: list[list[Any]] = []
        for item in doc.iter_inner_content():
            if isinstance(item, Paragraph):
                runs = [[r.text, bool(r.bold)] for r in item.runs if r.text]
                blocks.append(["p", item.style.name if item.style else "Normal", runs])
            elif isinstance(item, Table):
                rows = [[c.text for c in row.cells] for row in item.rows]
                if rows:
                    blocks.append(["t", item.style.name if item.style else "Table Grid", rows])
        props = doc.core_properties
        docs.append({"name": path.name, "blocks": blocks,
                     "header": "\n".join(p.text for p in doc.sections[0].header.paragraphs),
                     "properties": {k: getattr(props, k) for k in (
                         "title", "subject", "author", "keywords", "comments", "language",
                         "category")}})
    books: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.xlsx")):
        wb = load_workbook(str(path))
        books.append({"name": path.name, "sheets": [
            [ws.title, [[("" if v is None else v) for v in row]
                        for row in ws.iter_rows(values_only=True)]] for ws in wb.worksheets]})
    return {"docs": docs, "books": books}


def styles_used(folder: Path) -> dict[str, list[str]]:
    """The paragraph and table style names each document of a pack uses (to compare looks)."""
    content = pack_content(folder)
    return {d["name"]: sorted({b[1] for b in d["blocks"]}) for d in content["docs"]}


def compare_build(r: Runner, pairs: int) -> Row:
    out = r.workdir / "build"
    floor_out = r.workdir / "floor"

    def candidate() -> Run:
        shutil.rmtree(out, ignore_errors=True)
        return r.svauthor("build", str(SPEC), "-o", str(out), "--today", TODAY)

    candidate()
    content = pack_content(out)
    content_file = r.workdir / "pack-content.json"
    content_file.write_text(json.dumps(content, default=str), encoding="utf-8")
    stats = r.workdir / "floor-phases.json"

    def floor() -> Run:
        shutil.rmtree(floor_out, ignore_errors=True)
        floor_out.mkdir()
        return r.python("-c", BUILD_FLOOR, str(content_file), str(HOUSE_STYLE), str(floor_out),
                        str(stats), ok=(0,))

    c, f = paired(candidate, floor, pairs)
    paragraphs = sum(1 for d in content["docs"] for b in d["blocks"] if b[0] == "p")
    tables = sum(1 for d in content["docs"] for b in d["blocks"] if b[0] == "t")
    what = (f"`build` ({len(content['docs'])} documents, {paragraphs} paragraphs, {tables} "
            f"tables, 1 workbook) vs bare python-docx writing the same")

    def reason() -> str:
        ours = r.phases(BUILD_PHASES, str(SPEC), TODAY)
        theirs = json.loads(stats.read_text(encoding="utf-8"))
        return (f"svauthor {_ms(c.cpu)} = start-up and imports {_ms(ours['imports'])}, rules "
                f"{_ms(ours['rules'])}, assessment {_ms(ours['assess'])}, documents "
                f"{_ms(ours['documents'])}, python-docx save {_ms(ours['save'])}, workbook "
                f"{_ms(ours['workbook'])}; the floor {_ms(f.cpu)} = imports "
                f"{_ms(theirs['imports'])}, documents {_ms(theirs['documents'])}, "
                f"python-docx save {_ms(theirs['save'])} ({theirs['save'] / f.cpu:.0%} of the "
                f"floor), workbook {_ms(theirs['workbook'])}")

    return _ratio_row(what, c, f, TARGET_BUILD, reason)


def compare_check(r: Runner, pairs: int) -> Row:
    c, f = paired(lambda: r.svauthor("check", str(SPEC), "--today", TODAY),
                  lambda: r.python("-c", "import pydantic, yaml, jinja2", ok=(0,)), pairs)

    def reason() -> str:
        ph = r.phases(CHECK_PHASES, str(SPEC), TODAY)
        unwanted = f"; it imports {', '.join(ph['unwanted'])}" if ph["unwanted"] else ""
        return (f"of svauthor's {_ms(c.cpu)}: pydantic and yaml {_ms(ph['pydantic and yaml'])}, "
                f"svauthor's own modules {_ms(ph['svauthor modules'])}, of which making its "
                f"{ph['models']} pydantic model classes (schemas and validators, and the parts of "
                f"pydantic the floor never loads) {_ms(ph['model classes'])}, "
                f"{ph['model classes'] / f.cpu:.0%} of the floor on its own; rules "
                f"{_ms(ph['rules'])}, spec and assessment {_ms(ph['spec and assessment'])}; a "
                f"2x target leaves svauthor {_ms(f.cpu)} beyond the floor{unwanted}")

    return _ratio_row('`check` vs python -c "import pydantic, yaml, jinja2"', c, f, TARGET_CHECK,
                      reason)


def compare_tui(r: Runner, pairs: int) -> Row:
    data = r.workdir / "tui-data"
    data.mkdir(exist_ok=True)
    c, f = paired(lambda: r.python("-c", TUI_SVAUTHOR, str(data), ok=(0,)),
                  lambda: r.python("-c", TUI_BARE, str(data), ok=(0,)), pairs)

    def reason() -> str:
        ours = r.phases(TUI_PHASES, str(data))
        bare = r.phases(TUI_PHASES, "bare")
        return (f"svauthor costs {_ms(c.cpu - f.cpu)} CPU more before its first frame: importing "
                f"svauthor.tui {_ms(ours['svauthor.tui modules'])} (the domain's pydantic models "
                f"among it), rules {_ms(ours['rules'])}, then Textual styling, laying out and "
                f"drawing the Basics step's {ours['widgets']} widgets "
                f"{_ms(ours['first frame'])} against the bare app's {bare['widgets']} widgets "
                f"{_ms(bare['first frame'])}; Textual's own import {_ms(ours['textual'])} is "
                f"common to both")

    return _ratio_row("TUI first paint vs a bare Textual app", c, f, TARGET_TUI, reason)


def compare_pipeline(r: Runner, pairs: int, rows: int) -> Row:
    plan = make_plan(r.workdir / f"plan-{rows}.csv", rows)
    out = r.workdir / "pipeline-out"

    def candidate() -> Run:
        shutil.rmtree(out, ignore_errors=True)
        return r.svauthor("pipeline", str(plan), "-o", str(out), "--today", TODAY)

    c, f = paired(candidate, lambda: r.svauthor("check", str(SPEC), "--today", TODAY), pairs)

    def reason() -> str:
        out.mkdir(exist_ok=True)
        ph = r.phases(PIPELINE_PHASES, str(plan), TODAY, str(out))
        n = max(int(ph["rows"]), 1)
        per = {k: ph[k] / n * 1000 for k in ("assess", "timetable", "questions", "summarise",
                                             "reading rows")}
        budget = (TARGET_PIPELINE * f.cpu - f.cpu - ph["word summary"]) / rows * 1000
        return (f"{_ms(c.cpu - f.cpu)} CPU beyond one check; in one process per row: "
                f"assessment {per['assess']:.2f} ms (timetable checks {per['timetable']:.2f}, "
                f"questions {per['questions']:.2f}, the rest measures, band, weighting and "
                f"checks; {ph['models'] / n:.0f} result models validated), summary "
                f"{per['summarise']:.2f} ms, reading {per['reading rows']:.2f} ms; the Word "
                f"summary {_ms(ph['word summary'])}, imports {_ms(ph['imports'])}; with the two "
                f"worker processes on this shared machine a row costs "
                f"{(c.cpu - f.cpu - ph['word summary']) / rows * 1000:.2f} ms in all, and 3x "
                f"one check leaves {budget:.2f} ms a row")

    return _ratio_row(f"{rows:,}-row checks-only `pipeline` vs one `check`", c, f,
                      TARGET_PIPELINE, reason)


def compare_memory(r: Runner, pairs: int, small: int, large: int) -> Row:
    plans = {n: make_plan(r.workdir / f"plan-{n}.csv", n) for n in (small, large)}
    peaks: dict[int, list[tuple[int, int]]] = {small: [], large: []}

    def one(n: int) -> Run:
        out = r.workdir / f"memory-{n}"
        shutil.rmtree(out, ignore_errors=True)
        usage = r.workdir / "memory.json"
        run = r.python("-c", MEMORY_CHILD, str(usage), "pipeline", str(plans[n]), "-o", str(out),
                       "--today", TODAY)
        got = json.loads(usage.read_text(encoding="utf-8"))
        peaks[n].append((int(got["main_kb"]), int(got["workers_kb"])))
        return run

    c, f = paired(lambda: one(large), lambda: one(small), pairs)
    skip = 1 if WARM_UP else 0
    main = {n: statistics.median(p[0] for p in peaks[n][skip:]) / 1024 for n in peaks}
    workers = {n: statistics.median(p[1] for p in peaks[n][skip:]) / 1024 for n in peaks}
    main_ratio, worker_ratio = main[large] / main[small], workers[large] / max(workers[small], 1)
    worst = max(main_ratio, worker_ratio)
    met = worst <= TARGET_MEMORY
    detail = (f"main {main[large]:.0f} MB vs {main[small]:.0f} MB ({main_ratio:.2f}x), largest "
              f"worker {workers[large]:.0f} MB vs {workers[small]:.0f} MB ({worker_ratio:.2f}x)")
    return Row(f"peak memory, {large:,} vs {small:,} pipeline rows",
               f"{main[large]:.0f} MB main, {workers[large]:.0f} MB worker; {_times(c)}",
               f"{main[small]:.0f} MB main, {workers[small]:.0f} MB worker; {_times(f)}",
               worst, c.wall / f.wall, f"peak RSS <= {TARGET_MEMORY:g}x", met,
               detail if not met else "")


# --------------------------------------------------------------------------- main

COMPARISONS = ("build", "check", "tui", "pipeline", "memory")


def print_table(rows: list[Row]) -> None:
    print("| what | candidate | floor | ratio (CPU) | ratio (wall) | target | verdict |")
    print("| --- | --- | --- | ---: | ---: | --- | --- |")
    for row in rows:
        cpu = f"{row.cpu_ratio:.2f}x" if row.cpu_ratio is not None else "-"
        wall = f"{row.wall_ratio:.2f}x" if row.wall_ratio is not None else "-"
        print(f"| {row.what} | {row.candidate} | {row.floor} | {cpu} | {wall} | {row.target} | "
              f"{row.verdict} |", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="3 pairs each and a 2,000 vs 200 row memory comparison")
    parser.add_argument("--smoke", action="store_true", help=argparse.SUPPRESS)  # the test suite
    parser.add_argument("--pairs", type=int, default=0, help="pairs per comparison (default 7)")
    parser.add_argument("--only", default="", help=f"comma-separated: {','.join(COMPARISONS)}")
    parser.add_argument("--workdir", help="scratch folder (default: a temporary one)")
    args = parser.parse_args(argv)

    global WARM_UP
    WARM_UP = not args.smoke  # the test suite's run: no warm-up, one pair, tiny sizes
    pairs = args.pairs or (1 if args.smoke else 3 if args.quick else 7)
    pipeline_rows = 20 if args.smoke else 1000
    small, large = (10, 20) if args.smoke else (200, 2000) if args.quick else (1000, 10000)
    only = [w.strip() for w in args.only.split(",") if w.strip()] or list(COMPARISONS)
    if args.smoke and not args.only:
        only = ["check", "pipeline"]
    unknown = sorted(set(only) - set(COMPARISONS))
    if unknown:
        parser.error(f"unknown comparison(s): {', '.join(unknown)}")

    own_tmp = None
    if args.workdir:
        workdir = Path(args.workdir)
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        own_tmp = tempfile.mkdtemp(prefix="svauthor-bench-")
        workdir = Path(own_tmp)
    try:
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
        print(f"svauthor benchmarks: Python {platform.python_version()} on {platform.system()} "
              f"{platform.machine()}, {os.cpu_count()} CPU(s), load average {load:.1f} at the "
              f"start; {pairs} interleaved pair(s) per comparison, medians; verdicts on CPU")
        print()
        runner = Runner(workdir)
        jobs: dict[str, Callable[[], Row]] = {
            "build": lambda: compare_build(runner, pairs),
            "check": lambda: compare_check(runner, pairs),
            "tui": lambda: compare_tui(runner, pairs),
            "pipeline": lambda: compare_pipeline(runner, pairs, pipeline_rows),
            "memory": lambda: compare_memory(runner, pairs, small, large),
        }
        rows = [jobs[name]() for name in COMPARISONS if name in only]
        print_table(rows)
        return 0
    finally:
        if own_tmp:
            shutil.rmtree(own_tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
