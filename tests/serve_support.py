"""Start a real `svauthor serve` for a test and stop it after (no tests here)."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from .conftest import ROOT


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Served:
    def __init__(self, proc: subprocess.Popen[bytes], port: int, token: str,
                 workspace: Path) -> None:
        self.proc, self.port, self.token, self.workspace = proc, port, token, workspace
        self.base = f"http://127.0.0.1:{port}"


@contextlib.contextmanager
def start(workspace: Path, *options: str) -> Iterator[Served]:
    port = free_port()
    env = {**os.environ, "SVAUTHOR_TODAY": "2026-11-27"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "svauthor", "serve", "--port", str(port), "--workspace",
         str(workspace), *options],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        assert proc.stdout is not None
        token = ""
        deadline = time.monotonic() + 30
        while not token:
            line = proc.stdout.readline().decode()
            assert line or proc.poll() is None, "svauthor serve exited"
            found = re.search(r"\?token=([\w-]+)", line)
            if found:
                token = found.group(1)
            assert time.monotonic() < deadline, "no address printed within 30 seconds"
        while True:  # the address is printed just before the port is listening
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the port did not open within 30 seconds"
                time.sleep(0.05)
        yield Served(proc, port, token, workspace)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()
