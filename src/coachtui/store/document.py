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

The reads are plain SQL on the read connection (no ORM objects: 10,000
participants export in a fraction of a second).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, Final

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


def read_followups(conn: sqlite3.Connection) -> dict[int, list[dict[str, Any]]]:
    """employment id -> its follow-ups in canonical order (by due date, then entry order)."""
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for jid, slot, kind, due, original, status, done_on, note, cancelled in conn.execute(
        "SELECT employment_id, slot, kind, due_on, original_due_on, status, done_on, note, cancelled_by_exit"
        " FROM followup ORDER BY employment_id, due_on, id"
    ):
        found[jid].append(followup_doc(slot, kind, due, original, status, done_on, note or "", bool(cancelled)))
    return found


def read_participants(conn: sqlite3.Connection) -> dict[str, tuple[int, dict[str, Any]]]:
    """Every participant as ``key -> (row id, canonical dict)``, in row id order."""
    steps: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for pid, step, on, note in conn.execute(
        'SELECT participant_id, step, "on", note FROM step_change ORDER BY participant_id, "on", id'
    ):
        steps[pid].append(step_doc(int(step), str(on), note or ""))
    followups = read_followups(conn)
    jobs: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for jid, pid, employer, start_on, end_on, subsidised, extent in conn.execute(
        "SELECT e.id, e.participant_id, r.name, e.start_on, e.end_on, e.subsidised, e.extent"
        " FROM employment e JOIN employer r ON r.id = e.employer_id"
        " ORDER BY e.participant_id, e.start_on, e.id"
    ):
        jobs[pid].append(
            employment_doc(employer, str(start_on), end_on, bool(subsidised), int(extent), followups.get(jid, []))
        )
    exits: dict[int, dict[str, Any]] = {}
    for pid, on, reason, kind, extent, support_after, registered in conn.execute(
        'SELECT participant_id, "on", reason, occupation_after_kind, occupation_after_extent,'
        " support_after, sus_registered_on FROM exit"
    ):
        exits[pid] = exit_doc(str(on), reason, kind, int(extent), json.loads(support_after or "[]"), registered)
    journal: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for pid, on, kind, text in conn.execute(
        'SELECT participant_id, "on", kind, text FROM journal_entry ORDER BY participant_id, "on", id'
    ):
        journal[pid].append(journal_doc(str(on), kind, text or ""))
    contacts: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for pid, on, employer, person, note in conn.execute(
        'SELECT c.participant_id, c."on", r.name, c.person, c.note FROM employer_contact c'
        ' JOIN employer r ON r.id = c.employer_id ORDER BY c.participant_id, c."on", c.id'
    ):
        contacts[pid].append(contact_doc(str(on), employer, person or "", note or ""))
    names = record.PARTICIPANT_COLUMNS
    cols = ", ".join(f"p.{name}" for name in names)
    result: dict[str, tuple[int, dict[str, Any]]] = {}
    for row in conn.execute(
        f"SELECT p.id, p.key, c.key, p.phone, p.survey_offered_on, {cols}"
        " FROM participant p JOIN coach c ON c.id = p.coach_id ORDER BY p.id"
    ):
        pid = int(row[0])
        values = dict(zip(names, row[5:], strict=True))
        values["birth_year"] = int(values["birth_year"])
        values["sus_consent"] = bool(values["sus_consent"])
        values["support_before"] = json.loads(values["support_before"] or "[]")
        values["occupation_before_extent"] = int(values["occupation_before_extent"])
        extra = {
            "phone": row[3] or "",
            "journal": journal.get(pid, []),
            "employer_contacts": contacts.get(pid, []),
            "survey_offered_on": row[4],
        }
        result[row[1]] = (
            pid,
            participant_doc(row[1], row[2], values, steps[pid], jobs[pid], exits.get(pid), extra),
        )
    return result


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
    """The NNS answer sheets (``surveys``, anonymous), canonical (store.surveys)."""
    from coachtui.store.surveys import read_document

    return read_document(conn)


def _fidelity_reviews(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The IPS-25 reviews (``fidelity_reviews``), canonical (store.fidelity)."""
    return fidelity.export_reviews(conn)


def _referred_employers(people: list[dict[str, Any]]) -> set[str]:
    return {j["employer"] for p in people for j in p["employments"]} | {
        c["employer"] for p in people for c in p["employer_contacts"]
    }


def build(db: Database, keys: Sequence[str] | None = None) -> dict[str, Any]:
    """The whole database as a coachtui/1 document (one consistent read snapshot).

    With ``keys`` a handover document: just those participants (in the database's
    order), their coaches, the employers they refer to, no surveys or fidelity
    reviews (they belong to the team, not to a participant) and ``settings`` ``{}``.
    An unknown key raises ``KeyError`` naming it.
    """
    conn = db.read()
    conn.execute("BEGIN")  # one snapshot for all the queries
    try:
        coaches = read_coaches(conn)
        everyone = read_participants(conn)
        if keys is None:
            return {
                "format": FORMAT,
                "coaches": coaches,
                "participants": [d for _pid, d in everyone.values()],
                "employers": read_employers(conn),
                "surveys": _surveys(conn),
                "fidelity_reviews": _fidelity_reviews(conn),
                "settings": read_settings(conn),
            }
        missing = [k for k in keys if k not in everyone]
        if missing:
            raise KeyError(missing[0])
        wanted = set(keys)
        people = [d for key, (_pid, d) in everyone.items() if key in wanted]
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


def dumps(document: dict[str, Any]) -> str:
    """The canonical text of a document: ``json.dumps(document, indent=2, ensure_ascii=False)`` and a newline.

    Written by orjson when it is installed (the same bytes, ~25 times faster: 10,000 participants with their
    whole record in ~0.2 s instead of ~4 s; ``tests/test_whole_record.py`` checks that the bytes agree). The
    one difference between the two, the form of a float below 0.0001 (``1e-05`` against ``0.00001``), cannot
    occur but in a coach's ``fte`` (the document's only float); such a document takes the standard library.
    """
    if all(c["fte"] >= 1e-4 for c in document.get("coaches", ())):
        try:
            import orjson
        except ImportError:  # pragma: no cover - a dependency; without it the standard library gives the same text
            pass
        else:
            return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n"
    return standard_dumps(document)


def standard_dumps(document: dict[str, Any]) -> str:
    """The canonical text by the standard library (the definition :func:`dumps` keeps to)."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
