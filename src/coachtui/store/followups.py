"""Employments and their efterstöd follow-ups: commands and queries.

Reads (``agenda``, ``calendar_rows``, ``employment``…) use plain SQL on the read
connection and only the standard library and the domain: the
``coachtui reminders`` command must start fast, so nothing here imports
pydantic, SQLModel or the ``holidays`` package at module level (holiday names
are looked up only for items that moved off a holiday).

Commands validate their input with ``store.inputs`` and write in one
``db.write()`` transaction with one audit row (``store.audit.record``: an
action, a table, a count, never personal data).
"""

from __future__ import annotations

import sqlite3
from datetime import date
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from coachtui.domain.codes import DELAYED_SUS_REASONS
from coachtui.domain.people import initials
from coachtui.store import audit, settings
from coachtui.store.db import Database, StoreError, existing, insert, update

if TYPE_CHECKING:
    from coachtui.domain import schedule

SUS_EXIT: Final = "sus_exit"
SURVEY: Final = "survey"  # the NNS questionnaire is due to be handed out (domain.survey.reminder_due)
PLANNED: Final = "planned"
DONE: Final = "done"
SKIPPED: Final = "skipped"


def template(db: Database) -> tuple[schedule.TemplateSlot, ...]:
    """The team's efterstöd template (the default one until a team edits it)."""
    from coachtui.domain import schedule

    text = settings.get(db, "efterstod_template")
    return schedule.template_from_json(text) if text else schedule.DEFAULT_TEMPLATE


def save_template(db: Database, slots: tuple[schedule.TemplateSlot, ...] | list[schedule.TemplateSlot]) -> None:
    """Store the team's template after validating it (``TemplateError`` lists the problems in Swedish).

    Only new employments use it; existing schedules keep their dates.
    """
    from coachtui.domain import schedule

    problems = schedule.validate_template(slots)
    if problems:
        raise schedule.TemplateError(problems)
    settings.put(db, "efterstod_template", schedule.template_to_json(slots))


def followup_rows(
    employment_id: int,
    participant_id: int,
    start: date,
    slots: tuple[schedule.TemplateSlot, ...],
    *,
    recorded_from: date | None = None,
) -> list[dict[str, Any]]:
    """Row values for the follow-ups of one employment.

    With ``recorded_from`` (imports of history), slots due before that date are
    stored as ``unrecorded`` instead of flooding the overdue list.
    """
    from coachtui.domain import schedule

    rows = []
    for planned in schedule.generate(start, slots):
        status = "unrecorded" if recorded_from is not None and planned.due_on < recorded_from else PLANNED
        rows.append(
            {
                "employment_id": employment_id,
                "participant_id": participant_id,
                "kind": planned.kind,
                "slot": planned.slot,
                "due_on": planned.due_on,
                "original_due_on": planned.original_due_on,
                "status": status,
            }
        )
    return rows


# --- queries ---------------------------------------------------------------------------


def _d(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


class ReminderItem(NamedTuple):
    """One line of the agenda: a planned follow-up, or an exit to register in SUS (``kind == "sus_exit"``).

    ``name`` is "Anna A."; ``moved_reason`` is the holiday or weekend day the
    template moved the date off, or the coach's reason for a reschedule.
    """

    participant_id: int
    participant_key: str
    name: str
    kind: str
    slot: str | None
    due_on: date
    original_due_on: date
    status: str
    overdue_days: int
    moved_reason: str | None
    snoozed_until: date | None
    followup_id: int | None = None
    employment_id: int | None = None
    sequence: int = 0

    @property
    def key(self) -> str:
        """A stable row key: ``f<followup id>``, ``s<participant id>`` for a SUS exit, ``q<participant id>``
        for a questionnaire to hand out."""
        if self.followup_id is not None:
            return f"f{self.followup_id}"
        return f"q{self.participant_id}" if self.kind == SURVEY else f"s{self.participant_id}"

    @property
    def is_sus_exit(self) -> bool:
        return self.kind == SUS_EXIT

    @property
    def is_survey(self) -> bool:
        return self.kind == SURVEY

    def to_json(self) -> dict[str, Any]:
        """The object of ``coachtui reminders --format json`` (DATA-FORMAT.md), keys in contract order."""
        return {
            "participant": self.participant_key,
            "name": self.name,
            "kind": self.kind,
            "slot": self.slot,
            "due_on": self.due_on.isoformat(),
            "original_due_on": self.original_due_on.isoformat(),
            "status": self.status,
            "overdue_days": self.overdue_days,
        }


# "Anna A.": the first name and the initial of the last name (names are stored trimmed).
_SHORT_NAME = "p.first_name || ' ' || substr(p.last_name, 1, 1) || '.'"

_AGENDA_SQL = f"""
SELECT f.id, f.employment_id, f.participant_id, p.key, {_SHORT_NAME}, f.kind, f.slot,
       f.due_on, f.original_due_on, f.status, f.moved_reason, f.snoozed_until, f.sequence
FROM followup f JOIN participant p ON p.id = f.participant_id
WHERE f.status = 'planned' AND f.due_on <= ?
"""

# An exit still to register in SUS: consent given (or withdrawn: exit at once), not registered yet.
_SUS_PENDING = "(p.sus_consent = 1 OR e.reason = 'consent_withdrawn') AND e.sus_registered_on IS NULL"

# The SUS exit date is never before the exit date, so exits after the window can be left out in SQL.
_SUS_SQL = f"""
SELECT e.participant_id, p.key, {_SHORT_NAME}, e."on", e.reason
FROM exit e JOIN participant p ON p.id = e.participant_id
WHERE {_SUS_PENDING} AND e."on" <= ?
"""


# The NNS questionnaire: enrolled at least N days by today, not handed out, no exit (domain.survey.reminder_due).
_SURVEY_SQL = f"""
SELECT p.id, p.key, {_SHORT_NAME} AS name, date(p.enrolled_on, '+' || :days || ' days') AS due
FROM participant p LEFT JOIN exit e ON e.participant_id = p.id
WHERE e.id IS NULL AND p.survey_offered_on IS NULL AND p.enrolled_on <= date(:today, '-' || :days || ' days')
"""  # enrolled_on + N days <= today, with the day arithmetic done once instead of for every participant


def survey_days(db: Database) -> int:
    """The team's N of the ``survey`` reminder (default 90)."""
    from coachtui.domain.survey import REMINDER_DAYS_KEY, reminder_days

    return reminder_days(settings.get(db, REMINDER_DAYS_KEY))


def _sus_due_sql(delay_months: int) -> str:
    """SQL for ``domain.sus.sus_exit_date`` of ``e``: exit date + delay months for work and studies
    (a day missing in the target month becomes its last day, as relativedelta does), else the exit date.
    ``tests/test_store_followups.py`` checks it against the domain rule day by day."""
    delayed = ", ".join(f"'{code}'" for code in sorted(DELAYED_SUS_REASONS))
    n = int(delay_months)
    return (
        f"CASE WHEN e.reason IN ({delayed}) THEN min(date(e.\"on\", '+{n} months'),"
        f" date(e.\"on\", 'start of month', '+{n + 1} months', '-1 day')) ELSE e.\"on\" END"
    )


_JSON_OBJECT = (
    "json_object('participant', {key}, 'name', {name}, 'kind', {kind}, 'slot', {slot}, 'due_on', {due},"
    " 'original_due_on', {original}, 'status', {status},"
    " 'overdue_days', max(0, CAST(julianday(:today) - julianday({due}) AS INTEGER)))"
)


def agenda_json(db: Database, today: date, days: int) -> str:
    """``agenda(db, today, days)`` as the contract's JSON list, built by SQLite (``coachtui reminders
    --format json`` on a large caseload must start and answer fast). Same items, same order."""
    from datetime import timedelta

    last = (today + timedelta(days=days)).isoformat()
    due = _sus_due_sql(settings.sus_delay_months(db))
    followup_json = _JSON_OBJECT.format(
        key="p.key",
        name=_SHORT_NAME,
        kind="f.kind",
        slot="f.slot",
        due="f.due_on",
        original="f.original_due_on",
        status="f.status",
    )
    sus_json = _JSON_OBJECT.format(
        key="s.key",
        name="s.name",
        kind=f"'{SUS_EXIT}'",
        slot="NULL",
        due="s.due",
        original="s.due",
        status=f"'{PLANNED}'",
    )
    survey_json = _JSON_OBJECT.format(
        key="q.key",
        name="q.name",
        kind=f"'{SURVEY}'",
        slot="NULL",
        due="q.due",
        original="q.due",
        status=f"'{PLANNED}'",
    )
    sql = f"""
        SELECT f.due_on AS due, f.kind AS kind, p.key AS key, {followup_json}
        FROM followup f JOIN participant p ON p.id = f.participant_id
        WHERE f.status = 'planned' AND f.due_on <= :last
        UNION ALL
        SELECT s.due, '{SUS_EXIT}', s.key, {sus_json}
        FROM ({_sus_pending_sql(due)}) AS s
        WHERE s.due <= :last
        UNION ALL
        SELECT q.due, '{SURVEY}', q.key, {survey_json}
        FROM ({_SURVEY_SQL}) AS q
        ORDER BY 1, 2, 3
    """
    params = {"today": today.isoformat(), "last": last, "days": survey_days(db)}
    rows = db.read().execute(sql, params).fetchall()
    return "[" + ",".join(row[3] for row in rows) + "]"


def _sus_pending_sql(due: str) -> str:
    """The exits still to register in SUS (:data:`_SUS_PENDING`) with their due day ``due`` (the SQL of the
    team's delay), for the agenda's JSON and its text."""
    return f"""SELECT p.key AS key, {_SHORT_NAME} AS name, {due} AS due
              FROM exit e JOIN participant p ON p.id = e.participant_id
              WHERE {_SUS_PENDING} AND e."on" <= :last"""


class AgendaLine(NamedTuple):
    """One line of ``coachtui reminders`` as text: ``agenda``'s item with its dates as ISO text (no objects)."""

    due_on: str
    kind: str
    participant_key: str
    name: str
    slot: str | None
    original_due_on: str
    moved_reason: str
    snoozed_until: str | None
    sequence: int


def agenda_lines(db: Database, today: date, days: int) -> list[AgendaLine]:
    """The items of ``agenda(db, today, days)`` in its order, read in one query (the query of
    :func:`agenda_json`), for the text of ``coachtui reminders``: 10,000 participants' agenda as text as fast
    as it is as JSON. ``moved_reason`` is the stored reason (a template's holiday move has none: the caller
    names the day, ``sequence`` 0 and ``due_on != original_due_on``)."""
    from datetime import timedelta

    last = (today + timedelta(days=days)).isoformat()
    due = _sus_due_sql(settings.sus_delay_months(db))
    sql = f"""
        SELECT f.due_on, f.kind, p.key, {_SHORT_NAME}, f.slot, f.original_due_on, f.moved_reason, f.snoozed_until,
               f.sequence, f.id
        FROM followup f JOIN participant p ON p.id = f.participant_id
        WHERE f.status = 'planned' AND f.due_on <= :last
        UNION ALL
        SELECT s.due, '{SUS_EXIT}', s.key, s.name, NULL, s.due, '', NULL, 0, 0
        FROM ({_sus_pending_sql(due)}) AS s
        WHERE s.due <= :last
        UNION ALL
        SELECT q.due, '{SURVEY}', q.key, q.name, NULL, q.due, '', NULL, 0, 0
        FROM ({_SURVEY_SQL}) AS q
        ORDER BY 1, 2, 3, 10
    """
    params = {"today": today.isoformat(), "last": last, "days": survey_days(db)}
    return [AgendaLine._make(row[:9]) for row in db.read().execute(sql, params)]


def sort_key(item: ReminderItem) -> tuple[date, str, str]:
    """The contract's order: due date, then kind, then participant key."""
    return (item.due_on, item.kind, item.participant_key)


def agenda(db: Database, today: date, days: int, *, reasons: bool = True) -> list[ReminderItem]:
    """Every planned follow-up due up to ``today + days`` (so every overdue one too), every exit
    whose SUS registration is due by then and not yet done, and every participant due to be handed the NNS
    questionnaire by today (``survey``), ordered by :func:`sort_key`.

    ``reasons=False`` leaves ``moved_reason`` out for template moves (the holiday
    lookup costs ~0.1 s to import; the JSON output does not need it).
    """
    from datetime import timedelta

    from coachtui.domain.sus import sus_exit_date

    if days < 0:
        from coachtui.i18n import _

        raise StoreError(_("Antal dagar kan inte vara negativt."))
    last = today + timedelta(days=days)
    conn = db.read()
    parse = date.fromisoformat
    items: list[ReminderItem] = []
    append = items.append
    for r in conn.execute(_AGENDA_SQL, (last.isoformat(),)):
        due = parse(r[7])
        original = parse(r[8])
        moved: str | None = r[10] or None
        if moved is None and reasons and due != original and r[12] == 0:
            moved = _holiday_name(original)
        late = (today - due).days
        append(
            ReminderItem(
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                due,
                original,
                r[9],
                late if late > 0 else 0,
                moved,
                parse(r[11]) if r[11] else None,
                r[0],
                r[1],
                r[12],
            )
        )
    delay = settings.sus_delay_months(db)
    for r in conn.execute(_SUS_SQL, (last.isoformat(),)):
        exited = parse(r[3])
        try:
            due = sus_exit_date(exited, r[4], delay)
        except ValueError:  # an unknown reason (hand-edited file): register at once
            due = exited
        if due > last:
            continue
        late = (today - due).days
        append(ReminderItem(r[0], r[1], r[2], SUS_EXIT, None, due, due, PLANNED, late if late > 0 else 0, None, None))
    for r in conn.execute(_SURVEY_SQL, {"days": survey_days(db), "today": today.isoformat()}):
        due = parse(r[3])
        late = (today - due).days
        append(ReminderItem(r[0], r[1], r[2], SURVEY, None, due, due, PLANNED, late if late > 0 else 0, None, None))
    items.sort(key=attrgetter("due_on", "kind", "participant_key"))
    return items


def _holiday_name(day: date) -> str | None:
    from coachtui.domain.workdays import non_working_reason
    from coachtui.i18n import language

    return non_working_reason(day, language())


class EmploymentRow(NamedTuple):
    id: int
    participant_id: int
    employer: str
    start_on: date
    end_on: date | None
    subsidised: bool
    extent: int

    def ongoing(self, today: date) -> bool:
        return self.end_on is None or self.end_on >= today

    def values(self) -> dict[str, Any]:
        """The ``EmploymentIn`` fields, for editing."""
        return {
            "employer": self.employer,
            "start_on": self.start_on,
            "end_on": self.end_on,
            "subsidised": self.subsidised,
            "extent": self.extent,
        }


_EMPLOYMENT_SQL = """
SELECT m.id, m.participant_id, e.name, m.start_on, m.end_on, m.subsidised, m.extent
FROM employment m JOIN employer e ON e.id = m.employer_id
"""


def _employment_row(r: Any) -> EmploymentRow:
    return EmploymentRow(r[0], r[1], r[2], date.fromisoformat(r[3]), _d(r[4]), bool(r[5]), int(r[6]))


def employment(db: Database, employment_id: int) -> EmploymentRow:
    row = db.read().execute(_EMPLOYMENT_SQL + " WHERE m.id = ?", (employment_id,)).fetchone()
    if row is None:
        from coachtui.i18n import _

        raise StoreError(_("Anställningen finns inte längre."))
    return _employment_row(row)


def employments(db: Database, participant_id: int) -> list[EmploymentRow]:
    """A participant's employments, the newest first start date first."""
    cur = db.read().execute(
        _EMPLOYMENT_SQL + " WHERE m.participant_id = ? ORDER BY m.start_on DESC, m.id DESC", (participant_id,)
    )
    return [_employment_row(r) for r in cur]


class CalendarRow(NamedTuple):
    """A follow-up for the calendar file: no names, initials only."""

    followup_id: int
    employment_id: int
    kind: str
    slot: str
    due_on: date
    status: str
    sequence: int
    initials: str


def calendar_rows(db: Database, from_: date, to: date) -> list[CalendarRow]:
    """Planned and skipped follow-ups due in ``from_`` … ``to`` (inclusive), by date."""
    cur = db.read().execute(
        "SELECT f.id, f.employment_id, f.kind, f.slot, f.due_on, f.status, f.sequence, p.first_name, p.last_name"
        " FROM followup f JOIN participant p ON p.id = f.participant_id"
        " WHERE f.status IN ('planned', 'skipped') AND f.due_on BETWEEN ? AND ? ORDER BY f.due_on, f.id",
        (from_.isoformat(), to.isoformat()),
    )
    return [
        CalendarRow(r[0], r[1], r[2], r[3], date.fromisoformat(r[4]), r[5], int(r[6]), initials(r[7], r[8]))
        for r in cur
    ]


# --- commands --------------------------------------------------------------------------


def add_employment(
    db: Database,
    participant_id: int,
    data: dict[str, Any],
    *,
    to_step_5: bool = True,
    recorded_from: date | None = None,
    today: date | None = None,
) -> int:
    """Register an employment, generate its follow-ups and (unless told not to, or already there)
    move the participant to step 5 from the first day of work. With ``today`` the first day is checked
    against the enrolment date and today (``inputs.employment_date_problems``, as imports do)."""
    from coachtui.store.inputs import EmploymentIn, parse
    from coachtui.store.participants import employer_id, latest_step

    values = parse(EmploymentIn, data)
    slots = template(db)
    with db.write() as conn:
        (enrolled_on,) = existing(conn, "participant", participant_id, "enrolled_on")
        _check_start(values.start_on, date.fromisoformat(enrolled_on), today)
        job_id = insert(
            conn,
            "employment",
            {
                "participant_id": participant_id,
                "employer_id": employer_id(conn, values.employer),
                "start_on": values.start_on,
                "end_on": values.end_on,
                "subsidised": values.subsidised,
                "extent": values.extent,
            },
        )
        rows = followup_rows(job_id, participant_id, values.start_on, slots, recorded_from=recorded_from)
        for row in rows:
            insert(conn, "followup", row)
        latest = latest_step(conn, participant_id)
        if to_step_5 and (latest is None or latest[0] != 5):
            insert(conn, "step_change", {"participant_id": participant_id, "step": 5, "on": values.start_on})
        audit.record(conn, db.clock.now(), "employment added", "employment", count=len(rows))
        return job_id


def _followup(conn: sqlite3.Connection, followup_id: int, *, planned: bool = True) -> tuple[date, str]:
    """The follow-up's due date and moved reason inside a write; StoreError when it is gone or (``planned``)
    no longer planned."""
    status, due_on, moved_reason = existing(conn, "followup", followup_id, "status, due_on, moved_reason")
    if planned and status != PLANNED:
        from coachtui.domain.codes import label
        from coachtui.i18n import _, language

        raise StoreError(
            _(
                "Uppföljningen är redan {status} (ändrad i ett annat fönster?).",
                status=label("reminder_status", status, language()).lower(),
            )
        )
    return date.fromisoformat(due_on), str(moved_reason)


def mark_done(db: Database, followup_id: int, done_on: date, note: str = "", *, today: date | None = None) -> None:
    """Mark a planned follow-up done on ``done_on`` (not after ``today`` when given), with an optional note."""
    from coachtui.store.inputs import FollowupDoneIn, parse

    values = parse(FollowupDoneIn, {"on": done_on, "note": note})
    if today is not None and values.on > today:
        from coachtui.i18n import _

        raise StoreError(_("Datum: {day} har inte kommit än.", day=values.on.isoformat()))
    with db.write() as conn:
        _followup(conn, followup_id)
        changes = {"status": DONE, "done_on": values.on, "note": values.note, "snoozed_until": None}
        update(conn, "followup", followup_id, changes)
        audit.record(conn, db.clock.now(), "followup done", "followup", count=1)


def skip(db: Database, followup_id: int, note: str) -> None:
    """Skip a planned follow-up; the note (why) is required. The row stays as history."""
    from coachtui.store.inputs import FollowupSkipIn, parse

    values = parse(FollowupSkipIn, {"note": note})
    with db.write() as conn:
        _followup(conn, followup_id)
        conn.execute(  # sequence + 1: calendars show it cancelled
            "UPDATE followup SET status = ?, note = ?, snoozed_until = NULL, sequence = sequence + 1 WHERE id = ?",
            (SKIPPED, values.note, followup_id),
        )
        audit.record(conn, db.clock.now(), "followup skipped", "followup", count=1)


def reschedule(db: Database, followup_id: int, new_date: date, reason: str = "", *, today: date | None = None) -> None:
    """Move a planned follow-up to ``new_date`` (not before ``today`` when given).

    The original date stays; the reason is kept; ``sequence`` goes up so that
    calendars update the event.
    """
    from coachtui.store.inputs import FollowupMoveIn, parse

    values = parse(FollowupMoveIn, {"on": new_date, "note": reason})
    if today is not None and values.on < today:
        from coachtui.i18n import _

        raise StoreError(_("Det nya datumet {day} har redan passerat.", day=values.on.isoformat()))
    with db.write() as conn:
        due_on, moved_reason = _followup(conn, followup_id)
        if due_on == values.on and moved_reason == values.note:
            return
        conn.execute(
            "UPDATE followup SET due_on = ?, moved_reason = ?, snoozed_until = NULL, sequence = sequence + 1"
            " WHERE id = ?",
            (values.on.isoformat(), values.note, followup_id),
        )
        audit.record(conn, db.clock.now(), "followup rescheduled", "followup", count=1)


def snooze(db: Database, followup_id: int, today: date) -> date:
    """Hide a follow-up due today (or overdue) from Idag until the next working day; returns that day.

    An overdue follow-up stays overdue: snoozing only quiets it for today.
    """
    from coachtui.domain.workdays import next_working_day

    until = next_working_day(today, inclusive=False)
    with db.write() as conn:
        due_on, _reason = _followup(conn, followup_id)
        if due_on > today:
            from coachtui.i18n import _

            raise StoreError(_("Bara det som är dags idag eller försenat kan snoozas."))
        update(conn, "followup", followup_id, {"snoozed_until": until})
        audit.record(conn, db.clock.now(), "followup snoozed", "followup", count=1)
    return until


class Extended(NamedTuple):
    slot: str
    due_on: date
    demoted: tuple[str, ...]


def current_employment(rows: list[EmploymentRow], today: date) -> EmploymentRow | None:
    """The employment the efterstöd follows now: the latest that has not ended (``rows`` as from
    :func:`employments`). The participant screen shows it and extending acts on it."""
    return next((r for r in rows if r.ongoing(today)), None)


def extend(db: Database, participant_id: int, *, today: date) -> Extended:
    """Extend the current employment's efterstöd by one month: a new closing call ``Xn`` one month
    after the last; the planned closing call before it becomes an ordinary call."""
    from coachtui.domain import schedule

    job = current_employment(employments(db, participant_id), today)
    if job is None:
        from coachtui.i18n import _

        raise StoreError(_("Deltagaren har ingen anställning att förlänga efterstödet för."))
    slots = template(db)
    with db.write() as conn:
        rows = conn.execute("SELECT id, slot, kind, status FROM followup WHERE employment_id = ?", (job.id,)).fetchall()
        plan = schedule.extend(job.start_on, [(slot, kind) for _id, slot, kind, _status in rows], slots)
        demoted = []
        for row_id, slot, _kind, status in rows:
            if slot in plan.demoted and status == PLANNED:
                conn.execute(
                    "UPDATE followup SET kind = ?, sequence = sequence + 1 WHERE id = ?", (schedule.CALL, row_id)
                )
                demoted.append(slot)
        new = plan.new_slot
        insert(
            conn,
            "followup",
            {
                "employment_id": job.id,
                "participant_id": participant_id,
                "kind": new.kind,
                "slot": new.slot,
                "due_on": new.due_on,
                "original_due_on": new.original_due_on,
            },
        )
        audit.record(conn, db.clock.now(), "efterstod extended", "followup", count=1)
    return Extended(new.slot, new.due_on, tuple(demoted))


def _regenerate(
    conn: sqlite3.Connection, employment_id: int, start: date, slots: tuple[schedule.TemplateSlot, ...]
) -> int:
    """New dates for the planned follow-ups of an employment whose first day of work is ``start``.

    Done, skipped and unrecorded ones keep theirs. Template slots keep their own
    offsets (with the row's current kind: a demoted closing call stays a call);
    extensions ``Xn`` sit ``n`` months after the template's closing call.
    Returns how many changed date.
    """
    import re

    from coachtui.domain import schedule
    from coachtui.domain.dates import add_months

    by_name = {s.slot: s for s in slots}
    closing = next(s for s in slots if s.kind == schedule.CLOSING_CALL)
    changed = 0
    rows = conn.execute(
        "SELECT id, slot, kind, due_on, original_due_on FROM followup WHERE employment_id = ? AND status = ?",
        (employment_id, PLANNED),
    ).fetchall()
    for row_id, slot, kind, due_on, original_due_on in rows:
        template_slot = by_name.get(slot)
        extension = re.fullmatch(r"X(\d+)", slot)
        if template_slot is not None:
            original = schedule.original_date(start, template_slot)
        elif extension is not None:
            original = add_months(start, closing.offset + int(extension.group(1)))
        else:
            continue  # a slot of an older template: left as it is
        planned = schedule.plan(slot, kind, original)
        if (date.fromisoformat(due_on), date.fromisoformat(original_due_on)) != (
            planned.due_on,
            planned.original_due_on,
        ):
            conn.execute(
                "UPDATE followup SET due_on = ?, original_due_on = ?, moved_reason = '', snoozed_until = NULL,"
                " sequence = sequence + 1 WHERE id = ?",
                (planned.due_on.isoformat(), planned.original_due_on.isoformat(), row_id),
            )
            changed += 1
    return changed


def _check_start(start_on: date, enrolled_on: date, today: date | None) -> None:
    if today is None:
        return
    from coachtui.store.inputs import InputError, employment_date_problems

    problems = employment_date_problems(start_on, enrolled_on, today)
    if problems:
        raise InputError(problems)


def update_employment(db: Database, employment_id: int, data: dict[str, Any], *, today: date | None = None) -> int:
    """Change an employment; a new first day of work regenerates its planned follow-ups
    (done and skipped ones stay). Returns how many follow-ups got a new date. ``today``: as add_employment."""
    from coachtui.store.inputs import EmploymentIn, parse
    from coachtui.store.participants import employer_id

    values = parse(EmploymentIn, data)
    slots = template(db)
    with db.write() as conn:
        participant_id, start_on = existing(conn, "employment", employment_id, "participant_id, start_on")
        old_start = date.fromisoformat(start_on)
        if values.start_on != old_start:
            (enrolled_on,) = existing(conn, "participant", participant_id, "enrolled_on")
            _check_start(values.start_on, date.fromisoformat(enrolled_on), today)
        changes = {
            "employer_id": employer_id(conn, values.employer),
            "start_on": values.start_on,
            "end_on": values.end_on,
            "subsidised": values.subsidised,
            "extent": values.extent,
        }
        update(conn, "employment", employment_id, changes)
        changed = 0
        if values.start_on != old_start:
            changed = _regenerate(conn, employment_id, values.start_on, slots)
        audit.record(
            conn, db.clock.now(), "employment changed", "employment", count=1, detail=f"followups moved: {changed}"
        )
        return changed
