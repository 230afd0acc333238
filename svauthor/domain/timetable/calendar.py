"""Working-day calendars: bank holidays per UK subdivision and constant-time day arithmetic.

Holiday dates come from the `holidays` package, one subdivision at a time (always with `subdiv`,
because without it only the holidays common to all four nations are returned), or from a GOV.UK
bank-holidays file the user supplies; nothing here lists holidays by hand.

Day conventions: a "period of N days" runs from the day after the triggering event, so its length
is `end - start` in calendar days; `working_days_between(a, b)` counts working days after `a` up
to and including `b`. Counting is closed-form over weekdays, less the weekday holidays found by
bisection in each year's sorted list, so a span of years costs the same as a span of days.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType

from svauthor.domain.holidaycache import subdivision_year
from svauthor.ukformat import fmt_date

ONE_DAY = timedelta(days=1)
#: How far the date searches may look before giving up (well beyond any real timetable gap).
SEARCH_LIMIT_DAYS = 800

SUBDIVISIONS: tuple[str, ...] = ("ENG", "WLS", "SCT", "NIR")
SUBDIVISION_NAMES = {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}
#: GOV.UK's bank-holidays.json divisions, and the subdivisions each one gives holidays for.
GOVUK_DIVISIONS = {"england-and-wales": ("ENG", "WLS"), "scotland": ("SCT",),
                   "northern-ireland": ("NIR",)}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def fmt_day(day: date) -> str:
    """A date with its weekday, for messages about working days: 'Monday 7 July 2025'."""
    return f"{WEEKDAYS[day.weekday()]} {fmt_date(day)}"


def join(items: list[str], word: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


@dataclass(frozen=True)
class BankHolidayFile:
    """Holidays read from a GOV.UK-format file: they replace the package's for the years covered."""

    path: str
    #: subdivision -> ((ISO date, name), ...) for every holiday in the file
    days: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    years: frozenset[int]

    def year(self, subdiv: str, year: int) -> dict[str, str] | None:
        """The file's holidays for one subdivision and year; None where the file has none."""
        if year not in self.years:
            return None
        for sub, entries in self.days:
            if sub == subdiv:
                found = {iso: name for iso, name in entries if iso.startswith(f"{year:04d}-")}
                return found or None
        return None


@dataclass(frozen=True)
class Calendar:
    """The subdivisions whose bank holidays are not working days, and where the dates come from."""

    subdivs: tuple[str, ...]
    override: BankHolidayFile | None = field(default=None)
    label: str = ""

    @property
    def described(self) -> str:
        where = self.label or join([SUBDIVISION_NAMES[s] for s in self.subdivs]) + " bank holidays"
        if self.override is not None:
            return f"{where}, as listed in {self.override.path} (and the holidays package for " \
                   f"other years)"
        return f"{where}, from the holidays package (version {_holidays_version()})"


CalendarLike = Calendar | Iterable[str]


@cache
def _holidays_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("holidays")
    except PackageNotFoundError:
        return "unknown"


def as_calendar(cal: CalendarLike) -> Calendar:
    """A Calendar from a Calendar or from subdivision names, in canonical order."""
    if isinstance(cal, Calendar):
        return cal
    return _calendar_for(_canonical_subdivs(cal if isinstance(cal, tuple) else tuple(cal)))


@cache
def _calendar_for(subdivs: tuple[str, ...]) -> Calendar:
    return Calendar(subdivs)


@cache
def _canonical_subdivs(given_subdivs: tuple[str, ...]) -> tuple[str, ...]:
    """Checked once per distinct input: this sits under every working-day test."""
    given = set(given_subdivs)
    unknown = given - set(SUBDIVISIONS)
    if unknown or not given:
        raise ValueError(
            f"holiday subdivisions must be a non-empty selection of {', '.join(SUBDIVISIONS)}; "
            f"got {sorted(given)}"
        )
    return tuple(s for s in SUBDIVISIONS if s in given)


def make_calendar(subdivs: Iterable[str], override: BankHolidayFile | None = None,
                  label: str = "") -> Calendar:
    return Calendar(_canonical_subdivs(tuple(subdivs)), override, label)


def _subdivision_year(cal: Calendar, subdiv: str, year: int) -> dict[str, str]:
    if cal.override is not None:
        found = cal.override.year(subdiv, year)
        if found is not None:
            return found
    return subdivision_year(subdiv, year)


@cache
def _holiday_table(cal: Calendar, year: int) -> Mapping[date, str]:
    """One year's holidays in the union of the subdivisions, each named with where it applies."""
    found: dict[date, dict[str, list[str]]] = {}
    for subdiv in cal.subdivs:
        for iso, name in _subdivision_year(cal, subdiv, year).items():
            day = date.fromisoformat(iso)
            label = str(name).replace(" (observed)", ", substitute day")
            found.setdefault(day, {}).setdefault(label, []).append(subdiv)
    table: dict[date, str] = {}
    for day, names in sorted(found.items()):
        parts = []
        for name, where in names.items():
            if len(where) == len(cal.subdivs):
                parts.append(name)
            else:
                parts.append(f"{name}, {join([SUBDIVISION_NAMES[w] for w in where])} only")
        table[day] = "; ".join(parts)
    return MappingProxyType(table)


@cache
def _weekday_holidays(cal: Calendar, year: int) -> tuple[int, ...]:
    """Sorted ordinals of the year's holidays that fall on weekdays (weekends never count)."""
    return tuple(d.toordinal() for d in _holiday_table(cal, year) if d.weekday() < 5)


def uk_holidays(subdivs: CalendarLike, years: int | Iterable[int]) -> frozenset[date]:
    """Bank holidays in ANY of the subdivisions (cached per calendar and year)."""
    cal = as_calendar(subdivs)
    wanted = [years] if isinstance(years, int) else list(years)
    return frozenset(day for year in wanted for day in _holiday_table(cal, year))


def holiday_name(day: date, subdivs: CalendarLike) -> str | None:
    """The holiday on this day in any of the subdivisions, or None."""
    return _holiday_table(as_calendar(subdivs), day.year).get(day)


def is_working_day(day: date, subdivs: CalendarLike) -> bool:
    """A weekday that is not a bank holiday in any of the subdivisions."""
    return day.weekday() < 5 and day not in _holiday_table(as_calendar(subdivs), day.year)


def next_working_day(day: date, subdivs: CalendarLike) -> date:
    """The first working day on or after `day`."""
    cal = as_calendar(subdivs)
    while not is_working_day(day, cal):
        day += ONE_DAY
    return day


def previous_working_day(day: date, subdivs: CalendarLike) -> date:
    """The last working day on or before `day`."""
    cal = as_calendar(subdivs)
    while not is_working_day(day, cal):
        day -= ONE_DAY
    return day


def _weekdays_upto(ordinal: int) -> int:
    """Weekdays from 1 January of year 1 (a Monday) up to and including this ordinal."""
    weeks, rest = divmod(ordinal, 7)
    return 5 * weeks + min(rest, 5)


def _holidays_upto(cal: Calendar, day: date) -> int:
    """Weekday holidays from 1 January of `day`'s year up to and including `day`."""
    return bisect_right(_weekday_holidays(cal, day.year), day.toordinal())


def _weekday_holidays_between(cal: Calendar, start: date, end: date) -> int:
    """Weekday holidays after `start` up to and including `end` (end after start)."""
    count = -_holidays_upto(cal, start)
    for year in range(start.year, end.year):
        count += len(_weekday_holidays(cal, year))
    return count + _holidays_upto(cal, end)


def working_days_between(start: date, end: date, subdivs: CalendarLike) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not after `start`)."""
    if end <= start:
        return 0
    cal = as_calendar(subdivs)
    weekdays = _weekdays_upto(end.toordinal()) - _weekdays_upto(start.toordinal())
    return weekdays - _weekday_holidays_between(cal, start, end)


def _add_weekdays(day: date, n: int) -> date:
    """The n-th weekday after `day` (n >= 1); a weekend `day` counts from the Friday before."""
    wd = day.weekday()
    if wd > 4:
        day -= timedelta(days=wd - 4)
        wd = 4
    weeks, rest = divmod(wd + n, 5)
    return day + timedelta(days=weeks * 7 + rest - wd)


def add_working_days(start: date, n: int, subdivs: CalendarLike) -> date:
    """The n-th working day after `start` (`start` itself never counts; n=0 gives `start`)."""
    if n < 0:
        raise ValueError("n must not be negative")
    if n == 0:
        return start
    cal = as_calendar(subdivs)
    day, counted = start, 0
    # Each jump adds exactly `n - counted` weekdays; only holidays among them leave a shortfall,
    # so this converges in a step or two and always lands on the n-th working day.
    while counted < n:
        nxt = _add_weekdays(day, n - counted)
        counted += working_days_between(day, nxt, cal)
        day = nxt
    return day


def holidays_in(first: date, last: date, subdivs: CalendarLike) -> list[tuple[date, str]]:
    """Weekday bank holidays from `first` to `last` inclusive, with their names."""
    cal = as_calendar(subdivs)
    found: list[tuple[date, str]] = []
    for year in range(first.year, last.year + 1):
        for day, name in _holiday_table(cal, year).items():
            if first <= day <= last and day.weekday() < 5:
                found.append((day, name))
    return found


def easter_sunday(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm), for the Easter holiday span."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier, clamped to the month's end (31 May - 3 = 28 Feb)."""
    index = day.year * 12 + day.month - 1 - months
    year, month0 = divmod(index, 12)
    for dom in range(day.day, 27, -1):
        try:
            return date(year, month0 + 1, dom)
        except ValueError:
            continue
    return date(year, month0 + 1, min(day.day, 28))


def latest(start: date, ok: Callable[[date], bool], what: str, guess: date | None = None) -> date:
    """The latest day on or before `start` for which `ok` holds.

    `ok` must be monotone: once it holds for a day it holds for every earlier day. The answer
    is found by bisection over the search window, so a long gap costs a dozen tests, not hundreds.
    A `guess` near the answer (a caller can often shift a known date by its slack) narrows the
    window first by galloping out from it, so a good guess costs two or three tests; the answer
    is the same whatever the guess, since monotonicity makes it unique.
    """
    if ok(start):
        return start
    floor = start - timedelta(days=SEARCH_LIMIT_DAYS - 1)
    lo, hi = floor, start  # not ok(hi); ok(lo) is known only once tested
    lo_tested = False
    if guess is not None and floor < guess < start:
        step = 1
        if ok(guess):
            lo, lo_tested = guess, True
            while lo + timedelta(days=step) < hi:
                nxt = lo + timedelta(days=step)
                if not ok(nxt):
                    hi = nxt
                    break
                lo, step = nxt, step * 2
        else:
            hi = guess
            while hi - timedelta(days=step) > lo:
                nxt = hi - timedelta(days=step)
                if ok(nxt):
                    lo, lo_tested = nxt, True
                    break
                hi, step = nxt, step * 2
    if not lo_tested and not ok(lo):
        raise ValueError(
            f"could not find a {what} within {SEARCH_LIMIT_DAYS} days of {fmt_date(start)}"
        )
    while (hi - lo).days > 1:
        mid = lo + timedelta(days=(hi - lo).days // 2)
        if ok(mid):
            lo = mid
        else:
            hi = mid
    return lo


def earliest(start: date, ok: Callable[[date], bool], what: str) -> date:
    """The earliest day on or after `start` for which `ok` holds (monotone: holds ever after).

    The day before it is the latest day on which `ok` still fails, found by the same bisection.
    """
    if ok(start):
        return start
    last = start + timedelta(days=SEARCH_LIMIT_DAYS - 1)
    if not ok(last):
        raise ValueError(
            f"could not find a {what} within {SEARCH_LIMIT_DAYS} days of {fmt_date(start)}"
        )
    return latest(last, lambda d: not ok(d), what) + ONE_DAY


def latest_working(start: date, ok: Callable[[date], bool], what: str,
                   cal: CalendarLike, guess: date | None = None) -> date:
    """The latest working day on or before `start` for which the monotone `ok` holds."""
    return previous_working_day(latest(start, ok, what, guess), cal)


def read_bank_holidays(path: str, data: object) -> BankHolidayFile:
    """A GOV.UK bank-holidays.json structure, checked; raises ValueError naming what is wrong."""
    if not isinstance(data, dict):
        raise ValueError("expected GOV.UK's bank-holidays format: an object keyed by division "
                         "(england-and-wales, scotland, northern-ireland)")
    unknown = [k for k in data if k not in GOVUK_DIVISIONS]
    if unknown:
        raise ValueError(f"unknown division `{unknown[0]}`; expected "
                         f"{', '.join(GOVUK_DIVISIONS)}")
    per_sub: dict[str, list[tuple[str, str]]] = {s: [] for s in SUBDIVISIONS}
    years: set[int] = set()
    for division, body in data.items():
        events = body.get("events") if isinstance(body, dict) else None
        if not isinstance(events, list):
            raise ValueError(f"{division}: expected an `events` list")
        for i, event in enumerate(events):
            if not isinstance(event, dict) or not isinstance(event.get("date"), str) \
                    or not isinstance(event.get("title"), str):
                raise ValueError(f"{division}.events[{i}]: each event needs a `title` and a "
                                 f"`date` (YYYY-MM-DD)")
            try:
                day = date.fromisoformat(event["date"])
            except ValueError:
                raise ValueError(f"{division}.events[{i}].date: `{event['date']}` is not a "
                                 f"date (YYYY-MM-DD)") from None
            years.add(day.year)
            for sub in GOVUK_DIVISIONS[division]:
                per_sub[sub].append((day.isoformat(), event["title"].strip()))
    if not years:
        raise ValueError("the file lists no bank holidays")
    return BankHolidayFile(path, tuple((s, tuple(sorted(v))) for s, v in per_sub.items()),
                           frozenset(years))
