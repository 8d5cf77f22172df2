"""Issue #20: restore refuses fake databases before replacing anything, a plain backup into an encrypted setup
is said first, a garbage header is damage, and a killed backup's or decrypt's copy never stays behind."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from coachtui.cli import main
from coachtui.store import backup, paths, schema
from coachtui.store.db import Database, looks_encrypted
from conftest import NOW, TODAY


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fake(path: Path, script: str, version: int) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript(script)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    return path


# --- 9. a fake restore source ------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", [1, 3, 4])
def test_a_fake_database_is_refused_before_anything_is_replaced(
    db: Database, db_path: Path, tmp_path: Path, version: int
) -> None:
    db.close()
    source = fake(tmp_path / "fake.sqlite3", "CREATE TABLE participant(x);", version)
    before = digest(db_path)
    backups_before = backup.list_backups(db_path)
    code, _out, err = run("restore", "--db", str(db_path), "--yes", str(source))
    assert code == 2, err
    assert "ingen coachtui-databas" in err
    assert digest(db_path) == before
    assert backup.list_backups(db_path) == backups_before  # not even a pre-restore backup


def test_a_file_missing_one_column_is_refused(db: Database, db_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "copy.sqlite3"
    backup.snapshot(db.read(), source)
    conn = sqlite3.connect(source)
    conn.execute("ALTER TABLE participant DROP COLUMN phone")
    conn.commit()
    conn.close()
    with pytest.raises(backup.StoreError, match="participant saknar phone"):
        backup.validate(source)
    health = backup.check(source)
    assert not health.ok and any("phone" in f for f in health.findings)


def test_a_real_backup_still_restores(db: Database, db_path: Path, tmp_path: Path) -> None:
    made = backup.backup_now(db, "manual", NOW)
    db.close()
    assert backup.validate(made) == schema.LATEST
    code, _out, err = run("restore", "--db", str(db_path), "--yes", str(made))
    assert code == 0, err


# --- 11. a garbage header ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["zeroed", "text"])
def test_check_on_a_garbage_header_says_damaged_and_how_to_restore(db: Database, db_path: Path, damage: str) -> None:
    good = backup.backup_now(db, "manual", NOW)
    db.close()
    raw = bytearray(db_path.read_bytes())
    if damage == "zeroed":
        raw[:100] = bytes(100)
    else:
        raw[:] = (b"hej hopp " * 1000)[: len(raw)]
    db_path.write_bytes(bytes(raw))
    for extra in ("-wal", "-shm"):
        Path(f"{db_path}{extra}").unlink(missing_ok=True)
    assert not looks_encrypted(db_path)
    code, out, err = run("check", "--db", str(db_path))
    assert code == 1, (out, err)
    assert "skadad" in out and f"coachtui restore {good}" in out
    assert "krypterad" not in out + err


# --- 8. a plain backup into an encrypted setup -------------------------------------------------------------------


def test_restoring_a_plain_backup_into_an_encrypted_file_warns(
    db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sqlcipher3")
    from coachtui.store import crypto, encryption

    plain = backup.backup_now(db, "manual", NOW)
    db.close()
    encryption.encrypt(db_path, "korrekt häst batteri", now=NOW)
    crypto.forget_all()
    monkeypatch.setenv("COACHTUI_PASSPHRASE", "korrekt häst batteri")
    # without --yes, in a terminal: asked, and "nej" changes nothing
    monkeypatch.setattr(sys, "stdin", io.StringIO("nej\n"))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    before = digest(db_path)
    code, out, _err = run("restore", "--db", str(db_path), str(plain))
    assert code == 1 and "Säkerhetskopian är okrypterad: datafilen blir okrypterad. Fortsätta?" in out
    assert digest(db_path) == before and looks_encrypted(db_path)
    crypto.forget_all()
    code, _out, err = run("restore", "--db", str(db_path), "--yes", str(plain))
    assert code == 0, err
    assert "Varning" in err and "okrypterad" in err
    crypto.forget_all()


# --- 7. leftovers of a killed backup or decrypt -----------------------------------------------------------------


def test_leftovers_are_listed_by_check_and_removed_at_the_next_start(db: Database, db_path: Path) -> None:
    made = backup.backup_now(db, "manual", NOW)
    db.close()
    folder = paths.backup_dir(db_path)
    dead = [
        folder / ".manual-20261123-090000.sqlite3.partial",
        db_path.parent / ".coachtui-20261123-090000.sqlite3.partial",
        db_path.parent / ".coachtui.sqlite3.converting",
        folder / f".daily-20261123-090000.sqlite3.{2**22 + 7}-ab12cd34.partial",  # a pid no process has
    ]
    for path in dead:
        shutil.copy(made, path)
    alive = folder / f".manual-x.sqlite3.{os.getpid()}-00ff00ff.partial"  # this process is still writing it
    shutil.copy(made, alive)
    code, out, _err = run("check", "--db", str(db_path))
    assert code == 1
    for path in dead:
        assert str(path) in out
    assert str(alive) not in out
    Database(db_path).open(now=NOW)
    assert not [p for p in dead if p.exists()] and alive.exists()
    alive.unlink()
    code, out, _err = run("check", "--db", str(db_path))
    assert code == 0, out


def test_erase_reaches_the_leftovers(db: Database, db_path: Path) -> None:
    from coachtui.store import erase, participants
    from conftest import participant_data

    pid = participants.add_participant(db, participant_data(first_name="Läckström"))
    made = backup.backup_now(db, "manual", NOW)
    leftover = paths.backup_dir(db_path) / ".pre-restore-20261123-090000.sqlite3.partial"
    shutil.copy(made, leftover)
    erase.erase_participant(db, pid, now=NOW)
    assert not leftover.exists()


@pytest.mark.parametrize("round_", range(3))
def test_a_killed_backup_leaves_nothing_after_the_next_start(db: Database, db_path: Path, round_: int) -> None:
    """SIGKILL a ``coachtui backup`` while it copies (a big enough file); the next start removes its copy."""
    db.read().execute("CREATE TABLE IF NOT EXISTS padding(x)")
    with db.write() as conn:
        conn.executemany("INSERT INTO padding VALUES (?)", [(os.urandom(2000),) for _ in range(4000)])
    db.close()
    env = {**os.environ, "COACHTUI_TODAY": TODAY.isoformat()}
    folder = paths.backup_dir(db_path)
    folder.mkdir(mode=0o700, exist_ok=True)
    proc = subprocess.Popen(
        [sys.executable, "-m", "coachtui", "backup", "--db", str(db_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    while proc.poll() is None and not any(p.name.endswith(".partial") for p in folder.iterdir()):
        pass  # wait for the copy to begin (an event: the partial file appears), then kill
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    Database(db_path).open(now=NOW)
    assert not [p for p in folder.iterdir() if ".partial" in p.name]
    assert not paths.leftovers(db_path)
