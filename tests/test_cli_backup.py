"""``coachtui backup``, ``restore`` and ``check`` through the CLI."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from coachtui.cli import main
from coachtui.store import backup, participants, schema
from coachtui.store.db import Database
from conftest import TODAY, participant_data


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def path(db: Database) -> Path:
    participants.add_participant(db, participant_data(first_name="Greta"))
    db.close()
    return db.path


def first_names(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT first_name FROM participant ORDER BY id")]
    finally:
        conn.close()


def test_backup_without_dest_goes_to_the_backup_folder(path: Path) -> None:
    code, out, err = run("backup", "--db", str(path))
    assert (code, err) == (0, "")
    made = backup.list_backups(path)
    assert [b.kind for b in made] == ["manual"]
    assert str(made[0].path) in out
    assert first_names(made[0].path) == ["Greta"]


def test_backup_to_a_folder_or_a_file_and_never_over_an_existing_file(path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    assert run("backup", str(folder), "--db", str(path))[0] == 0
    [made] = list(folder.iterdir())
    assert first_names(made) == ["Greta"] and made.stat().st_mode & 0o077 == 0
    target = tmp_path / "copy.sqlite3"
    assert run("backup", str(target), "--db", str(path))[0] == 0
    code, _, err = run("backup", str(target), "--db", str(path))
    assert code == 2 and "finns redan" in err


def test_check_is_ok_on_a_healthy_file_and_exit_1_with_findings(path: Path) -> None:
    code, out, _ = run("check", "--db", str(path))
    assert code == 0 and "Kontroll: ok" in out and f"Schema: {schema.LATEST}" in out
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(
        "INSERT INTO journal_entry(participant_id, \"on\", kind, text) VALUES (77, '2026-01-01', 'other', 'x')"
    )
    conn.commit()
    conn.close()
    code, out, _ = run("check", "--db", str(path))
    assert code == 1 and "brutna referenser" in out and "journal_entry" in out


def test_check_on_a_text_file_reports_it_without_changing_it(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    path.write_text("inte en databas")
    code, out, _ = run("check", "--db", str(path))
    assert code == 1 and "ingen SQLite-databas" in out
    assert path.read_text() == "inte en databas"


def test_check_without_a_database_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("check", "--db", str(tmp_path / "none.sqlite3"))
    assert code == 2 and "Ingen databas" in err
    assert not (tmp_path / "none.sqlite3").exists()


def test_restore_without_a_tty_and_without_yes_is_refused(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saved = backup.list_backups(path) or None
    assert saved is None
    run("backup", "--db", str(path))
    source = backup.list_backups(path)[0].path
    monkeypatch.setattr(sys, "stdin", io.StringIO("ja\n"))
    code, _, err = run("restore", str(source), "--db", str(path))
    assert code == 2 and "--yes" in err


def test_restore_asks_and_only_a_yes_replaces(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run("backup", "--db", str(path))
    source = backup.list_backups(path)[0].path
    db = Database(path)
    participants.add_participant(db, participant_data(first_name="Hugo"))
    db.close()
    monkeypatch.setattr(sys, "stdin", FakeTty("nej\n"))
    code, out, _ = run("restore", str(source), "--db", str(path))
    assert code == 1 and "inget ändrades" in out
    assert first_names(path) == ["Greta", "Hugo"]
    monkeypatch.setattr(sys, "stdin", FakeTty("ja\n"))
    code, out, _ = run("restore", str(source), "--db", str(path))
    assert code == 0 and "Återställd" in out
    assert first_names(path) == ["Greta"]
    previous = [b for b in backup.list_backups(path) if b.kind == "pre-restore"]
    assert first_names(previous[0].path) == ["Greta", "Hugo"]


def test_restore_of_a_bad_file_is_refused_before_asking(path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    code, _, err = run("restore", str(bad), "--yes", "--db", str(path))
    assert code == 2 and "bad.sqlite3" in err
    assert first_names(path) == ["Greta"]


def test_the_real_entry_point_restores_a_damaged_file_named_in_the_start_message(path: Path) -> None:
    env = {**os.environ, "COACHTUI_TODAY": TODAY.isoformat()}
    done = subprocess.run(
        [sys.executable, "-m", "coachtui", "backup", "--db", str(path)], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    path.write_bytes(path.read_bytes()[:4096] + b"\xff" * 8192)  # the disk ate the rest
    broken = subprocess.run(
        [sys.executable, "-m", "coachtui", "backup", "--db", str(path)], env=env, capture_output=True, text=True
    )
    assert broken.returncode == 2
    assert "Traceback" not in broken.stderr
    command = broken.stderr.split("Återställ med: ")[1].strip()
    assert command.startswith("coachtui restore ")
    restored = subprocess.run(
        [sys.executable, "-m", "coachtui", *command.split()[1:], "--yes", "--db", str(path)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert restored.returncode == 0, restored.stderr
    assert first_names(path) == ["Greta"]
    assert (
        subprocess.run(
            [sys.executable, "-m", "coachtui", "check", "--db", str(path)], env=env, capture_output=True
        ).returncode
        == 0
    )
