"""Rules about a person on plain values: initials, and the age a birth year gives at enrolment."""

from __future__ import annotations

from datetime import date
from typing import Final

#: The ages a participant may have when enrolled (working age; 16 for the teams that take young people,
#: 67 the age up to which one may keep one's job in Sweden).
AGE_MIN: Final = 16
AGE_MAX: Final = 67


def possible_ages(birth_year: int, on: date) -> tuple[int, int]:
    """The ages someone born in ``birth_year`` can have on ``on``: before and after their birthday."""
    years = on.year - birth_year
    return years - 1, years


def age_allowed(birth_year: int, on: date) -> bool:
    """Whether someone born in ``birth_year`` can be AGE_MIN-AGE_MAX on ``on`` (only the year is known)."""
    low, high = possible_ages(birth_year, on)
    return high >= AGE_MIN and low <= AGE_MAX


def initials(first_name: str, last_name: str) -> str:
    """ "A.A.": the first letter of each name, upper case (calendars, the palette, the erase confirmation)."""
    return "".join(f"{part.strip()[:1].upper()}." for part in (first_name, last_name) if part.strip())


def initials_match(typed: str, first_name: str, last_name: str) -> bool:
    """Whether ``typed`` are the initials, with or without dots and spaces, in any case ("aa", "A.A.", "A A")."""
    cleaned = "".join(ch for ch in typed if ch.isalpha())
    wanted = "".join(ch for ch in initials(first_name, last_name) if ch.isalpha())
    return bool(cleaned) and cleaned.casefold() == wanted.casefold()
