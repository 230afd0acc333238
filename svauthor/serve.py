"""`svauthor serve`: the app (or training mode) in a web browser, through textual-serve.

textual-serve runs a fresh `python -m svauthor app` (or `train`) process for every browser tab, so
sessions never share state. It has no log-in of its own: it binds to 127.0.0.1 unless told
otherwise. Its page would fetch one Google Fonts stylesheet; we serve a copy of the page that uses
the Roboto Mono font bundled with textual-serve instead, so nothing is fetched from the internet.
"""

from __future__ import annotations

import argparse
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
    try:
        from textual_serve.server import Server
    except ImportError:
        raise InputError.single(
            "svauthor serve",
            f"browser mode needs the optional textual-serve package; install it with: "
            f"{INSTALL_HINT}") from None
    return Server


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
    if not _is_loopback(host):
        print(f"warning: serving on {host}, which other machines can reach. svauthor serve has no "
              f"log-in: put it behind a proxy that authenticates users. Set SVAUTHOR_PUBLIC_URL "
              f"to the address users browse to.", file=sys.stderr)
    import textual_serve

    source = Path(textual_serve.__file__).resolve().parent / "templates"
    with tempfile.TemporaryDirectory(prefix="svauthor-serve-") as tmp:
        templates = offline_page(Path(tmp), source)
        title = "svauthor training" if getattr(args, "train", False) else "svauthor"
        server = Server(app_command(args), host=host, port=port, title=title,
                        public_url=public_url(host, port), templates_path=templates)
        try:
            server.serve()
        except OSError as exc:
            raise InputError.single(
                "svauthor serve", f"cannot listen on {host}:{port} ({exc.strerror or exc}); is "
                f"another program using that port? Try --port {port + 1}") from None
    return 0
