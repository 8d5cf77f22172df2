"""The injected clock: the one source of "today" and "now".

Nothing else in the code calls ``date.today()`` or ``datetime.now()``: the CLI and
the app build one clock here and pass it down. Calling the clock gives today
(``clock()``, as every caller has always used it); ``clock.now()`` gives the
moment, for audit rows, backup names and calendar stamps.
``COACHTUI_TODAY=YYYY-MM-DD`` pins the day for training and tests (the time of day
then still follows the wall clock, so audit rows keep their order).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime, time

ENV_TODAY = "COACHTUI_TODAY"


class Clock:
    """Today and now from one source. ``clock()`` is today."""

    __slots__ = ("_now",)

    def __init__(self, now: Callable[[], datetime]) -> None:
        self._now = now

    def __call__(self) -> date:
        return self._now().date()

    def today(self) -> date:
        return self._now().date()

    def now(self) -> datetime:
        return self._now()


def fixed_clock(day: date, at: time = time(9, 0)) -> Clock:
    """A frozen clock: always ``day`` at ``at`` (tests)."""
    moment = datetime.combine(day, at)
    return Clock(lambda: moment)


def system_clock() -> Clock:
    return Clock(datetime.now)


def pinned_day_clock(day: date) -> Clock:
    """``day`` with the wall clock's time of day (COACHTUI_TODAY)."""
    return Clock(lambda: datetime.combine(day, datetime.now().time()))


def clock_from_env(environ: dict[str, str] | None = None) -> Clock:
    """The clock for a command: COACHTUI_TODAY when set, else the system clock.

    Raises ValueError (with a Swedish message through the caller) on a bad value.
    """
    value = (environ if environ is not None else dict(os.environ)).get(ENV_TODAY, "").strip()
    if not value:
        return system_clock()
    return pinned_day_clock(date.fromisoformat(value))
