"""domain.personnummer: forms, century, samordningsnummer, Luhn, masking.

Numbers used here: 19121212-1212 is the well-known test person "Tolvan Tolvansson" that Skatteverket's
examples use. Every other number is CONSTRUCTED for these tests, not real: its date is in the 2090s (nobody is
born yet) or does not exist, and its check digit was worked out by hand with the Luhn rule.
"""

from __future__ import annotations

from datetime import date

import pytest

from coachtui.domain.personnummer import birth_date, luhn_digit, mask, parse
from coachtui.i18n import set_language

TODAY = date(2026, 11, 23)
TOLVAN = "191212121212"
# Constructed: a samordningsnummer for a date of birth 2090-12-31 (day 31 + 60 = 91), serial 123, check 7.
COORDINATION = "209012911237"
# Constructed: born 2091-01-05, serial 987; check digit 2 (9 1 0 1 0 5 9 8 7 with weights 2 1 2 1 …: digit sum 38).
FUTURE = "209101059872"


def test_luhn_digit_of_the_test_numbers() -> None:
    assert luhn_digit("121212121") == 2
    assert luhn_digit("901291123") == 7
    assert luhn_digit("910105987") == 2


@pytest.mark.parametrize(
    ("text", "today"),
    [
        ("19121212-1212", TODAY),  # 12 digits with hyphen
        ("191212121212", TODAY),  # 12 digits without
        (" 19121212-1212 ", TODAY),  # surrounding blanks are ignored
        ("121212+1212", TODAY),  # 10 digits, + : 100 years or older
        ("121212-1212", date(2011, 1, 1)),  # 10 digits, hyphen: under 100 in the reference year
        ("1212121212", date(2011, 1, 1)),  # 10 digits without separator
    ],
)
def test_every_form_gives_the_canonical_12_digits(text: str, today: date) -> None:
    assert parse(text, today) == TOLVAN


def test_the_century_of_the_10_digit_form_follows_the_reference_date() -> None:
    assert parse("121212-1212", date(2026, 11, 23)) == "201212121212"  # under 100 in 2026
    assert parse("121212+1212", date(2026, 11, 23)) == TOLVAN
    assert parse("910105-9872", date(2150, 1, 1)) == FUTURE
    assert parse("910105+9872", date(2200, 1, 1)) == FUTURE
    assert parse("910105-9872", date(2091, 12, 31)) == FUTURE  # born this year: age 0


def test_samordningsnummer_day_plus_60() -> None:
    assert parse("20901291-1237", TODAY) == COORDINATION
    assert parse("901291-1237", date(2150, 1, 1)) == COORDINATION
    assert birth_date(COORDINATION) == date(2090, 12, 31)
    assert birth_date(TOLVAN) == date(1912, 12, 12)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "får inte vara tomt"),
        ("   ", "får inte vara tomt"),
        ("19121212-12A2", "fel format"),
        ("TOLVAN", "fel format"),
        ("1912121-21212", "fel format"),
        ("19121212+1212", "fel format"),  # + only in the 10-digit form
        ("19121212--1212", "fel format"),
        ("1912121212123", "fel format"),
        ("12121212", "fel format"),
        ("20230230-1235", "datumet finns inte"),  # 30 February (the check digit is right for it)
        ("20911305-9872", "datumet finns inte"),  # month 13
        ("20910100-9872", "datumet finns inte"),  # day 0
        ("20901292-1236", "datumet finns inte (samordningsnummer"),  # day 32 + 60
        ("19121212-1213", "fel kontrollsiffra"),
        ("121212+1210", "fel kontrollsiffra"),
        ("20901291-1238", "fel kontrollsiffra"),
    ],
)
def test_what_is_wrong_is_named(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=r"^" + message.replace("(", r"\(")) as caught:
        parse(text, TODAY)
    assert "1212" not in str(caught.value) and "9872" not in str(caught.value)  # never echoes the number


def test_messages_in_english() -> None:
    set_language("en")
    with pytest.raises(ValueError, match="check digit"):
        parse("19121212-1213", TODAY)
    with pytest.raises(ValueError, match="does not exist"):
        parse("20230230-1235", TODAY)


def test_mask_shows_the_date_and_hides_the_last_four() -> None:
    assert mask(TOLVAN) == "19121212-****"
    assert mask(COORDINATION) == "20901291-****"
