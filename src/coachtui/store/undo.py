"""Undo of the coach's last actions: a row's values before and after an action, and the one write that
puts the before back.

An action (done, skip, reschedule, snooze, SUS registered, step change, journal delete) is done by its own
store function; :func:`snapshot` reads the row it touches just before and just after, and a :class:`Change`
keeps both. :func:`restore` writes the before back in one ``BEGIN IMMEDIATE`` transaction, with its audit
row, but only when every row is still exactly as the action left it: a row changed since (another window,
an import, an erased participant) is refused with a clear message and nothing is written. A follow-up put
back gets a higher ``sequence``, so calendars update the event like after any other change.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coachtui.store.audit import record
from coachtui.store.db import Database, StoreError

#: The tables an undo may write, each with the column that names its participant.
TABLES: Mapping[str, str] = {
    "followup": "participant_id",
    "exit": "participant_id",
    "step_change": "participant_id",
    "journal_entry": "participant_id",
}

Row = tuple[tuple[str, Any], ...]  # (column, raw SQLite value), in the table's column order


class UndoRefused(StoreError):
    """The row changed since the action (or is gone): nothing was undone, and this undo never will be."""


@dataclass(frozen=True, slots=True)
class Change:
    """One row an action changed: its values before (None: the action created it) and after (None: the
    action deleted it)."""

    table: str
    row_id: int
    before: Row | None
    after: Row | None

    def changed_columns(self) -> set[str]:
        before = dict(self.before or ())
        after = dict(self.after or ())
        return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def _table(table: str) -> str:
    if table not in TABLES:
        raise ValueError(f"not an undoable table: {table}")
    return table


def _read(conn: sqlite3.Connection, table: str, row_id: int) -> Row | None:
    cur = conn.execute(f'SELECT * FROM "{_table(table)}" WHERE id = ?', (row_id,))
    found = cur.fetchone()
    if found is None:
        return None
    return tuple(zip((d[0] for d in cur.description), found, strict=True))


def snapshot(db: Database, table: str, row_id: int) -> Row | None:
    """The row's every column as stored now (None: there is no such row)."""
    return _read(db.read(), table, row_id)


def initials_of(db: Database, participant_id: int) -> str:
    """The participant's initials ("A.A."; "" when gone): what an undo entry names on the coach's screen."""
    from coachtui.domain.people import initials

    found = (
        db.read().execute("SELECT first_name, last_name FROM participant WHERE id = ?", (participant_id,)).fetchone()
    )
    return initials(str(found[0]), str(found[1])) if found is not None else ""


def _refused(what: str) -> UndoRefused:
    from coachtui.i18n import _

    return UndoRefused(_("Kan inte ångra {what}: det har ändrats sedan dess. Inget ändrades.", what=what))


def _gone(what: str) -> UndoRefused:
    from coachtui.i18n import _

    return UndoRefused(
        _("Kan inte ångra {what}: posten eller deltagaren finns inte längre. Inget ändrades.", what=what)
    )


def restore(db: Database, changes: Sequence[Change], action: str, *, what: str) -> None:
    """Put every change's ``before`` back, in one transaction with the audit row ``undo <action>``.

    ``what`` names the action in the refusal. Refused (UndoRefused, nothing written) when a row is no
    longer exactly its ``after``, or when a deleted row's participant is gone.
    """
    with db.write() as conn:
        for change in changes:
            current = _read(conn, change.table, change.row_id)
            if current != change.after:
                raise _gone(what) if current is None else _refused(what)
            if change.after is None and change.before is not None:
                owner = dict(change.before)[TABLES[change.table]]
                if conn.execute("SELECT 1 FROM participant WHERE id = ?", (owner,)).fetchone() is None:
                    raise _gone(what)
        for change in changes:
            table = _table(change.table)
            if change.before is None:
                conn.execute(f'DELETE FROM "{table}" WHERE id = ?', (change.row_id,))
                continue
            values = dict(change.before)
            if table == "followup" and change.after is not None:
                values["sequence"] = int(dict(change.after)["sequence"]) + 1  # calendars see the change
            names = list(values)
            quoted = ", ".join(f'"{n}"' for n in names)
            if change.after is None:
                marks = ", ".join("?" for _n in names)
                conn.execute(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', [values[n] for n in names])
            else:
                settings = ", ".join(f'"{n}" = ?' for n in names if n != "id")
                conn.execute(
                    f'UPDATE "{table}" SET {settings} WHERE id = ?',
                    [*(values[n] for n in names if n != "id"), change.row_id],
                )
        entity = changes[0].table if changes else ""
        record(conn, db.clock.now(), f"undo {action}", entity, count=len(changes))
