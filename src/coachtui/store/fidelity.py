"""The IPS fidelity reviews (``fidelity_review`` + ``fidelity_score``): reads, writes, the document's list.

- Reads are plain SQL on the read connection: the reviews with their scores and notes, and the figures the
  suggested scores are made from (``domain.fidelity``).
- Writes validate with pydantic first (``fidelity_inputs``: ReviewIn, ScoreIn, NoteIn: an item outside
  1-25 or a score outside 1-5 is refused and nothing is written), then run in one ``db.write()`` transaction
  with one audit row (``store.audit.record``) that names the review's key, never a note.
- ``fidelity_reviews`` of the coachtui/1 document: :func:`export_reviews` writes the contract's objects (plus
  ``"notes"`` only when an item has a note, see docs/data-format-notes.md), :func:`validate_documents` checks an
  incoming list and :func:`write_documents` stores it inside the import's transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Final

from coachtui.domain import fidelity as rules
from coachtui.domain.dates import add_months
from coachtui.i18n import _
from coachtui.store import audit, settings
from coachtui.store.db import Database, StoreError, insert, update

GOAL_KEY: Final = "fidelity_goal"
REVIEW_KEYS: Final = ("key", "on", "kind", "scores", "note")  # the contract's; "notes" only when non-empty


@dataclass(frozen=True, slots=True)
class Review:
    id: int
    key: str
    on: date
    kind: str
    note: str
    scores: dict[int, int] = field(default_factory=dict)  # item -> 1-5, scored items only
    notes: dict[int, str] = field(default_factory=dict)  # item -> note, non-empty notes only


# --- reads -------------------------------------------------------------------------------------------------


def _read_reviews(conn: sqlite3.Connection) -> list[Review]:
    found: dict[int, Review] = {}
    for rid, key, on, kind, note in conn.execute(
        'SELECT id, key, "on", kind, note FROM fidelity_review ORDER BY "on", id'
    ):
        found[int(rid)] = Review(int(rid), str(key), date.fromisoformat(str(on)), str(kind), str(note or ""))
    for rid, item, score, note in conn.execute(
        "SELECT review_id, item, score, note FROM fidelity_score ORDER BY review_id, item"
    ):
        review = found.get(int(rid))
        if review is None:
            continue
        if score is not None:
            review.scores[int(item)] = int(score)
        if note:
            review.notes[int(item)] = str(note)
    return list(found.values())


def reviews(db: Database) -> list[Review]:
    """Every review by date (then entry order), with its scores and notes."""
    return _read_reviews(db.read())


def review(db: Database, key: str) -> Review | None:
    return next((r for r in reviews(db) if r.key == key), None)


def goal(db: Database) -> int:
    """The team's goal (setting ``fidelity_goal``, default 90; a bad stored value counts as the default)."""
    try:
        value = int(settings.get(db, GOAL_KEY))
    except ValueError:
        return rules.DEFAULT_GOAL
    return value if 0 <= value <= rules.MAX_TOTAL else rules.DEFAULT_GOAL


def suggestions(db: Database, today: date) -> list[rules.Suggestion]:
    """The scores coachtui can suggest from its own records, as of ``today`` (items without data are left out)."""
    conn = db.read()
    conn.execute("BEGIN")  # one snapshot for the four figures
    try:
        found = [
            _caseload(conn, today),
            _rapid_job_search(conn, today),
            _job_development(conn, today),
            _follow_along(conn, today),
        ]
    finally:
        conn.execute("COMMIT")
    return [s for s in found if s is not None]


def _fte(conn: sqlite3.Connection) -> float:
    row = conn.execute("SELECT coalesce(sum(fte), 0) FROM coach").fetchone()
    return round(float(row[0]), 4)


def _caseload(conn: sqlite3.Connection, today: date) -> rules.Suggestion | None:
    """Item 1: participants enrolled on or before today and not exited by today, per full-time post."""
    active = conn.execute(
        "SELECT count(*) FROM participant p LEFT JOIN exit e ON e.participant_id = p.id"
        ' WHERE p.enrolled_on <= ? AND (e."on" IS NULL OR e."on" > ?)',
        (today.isoformat(), today.isoformat()),
    ).fetchone()[0]
    return rules.caseload(int(active), _fte(conn), today)


def _rapid_job_search(conn: sqlite3.Connection, today: date) -> rules.Suggestion | None:
    """Item 15: participants enrolled in the last 12 months; days to their first employer contact logged."""
    start = add_months(today, -12) + timedelta(days=1)
    rows = conn.execute(
        'SELECT p.enrolled_on, (SELECT min(c."on") FROM employer_contact c WHERE c.participant_id = p.id)'
        " FROM participant p WHERE p.enrolled_on BETWEEN ? AND ?",
        (start.isoformat(), today.isoformat()),
    ).fetchall()
    days = [
        (date.fromisoformat(str(first)) - date.fromisoformat(str(enrolled))).days
        for enrolled, first in rows
        if first is not None
    ]
    return rules.rapid_job_search(days, len(rows), start, today)


def _job_development(conn: sqlite3.Connection, today: date) -> rules.Suggestion | None:
    """Item 17: employer contacts logged in the last 3 months, per week and full-time post."""
    start = add_months(today, -3) + timedelta(days=1)
    contacts = conn.execute(
        'SELECT count(*) FROM employer_contact WHERE "on" BETWEEN ? AND ?', (start.isoformat(), today.isoformat())
    ).fetchone()[0]
    return rules.job_development(int(contacts), _fte(conn), start, today)


def _follow_along(conn: sqlite3.Connection, today: date) -> rules.Suggestion | None:
    """Item 23: participants whose job started 4-16 months ago (a year of starts, each at least four months
    old); supported = an efterstöd follow-up done on or after four months from the start of such a job."""
    last_start = add_months(today, -4)
    first_start = add_months(last_start, -12) + timedelta(days=1)
    rows = conn.execute(
        "SELECT e.participant_id, e.start_on,"
        " (SELECT max(f.done_on) FROM followup f WHERE f.employment_id = e.id AND f.status = 'done')"
        " FROM employment e WHERE e.start_on BETWEEN ? AND ?",
        (first_start.isoformat(), last_start.isoformat()),
    ).fetchall()
    employed: set[int] = set()
    supported: set[int] = set()
    for pid, start_on, last_done in rows:
        employed.add(int(pid))
        if last_done is not None and str(last_done) >= add_months(date.fromisoformat(str(start_on)), 4).isoformat():
            supported.add(int(pid))
    return rules.follow_along(len(employed), len(supported), first_start, last_start)


# --- writes ------------------------------------------------------------------------------------------------


def _gone() -> StoreError:
    return StoreError(_("Skattningen finns inte längre (raderad i ett annat fönster?)."))


def new_key(on: date, taken: Sequence[str]) -> str:
    """``f-YYYY`` for the review's year, ``f-YYYY-2`` (-3, …) when that is taken."""
    base = f"f-{on.year}"
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def create_review(db: Database, data: Mapping[str, Any], *, now: datetime) -> str:
    """A new review (date, kind, note); returns its key. Raises InputError on bad input (nothing written)."""
    from coachtui.store.fidelity_inputs import ReviewIn, parse

    values = parse(ReviewIn, data)
    with db.write() as conn:
        taken = [str(k) for (k,) in conn.execute("SELECT key FROM fidelity_review")]
        key = new_key(values.on, taken)
        insert(conn, "fidelity_review", {"key": key, "on": values.on, "kind": values.kind, "note": values.note})
        audit.record(conn, now, "fidelity review added", "fidelity_review", count=1, detail=key)
    return key


def update_review(db: Database, key: str, data: Mapping[str, Any], *, now: datetime) -> None:
    """Change a review's date, kind and note (its key stays)."""
    from coachtui.store.fidelity_inputs import ReviewIn, parse

    values = parse(ReviewIn, data)
    with db.write() as conn:
        update(
            conn, "fidelity_review", _review_id(conn, key), {"on": values.on, "kind": values.kind, "note": values.note}
        )
        audit.record(conn, now, "fidelity review changed", "fidelity_review", count=1, detail=key)


def _review_id(conn: sqlite3.Connection, key: str) -> int:
    found = conn.execute("SELECT id FROM fidelity_review WHERE key = ?", (key,)).fetchone()
    if found is None:
        raise _gone()
    return int(found[0])


def set_score(db: Database, key: str, data: Mapping[str, Any], *, now: datetime) -> None:
    """Score one item (``{"item": 1-25, "score": 1-5 or None}``); a bad item or score writes nothing."""
    from coachtui.store.fidelity_inputs import ScoreIn, parse

    values = parse(ScoreIn, data)
    _write_item(db, key, values.item, now=now, score=values.score)


def set_note(db: Database, key: str, data: Mapping[str, Any], *, now: datetime) -> None:
    """The note of one item (``{"item": 1-25, "note": text}``); empty clears it."""
    from coachtui.store.fidelity_inputs import NoteIn, parse

    values = parse(NoteIn, data)
    _write_item(db, key, values.item, now=now, note=values.note.strip())


_KEEP: Final = object()


def _write_item(db: Database, key: str, item: int, *, now: datetime, score: Any = _KEEP, note: Any = _KEEP) -> None:
    """One item's score and/or note; an item with neither has no row."""
    with db.write() as conn:
        review_id = _review_id(conn, key)
        row = conn.execute(
            "SELECT score, note FROM fidelity_score WHERE review_id = ? AND item = ?", (review_id, item)
        ).fetchone()
        stored_score, stored_note = (row[0], str(row[1])) if row is not None else (None, "")
        new_score = stored_score if score is _KEEP else score
        new_note = stored_note if note is _KEEP else note
        if new_score is None and not new_note:
            conn.execute("DELETE FROM fidelity_score WHERE review_id = ? AND item = ?", (review_id, item))
        else:
            conn.execute(
                "INSERT INTO fidelity_score(review_id, item, score, note) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(review_id, item) DO UPDATE SET score = excluded.score, note = excluded.note",
                (review_id, item, new_score, new_note),
            )
        what = "fidelity score set" if score is not _KEEP else "fidelity note set"
        audit.record(conn, now, what, "fidelity_score", count=1, detail=f"{key} item {item}")


def delete_review(db: Database, key: str, *, now: datetime) -> None:
    """Delete a review and its scores (the caller asks first)."""
    with db.write() as conn:
        conn.execute("DELETE FROM fidelity_review WHERE id = ?", (_review_id(conn, key),))
        audit.record(conn, now, "fidelity review deleted", "fidelity_review", count=1, detail=key)


def set_goal(db: Database, value: int) -> None:
    if not 0 <= value <= rules.MAX_TOTAL:
        raise ValueError(value)
    settings.put(db, GOAL_KEY, str(value))


# --- the document's "fidelity_reviews" ---------------------------------------------------------------------


def review_doc(found: Review) -> dict[str, Any]:
    """One review in canonical form: the contract's keys in order, scores by item, ``notes`` only when any."""
    doc: dict[str, Any] = {
        "key": found.key,
        "on": found.on.isoformat(),
        "kind": found.kind,
        "scores": {str(item): found.scores[item] for item in sorted(found.scores)},
        "note": found.note,
    }
    if found.notes:
        doc["notes"] = {str(item): found.notes[item] for item in sorted(found.notes)}
    return doc


def export_reviews(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """``fidelity_reviews`` of ``export all`` (by date, then entry order), read on ``conn``'s snapshot."""
    return [review_doc(r) for r in _read_reviews(conn)]


def validate_documents(value: Any, *, where: str = "fidelity_reviews") -> list[dict[str, Any]]:
    """Check the document's ``fidelity_reviews`` list; return it canonical or raise InputError naming every
    problem (``fidelity_reviews[2]: Poäng: …``). A missing list is an empty one; a key may appear once."""
    from coachtui.store.fidelity_inputs import InputError, Problem, ReviewDocIn, parse

    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError([Problem(where, _("{where}: måste vara en lista", where=where))])
    problems: list[Problem] = []
    result: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n, raw in enumerate(value, start=1):
        place = f"{where}[{n}]"
        if not isinstance(raw, dict):
            problems.append(Problem(place, _("{where}: måste vara ett objekt", where=place)))
            continue
        try:
            parsed = parse(ReviewDocIn, raw, where=place)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if parsed.key in seen:
            twice = _("{where}: nyckeln {key!r} förekommer två gånger", where=place, key=parsed.key)
            problems.append(Problem(place, twice))
            continue
        seen.add(parsed.key)
        found = Review(
            0,
            parsed.key,
            parsed.on,
            parsed.kind,
            parsed.note,
            dict(parsed.scores),
            {i: t.strip() for i, t in parsed.notes.items() if t.strip()},
        )
        result.append(review_doc(found))
    if problems:
        raise InputError(problems)
    return result


def changed_documents(conn: sqlite3.Connection, docs: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The validated reviews that are new or differ from the file's review of the same key."""
    existing = {d["key"]: d for d in export_reviews(conn)}
    return [d for d in docs if existing.get(d["key"]) != d]


def write_documents(conn: sqlite3.Connection, docs: Sequence[Mapping[str, Any]]) -> int:
    """Store validated reviews inside the caller's write transaction: a review whose key exists is replaced
    (its date, kind, note, scores and notes are the file's); the others are added. Returns how many."""
    for doc in docs:
        conn.execute(
            'INSERT INTO fidelity_review(key, "on", kind, note) VALUES (?, ?, ?, ?)'
            ' ON CONFLICT(key) DO UPDATE SET "on" = excluded."on", kind = excluded.kind, note = excluded.note',
            (doc["key"], doc["on"], doc["kind"], doc["note"]),
        )
        rid = int(conn.execute("SELECT id FROM fidelity_review WHERE key = ?", (doc["key"],)).fetchone()[0])
        conn.execute("DELETE FROM fidelity_score WHERE review_id = ?", (rid,))
        scores: Mapping[str, int] = doc["scores"]
        notes: Mapping[str, str] = doc.get("notes", {})
        items = sorted({int(i) for i in scores} | {int(i) for i in notes})
        conn.executemany(
            "INSERT INTO fidelity_score(review_id, item, score, note) VALUES (?, ?, ?, ?)",
            [(rid, i, scores.get(str(i)), notes.get(str(i), "")) for i in items],
        )
    return len(docs)
