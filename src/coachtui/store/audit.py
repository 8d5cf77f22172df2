"""The one audit writer: what was done, to which table, how many rows, a period or the keys. Never names.

Every write of the store that leaves an audit row calls :func:`record` on the connection of its own
transaction (``Database.write()``), so the row commits or rolls back with what it describes. Plain SQL on
purpose: an export only reads otherwise, and importing SQLModel would cost ~0.7 s.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from coachtui.store.db import Database


def record(
    conn: sqlite3.Connection, at: datetime | date, action: str, entity: str = "", *, count: int = 0, detail: str = ""
) -> None:
    """One audit row in ``conn``'s open transaction, at ``at`` (the caller's injected clock).

    A date alone (an erasure: when, to the day, and nothing more) is written as the date.
    """
    when = at.isoformat(timespec="seconds") if isinstance(at, datetime) else at.isoformat()
    conn.execute(
        "INSERT INTO audit(at, action, entity, count, detail) VALUES (?, ?, ?, ?, ?)",
        (when, action, entity, count, detail),
    )


def record_export(
    db: Database,
    what: str,
    entity: str,
    start: date | None,
    end: date | None,
    count: int,
    fmt: str,
    *,
    now: datetime | None = None,
) -> None:
    """One audit row for something written out of the database (``…`` for an open end of the period)."""
    period = f"{start.isoformat() if start else '…'}--{end.isoformat() if end else '…'}"
    with db.write() as conn:
        record(conn, now or db.clock.now(), f"export {what}", entity, count=count, detail=f"{period} {fmt}")
