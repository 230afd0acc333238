"""Readable input problems: every bad file is reported as `file:line: field: message`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, located as precisely as we can."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class InputError(Exception):
    """Raised when input cannot be used; carries every problem found so all can be shown at once."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, file: str, message: str, *, line: int | None = None, field: str = "") -> InputError:
        return cls([Problem(file, line, field, message)])


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """A ' (did you mean `x`?)' suffix for near-miss spellings, or an empty string."""
    if not isinstance(value, str):
        return ""
    import difflib  # only paid for when there is an error to explain

    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""
