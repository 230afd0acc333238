"""Helpers for the register tests: registers on SQLite and PostgreSQL, filled-in workbooks."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_ENV = "SVAUTHOR_TEST_PG_URL"
BACKENDS = ["sqlite", "postgresql"]


def pg_url_or_skip() -> str:
    """The test server's URL; skip with a note when absent, but fail in CI."""
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {PG_ENV} is not set: .ci/run must start PostgreSQL")
        pytest.skip(f"PostgreSQL tests skipped: set {PG_ENV} (.ci/run starts a server)")
    return url


def fresh_postgres(url: str) -> str:
    """An empty database for this test: one per xdist worker (made on first use from the
    throwaway server .ci/run started), emptied before each test."""
    base = make_url(url).set(drivername="postgresql+psycopg")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    u = base
    if worker:
        name = f"{base.database}_{worker}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                  {"n": name}).first()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        u = base.set(database=name)
    engine = create_engine(u, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return u.render_as_string(hide_password=False)


def backend_url(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield str(tmp_path / "register.sqlite")
    else:
        yield fresh_postgres(pg_url_or_skip())


def fill_commitments(data: bytes, out: Path, *, target: float = 40, baseline: float | None = 2,
                     method: str = "Our plan, evidenced by monthly reports") -> Path:
    """A bidder's completed commitments workbook: the same target every year for every measure."""
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Commitments"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        ref = row[0].value
        if not ref:
            continue
        row[header.index("Baseline")].value = baseline
        for i, h in enumerate(header):
            if isinstance(h, str) and h.startswith("Year "):
                row[i].value = target
        row[header.index("How it will be delivered and evidenced")].value = method
    wb.save(out)
    return out


def fill_return(src: Path, out: Path, *, factor: float = 1.0,
                actuals: dict[str, object] | None = None, story: bool = True) -> Path:
    """A supplier's completed return: each actual is `factor` times the quarter's target."""
    wb = load_workbook(src)
    ws = wb["Return"]
    for row in ws.iter_rows(min_row=2):
        ref = row[0].value
        if not ref:
            continue
        target = float(str(row[3].value or 0))
        given: Any = (actuals or {}).get(str(ref), round(target * factor, 2))
        row[4].value = given
        row[5].value = f"evidence/{ref}.pdf"
        row[6].value = "Delivered as planned"
    if story:
        cs = wb["Case studies"]
        cs["A2"] = ws["A2"].value
        cs["B2"] = "Back into work"
        cs["C2"] = "A resident who had been out of work for two years now works 20 hours a week."
    wb.save(out)
    return out
