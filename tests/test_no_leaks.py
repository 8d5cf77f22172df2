"""No personal data in error messages, tracebacks or any file written beside the data.

A seeded caseload (the demo, 25 invented people) goes through CLI commands,
failing ones included; the error output and every file written under the data
folder and HOME, except the database (and its -wal/-shm) and the backups, are
grepped for the participants' names.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coachtui import cli
from coachtui.store.db import Database
from conftest import TODAY


def people(db: Database) -> list[str]:
    rows = db.read().execute("SELECT first_name, last_name FROM participant").fetchall()
    return [f"{r[0]} {r[1]}" for r in rows] + [str(r[1]) for r in rows]


def leaks(text: str, names: list[str]) -> list[str]:
    return [name for name in names if name in text]


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def written_files(folders: list[Path], db_path: Path) -> list[Path]:
    skip = {db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")}
    backups = db_path.parent / "backups"
    found = []
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and path not in skip and backups not in path.parents:
                found.append(path)
    return found


def test_failing_and_working_commands_leak_no_names(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = people(demo_db)
    assert len(names) == 50
    db = str(demo_db.path)
    demo_db.close()
    # an import document that fails validation, about people who exist
    bad_import = tmp_path / "in" / "bad.json"
    bad_import.parent.mkdir()
    first, last = names[0].split(" ", 1)
    bad_import.write_text(
        json.dumps(
            {
                "format": "coachtui/1",
                "coaches": [{"key": "c1", "name": "Kim", "municipality": "Eksjö", "fte": 2}],
                "participants": [
                    {"key": "p-x", "coach": "c1", "first_name": first, "last_name": last, "birth_year": 3000}
                ],
            }
        )
    )
    not_a_db = tmp_path / "in" / "notes.sqlite3"
    not_a_db.write_text(f"{names[0]} har ett möte på tisdag.")
    failing = [
        ("import", str(bad_import), "--db", db),
        ("restore", str(not_a_db), "--yes", "--db", db),
        ("backup", db, "--db", db),
        ("export", "exits", "--from", "2026-02-30", "--db", db),
        ("reminders", "--days", "x", "--db", db),
        ("check", "--db", str(not_a_db)),
        ("report", "--program", "XYZ", "--db", db),
    ]
    for args in failing:
        code, out, err = run(*args)
        assert code != 0, args
        assert err or out, args
        assert not leaks(out + err, names), (args, out, err)
    working = [("check", "--db", db), ("backup", "--db", db), ("reminders", "--db", db), ("report", "--db", db)]
    for args in working:
        code, _out, err = run(*args)
        assert not leaks(err, names), (args, err)

    # an unexpected error whose text holds a name: no traceback, no name
    from coachtui.commands import backup as backup_command

    def explode(ctx: cli.Context, args: object) -> int:
        raise RuntimeError(f"bug while handling {names[0]}")

    monkeypatch.setattr(backup_command, "run", explode)
    monkeypatch.delenv("COACHTUI_DEBUG", raising=False)
    code, out, err = run("check", "--db", db)
    assert code == 1 and "RuntimeError" in err
    assert "Traceback" not in err and not leaks(out + err, names)

    folders = [demo_db.path.parent, Path(os.environ["HOME"]), tmp_path]
    for path in written_files(folders, demo_db.path):
        content = path.read_bytes().decode("utf-8", "replace")
        if path.parent == bad_import.parent:
            continue  # our own input files
        assert not leaks(content, names), path


def test_the_real_entry_point_prints_no_traceback_or_name_on_a_damaged_file(demo_db: Database) -> None:
    names = people(demo_db)
    demo_db.close()
    data = demo_db.path.read_bytes()
    demo_db.path.write_bytes(data[:8192] + bytes(len(data) - 8192))  # zeroed pages: the names are in them
    env = {**os.environ, "COACHTUI_TODAY": TODAY.isoformat()}
    env.pop("COACHTUI_DEBUG", None)
    for args in (["reminders"], ["export", "all"], ["check"]):
        done = subprocess.run(
            [sys.executable, "-m", "coachtui", *args, "--db", str(demo_db.path)],
            capture_output=True,
            text=True,
            env=env,
        )
        assert done.returncode != 0, args
        assert "Traceback" not in done.stderr
        assert not leaks(done.stdout + done.stderr, names), (args, done.stdout, done.stderr)
