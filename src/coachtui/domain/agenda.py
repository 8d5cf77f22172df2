"""The daily agenda: which reminders belong to which section, and the reschedule input.

Sections, in the order a coach reads them:

* ``overdue`` (Försenat): due before today, most days late first, except items snoozed past today;
* ``today`` (Idag): due today, except items snoozed past today;
* ``week`` (Denna vecka): after today up to the Sunday of today's ISO week;
* ``coming`` (Kommande): after that week up to today + ``horizon`` days.

A snoozed item (overdue or due today) leaves its section until the day it
was snoozed to and is counted apart (``snoozed``); then it is back, as late
as it is. Only done, skipped or rescheduled takes it off for good (the store
filters on status).

Reschedule input (:func:`parse_day`): an ISO date, ``+N`` (days), ``+Nd``,
``+Nw``/``+Nv`` (weeks), ``idag``/``today``, ``imorgon``/``tomorrow``,
``igår``/``yesterday``, ``i förrgår`` (two days ago), or a
weekday in Swedish or English, full or short (``måndag``, ``mån``,
``monday``, ``mon``): the next such day after today (for a done date,
:func:`parse_done_on`, the last such day, today included). Errors are
:class:`DateInputError` carrying a translated message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Final, Generic, NamedTuple, Protocol, TypeVar

from coachtui.i18n import _

OVERDUE: Final = "overdue"
TODAY: Final = "today"
WEEK: Final = "week"
COMING: Final = "coming"
SECTIONS: Final = (OVERDUE, TODAY, WEEK, COMING)
DEFAULT_HORIZON: Final = 14
MAX_AHEAD_DAYS: Final = 3 * 366  # a reschedule further away than this is a typo


class Dated(Protocol):
    """What the agenda needs of a reminder item."""

    @property
    def due_on(self) -> date: ...

    @property
    def snoozed_until(self) -> date | None: ...


T = TypeVar("T", bound=Dated)


class Agenda(NamedTuple, Generic[T]):
    """The sections of one day. ``snoozed`` are items due today (or overdue) snoozed past today."""

    day: date
    overdue: list[T]
    today: list[T]
    week: list[T]
    coming: list[T]
    snoozed: list[T]

    def section(self, name: str) -> list[T]:
        return {OVERDUE: self.overdue, TODAY: self.today, WEEK: self.week, COMING: self.coming}[name]

    def counts(self) -> dict[str, int]:
        return {
            OVERDUE: len(self.overdue),
            TODAY: len(self.today),
            WEEK: len(self.week),
            COMING: len(self.coming),
            "snoozed": len(self.snoozed),
        }


def week_end(today: date) -> date:
    """The Sunday of ``today``'s ISO week (``today`` itself on a Sunday)."""
    return today + timedelta(days=6 - today.weekday())


def is_snoozed(item: Dated, today: date) -> bool:
    return item.snoozed_until is not None and item.snoozed_until > today


def sections(
    items: Iterable[T],
    today: date,
    *,
    horizon: int = DEFAULT_HORIZON,
    key: Callable[[T], tuple[object, ...]] | None = None,
) -> Agenda[T]:
    """Sort ``items`` into the agenda of ``today``; items after ``today + horizon`` are left out.

    Within a section items are ordered by due date (overdue: most days late first,
    which is the same), then by ``key`` (e.g. kind, name) when given.
    """
    last = today + timedelta(days=horizon)
    sunday = week_end(today)
    agenda: Agenda[T] = Agenda(today, [], [], [], [], [])
    for item in items:
        due = item.due_on
        if due < today:
            if is_snoozed(item, today):
                agenda.snoozed.append(item)
            else:
                agenda.overdue.append(item)
        elif due == today:
            if is_snoozed(item, today):
                agenda.snoozed.append(item)
            else:
                agenda.today.append(item)
        elif due <= min(sunday, last):
            agenda.week.append(item)
        elif due <= last:
            agenda.coming.append(item)

    def order(item: T) -> tuple[object, ...]:
        return (item.due_on, *(key(item) if key else ()))

    for bucket in (agenda.overdue, agenda.today, agenda.week, agenda.coming, agenda.snoozed):
        bucket.sort(key=order)
    return agenda


#: Short weekday names (sv, en), Monday first.
WEEKDAY_SHORT: Final[tuple[tuple[str, str], ...]] = (
    ("mån", "Mon"),
    ("tis", "Tue"),
    ("ons", "Wed"),
    ("tor", "Thu"),
    ("fre", "Fri"),
    ("lör", "Sat"),
    ("sön", "Sun"),
)


def weekday_short(day: date, lang: str = "sv") -> str:
    """ "mån" / "Mon" for ``day``."""
    sv, en = WEEKDAY_SHORT[day.weekday()]
    return en if lang == "en" else sv


# --- date input ------------------------------------------------------------------------


class DateInputError(ValueError):
    """Input that is not a date; ``message`` is translated for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# Monday = 0. Swedish and English, full and short forms (casefolded).
_WEEKDAYS: Final[dict[str, int]] = {}
for _number, _names in enumerate(
    (
        ("måndag", "mån", "må", "monday", "mon"),
        ("tisdag", "tis", "ti", "tuesday", "tue", "tues"),
        ("onsdag", "ons", "on", "wednesday", "wed"),
        ("torsdag", "tors", "tor", "to", "thursday", "thu", "thur", "thurs"),
        ("fredag", "fre", "fr", "friday", "fri"),
        ("lördag", "lör", "lö", "saturday", "sat"),
        ("söndag", "sön", "sö", "sunday", "sun"),
    )
):
    for _name in _names:
        _WEEKDAYS[_name] = _number

_RELATIVE: Final = re.compile(r"^\+\s*(\d{1,4})\s*([dwv]?)$")
_ISO: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TODAY_WORDS: Final = frozenset({"idag", "i dag", "today"})
_TOMORROW_WORDS: Final = frozenset({"imorgon", "i morgon", "imorn", "tomorrow"})
_YESTERDAY_WORDS: Final = frozenset({"igår", "i går", "yesterday"})
_DAY_BEFORE_WORDS: Final = frozenset({"i förrgår", "iförrgår", "förrgår", "the day before yesterday"})


def weekday_number(text: str) -> int | None:
    """0 (Monday) … 6 for a Swedish or English weekday name or abbreviation, else None."""
    return _WEEKDAYS.get(text.strip().casefold().rstrip("."))


def parse_day(text: str, today: date) -> date:
    """A date from what a coach types; see the module docstring. Raises :class:`DateInputError`."""
    value = " ".join(text.split()).casefold()
    if not value:
        raise DateInputError(_("Skriv ett datum: ÅÅÅÅ-MM-DD, +1, +1v eller en veckodag."))
    if value in _TODAY_WORDS:
        return today
    if value in _TOMORROW_WORDS:
        return today + timedelta(days=1)
    if value in _YESTERDAY_WORDS:
        return today - timedelta(days=1)
    if value in _DAY_BEFORE_WORDS:
        return today - timedelta(days=2)
    if _ISO.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise DateInputError(_("Datumet {value} finns inte.", value=text.strip())) from None
    found = _RELATIVE.match(value)
    if found:
        amount = int(found.group(1))
        unit = found.group(2)
        days = amount * 7 if unit in ("w", "v") else amount
        if days > MAX_AHEAD_DAYS:
            raise DateInputError(_("{value} är för långt fram.", value=text.strip()))
        return today + timedelta(days=days)
    weekday = weekday_number(value)
    if weekday is not None:
        ahead = (weekday - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    raise DateInputError(
        _(
            "Förstår inte {value!r}. Skriv ÅÅÅÅ-MM-DD, +1 (dagar), +1v (veckor) eller en veckodag (mån, tisdag …).",
            value=text.strip(),
        )
    )


def parse_reschedule(text: str, today: date) -> date:
    """The new due date for a reschedule: :func:`parse_day`, not before today, at most ~3 years ahead."""
    day = parse_day(text, today)
    if day < today:
        raise DateInputError(_("Det nya datumet {day} har redan passerat.", day=day.isoformat()))
    if (day - today).days > MAX_AHEAD_DAYS:
        raise DateInputError(_("{value} är för långt fram.", value=text.strip()))
    return day


def parse_done_on(text: str, today: date) -> date:
    """The day a follow-up was done: :func:`parse_day` (empty means today), not in the future."""
    if not text.strip():
        return today
    weekday = weekday_number(" ".join(text.split()))
    if weekday is not None:  # "fredag" for a done date means the last one (today on that day), not the next
        return today - timedelta(days=(today.weekday() - weekday) % 7)
    day = parse_day(text, today)
    if day > today:
        raise DateInputError(_("{day} har inte kommit än.", day=day.isoformat()))
    return day
