"""A coach's push: replace everything the file's coaches sent before, in the caller's ONE transaction.

The deletes and the COPYs run under row-level security: a login that was not added for one of the file's
coaches is refused before anything is written (and PostgreSQL would refuse it anyway).
"""

from __future__ import annotations

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
    """Insert ``rows`` (PostgreSQL refuses COPY FROM under row-level security: a pipelined executemany)."""
    if not rows:
        return
    marks = ", ".join(["%s"] * len(rows[0]))
    with raw.cursor() as cur:
        cur.executemany(f"INSERT INTO {SCHEMA}.{table} ({columns}) VALUES ({marks})", rows)


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
        "pseudonym, coach_key, birth_year, gender, municipality, program, referred_on, enrolled_on, sus_consent,"
        " education, support_since, support_before, occupation_before_kind, occupation_before_extent",
        people,
    )
    _copy(raw, "step", "coach_key, pseudonym, step, on_date", steps)
    _copy(raw, "employment", "coach_key, pseudonym, number, start_on, end_on, subsidised, extent", jobs)
    _copy(raw, "followup", "coach_key, pseudonym, employment, slot, kind, due_on, status, done_on", slots)
    _copy(
        raw,
        "exit",
        "pseudonym, coach_key, on_date, reason, occupation_after_kind, occupation_after_extent, support_after,"
        " sus_registered_on",
        exits,
    )
    say(_("Skickar enkäter och programtrohet …"))
    _copy(
        raw,
        "survey",
        "coach_key, key, kind, on_date, municipality, program, respondent, q1, q2, q3, q4, q5, q6, q7",
        [(s.coach, s.key, s.kind, s.on, s.municipality, s.program, s.respondent, *s.answers) for s in source.surveys],
    )
    _copy(
        raw,
        "fidelity_review",
        "coach_key, key, on_date, kind",
        [(r.coach, r.key, r.on, r.kind) for r in source.reviews],
    )
    _copy(
        raw,
        "fidelity_score",
        "coach_key, review_key, item, score",
        [(r.coach, r.key, item, score) for r in source.reviews for item, score in r.scores],
    )
    counts: dict[str, int] = {}
    for p in source.participants:
        counts[p.coach] = counts.get(p.coach, 0) + 1
    _copy(
        raw,
        "coach",
        "coach_key, municipality, fte, pushed_at, participants",
        [(c.key, c.municipality, c.fte, at, counts.get(c.key, 0)) for c in source.coaches],
    )
    return Pushed(at, keys, len(people), len(source.surveys), len(source.reviews))
