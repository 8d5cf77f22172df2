"""When a participant's exit is registered in SUS (System för Uppföljning av Samverkan, run by Försäkringskassan)."""

from __future__ import annotations

from datetime import date
from typing import Final

from coachtui.domain.codes import DELAYED_SUS_REASONS, EXIT_REASON
from coachtui.domain.dates import add_months

DEFAULT_DELAY_MONTHS: Final = 3


def sus_exit_date(exited_on: date, reason: str, delay_months: int = DEFAULT_DELAY_MONTHS) -> date:
    """The date to register the exit in SUS.

    For work and studies (``codes.DELAYED_SUS_REASONS``) the team waits
    ``delay_months`` calendar months after ``exited_on`` (a day missing in the
    target month becomes its last day: 30 November + 3 months = 28 February);
    for every other reason (e.g. consent_withdrawn) it is ``exited_on`` itself.
    Raises ValueError for a reason outside ``codes.EXIT_REASON`` or a negative delay.
    """
    if reason not in EXIT_REASON:
        raise ValueError(f"unknown exit reason: {reason!r}")
    if delay_months < 0:
        raise ValueError(f"delay_months must be >= 0, not {delay_months}")
    if reason in DELAYED_SUS_REASONS:
        return add_months(exited_on, delay_months)
    return exited_on
