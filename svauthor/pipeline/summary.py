"""The pipeline's outputs: one compact record per procurement and a CSV of them.

The CSV is written without holding the run in memory: rows go to a temporary file beside the
target as they arrive and are renamed into place at the end. The Word summary is written by
`svauthor.docs.plan_summary` (all Word code lives in `svauthor.docs`).
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from svauthor.atomic import seal
from svauthor.domain.results import Assessment
from svauthor.domain.spec import TenderSpec
from svauthor.errors import Problem
from svauthor.labels import VERDICTS

STATUS_WORD = {**VERDICTS, "skipped": "Skipped"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(slots=True)
class Record:
    """What the summary keeps of one procurement (small enough to pass between processes)."""

    line: int
    title: str
    buyer: str
    sector: str
    regime: str
    procedure: str
    service_type: str
    service_name: str
    value_gbp: float
    duration_months: int
    band: str
    band_label: str
    social_value_pct: float
    minimum_social_value_pct: float
    qualitative_pct: float
    carbon_reduction_plan: str
    vcfse_suitable: bool
    vcfse_given: bool
    result: str
    issues: list[tuple[str, str, str]] = field(default_factory=list)  # (status, id, message)
    pack: str = ""
    pack_error: str = ""
    lots: int = 1
    lot: str = ""


def summarise(line: int, spec: TenderSpec, a: Assessment) -> Record:
    issues: list[tuple[str, str, str]] = [
        (c.status, c.id, c.message) for status in ("fail", "warn") for c in a.checks
        if c.status == status]
    return Record(
        line=line, title=a.title, buyer=a.buyer, sector=a.sector, regime=spec.route.regime,
        procedure=spec.route.procedure, service_type=a.service_type,
        service_name=a.service_type_name, value_gbp=a.value_gbp,
        duration_months=a.duration_months, band=a.band.id, band_label=a.band.label,
        social_value_pct=a.weighting.social_value_pct,
        minimum_social_value_pct=a.weighting.minimum_social_value_pct,
        qualitative_pct=a.weighting.qualitative_pct,
        carbon_reduction_plan=str(a.carbon_reduction_plan.value),
        vcfse_suitable=bool(a.vcfse_suitable.value), vcfse_given=a.vcfse_suitable.given,
        result=a.worst_status, issues=issues, lots=a.lots, lot=a.tender.lot or "",
    )


def pct(value: float) -> str:
    return f"{value:g}%"


def crp_words(level: str) -> str:
    return {"full": "Required (full)", "proportionate": "Required (proportionate)",
            "not_required": "Not required"}.get(level, level.replace("_", " "))


def result_words(rec: Record) -> str:
    fails = sum(1 for s, _, _ in rec.issues if s == "fail")
    warns = sum(1 for s, _, _ in rec.issues if s == "warn")
    if fails:
        text = f"{VERDICTS['fail']}: {fails} check{'s' if fails > 1 else ''} failed"
        return text + (f", {warns} warning{'s' if warns > 1 else ''}" if warns else "")
    if warns:
        return f"{VERDICTS['warn']}: {warns} warning{'s' if warns > 1 else ''}"
    return VERDICTS["pass"]


# --------------------------------------------------------------------------- CSV


CSV_HEADER = [
    "row", "title", "buyer", "sector", "regime", "procedure", "service_type", "value_gbp",
    "duration_months", "band", "band_label", "social_value_pct", "minimum_social_value_pct",
    "qualitative_pct", "carbon_reduction_plan", "vcfse_suitable", "vcfse_basis", "result",
    "failing_checks", "warning_checks", "pack", "problems",
]


def _safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


class AtomicCsv:
    """A CSV written row by row to a temporary file beside the target, renamed into place."""

    def __init__(self, target: Path, *, overwrite: bool) -> None:
        self.target = target
        self.overwrite = overwrite
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        self._tmp = Path(tmp)
        # utf-8-sig: Excel then reads £ and accented names correctly.
        self._fh: IO[str] = os.fdopen(fd, "w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._fh)
        self._writer.writerow(CSV_HEADER)

    def record(self, rec: Record) -> None:
        fails = [f"{cid}: {msg}" for s, cid, msg in rec.issues if s == "fail"]
        warns = [f"{cid}: {msg}" for s, cid, msg in rec.issues if s == "warn"]
        self._writer.writerow([
            rec.line, _safe(rec.title), _safe(rec.buyer), rec.sector, rec.regime, rec.procedure,
            rec.service_type, f"{rec.value_gbp:.2f}".removesuffix(".00"), rec.duration_months,
            rec.band, rec.band_label, f"{rec.social_value_pct:g}",
            f"{rec.minimum_social_value_pct:g}", f"{rec.qualitative_pct:g}",
            rec.carbon_reduction_plan, "yes" if rec.vcfse_suitable else "no",
            "given" if rec.vcfse_given else "inferred", rec.result,
            _safe("\n".join(fails)), _safe("\n".join(warns)), rec.pack,
            _safe(f"pack not written: {rec.pack_error}" if rec.pack_error else ""),
        ])

    def skipped(self, line: int, title: str, problems: Sequence[Problem]) -> None:
        row: list[Any] = [""] * len(CSV_HEADER)
        row[0], row[1], row[17] = line, _safe(title), "skipped"
        row[-1] = _safe("\n".join(f"{p.field}: {p.message}" for p in problems))
        self._writer.writerow(row)

    def commit(self) -> Path:
        seal(self._fh, self._tmp, self.target)
        if not self.overwrite and self.target.exists():
            self.abort()
            raise FileExistsError(str(self.target))
        os.replace(self._tmp, self.target)
        return self.target

    def abort(self) -> None:
        if not self._fh.closed:
            self._fh.close()
        with contextlib.suppress(OSError):
            self._tmp.unlink()
