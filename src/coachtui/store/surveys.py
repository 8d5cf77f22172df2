"""The NNS questionnaire's answer sheets (table ``survey``), its team settings and "handed out" on a participant.

A sheet is anonymous: it has a kind, a date, the coach, municipality and programme, the respondent's gender
as ticked on the paper and the seven answers, and nothing that links it to a participant. Keys are
``s-0001``, ``s-0002`` … in the order the sheets were entered (an imported key is kept as it is).

Reads are plain SQL; writes validate through :class:`SurveyIn` and go through one ``db.write()`` transaction with one
audit row (an action and a count, never answers or names). The document functions (:func:`read_document`,
:func:`validate_document`, :func:`write_document`) give ``export all`` and ``import`` the top-level
``"surveys"`` list of DATA-FORMAT.md.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Annotated, Any, NamedTuple

from pydantic import BeforeValidator, Field, ValidationError

from coachtui.domain import codes
from coachtui.domain import survey as rules
from coachtui.i18n import _
from coachtui.store import audit, settings
from coachtui.store.db import Database, StoreError, insert, update
from coachtui.store.inputs import InputError, Problem, _Input, _iso_date, _name, parse, problems_of

QUESTION_COLUMNS = tuple(f"q{n}" for n in range(1, rules.COUNT + 1))
DOCUMENT_KEYS = ("key", "kind", "on", "coach", "municipality", "program", "respondent", "answers")
_KEY = re.compile(r"^s-(\d+)$")


# --- input -----------------------------------------------------------------------------------


def _kind(value: Any) -> Any:
    if value in rules.KINDS:
        return value
    choices = ", ".join(rules.kind_label(k) for k in rules.KINDS)
    raise ValueError(_("måste vara en av: {choices}", choices=choices))


def _respondent(value: Any) -> Any:
    if value in rules.RESPONDENTS:
        return value
    choices = ", ".join(rules.respondent_label(r) for r in rules.RESPONDENTS)
    raise ValueError(_("måste vara en av: {choices}", choices=choices))


def _program(value: Any) -> Any:
    if isinstance(value, str) and value in codes.PROGRAM:
        return value
    raise ValueError(_("måste vara en av: {choices}", choices=", ".join(codes.PROGRAM)))


def _answers(value: Any) -> Any:
    return rules.validate_answers(value)


class SurveyIn(_Input):
    """One sheet as typed or imported. ``answers``: exactly 7, each 1-6 or None, at least one answered."""

    kind: Annotated[str, BeforeValidator(_kind)]
    on: Annotated[date, BeforeValidator(_iso_date)]
    municipality: Annotated[str, BeforeValidator(_name), Field(max_length=100)]
    program: Annotated[str, BeforeValidator(_program)]
    respondent: Annotated[str, BeforeValidator(_respondent)]
    answers: Annotated[tuple[int | None, ...], BeforeValidator(_answers)]


# --- queries ---------------------------------------------------------------------------------


class SheetRow(NamedTuple):
    id: int
    key: str
    kind: str
    on: date
    coach: str | None
    municipality: str
    program: str
    respondent: str
    answers: tuple[int | None, ...]

    def as_sheet(self) -> rules.Sheet:
        return rules.Sheet(self.on, self.kind, self.respondent, self.answers, self.municipality, self.program)

    def values(self) -> dict[str, Any]:
        """The form's values of this sheet."""
        return {
            "kind": self.kind,
            "on": self.on.isoformat(),
            "municipality": self.municipality,
            "program": self.program,
            "respondent": self.respondent,
            "answers": list(self.answers),
        }


_SHEET_SQL = f"""
SELECT s.id, s.key, s.kind, s."on", c.key, s.municipality, s.program, s.respondent, {", ".join(QUESTION_COLUMNS)}
FROM survey s LEFT JOIN coach c ON c.id = s.coach_id
"""


def _row(r: Sequence[Any]) -> SheetRow:
    answers = tuple(None if v is None else int(v) for v in r[8:15])
    return SheetRow(int(r[0]), str(r[1]), str(r[2]), date.fromisoformat(r[3]), r[4], r[5], r[6], r[7], answers)


def sheets(
    db: Database | sqlite3.Connection, start: date | None = None, end: date | None = None, *, newest_first: bool = True
) -> list[SheetRow]:
    """The sheets dated ``start``..``end`` (every sheet without them), newest (or oldest) entered first."""
    conn = db.read() if isinstance(db, Database) else db
    where: list[str] = []
    params: list[str] = []
    if start is not None:
        where.append('s."on" >= ?')
        params.append(start.isoformat())
    if end is not None:
        where.append('s."on" <= ?')
        params.append(end.isoformat())
    sql = _SHEET_SQL + (" WHERE " + " AND ".join(where) if where else "")
    sql += ' ORDER BY s."on" DESC, s.id DESC' if newest_first else ' ORDER BY s."on", s.id'
    return [_row(r) for r in conn.execute(sql, params)]


def sheet(db: Database, sheet_id: int) -> SheetRow:
    r = db.read().execute(_SHEET_SQL + " WHERE s.id = ?", (sheet_id,)).fetchone()
    if r is None:
        raise StoreError(_("Enkäten finns inte längre."))
    return _row(r)


def count(db: Database) -> int:
    return int(db.read().execute("SELECT count(*) FROM survey").fetchone()[0])


def municipalities(db: Database) -> list[str]:
    """The municipalities of every sheet, sorted."""
    return [str(r[0]) for r in db.read().execute("SELECT DISTINCT municipality FROM survey ORDER BY 1")]


def goals(db: Database) -> rules.Goals:
    return rules.goals_from_settings({key: settings.get(db, key) for key in rules.SETTING_DEFAULTS})


def reminder_days(db: Database) -> int:
    return rules.reminder_days(settings.get(db, rules.REMINDER_DAYS_KEY))


def report(
    db: Database,
    start: date,
    end: date,
    *,
    kind: str | None = None,
    municipality: str | None = None,
    program: str | None = None,
) -> rules.SurveyReport:
    """``domain.survey.build`` over the sheets of the period with the team's goals."""
    found = [s.as_sheet() for s in sheets(db, start, end, newest_first=False)]
    return rules.build(found, start, end, goals=goals(db), kind=kind, municipality=municipality, program=program)


# --- commands --------------------------------------------------------------------------------


def _next_key(conn: sqlite3.Connection) -> str:
    highest = 0
    for (key,) in conn.execute("SELECT key FROM survey WHERE key LIKE 's-%'"):
        found = _KEY.match(str(key))
        if found:
            highest = max(highest, int(found.group(1)))
    return f"s-{highest + 1:04d}"


def _columns(values: SurveyIn) -> dict[str, Any]:
    return {
        "kind": values.kind,
        "on": values.on,
        "municipality": values.municipality,
        "program": values.program,
        "respondent": values.respondent,
        **dict(zip(QUESTION_COLUMNS, values.answers, strict=True)),
    }


def add_sheet(db: Database, data: Mapping[str, Any]) -> SheetRow:
    """Store one sheet (key ``s-NNNN``, the database's coach); InputError names each bad field, nothing
    written."""
    from coachtui.store.participants import coach

    values = parse(SurveyIn, data)
    owner = coach(db)
    with db.write() as conn:
        row = {"key": _next_key(conn), "coach_id": owner.id if owner else None, **_columns(values)}
        new_id = insert(conn, "survey", row)
        audit.record(conn, db.clock.now(), "survey added", "survey", count=1)
    return sheet(db, new_id)


def _sheet_id(conn: sqlite3.Connection, sheet_id: int) -> None:
    if conn.execute("SELECT 1 FROM survey WHERE id = ?", (sheet_id,)).fetchone() is None:
        raise StoreError(_("Enkäten finns inte längre."))


def update_sheet(db: Database, sheet_id: int, data: Mapping[str, Any]) -> SheetRow:
    values = parse(SurveyIn, data)
    with db.write() as conn:
        _sheet_id(conn, sheet_id)
        update(conn, "survey", sheet_id, _columns(values))
        audit.record(conn, db.clock.now(), "survey changed", "survey", count=1)
    return sheet(db, sheet_id)


def delete_sheet(db: Database, sheet_id: int) -> None:
    with db.write() as conn:
        _sheet_id(conn, sheet_id)
        conn.execute("DELETE FROM survey WHERE id = ?", (sheet_id,))
        audit.record(conn, db.clock.now(), "survey deleted", "survey", count=1)


def mark_offered(db: Database, participant_id: int, on: date) -> None:
    """The questionnaire was handed to the participant on ``on`` (ends their ``survey`` reminder)."""
    with db.write() as conn:
        found = conn.execute(  # the version goes up even when the day is the same (as every save of the record)
            "UPDATE participant SET survey_offered_on = ?, version = version + 1 WHERE id = ?",
            (on.isoformat(), participant_id),
        )
        if found.rowcount == 0:
            raise StoreError(_("Deltagaren finns inte längre."))
        audit.record(conn, db.clock.now(), "survey handed out", "participant", count=1)


# --- the document's "surveys" list -----------------------------------------------------------


def document_item(row: SheetRow) -> dict[str, Any]:
    return {
        "key": row.key,
        "kind": row.kind,
        "on": row.on.isoformat(),
        "coach": row.coach,
        "municipality": row.municipality,
        "program": row.program,
        "respondent": row.respondent,
        "answers": list(row.answers),
    }


def read_document(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every sheet as the document's canonical dicts, in the order they were entered (row id)."""
    rows = [_row(r) for r in conn.execute(_SHEET_SQL + " ORDER BY s.id")]
    return [document_item(r) for r in rows]


def validate_document(items: Any, known_coaches: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The document's ``"surveys"`` list checked whole: canonical dicts, or InputError naming every sheet
    (``enkät s-0001`` or ``enkät 3``) and field at fault. ``known_coaches``: coach keys of the database and
    the file (an unknown coach is an error; ``null`` is allowed)."""
    if not isinstance(items, list):
        raise InputError([Problem("surveys", _("surveys: måste vara en lista"))])
    problems: list[Problem] = []
    result: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, item in enumerate(items, start=1):
        raw_key = item.get("key") if isinstance(item, dict) else None
        where = _("enkät {key}", key=raw_key) if isinstance(raw_key, str) and raw_key else _("enkät {n}", n=index)
        if not isinstance(item, dict):
            problems.append(Problem(where, f"{where}: " + _("måste vara ett objekt")))
            continue
        unknown = [k for k in item if k not in DOCUMENT_KEYS]
        problems += [Problem(f"{where}: {k}", f"{where}: {k}: " + _("okänt fält")) for k in unknown]
        key = item.get("key")
        if not isinstance(key, str) or not key.strip() or len(key) > 100:
            problems.append(Problem(f"{where}: key", f"{where}: key: " + _("måste vara en text")))
            continue
        if key in seen:
            problems.append(Problem(f"{where}: key", f"{where}: key: " + _("förekommer två gånger i filen")))
            continue
        seen.add(key)
        coach_key = item.get("coach")
        if coach_key is not None and coach_key not in known_coaches:
            problems.append(Problem(f"{where}: coach", f"{where}: coach: " + _("okänd coach {key!r}", key=coach_key)))
        fields = {k: item[k] for k in DOCUMENT_KEYS[1:] if k in item and k != "coach"}
        try:
            values = SurveyIn.model_validate(fields)
        except ValidationError as exc:
            problems += problems_of(exc, where=where)
            continue
        result.append(
            {
                "key": key,
                "kind": values.kind,
                "on": values.on.isoformat(),
                "coach": coach_key,
                "municipality": values.municipality,
                "program": values.program,
                "respondent": values.respondent,
                "answers": list(values.answers),
            }
        )
    if problems:
        raise InputError(problems)
    return result


def changed_sheets(conn: sqlite3.Connection, items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The validated sheets that are new or differ from the stored sheet of the same key."""
    if not items:
        return []
    existing = {d["key"]: d for d in read_document(conn)}
    return [dict(item) for item in items if existing.get(str(item["key"])) != dict(item)]


def write_document(conn: sqlite3.Connection, items: Sequence[Mapping[str, Any]]) -> int:
    """Insert or update (by key) the validated sheets inside the caller's write transaction (after the file's
    coaches are in); returns how many were new or changed."""
    coach_ids = {str(k): int(i) for i, k in conn.execute("SELECT id, key FROM coach")}
    changed = changed_sheets(conn, items)
    columns = ("key", "kind", '"on"', "coach_id", "municipality", "program", "respondent", *QUESTION_COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
    conn.executemany(
        f"INSERT INTO survey({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        f" ON CONFLICT(key) DO UPDATE SET {updates}",
        [
            (
                i["key"],
                i["kind"],
                i["on"],
                coach_ids.get(i["coach"]) if i["coach"] is not None else None,
                i["municipality"],
                i["program"],
                i["respondent"],
                *i["answers"],
            )
            for i in changed
        ],
    )
    return len(changed)
