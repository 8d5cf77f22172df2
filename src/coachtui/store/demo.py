"""A demo database with fictional participants, dated around "today".

About 25 people over all five steps; some employed with visits overdue, due
today and this week; some exited (with and without SUS registration). Every
name is invented. The file is recreated on each ``coachtui demo``; a file that
is not a demo database is never overwritten.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

from coachtui.store import followups, participants
from coachtui.store.db import Database, StoreError

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
    db = Database(path)
    db.open(now=now)
    fill(db, today=today, size=size, seed=seed)
    return db


def _is_demo(path: Path) -> bool:
    """Whether ``path`` is a demo database (looked at read-only)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM setting WHERE key = ?", (DEMO_MARK,)).fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return row is not None


def fill(db: Database, *, today: date, size: int = 25, seed: int = 7) -> None:
    rnd = random.Random(seed)
    with db.write() as conn:
        conn.execute("INSERT INTO setting(key, value) VALUES (?, '1')", (DEMO_MARK,))
    participants.save_coach(db, {"name": "Maja Lind", "municipality": "Vetlanda", "fte": 1.0})
    for i in range(size):
        enrolled = today - timedelta(days=rnd.randint(40, 500))
        pid = participants.add_participant(
            db,
            {
                "first_name": FIRST[i % len(FIRST)],
                "last_name": LAST[(i * 7) % len(LAST)],
                "birth_year": today.year - rnd.randint(19, 60),
                "gender": rnd.choice(["woman", "man"]),
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
        participants.change_step(db, pid, {"step": 2, "on": step_day.isoformat()})
        participants.add_journal(
            db, pid, {"on": step_day.isoformat(), "kind": "meeting", "text": "Yrkesprofil påbörjad."}
        )
        if kind == 1:
            continue
        participants.change_step(db, pid, {"step": 3, "on": (step_day + timedelta(days=20)).isoformat()})
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
                db, pid, {"step": 4, "on": (today - timedelta(days=rnd.randint(5, 30))).isoformat()}
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
