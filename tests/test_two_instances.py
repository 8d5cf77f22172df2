"""Two coachtui processes on one file: no lost update, and reading commands work during a write."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from coachtui.store import participants, settings
from coachtui.store.db import Database
from conftest import TODAY, participant_data

WORKER = """
import sys
from pathlib import Path
from coachtui.store import participants
from coachtui.store.db import Database

db = Database(Path(sys.argv[1]))
pid = int(sys.argv[2])
tag = sys.argv[3]
sys.stdout.write("ready\\n"); sys.stdout.flush()
sys.stdin.readline()  # both start together
for i in range(50):
    participants.add_journal(db, pid, {"on": "2026-11-20", "kind": "phone", "text": f"{tag} {i}"})
    with db.write() as conn:  # read-modify-write of one shared counter
        row = conn.execute("SELECT value FROM setting WHERE key = 'counter'").fetchone()
        value = int(row[0]) if row else 0
        conn.execute("INSERT OR REPLACE INTO setting(key, value) VALUES ('counter', ?)", (str(value + 1),))
db.close()
print("done", flush=True)
"""


def env() -> dict[str, str]:
    return {**os.environ, "COACHTUI_TODAY": TODAY.isoformat()}


def test_two_processes_writing_at_once_lose_no_update(db: Database) -> None:
    pid = participants.add_participant(db, participant_data())
    db.close()
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(db.path), str(pid), tag],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env(),
        )
        for tag in ("A", "B")
    ]
    for w in workers:
        assert w.stdout is not None and w.stdout.readline().strip() == "ready"
    for w in workers:
        assert w.stdin is not None
        w.stdin.write("go\n")
        w.stdin.flush()
    for w in workers:
        out, _ = w.communicate(timeout=120)
        assert w.returncode == 0 and out.strip() == "done"
    journal = participants.participant(db, pid).journal
    assert len(journal) == 100
    assert {j.text for j in journal} == {f"{t} {i}" for t in "AB" for i in range(50)}
    assert settings.get(db, "counter") == "100"
    db.close()


def test_reading_commands_work_while_another_process_holds_the_write_lock(db: Database, tmp_path: Path) -> None:
    participants.add_participant(db, participant_data())
    db.close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from pathlib import Path\n"
            "from coachtui.store.db import Database\n"
            "db = Database(Path(sys.argv[1]))\n"
            "with db.write() as conn:\n"
            "    conn.execute(\"INSERT INTO setting(key, value) VALUES ('held', '1')\")\n"
            "    print('locked', flush=True)\n"
            "    sys.stdin.readline()\n",
            str(db.path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env(),
    )

    def release() -> None:
        time.sleep(0.3)
        assert holder.stdin is not None
        holder.stdin.write("go\n")
        holder.stdin.flush()

    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        check = subprocess.run(
            [sys.executable, "-m", "coachtui", "check", "--db", str(db.path)],
            capture_output=True,
            text=True,
            env=env(),
        )
        copy = subprocess.run(
            [sys.executable, "-m", "coachtui", "backup", str(tmp_path / "b.sqlite3"), "--db", str(db.path)],
            capture_output=True,
            text=True,
            env=env(),
        )
        assert holder.poll() is None, "the writer must still hold its lock while we read"
        assert check.returncode == 0, check.stderr
        assert copy.returncode == 0, copy.stderr
        assert len(participants.caseload(db, today=TODAY)) == 1
        # a second writer waits (busy_timeout) and then succeeds once the first commits
        settings_written = Database(db.path)
        threading.Thread(target=release).start()
        with settings_written.write() as conn:
            conn.execute("INSERT INTO setting(key, value) VALUES ('second', '1')")
        assert settings.get(db, "held") == "1" and settings.get(db, "second") == "1"
        settings_written.close()
    finally:
        try:
            holder.wait(timeout=30)
        except subprocess.TimeoutExpired:
            holder.kill()
            holder.wait()
        db.close()


COUNT = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
print(conn.execute("SELECT count(*) FROM setting WHERE key LIKE 'row%'").fetchone()[0])
conn.close()  # the last connection of this process: it checkpoints, and deletes the WAL only if no one else is there
"""


def test_our_own_reads_of_the_file_never_drop_our_locks(db: Database) -> None:
    """While the app has the file open, its new connections (workers, the SQLModel engine) and the background
    check must not open the file outside SQLite: closing such a handle drops this process's locks, and a second
    coachtui closing its connection would then delete the WAL with our newest writes in it."""
    path = db.path
    with db.write() as conn:
        conn.execute("INSERT INTO setting(key, value) VALUES ('row1', '1')")
    thread = threading.Thread(target=lambda: db.conn().execute("SELECT 1").fetchone())  # a worker's connection
    thread.start()
    thread.join()
    db.verify_in_background().join()  # the start-up check of the app
    participants.add_participant(db, participant_data())  # a write through the SQLModel engine

    def others_count() -> int:
        done = subprocess.run([sys.executable, "-c", COUNT, str(path)], capture_output=True, text=True, check=True)
        return int(done.stdout)

    assert others_count() == 1
    assert path.with_name(path.name + "-wal").exists()  # we are still here: the other process left the WAL
    with db.write() as conn:
        conn.execute("INSERT INTO setting(key, value) VALUES ('row2', '2')")
    assert others_count() == 2  # our second write went to the live WAL, not to a deleted one
    db.close()
    assert others_count() == 2
