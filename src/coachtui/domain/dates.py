"""Calendar months: the one rule every part of coachtui uses to add them."""

from __future__ import annotations

from calendar import monthrange
from datetime import date


def add_months(day: date, months: int) -> date:
    """``day`` + ``months`` calendar months (may be negative), a missing day clamped to the month's last day.

    The same as ``day + dateutil.relativedelta(months=months)``: 31 January + 1 month is
    28 (29) February, 30 November + 3 months is 28 (29) February. About twenty times
    faster, which the exports and reports of thousands of exits notice.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))
