"""Erasing participants for good, one at a time or by the retention rule (gallring).

Every row about the person goes (the foreign keys cascade from ``participant``
to steps, journal, employer contacts, employments, follow-ups and the exit).
With ``secure_delete`` on (every connection), a WAL checkpoint(TRUNCATE) and a
VACUUM afterwards, no byte of what was deleted is left in the data file or its
-wal. The audit log gets one row, "participant erased", with the date only.
Audit rows never hold personal data (see ``store.audit``), so nothing in the
log points back at the person.

Backups made before the erasure still hold the person until they are rotated
out (see SECURITY.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from coachtui.domain import retention
from coachtui.store import audit, settings
from coachtui.store.db import Database, StoreError


@dataclass(frozen=True, slots=True)
class Erased:
    count: int
    scrubbed: bool  # False when another window kept the -wal from being emptied (it is emptied later)


def erase_participant(db: Database, participant_id: int, *, now: datetime | None = None) -> Erased:
    """Erase one participant and everything about them."""
    from coachtui.i18n import _

    erased = erase_participants(db, [participant_id], now=now, action="participant erased")
    if erased.count == 0:
        raise StoreError(_("Deltagaren finns inte längre."))
    return erased


def erase_by_key(
    db: Database, key: str, *, names: tuple[str, str] | None = None, now: datetime | None = None
) -> Erased:
    """Erase the participant with the stable ``key`` (never a row id: a restore can give the id to someone else).

    ``names``: the first and last name the coach confirmed; if the file's participant with that key has other
    names, nothing is erased. The look-up and the delete are one write transaction (which also refuses a file
    replaced since it was opened: ``Database.check_identity``). The audit row has the date only.
    """
    from coachtui.i18n import _

    day = (now or db.clock.now()).date()
    with db.write() as conn:
        row = conn.execute("SELECT id, first_name, last_name FROM participant WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise StoreError(_("Deltagaren finns inte längre."))
        if names is not None and (str(row[1]), str(row[2])) != names:
            raise StoreError(_("Deltagaren i datafilen är inte den som visas: inget raderades. Öppna deltagaren igen."))
        conn.execute("DELETE FROM participant WHERE id = ?", (row[0],))
        audit.record(conn, day, "participant erased", "participant", count=1)
    return Erased(1, scrub(db))


def find_by_key(db: Database, key: str) -> tuple[str, str] | None:
    """The first and last name of the participant with ``key`` (None: no such participant)."""
    row = db.read().execute("SELECT first_name, last_name FROM participant WHERE key = ?", (key,)).fetchone()
    return (str(row[0]), str(row[1])) if row is not None else None


def erase_participants(
    db: Database,
    participant_ids: Sequence[int],
    *,
    now: datetime | None = None,
    action: str = "participants erased (retention)",
) -> Erased:
    """Erase several participants in one transaction, then scrub the file; one audit row with the count."""
    day = (now or db.clock.now()).date()
    ids = sorted(set(participant_ids))
    count = 0
    with db.write() as conn:
        for pid in ids:
            count += conn.execute("DELETE FROM participant WHERE id = ?", (pid,)).rowcount
        if count:
            audit.record(conn, day, action, "participant", count=count)
    if count == 0:
        return Erased(0, True)
    return Erased(count, scrub(db))


def scrub(db: Database) -> bool:
    """Leave no deleted bytes behind: checkpoint the WAL into the file, VACUUM, and empty the WAL.

    Returns False when another connection's open read kept the WAL from being emptied.
    """
    from coachtui.store import paths

    conn = db.conn()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("VACUUM")
    busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    paths.remove_leftovers(db.path)  # a killed backup's copy still holds the person
    return int(busy) == 0


# --- retention (gallring) --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DueRow:
    id: int
    key: str
    first_name: str
    last_name: str
    exited_on: date
    erase_on: date

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def retention_years(db: Database) -> int:
    try:
        return max(0, settings.get_int(db, "retention_years"))
    except ValueError:
        return 0


def due_for_erasure(db: Database, today: date) -> list[DueRow]:
    """Participants whose exit is at least ``retention_years`` years before ``today`` (none when 0: off)."""
    years = retention_years(db)
    if years <= 0:
        return []
    rows = (
        db.read()
        .execute(
            'SELECT p.id, p.key, p.first_name, p.last_name, e."on" FROM participant p'
            ' JOIN exit e ON e.participant_id = p.id ORDER BY e."on", p.last_name, p.first_name, p.id'
        )
        .fetchall()
    )
    exits = [
        (DueRow(r[0], r[1], r[2], r[3], exited, retention.add_years(exited, years)), exited)
        for r in rows
        for exited in [date.fromisoformat(r[4])]
    ]
    return retention.due_for_erasure(exits, today=today, years=years)
