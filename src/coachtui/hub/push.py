"""A coach's push: replace everything the file's coaches sent before, in the caller's ONE transaction.

The deletes and the COPYs run under row-level security: a login that was not added for one of the file's
coaches is refused before anything is written (and PostgreSQL would refuse it anyway).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from coachtui.hub.errors import HubRefused
from coachtui.hub.schema import DATA_TABLES, MY_COACHES, SCHEMA
from coachtui.i18n import _
from coachtui.store.hub_source import HubSource

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Pushed:
    at: datetime  # the hub's clock, at the start of the transaction
    coaches: tuple[str, ...]
    participants: int
    surveys: int
    reviews: int


def _copy(raw: Any, table: str, columns: str, rows: list[tuple[Any, ...]]) -> None:
    """Insert ``rows`` with ONE statement: a typed array per column, unnested (PostgreSQL refuses COPY FROM
    under row-level security; one statement per row, or one huge VALUES list, costs a lot more).

    ``columns`` is "name type, ...", the types of the hub's columns; an array column (``text[]``) travels as
    its literal text per row (``{a,b}``) and is cast back.
    """
    if not rows:
        return
    specs = [c.strip().split(" ", 1) for c in columns.split(",")]
    names = ", ".join(n for n, _t in specs)
    arrays = ", ".join(f"%s::{'text' if t.endswith('[]') else t}[]" for _n, t in specs)
    picks = ", ".join(f"u.{n}::{t}" if t.endswith("[]") else f"u.{n}" for n, t in specs)
    values: list[list[Any]] = [[] for _spec in specs]
    arrayed = [i for i, (_n, t) in enumerate(specs) if t.endswith("[]")]
    for row in rows:
        for i, value in enumerate(row):
            values[i].append(value)
    for i in arrayed:
        values[i] = ["{" + ",".join(v) + "}" for v in values[i]]
    with raw.cursor() as cur:
        cur.execute(
            f"INSERT INTO {SCHEMA}.{table} ({names}) SELECT {picks} FROM unnest({arrays}) AS u({names})", values
        )


def push(conn: Any, source: HubSource, pseudonyms: Mapping[int, str], *, progress: Progress | None = None) -> Pushed:
    """Write ``source`` in the open transaction of ``conn``; ``pseudonyms``: local id → pseudonym for all."""
    from sqlalchemy import text

    say = progress or (lambda _line: None)
    keys = tuple(c.key for c in source.coaches)
    if not keys:
        raise HubRefused(_("Det finns ingen coach i datafilen att skicka för."))
    allowed = {str(k) for k in conn.execute(text(MY_COACHES)).scalars()}
    missing = [k for k in keys if k not in allowed]
    if missing:
        raise HubRefused(
            _(
                "Inloggningen får inte skicka för coach {keys} (be administratören om hub add-coach).",
                keys=", ".join(missing),
            )
        )
    at = conn.execute(text("SELECT now()")).scalar()
    say(_("Tar bort det som skickades förra gången …"))
    for table in DATA_TABLES:
        conn.execute(text(f"DELETE FROM {SCHEMA}.{table} WHERE coach_key = ANY(:keys)"), {"keys": list(keys)})
    raw = conn.connection.driver_connection
    people: list[tuple[Any, ...]] = []
    steps: list[tuple[Any, ...]] = []
    jobs: list[tuple[Any, ...]] = []
    slots: list[tuple[Any, ...]] = []
    exits: list[tuple[Any, ...]] = []
    for p in source.participants:
        name = pseudonyms[p.local_id]
        people.append(
            (
                name,
                p.coach,
                p.birth_year,
                p.gender,
                p.municipality,
                p.program,
                p.referred_on,
                p.enrolled_on,
                p.sus_consent,
                p.education,
                p.support_since,
                p.support_before,
                p.occupation_before_kind,
                p.occupation_before_extent,
            )
        )
        steps.extend((p.coach, name, step, on) for step, on in p.steps)
        jobs.extend((p.coach, name, *job) for job in p.employments)
        slots.extend((p.coach, name, *slot) for slot in p.followups)
        if p.exit is not None:
            exits.append((name, p.coach, *p.exit))
    say(_("Skickar {n} deltagare …", n=len(people)))
    _copy(
        raw,
        "participant",
        "pseudonym text, coach_key text, birth_year int, gender text, municipality text, program text,"
        " referred_on date, enrolled_on date, sus_consent bool, education text, support_since text,"
        " support_before text[], occupation_before_kind text, occupation_before_extent int",
        people,
    )
    _copy(raw, "step", "coach_key text, pseudonym text, step int, on_date date", steps)
    _copy(
        raw,
        "employment",
        "coach_key text, pseudonym text, number int, start_on date, end_on date, subsidised bool, extent int",
        jobs,
    )
    _copy(
        raw,
        "followup",
        "coach_key text, pseudonym text, employment int, slot text, kind text, due_on date, status text, done_on date",
        slots,
    )
    _copy(
        raw,
        "exit",
        "pseudonym text, coach_key text, on_date date, reason text, occupation_after_kind text,"
        " occupation_after_extent int, support_after text[], sus_registered_on date",
        exits,
    )
    say(_("Skickar enkäter och programtrohet …"))
    _copy(
        raw,
        "survey",
        "coach_key text, key text, kind text, on_date date, municipality text, program text, respondent text,"
        " q1 int, q2 int, q3 int, q4 int, q5 int, q6 int, q7 int",
        [(s.coach, s.key, s.kind, s.on, s.municipality, s.program, s.respondent, *s.answers) for s in source.surveys],
    )
    _copy(
        raw,
        "fidelity_review",
        "coach_key text, key text, on_date date, kind text",
        [(r.coach, r.key, r.on, r.kind) for r in source.reviews],
    )
    _copy(
        raw,
        "fidelity_score",
        "coach_key text, review_key text, item int, score int",
        [(r.coach, r.key, item, score) for r in source.reviews for item, score in r.scores],
    )
    team = json.dumps(source.settings, separators=(",", ":"), sort_keys=True)
    counts: dict[str, int] = {}
    for p in source.participants:
        counts[p.coach] = counts.get(p.coach, 0) + 1
    _copy(
        raw,
        "coach",
        "coach_key text, municipality text, fte float8, pushed_at timestamptz, participants int, settings text",
        [(c.key, c.municipality, c.fte, at, counts.get(c.key, 0), team) for c in source.coaches],
    )
    return Pushed(at, keys, len(people), len(source.surveys), len(source.reviews))
