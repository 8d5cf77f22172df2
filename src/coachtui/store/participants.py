"""Coach, participants, steps, journal and employer contacts: commands and queries.

Queries use plain SQL on the read connection and return small NamedTuples
(building ORM objects costs ~30 µs each; the caseload lists thousands).
Commands validate through ``inputs`` and write in one ``db.write()`` transaction
with one audit row (``store.audit.record``).
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from datetime import date
from operator import itemgetter
from typing import Any, NamedTuple

from coachtui.domain import record
from coachtui.store import audit
from coachtui.store.db import Database, StaleRecordError, StoreError, existing, insert, update

# --- queries ---------------------------------------------------------------------------


class CoachRow(NamedTuple):
    id: int
    key: str
    name: str
    municipality: str
    fte: float


def coach(db: Database) -> CoachRow | None:
    """The database's own coach (the first one)."""
    row = db.read().execute("SELECT id, key, name, municipality, fte FROM coach ORDER BY id LIMIT 1").fetchone()
    return CoachRow(*row) if row else None


class CaseloadRow(NamedTuple):
    id: int
    key: str
    first_name: str
    last_name: str
    program: str
    municipality: str
    enrolled_on: date
    sus_consent: bool
    step: int | None
    step_on: date | None
    next_followup_on: date | None
    overdue: int
    last_contact_on: date | None
    exited_on: date | None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


_CASELOAD_COLUMNS = """
p.id, p.key, p.first_name, p.last_name, p.program, p.municipality, p.enrolled_on, p.sus_consent,
s.step, s."on",
(SELECT min(f.due_on) FROM followup f WHERE f.participant_id = p.id AND f.status = 'planned'),
(SELECT count(*) FROM followup f WHERE f.participant_id = p.id AND f.status = 'planned' AND f.due_on < :today),
nullif(max(coalesce((SELECT max(j."on") FROM journal_entry j WHERE j.participant_id = p.id AND j."on" <= :today), ''),
           coalesce((SELECT max(f.done_on) FROM followup f WHERE f.participant_id = p.id AND f.status = 'done'), '')),
       ''),
e."on"
"""
_CASELOAD_FROM = """
FROM participant p
LEFT JOIN exit e ON e.participant_id = p.id
LEFT JOIN step_change s ON s.id = (SELECT s2.id FROM step_change s2 WHERE s2.participant_id = p.id
                                   ORDER BY s2."on" DESC, s2.id DESC LIMIT 1)
{where}
"""
_CASELOAD_SQL = f"SELECT {_CASELOAD_COLUMNS}{_CASELOAD_FROM}ORDER BY p.last_name, p.first_name, p.id"
#: the same rows as one JSON array of arrays (unordered: sorted in Python)
_CASELOAD_JSON_SQL = f"SELECT json_group_array(json_array({_CASELOAD_COLUMNS})){_CASELOAD_FROM}"


def _d(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def caseload(db: Database, *, today: date, include_exited: bool = False, limit: int | None = None) -> list[CaseloadRow]:
    """The caseload by name; ``limit`` gives just the first rows fast (a first screenful)."""
    where = "" if include_exited else "WHERE e.id IS NULL"
    params = {"today": today.isoformat()}
    conn = db.read()
    found: list[Any]
    if limit is None:
        # The whole list as one value: SQLite builds it in one step, with the GIL released throughout. Row by
        # row (fetchall), this thread took the GIL back for every row, and the UI thread painting the first
        # frame at the same time handed it over each time (the paint took twice as long). Sorted here as the
        # ORDER BY would (BINARY collation: code point order, as Python compares strings).
        (text,) = conn.execute(_CASELOAD_JSON_SQL.format(where=where), params).fetchone()
        found = json.loads(text)
        del text  # ~3 MB at 10,000 participants: not kept while the rows are made
        found.sort(key=itemgetter(3, 2, 0))
    else:
        found = conn.execute(_CASELOAD_SQL.format(where=where) + f" LIMIT {int(limit)}", params).fetchall()
    # Thousands of rows at each start: the dates are parsed inline and the tuples made without the
    # NamedTuple's Python-level __new__ (the same values, about a third of the time).
    day = date.fromisoformat
    new = tuple.__new__
    return [
        new(
            CaseloadRow,
            (
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                day(r[6]),
                bool(r[7]),
                r[8],
                day(r[9]) if r[9] else None,
                day(r[10]) if r[10] else None,
                int(r[11]),
                day(r[12]) if r[12] else None,
                day(r[13]) if r[13] else None,
            ),
        )
        for r in found
    ]


class StepRow(NamedTuple):
    id: int
    step: int
    on: date
    note: str


class JournalRow(NamedTuple):
    id: int
    on: date
    kind: str
    text: str


class ContactRow(NamedTuple):
    id: int
    employer: str
    on: date
    person: str
    note: str


class ParticipantDetail(NamedTuple):
    id: int
    key: str
    values: dict[str, Any]  # the ParticipantIn fields, as stored
    steps: list[StepRow]
    journal: list[JournalRow]
    contacts: list[ContactRow]

    @property
    def name(self) -> str:
        return f"{self.values['first_name']} {self.values['last_name']}"

    @property
    def current_step(self) -> StepRow | None:
        return max(self.steps, key=lambda s: (s.on, s.id), default=None)


_PARTICIPANT_FIELDS = (*record.PARTICIPANT_COLUMNS, "personnummer", "phone")


def participant(db: Database, participant_id: int) -> ParticipantDetail:
    conn = db.read()
    cols = ", ".join(f'"{c}"' for c in _PARTICIPANT_FIELDS)
    row = conn.execute(f"SELECT id, key, {cols} FROM participant WHERE id = ?", (participant_id,)).fetchone()
    if row is None:
        from coachtui.i18n import _

        raise StoreError(_("Deltagaren finns inte längre."))
    values = dict(zip(_PARTICIPANT_FIELDS, row[2:], strict=True))
    values["sus_consent"] = bool(values["sus_consent"])
    values["support_before"] = json.loads(values["support_before"])
    for key in ("referred_on", "enrolled_on"):
        values[key] = _d(values[key])
    steps = [
        StepRow(r[0], r[1], date.fromisoformat(r[2]), r[3])
        for r in conn.execute(
            'SELECT id, step, "on", note FROM step_change WHERE participant_id = ? ORDER BY "on", id',
            (participant_id,),
        )
    ]
    journal = [
        JournalRow(r[0], date.fromisoformat(r[1]), r[2], r[3])
        for r in conn.execute(
            'SELECT id, "on", kind, text FROM journal_entry WHERE participant_id = ? ORDER BY "on" DESC, id DESC',
            (participant_id,),
        )
    ]
    contacts = [
        ContactRow(r[0], r[1], date.fromisoformat(r[2]), r[3], r[4])
        for r in conn.execute(
            'SELECT c.id, e.name, c."on", c.person, c.note FROM employer_contact c JOIN employer e'
            ' ON e.id = c.employer_id WHERE c.participant_id = ? ORDER BY c."on" DESC, c.id DESC',
            (participant_id,),
        )
    ]
    return ParticipantDetail(row[0], row[1], values, steps, journal, contacts)


def counts(db: Database) -> dict[str, int]:
    conn = db.read()
    active = conn.execute(
        "SELECT count(*) FROM participant p WHERE NOT EXISTS (SELECT 1 FROM exit e WHERE e.participant_id = p.id)"
    ).fetchone()[0]
    total = conn.execute("SELECT count(*) FROM participant").fetchone()[0]
    return {"active": int(active), "total": int(total)}


# --- participant screen: employments, follow-ups, exit (read only) ---------------------


class FollowupRow(NamedTuple):
    id: int
    kind: str
    slot: str
    due_on: date
    status: str  # planned, done, skipped, unrecorded
    done_on: date | None


def employment_followups(db: Database, employment_id: int) -> list[FollowupRow]:
    """The follow-ups (efterstöd) of one employment, by due date."""
    cur = db.read().execute(
        "SELECT id, kind, slot, due_on, status, done_on FROM followup WHERE employment_id = ? ORDER BY due_on, id",
        (employment_id,),
    )
    return [FollowupRow(r[0], r[1], r[2], date.fromisoformat(r[3]), r[4], _d(r[5])) for r in cur]


def exited_on(db: Database, participant_id: int) -> date | None:
    row = db.read().execute('SELECT "on" FROM exit WHERE participant_id = ?', (participant_id,)).fetchone()
    return _d(row[0]) if row else None


def employer_names(db: Database) -> list[str]:
    """Every known employer name, alphabetically (suggestions in forms)."""
    return [r[0] for r in db.read().execute("SELECT name FROM employer ORDER BY name")]


# --- commands --------------------------------------------------------------------------


def save_coach(db: Database, data: dict[str, Any]) -> int:
    """Create the database's coach, or update it when one exists."""
    from coachtui.store.inputs import CoachIn, parse

    values = parse(CoachIn, data).model_dump()
    with db.write() as conn:
        found = conn.execute("SELECT id FROM coach ORDER BY id LIMIT 1").fetchone()
        if found is None:
            coach_id = insert(conn, "coach", {"key": "c1", **values})
            audit.record(conn, db.clock.now(), "coach created", "coach")
        else:
            coach_id = int(found[0])
            update(conn, "coach", coach_id, values)
            audit.record(conn, db.clock.now(), "coach changed", "coach")
        return coach_id


def new_key() -> str:
    return f"p-{secrets.token_hex(4)}"


def add_participant(db: Database, data: dict[str, Any], *, note: str = "") -> int:
    """Add a participant in step 1 from their enrolment date; returns the new id."""
    from coachtui.i18n import _
    from coachtui.store.inputs import ParticipantIn, parse

    values = parse(ParticipantIn, data)
    _check_personnummer_allowed(db, values.personnummer)
    owner = coach(db)
    if owner is None:
        raise StoreError(_("Ange först coachens namn och kommun."))
    with db.write() as conn:
        person_id = insert(conn, "participant", {"key": new_key(), "coach_id": owner.id, **values.model_dump()})
        insert(conn, "step_change", {"participant_id": person_id, "step": 1, "on": values.enrolled_on, "note": note})
        audit.record(conn, db.clock.now(), "participant added", "participant", count=1)
        return person_id


def version(db: Database, participant_id: int) -> int:
    """The participant's row version (``participant.version``; every write of their own columns bumps it)."""
    row = db.read().execute("SELECT version FROM participant WHERE id = ?", (participant_id,)).fetchone()
    if row is None:
        from coachtui.i18n import _

        raise StoreError(_("Deltagaren finns inte längre."))
    return int(row[0])


def update_participant(
    db: Database, participant_id: int, data: dict[str, Any], *, expected_version: int | None = None
) -> None:
    """Change a participant; a stored personnummer is kept unless ``data`` has the key (None clears it).

    ``expected_version``: the version the caller read (an open form); when the record has been changed since
    (another window, a CLI import), StaleRecordError and nothing is written. The version is bumped by the
    ``participant_version`` trigger on every update, whoever writes (a save that changes nothing writes nothing).
    """
    from coachtui.store.inputs import ParticipantIn, parse

    values = parse(ParticipantIn, data)
    _check_personnummer_allowed(db, values.personnummer)
    changes = values.model_dump()
    for kept in ("personnummer", "phone"):  # a caller that does not edit them leaves them as they are
        if kept not in data:
            del changes[kept]
    with db.write() as conn:
        (stored,) = existing(conn, "participant", participant_id, "version")
        if expected_version is not None and stored != expected_version:
            from coachtui.i18n import _

            raise StaleRecordError(
                _("Deltagaren har ändrats i ett annat fönster sedan formuläret öppnades: inget sparades.")
            )
        update(conn, "participant", participant_id, changes)
        audit.record(conn, db.clock.now(), "participant changed", "participant", count=1)


def stores_personnummer(db: Database) -> bool:
    """The team's setting ``store_personnummer`` (off by default)."""
    from coachtui.store import settings

    return settings.get(db, "store_personnummer").strip() == "1"


def _check_personnummer_allowed(db: Database, value: str | None) -> None:
    if value is not None and not stores_personnummer(db):
        from coachtui.i18n import _
        from coachtui.store.inputs import InputError, Problem

        raise InputError([Problem("personnummer", _("Personnummer sparas inte: inställningen är avstängd"))])


def set_stores_personnummer(db: Database, on: bool) -> int:
    """Turn the setting on or off; off also clears every stored personnummer. Returns how many were cleared."""
    from coachtui.store import settings

    with db.write() as conn:
        settings.write(conn, "store_personnummer", "1" if on else "0")
        cleared = 0
        if not on:
            sql = "UPDATE participant SET personnummer = NULL WHERE personnummer IS NOT NULL"
            cleared = int(conn.execute(sql).rowcount)
        audit.record(conn, db.clock.now(), "setting changed", "store_personnummer", count=cleared)
    if cleared:  # no copy of the numbers may stay behind in the -wal or in free pages
        from coachtui.store.erase import scrub

        scrub(db)
    return cleared


def personnummer_count(db: Database) -> int:
    """How many participants have a stored personnummer."""
    row = db.read().execute("SELECT count(*) FROM participant WHERE personnummer IS NOT NULL").fetchone()
    return int(row[0])


def latest_step(conn: sqlite3.Connection, participant_id: int) -> tuple[int, date] | None:
    """The participant's current step and the day it began (the latest change), or None."""
    row = conn.execute(
        'SELECT step, "on" FROM step_change WHERE participant_id = ? ORDER BY "on" DESC, id DESC LIMIT 1',
        (participant_id,),
    ).fetchone()
    return (int(row[0]), date.fromisoformat(row[1])) if row is not None else None


def change_step(db: Database, participant_id: int, data: dict[str, Any], *, today: date) -> int:
    """Record that the participant entered a step (forward or back) on a date: not after ``today``, and not
    before the day the current step began (the steps are a sequence in time)."""
    from coachtui.i18n import _
    from coachtui.store.inputs import InputError, Problem, StepIn, field_label, parse, step_date_problems

    values = parse(StepIn, data)
    with db.write() as conn:
        existing(conn, "participant", participant_id)
        latest = latest_step(conn, participant_id)
        current = latest[1] if latest is not None else None
        problems = step_date_problems(values.on, None, today)
        if problems:
            raise InputError(problems)
        if current is not None and values.on < current:
            message = _("kan inte vara före {day}, då nuvarande steg började", day=current.isoformat())
            raise InputError([Problem("on", f"{field_label('on')}: {message}")])
        change_id = insert(conn, "step_change", {"participant_id": participant_id, **values.model_dump()})
        audit.record(conn, db.clock.now(), "step changed", "step_change", count=1, detail=str(values.step))
        return change_id


def add_journal(db: Database, participant_id: int, data: dict[str, Any]) -> int:
    from coachtui.store.inputs import JournalIn, parse

    values = parse(JournalIn, data)
    with db.write() as conn:
        existing(conn, "participant", participant_id)
        entry_id = insert(conn, "journal_entry", {"participant_id": participant_id, **values.model_dump()})
        audit.record(conn, db.clock.now(), "journal added", "journal_entry", count=1)
        return entry_id


def update_journal(db: Database, entry_id: int, data: dict[str, Any]) -> None:
    from coachtui.store.inputs import JournalIn, parse

    values = parse(JournalIn, data)
    with db.write() as conn:
        existing(conn, "journal_entry", entry_id)
        update(conn, "journal_entry", entry_id, values.model_dump())
        audit.record(conn, db.clock.now(), "journal changed", "journal_entry", count=1)


def delete_journal(db: Database, entry_id: int) -> None:
    with db.write() as conn:
        existing(conn, "journal_entry", entry_id)
        conn.execute("DELETE FROM journal_entry WHERE id = ?", (entry_id,))
        audit.record(conn, db.clock.now(), "journal deleted", "journal_entry", count=1)


def employer_id(conn: sqlite3.Connection, name: str) -> int:
    """The id of the employer called ``name``, created when new (inside the caller's write)."""
    found = conn.execute("SELECT id FROM employer WHERE name = ?", (name,)).fetchone()
    if found is not None:
        return int(found[0])
    return insert(conn, "employer", {"name": name})


def add_employer_contact(db: Database, participant_id: int, data: dict[str, Any]) -> int:
    from coachtui.store.inputs import EmployerContactIn, parse

    values = parse(EmployerContactIn, data)
    with db.write() as conn:
        existing(conn, "participant", participant_id)
        contact_id = insert(
            conn,
            "employer_contact",
            {
                "participant_id": participant_id,
                "employer_id": employer_id(conn, values.employer),
                "on": values.on,
                "person": values.person,
                "note": values.note,
            },
        )
        audit.record(conn, db.clock.now(), "employer contact added", "employer_contact", count=1)
        return contact_id


def update_employer_contact(db: Database, contact_id: int, data: dict[str, Any]) -> None:
    """Change an employer contact (employer, date, person, note); a new employer name joins the register."""
    from coachtui.store.inputs import EmployerContactIn, parse

    values = parse(EmployerContactIn, data)
    with db.write() as conn:
        existing(conn, "employer_contact", contact_id)
        changes = {
            "employer_id": employer_id(conn, values.employer),
            "on": values.on,
            "person": values.person,
            "note": values.note,
        }
        update(conn, "employer_contact", contact_id, changes)
        audit.record(conn, db.clock.now(), "employer contact changed", "employer_contact", count=1)


def delete_employer_contact(db: Database, contact_id: int) -> None:
    with db.write() as conn:
        existing(conn, "employer_contact", contact_id)
        conn.execute("DELETE FROM employer_contact WHERE id = ?", (contact_id,))
        audit.record(conn, db.clock.now(), "employer contact deleted", "employer_contact", count=1)
