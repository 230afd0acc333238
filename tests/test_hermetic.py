"""The suite never writes to the real user folders: every one resolves inside a temporary folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import platformdirs

from svauthor.domain import holidaycache
from svauthor.tui.settings import AppSettings


def test_user_folders_resolve_inside_the_temporary_folder(hermetic_user_folders: Path) -> None:
    base = hermetic_user_folders
    folders = [
        Path(platformdirs.user_cache_dir("svauthor")),
        Path(platformdirs.user_data_dir("svauthor")),
        Path(platformdirs.user_config_dir("svauthor")),
        Path(platformdirs.user_state_dir("svauthor")),
        platformdirs.user_downloads_path(),
        Path.home(),
        AppSettings.default().data_dir,
    ]
    cache_file = holidaycache._cache_file()
    if cache_file is not None:
        folders.append(cache_file)
    outside = [str(f) for f in folders if not f.is_relative_to(base)]
    assert not outside, outside


def test_subprocesses_inherit_the_temporary_folders(hermetic_user_folders: Path) -> None:
    code = "import platformdirs; print(platformdirs.user_cache_dir('svauthor'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert Path(out.stdout.strip()).is_relative_to(hermetic_user_folders)
