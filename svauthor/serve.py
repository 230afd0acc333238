"""`svauthor serve`: the app (or training mode) in a web browser, through textual-serve.

textual-serve runs a fresh `python -m svauthor app` (or `train`) process for every browser tab.
It has no log-in of its own, so `SafeServer` adds one, safe by default:

* a secret token made for each launch and printed in the URL (as Jupyter does). Every HTTP
  request and the WebSocket need it (in the URL, or the cookie the first page sets); without it
  the answer is 403;
* the WebSocket's `Origin` must be the served host, so a web page elsewhere cannot drive the
  app through the commissioner's browser (403 otherwise);
* each browser session (a cookie) gets its own workspace folder under `--workspace`, with its
  own drafts; every path typed into the app is confined to it (svauthor.workspace);
* at most `--max-sessions` sessions at once, and a session without input for `--idle-minutes`
  is ended.

Its page would fetch one Google Fonts stylesheet; we serve a copy of the page that uses the
Roboto Mono font bundled with textual-serve instead, so nothing is fetched from the internet.
"""

from __future__ import annotations

import argparse
import functools
import ipaddress
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from svauthor.errors import InputError

INSTALL_HINT = "pip install 'svauthor[serve]'"
GOOGLE_FONTS_LINK = (
    '<link\n      rel="stylesheet"\n      href="https://fonts.googleapis.com/css?family=Roboto%20Mono"\n'
    "    />"
)
LOCAL_FONT_CSS = """<style>
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf")
          format("truetype");
        font-weight: 100 700;
        font-style: normal;
      }
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-Italic-VariableFont_wght.ttf")
          format("truetype");
        font-weight: 100 700;
        font-style: italic;
      }
    </style>"""
PASS_THROUGH = ("rules", "bank", "today")
TOKEN_COOKIE = "svauthor_token"
SESSION_COOKIE = "svauthor_session"
_SESSION_ID = re.compile(r"^[0-9a-f]{32}$")


def app_command(args: argparse.Namespace) -> str:
    """The shell command each browser tab runs: this Python, this package, the same data flags."""
    parts = [sys.executable, "-m", "svauthor", "train" if getattr(args, "train", False) else "app"]
    for flag in PASS_THROUGH:
        value = getattr(args, flag, None)
        if value:
            if flag in ("rules", "bank"):
                value = str(Path(value).resolve())
            parts += [f"--{flag}", str(value)]
    # textual-serve starts the command through the shell, so every part is quoted.
    return subprocess.list2cmdline(parts) if os.name == "nt" else shlex.join(parts)


def offline_page(templates_dir: Path, source_dir: Path) -> Path:
    """Copy textual-serve's page to `templates_dir`, using the bundled font, not Google Fonts."""
    page = (source_dir / "app_index.html").read_text(encoding="utf-8")
    if GOOGLE_FONTS_LINK in page:
        page = page.replace(GOOGLE_FONTS_LINK, LOCAL_FONT_CSS)
    else:  # a later textual-serve may lay the tag out differently: drop any Google Fonts link
        page = re.sub(r"<link[^>]*fonts\.googleapis\.com[^>]*>", LOCAL_FONT_CSS, page,
                      flags=re.DOTALL)
    templates_dir.mkdir(parents=True, exist_ok=True)
    (templates_dir / "app_index.html").write_text(page, encoding="utf-8")
    return templates_dir


def public_url(host: str, port: int) -> str | None:
    """The address browsers use for the websocket; None lets textual-serve build it from host."""
    explicit = os.environ.get("SVAUTHOR_PUBLIC_URL")
    if explicit:
        return explicit.rstrip("/")
    if ":" in host and not host.startswith("["):
        return f"http://[{host}]:{port}"
    return None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _server_class() -> Any:
    """SafeServer: textual-serve's Server with svauthor's safeguards."""
    try:
        from textual_serve.server import Server
    except ImportError:
        raise InputError.single(
            "svauthor serve",
            f"browser mode needs the optional textual-serve package; install it with: "
            f"{INSTALL_HINT}") from None
    return _safe_server(Server)


def _to_int(value: str | None, default: int) -> int:
    try:
        return max(1, min(1000, int(value or default)))
    except ValueError:
        return default


def _netloc(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).netloc.lower()


@functools.cache  # one class per base, so a patched method stays patched
def _safe_server(base: Any) -> Any:
    """textual-serve's Server with a token, an Origin check, per-session workspaces and limits."""
    import asyncio
    import hmac
    import secrets
    import shlex
    import time

    from aiohttp import WSMsgType, web

    class SafeServer(base):  # type: ignore[misc]
        def __init__(self, command: str, *, workspace: Path, max_sessions: int,
                     idle_seconds: float, token: str | None = None, **kw: Any) -> None:
            super().__init__(command, **kw)
            self.token = token or secrets.token_urlsafe(24)
            self.workspace = workspace
            self.max_sessions = max_sessions
            self.idle_seconds = idle_seconds
            self.sessions = 0

        @property
        def url(self) -> str:
            return f"{self.public_url}/?token={self.token}"

        def _has_token(self, request: web.Request) -> bool:
            given = request.query.get("token") or request.cookies.get(TOKEN_COOKIE) or ""
            return hmac.compare_digest(given.encode(), self.token.encode())

        def _origin_ok(self, request: web.Request) -> bool:
            origin = request.headers.get("Origin")
            if not origin:
                return False
            return _netloc(origin) in {request.host.lower(), _netloc(self.public_url)}

        async def _make_app(self) -> web.Application:
            app: web.Application = await super()._make_app()

            @web.middleware
            async def guard(request: web.Request, handler: Any) -> web.StreamResponse:
                if not self._has_token(request):
                    raise web.HTTPForbidden(text="svauthor: open the full address printed when "
                                                 "the server started (it carries a token).")
                if request.path == "/ws" and not self._origin_ok(request):
                    raise web.HTTPForbidden(text="svauthor: this page may not connect here.")
                response: web.StreamResponse = await handler(request)
                if request.path == "/" and not response.prepared:
                    response.set_cookie(TOKEN_COOKIE, self.token, httponly=True,
                                        samesite="Strict", path="/")
                    if not _SESSION_ID.match(request.cookies.get(SESSION_COOKIE, "")):
                        response.set_cookie(SESSION_COOKIE, secrets.token_hex(16), httponly=True,
                                            samesite="Strict", path="/")
                return response

            app.middlewares.append(guard)
            return app

        async def on_startup(self, app: web.Application) -> None:
            print(f"svauthor is serving on {self.public_url}", flush=True)
            print(f"Open this address (it carries this launch's secret token): {self.url}",
                  flush=True)
            print(f"Sessions' files: {self.workspace}. Press Ctrl+C to stop.", flush=True)

        def _session_folder(self, request: web.Request) -> Path:
            session = request.cookies.get(SESSION_COOKIE, "")
            if not _SESSION_ID.match(session):
                session = secrets.token_hex(16)  # no browser session: a folder of its own
            return self.workspace / session

        async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
            """textual-serve's handler, but each session's process runs in its own folder."""
            from textual_serve.app_service import AppService

            if self.sessions >= self.max_sessions:
                raise web.HTTPServiceUnavailable(
                    text=f"svauthor: all {self.max_sessions} sessions are in use; try again "
                         f"when someone has finished.")
            folder = self._session_folder(request)
            folder.mkdir(mode=0o700, exist_ok=True)
            command = f"{self.command} --workspace {shlex.quote(str(folder))}"
            websocket = web.WebSocketResponse(heartbeat=15)
            width = _to_int(request.query.get("width"), 80)
            height = _to_int(request.query.get("height"), 24)
            self.sessions += 1
            app_service: Any = None
            try:
                await websocket.prepare(request)
                app_service = AppService(command, write_bytes=websocket.send_bytes,
                                         write_str=websocket.send_str,
                                         close=websocket.close,  # type: ignore[arg-type]
                                         download_manager=self.download_manager,
                                         debug=self.debug)
                await app_service.start(width, height)
                await self._process_messages(websocket, app_service)
            except asyncio.CancelledError:
                await websocket.close()
            except Exception as error:
                import logging

                logging.getLogger("svauthor.serve").exception(error)
            finally:
                self.sessions -= 1
                if app_service is not None:
                    await app_service.stop()
            return websocket

        async def _process_messages(self, websocket: web.WebSocketResponse,
                                    app_service: Any) -> None:
            """textual-serve's message loop, ending the session after idle_seconds of no input."""
            last_input = time.monotonic()
            while True:
                remaining = self.idle_seconds - (time.monotonic() - last_input)
                if remaining <= 0:
                    await websocket.close(code=4000, message=b"idle")
                    return
                try:
                    message = await websocket.receive(timeout=remaining)
                except TimeoutError:
                    continue
                if message.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED,
                                    WSMsgType.ERROR):
                    return
                if message.type != WSMsgType.TEXT:
                    continue
                try:
                    envelope = message.json()
                except ValueError:
                    continue
                if not isinstance(envelope, list) or not envelope:
                    continue
                kind = envelope[0]
                data = envelope[1] if len(envelope) > 1 else None
                if kind == "stdin" and isinstance(data, str):
                    last_input = time.monotonic()
                    await app_service.send_bytes(data.encode("utf-8"))
                elif kind == "resize" and isinstance(data, dict):
                    await app_service.set_terminal_size(int(data.get("width", 80)),
                                                        int(data.get("height", 24)))
                elif kind == "ping":
                    await websocket.send_json(["pong", data])
                elif kind == "blur":
                    await app_service.blur()
                elif kind == "focus":
                    await app_service.focus()

    return SafeServer


def _check_knowledge(args: argparse.Namespace) -> None:
    """Load the rules once here, so a broken rules folder is reported now, not in every tab."""
    from svauthor.session import Session

    kb = Session.from_args(args).knowledge
    if getattr(args, "train", False):
        from svauthor.training.scenarios import load_scenarios

        load_scenarios(kb)


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve until Ctrl+C (or SIGTERM); exit code 2 for bad options or a port already in use."""
    host: str = args.host
    port: int = args.port
    if not 1 <= port <= 65535:
        raise InputError.single("--port", f"`{port}` is not a port number; use 1 to 65535")
    Server = _server_class()
    _check_knowledge(args)
    max_sessions = int(getattr(args, "max_sessions", 12))
    idle_minutes = float(getattr(args, "idle_minutes", 60))
    if max_sessions < 1:
        raise InputError.single("--max-sessions", "must be 1 or more")
    if not idle_minutes > 0:
        raise InputError.single("--idle-minutes", "must be more than 0")
    workspace = _workspace_root(getattr(args, "workspace", None))
    if not _is_loopback(host):
        print(f"warning: serving on {host}, which other machines can reach. Anyone with the "
              f"printed address (it carries the secret token) can use the app, and the "
              f"connection is not encrypted: put it behind a reverse proxy with TLS (see the "
              f"README) and set SVAUTHOR_PUBLIC_URL to the address users browse to.",
              file=sys.stderr)
    import textual_serve

    source = Path(textual_serve.__file__).resolve().parent / "templates"
    with tempfile.TemporaryDirectory(prefix="svauthor-serve-") as tmp:
        templates = offline_page(Path(tmp), source)
        title = "svauthor training" if getattr(args, "train", False) else "svauthor"
        server = Server(app_command(args), host=host, port=port, title=title,
                        public_url=public_url(host, port), templates_path=templates,
                        workspace=workspace, max_sessions=max_sessions,
                        idle_seconds=idle_minutes * 60)
        try:
            server.serve()
        except OSError as exc:
            raise InputError.single(
                "svauthor serve", f"cannot listen on {host}:{port} ({exc.strerror or exc}); is "
                f"another program using that port? Try --port {port + 1}") from None
    return 0


def _workspace_root(given: str | None) -> Path:
    """`--workspace DIR`, or a fresh folder for this launch under the user data folder."""
    from svauthor.workspace import prepare

    if given:
        root = Path(given)
        if root.exists() and not root.is_dir():
            raise InputError.single(given, "--workspace must be a folder")
    else:
        import secrets
        from datetime import datetime

        from platformdirs import user_data_dir

        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        root = Path(user_data_dir("svauthor")) / "serve" / f"{stamp}-{secrets.token_hex(4)}"
    try:
        return prepare(root)
    except OSError as exc:
        raise InputError.single(str(root), f"cannot create the workspace folder: "
                                           f"{exc.strerror or exc}") from None
