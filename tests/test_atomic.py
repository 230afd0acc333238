"""Atomic writes: a process killed part-way through writing leaves the previous file intact,
and whatever it leaves behind cannot be mistaken for the file it was writing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from svauthor.cli import main
from svauthor.yamlio import write_atomic

from .conftest import EXAMPLES, ROOT, TODAY

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _child(code: str, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


def _wait_for(proc: subprocess.Popen[str], word: str, timeout: float = 60) -> None:
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if word in line:
            return
        if not line and proc.poll() is not None:
            raise AssertionError(f"child ended early: {proc.stderr.read() if proc.stderr else ''}")
    raise AssertionError(f"child never said {word}")


def _kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def _assert_no_lookalikes(folder: Path, targets: list[Path]) -> None:
    """Leftovers are hidden `.NAME.*.tmp` files: never the target's name or its extension."""
    names = {t.name for t in targets}
    suffixes = {t.suffix for t in targets}
    for path in folder.iterdir():
        if path.name in names or path.is_dir():
            continue
        assert path.name.startswith(".") and path.name.endswith(".tmp"), path.name
        assert path.suffix not in suffixes, path.name


SLOW_RENAME = r"""
import os, sys, time
real_replace = os.replace
def slow_replace(src, dst):
    print("WRITTEN", flush=True)   # the temporary file is complete; the rename has not happened
    time.sleep(120)
    real_replace(src, dst)
os.replace = slow_replace
from svauthor.yamlio import write_atomic
write_atomic(sys.argv[1], b"NEW!" * 2_000_000)
"""


def test_killed_between_write_and_rename(tmp_path: Path) -> None:
    target = tmp_path / "spec.yaml"
    old = b"title: the previous version\n"
    target.write_bytes(old)
    proc = _child(SLOW_RENAME, str(target))
    _wait_for(proc, "WRITTEN")
    leftovers = [p for p in tmp_path.iterdir() if p != target]
    assert leftovers and leftovers[0].stat().st_size == 8_000_000  # really was mid-write
    _kill(proc)
    assert target.read_bytes() == old
    _assert_no_lookalikes(tmp_path, [target])


LOOP = r"""
import sys
from svauthor.yamlio import write_atomic
print("STARTED", flush=True)
n = 0
while True:
    n += 1
    marker = f"{n:08d}".encode()
    write_atomic(sys.argv[1], marker + b"." * 6_000_000 + marker)
"""


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.45])
def test_killed_while_rewriting_in_a_loop(tmp_path: Path, delay: float) -> None:
    target = tmp_path / "summary.csv"
    write_atomic(target, b"00000000" + b"." * 6_000_000 + b"00000000")
    proc = _child(LOOP, str(target))
    _wait_for(proc, "STARTED")
    time.sleep(delay)
    _kill(proc)
    data = target.read_bytes()
    assert len(data) == 6_000_016, "the file is always one whole version, never a partial one"
    assert data[:8] == data[-8:]
    _assert_no_lookalikes(tmp_path, [target])


SLOW_PIPELINE = r"""
import sys, time
import svauthor.pipeline.run as run
real = run.summarise
def slow(line, spec, assessment):
    if line == 12:
        print("HALFWAY", flush=True)   # the new CSV is open beside the old one
        time.sleep(120)
    return real(line, spec, assessment)
run.summarise = slow
from svauthor.cli import main
main(["pipeline", sys.argv[1], "-o", sys.argv[2], "--force", "--workers", "1",
      "--today", sys.argv[3]])
"""


def test_pipeline_killed_midway_keeps_the_previous_summaries(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    plan = EXAMPLES / "forward-plan.csv"
    assert main(["pipeline", str(plan), "-o", str(out), "--today", TODAY.isoformat()]) == 1
    capsys.readouterr()
    targets = [out / "pipeline-summary.csv", out / "pipeline-summary.docx"]
    before = {p: p.read_bytes() for p in targets}
    proc = _child(SLOW_PIPELINE, str(plan), str(out), TODAY.isoformat())
    _wait_for(proc, "HALFWAY")
    partial = [p.name for p in out.iterdir() if p not in targets]
    assert partial and partial[0].startswith(".pipeline-summary.csv."), "a new CSV was under way"
    _kill(proc)
    assert {p: p.read_bytes() for p in targets} == before
    _assert_no_lookalikes(out, targets)
