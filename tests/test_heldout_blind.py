"""The blind halves of both answer keys: held back from the engineers while they built.

The social value lead wrote 30 tenders and the procurement lawyer 50 timetable cases before the
engine ran on any of them. 22 tenders and 40 cases were given to the engineers (tests/heldout/
selection and law); the remaining 8 tenders and 10 cases were kept back and first scored on
2 December 2026, after the work they judge had landed. They are kept here, unchanged, so the
suite records how well the rules generalise beyond the files they were tuned on. A second set
of 14 tenders (tests/heldout/selection_blind2, 31-44), by a different lead, was first scored
the same day. Each threshold is the score once the causes of the misses were fixed in general,
never lower than the first score, so any regression fails. (Once fixed against, a blind set is
no longer blind: the first scores are the measure of generalisation.)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from svauthor.domain.knowledge import KnowledgeBase

from . import test_heldout_law as law
from . import test_heldout_selection as selection

HERE = Path(__file__).resolve().parent / "heldout"
BLIND_TENDERS = sorted((HERE / "selection_blind").glob("*.yaml"))
BLIND_CASES = sorted((HERE / "law_blind").glob("[0-9][0-9]-*.yaml"))
#: A second blind set (31-44), written by another social value lead who never saw the engine.
BLIND2_TENDERS = sorted((HERE / "selection_blind2").glob("*.yaml"))
#: A second private set (cases 51-64), written by a lawyer who never saw the engine and first
#: scored on 2 December 2026: 5 of 14 passed. The fixes were in the law data for every case
#: like them (the Social Value Act does not reach call-offs, s.1(1)(a)-(b); NPPS s.13(10)(d) for
#: devolved Welsh and transferred NI authorities; PA23 s.3, s.111, s.84 cited where they
#: apply) and in the comparer (`less 5 days` is not a section 5). All 14 pass now.
BLIND2_CASES = sorted((HERE / "law_blind2").glob("[0-9][0-9]-*.yaml"))
BLIND2_PASSING = 14
#: Blind tenders passing (of 8): 5 when first scored on 2 December 2026; 8 once the causes of
#: the three misses were fixed in the rules for every tender like them (apprenticeships first
#: for community health, the NHS climate measure by the service's carbon source, no pay asks
#: on contracts under six months, highways lighting and safety as core delivery, and the
#: needs-led question only for needs a measure of this contract can answer).
BLIND_TENDERS_PASSING = 8
#: Second blind set passing (of 14): 11 when first scored on 2 December 2026; 14 once the causes
#: of its three misses were fixed for every tender like them (no workforce asks on Light
#: contracts that suit VCFSE providers, carbon saved in how the work is done before on-site
#: energy for FM, no emissions-reporting measure where a Carbon Reduction Plan is already
#: required, apprenticeships first for digital and leisure contracts).
BLIND2_TENDERS_PASSING = 14
#: A third blind pair (tenders 41-50, cases 71-80), by a new author playing both experts, who
#: never ran or read the engine; first scored on 2 December 2026: tenders 8 of 10, cases 8 of 10.
#: Tenders: both misses fixed for every tender like them (no separate needs-led question in the
#: Light band, as every Light tender in all four sets has it; a long contract under £1,000,000 a
#: year is sized Enhanced, not Major). Cases: 78 was the comparer reading "s.84 to s.88" as two
#: sections only; 80 is a PCR 2015 procurement commenced in 2023 judged on 2024 thresholds.
BLIND3_TENDERS = sorted((HERE / "selection_blind3").glob("[0-9]*.yaml"))
BLIND3_TENDERS_PASSING = 10
BLIND3_CASES = sorted((HERE / "law_blind3").glob("[0-9][0-9]-*.yaml"))
BLIND3_PASSING = 10


def test_the_blind_halves_are_all_here() -> None:
    assert len(BLIND_TENDERS) == 8 and len(BLIND_CASES) == 10 and len(BLIND2_TENDERS) == 14
    assert len(BLIND3_TENDERS) == 10 and len(BLIND3_CASES) == 10


@pytest.mark.parametrize("path", BLIND_CASES, ids=[p.stem for p in BLIND_CASES])
def test_blind_law_case(path: Path, kb: KnowledgeBase) -> None:
    law.test_heldout_case(path, kb)


def test_lawyers_calendar_agrees_with_the_blind_cases(tmp_path: Path) -> None:
    """The lawyer's own calendar script, run over the blind cases beside it."""
    script = tmp_path / "calendar_independent.py"
    shutil.copy(HERE / "law" / "calendar_independent.py", script)
    for case in BLIND_CASES:
        shutil.copy(case, tmp_path / case.name)
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=60, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{len(BLIND_CASES)} case files checked, 0 disagreements" in run.stdout


#: (folder, cases, how many must pass) for the private law sets scored as a whole.
LAW_SETS = [("law_blind2", BLIND2_CASES, BLIND2_PASSING), ("law_blind3", BLIND3_CASES, BLIND3_PASSING)]


@pytest.mark.parametrize("folder, cases, passing", LAW_SETS, ids=[s[0] for s in LAW_SETS])
def test_a_later_blind_law_set_passes(kb: KnowledgeBase, folder: str, cases: list[Path],
                                      passing: int) -> None:
    failed = []
    for path in cases:
        try:
            law.test_heldout_case(path, kb)
        except AssertionError as exc:
            failed.append(f"{path.stem}: {str(exc)[:300]}")
    assert len(cases) - len(failed) >= passing, "\n".join(failed)


@pytest.mark.parametrize("folder, cases, passing", LAW_SETS, ids=[s[0] for s in LAW_SETS])
def test_each_authors_calendar_agrees_with_its_cases(tmp_path: Path, folder: str,
                                                     cases: list[Path], passing: int) -> None:
    """Each later author's own checker (its own holiday lists, re-derived from the BFDA rules)."""
    for path in [*cases, HERE / folder / "calendar_independent.py"]:
        shutil.copy(path, tmp_path / path.name)
    run = subprocess.run([sys.executable, str(tmp_path / "calendar_independent.py")],
                         capture_output=True, text=True, timeout=60, check=False, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{len(cases)} case files checked, 0 disagreements" in run.stdout


#: (name, tenders, how many must pass) for every blind selection set.
SELECTION_SETS = [("selection_blind", BLIND_TENDERS, BLIND_TENDERS_PASSING),
                  ("selection_blind2", BLIND2_TENDERS, BLIND2_TENDERS_PASSING),
                  ("selection_blind3", BLIND3_TENDERS, BLIND3_TENDERS_PASSING)]


@pytest.mark.parametrize("name, tenders, passing", SELECTION_SETS,
                         ids=[s[0] for s in SELECTION_SETS])
def test_a_blind_selection_set_agrees_with_the_expert(kb: KnowledgeBase, name: str,
                                                      tenders: list[Path], passing: int) -> None:
    scores = [selection.score_tender(p, kb) for p in tenders]
    report = selection.table(scores)
    assert not [s for s in scores if s.critical], report
    assert sum(s.passed for s in scores) >= passing, report
