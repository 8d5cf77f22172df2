"""The team hub at scale: 500 coaches × 200 participants (100,000) on a throw-away PostgreSQL.

    python benchmarks/hub.py [--coaches 500] [--per-coach 200] [--rounds 3]

Targets: ``hub report`` under 2 s, one coach's push of 300 participants under 1 s on loopback. Printed beside
the local ``coachtui report`` on the same data (one SQLite file with all 100,000 participants: what a file
into which every coach's export was imported would hold). The hub is filled straight from that file by the
superuser (COPY; a coach's push goes through row-level security), the 300-participant push through
`services.hub.push` as a coach login, exactly as ``coachtui hub push`` does. Each figure: in-process time
(best and median of the rounds) and the command's wall time (Python start included).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

import generate  # noqa: E402

import pg_cluster  # noqa: E402
from coachtui.cli import main as cli  # noqa: E402

TODAY = date(2026, 11, 23)
TOWNS = ("Vetlanda", "Eksjö", "Nässjö")
PERIODS = (("2026-07-01", "2026-12-31"), ("2012-01-01", "2026-12-31"))


def timed(fn, rounds: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def wall(cmd: list[str], env: dict[str, str], rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        started = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        out.append((time.perf_counter() - started) * 1000)
    return out


def fill_hub(cluster: pg_cluster.Cluster, dbname: str, local: Path, coaches: int, per_coach: int) -> None:
    """Copy every participant of ``local`` to the hub, 200 per coach (pseudonym b<id>)."""
    src = sqlite3.connect(local)

    def coach(pid: int) -> str:
        return f"c{(pid - 1) // per_coach + 1:03d}"

    with cluster.admin(dbname) as conn, conn.cursor() as cur:
        with cur.copy("COPY coachtui.coach (coach_key, municipality, fte, participants) FROM STDIN") as copy:
            for i in range(1, coaches + 1):
                copy.write_row((f"c{i:03d}", TOWNS[i % 3], 0.5, per_coach))
        with cur.copy(
            "COPY coachtui.participant (pseudonym, coach_key, birth_year, gender, municipality, program, referred_on,"
            " enrolled_on, sus_consent, education, support_since, support_before, occupation_before_kind,"
            " occupation_before_extent) FROM STDIN"
        ) as copy:
            for r in src.execute(
                "SELECT id, birth_year, gender, municipality, program, referred_on, enrolled_on, sus_consent,"
                " education, support_since, support_before, occupation_before_kind, occupation_before_extent"
                " FROM participant"
            ):
                copy.write_row((f"b{r[0]}", coach(r[0]), *r[1:7], bool(r[7]), r[8], r[9], json.loads(r[10]), *r[11:]))
        with cur.copy("COPY coachtui.step (coach_key, pseudonym, step, on_date) FROM STDIN") as copy:
            for pid, step, on in src.execute('SELECT participant_id, step, "on" FROM step_change'):
                copy.write_row((coach(pid), f"b{pid}", step, on))
        with cur.copy(
            "COPY coachtui.employment (coach_key, pseudonym, number, start_on, end_on, subsidised, extent) FROM STDIN"
        ) as copy:
            for pid, n, start, end, sub, extent in src.execute(
                "SELECT participant_id, row_number() OVER (PARTITION BY participant_id ORDER BY start_on, id),"
                " start_on, end_on, subsidised, extent FROM employment"
            ):
                copy.write_row((coach(pid), f"b{pid}", n, start, end, bool(sub), extent))
        with cur.copy(
            "COPY coachtui.followup (coach_key, pseudonym, employment, slot, kind, due_on, status, done_on) FROM STDIN"
        ) as copy:
            for pid, n, slot, kind, due, status, done in src.execute(
                "SELECT f.participant_id, e.n, f.slot, f.kind, f.due_on, f.status, f.done_on FROM followup f JOIN"
                " (SELECT id, row_number() OVER (PARTITION BY participant_id ORDER BY start_on, id) AS n"
                "  FROM employment) e ON e.id = f.employment_id"
            ):
                copy.write_row((coach(pid), f"b{pid}", n, slot, kind, due, status, done))
        with cur.copy(
            "COPY coachtui.exit (pseudonym, coach_key, on_date, reason, occupation_after_kind, occupation_after_extent,"
            " support_after, sus_registered_on) FROM STDIN"
        ) as copy:
            for r in src.execute(
                'SELECT participant_id, "on", reason, occupation_after_kind, occupation_after_extent, support_after,'
                " sus_registered_on FROM exit"
            ):
                copy.write_row((f"b{r[0]}", coach(r[0]), *r[1:5], json.loads(r[5]), r[6]))
        cur.execute("VACUUM ANALYZE")  # what autovacuum does soon after on a real hub (index-only scans)
    src.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--coaches", type=int, default=500)
    parser.add_argument("--per-coach", type=int, default=200)
    parser.add_argument("--push", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the generated local file in this folder and reuse it")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_a: sys.exit(1))  # a kill stops the cluster too
    total = args.coaches * args.per_coach
    tmp = Path(tempfile.mkdtemp(prefix="coachtui-hub-bench-"))
    local = (args.keep or tmp) / f"all-{args.coaches}x{args.per_coach}.sqlite3"
    started = time.perf_counter()
    if not local.exists():
        local.parent.mkdir(parents=True, exist_ok=True)
        counts = generate.build(local, participants=total, today=TODAY)
        conn = sqlite3.connect(local)
        with conn:
            for i, town in enumerate(TOWNS):
                conn.execute(
                    "UPDATE participant SET municipality = ? WHERE ((id - 1) / ?) % 3 = ?", (town, args.per_coach, i)
                )
            conn.execute("UPDATE coach SET fte = ?", (min(1.0, 0.5 * args.coaches),))
        conn.close()
        print(f"local file: {counts} in {time.perf_counter() - started:.0f} s")
    mine = tmp / "coach.sqlite3"
    generate.build(mine, participants=args.push, today=TODAY, seed=5)
    conn = sqlite3.connect(mine)
    with conn:
        conn.execute("UPDATE coach SET key = 'bench'")
    conn.close()

    from coachtui.domain import report as rules
    from coachtui.services import hub
    from coachtui.store import report_data
    from coachtui.store.db import Database

    with pg_cluster.running() as cluster:
        dbname = cluster.new_database()
        os.environ["PGPASSWORD"] = pg_cluster.PASSWORD
        owner = cluster.url(pg_cluster.OWNER, dbname)
        lead_url = cluster.url(pg_cluster.LEAD, dbname)
        coach_url = cluster.url(pg_cluster.COACHES[0], dbname)
        for a in (
            ["hub", "init", "--url", owner],
            ["hub", "add-lead", "--url", owner, "--login", pg_cluster.LEAD],
            ["hub", "add-coach", "--url", owner, "--coach", "bench", "--login", pg_cluster.COACHES[0]],
        ):
            assert cli(a, out=io.StringIO()) == 0
        started = time.perf_counter()
        fill_hub(cluster, dbname, local, args.coaches, args.per_coach)
        print(f"hub filled with {total} participants in {time.perf_counter() - started:.0f} s\n")
        env = {**os.environ, "COACHTUI_TODAY": TODAY.isoformat()}
        py = sys.executable
        print(f"{'figure':58} {'best':>8} {'median':>8}")
        for start, end in PERIODS:
            period = rules.Period(date.fromisoformat(start), date.fromisoformat(end))
            db = Database(local)
            db.open(now=generate.datetime(2026, 11, 23, 9, 0))

            def local_report() -> None:
                data = report_data.load(db, period, TODAY)  # noqa: B023
                rules.build(data.people, period, today=TODAY, team=data.team)  # noqa: B023

            rows = [
                (f"local report {start}..{end} (in-process)", timed(local_report, args.rounds)),
                (
                    f"hub report {start}..{end} (in-process)",
                    timed(lambda: hub.report(lead_url, period, TODAY), args.rounds),  # noqa: B023
                ),
                (
                    "  coachtui report --format json (wall)",
                    wall(
                        [
                            py,
                            "-m",
                            "coachtui",
                            "report",
                            "--db",
                            str(local),
                            "--from",
                            start,
                            "--to",
                            end,
                            "--format",
                            "json",
                        ],
                        env,
                        args.rounds,
                    ),
                ),
                (
                    "  coachtui hub report --format json (wall)",
                    wall(
                        [
                            py,
                            "-m",
                            "coachtui",
                            "hub",
                            "report",
                            "--url",
                            lead_url,
                            "--from",
                            start,
                            "--to",
                            end,
                            "--format",
                            "json",
                        ],
                        env,
                        args.rounds,
                    ),
                ),
            ]
            db.close()
            for label, ms in rows:
                print(f"{label:58} {min(ms):7.0f}ms {statistics.median(ms):7.0f}ms")
            # the same figures, as the tests check on small data
            command = ["-m", "coachtui", "--from", start, "--to", end, "--format", "json"]
            got = subprocess.run([py, *command[:2], "hub", "report", "--url", lead_url, *command[2:]],
                                 env=env, check=True, capture_output=True, text=True)  # fmt: skip
            want = subprocess.run([py, *command[:2], "report", "--db", str(local), *command[2:]],
                                  env=env, check=True, capture_output=True, text=True)  # fmt: skip
            same = all(json.loads(got.stdout)[k] == v for k, v in json.loads(want.stdout).items() if k != "caseload")
            print(f"  hub report == local report (every key but caseload): {same}")
        db = Database(mine)
        db.open(now=generate.datetime(2026, 11, 23, 9, 0))
        first = timed(lambda: hub.push(db, coach_url), 1)
        again = timed(lambda: hub.push(db, coach_url), args.rounds)
        db.close()
        print(f"{f'push of {args.push} participants, first (new pseudonyms)':58} {first[0]:7.0f}ms")
        print(f"{f'push of {args.push} participants, again (replace)':58} {min(again):7.0f}ms "
              f"{statistics.median(again):7.0f}ms")  # fmt: skip
        ms = wall([py, "-m", "coachtui", "hub", "push", "--db", str(mine), "--url", coach_url], env, args.rounds)
        print(f"{'  coachtui hub push (wall)':58} {min(ms):7.0f}ms {statistics.median(ms):7.0f}ms")
    for path in tmp.iterdir():
        path.unlink()
    tmp.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
