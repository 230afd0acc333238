"""The Word tender pack: bidder questions, evaluator guide, timetable report, KPI schedule and
decision record, built from one engine run, and the pipeline's Word summary. All Word
(python-docx) code lives in this package.

The pack builder (and with it Jinja2) is imported on first use, so a face that only needs one
Word helper, such as the checks-only pipeline's summary, does not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from svauthor.docs.pack import (
        PACK_DOCUMENTS,
        PackDocument,
        PackRefused,
        blocking_checks,
        build_pack,
    )

__all__ = ["PACK_DOCUMENTS", "PackDocument", "PackRefused", "blocking_checks", "build_pack"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from svauthor.docs import pack

        return getattr(pack, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

