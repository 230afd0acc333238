"""The Word tender pack: bidder questions, evaluator guide, timetable report, KPI schedule and
decision record, built from one engine run. All Word (python-docx) code lives in this package."""

from svauthor.docs.pack import (
    PACK_DOCUMENTS,
    PackDocument,
    PackRefused,
    blocking_checks,
    build_pack,
)

__all__ = ["PACK_DOCUMENTS", "PackDocument", "PackRefused", "blocking_checks", "build_pack"]
