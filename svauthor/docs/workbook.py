"""The bidders' commitments workbook (.xlsx) as one more output of `svauthor build`.

The workbook itself is written by svauthor.tracking.workbook (openpyxl), so the tracked
contract later reads back exactly the layout bidders filled in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from svauthor.docs.documents import Pack


@dataclass(frozen=True)
class WorkbookBytes:
    """A built workbook, shaped like a Writer for the pack (it only needs to_bytes)."""

    data: bytes

    def to_bytes(self) -> bytes:
        return self.data


def commitments_workbook(p: Pack) -> WorkbookBytes:
    from svauthor.tracking.rules import load_tracking_rules
    from svauthor.tracking.workbook import tender_commitments_workbook

    return WorkbookBytes(tender_commitments_workbook(p.a, load_tracking_rules(), draft=p.draft))
