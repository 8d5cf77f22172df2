"""A demo database with fictional participants, dated around "today".

About 25 people over all five steps; some employed with visits overdue, due
today and this week; some exited (with and without SUS registration). Every
name is invented. The file is recreated on each ``coachtui demo``; a file that
is not a demo database is never overwritten.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from coachtui.store import exits, followups, participants
from coachtui.store.db import Database, StoreError, db_errors, open_read_only

FIRST = [
    "Anna",
    "Erik",
    "Sara",
    "Johan",
    "Fatima",
    "Lars",
    "Maria",
    "Ali",
    "Elin",
    "Mikael",
    "Hanna",
    "Ahmed",
    "Linnea",
    "Oskar",
    "Amina",
    "Per",
    "Karin",
    "Yusuf",
    "Ida",
    "Nils",
    "Leila",
    "Jonas",
    "Emma",
    "Daniel",
    "Sofia",
    "Viktor",
    "Nora",
]
LAST = [
    "Andersson",
    "Berg",
    "Carlsson",
    "Dahl",
    "Ekström",
    "Falk",
    "Gustafsson",
    "Holm",
    "Isaksson",
    "Jansson",
    "Karlsson",
    "Lind",
    "Mattsson",
    "Nordin",
    "Olsson",
    "Persson",
    "Qvist",
    "Runesson",
    "Sandberg",
    "Törnqvist",
    "Ullman",
    "Vik",
    "Wallin",
    "Yngvesson",
    "Åberg",
    "Öhman",
    "Lund",
]
WOMEN = frozenset(
    {
        "Anna",
        "Sara",
        "Fatima",
        "Maria",
        "Elin",
        "Hanna",
        "Linnea",
        "Amina",
        "Karin",
        "Ida",
        "Leila",
        "Emma",
        "Sofia",
        "Nora",
    }
)
EMPLOYERS = [
    "Bageriet AB",
    "Lagerhuset i Vetlanda",
    "Vetlanda Trädgård AB",
    "Kafé Linden",
    "Bilverkstan Syd",
    "ICA Nära Torget",
    "Städpoolen AB",
]
MUNICIPALITIES = ["Vetlanda", "Eksjö", "Nässjö"]
DEMO_MARK = "demo_database"


def create(path: Path, *, today: date, now: datetime, size: int = 25, seed: int = 7) -> Database:
    """Recreate the demo database at ``path`` and return it opened."""
    if path.exists() and path.stat().st_size > 0 and not _is_demo(path):
        from coachtui.i18n import _

        raise StoreError(_("{path} är ingen demodatabas och skrivs inte över.", path=path))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    from coachtui.clock import Clock

    db = Database(path, clock=Clock(lambda: now))  # the demo is made at ``now``; the app sets its own clock
    db.open(now=now)
    fill(db, today=today, size=size, seed=seed)
    return db


def _is_demo(path: Path) -> bool:
    """Whether ``path`` is a demo database (looked at read-only)."""
    try:
        conn = open_read_only(path)  # an encrypted file: only with its passphrase (else: not a demo)
        try:
            row = conn.execute("SELECT value FROM setting WHERE key = ?", (DEMO_MARK,)).fetchone()
        finally:
            conn.close()
    except StoreError:
        return False
    except db_errors("DatabaseError"):
        return False
    return row is not None


def fill(db: Database, *, today: date, size: int = 25, seed: int = 7) -> None:
    rnd = random.Random(seed)
    with db.write() as conn:
        conn.execute("INSERT INTO setting(key, value) VALUES (?, '1')", (DEMO_MARK,))
    participants.save_coach(db, {"name": "Maja Lind", "municipality": "Vetlanda", "fte": 1.0})
    for i in range(size):
        enrolled = today - timedelta(days=rnd.randint(40, 500))
        birth_year = today.year - rnd.randint(19, 60)
        rnd.choice(("woman", "man"))  # was the gender draw: kept so that the demo's dates stay as the tests know them
        pid = participants.add_participant(
            db,
            {
                "first_name": FIRST[i % len(FIRST)],
                "last_name": LAST[(i * 7) % len(LAST)],
                "birth_year": birth_year,
                "gender": "woman" if FIRST[i % len(FIRST)] in WOMEN else "man",
                "municipality": rnd.choice(MUNICIPALITIES),
                "program": rnd.choice(["SE", "SE", "IPS", "SEd"]),
                "referred_on": (enrolled - timedelta(days=rnd.randint(7, 40))).isoformat(),
                "enrolled_on": enrolled.isoformat(),
                "sus_consent": rnd.random() > 0.2,
                "education": rnd.choice(["compulsory", "upper_secondary", "post_secondary", "unknown"]),
                "support_before": rnd.choice(
                    [
                        ["social_assistance"],
                        ["activity_compensation"],
                        ["activity_support"],
                        ["sickness_benefit", "social_assistance"],
                        [],
                    ]
                ),
            },
        )
        kind = i % 5
        if kind == 0:
            continue  # stays in step 1
        step_day = enrolled + timedelta(days=rnd.randint(10, 30))
        participants.change_step(db, pid, {"step": 2, "on": step_day.isoformat()}, today=today)
        participants.add_journal(
            db, pid, {"on": step_day.isoformat(), "kind": "meeting", "text": "Yrkesprofil påbörjad."}
        )
        if kind == 1:
            continue
        participants.change_step(db, pid, {"step": 3, "on": (step_day + timedelta(days=20)).isoformat()}, today=today)
        if kind == 2:
            participants.add_employer_contact(
                db,
                pid,
                {
                    "employer": rnd.choice(EMPLOYERS),
                    "on": (today - timedelta(days=rnd.randint(1, 20))).isoformat(),
                    "person": "Chef",
                    "note": "Studiebesök bokat.",
                },
            )
            continue
        if kind == 3:
            participants.change_step(
                db, pid, {"step": 4, "on": (today - timedelta(days=rnd.randint(5, 30))).isoformat()}, today=today
            )
            continue
        # employed: first day spread so that some visits are overdue, some today, some this week
        start = today - timedelta(days=rnd.choice([8, 14, 21, 30, 45, 60, 95, 150]))
        start = max(start, enrolled + timedelta(days=45))
        followups.add_employment(
            db,
            pid,
            {
                "employer": rnd.choice(EMPLOYERS),
                "start_on": start.isoformat(),
                "subsidised": rnd.random() > 0.5,
                "extent": rnd.choice([50, 75, 100]),
            },
        )
        with db.write() as conn:  # the coach has done the visits that are more than two weeks old
            conn.execute(
                "UPDATE followup SET status = 'done', done_on = due_on WHERE participant_id = ? AND due_on < ?",
                (pid, (today - timedelta(days=14)).isoformat()),
            )
    with db.write() as conn:  # the NNS questionnaire was handed out 60 days after enrolment
        conn.execute(
            "UPDATE participant SET survey_offered_on = date(enrolled_on, '+60 days')"
            " WHERE date(enrolled_on, '+60 days') <= ?",
            (today.isoformat(),),
        )
    add_exits(db, today)
    add_surveys(db, today, rnd)


def add_exits(db: Database, today: date) -> list[int]:
    """Register a few exits among the demo participants; returns their participant ids.

    1. to unsubsidised work four months ago, with consent, not registered in SUS
       (its SUS exit fell due a month ago: a reminder);
    2. to studies five months ago, with consent, registered in SUS;
    3. actively job seeking two months ago, without consent (anonymous, not exported);
    4. moved ten days ago, with consent (SUS exit due at once).
    Participants are picked in id order among those without an exit and enrolled
    at least 30 days before the exit; a plan with no fitting participant is skipped.
    """
    plans: list[tuple[int, bool, dict[str, Any], bool]] = [
        (
            122,
            True,
            {
                "reason": "unsubsidised_work",
                "occupation_after_kind": "unsubsidised_work",
                "occupation_after_extent": 75,
                "support_after": [],
            },
            False,
        ),
        (
            152,
            True,
            {"reason": "studies", "occupation_after_kind": "studies", "occupation_after_extent": 100},
            True,
        ),
        (
            61,
            False,
            {
                "reason": "job_seeking",
                "occupation_after_kind": "job_seeking",
                "occupation_after_extent": 0,
                "support_after": ["activity_support"],
            },
            False,
        ),
        (10, True, {"reason": "moved", "support_after": ["social_assistance"]}, False),
    ]
    chosen: list[int] = []
    for days_ago, consent, values, registered in plans:
        on = today - timedelta(days=days_ago)
        row = (
            db.read()
            .execute(
                "SELECT p.id FROM participant p WHERE p.sus_consent = ? AND p.enrolled_on <= ?"
                " AND NOT EXISTS (SELECT 1 FROM exit e WHERE e.participant_id = p.id)"
                " AND NOT EXISTS (SELECT 1 FROM employment m WHERE m.participant_id = p.id)"
                " ORDER BY p.id",
                (int(consent), (on - timedelta(days=30)).isoformat()),
            )
            .fetchall()
        )
        candidates = [int(r[0]) for r in row if int(r[0]) not in chosen]
        if not candidates:
            continue
        pid = candidates[0]
        data = {"on": on.isoformat(), **values}
        if registered:
            data["sus_registered_on"] = min(today, on + timedelta(days=95)).isoformat()
        exits.register_exit(db, pid, data, today)
        chosen.append(pid)
    return chosen


def add_surveys(db: Database, today: date, rnd: random.Random) -> None:
    """Fourteen anonymous NNS sheets from the last October (the pågåendeenkät month) and two exit sheets."""
    from coachtui.store import surveys

    october = date(today.year if today.month >= 10 else today.year - 1, 10, 1)
    for i in range(16):
        answers: list[int | None] = [rnd.choice([None, 3, 4, 4, 5, 5, 6, 6, 2]) for _ in range(7)]
        answers[i % 7] = rnd.randint(3, 6)
        surveys.add_sheet(
            db,
            {
                "kind": "exit" if i >= 14 else "ongoing",
                "on": (october + timedelta(days=rnd.randint(0, 30))).isoformat(),
                "municipality": rnd.choice(MUNICIPALITIES),
                "program": rnd.choice(["SE", "SE", "IPS", "SEd"]),
                "respondent": ("woman", "man", "woman", "man", "unstated")[i % 5],
                "answers": answers,
            },
        )
