"""The injected "today".

Nothing deep in the code calls ``date.today()``: the CLI and the app build one
clock here and pass it down. ``COACHTUI_TODAY=YYYY-MM-DD`` pins it for training
and tests.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime

Clock = Callable[[], date]

ENV_TODAY = "COACHTUI_TODAY"


def fixed_clock(day: date) -> Clock:
    return lambda: day


def system_clock() -> Clock:
    return date.today


def clock_from_env(environ: dict[str, str] | None = None) -> Clock:
    """The clock for a command: COACHTUI_TODAY when set, else the system date.

    Raises ValueError (with a Swedish message through the caller) on a bad value.
    """
    value = (environ if environ is not None else dict(os.environ)).get(ENV_TODAY, "").strip()
    if not value:
        return system_clock()
    return fixed_clock(date.fromisoformat(value))


def now_of(clock: Clock) -> datetime:
    """The moment for time stamps (e.g. an .ics DTSTAMP): the injected clock's day at the wall clock's time
    of day, so a pinned day (COACHTUI_TODAY, tests) is the day every stamp carries."""
    return datetime.combine(clock(), datetime.now().time())
