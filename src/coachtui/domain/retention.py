"""How long things are kept: backup rotation and the erase-after-exit rule (gallring). Pure functions."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import date, datetime
from typing import TypeVar

T = TypeVar("T")

DAILY = 7
WEEKLY = 4
MONTHLY = 12


def _newest_per_period(stamps: list[datetime], period: Callable[[datetime], Hashable], limit: int) -> set[datetime]:
    """The newest stamp of each of the latest ``limit`` periods that have one (stamps sorted newest first)."""
    kept: dict[Hashable, datetime] = {}
    for stamp in stamps:
        key = period(stamp)
        if key not in kept:
            if len(kept) == limit:
                break
            kept[key] = stamp
    return set(kept.values())


def backups_to_keep(
    stamps: Iterable[datetime],
    *,
    today: date,
    daily: int = DAILY,
    weekly: int = WEEKLY,
    monthly: int = MONTHLY,
) -> set[datetime]:
    """Grandfather-father-son rotation: which backups (by time stamp) to keep.

    Kept: every backup made ``today``; the newest backup of each of the latest
    ``daily`` days, ``weekly`` ISO weeks and ``monthly`` calendar months that
    have one (days without a backup, e.g. a laptop left shut, do not count).
    A stamp in the future (a wrong clock) is always kept.
    """
    ordered = sorted(set(stamps), reverse=True)
    keep = {s for s in ordered if s.date() >= today}
    keep |= _newest_per_period(ordered, lambda s: s.date(), daily)
    keep |= _newest_per_period(ordered, lambda s: s.isocalendar()[:2], weekly)
    keep |= _newest_per_period(ordered, lambda s: (s.year, s.month), monthly)
    return keep


def add_years(day: date, years: int) -> date:
    """``day`` + ``years`` calendar years (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def erase_on(exited_on: date, years: int) -> date | None:
    """The first day a participant who exited on ``exited_on`` is due for erasure; None when the rule is off."""
    if years <= 0:
        return None
    return add_years(exited_on, years)


def due_for_erasure(exits: Iterable[tuple[T, date]], *, today: date, years: int) -> list[T]:
    """The items whose exit is at least ``years`` years before ``today`` (none when ``years`` is 0)."""
    due: list[T] = []
    for item, exited_on in exits:
        first_day = erase_on(exited_on, years)
        if first_day is not None and first_day <= today:
            due.append(item)
    return due
