"""Build a large, realistic coachtui database quickly (bulk inserts, no ORM objects).

    python benchmarks/generate.py /tmp/big.sqlite3 [--participants 10000]

Defaults: 10,000 participants, ~200,000 follow-ups (two employments each for
most of them, 11 slots per employment), 5,000 exits, steps and journal notes.
Every name is invented. Dates are spread over the years before ``--today``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from coachtui.domain import schedule
from coachtui.domain.codes import EXIT_REASON, SUPPORT
from coachtui.store.db import Database

FIRST = ["Anna", "Erik", "Sara", "Johan", "Fatima", "Lars", "Maria", "Ali", "Elin", "Mikael", "Hanna", "Ahmed"]
LAST = ["Andersson", "Berg", "Carlsson", "Dahl", "Ekström", "Falk", "Gustafsson", "Holm", "Lind", "Öhman"]
WORK = ("unsubsidised_work", "subsidised_work")


def build(path: Path, *, participants: int = 10_000, today: date = date(2026, 11, 23), seed: int = 1) -> dict[str, int]:
    rnd = random.Random(seed)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = Database(path)
    db.open(now=datetime(2026, 11, 23, 8, 0))
    people, steps, journal, jobs, slots, exits = [], [], [], [], [], []
    employers = [(i + 1, f"Arbetsgivare {i + 1} AB") for i in range(400)]
    job_id = 0
    exits_wanted = participants // 2
    for pid in range(1, participants + 1):
        enrolled = today - timedelta(days=rnd.randint(30, 6 * 365))
        consent = rnd.random() > 0.2
        people.append(
            (
                pid,
                f"p-{pid:05d}",
                1,
                rnd.choice(FIRST),
                f"{rnd.choice(LAST)}{pid}",
                rnd.randint(1960, 2006),
                rnd.choice(("woman", "man")),
                "Vetlanda",
                rnd.choice(("SE", "IPS", "SEd")),
                enrolled.isoformat(),
                int(consent),
                "unknown",
                json.dumps(rnd.sample(sorted(SUPPORT), rnd.randint(0, 2))),
            )
        )
        day = enrolled
        for step in range(1, rnd.randint(1, 5) + 1):
            steps.append((pid, step, day.isoformat()))
            day += timedelta(days=rnd.randint(10, 90))
        for _ in range(rnd.randint(1, 4)):
            journal.append((pid, (enrolled + timedelta(days=rnd.randint(0, 400))).isoformat(), "meeting", "Samtal."))
        exit_on = None
        if pid <= exits_wanted:
            exit_on = min(today, enrolled + timedelta(days=rnd.randint(20, 1500)))
            reason = rnd.choice(sorted(EXIT_REASON))
            kind = reason if reason in WORK else "none"
            exits.append((pid, exit_on.isoformat(), reason, kind, 100 if kind != "none" else 0, "[]"))
        if pid % 10 != 0:  # nine in ten have had jobs
            start = enrolled + timedelta(days=rnd.randint(20, 300))
            for _ in range(2):
                job_id += 1
                jobs.append((job_id, pid, rnd.choice(employers)[0], start.isoformat(), int(rnd.random() < 0.5), 50))
                for planned in schedule.generate(start):
                    status = "done" if planned.due_on < today - timedelta(days=rnd.randint(0, 60)) else "planned"
                    slots.append(
                        (
                            job_id,
                            pid,
                            planned.kind,
                            planned.slot,
                            planned.due_on.isoformat(),
                            planned.original_due_on.isoformat(),
                            status,
                            planned.due_on.isoformat() if status == "done" else None,
                        )
                    )
                start += timedelta(days=rnd.randint(200, 500))
    with db.write() as conn:
        conn.execute(
            "INSERT INTO coach (id, key, name, municipality, fte) VALUES (1, 'c1', 'Maja Lind', 'Vetlanda', 1.0)"
        )
        conn.executemany(
            "INSERT INTO participant (id, key, coach_id, first_name, last_name, birth_year, gender, municipality,"
            " program, enrolled_on, sus_consent, education, support_before) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            people,
        )
        conn.executemany('INSERT INTO step_change (participant_id, step, "on") VALUES (?,?,?)', steps)
        conn.executemany('INSERT INTO journal_entry (participant_id, "on", kind, text) VALUES (?,?,?,?)', journal)
        conn.executemany("INSERT INTO employer (id, name) VALUES (?,?)", employers)
        conn.executemany(
            "INSERT INTO employment (id, participant_id, employer_id, start_on, subsidised, extent)"
            " VALUES (?,?,?,?,?,?)",
            jobs,
        )
        conn.executemany(
            "INSERT INTO followup (employment_id, participant_id, kind, slot, due_on, original_due_on, status, done_on)"
            " VALUES (?,?,?,?,?,?,?,?)",
            slots,
        )
        conn.executemany(
            'INSERT INTO exit (participant_id, "on", reason, occupation_after_kind, occupation_after_extent,'
            " support_after) VALUES (?,?,?,?,?,?)",
            exits,
        )
    db.read().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.read().execute("ANALYZE")
    db.close()
    return {"participants": len(people), "followups": len(slots), "exits": len(exits), "employments": len(jobs)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--participants", type=int, default=10_000)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = build(args.path, participants=args.participants)
    print(f"{counts} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
