"""Build the Word tender pack: every document from one engine run, written atomically.

All inputs (templates, base style, proxy values, target names, the folder) are checked before
anything is written, each document is built in memory, and the whole pack is written with
`svauthor.atomic.write_all`: every file or none, so a failed build never leaves a mixed pack.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from svauthor.atomic import write_all
from svauthor.docs import documents
from svauthor.docs.proxy import load_proxy_values
from svauthor.docs.text import load_templates
from svauthor.docs.word import Writer, load_base
from svauthor.domain.results import Assessment, Check
from svauthor.errors import InputError, Problem

if TYPE_CHECKING:
    from svauthor.domain.knowledge import KnowledgeBase


class Built(Protocol):
    """What a builder returns: a Word Writer, or a workbook (svauthor/docs/workbook.py)."""

    def to_bytes(self) -> bytes: ...


@dataclass(frozen=True)
class PackDocument:
    """One document of the pack: its name and purpose (for the README and the app)."""

    key: str
    name: str
    purpose: str
    suffix: str
    builder: Callable[[documents.Pack], Writer] | Callable[[documents.Pack], Built]
    only_with_timetable: bool = False
    extension: str = "docx"

    def applies(self, assessment: Assessment) -> bool:
        return not self.only_with_timetable or assessment.timetable is not None

    def filename(self, title: str) -> str:
        return f"{slugify(title)}-{self.suffix}.{self.extension}"


#: The last file of every pack, whichever face writes it (build, the app, the pipeline): the
#: only file `svauthor track add --commitments` reads.
COMMITMENTS_WORKBOOK = PackDocument(
    "commitments-workbook", "Commitments workbook for bidders",
    "An Excel workbook with one row per measure asked for: baseline, a target for each contract "
    "year and how it will be delivered, with validated input cells and locked formulas; the "
    "winning bid's copy becomes the contract's commitments (svauthor track add).",
    "commitments", lambda p: _commitments_workbook(p), extension="xlsx")


def _commitments_workbook(p: documents.Pack) -> Built:
    from svauthor.docs.workbook import commitments_workbook

    return commitments_workbook(p)


PACK_DOCUMENTS: tuple[PackDocument, ...] = (
    PackDocument(
        "questions", "Social Value questions for bidders",
        "What bidders answer: the weighting and how it is scored, each question with guidance, "
        "what a strong answer shows, word limit and marks, and the commitments table with a "
        "target for each contract year (Partner VCFSE measures marked).",
        "questions", documents.questions_document),
    PackDocument(
        "evaluator-guide", "Evaluator guide",
        "How the panel scores: marks per question adding up to the Social Value weighting, the "
        "scoring scale, what good looks like, the credibility test for quantitative commitments "
        "(no reward for over-promising), £ equivalents from your own proxy values, moderation.",
        "evaluator-guide", documents.evaluator_document),
    PackDocument(
        "timetable", "Timetable check report",
        "Every timetable check with its verdict, the dates and day counts behind it and its "
        "source (only when the spec has a timetable).",
        "timetable-check", documents.timetable_document, only_with_timetable=True),
    PackDocument(
        "kpis", "Contract-management KPI schedule",
        "Each recommended measure as a KPI with target, evidence, at least quarterly reporting "
        "and an owner, the minimum KPI count, and what happens when delivery falls short.",
        "kpi-schedule", documents.kpi_document),
    PackDocument(
        "decision-record", "Decision record",
        "For a procurement board: a one-page summary, the statutory considerations (Social "
        "Value Act section 1, regard to the National Procurement Policy Statement), every "
        "decision with its reason and a source a reader can follow, every check, override and "
        "accepted risk, a sign-off block and the rule references in an appendix.",
        "decision-record", documents.decision_document),
    PackDocument(
        "checklist", "Commissioner's checklist (not for publication)",
        "What to resolve before publishing (failed checks, missing tender facts), the warnings "
        "to review, and the defaults and unverified readings in the rules to confirm locally; "
        "none of these appear in the published documents.",
        "checklist", documents.checklist_document),
    COMMITMENTS_WORKBOOK,
)
"""Every file of the pack, in the order written: one definition for every face."""


class PackRefused(Exception):
    """A final pack was asked for while checks fail: nothing is written."""

    def __init__(self, fails: list[Check]) -> None:
        self.fails = fails
        super().__init__(", ".join(c.id for c in fails))


def blocking_checks(assessment: Assessment) -> list[Check]:
    """The failed checks that stop a final pack (those not accepted as risks in the spec).

    The one rule for `svauthor build` and the app: while this list is not empty, only a draft
    pack (DRAFT in every header, the fails listed first in the decision record) is written.
    """
    return documents.blocking_checks(assessment)

MAX_SLUG = 80


def slugify(title: str) -> str:
    """A safe file-name stem: 'Wirral Community Befriending Service' -> 'wirral-community-...'."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    slug = slug[:MAX_SLUG].rstrip("-")
    return slug or "tender"


def target_paths(assessment: Assessment, out_dir: Path) -> list[tuple[PackDocument, Path]]:
    """Every file the pack for `assessment` writes into `out_dir` (the workbook included)."""
    return [(d, Path(out_dir) / d.filename(assessment.title))
            for d in PACK_DOCUMENTS if d.applies(assessment)]


def _check_folder(out_dir: Path) -> None:
    """Cheap checks before any work: the folder (or a parent) must not be a file."""
    name = str(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError.single(name, "output folder is a file, not a folder")
    for parent in out_dir.parents:
        if parent.exists() and not parent.is_dir():
            raise InputError.single(name, f"output folder cannot be written: {parent} is a "
                                          f"file, not a folder")


def _prepare_folder(out_dir: Path) -> None:
    """Create the folder if missing and prove it can be written."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        # An unnamed file (O_TMPFILE on Linux): a signal mid-probe can never leave one behind.
        with tempfile.TemporaryFile(dir=out_dir):
            pass
    except OSError as exc:
        raise InputError.single(str(out_dir), f"output folder cannot be written: "
                                              f"{exc.strerror or exc}") from None


def build_pack(
    assessment: Assessment,
    out_dir: Path,
    *,
    kb: KnowledgeBase,
    reference_docx: Path | None = None,
    force: bool = False,
    proxy_values: Path | None = None,
    progress: Callable[[str], None] | None = None,
    draft: bool = False,
    notify: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write the pack (the Word documents and the commitments workbook) into `out_dir` and
    return their paths; `svauthor build`, the app and the pipeline all write it here.

    Raises PackRefused, before anything is read or written, when a check fails (and is not an
    accepted risk) unless `draft`. Raises InputError for every user-facing problem: existing
    files without `force`, a reference .docx missing a style, a bad proxy values CSV, bad
    templates, an unwritable folder.
    """
    fails = blocking_checks(assessment)
    if fails and not draft:
        raise PackRefused(fails)
    say = progress or (lambda _message: None)
    out_dir = Path(out_dir)
    text = load_templates()
    base = load_base(Path(reference_docx) if reference_docx is not None else None)
    for notice in base.notices:  # told once, before anything is built
        (notify or say)(notice)
    proxies = load_proxy_values(Path(proxy_values), kb.framework) if proxy_values else None

    _check_folder(out_dir)
    targets = target_paths(assessment, out_dir)
    problems = []
    for _, path in targets:
        if path.is_dir():
            problems.append(Problem(str(path), None, "", "a folder has this name; move it"))
        elif path.exists() and not force:
            problems.append(Problem(str(path), None, "",
                                    "already exists; use --force to overwrite it"))
    if problems:
        raise InputError(problems)

    pack = documents.Pack(a=assessment, kb=kb, text=text, base=base, proxies=proxies,
                          proxy_file=Path(proxy_values).name if proxy_values else None,
                          draft=draft)
    payloads: list[bytes] = []
    for doc, path in targets:
        say(f"Building {doc.name} ({path.name})")
        payloads.append(doc.builder(pack).to_bytes())

    _prepare_folder(out_dir)
    say(f"Writing {len(targets)} documents to {out_dir}")
    try:
        # All or nothing: staged beside the targets, moved into place only when all are written.
        written = write_all([(path, data) for (_doc, path), data in zip(targets, payloads,
                                                                          strict=True)],
                            overwrite=force)
    except FileExistsError as exc:
        raise InputError.single(str(exc), "appeared while the pack was being written; "
                                          "use --force to overwrite it") from None
    say(f"Wrote {len(written)} documents to {out_dir}")
    return written
