"""Issue #20: hostile input is exit 2 with one line (never exit 1 or a hang), and a full disk at start-up is
"disk full", never "skadad"."""

from __future__ import annotations

import io
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from coachtui.cli import main
from coachtui.exports import files
from coachtui.store import backup, document
from coachtui.store.db import Database, StoreError


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def doc(db: Database) -> Any:
    from coachtui.store import participants
    from conftest import participant_data

    participants.add_participant(db, participant_data())
    return document.build(db)


def _write(tmp_path: Path, data: str) -> Path:
    path = tmp_path / "in.json"
    path.write_text(data, encoding="utf-8")
    return path


def test_a_lone_surrogate_in_a_name_is_bad_input(db: Database, db_path: Path, doc: Any, tmp_path: Path) -> None:
    doc["participants"][0]["first_name"] = "\ud800x"
    source = _write(tmp_path, json.dumps(doc))  # ensure_ascii: the surrogate is a \\ud800 escape
    db.close()
    code, _out, err = run("import", "--db", str(db_path), str(source))
    assert code == 2, err
    assert "ingen giltig JSON" in err and "oväntat" not in err  # the reader refuses the lone surrogate


def test_a_5000_digit_number_is_bad_input(db: Database, db_path: Path, doc: Any, tmp_path: Path) -> None:
    text = json.dumps(doc).replace('"birth_year": 1999', '"birth_year": ' + "9" * 5000, 1)
    assert "9" * 5000 in text
    db.close()
    code, _out, err = run("import", "--db", str(db_path), str(_write(tmp_path, text)))
    assert code == 2, err
    assert "9" * 31 not in err and "oväntat" not in err


def test_deep_nesting_is_bad_input(db: Database, db_path: Path, tmp_path: Path) -> None:
    db.close()
    code, _out, err = run("import", "--db", str(db_path), str(_write(tmp_path, "[" * 100_000 + "]" * 100_000)))
    assert code == 2, err
    assert "oväntat" not in err


@pytest.mark.parametrize(
    "args",
    [
        ("reminders", "--date", "9999-12-31"),
        ("export", "calendar", "--from", "9999-12-31", "-o", "-"),
        ("reminders", "--days", "99999999999"),
    ],
)
def test_dates_at_the_end_of_time_are_bad_input(db: Database, db_path: Path, args: tuple[str, ...]) -> None:
    db.close()
    code, _out, err = run(*args, "--db", str(db_path))
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1


def test_an_overflow_anywhere_is_bad_input(db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coachtui.commands import reminders

    def overflow(*_args: object) -> int:
        raise OverflowError("date value out of range")

    monkeypatch.setattr(reminders, "run", overflow)
    db.close()
    code, _out, err = run("reminders", "--db", str(db_path))
    assert code == 2 and "OverflowError" in err


def _specials(tmp_path: Path) -> list[Path]:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    (tmp_path / "loop1.json").symlink_to(tmp_path / "loop2.json")
    (tmp_path / "loop2.json").symlink_to(tmp_path / "loop1.json")
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(files.MAX_INPUT_BYTES + 1)  # sparse: nothing is really written
    return [fifo, tmp_path / "loop1.json", big, Path("/dev/zero"), tmp_path]


def test_import_and_restore_read_only_regular_files_up_to_50_mb(db: Database, db_path: Path, tmp_path: Path) -> None:
    """A FIFO would hang and /dev/zero grow without end: both are refused by ``stat`` before any read."""
    db.close()
    before = db_path.read_bytes()
    (tmp_path / "x").mkdir()
    for special in _specials(tmp_path / "x"):
        for command in (("import",), ("restore", "--yes")):
            code, _out, err = run(*command, "--db", str(db_path), str(special))
            assert code == 2, (special, command, err)
            assert "oväntat" not in err
    assert db_path.read_bytes() == before
    assert files.source_problem(tmp_path / "x" / "big.csv") == "är större än 50 MB"


# --- 10. a full disk at start-up -------------------------------------------------------------------------------------


def _full(*_args: object, **_kwargs: object) -> sqlite3.Connection:
    exc = sqlite3.OperationalError("database or disk is full")
    exc.sqlite_errorname = "SQLITE_FULL"  # type: ignore[attr-defined]
    raise exc


def _ioerr(*_args: object, **_kwargs: object) -> sqlite3.Connection:
    exc = sqlite3.OperationalError("disk I/O error")
    exc.sqlite_errorname = "SQLITE_IOERR_SHMSIZE"  # type: ignore[attr-defined]
    raise exc


@pytest.mark.parametrize("failure", [_full, _ioerr])
def test_a_full_disk_at_start_up_is_not_damage(
    db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch, failure: object
) -> None:
    backup.backup_now(db, "manual", backup.datetime(2026, 11, 23, 9))
    db.close()
    monkeypatch.setattr(backup, "_read_only", failure)  # what a full tmpfs does to the read-only open (its -shm)
    with pytest.raises(StoreError) as caught:
        Database(db_path).open(now=backup.datetime(2026, 11, 23, 9))
    message = str(caught.value)
    assert "Disken är full" in message or "disken är full" in message
    assert "är skadad" not in message and "ingen säkerhetskopia" not in message
    for args in (("check",), ("backup",), ("import", str(db_path))):
        code, out, err = run(*args, "--db", str(db_path))
        assert code == 2, (args, out, err)
        assert "isken är full" in err and "är skadad" not in out + err


def test_a_full_disk_during_a_backup_is_its_own_message(
    db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = db.read()
    monkeypatch.setattr(backup, "connect_like", lambda source, path: _FullTarget(sqlite3.connect(path)))
    with pytest.raises(StoreError, match="isken är full"):
        backup.snapshot(_FullSource(conn), db_path.parent / "x.sqlite3")
    assert not [p for p in db_path.parent.iterdir() if ".partial" in p.name or p.name == "x.sqlite3"]


class _FullSource:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def backup(self, target: object) -> None:
        _full()


class _FullTarget:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str) -> object:
        return self.conn.execute(sql)

    def close(self) -> None:
        self.conn.close()


@pytest.mark.parametrize("kind", ["deep", "fifo"])
async def test_the_import_dialog_reports_hostile_files(db: Database, clock: Any, tmp_path: Path, kind: str) -> None:
    from textual.widgets import Input, Static

    from coachtui.app import create_app
    from coachtui.screens.import_dialog import ImportDialog

    if kind == "deep":
        source = _write(tmp_path, "[" * 100_000 + "]" * 100_000)
    else:
        source = tmp_path / "fifo.json"
        os.mkfifo(source)
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        app.push_screen(ImportDialog())
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        dialog.query_one("#path", Input).value = str(source)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = str(dialog.query_one("#result", Static).render())
        assert ("ingen giltig JSON" if kind == "deep" else "ingen vanlig fil") in text  # 100,000-deep: refused
        assert app.screen is dialog
