"""Exits (utskrivning): register, edit, undo, mark registered in SUS; queries for the exports.

Rules (issue 5):

- Input passes ``inputs.ExitIn`` (reason required and known, occupation after
  agrees with a work reason, extent 0 for none), then the checks that need the
  participant and today: the exit date is not before the enrolment date and
  not beyond today + 31 days (``inputs.MAX_DAYS_AHEAD``); a SUS registration date is not in the future.
- Planned follow-ups due *after* the exit date are kept when the reason is work
  (efterstöd goes on as continued support) and otherwise cancelled: status
  ``skipped``, ``cancelled_by_exit`` set, and the note ``"Avslutad: <reason
  label>"`` (``CANCEL_NOTE``) for the coach to read. Editing or undoing an exit
  first gives those cancelled follow-ups back (status ``planned``, note
  emptied), then applies the rule again; ones the coach skipped stay skipped.
- ``consent_withdrawn``: the SUS exit is due at once (``domain.sus``) and the
  person is never counted as anonymous (``domain.exports.in_sus``).
- Every change writes an audit row with counts only, never personal data.

Queries are plain SQL returning ``domain.exports`` dataclasses; commands write
in one ``db.write()`` transaction with one ``audit.record`` row and import the
input models inside the function (start-up cost), so the read paths
(reminders, exports) stay light.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any, Final

from coachtui.domain import codes
from coachtui.domain.codes import Occupation
from coachtui.domain.exports import ExitRecord, FinsamPerson
from coachtui.i18n import _
from coachtui.store import audit, settings
from coachtui.store.db import Database, StoreError, existing, insert, update

if TYPE_CHECKING:
    from coachtui.store.inputs import ExitIn

#: Start of the note written on follow-ups cancelled by an exit (stored data, kept in Swedish).
CANCEL_NOTE: Final = "Avslutad: "


# --- queries ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExitValues:
    """A stored exit, as the form edits it."""

    id: int
    on: date
    reason: str
    occupation_after_kind: str
    occupation_after_extent: int
    support_after: tuple[str, ...]
    sus_registered_on: date | None


@dataclass(frozen=True, slots=True)
class ExitContext:
    """What the exit form shows about a participant."""

    participant_id: int
    first_name: str
    last_name: str
    enrolled_on: date
    sus_consent: bool
    delay_months: int
    exit: ExitValues | None
    employment_extent: int | None = None  # the current (latest open) employment's extent, in percent

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def _d(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def delay_months(db: Database) -> int:
    """The team's SUS delay for work and studies (setting ``sus_delay_months``, default 3)."""
    return settings.sus_delay_months(db)


def exit_of(db: Database, participant_id: int) -> ExitValues | None:
    row = (
        db.read()
        .execute(
            'SELECT id, "on", reason, occupation_after_kind, occupation_after_extent, support_after,'
            " sus_registered_on FROM exit WHERE participant_id = ?",
            (participant_id,),
        )
        .fetchone()
    )
    if row is None:
        return None
    return ExitValues(
        int(row[0]),
        date.fromisoformat(row[1]),
        str(row[2]),
        str(row[3]),
        int(row[4]),
        tuple(json.loads(row[5])),
        _d(row[6]),
    )


def exit_context(db: Database, participant_id: int) -> ExitContext:
    row = (
        db.read()
        .execute(
            "SELECT first_name, last_name, enrolled_on, sus_consent FROM participant WHERE id = ?",
            (participant_id,),
        )
        .fetchone()
    )
    if row is None:
        raise StoreError(_("Deltagaren finns inte längre."))
    return ExitContext(
        participant_id,
        str(row[0]),
        str(row[1]),
        date.fromisoformat(row[2]),
        bool(row[3]),
        delay_months(db),
        exit_of(db, participant_id),
        _current_extent(db, participant_id),
    )


def _current_extent(db: Database, participant_id: int) -> int | None:
    """The extent of the participant's latest employment that has not ended (None without one)."""
    row = (
        db.read()
        .execute(
            "SELECT extent FROM employment WHERE participant_id = ? AND end_on IS NULL ORDER BY start_on DESC, id DESC",
            (participant_id,),
        )
        .fetchone()
    )
    return int(row[0]) if row is not None else None


def followups_to_cancel(db: Database, participant_id: int, on: date, reason: str) -> int:
    """How many follow-ups an exit on ``on`` for ``reason`` would cancel (0 for work reasons).

    Counts planned ones due after ``on`` and, when editing, those an earlier
    save cancelled (they are given back first).
    """
    if not codes.exit_cancels_followups(reason):
        return 0
    row = (
        db.read()
        .execute(
            "SELECT count(*) FROM followup WHERE participant_id = ? AND due_on > ?"
            " AND (status = 'planned' OR cancelled_by_exit)",
            (participant_id, on.isoformat()),
        )
        .fetchone()
    )
    return int(row[0])


_RECORD_SQL = """
SELECT e.id, p.id, p.key, p.first_name, p.last_name, p.birth_year, p.gender, p.municipality, p.program,
       p.enrolled_on, p.sus_consent, p.education, p.support_before, p.occupation_before_kind,
       p.occupation_before_extent, e."on", e.reason, e.occupation_after_kind, e.occupation_after_extent,
       e.support_after, e.sus_registered_on
FROM exit e JOIN participant p ON p.id = e.participant_id
WHERE (:start IS NULL OR e."on" >= :start) AND (:end IS NULL OR e."on" <= :end)
ORDER BY e."on", p.last_name, p.first_name, e.id
"""


@cache
def _codes(text: str) -> tuple[str, ...]:
    """A stored JSON list of codes (few distinct ones: parsed once each)."""
    return tuple(json.loads(text))


def exit_records(db: Database, start: date | None = None, end: date | None = None) -> list[ExitRecord]:
    """Every exit dated ``start``..``end`` (inclusive; None = open), with its participant."""
    params = {"start": start.isoformat() if start else None, "end": end.isoformat() if end else None}
    return [
        ExitRecord(
            exit_id=int(r[0]),
            participant_id=int(r[1]),
            participant_key=str(r[2]),
            first_name=str(r[3]),
            last_name=str(r[4]),
            birth_year=int(r[5]),
            gender=str(r[6]),
            municipality=str(r[7]),
            program=str(r[8]),
            enrolled_on=date.fromisoformat(r[9]),
            sus_consent=bool(r[10]),
            education=str(r[11]),
            support_before=_codes(r[12]),
            occupation_before=Occupation(str(r[13]), int(r[14])),
            exited_on=date.fromisoformat(r[15]),
            reason=str(r[16]),
            occupation_after=Occupation(str(r[17]), int(r[18])),
            support_after=_codes(r[19]),
            sus_registered_on=_d(r[20]),
        )
        for r in db.read().execute(_RECORD_SQL, params).fetchall()
    ]


def finsam_people(db: Database, start: date, end: date) -> list[FinsamPerson]:
    """Participants enrolled at some day of ``start``..``end`` (enrolled by the end, not exited before)."""
    cur = db.read().execute(
        'SELECT p.gender, p.enrolled_on, p.sus_consent, e."on", e.reason FROM participant p'
        " LEFT JOIN exit e ON e.participant_id = p.id"
        ' WHERE p.enrolled_on <= ? AND (e.id IS NULL OR e."on" >= ?)',
        (end.isoformat(), start.isoformat()),
    )
    return [
        FinsamPerson(str(r[0]), date.fromisoformat(r[1]), bool(r[2]), _d(r[3]), r[4] if r[4] else None)
        for r in cur.fetchall()
    ]


# --- commands --------------------------------------------------------------------------


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()) if value else None
    except ValueError:
        return None


def check_exit(db: Database, participant_id: int, data: dict[str, Any], today: date) -> ExitIn:
    """Validate an exit for this participant without writing; raises InputError naming every field at fault.

    The date checks run even when another field is wrong, so the coach sees every problem at once.
    """
    from coachtui.store.inputs import ExitIn, InputError, Problem, exit_date_problems, parse

    problems: list[Problem] = []
    values: ExitIn | None = None
    try:
        values = parse(ExitIn, data)
    except InputError as exc:
        problems.extend(exc.problems)
    context = exit_context(db, participant_id)
    on = values.on if values is not None else _as_date(data.get("on"))
    registered = values.sus_registered_on if values is not None else _as_date(data.get("sus_registered_on"))
    known = {p.field for p in problems}
    problems.extend(
        p
        for p in exit_date_problems(on, registered, context.enrolled_on, today)
        if p.field not in known  # a field already at fault is reported once
    )
    if problems or values is None:
        raise InputError(problems)
    return values


def _cancel_note(reason: str) -> str:
    return CANCEL_NOTE + codes.label("exit_reason", reason, "sv")


#: The exit rule on follow-ups as SQL with named parameters, so that the exit form and imports (store.bulk)
#: run the very same statements (:func:`followup_rule`).
RESTORE_SQL: Final = (
    "UPDATE followup SET status = 'planned', note = '', cancelled_by_exit = 0, sequence = sequence + 1 "
    "WHERE participant_id = :pid AND cancelled_by_exit"
)
CANCEL_SQL: Final = (
    "UPDATE followup SET status = 'skipped', note = :note, cancelled_by_exit = 1, sequence = sequence + 1 "
    "WHERE participant_id = :pid AND status = 'planned' AND due_on > :on"
)


def followup_rule(
    conn: sqlite3.Connection, participant_id: int, on: date | None, reason: str | None
) -> tuple[int, int]:
    """Give back the follow-ups an earlier exit cancelled, then (an exit on ``on`` for a reason other than work)
    cancel the planned ones due after ``on``, inside the caller's write transaction on ``conn``. Without an exit
    (``on`` None) only the giving back. Returns (restored, cancelled)."""
    restored = int(conn.execute(RESTORE_SQL, {"pid": participant_id}).rowcount)
    cancelled = 0
    if on is not None and reason is not None and codes.exit_cancels_followups(reason):
        params = {"pid": participant_id, "note": _cancel_note(reason), "on": on.isoformat()}
        cancelled = int(conn.execute(CANCEL_SQL, params).rowcount)
    return restored, cancelled


def register_exit(db: Database, participant_id: int, data: dict[str, Any], today: date) -> int:
    """Register the participant's exit; returns the exit id. Raises StoreError if one exists."""
    values = check_exit(db, participant_id, data, today)
    if exit_of(db, participant_id) is not None:
        raise StoreError(_("Deltagaren är redan avslutad; ändra avslutet i stället."))
    with db.write() as conn:
        found = insert(conn, "exit", {"participant_id": participant_id, **values.model_dump()})
        cancelled = followup_rule(conn, participant_id, values.on, values.reason)[1]
        audit.record(
            conn, db.clock.now(), "exit registered", "exit", count=1, detail=f"followups cancelled: {cancelled}"
        )
        return found


def update_exit(db: Database, participant_id: int, data: dict[str, Any], today: date) -> None:
    """Change the participant's exit. Without ``sus_registered_on`` in ``data`` the stored one is kept."""
    current = exit_of(db, participant_id)
    if current is None:
        raise StoreError(_("Deltagaren har inget avslut att ändra."))
    merged = dict(data)
    merged.setdefault("sus_registered_on", current.sus_registered_on)
    values = check_exit(db, participant_id, merged, today)
    with db.write() as conn:
        existing(conn, "exit", current.id)
        update(conn, "exit", current.id, values.model_dump())
        restored, cancelled = followup_rule(conn, participant_id, values.on, values.reason)
        audit.record(
            conn,
            db.clock.now(),
            "exit changed",
            "exit",
            count=1,
            detail=f"followups restored: {restored}, cancelled: {cancelled}",
        )


def undo_exit(db: Database, participant_id: int) -> int:
    """Remove the participant's exit and give back the follow-ups it cancelled; returns how many."""
    current = exit_of(db, participant_id)
    if current is None:
        raise StoreError(_("Deltagaren har inget avslut att ångra."))
    with db.write() as conn:
        existing(conn, "exit", current.id)
        conn.execute("DELETE FROM exit WHERE id = ?", (current.id,))
        restored = followup_rule(conn, participant_id, None, None)[0]
        audit.record(conn, db.clock.now(), "exit undone", "exit", count=1, detail=f"followups restored: {restored}")
        return restored


def mark_sus_registered(db: Database, participant_id: int, on: date | None, *, today: date | None = None) -> None:
    """Record that the participant's exit was registered in SUS on ``on`` (None: not registered).

    The participant has at most one exit, so the participant id names it.
    ``on`` may not be before the exit date, nor after ``today`` when given.
    """
    from coachtui.store.inputs import InputError, Problem

    current = exit_of(db, participant_id)
    if current is None:
        raise StoreError(_("Deltagaren har inget avslut."))
    if on is not None:
        if on < current.on:
            raise InputError(
                [
                    Problem(
                        "sus_registered_on",
                        _(
                            "Registrerad i SUS: kan inte vara före avslutsdatumet {on}",
                            on=current.on.isoformat(),
                        ),
                    )
                ]
            )
        if today is not None and on > today:
            raise InputError([Problem("sus_registered_on", _("Registrerad i SUS: kan inte vara i framtiden"))])
    with db.write() as conn:
        existing(conn, "exit", current.id)
        update(conn, "exit", current.id, {"sus_registered_on": on})
        action = "exit registered in SUS" if on else "exit SUS registration removed"
        audit.record(conn, db.clock.now(), action, "exit", count=1)
