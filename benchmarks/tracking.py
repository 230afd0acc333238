#!/usr/bin/env python
"""Register scale benchmark: 10,000 contracts x 20 quarters x 8 commitments on SQLite.

    .venv/bin/python benchmarks/tracking.py            # 1,000 and 10,000 contracts
    .venv/bin/python benchmarks/tracking.py --quick    # 100 and 1,000 contracts

Targets (issue 16): the system-wide roll-up for one quarter under 5 s, one import under 0.5 s,
memory flat. Each size is measured on a fresh register, built with bulk inserts: five-year
contracts starting on 90 different days, so their contract quarters do not line up, with 20
contract quarters each and a return for all but the last (left open so the timed import is a
new return). The roll-up is timed for one financial quarter (2026-27-Q2) and for a whole
financial year (2025-26, four returns per contract). Times
are the median of the repeats; CPU s (user + system of this process) is printed beside wall
time because it barely moves when other work shares the machine. Paired ratios compare the
large register with the small one: a ratio near 1 for the import means its cost does not grow
with the register; near the size ratio for the roll-up means it grows linearly, no worse.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl import load_workbook  # noqa: E402

from svauthor.tracking.db import open_register  # noqa: E402
from svauthor.tracking.models import Base  # noqa: E402
from svauthor.tracking.quarters import (  # noqa: E402
    contract_end,
    contract_periods,
    parse_rollup_period,
)
from svauthor.tracking.register import import_return, returns_template  # noqa: E402
from svauthor.tracking.report import compute_rollup  # noqa: E402
from svauthor.tracking.rules import load_tracking_rules  # noqa: E402

MEASURES = [("NT1", "fte"), ("NT3", "weeks"), ("NT14", "gbp"), ("NT15", "hours"),
            ("NT16", "gbp"), ("NT17", "count"), ("NT41", "percent"), ("NT29", "count")]
PLACES = ["liverpool", "wirral", "sefton", "knowsley", "st_helens", "halton", "cheshire_east",
          "cheshire_west_and_chester", "warrington"]
START = date(2022, 1, 1)
QUARTERS = 20
ROLLUP_QUARTER = parse_rollup_period("2026-27-Q2")
ROLLUP_YEAR = parse_rollup_period("2025-26")
OPEN_QUARTER = "Y5Q4"
TODAY = date(2027, 6, 1)


def _start(c: int) -> date:
    return START + timedelta(days=c % 90)
TARGET_ROLLUP_S, TARGET_IMPORT_S = 5.0, 0.5


def build(db: str, contracts: int) -> None:
    """A register of `contracts` five-year contracts, each with 8 commitments and 19 returns."""
    reg = open_register(db, create=True)
    t = Base.metadata.tables
    now = datetime(2027, 1, 1)
    with reg.engine.begin() as conn:
        conn.execute(t["organisations"].insert(), [{"id": i + 1, "name": f"Organisation {i + 1}"}
                                                   for i in range(10)])
        conn.execute(t["contracts"].insert(), [{
            "id": c, "reference": f"C{c:05d}", "title": f"Contract {c}",
            "organisation_id": c % 10 + 1, "supplier": f"Supplier {c % 500}",
            "service_type": "community_support", "value_gbp": 250_000 + 10_000 * (c % 900),
            "award_date": date(2021, 11, 1), "start_date": _start(c),
            "end_date": contract_end(_start(c), 3 * QUARTERS), "created_at": now,
            "periods": "contract", "nation": "england"} for c in range(1, contracts + 1)])
        conn.execute(t["contract_places"].insert(), [
            {"contract_id": c, "place": PLACES[(c + k) % len(PLACES)]}
            for c in range(1, contracts + 1) for k in range(1 + c % 2)])
        commitments = [{
            "id": (c - 1) * 8 + i + 1, "contract_id": c, "position": i, "measure_ref": ref,
            "measure_text": f"Measure {ref}", "unit": unit, "theme": f"Theme {i % 5}",
            "outcome": f"Outcome {i}", "partner_vcfse": ref in ("NT14", "NT15", "NT16", "NT17"),
            "baseline": 1.0, "delivery_method": "Plan"}
            for c in range(1, contracts + 1) for i, (ref, unit) in enumerate(MEASURES)]
        conn.execute(t["commitments"].insert(), commitments)
        conn.execute(t["targets"].insert(), [
            {"commitment_id": cm["id"], "year": y, "target": 40.0 if cm["unit"] != "percent"
             else 20.0} for cm in commitments for y in range(1, 6)])
        rid = 0
        for chunk in range(1, contracts + 1, 500):
            returns, lines = [], []
            for c in range(chunk, min(chunk + 500, contracts + 1)):
                start = _start(c)
                for q in contract_periods(start, contract_end(start, 3 * QUARTERS),
                                          "contract")[:-1]:
                    rid += 1
                    returns.append({"id": rid, "contract_id": c, "quarter": q.key, "revision": 1,
                                    "superseded": False, "digest": "x", "source_file": "b.xlsx",
                                    "submitted_by": "bench", "received_at": now,
                                    "period_end": q.end})
                    lines += [{"return_id": rid, "commitment_id": (c - 1) * 8 + i + 1,
                               "actual": 8.0 + (c + i) % 5, "evidence": "e", "narrative": ""}
                              for i in range(8)]
            conn.execute(t["returns"].insert(), returns)
            conn.execute(t["return_lines"].insert(), lines)
    reg.close()


def timed(fn: Callable[[], Any], repeats: int) -> tuple[float, float, int]:
    """Median wall s and CPU s over the repeats, then one more run traced for peak memory
    (bytes allocated by Python at the peak; tracing slows a run, so it is not timed)."""
    walls, cpus = [], []
    for _ in range(repeats):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(walls), statistics.median(cpus), peak


def measure(contracts: int, folder: Path, repeats: int) -> dict[str, float]:
    db = str(folder / f"register-{contracts}.sqlite")
    t0 = time.perf_counter()
    build(db, contracts)
    built = time.perf_counter() - t0
    rules = load_tracking_rules()
    reg = open_register(db)
    rollup = timed(lambda: compute_rollup(reg, ROLLUP_QUARTER, rules, TODAY), repeats)
    year = timed(lambda: compute_rollup(reg, ROLLUP_YEAR, rules, TODAY), repeats)
    blank = folder / f"blank-{contracts}.xlsx"
    blank.write_bytes(returns_template(reg, "C00001", OPEN_QUARTER, rules))
    wb = load_workbook(blank)
    for row in wb["Return"].iter_rows(min_row=2):
        if row[0].value:
            row[4].value, row[5].value = 9, "evidence.pdf"
    filled = folder / f"filled-{contracts}.xlsx"
    wb.save(filled)
    variants = []
    for k in range(repeats + 1):  # each import is a real change: a new return, then corrections
        wb["Return"]["E2"] = 9 + k
        path = folder / f"filled-{contracts}-{k}.xlsx"
        wb.save(path)
        variants.append(path)
    it = iter(variants)
    imp = timed(lambda: import_return(reg, next(it), rules, "bench"), repeats)
    reg.close()
    size = Path(db).stat().st_size
    print(f"{contracts:>7,} contracts  built {built:6.1f} s  {size / 1e6:7.1f} MB | roll-up "
          f"{rollup[0]:6.2f} s wall {rollup[1]:6.2f} s CPU peak {rollup[2] / 1e6:7.1f} MB | "
          f"year {year[0]:6.2f} s wall {year[1]:6.2f} s CPU | "
          f"import {imp[0]:6.3f} s wall {imp[1]:6.3f} s CPU peak {imp[2] / 1e6:6.1f} MB")
    return {"rollup_s": rollup[0], "rollup_cpu": rollup[1], "rollup_mb": rollup[2] / 1e6,
            "year_s": year[0], "year_cpu": year[1],
            "import_s": imp[0], "import_cpu": imp[1], "import_mb": imp[2] / 1e6}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 and 1,000 contracts")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    small, large = (100, 1_000) if args.quick else (1_000, 10_000)
    with tempfile.TemporaryDirectory(prefix="svauthor-bench-") as tmp:
        a = measure(small, Path(tmp), args.repeats)
        b = measure(large, Path(tmp), args.repeats)
    print(f"paired ratios, {large:,} / {small:,} contracts (size ratio {large / small:g}):")
    for key, label in (("rollup_cpu", "roll-up CPU"), ("rollup_mb", "roll-up peak memory"),
                       ("import_cpu", "import CPU"), ("import_mb", "import peak memory")):
        print(f"  {label:<22} {b[key] / a[key]:6.2f}x")
    ok = (b["rollup_s"] < TARGET_ROLLUP_S and b["year_s"] < TARGET_ROLLUP_S
          and b["import_s"] < TARGET_IMPORT_S)
    print(f"targets: roll-up < {TARGET_ROLLUP_S:g} s: quarter {b['rollup_s']:.2f} s, year "
          f"{b['year_s']:.2f} s; import < "
          f"{TARGET_IMPORT_S:g} s: {b['import_s']:.3f} s -> {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
