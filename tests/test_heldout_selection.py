"""The engine judged against a social value lead's picks, written down before it ever ran.

`tests/heldout/selection/*.yaml` are realistic Cheshire and Merseyside tenders with an expert
answer key (format and scoring in that folder's README). Each tender is scored on the README's
checks: ask size within the expert's range (M1), the service's main lever present (M2), every
must-include measure present (M3), no struck-out measure recommended (M4), precision (M5,
reported, not gating), the needs-led question asked exactly when the expert would (Q1), an
expected question asked (Q2), no struck question asked (Q3), and the NHS climate theme (N1).

A tender passes with no critical failure, M1-M4 all passing and at least two of Q1-Q3. The
suite's threshold, stated here and asserted below: at least 80% of tenders pass, no critical
failure anywhere, and mean precision of at least 0.8 (the README's suggested bar). On failure
the per-tender score table is printed so a miss can be traced to size, lever, additionality or
questions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from svauthor.domain.engine import assess
from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.spec import TenderSpec
from svauthor.domain.validation import validate_doc
from svauthor.yamlio import load_yaml

from .conftest import TODAY

HELDOUT = Path(__file__).resolve().parent / "heldout" / "selection"
PASS_SHARE = 0.80
MIN_PRECISION = 0.80
NEEDS_QUESTION = "local-needs-response"
CLIMATE_MEASURES = {"NT31", "NT32", "NT82", "NT83"}


@dataclass
class Score:
    name: str
    ask: int
    ask_range: tuple[int, int]
    checks: dict[str, bool]
    precision: float
    critical: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        q = sum(self.checks[k] for k in ("Q1", "Q2", "Q3"))
        return (not self.critical and all(self.checks[k] for k in ("M1", "M2", "M3", "M4"))
                and q >= 2 and self.checks.get("N1", True))


def score_tender(path: Path, kb: KnowledgeBase) -> Score:
    doc = load_yaml(path)
    spec = validate_doc(TenderSpec, doc, context={"kb": kb}, data=doc.data["spec"], base=("spec",))
    expert: dict[str, Any] = doc.data["expert"]
    a = assess(spec, kb, today=TODAY)
    rec = {m.ref for m in a.measures_with("recommended")}
    asked = {q.id for q in a.questions}
    lo, hi = expert["ask"]["min"], expert["ask"]["max"]
    lever = set(expert.get("main_lever_any_of") or [])
    must = set(expert.get("must_include") or [])
    fine = must | lever | set(expert.get("acceptable") or [])
    struck = set(expert.get("strike_out") or [])
    eq = expert["questions"]
    checks = {
        "M1": lo <= len(rec) <= hi,
        "M2": not lever or bool(rec & lever),
        "M3": must <= rec,
        "M4": not rec & struck,
        "Q1": (NEEDS_QUESTION in asked) == bool(eq["local_needs_question"]),
        "Q2": not eq.get("expected_any_of") or bool(asked & set(eq["expected_any_of"])),
        "Q3": not asked & set(eq.get("strike_out") or []),
    }
    already = set(spec.already_required)
    critical = []
    if spec.buyer.sector == "nhs":
        checks["N1"] = bool((rec & CLIMATE_MEASURES) - already) or "carbon-net-zero" in asked
        if not checks["N1"]:
            critical.append("NHS climate missing")
    if rec & already:
        critical.append(f"already required recommended: {sorted(rec & already)}")
    if spec.service_type == "domestic_abuse" and "NT5" in rec:
        critical.append("NT5 in a domestic abuse tender")
    if spec.value_gbp < 100_000 and len(rec) > hi:
        critical.append("small tender over the expert's maximum")
    notes = []
    if not checks["M1"]:
        notes.append(f"ask {len(rec)} not in {lo}-{hi}")
    if not checks["M2"]:
        notes.append(f"no main lever of {sorted(lever)}")
    if not checks["M3"]:
        notes.append(f"missing {sorted(must - rec)}")
    if not checks["M4"]:
        notes.append(f"struck {sorted(rec & struck)}")
    for k, label in (("Q1", "needs question"), ("Q2", "expected question"),
                     ("Q3", "struck question")):
        if not checks[k]:
            notes.append(f"{label} ({sorted(asked)})")
    precision = len(rec & fine) / len(rec) if rec else 1.0
    return Score(path.stem, len(rec), (lo, hi), checks, precision, critical, notes)


def table(scores: list[Score]) -> str:
    keys = ["M1", "M2", "M3", "M4", "Q1", "Q2", "Q3", "N1"]
    lines = [f"{'tender':45} ask   range " + " ".join(f"{k:>2}" for k in keys) + "  prec  pass"]
    for s in scores:
        marks = " ".join(f"{('ok' if s.checks[k] else 'XX') if k in s.checks else '--':>2}"
                         for k in keys)
        lines.append(f"{s.name[:45]:45} {s.ask:>3}  {s.ask_range[0]:>2}-{s.ask_range[1]:<2}  "
                     f"{marks}  {s.precision:4.2f}  {'PASS' if s.passed else 'fail'}"
                     + (f"  {'; '.join(s.critical + s.notes)}" if not s.passed or s.critical
                        else ""))
    passed = sum(s.passed for s in scores)
    mean_p = sum(s.precision for s in scores) / len(scores)
    lines.append(f"passed {passed} of {len(scores)} ({passed / len(scores):.0%}); "
                 f"mean precision {mean_p:.2f}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def scores(kb: KnowledgeBase) -> list[Score]:
    files = sorted(HELDOUT.glob("*.yaml"))
    assert len(files) >= 20
    return [score_tender(p, kb) for p in files]


def test_every_heldout_spec_is_valid_and_scores(scores: list[Score]) -> None:
    assert all(0 <= s.precision <= 1 for s in scores)


def test_engine_agrees_with_the_expert_on_the_heldout_tenders(scores: list[Score]) -> None:
    report = table(scores)
    passed = sum(s.passed for s in scores)
    mean_p = sum(s.precision for s in scores) / len(scores)
    critical = [s for s in scores if s.critical]
    assert not critical, report
    assert passed >= PASS_SHARE * len(scores), report
    assert mean_p >= MIN_PRECISION, report


if __name__ == "__main__":  # python -m tests.test_heldout_selection: print the table
    from svauthor.domain.knowledge import load_knowledge

    kb_ = load_knowledge()
    print(table([score_tender(p, kb_) for p in sorted(HELDOUT.glob("*.yaml"))]))
