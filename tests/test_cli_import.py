"""``coachtui import`` and ``coachtui export all`` through the real entry point, and an import killed half-way."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import caseload_gen
from coachtui.store import document
from coachtui.store.db import Database
from conftest import TODAY


def coachtui(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COACHTUI_TODAY": TODAY.isoformat(), **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "coachtui", *args], capture_output=True, text=True, env=env, timeout=120
    )


def count(db_path: Path) -> int:
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(conn.execute("SELECT count(*) FROM participant").fetchone()[0])
    finally:
        conn.close()


def test_import_and_export_all_through_the_entry_point(tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text(document.dumps(caseload_gen.document(30, seed=2)), encoding="utf-8")
    db = tmp_path / "d" / "data.sqlite3"
    dry = coachtui("import", str(source), "--dry-run", "--db", str(db))
    assert dry.returncode == 0, dry.stderr
    assert "Nya deltagare: 30" in dry.stdout and not db.exists()
    done = coachtui("import", str(source), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "Importen är klar." in done.stdout
    out = tmp_path / "ut.json"
    exported = coachtui("export", "all", "--format", "json", "-o", str(out), "--db", str(db))
    assert exported.returncode == 0, exported.stderr
    assert "30 deltagare skrivna till" in exported.stdout
    assert out.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
    assert (out.stat().st_mode & 0o777) == 0o600
    default = coachtui("export", "all", "--db", str(db))  # without -o: a named file in the current folder
    assert default.returncode == 0
    assert "coachtui-allt-till-2026-11-23.json" in default.stdout
    Path.cwd().joinpath("coachtui-allt-till-2026-11-23.json").unlink()


def test_bad_file_exit_status_two_in_english(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Förnamn;Efternamn\nA;B\n", encoding="utf-8")
    done = coachtui("import", str(bad), "--db", str(tmp_path / "x.sqlite3"), "--lang", "en")
    assert done.returncode == 2
    assert "nothing was changed" in done.stderr and "row 1: the column 'Födelseår' is missing" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "x.sqlite3").exists()


def _kill_when(proc: subprocess.Popen[bytes], wal: Path, *, wal_bytes: int, timeout: float) -> bool:
    """SIGKILL ``proc`` once its -wal holds ``wal_bytes`` (the write transaction is under way);
    returns whether the WAL got that far before the process ended."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size >= wal_bytes:
            proc.send_signal(signal.SIGKILL)
            return True
        time.sleep(0.002)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    return False


def test_an_import_killed_half_way_leaves_nothing_or_everything(tmp_path: Path) -> None:
    source = tmp_path / "big.json"
    source.write_text(document.dumps(caseload_gen.document(3000, seed=9)), encoding="utf-8")
    rnd = random.Random(2026)
    outcomes = []
    for round_ in range(3):
        db_path = tmp_path / f"r{round_}" / "data.sqlite3"
        empty = Database(db_path)  # an existing, empty database
        empty.open(now=datetime(2026, 11, 23, 9, 0))
        empty.close()
        env = {**os.environ, "COACHTUI_TODAY": TODAY.isoformat()}
        proc = subprocess.Popen(
            [sys.executable, "-m", "coachtui", "import", str(source), "--db", str(db_path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        if round_ == 0:  # at a random moment
            time.sleep(rnd.uniform(0.2, 1.5))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
            mid_write = False
        else:  # while the one transaction is writing pages
            mid_write = _kill_when(proc, Path(f"{db_path}-wal"), wal_bytes=rnd.randint(4096, 2_000_000), timeout=60)
        proc.wait(timeout=60)
        found = count(db_path)
        assert found in (0, 3000), found
        outcomes.append((proc.returncode, mid_write, found))
    # at least one round was killed while the transaction had written pages, and left nothing
    assert any(code == -signal.SIGKILL and mid and found == 0 for code, mid, found in outcomes), outcomes
