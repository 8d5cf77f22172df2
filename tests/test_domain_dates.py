"""The one month rule (`domain.dates.add_months`)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from coachtui.domain.dates import add_months


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 11, 30), 3, date(2027, 2, 28)),  # the SUS delay example of DOMAIN.md
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -13, date(2024, 12, 15)),
        (date(2026, 5, 5), 0, date(2026, 5, 5)),
    ],
)
def test_known_cases(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_same_as_relativedelta_on_every_day_of_four_years() -> None:
    start = date(2023, 1, 1)
    for offset in range(4 * 366):  # every day of month, month ends and two leap days
        day = start + timedelta(days=offset)
        for months in (-25, -12, -6, -1, 0, 1, 2, 3, 6, 11, 12, 13, 36, 37, 60):
            assert add_months(day, months) == day + relativedelta(months=months), (day, months)
