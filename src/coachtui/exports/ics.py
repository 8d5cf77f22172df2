"""The efterstöd calendar as an iCalendar (.ics) file that Outlook and phone calendars import.

One all-day VEVENT per follow-up slot: planned ones CONFIRMED, skipped ones
CANCELLED (so a calendar that imported them earlier removes them). The UID is
built from the follow-up's and the employment's ids only, so it is stable
across exports; SEQUENCE is the follow-up's ``sequence`` (bumped on every
reschedule), so calendars replace the old event. The calendar leaves this
computer: SUMMARY holds the participant's initials only, no other personal
data, and every event is CLASS:PRIVATE.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Final, Protocol

from coachtui.domain.codes import label
from coachtui.domain.dates import add_months
from coachtui.i18n import _, language

if TYPE_CHECKING:
    pass

PRODID: Final = "-//coachtui//Efterstöd//SV"
UID_DOMAIN: Final = "coachtui"


class CalendarSlot(Protocol):
    """What the writer needs of a follow-up (``store.followups.CalendarRow``)."""

    @property
    def followup_id(self) -> int: ...

    @property
    def employment_id(self) -> int: ...

    @property
    def kind(self) -> str: ...

    @property
    def slot(self) -> str: ...

    @property
    def due_on(self) -> date: ...

    @property
    def status(self) -> str: ...

    @property
    def sequence(self) -> int: ...

    @property
    def initials(self) -> str: ...


def uid(row: CalendarSlot) -> str:
    """A stable UID for a slot: ids only, never a name."""
    return f"{row.followup_id}-{row.employment_id}@{UID_DOMAIN}"


def summary(row: CalendarSlot) -> str:
    """ "Efterstöd: besök V3 – A.A." """
    kind = label("followup_kind", row.kind, language()).lower()
    return _("Efterstöd: {kind} {slot} – {initials}", kind=kind, slot=row.slot, initials=row.initials)


def calendar_bytes(rows: Iterable[CalendarSlot], *, now: datetime) -> bytes:
    """The .ics text (CRLF line endings, folded, UTF-8) for ``rows``."""
    from icalendar import Calendar, Event

    stamp = now.astimezone(UTC) if now.tzinfo else now.replace(tzinfo=UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("Efterstöd"))
    for row in rows:
        event = Event()
        event.add("uid", uid(row))
        event.add("dtstamp", stamp)
        event.add("dtstart", row.due_on)
        event.add("dtend", row.due_on + timedelta(days=1))
        event.add("summary", summary(row))
        event.add("sequence", row.sequence)
        event.add("class", "PRIVATE")
        event.add("status", "CANCELLED" if row.status == "skipped" else "CONFIRMED")
        event.add("transp", "TRANSPARENT")  # an all-day reminder, not a busy day
        cal.add_component(event)
    return bytes(cal.to_ical())


def write_calendar(path: Path, rows: Iterable[CalendarSlot], *, now: datetime, db_path: Path) -> int:
    """Write the calendar to ``path`` (0600, atomically; never over the data file ``db_path``); returns the
    number of events."""
    from coachtui.exports.files import write_private

    materialised = list(rows)
    write_private(path, calendar_bytes(materialised, now=now), db_path=db_path)
    return len(materialised)


def default_period(today: date, months: int = 6) -> tuple[date, date]:
    """From today to ``months`` calendar months ahead."""
    return today, add_months(today, months)


def default_filename(start: date, end: date) -> str:
    """``coachtui-efterstod-<from>--<to>.ics``: what and which period."""
    from coachtui.exports.files import default_name

    return default_name("efterstod", start, end, "ics")
