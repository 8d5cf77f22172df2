"""Audit rows for exports: what, which period, which format, how many rows. Never names.

Plain SQL on purpose: an export only reads otherwise, and importing SQLModel would cost ~0.7 s.
"""

from __future__ import annotations

from datetime import date, datetime

from coachtui.store.db import Database


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
        conn.execute(
            "INSERT INTO audit(at, action, entity, count, detail) VALUES (?, ?, ?, ?, ?)",
            ((now or db.clock.now()).isoformat(timespec="seconds"), f"export {what}", entity, count, f"{period} {fmt}"),
        )
