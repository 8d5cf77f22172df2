"""The report's counts read from the hub: one `domain.report.Tally` per coach and municipality, counted in
PostgreSQL (GROUP BY, FILTER), never one row per participant.

The figures themselves are `domain.report.finish`, the same code as ``coachtui report`` on one file: the SQL
here only counts what `domain.report.tally` counts in Python, per (coach, municipality) group, and the groups
add up to the whole hub, a coach or a municipality. The predicates are the domain's (`in_period`,
`is_anonymous`, `is_active`, `months_in_program`), written once more in SQL; the tests hold the two to the
same figures on the same data.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from coachtui.domain.report import GENDERS, Period, Tally
from coachtui.domain.survey import Sheet
from coachtui.hub.schema import SCHEMA

# `domain.report.in_period`, `is_active`, `is_anonymous` over participant p LEFT JOIN exit e
_IN_PERIOD = "(p.enrolled_on <= %(end)s AND (e.on_date IS NULL OR e.on_date >= %(start)s))"
_ACTIVE = "(p.enrolled_on <= %(today)s AND (e.on_date IS NULL OR e.on_date > %(today)s))"
_ANONYMOUS = "(NOT p.sus_consent AND e.reason IS DISTINCT FROM 'consent_withdrawn')"
_GENDER = "p.gender IN ('woman', 'man')"
_PROGRAM = "(%(program)s::text IS NULL OR p.program = %(program)s::text)"

# in the period, anonymous, active today: per coach, municipality, programme and gender (the programme stays a
# column: a municipality is in by_municipality when anyone of it is counted, whatever the programme filter)
_PEOPLE = f"""
SELECT p.coach_key, p.municipality, p.program, p.gender,
       count(*) FILTER (WHERE {_IN_PERIOD}),
       count(*) FILTER (WHERE {_IN_PERIOD} AND {_ANONYMOUS}),
       count(*) FILTER (WHERE {_ACTIVE})
FROM {SCHEMA}.participant p LEFT JOIN {SCHEMA}.exit e ON e.pseudonym = p.pseudonym
WHERE {_GENDER}
GROUP BY 1, 2, 3, 4
"""
# `domain.report.months_in_program`: the months between the two dates' months, one more when the exit's day of
# the month is later than the enrolment's (the enrolment date plus that many months, clamped to the month's
# end, is then still before the exit), at least 1. Capped at 37: every band from 37 months up is "37+".
_MONTHS = (
    "least(37, greatest(1, ((date_part('year', e.on_date) - date_part('year', p.enrolled_on)) * 12"
    " + date_part('month', e.on_date) - date_part('month', p.enrolled_on))::int"
    " + (date_part('day', p.enrolled_on) < date_part('day', e.on_date))::int))"
)
# the exits of the period, counted in four ways at once (GROUPING SETS): by reason, by occupation before and
# after (with the summed extents), by months in the programme. `grouping(...)` tells the sets apart.
_EXITS = f"""
SELECT p.coach_key, p.municipality, p.gender, e.reason, p.occupation_before_kind, e.occupation_after_kind,
       {_MONTHS} AS months,
       grouping(e.reason, p.occupation_before_kind, e.occupation_after_kind, {_MONTHS}),
       count(*), sum(e.on_date - p.enrolled_on), sum(p.occupation_before_extent), sum(e.occupation_after_extent)
FROM {SCHEMA}.exit e
JOIN {SCHEMA}.participant p ON p.pseudonym = e.pseudonym
WHERE e.on_date BETWEEN %(start)s AND %(end)s AND p.enrolled_on <= %(end)s AND {_GENDER} AND {_PROGRAM}
GROUP BY GROUPING SETS (
    (p.coach_key, p.municipality, p.gender, e.reason),
    (p.coach_key, p.municipality, p.gender, p.occupation_before_kind),
    (p.coach_key, p.municipality, p.gender, e.occupation_after_kind),
    (p.coach_key, p.municipality, p.gender, {_MONTHS})
)
"""
# one marking per participant and calendar year with a follow-up done after the exit, within the period (of a
# participant the report reads: in the period, or exited before it)
_CONTINUED = f"""
SELECT p.coach_key, p.municipality, p.program, d.year, count(*)
FROM (SELECT DISTINCT f.pseudonym, extract(year FROM f.done_on)::int AS year
      FROM {SCHEMA}.followup f JOIN {SCHEMA}.exit e ON e.pseudonym = f.pseudonym
      WHERE f.status = 'done' AND f.done_on > e.on_date AND f.done_on BETWEEN %(start)s AND %(end)s) d
JOIN {SCHEMA}.participant p ON p.pseudonym = d.pseudonym
JOIN {SCHEMA}.exit e ON e.pseudonym = d.pseudonym
WHERE (e.on_date < %(start)s OR p.enrolled_on <= %(end)s) AND {_GENDER}
GROUP BY 1, 2, 3, 4
"""
# which of the four grouping sets a row of _EXITS belongs to (grouping() bits: reason, before, after, months)
_BY_REASON, _BY_BEFORE, _BY_AFTER, _BY_MONTHS = 0b0111, 0b1011, 0b1101, 0b1110

Group = tuple[str, str]  # (coach key, municipality as spelled)


@dataclass(frozen=True, slots=True)
class HubCounts:
    groups: dict[Group, Tally]  # the counts of each coach's participants of one municipality (programme filter)
    counted: set[Group]  # groups with someone the report reads, whatever the programme (by_municipality's towns)
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


def load(conn: Any, period: Period, today: date, program: str | None = None) -> HubCounts:
    """The counts of every (coach, municipality) group for ``period`` and ``today``, narrowed by ``program``."""
    from sqlalchemy import text

    params = {"start": period.start, "end": period.end, "today": today, "program": program}
    raw = conn.connection.driver_connection  # psycopg's own cursor, in the same transaction
    groups: dict[Group, Tally] = {}
    counted: set[Group] = set()

    def of(key: Group) -> Tally:
        found = groups.get(key)
        if found is None:
            found = groups[key] = Tally()
        return found

    with raw.cursor() as cur:
        # the aggregates' sorts and hashes in memory (the default 4 MB spills a 100,000-participant hub to disk)
        cur.execute("SET LOCAL work_mem = '32MB'")
        for coach, town, prog, gender, within, anonymous, active in cur.execute(_PEOPLE, params).fetchall():
            if within or active:
                counted.add((coach, town))
            if program is not None and prog != program:
                continue
            t = of((coach, town))
            t.participants[gender] += within
            t.anonymous[gender] += anonymous
            t.active += active
        for coach, town, prog, year, n in cur.execute(_CONTINUED, params).fetchall():
            counted.add((coach, town))
            if program is None or prog == program:
                t = of((coach, town))
                t.continued[year] = t.continued.get(year, 0) + n
        rows = cur.execute(_EXITS, params).fetchall()
    for coach, town, gender, reason, before, after, months, which, n, days, extent_before, extent_after in rows:
        t = of((coach, town))
        if which == _BY_REASON:
            t.reasons.setdefault(reason, dict.fromkeys(GENDERS, 0))[gender] += n
            t.days += days
        elif which == _BY_BEFORE:
            t.before.setdefault(before, dict.fromkeys(GENDERS, 0))[gender] += n
            t.before_extent.setdefault(before, dict.fromkeys(GENDERS, 0))[gender] += extent_before
        elif which == _BY_AFTER:
            t.after.setdefault(after, dict.fromkeys(GENDERS, 0))[gender] += n
            t.after_extent.setdefault(after, dict.fromkeys(GENDERS, 0))[gender] += extent_after
        elif which == _BY_MONTHS:
            t.months[months] = t.months.get(months, 0) + n
    fte, settings = coaches(conn)
    towns = [
        str(m)
        for (m,) in conn.execute(
            text(f"SELECT m FROM (SELECT DISTINCT municipality AS m FROM {SCHEMA}.participant) t ORDER BY lower(m), m")
        )
    ]
    return HubCounts(groups, counted, fte, towns, settings)


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
