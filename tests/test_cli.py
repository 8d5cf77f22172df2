"""The command-line contract: help, exit statuses, dates, never a traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coachtui.cli import build_parser, main


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(args), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def test_every_command_has_help() -> None:
    parser = build_parser()
    for command in ("demo", "reminders", "export", "import", "report", "backup", "restore", "check"):
        with pytest.raises(SystemExit) as done:
            parser.parse_args([command, "--help"])
        assert done.value.code == 0


def test_bad_date_is_exit_2_with_one_swedish_line(tmp_path: Path) -> None:
    status, _, err = run("reminders", "--db", str(tmp_path / "x.sqlite3"), "--date", "2026-02-30")
    assert status == 2
    assert "ogiltigt datum '2026-02-30'" in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_english_messages_with_lang_en(tmp_path: Path) -> None:
    status, _, err = run("reminders", "--lang", "en", "--db", str(tmp_path / "x.sqlite3"), "--date", "2026-13-01")
    assert status == 2
    assert "invalid date '2026-13-01'" in err


def test_read_commands_do_not_create_a_database(tmp_path: Path) -> None:
    path = tmp_path / "missing.sqlite3"
    status, _, err = run("reminders", "--db", str(path))
    assert status == 2
    assert "Ingen databas" in err
    assert not path.exists()


def test_bad_coachtui_today_is_exit_2(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COACHTUI_TODAY", "igår")
    status, _, err = run("check", "--db", str(tmp_path / "x.sqlite3"))
    assert status == 2
    assert "COACHTUI_TODAY" in err


def test_unknown_command_is_exit_2() -> None:
    status, _, err = run("dance")
    assert status == 2
    assert "Traceback" not in err


def test_db_path_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from coachtui.store.paths import resolve_db_path

    monkeypatch.setenv("COACHTUI_DB", str(tmp_path / "env.sqlite3"))
    assert resolve_db_path(None) == tmp_path / "env.sqlite3"
    assert resolve_db_path(str(tmp_path / "flag.sqlite3")) == tmp_path / "flag.sqlite3"
    monkeypatch.delenv("COACHTUI_DB")
    assert resolve_db_path(None).name == "coachtui.sqlite3"
    assert str(resolve_db_path(None)).startswith(os.environ["XDG_DATA_HOME"])


def test_the_real_entry_point_prints_help_in_swedish_and_english() -> None:
    done = subprocess.run([sys.executable, "-m", "coachtui", "--help"], capture_output=True, text=True, check=True)
    assert "Deltagare, efterstöd och SUS-avslut" in done.stdout
    done = subprocess.run(
        [sys.executable, "-m", "coachtui", "--lang", "en", "--help"], capture_output=True, text=True, check=True
    )
    assert "Participants, follow-up support and SUS exits" in done.stdout


def test_demo_refuses_to_overwrite_a_real_database(db_path: Path) -> None:
    from coachtui.store.db import Database

    real = Database(db_path)
    real.open(now=__import__("datetime").datetime(2026, 11, 23))
    real.close()
    before = db_path.read_bytes()
    status, _, err = run("demo", "--db", str(db_path))
    assert status == 2
    assert "ingen demodatabas" in err
    assert db_path.read_bytes() == before
