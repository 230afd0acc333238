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

    data = tender_commitments_workbook(p.a, load_tracking_rules())
    return WorkbookBytes(_mark_draft(data) if p.draft else data)


def _mark_draft(data: bytes) -> bytes:
    """DRAFT in every sheet's printed header and in the instructions' title, as in the .docx."""
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    for ws in wb.worksheets:
        for header in (ws.oddHeader, ws.evenHeader):
            if header is not None:
                header.center.text = "DRAFT \u2013 not for publication"
    if "Instructions" in wb.sheetnames:
        cell = wb["Instructions"]["A1"]
        cell.value = f"DRAFT \u2013 {cell.value}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
