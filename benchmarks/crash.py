"""Crash test: a child writes through the store in a loop and is killed with SIGKILL at random moments.

The child reports each committed id on a pipe (an unbuffered ``os.write``, so
nothing waits in a buffer) as soon as the store's commit has returned. After
every kill the parent checks that integrity_check is ok and that every
reported id is in the database. The suite runs 30+ rounds
(tests/test_crash.py); ``python benchmarks/crash.py [ROUNDS]`` runs 200 and
prints the figures. ``python benchmarks/crash.py [ROUNDS] --leftovers`` kills backups (and, with
sqlcipher3, decrypts) mid-copy instead and counts the plain copies they leave behind before and after the next
start (issue #20: the next start must remove every one).

The child is forked from a parent that has already imported SQLModel (and has
no open connection at the time), so a round costs the random delay only.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from coachtui.store import participants
from coachtui.store.db import Database, looks_encrypted

NOW = datetime(2026, 11, 23, 9, 0)
PERSON = {
    "first_name": "Krasch",
    "last_name": "Testsson",
    "birth_year": 1990,
    "gender": "man",
    "municipality": "Eksjö",
    "program": "SE",
    "enrolled_on": "2026-01-12",
    "sus_consent": True,
}


@dataclass
class Figures:
    rounds: int = 0
    reported: int = 0  # writes the child said were committed
    lost: int = 0  # reported but missing afterwards
    integrity_failures: int = 0
    killed_mid_write: int = 0  # rounds where the child had started a write it never reported
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


def prepare(path: Path) -> int:
    """A fresh database with a coach and one participant; returns the participant's id."""
    import coachtui.store.inputs  # noqa: F401  (pydantic: imported here so the forked child does not pay for it)

    db = Database(path)
    db.open(now=NOW)
    participants.save_coach(db, {"name": "Kim Coach", "municipality": "Eksjö", "fte": 1.0})
    pid = participants.add_participant(db, PERSON)
    db.close()
    return pid


def _child(path: Path, pid: int, out_fd: int, seed: int) -> None:
    """Write forever; report "j <id>" / "p <id>" after each commit returns. Never returns."""
    try:
        rnd = random.Random(seed)
        db = Database(path)
        i = 0
        while True:
            i += 1
            os.write(out_fd, b"w\n")  # about to write (tells the parent a write may be cut)
            if rnd.random() < 0.1:
                new = participants.add_participant(db, {**PERSON, "first_name": f"Krasch{i}"})
                os.write(out_fd, f"p {new}\n".encode())
            else:
                text = f"Anteckning {i} " + "x" * rnd.randint(0, 3000)
                entry = participants.add_journal(db, pid, {"on": "2026-11-20", "kind": "phone", "text": text})
                os.write(out_fd, f"j {entry}\n".encode())
    except BaseException:
        os._exit(3)


def one_round(path: Path, pid: int, rnd: random.Random, max_delay: float, figures: Figures) -> None:
    read_fd, write_fd = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os.close(read_fd)
        _child(path, pid, write_fd, rnd.randrange(1 << 30))
        os._exit(0)
    os.close(write_fd)
    time.sleep(rnd.uniform(0.005, max_delay))
    os.kill(child, signal.SIGKILL)
    os.waitpid(child, 0)
    chunks = []
    while chunk := os.read(read_fd, 65536):
        chunks.append(chunk)
    os.close(read_fd)
    lines = b"".join(chunks).decode().splitlines()
    reported = [line.split() for line in lines if line and line[0] in "jp" and len(line.split()) == 2]
    if lines and lines[-1] == "w":
        figures.killed_mid_write += 1
    figures.rounds += 1
    figures.reported += len(reported)
    conn = sqlite3.connect(path)  # a plain connection: recovers the -wal like any later start would
    try:
        check = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        if check != ["ok"]:
            figures.integrity_failures += 1
            figures.problems.append(f"round {figures.rounds}: {check[:3]}")
        journal = {r[0] for r in conn.execute("SELECT id FROM journal_entry")}
        people = {r[0] for r in conn.execute("SELECT id FROM participant")}
    finally:
        conn.close()
    for kind, ident in reported:
        if int(ident) not in (journal if kind == "j" else people):
            figures.lost += 1
            figures.problems.append(f"round {figures.rounds}: {kind} {ident} missing")


def run(path: Path, rounds: int, *, seed: int = 1, max_delay: float = 0.25) -> Figures:
    pid = prepare(path)
    rnd = random.Random(seed)
    figures = Figures()
    started = time.monotonic()
    for _ in range(rounds):
        one_round(path, pid, rnd, max_delay, figures)
    figures.seconds = time.monotonic() - started
    return figures


@dataclass
class LeftoverFigures:
    rounds: int = 0
    left_behind: int = 0  # rounds after which a partial copy was on disk (what the kill left)
    after_next_start: int = 0  # leftovers still there after the next Database.open (must be 0)
    seconds: float = 0.0


def _pad(path: Path, megabytes: int) -> None:
    """Make the file big enough (random bytes) that a kill often lands in the middle of copying it."""
    db = Database(path)
    db.open(now=NOW)
    with db.write() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS padding(x BLOB)")
        conn.executemany("INSERT INTO padding VALUES (?)", [(os.urandom(4096),) for _ in range(megabytes * 256)])
    db.close()


def _backup_child(path: Path) -> None:
    from coachtui.store import backup

    db = Database(path)
    db.open(now=NOW, verify=False)
    while True:
        made = backup.backup_now(db, "manual", datetime.now())
        made.unlink()  # keep the folder small; the copy in progress is what a kill leaves


def _decrypt_child(path: Path, passphrase: str) -> None:
    from coachtui.store import crypto, encryption

    crypto.remember(path, passphrase)
    encryption.decrypt(path, now=NOW)
    os._exit(0)


def leftover_rounds(path: Path, rounds: int, *, seed: int = 1, decrypt: bool = False) -> LeftoverFigures:
    """Kill a backup (or a decrypt) at a random moment; count what it leaves and what the next start removes."""
    from coachtui.store import paths

    prepare(path)
    _pad(path, 8)
    passphrase = "korrekt häst batteri"
    rnd = random.Random(seed)
    figures = LeftoverFigures()
    started = time.monotonic()
    for _ in range(rounds):
        if decrypt and not looks_encrypted(path):
            from coachtui.store import encryption

            encryption.encrypt(path, passphrase, now=NOW)
        child = os.fork()
        if child == 0:  # pragma: no cover - the child is killed
            try:
                if decrypt:
                    _decrypt_child(path, passphrase)
                else:
                    _backup_child(path)
            finally:
                os._exit(1)
        time.sleep(rnd.uniform(0.05, 0.6))
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        figures.rounds += 1
        if paths.leftovers(path):
            figures.left_behind += 1
        if decrypt:
            from coachtui.store import crypto

            crypto.remember(path, passphrase)
        db = Database(path)
        db.open(now=NOW, verify=False)  # the next start
        db.close()
        figures.after_next_start += len(paths.leftovers(path))
    figures.seconds = time.monotonic() - started
    return figures


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 200
    if "--leftovers" in sys.argv:
        with tempfile.TemporaryDirectory() as folder:
            figures = leftover_rounds(Path(folder) / "crash.sqlite3", rounds)
        print(f"killed backups: {figures.rounds}, left a copy: {figures.left_behind}, ", end="")
        print(f"left after the next start: {figures.after_next_start} ({figures.seconds:.1f} s)")
        failed = figures.after_next_start
        try:
            import sqlcipher3  # noqa: F401
        except ImportError:
            return 0 if failed == 0 else 1
        with tempfile.TemporaryDirectory() as folder:
            figures = leftover_rounds(Path(folder) / "crash.sqlite3", max(1, rounds // 4), decrypt=True)
        print(f"killed decrypts: {figures.rounds}, left a copy: {figures.left_behind}, ", end="")
        print(f"left after the next start: {figures.after_next_start} ({figures.seconds:.1f} s)")
        return 0 if failed == 0 and figures.after_next_start == 0 else 1
    with tempfile.TemporaryDirectory() as folder:
        figures = run(Path(folder) / "crash.sqlite3", rounds)
    print(f"rounds: {figures.rounds}")
    print(f"writes reported committed: {figures.reported}")
    print(f"killed in the middle of a write: {figures.killed_mid_write}")
    print(f"lost: {figures.lost}")
    print(f"integrity_check failures: {figures.integrity_failures}")
    print(f"time: {figures.seconds:.1f} s")
    for problem in figures.problems[:20]:
        print(problem)
    return 0 if figures.lost == 0 and figures.integrity_failures == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
