"""The report's plain values read from the hub: one `domain.report.Person` per participant, by coach.

The figures themselves are `domain.report.build`, the same code as ``coachtui report`` on one file.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from coachtui.domain.codes import Occupation
from coachtui.domain.report import Exit, Period, Person
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
    fte = {str(k): float(v) for k, v in conn.execute(text(f"SELECT coach_key, fte FROM {SCHEMA}.coach ORDER BY 1"))}
    towns = [
        str(m)
        for (m,) in conn.execute(
            text(f"SELECT m FROM (SELECT DISTINCT municipality AS m FROM {SCHEMA}.participant) t ORDER BY lower(m), m")
        )
    ]
    return HubPeople(people, fte, towns)
