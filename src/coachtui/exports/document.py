"""The full coachtui/1 document (``coachtui export all --format json``) and its canonical form.

Canonical form, which makes export → import into an empty database → export
byte-identical:

- ``json.dumps(document, indent=2, ensure_ascii=False)`` followed by one newline;
- top-level keys ``format``, ``coaches``, ``participants`` in that order;
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

Not in the document because the contract has no place for them: journal
entries, employer contacts, employers' phone numbers and notes, efterstöd
follow-ups (an import generates the follow-ups of new employments), team
settings and the audit log.

The reads are plain SQL on the read connection (no ORM objects: 10,000
participants export in a fraction of a second).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from typing import Any, Final

from coachtui.store.db import Database

FORMAT: Final = "coachtui/1"
DOCUMENT_KEYS: Final = ("format", "coaches", "participants", "surveys")
COACH_KEYS: Final = ("key", "name", "municipality", "fte")
PARTICIPANT_KEYS: Final = (
    "key",
    "coach",
    "first_name",
    "last_name",
    "birth_year",
    "gender",
    "municipality",
    "program",
    "referred_on",
    "enrolled_on",
    "sus_consent",
    "education",
    "support_since",
    "support_before",
    "occupation_before",
    "steps",
    "employments",
    "exit",
)
#: the participant's own columns (everything but the key, coach and nested values)
SCALAR_KEYS: Final = PARTICIPANT_KEYS[2:14]
OCCUPATION_KEYS: Final = ("kind", "extent")
STEP_KEYS: Final = ("step", "on", "note")  # "note" only when non-empty
EMPLOYMENT_KEYS: Final = ("employer", "start_on", "end_on", "subsidised", "extent")
EXIT_KEYS: Final = ("on", "reason", "occupation_after", "support_after", "sus_registered_on")


def participant_doc(
    key: str,
    coach: str | None,
    values: dict[str, Any],
    steps: list[dict[str, Any]],
    employments: list[dict[str, Any]],
    exit_: dict[str, Any] | None,
) -> dict[str, Any]:
    """One participant in canonical key order. ``values`` holds the flat participant
    columns (``occupation_before_kind``/``_extent`` included) as JSON values."""
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
    return doc


def step_doc(step: int, on: str, note: str = "") -> dict[str, Any]:
    doc: dict[str, Any] = {"step": step, "on": on}
    if note:
        doc["note"] = note
    return doc


def employment_doc(employer: str, start_on: str, end_on: str | None, subsidised: bool, extent: int) -> dict[str, Any]:
    return {
        "employer": employer,
        "start_on": start_on,
        "end_on": end_on,
        "subsidised": subsidised,
        "extent": extent,
    }


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


def read_participants(conn: sqlite3.Connection) -> dict[str, tuple[int, dict[str, Any]]]:
    """Every participant as ``key -> (row id, canonical dict)``, in row id order."""
    steps: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for pid, step, on, note in conn.execute(
        'SELECT participant_id, step, "on", note FROM step_change ORDER BY participant_id, "on", id'
    ):
        steps[pid].append(step_doc(int(step), str(on), note or ""))
    jobs: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for pid, employer, start_on, end_on, subsidised, extent in conn.execute(
        "SELECT e.participant_id, r.name, e.start_on, e.end_on, e.subsidised, e.extent"
        " FROM employment e JOIN employer r ON r.id = e.employer_id"
        " ORDER BY e.participant_id, e.start_on, e.id"
    ):
        jobs[pid].append(employment_doc(employer, str(start_on), end_on, bool(subsidised), int(extent)))
    exits: dict[int, dict[str, Any]] = {}
    for pid, on, reason, kind, extent, support_after, registered in conn.execute(
        'SELECT participant_id, "on", reason, occupation_after_kind, occupation_after_extent,'
        " support_after, sus_registered_on FROM exit"
    ):
        exits[pid] = exit_doc(str(on), reason, kind, int(extent), json.loads(support_after or "[]"), registered)
    cols = ", ".join(f"p.{name}" for name in (*SCALAR_KEYS, "occupation_before_kind", "occupation_before_extent"))
    result: dict[str, tuple[int, dict[str, Any]]] = {}
    for row in conn.execute(
        f"SELECT p.id, p.key, c.key, {cols} FROM participant p JOIN coach c ON c.id = p.coach_id ORDER BY p.id"
    ):
        pid = int(row[0])
        values = dict(zip((*SCALAR_KEYS, "occupation_before_kind", "occupation_before_extent"), row[3:], strict=True))
        values["birth_year"] = int(values["birth_year"])
        values["sus_consent"] = bool(values["sus_consent"])
        values["support_before"] = json.loads(values["support_before"] or "[]")
        values["occupation_before_extent"] = int(values["occupation_before_extent"])
        result[row[1]] = (pid, participant_doc(row[1], row[2], values, steps[pid], jobs[pid], exits.get(pid)))
    return result


def build(db: Database) -> dict[str, Any]:
    """The whole database as a coachtui/1 document (one consistent read snapshot)."""
    conn = db.read()
    conn.execute("BEGIN")  # one snapshot for all the queries
    try:
        coaches = read_coaches(conn)
        people = [doc for _pid, doc in read_participants(conn).values()]
        from coachtui.store.surveys import read_document

        sheets = read_document(conn)  # the NNS answer sheets (anonymous)
    finally:
        conn.execute("COMMIT")
    return {"format": FORMAT, "coaches": coaches, "participants": people, "surveys": sheets}


def dumps(document: dict[str, Any]) -> str:
    """The canonical text of a document."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
