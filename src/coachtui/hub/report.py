"""The report's plain values read from the hub: one `domain.report.Person` per participant, by coach.

The figures themselves are `domain.report.build`, the same code as ``coachtui report`` on one file.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from coachtui.domain.codes import Occupation
from coachtui.domain.report import Exit, Period, Person
from coachtui.domain.survey import Sheet
from coachtui.hub.schema import SCHEMA

_PEOPLE = f"""
SELECT p.pseudonym, p.coach_key, p.gender, p.sus_consent, p.enrolled_on, p.municipality, p.program,
       p.occupation_before_kind, p.occupation_before_extent,
       e.on_date, e.reason, e.occupation_after_kind, e.occupation_after_extent
FROM {SCHEMA}.participant p
LEFT JOIN {SCHEMA}.exit e ON e.pseudonym = p.pseudonym
WHERE (p.enrolled_on <= %(end)s AND (e.on_date IS NULL OR e.on_date >= %(start)s))
   OR (p.enrolled_on <= %(today)s AND (e.on_date IS NULL OR e.on_date > %(today)s))
   OR (e.on_date < %(start)s AND EXISTS (SELECT 1 FROM {SCHEMA}.followup f WHERE f.pseudonym = p.pseudonym
                                         AND f.status = 'done' AND f.done_on BETWEEN %(start)s AND %(end)s))
"""
# The report counts a participant once per calendar year with a follow-up done after the exit: the first such
# date of each year stands for all of that year's (the figure is the same, a fraction of the rows).
_CONTINUED = f"""
SELECT f.pseudonym, min(f.done_on)
FROM {SCHEMA}.exit e JOIN {SCHEMA}.followup f ON f.pseudonym = e.pseudonym
WHERE f.status = 'done' AND f.done_on IS NOT NULL AND f.done_on > e.on_date
  AND f.done_on BETWEEN %(start)s AND %(end)s
GROUP BY f.pseudonym, extract(year FROM f.done_on)
"""


@dataclass(frozen=True, slots=True)
class HubPeople:
    people: list[tuple[str, Person]]  # (coach key, person)
    fte: dict[str, float]  # coach key → fte
    municipalities: list[str]  # every municipality with participants on the hub, sorted
    settings: dict[str, dict[str, str]]  # coach key → its team settings at its last push, oldest push first

    def team_settings(self, coaches: Iterable[str]) -> dict[str, str]:
        return team_settings(self.settings, coaches)


def _settings(saved: Any) -> dict[str, str]:
    try:
        value = json.loads(str(saved or "{}"))
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def coaches(conn: Any) -> tuple[dict[str, float], dict[str, dict[str, str]]]:
    """The hub's coaches: key → fte (by key), and key → team settings at its last push (oldest push first)."""
    from sqlalchemy import text

    fte: dict[str, float] = {}
    settings: dict[str, dict[str, str]] = {}
    for key, share, saved in conn.execute(
        text(f"SELECT coach_key, fte, settings FROM {SCHEMA}.coach ORDER BY pushed_at NULLS FIRST, coach_key")
    ):
        fte[str(key)] = float(share)
        settings[str(key)] = _settings(saved)
    return dict(sorted(fte.items())), settings


def team_settings(settings: dict[str, dict[str, str]], coaches: Iterable[str]) -> dict[str, str]:
    """The settings of the coach among ``coaches`` that pushed last ({} when none sent any): on one file the
    last document imported sets them too."""
    wanted = set(coaches)
    found: dict[str, str] = {}
    for key, values in settings.items():
        if key in wanted and values:
            found = values
    return found


def load(conn: Any, period: Period, today: date) -> HubPeople:
    """What the report can count for ``period``: participants in it, active ``today`` or given continued support."""
    from sqlalchemy import text

    params = {"start": period.start, "end": period.end, "today": today}
    raw = conn.connection.driver_connection  # many rows: psycopg's own fetchall, in the same transaction
    continued: dict[str, list[date]] = defaultdict(list)
    with raw.cursor() as cur:
        for pseudonym, done_on in cur.execute(_CONTINUED, params).fetchall():
            continued[pseudonym].append(done_on)
        rows = cur.execute(_PEOPLE, params).fetchall()
    occupations: dict[tuple[str, int], Occupation] = {}

    def occupation(kind: str, extent: int) -> Occupation:
        found = occupations.get((kind, extent))
        if found is None:
            found = occupations[(kind, extent)] = Occupation(kind, extent)
        return found

    people: list[tuple[str, Person]] = []
    for r in rows:
        out = None
        if r[9] is not None:
            out = Exit(r[9], r[10], occupation(r[11], r[12]))
        people.append(
            (
                r[1],
                Person(
                    gender=r[2],
                    sus_consent=r[3],
                    enrolled_on=r[4],
                    municipality=r[5],
                    program=r[6],
                    occupation_before=occupation(r[7], r[8]),
                    exit=out,
                    continued_support=tuple(continued.get(r[0], ())),
                ),
            )
        )
    fte, settings = coaches(conn)
    towns = [
        str(m)
        for (m,) in conn.execute(
            text(f"SELECT m FROM (SELECT DISTINCT municipality AS m FROM {SCHEMA}.participant) t ORDER BY lower(m), m")
        )
    ]
    return HubPeople(people, fte, towns, settings)


# --- the NNS answer sheets and the IPS fidelity reviews ------------------------------------------

_SHEETS = f"""
SELECT coach_key, on_date, kind, respondent, q1, q2, q3, q4, q5, q6, q7, municipality, program
FROM {SCHEMA}.survey WHERE on_date BETWEEN %(start)s AND %(end)s ORDER BY on_date, coach_key, key
"""
# the latest review: by date, then (one date) the last coach key and review key
_LATEST_REVIEW = f"""
SELECT r.coach_key, r.key, r.on_date FROM {SCHEMA}.fidelity_review r
WHERE %(coach)s::text IS NULL OR r.coach_key = %(coach)s::text
ORDER BY r.on_date DESC, r.coach_key DESC, r.key DESC LIMIT 1
"""
_REVIEW_SCORES = f"""
SELECT item, score FROM {SCHEMA}.fidelity_score WHERE coach_key = %(coach)s AND review_key = %(key)s ORDER BY item
"""


@dataclass(frozen=True, slots=True)
class HubReview:
    coach: str
    key: str
    on: date
    scores: dict[int, int]  # item → 1-5, scored items only


def sheets(conn: Any, start: date, end: date) -> list[tuple[str, Sheet]]:
    """The survey sheets dated ``start``..``end`` as (coach key, `domain.survey.Sheet`)."""
    params = {"start": start, "end": end}
    with conn.connection.driver_connection.cursor() as cur:
        rows = cur.execute(_SHEETS, params).fetchall()
    return [(str(r[0]), Sheet(r[1], str(r[2]), str(r[3]), tuple(r[4:11]), str(r[11]), str(r[12]))) for r in rows]


def survey_municipalities(conn: Any) -> list[str]:
    """Every municipality a sheet on the hub names, sorted."""
    from sqlalchemy import text

    return [str(m) for (m,) in conn.execute(text(f"SELECT DISTINCT municipality FROM {SCHEMA}.survey ORDER BY 1"))]


def latest_review(conn: Any, coach: str | None) -> HubReview | None:
    """The latest fidelity review on the hub (of ``coach`` when given), with its scores."""
    with conn.connection.driver_connection.cursor() as cur:
        found = cur.execute(_LATEST_REVIEW, {"coach": coach}).fetchone()
        if found is None:
            return None
        scores = cur.execute(_REVIEW_SCORES, {"coach": found[0], "key": found[1]}).fetchall()
    return HubReview(str(found[0]), str(found[1]), found[2], {int(i): int(s) for i, s in scores})
