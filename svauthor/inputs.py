"""The one reading of what people type or put in a spreadsheet cell: money, numbers, dates, lists.

The wizard and the forward-plan CSV reader both call these, so a value accepted in one is
accepted in the other (a test proves it). Each parser raises `ValueInputError`, a ValueError
whose message quotes the text and says what was expected, in plain English.
"""

from __future__ import annotations

import math
import re
from datetime import date

MAX_MONEY_GBP = 100_000_000_000
"""The largest whole-life value accepted (£100 billion): anything larger is a typing slip."""


class ValueInputError(ValueError):
    """Text that cannot be read as the value asked for; the message says what was expected."""


_MONEY = re.compile(
    r"^(?P<neg>-)?\s*£?\s*(?P<neg2>-)?\s*(?P<num>[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"\s*(?P<unit>k|m|bn|million|thousand)?\s*(?:gbp|pounds)?$", re.IGNORECASE)
_UNITS = {"": 1, "k": 1_000, "thousand": 1_000, "m": 1_000_000, "million": 1_000_000,
          "bn": 1_000_000_000}
_WHOLE = re.compile(r"^(?:[1-9]\d{0,2}(?:,\d{3})+|\d{1,9})(?:\.0+)?$")
#: A comma written as a decimal point: after a lone 0 (0,250) or before one or two digits
#: (12,5). Commas are read only between thousands, and a group never starts the number at 0.
_DECIMAL_COMMA = re.compile(r"(?<![\d,])0,\d|(?<![\d,])\d+,\d{1,2}(?![\d,])")


def decimal_comma(text: str) -> str | None:
    """Why `text` is refused when it uses a comma for decimals, or None when it does not."""
    if not _DECIMAL_COMMA.search(text):
        return None
    return (f"`{text}` uses a comma for decimals; write decimals with a point "
            f"({text.replace(',', '.')}) and commas only between thousands, as in 1,250,000")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_LONG = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0"})


def parse_money(raw: str) -> float:
    """Pounds written as 45000, £1,250,000, £2,000,000.50, 1.5m, £300k or 2 million."""
    text = raw.strip().replace("\u00a0", " ")
    m = _MONEY.match(text)
    if not m:
        raise ValueInputError(decimal_comma(raw.strip()) or f"`{raw.strip()}` is not an amount "
                              "of money; write it like 1250000 or £1,250,000")
    value = float(m["num"].replace(",", "")) * _UNITS[(m["unit"] or "").lower()]
    if m["neg"] or m["neg2"]:
        raise ValueInputError(f"`{raw.strip()}` is negative; the value must be more than £0")
    if value <= 0:
        raise ValueInputError(f"`{raw.strip()}` is zero; the value must be more than £0")
    if value > MAX_MONEY_GBP:
        raise ValueInputError(f"`{raw.strip()}` is more than £{MAX_MONEY_GBP:,}, the most "
                              "svauthor accepts; check the value")
    return value


def parse_whole(raw: str, what: str, example: str) -> int:
    """A whole number such as 36, 1,000 or 36.0 (spreadsheets write whole numbers so)."""
    text = raw.strip()
    if _WHOLE.match(text):
        return int(float(text.replace(",", "")))
    if re.fullmatch(r"-\s*\d+(?:\.0+)?", text):
        raise ValueInputError(f"`{text}` is negative; the number of {what} must be at least 1")
    raise ValueInputError(decimal_comma(text)
                          or f"`{text}` is not a whole number of {what}; write it like {example}")


WEIGHTING_SLIP = "a weighting under 1% carries almost no marks"


def fraction_slip(value: float, why: str = WEIGHTING_SLIP) -> str | None:
    """Why a percentage strictly between 0 and 1 is refused, or None when it is not one.

    `0.1` is what Excel writes for a 10% cell once its format is lost, and what someone typing a
    fraction means; read as 0.1% it would tell bidders Social Value carries a tenth of a mark.
    No weighting a panel can award is under 1% (each step of a 0-5 score would be worth less than a
    fifth of a mark out of 100), nor is a share of a workforce, so the value is refused,
    with the reading it most likely meant, rather than guessed either way."""
    if not 0 < value < 1:
        return None
    meant = f"{value * 100:.4g}"
    return f"looks like a fraction: did you mean {meant}%? Write {meant} or {meant}% ({why})"


def parse_pct(raw: str) -> float:
    """A percentage between 0 and 100, with or without the % sign: 10, 12.5 or 10%.

    A value strictly between 0 and 1 (`0.1`, `0.5%`) is refused by `fraction_slip`."""
    text = raw.strip().removesuffix("%").strip()
    try:
        value = float(text)
    except ValueError:
        raise ValueInputError(f"`{raw.strip()}` is not a percentage; write it like 10 or "
                              "10%") from None
    if not math.isfinite(value) or not 0 <= value <= 100:
        raise ValueInputError(f"`{raw.strip()}` is not a percentage between 0 and 100")
    slip = fraction_slip(value)
    if slip:
        raise ValueInputError(f"`{raw.strip()}` {slip}")
    return value


def parse_yes_no(raw: str) -> bool:
    """yes/no, y/n, true/false or 1/0, in any case."""
    text = raw.strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueInputError(f"`{raw.strip()}` must be yes or no (or leave it blank)")


def parse_date(raw: str) -> date:
    """A date as 2027-03-01 (ISO), 01/03/2027 or 1.3.2027 (day first), or 1 March 2027."""
    text = raw.strip()
    if m := _ISO.match(text):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := _UK.match(text):
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
    elif m := _LONG.match(text):
        word = m[2].lower()
        month = next((i for i, name in enumerate(_MONTHS, 1)
                      if len(word) >= 3 and name.startswith(word)), None)
        if month is None:
            raise ValueInputError(f"`{text}` is not a date: `{m[2]}` is not a month")
        d, mo, y = int(m[1]), month, int(m[3])
    else:
        raise ValueInputError(f"`{text}` is not a date; write it like 2027-03-01, 01/03/2027 "
                              "or 1 March 2027")
    if not 1 <= mo <= 12:
        raise ValueInputError(f"`{text}` is not a real date: there is no month {mo}"
                              + (" (day first: dd/mm/yyyy)" if "/" in text and d <= 12 else ""))
    try:
        return date(y, mo, d)
    except ValueError:
        if not 1 <= y < 9999:
            raise ValueInputError(f"`{text}` is not a real date (check the year)") from None
        last = (date(y + (mo == 12), mo % 12 + 1, 1) - date(y, mo, 1)).days
        raise ValueInputError(f"`{text}` is not a real date: {_MONTHS[mo - 1].capitalize()} "
                              f"{y} has {last} days") from None


def split_list(raw: str) -> list[str]:
    """Items separated by `;` (or `,`), blanks dropped: `wirral; sefton` is two places."""
    return [item.strip() for item in re.split(r"[;,]", raw) if item.strip()]
