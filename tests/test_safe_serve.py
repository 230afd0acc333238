"""`svauthor serve` is safe by default: a real server on a loopback port, driven over HTTP and
WebSocket by aiohttp. No token: 403. A foreign Origin: 403. The right token: 200. Each browser
session gets its own workspace, paths outside it are refused, and sessions are capped.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
import pytest

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.workspace import OutsideWorkspace, confine, user_path

from .serve_support import Served, free_port, start


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with start(tmp_path_factory.mktemp("serve") / "workspace", "--max-sessions", "2") as served:
        yield served


T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


async def _status(url: str) -> int:
    async with aiohttp.ClientSession() as http, http.get(url) as r:
        return r.status


@pytest.mark.parametrize("path", ["/", "/static/js/textual.js", "/download/x", "/ws"])
def test_every_request_without_the_token_is_refused(served: Served, path: str) -> None:
    assert run(_status(served.base + path)) == 403
    assert run(_status(served.base + path + "?token=not-the-token")) == 403


def test_the_token_opens_the_page_and_its_cookie_serves_the_rest(served: Served) -> None:
    async def go() -> tuple[int, int, str, dict[str, str]]:
        # unsafe=True: accept cookies from an IP address, as browsers do.
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            async with http.get(f"{served.base}/?token={served.token}") as r:
                page = await r.text()
                first = r.status
            cookies = {c.key: c.value for c in http.cookie_jar}
            async with http.get(f"{served.base}/static/js/textual.js") as r2:
                second = r2.status
        return first, second, page, cookies

    first, second, page, cookies = run(go())
    assert first == 200 and second == 200
    assert "svauthor_token" in cookies and re.fullmatch(r"[0-9a-f]{32}", cookies["svauthor_session"])
    assert "fonts.googleapis.com" not in page


async def _first_output(ws: aiohttp.ClientWebSocketResponse) -> bytes:
    """What the app sends first: proof that it started."""
    got = b""
    deadline = time.monotonic() + 30
    while not got and time.monotonic() < deadline:
        msg = await ws.receive(timeout=30)
        if msg.type == aiohttp.WSMsgType.BINARY:
            got += msg.data
        elif msg.type == aiohttp.WSMsgType.TEXT:
            got += msg.data.encode()
        else:
            break
    return got


async def _ws(served: Served, *, origin: str | None, token: bool = True,
              session: str | None = None, wait_output: bool = False) -> int | bytes:
    cookies = {"svauthor_token": served.token} if token else {}
    if session:
        cookies["svauthor_session"] = session
    headers = {"Origin": origin} if origin else {}
    async with aiohttp.ClientSession(cookies=cookies) as http:
        try:
            async with http.ws_connect(f"{served.base}/ws?width=80&height=24",
                                       headers=headers) as ws:
                if not wait_output:
                    return 101
                return await _first_output(ws)
        except aiohttp.WSServerHandshakeError as exc:
            return exc.status


def test_the_websocket_needs_the_token_and_the_served_origin(served: Served) -> None:
    own = f"http://127.0.0.1:{served.port}"
    assert run(_ws(served, origin=own, token=False)) == 403
    assert run(_ws(served, origin="http://evil.example")) == 403
    assert run(_ws(served, origin=f"http://127.0.0.1:{served.port + 1}")) == 403
    assert run(_ws(served, origin=None)) == 403
    assert run(_ws(served, origin=own)) == 101


def test_each_browser_session_runs_in_its_own_workspace_and_sessions_are_capped(
        served: Served) -> None:
    """Two sessions (the cap) each start the app in a private folder of their own; while both
    are open a third is refused with 503. (One test: each session starts a whole app.)"""
    own = f"http://127.0.0.1:{served.port}"
    a, b = "a" * 32, "b" * 32

    async def three() -> tuple[list[bytes], int | bytes]:
        async with contextlib.AsyncExitStack() as stack:
            outputs = []
            for session in (a, b):
                http = await stack.enter_async_context(aiohttp.ClientSession(
                    cookies={"svauthor_token": served.token, "svauthor_session": session}))
                ws = await stack.enter_async_context(http.ws_connect(
                    f"{served.base}/ws?width=80&height=24", headers={"Origin": own}))
                outputs.append(await _first_output(ws))
            return outputs, await _ws(served, origin=own)  # while both are open

    outputs, third = run(three())
    assert all(len(o) > 0 for o in outputs), outputs
    assert third == 503
    folders = {p.name for p in served.workspace.iterdir() if p.is_dir()}
    assert {a, b} <= folders
    for name in (a, b):
        assert (served.workspace / name).stat().st_mode & 0o077 == 0  # private to the server user


def test_an_idle_session_is_ended(tmp_path: Path) -> None:
    # A tenth of a second without input is enough to prove the session ends: no need to wait.
    own_server = start(tmp_path / "workspace", "--idle-minutes", "0.002")
    served = own_server.__enter__()
    own = f"http://127.0.0.1:{served.port}"

    async def idle() -> int | None:
        async with aiohttp.ClientSession(cookies={"svauthor_token": served.token}) as http, \
                http.ws_connect(f"{served.base}/ws", headers={"Origin": own}) as ws:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                msg = await ws.receive(timeout=20)
                if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                    return ws.close_code
            return None

    try:
        assert run(idle()) == 4000  # closed by the server as idle, not by the client
    finally:
        own_server.__exit__(None, None, None)


# -- paths confined to the workspace ------------------------------------------------------------

def test_paths_outside_the_workspace_are_refused(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "inside.csv").write_text("x")
    (ws / "out-link").symlink_to("/etc")
    (ws / "passwd").symlink_to("/etc/passwd")
    assert confine("inside.csv", ws) == (ws / "inside.csv").resolve()
    assert confine(str(ws / "pack"), ws) == (ws / "pack").resolve()
    for bad, words in [("/etc/passwd", "outside your workspace"), ("../x.yaml", "outside"),
                       ("pack/../../x", "outside"), ("~/secret.yaml", "home folders"),
                       ("out-link/passwd", "through a link"), ("passwd", "through a link")]:
        with pytest.raises(OutsideWorkspace, match=words):
            confine(bad, ws)
    assert user_path("~/x.yaml", None) == Path("~/x.yaml").expanduser()  # desktop: unchanged


def test_the_app_refuses_paths_outside_its_workspace(kb: KnowledgeBase, tmp_path: Path) -> None:
    from textual.pilot import Pilot

    from svauthor.domain.specfile import load_spec
    from svauthor.tui.steps.generate import GenerateStep

    from .conftest import EXAMPLES
    from .test_tui_helpers import build, drive, goto, settle, type_into

    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "link").symlink_to(tmp_path)
    spec = load_spec(EXAMPLES / "wirral-befriending.yaml", kb)
    app = build(kb, ws, spec=spec, workspace=ws)

    async def script(pilot: Pilot[None]) -> dict[str, str]:
        await goto(pilot, 8)
        await type_into(pilot, "#output_dir", "../escaped")
        await type_into(pilot, "#proxy_values", "/etc/passwd")
        await type_into(pilot, "#reference_docx", "link/house.docx")
        step = app.wizard.query_one(GenerateStep)
        await pilot.click("#generate")
        await settle(pilot)
        return dict(step._local_errors)

    errors = drive(app, script)
    assert "outside your workspace" in errors["output_dir"]
    assert "outside your workspace" in errors["proxy_values"]
    assert "through a link" in errors["reference_docx"]
    assert not (tmp_path / "escaped").exists()
    assert "root:" not in " ".join(errors.values())  # /etc/passwd was never read


def test_a_session_keeps_its_drafts_inside_its_workspace(tmp_path: Path) -> None:
    from svauthor.tui.settings import AppSettings

    one = AppSettings.in_workspace(tmp_path / "one")
    two = AppSettings.in_workspace(tmp_path / "two")
    assert one.drafts_dir.is_relative_to(tmp_path / "one")
    assert two.drafts_dir.is_relative_to(tmp_path / "two")
    assert one.drafts_dir != two.drafts_dir


def test_a_host_other_than_loopback_warns_and_still_needs_the_token(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from svauthor import serve

    made: list[Any] = []

    def no_listen(self: Any) -> None:
        made.append(self)

    cls = serve._server_class()
    monkeypatch.setattr(cls, "serve", no_listen)
    args = argparse.Namespace(host="0.0.0.0", port=free_port(), train=False, rules=None,
                              bank=None, today=None, workspace=str(tmp_path / "ws"),
                              max_sessions=12, idle_minutes=60)
    assert serve.cmd_serve(args) == 0
    err = capsys.readouterr().err
    assert "warning: serving on 0.0.0.0" in err and "token" in err and "TLS" in err
    (server,) = made
    assert len(server.token) >= 24 and server.url.endswith(f"?token={server.token}")
