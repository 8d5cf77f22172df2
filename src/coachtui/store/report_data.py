"""The plain values the report counts (`domain.report`), read with plain SQL.

No SQLModel here: the report runs from the CLI and a screen worker, and only reads.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from coachtui.domain.codes import Occupation
from coachtui.domain.report import Exit, Period, Person, Team
from coachtui.store import settings
from coachtui.store.db import Database

_PEOPLE_SQL = """
SELECT p.id, p.gender, p.sus_consent, p.enrolled_on, p.municipality, p.program,
       p.occupation_before_kind, p.occupation_before_extent,
       e."on", e.reason, e.occupation_after_kind, e.occupation_after_extent
FROM participant p
LEFT JOIN exit e ON e.participant_id = p.id
{where}
ORDER BY p.id
"""
# in the period, active today (the caseload figure) or given continued support in the period
_NEEDED = """
WHERE (p.enrolled_on <= :end AND (e."on" IS NULL OR e."on" >= :start))
   OR (p.enrolled_on <= :today AND (e."on" IS NULL OR e."on" > :today))
   OR (e."on" < :start AND EXISTS (SELECT 1 FROM followup f WHERE f.participant_id = p.id AND f.status = 'done'
                                   AND f.done_on BETWEEN :start AND :end))
"""

# driven by the exits (few) so that the follow-ups (many) are found through their index
_CONTINUED_SQL = """
SELECT e.participant_id, f.done_on
FROM exit e
CROSS JOIN followup f ON f.participant_id = e.participant_id
WHERE f.status = 'done' AND f.done_on IS NOT NULL AND f.done_on > e."on" {within}
"""


@dataclass(frozen=True, slots=True)
class ReportData:
    people: list[Person]
    team: Team
    municipalities: list[str]  # every municipality with participants, sorted


def people(db: Database, period: Period | None = None, today: date | None = None) -> list[Person]:
    """One `Person` per participant, with the done dates of efterstöd follow-ups after the exit.

    With ``period`` and ``today`` only what the report can count is read: participants
    in the period or active today, and follow-ups done within the period.
    """
    conn = db.read()
    narrow = period is not None and today is not None
    params: dict[str, str] = {}
    if period is not None and today is not None:
        params = {"start": period.start.isoformat(), "end": period.end.isoformat(), "today": today.isoformat()}
    continued: dict[int, list[date]] = defaultdict(list)
    within = "AND f.done_on BETWEEN :start AND :end" if narrow else ""
    for pid, done_on in conn.execute(_CONTINUED_SQL.format(within=within), params):
        continued[int(pid)].append(date.fromisoformat(done_on))
    result = []
    occupations: dict[tuple[str, int], Occupation] = {}  # a handful of distinct values: build each once

    def occupation(kind: str, extent: int) -> Occupation:
        found = occupations.get((kind, extent))
        if found is None:
            found = occupations[(kind, extent)] = Occupation(kind, extent)
        return found

    for r in conn.execute(_PEOPLE_SQL.format(where=_NEEDED if narrow else ""), params):
        out = None
        if r[8] is not None:
            out = Exit(date.fromisoformat(r[8]), str(r[9]), occupation(str(r[10]), int(r[11])))
        result.append(
            Person(
                gender=str(r[1]),
                sus_consent=bool(r[2]),
                enrolled_on=date.fromisoformat(r[3]),
                municipality=str(r[4]),
                program=str(r[5]),
                occupation_before=occupation(str(r[6]), int(r[7])),
                exit=out,
                continued_support=tuple(continued.get(int(r[0]), ())),
            )
        )
    return result


def _number(db: Database, key: str, kind: type[int] | type[float]) -> float:
    try:
        return kind(settings.get(db, key))
    except ValueError:
        return kind(settings.DEFAULTS[key])


def team(db: Database) -> Team:
    """The coaches' summed fte (1.0 when there is no coach yet) and the yearly targets from the settings."""
    row = db.read().execute("SELECT sum(fte) FROM coach").fetchone()
    fte = float(row[0]) if row and row[0] else 1.0
    return Team(
        fte=fte,
        target_participants_per_year=int(_number(db, "target_participants_per_year", int)),
        target_share_work_or_studies=float(_number(db, "target_share_work_or_studies", float)),
    )


def municipalities(db: Database) -> list[str]:
    # one spelling per municipality for the filter (the last of two that differ in case), as the hub's report
    cur = db.read().execute(
        "SELECT DISTINCT municipality FROM participant ORDER BY municipality COLLATE NOCASE, municipality"
    )
    return [str(r[0]) for r in cur.fetchall()]


def load(db: Database, period: Period | None = None, today: date | None = None) -> ReportData:
    """Everything the report needs; with ``period`` and ``today`` only the rows it can count."""
    return ReportData(people(db, period, today), team(db), municipalities(db))
