"""All-or-nothing writing: a pack is every new file or none; signals leave nothing behind;
`--write` keeps the user's original once as well as the latest `.bak`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from svauthor import atomic
from svauthor.cli import main

from .conftest import EXAMPLES, ROOT

SPEC = EXAMPLES / "wirral-befriending.yaml"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.mark.parametrize("step", ["moving the old file aside", "moving the new file in"])
def test_write_all_puts_everything_back_when_one_file_cannot_be_replaced(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    targets = [tmp_path / f"doc{i}.docx" for i in range(4)]
    for t in targets[:3]:
        t.write_bytes(b"old " + t.name.encode())
    before = snapshot(tmp_path)
    real_replace = os.replace
    failed: list[bool] = []

    def locked(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        watched = Path(src) if step == "moving the old file aside" else Path(dst)
        if watched == targets[2] and not failed:
            failed.append(True)
            raise PermissionError(13, "Permission denied")  # as when Word has it open
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(atomic.WriteFailed) as caught:
        atomic.write_all([(t, b"new") for t in targets], overwrite=True)
    (problem,) = caught.value.problems
    assert problem.file == str(targets[2])
    assert "open in another program" in problem.message and "nothing was changed" in problem.message
    assert snapshot(tmp_path) == before  # doc0 and doc1 were put back; doc3 never appeared
    assert not any(p.name.startswith(atomic.STAGING_PREFIX) for p in tmp_path.iterdir())


def test_write_all_refuses_existing_files_without_overwrite(tmp_path: Path) -> None:
    (tmp_path / "b").write_bytes(b"keep")
    with pytest.raises(FileExistsError):
        atomic.write_all([(tmp_path / "a", b"1"), (tmp_path / "b", b"2")], overwrite=False)
    assert snapshot(tmp_path) == {"b": b"keep"}


def test_build_force_failing_part_way_leaves_the_old_pack(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pack"
    assert main(["build", str(SPEC), "-o", str(out), "--today", "2026-11-27"]) in (0, 1)
    before = snapshot(out)
    assert len(before) >= 5
    changed = tmp_path / "changed.yaml"
    changed.write_text(SPEC.read_text(encoding="utf-8").replace("value_gbp: 45000",
                                                                "value_gbp: 450000"))
    victim = sorted(out.glob("*decision-record*.docx"))[0]
    real_replace = os.replace

    def locked(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(src) == victim:  # Word holds it open: it cannot be moved
            raise PermissionError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", locked)
    capsys.readouterr()
    code = main(["build", str(changed), "-o", str(out), "--force", "--today", "2026-11-27"])
    err = capsys.readouterr().err
    assert code == 2 and f"{victim}: cannot be replaced" in err, err
    assert snapshot(out) == before


def test_timetable_write_keeps_the_original_once_and_the_latest_bak(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "tender.yaml"
    original = ("# our notes\ntitle: T\nbuyer: {name: Sefton Council, sector: local_authority}\n"
                "service_type: community_support\nvalue_gbp: 400000\nduration_months: 36\n"
                "places: [sefton]\ntimetable:\n  contract_start: 2027-09-01\n")
    spec.write_text(original)
    for _ in range(3):
        assert main(["timetable", str(spec), "--suggest", "--write"]) == 0
    out = capsys.readouterr().out
    assert "tender.orig.yaml" in out
    assert (tmp_path / "tender.orig.yaml").read_text() == original
    assert (tmp_path / "tender.yaml.bak").read_text() == spec.read_text()  # the latest
    assert "# our notes" not in spec.read_text()


def _plan(path: Path, rows: int) -> Path:
    lines = (EXAMPLES / "forward-plan.csv").read_text(encoding="utf-8").splitlines()
    body = [line for line in lines[1:] if line.strip()]
    path.write_text("\n".join([lines[0], *(body * (rows // len(body) + 1))[:rows]]) + "\n",
                    encoding="utf-8")
    return path


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_pipeline_ends_its_workers_and_leaves_no_temporary_files_on_a_signal(
        tmp_path: Path, signame: str) -> None:
    plan = _plan(tmp_path / "plan.csv", 60)
    out = tmp_path / "out"
    env = {**os.environ, "SVAUTHOR_TODAY": "2026-11-27"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "svauthor", "pipeline", str(plan), "-o", str(out), "--packs",
         "--workers", "2"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not any(out.glob("*/*.docx")):  # the workers are writing packs
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "no pack was written within 60 seconds"
            time.sleep(0.05)
        proc.send_signal(getattr(signal, signame))
        code = proc.wait(timeout=30)
        assert code != 0
        deadline = time.monotonic() + 10
        while _group_alive(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _group_alive(proc.pid), "worker processes were left running"
        leftovers = [p for p in out.rglob("*") if p.name.startswith(".")]
        assert leftovers == []
        err = proc.stderr.read().decode() if proc.stderr else ""
        assert "Traceback" not in err, err
    finally:
        if _group_alive(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        if proc.stderr:
            proc.stderr.close()
