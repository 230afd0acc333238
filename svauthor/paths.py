"""Where the shipped data lives, whether svauthor runs from a checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_root() -> Path:
    """Return the folder holding `rules/`, `question_bank/` and `templates/`.

    A wheel carries them inside the package (`svauthor/_data`); a checkout keeps them at the
    repository root, one level above the package.
    """
    bundled = _PACKAGE / "_data"
    if (bundled / "rules").is_dir():
        return bundled
    return _PACKAGE.parent


def rules_dir() -> Path:
    return data_root() / "rules"


def question_bank_dir() -> Path:
    return data_root() / "question_bank"


def templates_dir() -> Path:
    return data_root() / "templates"
