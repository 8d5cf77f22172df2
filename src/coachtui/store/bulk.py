"""All-or-nothing import of many participants (``coachtui import``, the app's import dialog).

1. :func:`validate` checks EVERYTHING first, through the input models of
   ``store.inputs`` plus the file-level rules (a key twice in the file, an exit
   before enrolment, an unknown coach, unknown keys), and raises one
   ``InputError`` listing every problem with its row number or key and field.
   Nothing is read from or written to the database here.
2. :func:`dry_run` tells what would be added, changed and left as is.
3. :func:`run` backs the database up, then writes everything in ONE
   ``BEGIN IMMEDIATE`` transaction with ``executemany`` bulk inserts (no ORM
   objects: 10,000 participants take about a second). A crash or kill half-way
   leaves the database as it was.

What an import does to a participant whose key already exists:

- from a coachtui/1 document (json) the participant in the file is the whole
  truth: its fields, steps, employments, exit, phone, journal, employer contacts
  and questionnaire day replace those in the database; additions the file does
  not carry (an older file) are left as they are. An employment is matched by
  employer and first day of work, else by employer; a match keeps its row and its
  follow-ups' rows (so their calendar UIDs), which are brought to the file's
  ``followups`` slot by slot (:func:`_reconcile`: a slot the file drops stays when
  done and is skipped, CANCELLED in calendars, when planned). Employments no
  longer in the file are removed.
- from a spreadsheet row (csv/xlsx, one row per participant, at most one step,
  one employment and one exit) the row's fields replace the participant's; its
  step and employment are added unless already there (an employment with the
  same employer and first day of work is updated); its exit replaces the
  participant's exit; an empty exit leaves an existing exit as it is. History is
  never removed by a spreadsheet.
- the participant's coach changes only when the file names one.

Then the exit form's rule runs with the same statements (``exits.followup_rule``):
an exit for a reason other than work cancels the planned follow-ups after its
date; a removed exit gives back what it cancelled. The checks are the forms'
(``store.inputs``: no step in the future or before enrolment, an exit or a first
day of work at most 31 days ahead and not before enrolment, no SUS registration in
the future, keys without control characters).

New employments without ``followups`` get their efterstöd generated from the
team's template; slots due before the import date are stored as ``unrecorded``
(history, not overdue). Coaches in the file whose key is new are added; a coach
key that already exists keeps the database's values (the receiving coach's name
is not overwritten when a caseload is handed over); the same for an employer's
phone and note (only empty ones are filled in). The team settings a document
carries replace the database's (a handover carries none). Survey sheets and
fidelity reviews are refused until their features read them. A participant
without a coach belongs to the database's own (first) coach; when the database
has none, to the file's first coach, else to a coach created as "Coach", the
first row's municipality, fte 1.0.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from coachtui.i18n import _
from coachtui.store import audit
from coachtui.store import document as doc
from coachtui.store.db import Database
from coachtui.store.exits import followup_rule
from coachtui.store.followups import followup_rows, template
from coachtui.store.inputs import (
    MAX_KEY,  # noqa: F401  (re-exported: the limit of a key in a file)
    CoachIn,
    EmployerContactIn,
    EmployerIn,
    EmploymentIn,
    ExitIn,
    FollowupIn,
    InputError,
    JournalIn,
    OfferedIn,
    ParticipantIn,
    Problem,
    StepIn,
    employment_date_problems,
    exit_date_problems,
    field_label,
    key_problem,
    problems_of,
    step_date_problems,
)

IMPORT_CACHE_KIB = -65536  # negative: KiB (64 MiB) for the import's transaction


@dataclass(frozen=True, slots=True)
class Record:
    """One participant as read from a file, in the document's (nested) shape.

    ``where`` names it in messages ("p-001" or "rad 3"); ``flat`` marks a
    spreadsheet row (partial history: merged into the participant, see the module).
    """

    where: str
    data: Any
    flat: bool = False


@dataclass(frozen=True, slots=True)
class Incoming:
    """What a reader found in a file: coaches and the top-level lists (documents only) and participant records."""

    coaches: list[Record]
    records: list[Record]
    employers: list[Record] = field(default_factory=list)
    surveys: list[Any] = field(default_factory=list)
    fidelity_reviews: list[Any] = field(default_factory=list)  # the document's list as read (store.fidelity checks it)
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Target:
    """One valid participant: its canonical dict (``coach`` None = unspecified).

    ``present``: which of the additions (``doc.EXTRA_KEYS``) the file carried; for an
    existing participant the others keep the database's values (an older file).
    An employment whose ``followups`` is None had none in the file: generated.
    """

    doc: dict[str, Any]
    flat: bool
    present: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Prepared:
    """A validated file, ready to plan and write."""

    coaches: list[dict[str, Any]]  # coaches of the file, canonical
    participants: list[Target]
    default_municipality: str
    employers: list[dict[str, Any]] = field(default_factory=list)  # the file's employers, canonical
    settings: dict[str, str] = field(default_factory=dict)  # the team settings the file carries, as stored
    fidelity_reviews: list[dict[str, Any]] = field(default_factory=list)  # canonical (store.fidelity)
    surveys: list[dict[str, Any]] = field(default_factory=list)  # NNS sheets, canonical (store.surveys)


@dataclass
class Summary:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    coaches_added: list[str] = field(default_factory=list)
    employers_added: list[str] = field(default_factory=list)
    employers_changed: list[str] = field(default_factory=list)
    settings_changed: list[str] = field(default_factory=list)
    fidelity_changed: list[str] = field(default_factory=list)  # keys of the fidelity reviews added or replaced
    surveys: int = 0  # NNS sheets new or changed
    backup: Path | None = None
    written: bool = False

    @property
    def changes(self) -> int:
        return (
            len(self.added)
            + len(self.changed)
            + len(self.coaches_added)
            + len(self.employers_added)
            + len(self.employers_changed)
            + len(self.settings_changed)
            + len(self.fidelity_changed)
            + self.surveys
        )

    def lines(self, *, dry_run: bool) -> list[str]:
        """The summary for people: what would be (``dry_run``) or was done."""
        lines = [_("Provkörning: inget har skrivits.")] if dry_run else []
        lines.append(_("Nya deltagare: {n}", n=len(self.added)))
        lines.append(_("Ändrade deltagare: {n}", n=len(self.changed)))
        lines.append(_("Oförändrade deltagare: {n}", n=len(self.unchanged)))
        if self.coaches_added:
            lines.append(_("Nya coacher: {keys}", keys=", ".join(self.coaches_added)))
        if self.employers_added or self.employers_changed:
            lines.append(
                _(
                    "Arbetsgivare: {added} nya, {changed} kompletterade",
                    added=len(self.employers_added),
                    changed=len(self.employers_changed),
                )
            )
        if self.settings_changed:
            lines.append(_("Ändrade inställningar: {keys}", keys=", ".join(self.settings_changed)))
        if self.fidelity_changed:
            keys = ", ".join(self.fidelity_changed)
            lines.append(_("Programtrohetsskattningar nya eller ändrade: {keys}", keys=keys))
        if self.surveys:
            lines.append(_("Nya eller ändrade enkäter: {n}", n=self.surveys))
        if self.changed and len(self.changed) <= 20:
            lines.append(_("Ändras: {keys}", keys=", ".join(self.changed)))
        if not dry_run:
            lines.append(_("Importen är klar.") if self.written else _("Inget att ändra; databasen är orörd."))
            if self.backup is not None:
                lines.append(_("Säkerhetskopia före importen: {path}", path=self.backup))
        return lines


# --- validation --------------------------------------------------------------------------


def _label(name: str) -> str:
    if name == "key":
        return _("Nyckel")
    if name == "coach":
        return _("Coach")
    return field_label(name) if name else _("Formuläret")


def _problem(where: str, name: str, message: str) -> Problem:
    label = _label(name)
    prefix = f"{where}: " if where else ""
    return Problem(f"{prefix}{name}", f"{prefix}{label}: {message}")


def _unknown_keys(where: str, data: dict[str, Any], allowed: Sequence[str]) -> list[Problem]:
    if data.keys() <= set(allowed):
        return []
    return [_problem(where, str(k), _("okänt fält")) for k in data if k not in allowed]


def _parse(model: Any, data: dict[str, Any], where: str | Callable[[], str], problems: list[Problem]) -> Any:
    """``inputs.parse`` without its copy, naming ``where`` (computed only for a problem)."""
    try:  # model_validate without its Python wrapper: called ~100,000 times by an import of 10,000 participants
        return model.__pydantic_validator__.validate_python(data)
    except ValidationError as exc:
        problems.extend(problems_of(exc, where=where if isinstance(where, str) else where()))
        return None


def _item_where(where: str, kind: str, n: int) -> Callable[[], str]:
    """The name of a step or employment in messages, computed only when there is a problem."""

    def name() -> str:
        return f"{where}, {_('steg {n}', n=n) if kind == 'step' else _('anställning {n}', n=n)}"

    return name


def _object(where: str, name: str, value: Any, problems: list[Problem]) -> dict[str, Any] | None:
    if isinstance(value, dict):
        return value
    problems.append(_problem(where, name, _("måste vara ett objekt")))
    return None


def _list(where: str, name: str, value: Any, problems: list[Problem]) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    problems.append(_problem(where, name, _("måste vara en lista")))
    return []


def _occupation(where: str, name: str, value: Any, prefix: str, out: dict[str, Any], problems: list[Problem]) -> None:
    """Flatten ``{"kind", "extent"}`` into ``<prefix>_kind`` / ``<prefix>_extent``."""
    if value is None:
        return
    found = _object(where, name, value, problems)
    if found is None:
        return
    problems.extend(_unknown_keys(f"{where}, {name}", found, doc.OCCUPATION_KEYS))
    for part in doc.OCCUPATION_KEYS:
        if part in found and found[part] is not None:
            out[f"{prefix}_{part}"] = found[part]


def _coach(record: Record, coaches: dict[str, str], by_name: dict[str, str], problems: list[Problem]) -> str | None:
    value = record.data.get("coach")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip()
    if text in coaches:
        return text
    if record.flat and text.casefold() in by_name:
        return by_name[text.casefold()]
    problems.append(
        _problem(record.where, "coach", _("okänd coach {value!r} (finns varken i filen eller databasen)", value=text))
    )
    return None


def _key(record: Record, index: int, problems: list[Problem]) -> str | None:
    value = record.data.get("key")
    if record.flat and (value is None or str(value).strip() == ""):
        from coachtui.store.participants import new_key

        return new_key()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        problems.append(_problem(record.where, "key", _("måste fyllas i")))
        return None
    wrong = key_problem(value)
    if wrong is not None:
        problems.append(_problem(record.where, "key", wrong))
        return None
    return value.strip()


def _dated(where: str, found: list[Problem]) -> list[Problem]:
    """Date problems of a record, named by ``where``."""
    return [Problem(f"{where}: {p.field}", f"{where}: {p.message}") for p in found]


def _items(
    where: str, name: str, value: Any, model: Any, label: str, problems: list[Problem]
) -> list[tuple[dict[str, Any], Any]]:
    """Each object of the list ``name`` parsed with ``model``: (raw object, parsed) pairs of the valid ones."""
    found: list[tuple[dict[str, Any], Any]] = []
    for i, item in enumerate(_list(where, name, value, problems), start=1):
        here = f"{where}, {label} {i}"
        if not isinstance(item, dict):
            _object(here, "", item, problems)
            continue
        parsed = _parse(model, item, here, problems)
        if parsed is not None:
            found.append((item, parsed))
    return found


def _participant(
    record: Record,
    index: int,
    coaches: dict[str, str],
    by_name: dict[str, str],
    problems: list[Problem],
    today: date | None = None,
) -> Target | None:
    where = record.where
    data = _object(where, "", record.data, problems)
    if data is None:
        return None
    count = len(problems)
    problems.extend(_unknown_keys(where, data, doc.PARTICIPANT_KEYS))
    key = _key(record, index, problems)
    coach = _coach(record, coaches, by_name, problems)
    fields: dict[str, Any] = {name: data[name] for name in doc.SCALAR_KEYS if name in data and data[name] is not None}
    if data.get("phone") is not None:
        fields["phone"] = data["phone"]
    _occupation(where, "occupation_before", data.get("occupation_before"), "occupation_before", fields, problems)
    person: ParticipantIn | None = _parse(ParticipantIn, fields, where, problems)
    enrolled = person.enrolled_on if person is not None else None

    steps: list[StepIn] = []
    for i, item in enumerate(_list(where, "steps", data.get("steps"), problems), start=1):
        if not isinstance(item, dict):
            _object(f"{where}, {_('steg {n}', n=i)}", "", item, problems)
            continue
        if record.flat and item.get("on") in (None, "") and person is not None:
            item = {**item, "on": person.enrolled_on}
        step = _parse(StepIn, item, _item_where(where, "step", i), problems)
        if step is not None:
            steps.append(step)
            found = step_date_problems(step.on, enrolled, today)
            problems.extend(_dated(_item_where(where, "step", i)(), found) if found else ())

    jobs: list[tuple[EmploymentIn, list[FollowupIn] | None]] = []
    for i, item in enumerate(_list(where, "employments", data.get("employments"), problems), start=1):
        if not isinstance(item, dict):
            _object(f"{where}, {_('anställning {n}', n=i)}", "", item, problems)
            continue
        here = _item_where(where, "employment", i)
        slots: list[FollowupIn] | None = None
        if "followups" in item:
            item = dict(item)
            raw = item.pop("followups")
            slots = [f for _raw, f in _items(here(), "followups", raw, FollowupIn, _("uppföljning"), problems)]
            if len({f.slot for f in slots}) < len(slots):
                problems.append(_problem(here(), "followups", _("samma uppföljning (slot) två gånger")))
        job = _parse(EmploymentIn, item, here, problems)
        if job is not None:
            jobs.append((job, slots))
            if enrolled is not None:
                found = employment_date_problems(job.start_on, enrolled, today)
                problems.extend(_dated(here(), found) if found else ())

    ended: ExitIn | None = None
    raw_exit = data.get("exit")
    if raw_exit is not None:
        here_exit = f"{where}, {_('avslut')}"
        item = _object(here_exit, "", raw_exit, problems)
        if item is not None:
            problems.extend(_unknown_keys(here_exit, item, doc.EXIT_KEYS))
            flat = {
                k: item[k] for k in ("on", "reason", "support_after", "sus_registered_on") if item.get(k) is not None
            }
            _occupation(here_exit, "occupation_after", item.get("occupation_after"), "occupation_after", flat, problems)
            ended = _parse(ExitIn, flat, here_exit, problems)
            if ended is not None and enrolled is not None:
                problems.extend(
                    _dated(here_exit, exit_date_problems(ended.on, ended.sus_registered_on, enrolled, today))
                )

    present = frozenset(k for k in doc.EXTRA_KEYS if k in data)
    journal = [j for _raw, j in _items(where, "journal", data.get("journal"), JournalIn, _("anteckning"), problems)]
    contacts = [
        c
        for _raw, c in _items(
            where, "employer_contacts", data.get("employer_contacts"), EmployerContactIn, _("kontakt"), problems
        )
    ]
    raw_offered = data.get("survey_offered_on")
    offered = (
        _parse(OfferedIn, {"survey_offered_on": raw_offered}, where, problems) if raw_offered is not None else None
    )
    if offered is not None and offered.survey_offered_on is not None and enrolled is not None:
        found = step_date_problems(offered.survey_offered_on, enrolled, today)
        problems.extend(
            Problem(f"{where}: survey_offered_on", f"{where}: survey_offered_on: {p.message}") for p in found
        )

    if len(problems) > count or person is None or key is None:
        return None
    if record.flat and not any(s.step == 1 and s.on == person.enrolled_on for s in steps):
        steps.insert(0, StepIn(step=1, on=person.enrolled_on))
    extra = {
        "phone": person.phone,
        "journal": [doc.journal_doc(j.on.isoformat(), j.kind, j.text) for j in sorted(journal, key=lambda j: j.on)],
        "employer_contacts": [
            doc.contact_doc(c.on.isoformat(), c.employer, c.person, c.note)
            for c in sorted(contacts, key=lambda c: c.on)
        ],
        "survey_offered_on": _iso(offered.survey_offered_on) if offered is not None else None,
    }
    return Target(_target_doc(key, coach, person, steps, jobs, ended, extra), record.flat, present)


def _followup_doc(f: FollowupIn) -> dict[str, Any]:
    return doc.followup_doc(
        f.slot,
        f.kind,
        f.due_on.isoformat(),
        f.original_due_on.isoformat(),
        f.status,
        _iso(f.done_on),
        f.note,
        f.cancelled_by_exit,
    )


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _target_doc(
    key: str,
    coach: str | None,
    p: ParticipantIn,
    steps: list[StepIn],
    jobs: list[tuple[EmploymentIn, list[FollowupIn] | None]],
    ended: ExitIn | None,
    extra: dict[str, Any],
) -> dict[str, Any]:
    values = p.model_dump()
    values["referred_on"] = _iso(p.referred_on)
    values["enrolled_on"] = p.enrolled_on.isoformat()
    step_docs = [doc.step_doc(s.step, s.on.isoformat(), s.note) for s in sorted(steps, key=lambda s: s.on)]
    job_docs = [
        doc.employment_doc(
            j.employer,
            j.start_on.isoformat(),
            _iso(j.end_on),
            j.subsidised,
            j.extent,
            [_followup_doc(f) for f in sorted(slots, key=lambda f: f.due_on)] if slots is not None else None,
        )
        for j, slots in sorted(jobs, key=lambda pair: pair[0].start_on)
    ]
    exit_ = (
        doc.exit_doc(
            ended.on.isoformat(),
            ended.reason,
            ended.occupation_after_kind,
            ended.occupation_after_extent,
            list(ended.support_after),
            _iso(ended.sus_registered_on),
        )
        if ended is not None
        else None
    )
    return doc.participant_doc(key, coach, values, step_docs, job_docs, exit_, extra)


def _coaches(incoming: Incoming, problems: list[Problem]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    for record in incoming.coaches:
        data = _object(record.where, "", record.data, problems)
        if data is None:
            continue
        problems.extend(_unknown_keys(record.where, data, doc.COACH_KEYS))
        key = data.get("key")
        wrong = key_problem(key) if isinstance(key, str) else _("måste fyllas i")
        if wrong is not None:
            problems.append(_problem(record.where, "key", wrong))
            continue
        assert isinstance(key, str)
        key = key.strip()
        if key in seen:
            problems.append(_problem(record.where, "key", _("{key!r} förekommer två gånger i filen", key=key)))
            continue
        seen.add(key)
        values = _parse(
            CoachIn, {k: v for k, v in data.items() if k != "key" and k in doc.COACH_KEYS}, record.where, problems
        )
        if values is not None:
            found.append({"key": key, "name": values.name, "municipality": values.municipality, "fte": values.fte})
    return found


def _employers(incoming: Incoming, problems: list[Problem]) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for record in incoming.employers:
        data = _object(record.where, "", record.data, problems)
        if data is None:
            continue
        values = _parse(EmployerIn, data, record.where, problems)
        if values is None:
            continue
        if values.name in found:
            problems.append(_problem(record.where, "name", _("{key!r} förekommer två gånger i filen", key=values.name)))
            continue
        found[values.name] = doc.employer_doc(values.name, values.phone, values.note)
    return list(found.values())


def _settings(incoming: Incoming, problems: list[Problem]) -> dict[str, str]:
    """The team settings of a document, checked by the rules of the settings form and the template editor."""
    data = incoming.settings
    where = "settings"
    problems.extend(_problem(where, str(k), _("okänt fält")) for k in data if k not in doc.SETTINGS_KEYS)
    wrong = [k for k in data if k in doc.SETTINGS_KEYS and not isinstance(data[k], str)]
    problems.extend(_problem(where, k, _("måste vara text")) for k in wrong)
    values = {k: v for k, v in data.items() if k in doc.SETTINGS_KEYS and k not in wrong}
    if not values:
        return {}
    from coachtui.store.inputs import SharedSettingsIn

    found = _parse(SharedSettingsIn, values, where, problems)
    return found.as_settings(values.keys()) if found is not None else {}


def validate(
    incoming: Incoming, known_coaches: Sequence[tuple[str, str]] = (), *, today: date | None = None
) -> Prepared:
    """Check every record; raise InputError with every problem, or return what to write.

    ``known_coaches`` are the database's coaches as (key, name) pairs (empty for a
    database that does not exist yet). ``today`` adds the checks against today that
    the forms make (no step in the future, an exit at most 31 days ahead…).
    """
    problems: list[Problem] = []
    file_coaches = _coaches(incoming, problems)
    employers = _employers(incoming, problems)
    team = _settings(incoming, problems)
    coaches = {key: name for key, name in known_coaches}
    for c in file_coaches:
        coaches.setdefault(c["key"], c["name"])
    by_name = {name.casefold(): key for key, name in coaches.items()}
    targets: list[Target] = []
    seen: dict[str, str] = {}
    for index, record in enumerate(incoming.records):
        raw = record.data.get("key") if isinstance(record.data, dict) else None
        key = str(raw).strip() if isinstance(raw, str | int) and not isinstance(raw, bool) else ""
        if key and key in seen:
            problems.append(
                _problem(
                    record.where,
                    "key",
                    _("{key!r} förekommer två gånger i filen (även {first})", key=key, first=seen[key]),
                )
            )
            continue
        if key:
            seen[key] = record.where
        target = _participant(record, index, coaches, by_name, problems, today)
        if target is not None:
            targets.append(target)
    from coachtui.store import fidelity

    reviews: list[dict[str, Any]] = []
    try:
        reviews = fidelity.validate_documents(incoming.fidelity_reviews)
    except InputError as exc:
        problems.extend(exc.problems)
    sheets: list[dict[str, Any]] = []
    if incoming.surveys:
        from coachtui.store.surveys import validate_document

        try:
            sheets = validate_document(incoming.surveys, list(coaches))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    municipality = targets[0].doc["municipality"] if targets else "–"
    return Prepared(
        file_coaches,
        targets,
        municipality,
        employers=employers,
        settings=team,
        fidelity_reviews=reviews,
        surveys=sheets,
    )


def known_coaches(db: Database) -> list[tuple[str, str]]:
    return [(str(r[0]), str(r[1])) for r in db.read().execute("SELECT key, name FROM coach ORDER BY id")]


# --- planning ----------------------------------------------------------------------------


@dataclass
class _Plan:
    summary: Summary
    new_coaches: list[dict[str, Any]]
    added: list[dict[str, Any]]
    changed: list[tuple[int, dict[str, Any], dict[str, Any]]]  # (id, old, new)
    employers: list[dict[str, Any]]  # new ones, and known ones with empty values filled in
    settings: dict[str, str]  # the team settings that change
    fidelity_reviews: list[dict[str, Any]] = field(default_factory=list)  # to add or replace
    surveys: list[dict[str, Any]] = field(default_factory=list)  # NNS sheets new or changed


def _merge(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """A spreadsheet row applied to a participant: fields replaced, history added to."""
    merged = dict(new)
    steps = list(old["steps"])
    for step in new["steps"]:
        if not any(s["step"] == step["step"] and s["on"] == step["on"] for s in steps):
            steps.append(step)
    merged["steps"] = sorted(steps, key=lambda s: s["on"])
    jobs = list(old["employments"])
    for job in new["employments"]:
        same = [i for i, j in enumerate(jobs) if (j["employer"], j["start_on"]) == (job["employer"], job["start_on"])]
        if same:
            jobs[same[0]] = job
        else:
            jobs.append(job)
    merged["employments"] = sorted(jobs, key=lambda j: j["start_on"])
    merged["exit"] = new["exit"] if new["exit"] is not None else old["exit"]
    return merged


def _plan(conn: sqlite3.Connection, prepared: Prepared) -> _Plan:
    summary = Summary()
    existing = doc.read_participants(conn)
    db_coaches = [str(r[0]) for r in conn.execute("SELECT key FROM coach ORDER BY id")]
    new_coaches = [c for c in prepared.coaches if c["key"] not in db_coaches]
    if db_coaches:
        own = db_coaches[0]
    elif prepared.coaches:
        own = prepared.coaches[0]["key"]
    else:
        own = "c1"
    added: list[dict[str, Any]] = []
    changed: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
    for target in prepared.participants:
        key = target.doc["key"]
        if key in existing:
            pid, old = existing[key]
            new = _merge(old, target.doc) if target.flat else dict(target.doc)
            if new["coach"] is None:
                new["coach"] = old["coach"]
            _keep_what_the_file_leaves_out(old, new, target.present)
            if new == old:
                summary.unchanged.append(key)
            else:
                summary.changed.append(key)
                changed.append((pid, old, new))
        else:
            new = dict(target.doc)
            if new["coach"] is None:
                new["coach"] = own
            summary.added.append(key)
            added.append(new)
    used = {p["coach"] for p in added} | {new["coach"] for _pid, _old, new in changed}
    if not db_coaches and not prepared.coaches and used:
        new_coaches.append({"key": own, "name": "Coach", "municipality": prepared.default_municipality, "fte": 1.0})
    summary.coaches_added = [c["key"] for c in new_coaches]
    current = doc.read_settings(conn)
    team = {k: v for k, v in prepared.settings.items() if current[k] != v}
    summary.settings_changed = list(team)
    known = {e["name"]: e for e in doc.read_employers(conn)}
    employers: list[dict[str, Any]] = []
    for e in prepared.employers:
        old_e = known.get(e["name"])
        if old_e is None:
            employers.append(e)
            summary.employers_added.append(e["name"])
            continue
        filled = {  # an employer the file already has keeps its values; only empty ones are filled in
            "name": e["name"],
            "phone": old_e["phone"] or e["phone"],
            "note": old_e["note"] or e["note"],
        }
        if filled != old_e:
            employers.append(filled)
            summary.employers_changed.append(e["name"])
    from coachtui.store import fidelity

    reviews = fidelity.changed_documents(conn, prepared.fidelity_reviews)
    summary.fidelity_changed = [r["key"] for r in reviews]
    from coachtui.store.surveys import changed_sheets

    sheets = changed_sheets(conn, prepared.surveys)
    summary.surveys = len(sheets)
    return _Plan(summary, new_coaches, added, changed, employers, team, fidelity_reviews=reviews, surveys=sheets)


def _keep_what_the_file_leaves_out(old: dict[str, Any], new: dict[str, Any], present: frozenset[str]) -> None:
    """An older file (or a spreadsheet) without the additions leaves the participant's as they are: its phone,
    journal, contacts and questionnaire day, and the follow-ups of an employment it has with the same employer
    and first day of work."""
    for key in doc.EXTRA_KEYS:
        if key not in present:
            new[key] = old[key]
    before = {(j["employer"], j["start_on"]): j for j in old["employments"]}
    jobs = []
    for job in new["employments"]:
        same = before.get((job["employer"], job["start_on"]))
        if job["followups"] is None and same is not None:
            job = {**job, "followups": same["followups"]}
        jobs.append(job)
    new["employments"] = jobs


def dry_run(db: Database, prepared: Prepared) -> Summary:
    """What :func:`run` would do; writes nothing."""
    conn = db.read()
    conn.execute("BEGIN")
    try:
        return _plan(conn, prepared).summary
    finally:
        conn.execute("COMMIT")


# --- writing -----------------------------------------------------------------------------

_P_COLS = (
    "key",
    "coach_id",
    *doc.SCALAR_KEYS,
    "occupation_before_kind",
    "occupation_before_extent",
    "phone",
    "survey_offered_on",
)


def _codes_json(items: list[str]) -> str:
    """``json.dumps`` of a list of validated codes (plain ASCII words), without its per-call cost."""
    return "[" + ", ".join(f'"{code}"' for code in items) + "]"


def _p_values(p: dict[str, Any], coach_ids: dict[str, int]) -> tuple[Any, ...]:
    return (
        p["key"],
        coach_ids[p["coach"]],
        p["first_name"],
        p["last_name"],
        p["birth_year"],
        p["gender"],
        p["municipality"],
        p["program"],
        p["referred_on"],
        p["enrolled_on"],
        1 if p["sus_consent"] else 0,
        p["education"],
        p["support_since"],
        _codes_json(p["support_before"]),
        p["occupation_before"]["kind"],
        p["occupation_before"]["extent"],
        p["phone"],
        p["survey_offered_on"],
    )


def _exit_values(pid: int, e: dict[str, Any]) -> tuple[Any, ...]:
    return (
        pid,
        e["on"],
        e["reason"],
        e["occupation_after"]["kind"],
        e["occupation_after"]["extent"],
        _codes_json(e["support_after"]),
        e["sus_registered_on"],
    )


class _Generated:
    """Follow-ups of employments a file gives without them: the team's template from the first day of work
    (computed once per day). Slots due before the import date are ``unrecorded`` (history, not overdue)."""

    def __init__(self, db: Database, today: date) -> None:
        self.slots = template(db)
        self.today = today
        self.cache: dict[str, list[dict[str, Any]]] = {}

    def for_start(self, start_on: str) -> list[dict[str, Any]]:
        planned = self.cache.get(start_on)
        if planned is None:
            planned = [
                doc.followup_doc(
                    r["slot"],
                    r["kind"],
                    r["due_on"].isoformat(),
                    r["original_due_on"].isoformat(),
                    r["status"],
                    None,
                    "",
                    False,
                )
                for r in followup_rows(0, 0, date.fromisoformat(start_on), self.slots, recorded_from=self.today)
            ]
            self.cache[start_on] = planned
        return planned


_F_COLS = ("slot", "kind", "due_on", "original_due_on", "status", "done_on", "note", "cancelled_by_exit")
_F_INSERT = (
    "INSERT INTO followup(employment_id, participant_id, slot, kind, due_on, original_due_on, status, done_on,"
    " note, cancelled_by_exit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _f_values(f: dict[str, Any]) -> tuple[Any, ...]:
    return (
        f["slot"],
        f["kind"],
        f["due_on"],
        f["original_due_on"],
        f["status"],
        f["done_on"],
        f["note"],
        1 if f["cancelled_by_exit"] else 0,
    )


@dataclass
class _FollowupWrites:
    inserts: list[tuple[Any, ...]] = field(default_factory=list)
    updates: list[tuple[Any, ...]] = field(default_factory=list)
    cancels: list[tuple[int]] = field(default_factory=list)


def _reconcile(
    jid: int, pid: int, wanted: list[dict[str, Any]], stored: dict[str, tuple[Any, ...]], out: _FollowupWrites
) -> None:
    """Bring the stored follow-ups of employment ``jid`` to ``wanted``, slot by slot, keeping row ids (so
    calendar UIDs, ``exports.ics.uid``): a changed slot is updated in place (its calendar SEQUENCE goes up when
    its date or status changes); a new slot is added; a stored slot the file no longer has stays when done
    and, when planned, is skipped so that calendars show it CANCELLED instead of losing its UID."""
    seen: set[str] = set()
    for f in wanted:
        seen.add(f["slot"])
        row = stored.get(f["slot"])
        if row is None:
            out.inserts.append((jid, pid, *_f_values(f)))
            continue
        fid, values = row[0], row[1:]
        new = _f_values(f)
        if values != new:
            bump = 1 if (values[2], values[4]) != (new[2], new[4]) else 0
            moved = 1 if values[2] != new[2] else 0  # a new date: the old reason for a move no longer holds
            out.updates.append((moved, *new[1:], bump, fid))
    for slot, row in stored.items():
        if slot not in seen and row[5] == "planned":
            out.cancels.append((row[0],))


def _write(conn: sqlite3.Connection, plan: _Plan, generated: _Generated, now: datetime) -> None:
    conn.executemany(
        "INSERT INTO coach(key, name, municipality, fte) VALUES (?, ?, ?, ?)",
        [(c["key"], c["name"], c["municipality"], c["fte"]) for c in plan.new_coaches],
    )
    coach_ids = {str(k): int(i) for i, k in conn.execute("SELECT id, key FROM coach")}
    conn.executemany(
        "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        list(plan.settings.items()),
    )
    conn.executemany(
        "INSERT INTO employer(name, phone, note) VALUES (?, ?, ?)"
        " ON CONFLICT(name) DO UPDATE SET phone = excluded.phone, note = excluded.note",
        [(e["name"], e["phone"], e["note"]) for e in plan.employers],
    )
    if plan.surveys:
        from coachtui.store.surveys import write_document

        write_document(conn, plan.surveys)
    everyone = plan.added + [new for _pid, _old, new in plan.changed]
    names = sorted(
        {j["employer"] for p in everyone for j in p["employments"]}
        | {c["employer"] for p in everyone for c in p["employer_contacts"]}
    )
    conn.executemany("INSERT OR IGNORE INTO employer(name) VALUES (?)", [(n,) for n in names])
    employer_ids = {str(n): int(i) for i, n in conn.execute("SELECT id, name FROM employer")}

    # participants: new ones with explicit ids (we hold the write lock), changed ones updated
    next_id = int(conn.execute("SELECT coalesce(max(id), 0) FROM participant").fetchone()[0]) + 1
    ids: list[tuple[int, dict[str, Any]]] = []
    for p in plan.added:
        ids.append((next_id, p))
        next_id += 1
    marks = ", ".join("?" for _ in _P_COLS)
    conn.executemany(
        f"INSERT INTO participant(id, {', '.join(_P_COLS)}) VALUES (?, {marks})",
        [(pid, *_p_values(p, coach_ids)) for pid, p in ids],
    )
    sets = ", ".join(f"{c} = ?" for c in _P_COLS[1:])
    conn.executemany(
        f"UPDATE participant SET {sets}, version = version + 1 WHERE id = ?",
        [(*_p_values(new, coach_ids)[1:], pid) for pid, _old, new in plan.changed],
    )

    # steps: replaced for changed participants (the merged list keeps the old ones)
    conn.executemany("DELETE FROM step_change WHERE participant_id = ?", [(pid,) for pid, _o, _n in plan.changed])
    touched = ids + [(pid, new) for pid, _old, new in plan.changed]
    conn.executemany(
        'INSERT INTO step_change(participant_id, step, "on", note) VALUES (?, ?, ?, ?)',
        [(pid, s["step"], s["on"], s.get("note", "")) for pid, p in touched for s in p["steps"]],
    )

    # journal and employer contacts: replaced when the file's differ (an older file keeps them: see _plan)
    redo = {
        key: [pid for pid, old, new in plan.changed if old[key] != new[key]] for key in ("journal", "employer_contacts")
    }
    conn.executemany("DELETE FROM journal_entry WHERE participant_id = ?", [(pid,) for pid in redo["journal"]])
    conn.executemany(
        "DELETE FROM employer_contact WHERE participant_id = ?", [(pid,) for pid in redo["employer_contacts"]]
    )
    fresh = {"journal": {pid for pid, _p in ids} | set(redo["journal"])}
    fresh["employer_contacts"] = {pid for pid, _p in ids} | set(redo["employer_contacts"])
    conn.executemany(
        'INSERT INTO journal_entry(participant_id, "on", kind, text) VALUES (?, ?, ?, ?)',
        [(pid, j["on"], j["kind"], j["text"]) for pid, p in touched if pid in fresh["journal"] for j in p["journal"]],
    )
    conn.executemany(
        'INSERT INTO employer_contact(participant_id, employer_id, "on", person, note) VALUES (?, ?, ?, ?, ?)',
        [
            (pid, employer_ids[c["employer"]], c["on"], c["person"], c["note"])
            for pid, p in touched
            if pid in fresh["employer_contacts"]
            for c in p["employer_contacts"]
        ],
    )

    # employments: matched by employer and first day of work, else by employer (a changed first day); a match
    # keeps its row id and its follow-ups' (calendar UIDs); the rest are removed / added
    next_job = int(conn.execute("SELECT coalesce(max(id), 0) FROM employment").fetchone()[0]) + 1
    new_jobs: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    deletes: list[tuple[int]] = []
    old_jobs: dict[int, list[tuple[int, str, str]]] = {}
    stored: dict[int, dict[str, tuple[Any, ...]]] = {}
    if plan.changed:
        changed_ids = {pid for pid, _o, _n in plan.changed}
        for jid, pid, name, start in conn.execute(
            "SELECT e.id, e.participant_id, r.name, e.start_on FROM employment e"
            " JOIN employer r ON r.id = e.employer_id ORDER BY e.start_on, e.id"
        ):
            if pid in changed_ids:
                old_jobs.setdefault(pid, []).append((int(jid), str(name), str(start)))
        cols = ", ".join(f"f.{c}" for c in _F_COLS)
        for row in conn.execute(
            f"SELECT f.employment_id, f.participant_id, f.id, {cols} FROM followup f"
            " WHERE f.participant_id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(changed_ids)),),
        ):
            stored.setdefault(int(row[0]), {})[str(row[3])] = tuple(row[2:])
    writes = _FollowupWrites()
    for pid, p in touched:
        left = list(old_jobs.get(pid, []))
        for job in p["employments"]:
            match = next((o for o in left if (o[1], o[2]) == (job["employer"], job["start_on"])), None)
            match = match or next((o for o in left if o[1] == job["employer"]), None)
            values = (job["start_on"], job["end_on"], 1 if job["subsidised"] else 0, job["extent"])
            if match is None:
                jid = next_job
                next_job += 1
                new_jobs.append((jid, pid, employer_ids[job["employer"]], *values))
                wanted = job["followups"] if job["followups"] is not None else generated.for_start(job["start_on"])
                writes.inserts.extend((jid, pid, *_f_values(f)) for f in wanted)
                continue
            left.remove(match)
            jid = match[0]
            updates.append((*values, jid))
            have = stored.get(jid, {})
            wanted = job["followups"]
            if wanted is None:  # a new first day without follow-ups in the file: planned ones get new dates
                wanted = [
                    f if have.get(f["slot"], (None,) * 6)[5] in (None, "planned") else _stored_doc(have[f["slot"]])
                    for f in generated.for_start(job["start_on"])
                ]
            _reconcile(jid, pid, wanted, have, writes)
        deletes.extend((o[0],) for o in left)
    conn.executemany("DELETE FROM employment WHERE id = ?", deletes)
    conn.executemany("UPDATE employment SET start_on = ?, end_on = ?, subsidised = ?, extent = ? WHERE id = ?", updates)
    conn.executemany(
        "INSERT INTO employment(id, participant_id, employer_id, start_on, end_on, subsidised, extent)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        new_jobs,
    )
    conn.executemany(_F_INSERT, writes.inserts)
    conn.executemany(
        "UPDATE followup SET moved_reason = CASE WHEN ? THEN '' ELSE moved_reason END, kind = ?, due_on = ?,"
        " original_due_on = ?, status = ?, done_on = ?, note = ?, cancelled_by_exit = ?, snoozed_until = NULL,"
        " sequence = sequence + ? WHERE id = ?",
        writes.updates,
    )
    conn.executemany(
        "UPDATE followup SET status = 'skipped', snoozed_until = NULL, sequence = sequence + 1 WHERE id = ?",
        writes.cancels,
    )

    # exits: updated in place (other columns of the row survive), added or removed
    exit_sql = (
        'INSERT INTO exit(participant_id, "on", reason, occupation_after_kind, occupation_after_extent,'
        " support_after, sus_registered_on) VALUES (?, ?, ?, ?, ?, ?, ?)"
        ' ON CONFLICT(participant_id) DO UPDATE SET "on" = excluded."on", reason = excluded.reason,'
        " occupation_after_kind = excluded.occupation_after_kind,"
        " occupation_after_extent = excluded.occupation_after_extent,"
        " support_after = excluded.support_after, sus_registered_on = excluded.sus_registered_on"
    )
    conn.executemany(exit_sql, [_exit_values(pid, p["exit"]) for pid, p in touched if p["exit"] is not None])
    undone = [pid for pid, old, new in plan.changed if new["exit"] is None and old["exit"] is not None]
    conn.executemany("DELETE FROM exit WHERE participant_id = ?", [(pid,) for pid in undone])

    # the exit rule of the exit form (store.exits.followup_rule), the same statements: an exit for a reason other
    # than work cancels the planned follow-ups after its date; a removed exit gives back those it cancelled
    cancelled = 0
    for pid, p in touched:
        ended = p["exit"]
        if ended is not None:
            cancelled += followup_rule(conn, pid, date.fromisoformat(ended["on"]), ended["reason"])[1]
    stray = [  # follow-ups a file marks cancelled by an exit the participant does not have: given back
        pid
        for pid, p in touched
        if p["exit"] is None and any(f["cancelled_by_exit"] for j in p["employments"] for f in (j["followups"] or ()))
    ]
    for pid in [*undone, *stray]:
        followup_rule(conn, pid, None, None)
    from coachtui.store import fidelity

    fidelity.write_documents(conn, plan.fidelity_reviews)
    audit.record(
        conn,
        now,
        "import",
        "participant",
        count=len(plan.added) + len(plan.changed),
        detail=f"added {len(plan.added)}, changed {len(plan.changed)}, unchanged {len(plan.summary.unchanged)}"
        + (f", followups cancelled by exit {cancelled}" if cancelled else "")
        + (f", fidelity reviews {len(plan.fidelity_reviews)}" if plan.fidelity_reviews else ""),
    )
    if plan.settings:  # as store.settings.put_many: the keys, never the values
        audit.record(conn, now, "settings changed", "setting", count=len(plan.settings), detail=",".join(plan.settings))


class Extras(NamedTuple):
    """What a spreadsheet's row adds to a participant besides the document's fields (``services.sheet_import``)."""

    key: str  # the participant's
    phone: str | None
    journal: Sequence[str]  # texts of ``other`` journal entries, written once (an entry with the text is kept)


def write_extras(conn: sqlite3.Connection, extras: Sequence[Extras], today: date) -> set[str]:
    """Phone numbers and journal entries of a sheet's rows, inside the caller's write transaction (the
    import's own, or :func:`save_extras`'s); returns the keys of the participants it changed."""
    ids = {str(k): int(i) for k, i in conn.execute("SELECT key, id FROM participant")}
    phones = {int(i): str(p) for i, p in conn.execute("SELECT id, phone FROM participant")}
    touched = {e.key for e in extras if e.phone and phones.get(ids[e.key]) != e.phone}
    conn.executemany(
        "UPDATE participant SET phone = ?, version = version + 1 WHERE id = ? AND phone != ?",
        [(e.phone, ids[e.key], e.phone) for e in extras if e.phone],
    )
    wanted = {ids[e.key] for e in extras if e.journal}
    have = {
        (int(pid), str(text))
        for pid, text in conn.execute("SELECT participant_id, text FROM journal_entry WHERE kind = 'other'")
        if pid in wanted
    }
    rows = []
    for extra in extras:
        for text in extra.journal:
            if (ids[extra.key], text) not in have:
                have.add((ids[extra.key], text))
                rows.append((ids[extra.key], today.isoformat(), "other", text))
                touched.add(extra.key)
    conn.executemany('INSERT INTO journal_entry(participant_id, "on", kind, text) VALUES (?, ?, ?, ?)', rows)
    return touched


def save_extras(db: Database, extras: Sequence[Extras], today: date, *, now: datetime) -> set[str]:
    """:func:`write_extras` in a write of its own (the import changed nothing else), with one audit row when it
    changed anyone; returns the keys of those it changed."""
    with db.write() as conn:
        touched = write_extras(conn, extras, today)
        if touched:
            detail = f"phone or journal of {len(touched)}"
            audit.record(conn, now, "import", "participant", count=len(touched), detail=detail)
    return touched


def _stored_doc(row: tuple[Any, ...]) -> dict[str, Any]:
    """A stored follow-up row (id, then :data:`_F_COLS`) as a document's follow-up."""
    values = dict(zip(_F_COLS, row[1:], strict=True))
    values["cancelled_by_exit"] = bool(values["cancelled_by_exit"])
    values["note"] = values["note"] or ""
    return doc.followup_doc(**values)


def backup(db: Database, now: datetime) -> Path:
    """A "pre-import" backup (``store.backup``: rotated with the other automatic backups)."""
    from coachtui.store.backup import backup_now

    return backup_now(db, "pre-import", now)


def run(
    db: Database,
    prepared: Prepared,
    *,
    today: date,
    now: datetime | None = None,
    after: Callable[[sqlite3.Connection], None] | None = None,
) -> Summary:
    """Back up, then write the whole file in one transaction (nothing when nothing changes).

    ``after`` writes what the caller adds (a sheet's phone numbers and journal entries) in the same transaction.
    """
    now = now or db.clock.now()
    saved = None
    if db.read().execute("SELECT count(*) FROM participant").fetchone()[0] > 0:
        before = dry_run(db, prepared)
        if not before.changes:
            return before
        saved = backup(db, now)
    generated = _Generated(db, today)
    conn = db.conn()
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")  # the pages of a big import stay in memory
    try:
        with db.write() as conn:
            plan = _plan(conn, prepared)  # planned again inside the lock: another window may have written
            if plan.summary.changes:
                _write(conn, plan, generated, now)
                if after is not None:
                    after(conn)
                plan.summary.written = True
    finally:
        conn.execute(f"PRAGMA cache_size = {int(cache)}")
    plan.summary.backup = saved
    return plan.summary
