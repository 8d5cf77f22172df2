"""``coachtui export exits`` and ``coachtui export finsam`` through the CLI (and once through the real entry point)."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coachtui.cli import main
from coachtui.domain.exports import EXIT_FIELDS
from coachtui.store import exits, participants
from coachtui.store.db import Database
from conftest import TODAY, participant_data

WORK = {"reason": "unsubsidised_work", "occupation_after_kind": "unsubsidised_work", "occupation_after_extent": 100}


@pytest.fixture
def filled(db: Database) -> Database:
    """Four exits in 2026: work (consent), registered studies (consent), moved (no consent), an active participant."""
    anna = participants.add_participant(db, participant_data(first_name="Anna", last_name="Andersson"))
    bo = participants.add_participant(db, participant_data(first_name="Bo", last_name="Berg", gender="man"))
    cia = participants.add_participant(db, participant_data(first_name="Cia", last_name="Carlsson", sus_consent=False))
    participants.add_participant(db, participant_data(first_name="Dan", last_name="Dahl", gender="man"))
    exits.register_exit(db, anna, {"on": "2026-06-30", **WORK}, TODAY)
    exits.register_exit(
        db,
        bo,
        {
            "on": "2026-07-01",
            "reason": "studies",
            "occupation_after_kind": "studies",
            "sus_registered_on": "2026-10-02",
        },
        TODAY,
    )
    exits.register_exit(db, cia, {"on": "2026-08-01", "reason": "moved"}, TODAY)
    return db


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def audit_rows(db: Database) -> list[tuple[str, int, str]]:
    return [
        (r[0], int(r[1]), str(r[2]))
        for r in db.read().execute("SELECT action, count, detail FROM audit WHERE action LIKE 'export%' ORDER BY id")
    ]


def test_default_csv_file_in_the_current_folder(
    filled: Database, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("export", "exits", "--db", str(db_path))
    assert code == 0
    path = tmp_path / f"coachtui-avslut-till-{TODAY.isoformat()}.csv"
    assert str(path) in out
    assert "1 avslut som redan är registrerade i SUS togs inte med" in out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data[3:].decode("utf-8")), delimiter=";"))
    assert [row[1] for row in table[1:]] == ["Anna"]  # no consent: Cia left out; registered: Bo left out
    assert table[1][8] == "2026-06-30" and table[1][10] == "2026-09-30"
    assert audit_rows(filled) == [("export exits", 1, f"…--{TODAY.isoformat()} csv")]


def test_json_to_stdout_with_registered_and_a_period(filled: Database, db_path: Path) -> None:
    code, out, err = run(
        "export", "exits", "--db", str(db_path), "--format", "json", "-o", "-", "--include-registered",
        "--from", "2026-06-30", "--to", "2026-07-01",
    )  # fmt: skip
    assert code == 0 and err == ""
    data = json.loads(out)
    assert [d["first_name"] for d in data] == ["Anna", "Bo"]
    assert all(list(d) == list(EXIT_FIELDS) for d in data)
    assert data[1]["sus_exit_on"] == "2026-10-01" and data[1]["reason"] == "studies"
    code, out, _ = run(
        "export", "exits", "--db", str(db_path), "--format", "json", "-o", "-", "--from", "2026-07-01",
        "--to", "2026-12-31", "--include-registered",
    )  # fmt: skip
    assert [d["first_name"] for d in json.loads(out)] == ["Bo"]
    assert audit_rows(filled) == [
        ("export exits", 2, "2026-06-30--2026-07-01 json"),
        ("export exits", 1, "2026-07-01--2026-12-31 json"),
    ]


def test_pseudonymised_xlsx_to_a_named_file(filled: Database, db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "ut.xlsx"
    code, out, _ = run("export", "exits", "--db", str(db_path), "--format", "xlsx", "-o", str(target), "--pseudonymise")
    assert code == 0 and str(target) in out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    sheet = load_workbook(target).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Deltagar-id", "Förnamn", "Efternamn", "Födelseår")
    assert rows[1][1:4] == ("A", "A", 1999)
    assert len(rows) == 2


def test_audit_never_holds_names(filled: Database, db_path: Path, tmp_path: Path) -> None:
    run("export", "exits", "--db", str(db_path), "-o", str(tmp_path / "a.csv"), "--include-registered")
    run("export", "finsam", "--db", str(db_path), "--from", "2026-01-01", "--to", "2026-12-31")
    every = " ".join(str(c) for r in filled.read().execute("SELECT * FROM audit") for c in r)
    for name in ("Anna", "Andersson", "Bo", "Berg", "Cia", "Carlsson"):
        assert name not in every.split() and name not in every


@pytest.mark.parametrize(
    "args",
    [
        ("--format", "xlsx", "-o", "-"),
        ("--from", "2026-07-02", "--to", "2026-07-01"),
        (
            "--from",
            "2026-02-30",
        ),
    ],
)
def test_bad_input_is_a_one_line_error(filled: Database, db_path: Path, args: tuple[str, ...]) -> None:
    code, out, err = run("export", "exits", "--db", str(db_path), *args)
    assert code == 2 and out == ""
    assert err.startswith("coachtui: ") and err.count("\n") == 1
    assert audit_rows(filled) == []


def test_finsam_json_text_and_csv(filled: Database, db_path: Path, tmp_path: Path) -> None:
    code, out, _ = run("export", "finsam", "--db", str(db_path), "--from", "2026-07-01", "--to", "2026-12-31",
                       "--format", "json")  # fmt: skip
    assert code == 0
    # Anna exited 2026-06-30 (before the period); Bo, Cia (anonymous) and Dan were enrolled in it.
    assert json.loads(out) == {
        "from": "2026-07-01",
        "to": "2026-12-31",
        "participants": {"woman": 1, "man": 2, "total": 3},
        "anonymous": {"woman": 1, "man": 0},
    }
    code, out, _ = run("export", "finsam", "--db", str(db_path), "--from", "2026-07-01", "--to", "2026-12-31")
    assert code == 0 and "3 (kvinnor 1, män 2)" in out
    target = tmp_path / "finsam.csv"
    code, out, _ = run("export", "finsam", "--db", str(db_path), "--from", "2026-07-01", "--to", "2026-12-31",
                       "--format", "csv", "-o", str(target))  # fmt: skip
    assert code == 0 and str(target) in out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert [r[0] for r in audit_rows(filled)] == ["export finsam"] * 3
    assert audit_rows(filled)[0] == ("export finsam", 3, "2026-07-01--2026-12-31 json")
    code, _, err = run("export", "finsam", "--db", str(db_path), "--from", "2026-07-01", "--to", "2026-01-01")
    assert code == 2 and "--from" in err


def test_without_a_database(tmp_path: Path) -> None:
    code, _, err = run("export", "exits", "--db", str(tmp_path / "none.sqlite3"))
    assert code == 2 and "Ingen databas" in err
    assert not (tmp_path / "none.sqlite3").exists()


def test_real_entry_point(filled: Database, db_path: Path, tmp_path: Path) -> None:
    env = {**os.environ, "COACHTUI_TODAY": TODAY.isoformat()}
    done = subprocess.run(
        [sys.executable, "-m", "coachtui", "export", "exits", "--db", str(db_path), "--format", "json", "-o", "-"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [d["participant"] for d in data] == [
        r.participant_key for r in exits.exit_records(filled) if r.exited_on == date(2026, 6, 30)
    ]
    assert "togs inte med" in done.stderr
