"""The calendar export, one use case for ``coachtui export calendar`` and the reminders view's **e**."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from coachtui.store.db import Database


def export_calendar(db: Database, path: Path, start: date, end: date, *, now: datetime) -> int:
    """Write the follow-ups due ``start`` … ``end`` to ``path`` (never over the data file) and log it (what,
    period, count). Returns the number of events."""
    from coachtui.exports import ics
    from coachtui.store import audit, followups

    count = ics.write_calendar(path, followups.calendar_rows(db, start, end), now=now, db_path=db.path)
    audit.record_export(db, "calendar", "followup", start, end, count, "ics", now=now)
    return count
