"""The full coachtui/1 document (``coachtui export all --format json``) and its canonical form.

Canonical form, which makes export → import into an empty database → export
byte-identical:

- ``json.dumps(document, indent=2, ensure_ascii=False)`` followed by one newline (the same bytes by orjson,
  see :func:`dumps`);
- top-level keys ``format``, ``coaches``, ``participants``, ``employers``, ``surveys``, ``fidelity_reviews``,
  ``settings`` in that order (the reviews as ``store.fidelity.review_doc`` writes them: by date, scores by item,
  ``"notes"`` only when an item has one; the sheets as ``store.surveys.read_document`` writes them);
- coaches ordered by their row id, each ``{"key", "name", "municipality", "fte"}``;
- participants ordered by their row id (an import adds new participants in the
  file's order), every key always present, in the order of DATA-FORMAT.md
  (:data:`PARTICIPANT_KEYS`): optional values are ``null`` (``referred_on``,
  ``support_since``, ``exit``) or ``[]`` (``support_before``, ``steps``,
  ``employments``);
- steps ordered by date (then by entry order) as ``{"step", "on"}``; a step with a
  non-empty note gets a third key ``"note"`` (an additive key: the contract has no
  step note, and a reader that does not know it may ignore it);
- employments ordered by first day of work (then entry order), exit ``null`` or the
  full object with ``occupation_after`` as ``{"kind", "extent"}``.

Additions of December 2026 (DATA-FORMAT.md, "The whole record"), always written:

- on each participant after ``exit``: ``phone`` (``""`` when none), ``journal``
  (by date, then entry order), ``employer_contacts`` (by date, then entry order)
  and ``survey_offered_on``;
- in each employment ``followups``: the efterstöd slots as stored, by due date,
  then entry order (:data:`FOLLOWUP_KEYS`);
- top-level after ``participants``: ``employers`` (by name), ``surveys``,
  ``fidelity_reviews`` and ``settings`` (the team settings of :data:`SETTINGS_KEYS`
  as the ``setting`` table keeps them, as text, the default when never changed).

Never in the document: the audit log, personnummer, the passphrase, and the
columns that only this computer needs (a follow-up's snooze, its calendar
sequence and reschedule reason, the hub pseudonym, the row version).
A handover (:func:`build` with ``keys``) holds only those participants, their
coaches and the employers they refer to, and ``settings`` ``{}``: an import writes
only the settings the document carries, so a handover never changes the
receiver's team settings.

The reads are plain SQL on the read connection (no ORM objects), one query per
kind of record in participant order, merged as the participants go by
(:func:`iter_participants`); ``export all`` streams the text participant by
participant (:class:`Stream`), so its memory does not grow with the caseload.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any, Final

from coachtui import jsontext
from coachtui.domain import record
from coachtui.store import fidelity
from coachtui.store.db import Database

FORMAT: Final = "coachtui/1"
DOCUMENT_KEYS: Final = ("format", "coaches", "participants", "employers", "surveys", "fidelity_reviews", "settings")
COACH_KEYS: Final = ("key", "name", "municipality", "fte")
PARTICIPANT_KEYS: Final = (
    "key",
    "coach",
    *record.PARTICIPANT_SCALARS,
    "occupation_before",
    "steps",
    "employments",
    "exit",
    *record.PARTICIPANT_ADDITIONS,
)
#: the participant's own columns (everything but the key, coach and nested values)
SCALAR_KEYS: Final = record.PARTICIPANT_SCALARS
OCCUPATION_KEYS: Final = ("kind", "extent")
STEP_KEYS: Final = ("step", "on", "note")  # "note" only when non-empty
EMPLOYMENT_KEYS: Final = ("employer", "start_on", "end_on", "subsidised", "extent", "followups")
FOLLOWUP_KEYS: Final = (
    "slot",
    "kind",
    "due_on",
    "original_due_on",
    "status",
    "done_on",
    "note",
    "cancelled_by_exit",
)
JOURNAL_KEYS: Final = ("on", "kind", "text")
CONTACT_KEYS: Final = ("on", "employer", "person", "note")
EMPLOYER_KEYS: Final = ("name", "phone", "note")
#: the team settings a document carries (store.settings keys shared by a team; not this computer's
#: ``lock_minutes`` nor ``store_personnummer``, a choice of each coach's file). Add a new team setting here.
SETTINGS_KEYS: Final = (
    "sus_delay_months",
    "efterstod_template",
    "target_participants_per_year",
    "target_share_work_or_studies",
    "retention_years",
    "fidelity_goal",
    "survey_goal_all",
    *(f"survey_goal_q{n}" for n in range(1, 8)),
    "survey_reminder_days",
)
EXIT_KEYS: Final = ("on", "reason", "occupation_after", "support_after", "sus_registered_on")


#: the additions on a participant, in order, with their value when a file leaves them out
EXTRA_KEYS: Final = PARTICIPANT_KEYS[18:]


def participant_doc(
    key: str,
    coach: str | None,
    values: dict[str, Any],
    steps: list[dict[str, Any]],
    employments: list[dict[str, Any]],
    exit_: dict[str, Any] | None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One participant in canonical key order. ``values`` holds the flat participant
    columns (``occupation_before_kind``/``_extent`` included) as JSON values; ``extra``
    the additions (``phone``, ``journal``, ``employer_contacts``, ``survey_offered_on``),
    empty ones when left out."""
    doc: dict[str, Any] = {"key": key, "coach": coach}
    for name in SCALAR_KEYS:
        doc[name] = values[name]
    doc["occupation_before"] = {
        "kind": values["occupation_before_kind"],
        "extent": values["occupation_before_extent"],
    }
    doc["steps"] = steps
    doc["employments"] = employments
    doc["exit"] = exit_
    extra = extra or {}
    doc["phone"] = extra.get("phone", "")
    doc["journal"] = extra.get("journal", [])
    doc["employer_contacts"] = extra.get("employer_contacts", [])
    doc["survey_offered_on"] = extra.get("survey_offered_on")
    return doc


def step_doc(step: int, on: str, note: str = "") -> dict[str, Any]:
    doc: dict[str, Any] = {"step": step, "on": on}
    if note:
        doc["note"] = note
    return doc


def employment_doc(
    employer: str,
    start_on: str,
    end_on: str | None,
    subsidised: bool,
    extent: int,
    followups: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """An employment; ``followups`` None (only in a file that leaves them out) means "generate them"."""
    return {
        "employer": employer,
        "start_on": start_on,
        "end_on": end_on,
        "subsidised": subsidised,
        "extent": extent,
        "followups": followups,
    }


def followup_doc(
    slot: str,
    kind: str,
    due_on: str,
    original_due_on: str,
    status: str,
    done_on: str | None,
    note: str,
    cancelled_by_exit: bool,
) -> dict[str, Any]:
    return {
        "slot": slot,
        "kind": kind,
        "due_on": due_on,
        "original_due_on": original_due_on,
        "status": status,
        "done_on": done_on,
        "note": note,
        "cancelled_by_exit": cancelled_by_exit,
    }


def journal_doc(on: str, kind: str, text: str) -> dict[str, Any]:
    return {"on": on, "kind": kind, "text": text}


def contact_doc(on: str, employer: str, person: str, note: str) -> dict[str, Any]:
    return {"on": on, "employer": employer, "person": person, "note": note}


def employer_doc(name: str, phone: str, note: str) -> dict[str, Any]:
    return {"name": name, "phone": phone, "note": note}


def exit_doc(
    on: str,
    reason: str,
    kind: str,
    extent: int,
    support_after: list[str],
    sus_registered_on: str | None,
) -> dict[str, Any]:
    return {
        "on": on,
        "reason": reason,
        "occupation_after": {"kind": kind, "extent": extent},
        "support_after": support_after,
        "sus_registered_on": sus_registered_on,
    }


def read_coaches(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [
        {"key": r[0], "name": r[1], "municipality": r[2], "fte": float(r[3])}
        for r in conn.execute("SELECT key, name, municipality, fte FROM coach ORDER BY id")
    ]


class _Groups:
    """Rows ordered by participant id (their first column), handed out one participant at a time.

    The document is read with one query per kind of record (steps, employments, follow-ups...), each in
    participant order, walked side by side with the participants: never one query per participant, and
    never more than one participant's rows in memory.
    """

    __slots__ = ("_groups", "_head")

    def __init__(self, rows: Iterable[Sequence[Any]]) -> None:
        self._groups = groupby(rows, key=itemgetter(0))
        self._head = next(self._groups, None)

    def take(self, pid: int) -> list[Sequence[Any]]:
        """The rows of participant ``pid`` (those of any lower id, none in a sound file, are passed over)."""
        head = self._head
        while head is not None and head[0] < pid:
            head = next(self._groups, None)
        if head is None or head[0] != pid:
            self._head = head
            return []
        found = list(head[1])
        self._head = next(self._groups, None)
        return found


def _only(column: str, ids: Sequence[int] | None) -> str:
    """A WHERE clause keeping the rows of ``ids`` (bound as one JSON list), or nothing for everyone."""
    return "" if ids is None else f" WHERE {column} IN (SELECT value FROM json_each(:ids))"


def _codes(text: str | None) -> list[str]:
    """A stored JSON list of codes (``support_before``/``support_after``); most are empty."""
    return [] if not text or text == "[]" else list(json.loads(text))


#: a follow-up row's canonical order within its participant: employment, due date, entry order
_EMPLOYMENT_DUE_ID: Final = itemgetter(1, 4, 10)


def iter_participants(
    conn: sqlite3.Connection, ids: Sequence[int] | None = None
) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """Every participant (or those of the row ids ``ids``) as ``(row id, key, canonical dict)``, in row id order.

    Streamed: the follow-ups, steps, employments... are read with a few queries ordered by participant and
    merged as the participants go by, so that 10,000 participants and 200,000 follow-ups are never in
    memory at once (``export all`` writes each participant as soon as it is read).
    """
    params = {"ids": json.dumps(list(ids))} if ids is not None else {}
    steps = _Groups(
        conn.execute(
            'SELECT participant_id, step, "on", note FROM step_change'
            + _only("participant_id", ids)
            + ' ORDER BY participant_id, "on", id',
            params,
        )
    )
    jobs = _Groups(
        conn.execute(
            "SELECT e.participant_id, e.id, r.name, e.start_on, e.end_on, e.subsidised, e.extent"
            " FROM employment e JOIN employer r ON r.id = e.employer_id"
            + _only("e.participant_id", ids)
            + " ORDER BY e.participant_id, e.start_on, e.id",
            params,
        )
    )
    followups = _Groups(
        conn.execute(
            "SELECT participant_id, employment_id, slot, kind, due_on, original_due_on, status, done_on, note,"
            " cancelled_by_exit, id FROM followup"
            + _only("participant_id", ids)
            + " ORDER BY participant_id",  # the index's order; each participant's are sorted below (faster)
            params,
        )
    )
    exits = _Groups(
        conn.execute(
            'SELECT participant_id, "on", reason, occupation_after_kind, occupation_after_extent,'
            " support_after, sus_registered_on FROM exit" + _only("participant_id", ids) + " ORDER BY participant_id",
            params,
        )
    )
    journal = _Groups(
        conn.execute(
            'SELECT participant_id, "on", kind, text FROM journal_entry'
            + _only("participant_id", ids)
            + ' ORDER BY participant_id, "on", id',
            params,
        )
    )
    contacts = _Groups(
        conn.execute(
            'SELECT c.participant_id, c."on", r.name, c.person, c.note FROM employer_contact c'
            " JOIN employer r ON r.id = c.employer_id"
            + _only("c.participant_id", ids)
            + ' ORDER BY c.participant_id, c."on", c.id',
            params,
        )
    )
    names = record.PARTICIPANT_COLUMNS
    cols = ", ".join(f"p.{name}" for name in names)
    for row in conn.execute(
        f"SELECT p.id, p.key, c.key, p.phone, p.survey_offered_on, {cols}"
        " FROM participant p JOIN coach c ON c.id = p.coach_id" + _only("p.id", ids) + " ORDER BY p.id",
        params,
    ):
        pid = int(row[0])
        by_job: dict[int, list[dict[str, Any]]] = {}
        for _pid, jid, slot, kind, due, original, status, done_on, note, cancelled, _id in sorted(
            followups.take(pid), key=_EMPLOYMENT_DUE_ID
        ):
            by_job.setdefault(jid, []).append(
                {  # followup_doc, written out: 200,000 calls saved at 10,000 participants
                    "slot": slot,
                    "kind": kind,
                    "due_on": due,
                    "original_due_on": original,
                    "status": status,
                    "done_on": done_on,
                    "note": note or "",
                    "cancelled_by_exit": bool(cancelled),
                }
            )
        employments = [
            employment_doc(j[2], str(j[3]), j[4], bool(j[5]), int(j[6]), by_job.get(j[1], [])) for j in jobs.take(pid)
        ]
        exit_ = next(
            (exit_doc(str(x[1]), x[2], x[3], int(x[4]), _codes(x[5]), x[6]) for x in exits.take(pid)),
            None,
        )
        values = dict(zip(names, row[5:], strict=True))
        values["birth_year"] = int(values["birth_year"])
        values["sus_consent"] = bool(values["sus_consent"])
        values["support_before"] = _codes(values["support_before"])
        values["occupation_before_extent"] = int(values["occupation_before_extent"])
        extra = {
            "phone": row[3] or "",
            "journal": [journal_doc(str(j[1]), j[2], j[3] or "") for j in journal.take(pid)],
            "employer_contacts": [contact_doc(str(c[1]), c[2], c[3] or "", c[4] or "") for c in contacts.take(pid)],
            "survey_offered_on": row[4],
        }
        steps_ = [step_doc(int(s[1]), str(s[2]), s[3] or "") for s in steps.take(pid)]
        yield pid, row[1], participant_doc(row[1], row[2], values, steps_, employments, exit_, extra)


def read_participants(conn: sqlite3.Connection) -> dict[str, tuple[int, dict[str, Any]]]:
    """Every participant as ``key -> (row id, canonical dict)``, in row id order."""
    return {key: (pid, doc) for pid, key, doc in iter_participants(conn)}


def read_employers(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [
        employer_doc(r[0], r[1] or "", r[2] or "")
        for r in conn.execute("SELECT name, phone, note FROM employer ORDER BY name")
    ]


def read_settings(conn: sqlite3.Connection) -> dict[str, str]:
    """The team settings of :data:`SETTINGS_KEYS` as stored (text), the default when never changed."""
    from coachtui.store.settings import DEFAULTS

    stored = {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM setting")}
    return {key: stored.get(key, DEFAULTS[key]) for key in SETTINGS_KEYS}


def _surveys(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The NNS answer sheets (``surveys``, anonymous) in entry order, as ``store.surveys.read_document`` gives
    them (``tests/test_store_surveys.py`` holds the two together). Read here, so that an export does not load
    the survey module's input models (pydantic, a third of a second)."""
    return [
        {
            "key": r[0],
            "kind": r[1],
            "on": r[2],
            "coach": r[3],
            "municipality": r[4],
            "program": r[5],
            "respondent": r[6],
            "answers": [None if v is None else int(v) for v in r[7:14]],
        }
        for r in conn.execute(
            'SELECT s.key, s.kind, s."on", c.key, s.municipality, s.program, s.respondent,'
            " s.q1, s.q2, s.q3, s.q4, s.q5, s.q6, s.q7"
            " FROM survey s LEFT JOIN coach c ON c.id = s.coach_id ORDER BY s.id"
        )
    ]


def _fidelity_reviews(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The IPS-25 reviews (``fidelity_reviews``), canonical (store.fidelity)."""
    return fidelity.export_reviews(conn)


def _referred_employers(people: list[dict[str, Any]]) -> set[str]:
    return {j["employer"] for p in people for j in p["employments"]} | {
        c["employer"] for p in people for c in p["employer_contacts"]
    }


def _ids(conn: sqlite3.Connection, keys: Sequence[str]) -> list[int]:
    """The row ids of ``keys`` (in the database's order); ``KeyError`` names the first unknown key."""
    sql = "SELECT key, id FROM participant WHERE key IN (SELECT value FROM json_each(?))"
    found = dict(conn.execute(sql, (json.dumps(list(keys)),)))
    missing = [k for k in keys if k not in found]
    if missing:
        raise KeyError(missing[0])
    return sorted(int(found[k]) for k in set(keys))


def _rest(conn: sqlite3.Connection) -> dict[str, Any]:
    """The whole document's top-level values after ``participants``."""
    return {
        "employers": read_employers(conn),
        "surveys": _surveys(conn),
        "fidelity_reviews": _fidelity_reviews(conn),
        "settings": read_settings(conn),
    }


def build(db: Database, keys: Sequence[str] | None = None) -> dict[str, Any]:
    """The whole database as a coachtui/1 document (one consistent read snapshot).

    With ``keys`` a handover document: just those participants (in the database's
    order), their coaches, the employers they refer to, no surveys or fidelity
    reviews (they belong to the team, not to a participant) and ``settings`` ``{}``.
    An unknown key raises ``KeyError`` naming it. (``export all`` streams the whole
    document instead: :class:`Stream`, the same bytes.)
    """
    conn = db.read()
    conn.execute("BEGIN")  # one snapshot for all the queries
    try:
        coaches = read_coaches(conn)
        if keys is None:
            people = [d for _pid, _key, d in iter_participants(conn)]
            return {"format": FORMAT, "coaches": coaches, "participants": people, **_rest(conn)}
        people = [d for _pid, _key, d in iter_participants(conn, _ids(conn, keys))]
        used = {p["coach"] for p in people}
        names = _referred_employers(people)
        return {
            "format": FORMAT,
            "coaches": [c for c in coaches if c["key"] in used],
            "participants": people,
            "employers": [e for e in read_employers(conn) if e["name"] in names],
            "surveys": [],
            "fidelity_reviews": [],
            "settings": {},
        }
    finally:
        conn.execute("COMMIT")


class Stream:
    """The whole document's canonical bytes (``dumps(build(db))`` encoded), written participant by participant.

    Iterate it once: it reads one snapshot and yields the head (``format``, ``coaches``), then each
    participant as soon as it is read (:func:`iter_participants`), then the rest; ``participants`` counts
    them. Memory stays that of one participant however large the caseload (``export all`` of 10,000
    participants and 200,000 follow-ups is a 75 MB file).
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self.participants = 0

    def __iter__(self) -> Iterator[bytes]:
        item = _item_writer()
        conn = self.db.read()
        conn.execute("BEGIN")  # one snapshot for all the queries
        try:
            head = dumps({"format": FORMAT, "coaches": read_coaches(conn)}).encode()
            yield head[: -len(b"\n}\n")] + b',\n  "participants": ['
            for _pid, _key, person in iter_participants(conn):
                yield (b",\n    " if self.participants else b"\n    ") + item(person).replace(b"\n", b"\n    ")
                self.participants += 1
            tail = dumps(_rest(conn)).encode()
            yield (b"\n  ]," if self.participants else b"],") + tail[1:]
        finally:
            conn.execute("COMMIT")


def _item_writer() -> Callable[[dict[str, Any]], bytes]:
    """The canonical bytes of one participant at the top level (no final newline): orjson, or the standard
    library without it. A participant holds text, dates as text, small integers and booleans, never a float,
    so the two always agree (``coachtui.jsontext``) and no value needs to be looked at first."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - a dependency
        return lambda value: json.dumps(value, indent=2, ensure_ascii=False).encode()
    option = orjson.OPT_INDENT_2
    return lambda value: orjson.dumps(value, option=option)


#: The canonical text of a document (``coachtui.jsontext``: the standard library's text, by orjson when alike).
dumps = jsontext.dumps
standard_dumps = jsontext.standard
