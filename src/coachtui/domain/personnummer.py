"""Swedish personnummer and samordningsnummer: parse, validate, mask.

Accepted forms: ``ÅÅÅÅMMDD-NNNN``, ``ÅÅÅÅMMDDNNNN``, ``ÅÅMMDD-NNNN``, ``ÅÅMMDDNNNN`` and ``ÅÅMMDD+NNNN``
(the ``+`` marks a person who is 100 or older). The 10-digit forms need a reference date for the century:
the person is the youngest age (0-99, or 100-199 with ``+``) that the two year digits allow in the
reference year. A samordningsnummer (coordination number) has the day of birth plus 60 (61-91). The last
digit is a Luhn check digit over the 10-digit form. The canonical form is 12 digits, ``ÅÅÅÅMMDDNNNN``.

Messages never repeat the number (it is personal data).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from coachtui.i18n import _

_TWELVE: Final = re.compile(r"^(\d{8})-?(\d{4})$")
_TEN: Final = re.compile(r"^(\d{6})([-+]?)(\d{4})$")
COORDINATION_OFFSET: Final = 60


def luhn_digit(nine: str) -> int:
    """The Luhn check digit of nine digits (weights 2, 1, 2, … from the left)."""
    total = 0
    for i, char in enumerate(nine):
        product = int(char) * (2 if i % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def _full_year(two: int, today: date, hundred_plus: bool) -> int:
    base = today.year - (100 if hundred_plus else 0)
    return base - (base - two) % 100


def parse(text: str, today: date) -> str:
    """The canonical 12 digits of ``text``, or ValueError with a Swedish message naming what is wrong."""
    value = text.strip()
    if not value:
        raise ValueError(_("får inte vara tomt"))
    twelve = _TWELVE.match(value)
    ten = _TEN.match(value) if twelve is None else None
    if twelve is not None:
        digits = twelve.group(1) + twelve.group(2)
    elif ten is not None:
        year = _full_year(int(ten.group(1)[:2]), today, ten.group(2) == "+")
        digits = f"{year:04d}{ten.group(1)[2:]}{ten.group(3)}"
    else:
        raise ValueError(_("fel format: skriv ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN (bara siffror)"))
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    coordination = day > COORDINATION_OFFSET
    try:
        date(year, month, day - COORDINATION_OFFSET if coordination else day)
    except ValueError:
        if coordination:
            raise ValueError(_("datumet finns inte (samordningsnummer: dagen + 60)")) from None
        raise ValueError(_("datumet finns inte")) from None
    if luhn_digit(digits[2:11]) != int(digits[11]):
        raise ValueError(_("fel kontrollsiffra (den sista siffran stämmer inte med de andra)"))
    return digits


def birth_date(canonical: str) -> date:
    """The date of birth of a canonical number (a samordningsnummer's day minus 60)."""
    day = int(canonical[6:8])
    if day > COORDINATION_OFFSET:
        day -= COORDINATION_OFFSET
    return date(int(canonical[:4]), int(canonical[4:6]), day)


def mask(canonical: str) -> str:
    """``ÅÅÅÅMMDD-****``: the date part shown, the last four digits hidden."""
    return f"{canonical[:8]}-****"
