"""Timetable law as generic computations over data: calendar, periods, standstill, checks, suggest.

Nothing in this package names a regime or a procedure; each regime's calendar, time limits and
standstill come from `rules/law/regimes.yaml`, and the best-practice checks from
`rules/timetable.yaml`.
"""

from __future__ import annotations

from svauthor.domain.timetable.calendar import (
    ONE_DAY,
    SEARCH_LIMIT_DAYS,
    SUBDIVISION_NAMES,
    SUBDIVISIONS,
    BankHolidayFile,
    Calendar,
    add_working_days,
    as_calendar,
    earliest,
    easter_sunday,
    fmt_day,
    holiday_name,
    holidays_in,
    is_working_day,
    latest,
    make_calendar,
    months_before,
    next_working_day,
    previous_working_day,
    read_bank_holidays,
    uk_holidays,
    working_days_between,
)
from svauthor.domain.timetable.checks import (
    assess_timetable,
    mobilisation_working_days,
    required_window_days,
)
from svauthor.domain.timetable.model import DATE_LABELS, TimetableRules
from svauthor.domain.timetable.periods import (
    Minimum,
    participation_minimum,
    planned_notice_status,
    statutory_minimum,
    timetable_facts,
)
from svauthor.domain.timetable.standstill import Standstill, standstill
from svauthor.domain.timetable.suggest import suggest_timetable
from svauthor.ukformat import fmt_date

__all__ = [
    "DATE_LABELS", "ONE_DAY", "SEARCH_LIMIT_DAYS", "SUBDIVISIONS", "SUBDIVISION_NAMES",
    "BankHolidayFile", "Calendar", "Minimum", "Standstill", "TimetableRules",
    "add_working_days", "as_calendar", "assess_timetable", "earliest", "easter_sunday",
    "fmt_date", "fmt_day", "holiday_name", "holidays_in", "is_working_day", "latest",
    "make_calendar", "mobilisation_working_days", "months_before", "next_working_day",
    "participation_minimum", "planned_notice_status", "previous_working_day",
    "read_bank_holidays", "required_window_days", "standstill", "statutory_minimum",
    "suggest_timetable", "timetable_facts", "uk_holidays", "working_days_between",
]
