"""Swedish working days.

A working day is a Monday-Friday that is neither a Swedish public holiday
(allmän helgdag) nor midsommarafton, julafton or nyårsafton, the three eves
that the Annual Leave Act (semesterlag 1977:480, 7 §) treats like Sundays.

The holidays are computed here (Lag 1989:253 om allmänna helgdagar, with its
changes since 1953: Midsommardagen and Alla helgons dag on a Saturday from 1953,
Annandag pingst until 2004, Nationaldagen from 2005), cached per year. The
``holidays`` package, which took 0.3 s to import on every ``coachtui reminders``,
is now only the tests' oracle (tests/test_domain_workdays.py, every year 1953-2100).
Before 1953 only weekends and the three eves are known.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType
from typing import Final

from coachtui.domain.codes import Label

#: Names of Saturday and Sunday, (sv, en), by ``date.weekday()``.
WEEKEND: Final[Mapping[int, Label]] = {
    5: ("lördag", "Saturday"),
    6: ("söndag", "Sunday"),
}

# A guard for the search loops: the longest run of Swedish non-working days is
# five (Saturday 22 December - Wednesday 26 December when julafton is a Monday).
_MAX_SEARCH_DAYS: Final = 14
_ONE_DAY: Final = timedelta(days=1)


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _saturday_between(first: date) -> date:
    """The Saturday of the seven days starting at ``first``."""
    return first + timedelta(days=(5 - first.weekday()) % 7)


#: the first year the rules below describe (before it only weekends and the eves are known)
FIRST_YEAR: Final = 1953


@functools.cache
def holidays_of_year(year: int) -> Mapping[date, Label]:
    """Every holiday and eve of ``year`` that is not a working day, with its (sv, en) name.

    Includes holidays that fall on a weekend (e.g. Midsommardagen, always a
    Saturday), so a weekend day that is also a holiday gets the holiday's name.
    """
    midsommardagen = _saturday_between(date(year, 6, 20))
    names: dict[date, Label] = {}
    if year >= FIRST_YEAR:
        easter = easter_sunday(year)
        days: list[tuple[date, Label]] = [
            (date(year, 1, 1), ("Nyårsdagen", "New Year's Day")),
            (date(year, 1, 6), ("Trettondedag jul", "Epiphany")),
            (easter - timedelta(days=2), ("Långfredagen", "Good Friday")),
            (easter, ("Påskdagen", "Easter Sunday")),
            (easter + timedelta(days=1), ("Annandag påsk", "Easter Monday")),
            (date(year, 5, 1), ("Första maj", "May Day")),
            (easter + timedelta(days=39), ("Kristi himmelsfärdsdag", "Ascension Day")),
            (easter + timedelta(days=49), ("Pingstdagen", "Pentecost")),
            (midsommardagen, ("Midsommardagen", "Midsummer Day")),
            (_saturday_between(date(year, 10, 31)), ("Alla helgons dag", "All Saints' Day")),
            (date(year, 12, 25), ("Juldagen", "Christmas Day")),
            (date(year, 12, 26), ("Annandag jul", "Second Day of Christmas")),
        ]
        if year <= 2004:
            days.append((easter + timedelta(days=50), ("Annandag pingst", "Pentecost Monday")))
        else:
            days.append((date(year, 6, 6), ("Nationaldagen", "National Day")))
        for day, label in days:  # two on one day (Första maj and Kristi himmelsfärd in 2008): both names
            if day in names:
                label = ("; ".join(sorted((names[day][0], label[0]))), "; ".join(sorted((names[day][1], label[1]))))
            names[day] = label
    names.setdefault(midsommardagen - _ONE_DAY, ("Midsommarafton", "Midsummer Eve"))
    names.setdefault(date(year, 12, 24), ("Julafton", "Christmas Eve"))
    names.setdefault(date(year, 12, 31), ("Nyårsafton", "New Year's Eve"))
    return MappingProxyType(names)


def non_working_label(d: date) -> Label | None:
    """The (sv, en) reason ``d`` is not a working day (holiday name first, then weekday), else None."""
    holiday = holidays_of_year(d.year).get(d)
    if holiday is not None:
        return holiday
    return WEEKEND.get(d.weekday())


def non_working_reason(d: date, lang: str = "sv") -> str | None:
    """Why ``d`` is not a working day, e.g. "Trettondedag jul", "lördag" (``lang="en"``: "Epiphany",
    "Saturday"); None for a working day."""
    pair = non_working_label(d)
    if pair is None:
        return None
    return pair[1] if lang == "en" else pair[0]


def is_working_day(d: date) -> bool:
    """True for a Monday-Friday that is not a holiday, midsommarafton, julafton or nyårsafton."""
    return d.weekday() < 5 and d not in holidays_of_year(d.year)


def next_working_day(d: date, *, inclusive: bool = True) -> date:
    """The first working day on or after ``d`` (strictly after with ``inclusive=False``)."""
    day = d if inclusive else d + _ONE_DAY
    for _ in range(_MAX_SEARCH_DAYS):
        if is_working_day(day):
            return day
        day += _ONE_DAY
    raise AssertionError(f"no working day within {_MAX_SEARCH_DAYS} days after {d}")  # pragma: no cover


def nearest_working_day(d: date) -> date:
    """``d`` if it is a working day, else the nearest one; on a tie the later one."""
    if is_working_day(d):
        return d
    for distance in range(1, _MAX_SEARCH_DAYS):
        step = timedelta(days=distance)
        if is_working_day(d + step):  # later first: it wins a tie
            return d + step
        if is_working_day(d - step):
            return d - step
    raise AssertionError(f"no working day within {_MAX_SEARCH_DAYS} days of {d}")  # pragma: no cover
