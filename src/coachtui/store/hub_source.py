"""What a hub push sends, read from the local file with plain SQL, and the pseudonyms it leaves behind.

Only pseudonymised values leave the file: never names, personnummer, phone, employer names, journal,
contact or note text. The participant's key stays local too: the hub knows a participant by a random
pseudonym kept in ``participant.pseudonym``. Survey sheets and fidelity reviews are not linked to a coach
in every file; those without one are sent for the file's first coach (by key).
"""

from __future__ import annotations

import json
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final

from coachtui.domain.survey import GOAL_ALL_KEY, GOAL_KEYS
from coachtui.store import audit
from coachtui.store.db import Database
from coachtui.store.settings import DEFAULTS

#: the team settings a push sends with the coach (the hub report's targets and the questionnaire's goals)
REPORT_SETTINGS: Final[tuple[str, ...]] = (
    "target_participants_per_year",
    "target_share_work_or_studies",
    GOAL_ALL_KEY,
    *GOAL_KEYS,
)

PSEUDONYM_BYTES: Final = 8  # 64 random bits: no collision among a few hundred thousand participants


def new_pseudonym() -> str:
    return "x" + secrets.token_hex(PSEUDONYM_BYTES)


def _day(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


def _codes(text: Any) -> list[str]:
    value = json.loads(str(text or "[]"))
    return [str(v) for v in value] if isinstance(value, list) else []


@dataclass(frozen=True, slots=True)
class HubCoach:
    key: str
    municipality: str
    fte: float


@dataclass(slots=True)
class HubParticipant:
    local_id: int
    pseudonym: str | None  # None: never pushed; the push gives it one
    coach: str
    birth_year: int
    gender: str
    municipality: str
    program: str
    referred_on: date | None
    enrolled_on: date
    sus_consent: bool
    education: str
    support_since: str | None
    support_before: list[str]
    occupation_before_kind: str
    occupation_before_extent: int
    steps: list[tuple[int, date]] = field(default_factory=list)
    #: (number within the participant, start_on, end_on, subsidised, extent)
    employments: list[tuple[int, date, date | None, bool, int]] = field(default_factory=list)
    #: (employment number, slot, kind, due_on, status, done_on)
    followups: list[tuple[int, str, str, date, str, date | None]] = field(default_factory=list)
    #: (on, reason, occupation_after_kind, occupation_after_extent, support_after, sus_registered_on)
    exit: tuple[date, str, str, int, list[str], date | None] | None = None


@dataclass(frozen=True, slots=True)
class HubSurvey:
    key: str
    coach: str
    kind: str
    on: date
    municipality: str
    program: str
    respondent: str
    answers: tuple[int | None, ...]


@dataclass(frozen=True, slots=True)
class HubReview:
    key: str
    coach: str
    on: date
    kind: str
    scores: tuple[tuple[int, int], ...]  # (item, score), scored items only


@dataclass(frozen=True, slots=True)
class HubSource:
    coaches: list[HubCoach]
    participants: list[HubParticipant]
    surveys: list[HubSurvey]
    reviews: list[HubReview]
    settings: dict[str, str] = field(default_factory=dict)  # REPORT_SETTINGS as the file keeps them


def read(db: Database) -> HubSource:
    """Everything a push sends, in one read transaction (a consistent snapshot of the file)."""
    conn = db.read()
    conn.execute("BEGIN")
    try:
        coaches = [
            HubCoach(str(k), str(m), float(f))
            for k, m, f in conn.execute("SELECT key, municipality, fte FROM coach ORDER BY key")
        ]
        default_coach = coaches[0].key if coaches else ""
        people: dict[int, HubParticipant] = {}
        for r in conn.execute(
            """SELECT p.id, p.pseudonym, c.key, p.birth_year, p.gender, p.municipality, p.program, p.referred_on,
                      p.enrolled_on, p.sus_consent, p.education, p.support_since, p.support_before,
                      p.occupation_before_kind, p.occupation_before_extent
               FROM participant p JOIN coach c ON c.id = p.coach_id ORDER BY p.id"""
        ):
            people[int(r[0])] = HubParticipant(
                local_id=int(r[0]),
                pseudonym=None if r[1] is None else str(r[1]),
                coach=str(r[2]),
                birth_year=int(r[3]),
                gender=str(r[4]),
                municipality=str(r[5]),
                program=str(r[6]),
                referred_on=_day(r[7]),
                enrolled_on=date.fromisoformat(str(r[8])),
                sus_consent=bool(r[9]),
                education=str(r[10]),
                support_since=None if r[11] is None else str(r[11]),
                support_before=_codes(r[12]),
                occupation_before_kind=str(r[13]),
                occupation_before_extent=int(r[14]),
            )
        for pid, step, on in conn.execute('SELECT participant_id, step, "on" FROM step_change ORDER BY "on", id'):
            people[int(pid)].steps.append((int(step), date.fromisoformat(str(on))))
        numbers: dict[int, int] = {}
        count: dict[int, int] = defaultdict(int)
        for eid, pid, start, end, subsidised, extent in conn.execute(
            "SELECT id, participant_id, start_on, end_on, subsidised, extent FROM employment ORDER BY start_on, id"
        ):
            count[int(pid)] += 1
            numbers[int(eid)] = count[int(pid)]
            people[int(pid)].employments.append(
                (count[int(pid)], date.fromisoformat(str(start)), _day(end), bool(subsidised), int(extent))
            )
        for eid, pid, slot, kind, due, status, done in conn.execute(
            "SELECT employment_id, participant_id, slot, kind, due_on, status, done_on FROM followup ORDER BY id"
        ):
            people[int(pid)].followups.append(
                (numbers[int(eid)], str(slot), str(kind), date.fromisoformat(str(due)), str(status), _day(done))
            )
        for pid, on, reason, kind, extent, support, registered in conn.execute(
            'SELECT participant_id, "on", reason, occupation_after_kind, occupation_after_extent, support_after,'
            " sus_registered_on FROM exit"
        ):
            people[int(pid)].exit = (
                date.fromisoformat(str(on)),
                str(reason),
                str(kind),
                int(extent),
                _codes(support),
                _day(registered),
            )
        surveys = [
            HubSurvey(
                str(r[0]),
                str(r[1]) if r[1] is not None else default_coach,
                str(r[2]),
                date.fromisoformat(str(r[3])),
                str(r[4]),
                str(r[5]),
                str(r[6]),
                tuple(None if v is None else int(v) for v in r[7:14]),
            )
            for r in conn.execute(
                'SELECT s.key, c.key, s.kind, s."on", s.municipality, s.program, s.respondent,'
                " s.q1, s.q2, s.q3, s.q4, s.q5, s.q6, s.q7"
                " FROM survey s LEFT JOIN coach c ON c.id = s.coach_id ORDER BY s.key"
            )
        ]
        scores: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for rid, item, score in conn.execute(
            "SELECT review_id, item, score FROM fidelity_score WHERE score IS NOT NULL ORDER BY review_id, item"
        ):
            scores[int(rid)].append((int(item), int(score)))
        reviews = [
            HubReview(str(key), default_coach, date.fromisoformat(str(on)), str(kind), tuple(scores.get(int(rid), ())))
            for rid, key, on, kind in conn.execute('SELECT id, key, "on", kind FROM fidelity_review ORDER BY key')
        ]
        stored = {
            str(k): str(v)
            for k, v in conn.execute(
                f"SELECT key, value FROM setting WHERE key IN ({', '.join('?' for _k in REPORT_SETTINGS)})",
                REPORT_SETTINGS,
            )
        }
    finally:
        conn.execute("COMMIT")
    team = {key: stored.get(key, DEFAULTS.get(key, "")) for key in REPORT_SETTINGS}
    return HubSource(coaches, list(people.values()), surveys, reviews, team)


def record_push(db: Database, given: dict[int, str], notes: dict[str, str], *, count: int, at: datetime) -> None:
    """After the hub committed: the new pseudonyms, the hub's address and the note of the push, and one audit
    row (no names: the action and how many), in ONE local write transaction.

    A participant erased meanwhile is simply not there any more. Not a change of the participant's own
    record: ``version`` stays, so that a form open on the participant saves without a conflict.
    """
    with db.write() as conn:
        conn.executemany(
            "UPDATE participant SET pseudonym = ? WHERE id = ? AND pseudonym IS NULL",
            [(pseudonym, pid) for pid, pseudonym in given.items()],
        )
        conn.executemany("INSERT OR REPLACE INTO setting(key, value) VALUES (?, ?)", list(notes.items()))
        audit.record(conn, at, "hub push", "participant", count=count)
