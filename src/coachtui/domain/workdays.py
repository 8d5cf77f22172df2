"""Swedish working days.

A working day is a Monday-Friday that is neither a Swedish public holiday
(allmän helgdag) nor midsommarafton, julafton or nyårsafton, the three eves
that the Annual Leave Act (semesterlag 1977:480, 7 §) treats like Sundays.

Holidays come from the ``holidays`` package, imported lazily (it costs about
0.1 s and the app's start-up path must not pay it) and cached per year.
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


def _midsommarafton(year: int) -> date:
    """The Friday before midsommardagen (the Saturday 20-26 June): 19-25 June."""
    june_19 = date(year, 6, 19)
    return june_19 + timedelta(days=(4 - june_19.weekday()) % 7)


@functools.cache
def holidays_of_year(year: int) -> Mapping[date, Label]:
    """Every holiday and eve of ``year`` that is not a working day, with its (sv, en) name.

    Includes holidays that fall on a weekend (e.g. Midsommardagen, always a
    Saturday), so a weekend day that is also a holiday gets the holiday's name.
    Years the ``holidays`` package does not cover (before 1953) give only the three eves.
    """
    # Lazy (see the module docstring); imported from the submodules, which are typed.
    from holidays.constants import DE_FACTO, PUBLIC
    from holidays.countries.sweden import Sweden

    categories = (PUBLIC, DE_FACTO)
    # include_sundays must be explicit: with True the package names every Sunday a holiday.
    sv = Sweden(years=year, include_sundays=False, categories=categories, language="sv")
    en = Sweden(years=year, include_sundays=False, categories=categories, language="en_US")
    names: dict[date, Label] = {day: (str(name), str(en.get(day, name))) for day, name in sv.items()}
    # The package's de_facto category has the three eves (0.108); make sure of them regardless.
    names.setdefault(_midsommarafton(year), ("Midsommarafton", "Midsummer Eve"))
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
