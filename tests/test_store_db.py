"""The data file: private permissions, pragmas, write transactions, migrations."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from coachtui.store import participants, schema
from coachtui.store.db import Database, NewerSchemaError, NotADatabaseError, connect, migrate
from coachtui.store.models import SQLModel
from conftest import NOW, participant_data


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_file_is_0600_in_a_0700_folder(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "coachtui.sqlite3"
    db = Database(path)
    db.open(now=NOW)
    participants.save_coach(db, {"name": "Kim", "municipality": "Eksjö", "fte": 1})
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    for extra in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        if extra.exists():
            assert mode(extra) & 0o077 == 0
    db.close()


def test_existing_loose_file_is_tightened_but_an_existing_folder_is_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "loose"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    path = folder / "x.sqlite3"
    path.touch()
    path.chmod(0o644)
    Database(path).open(now=NOW)
    assert mode(path) == 0o600
    assert mode(folder) == 0o755  # not coachtui's folder: never chmod-ed (issue #20)


def test_every_connection_has_the_safety_pragmas(db: Database) -> None:
    conn = db.read()
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_a_write_is_begin_immediate_on_a_connection_with_the_pragmas(db: Database) -> None:
    with db.write() as raw:
        assert raw.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert raw.in_transaction
        # a second writer cannot start while this transaction holds the RESERVED lock
        other = connect(db.path)
        other.execute("PRAGMA busy_timeout = 0")
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_write_rolls_back_on_error(db: Database) -> None:
    with pytest.raises(RuntimeError), db.write() as conn:
        conn.execute("INSERT INTO setting(key, value) VALUES ('x', '1')")
        raise RuntimeError
    assert db.read().execute("SELECT count(*) FROM setting WHERE key = 'x'").fetchone()[0] == 0


def test_a_write_inside_a_write_joins_it_and_fails_alone(db: Database) -> None:
    def stored() -> set[str]:
        return {str(r[0]) for r in db.read().execute("SELECT key FROM setting WHERE key LIKE 'nested%'")}

    with db.write() as outer:
        outer.execute("INSERT INTO setting(key, value) VALUES ('nested-outer', '1')")
        with db.write() as inner:
            assert inner is outer and inner.in_transaction
            inner.execute("INSERT INTO setting(key, value) VALUES ('nested-kept', '1')")
        with pytest.raises(RuntimeError), db.write() as inner:
            inner.execute("INSERT INTO setting(key, value) VALUES ('nested-failed', '1')")
            raise RuntimeError("the inner block fails")
        other = sqlite3.connect(db.path)  # another connection sees nothing before the outer commits
        assert other.execute("SELECT count(*) FROM setting WHERE key LIKE 'nested%'").fetchone()[0] == 0
        other.close()
    assert stored() == {"nested-outer", "nested-kept"}

    with pytest.raises(RuntimeError), db.write() as outer:
        outer.execute("INSERT INTO setting(key, value) VALUES ('nested-second', '1')")
        with db.write() as inner:
            inner.execute("INSERT INTO setting(key, value) VALUES ('nested-second-inner', '1')")
        raise RuntimeError("the outer block fails: the inner one goes with it")
    assert stored() == {"nested-outer", "nested-kept"}
    with db.write() as conn:  # and the next write is a transaction of its own again
        conn.execute("INSERT INTO setting(key, value) VALUES ('nested-after', '1')")
    assert "nested-after" in stored()


def test_insert_and_update_write_plain_values_as_the_file_stores_them(db: Database) -> None:
    from datetime import date

    from coachtui.store.db import insert, update

    coach_id = participants.save_coach(db, {"name": "Kim", "municipality": "Eksjö", "fte": 1})
    with db.write() as conn:
        pid = insert(
            conn,
            "participant",
            {
                "key": "p-facade",
                "coach_id": coach_id,
                "first_name": "Ada",
                "last_name": "Berg",
                "birth_year": 1990,
                "gender": "woman",
                "municipality": "Eksjö",
                "program": "SE",
                "enrolled_on": date(2026, 1, 12),
                "sus_consent": True,
                "education": "unknown",
                "support_before": ["lss", "other"],
            },
        )
    row = (
        db.read()
        .execute("SELECT enrolled_on, sus_consent, support_before, version FROM participant WHERE id = ?", (pid,))
        .fetchone()
    )
    assert tuple(row) == ("2026-01-12", 1, '["lss", "other"]', 0)  # what SQLModel wrote, so reads are unchanged
    with db.write() as conn:  # the same values: not written, the version stays (no lost-update false alarm)
        assert update(conn, "participant", pid, {"first_name": "Ada", "enrolled_on": date(2026, 1, 12)}) is False
        assert update(conn, "participant", pid, {}) is False
    assert participants.version(db, pid) == 0
    with db.write() as conn:
        assert update(conn, "participant", pid, {"first_name": "Bea", "sus_consent": False}) is True
        assert update(conn, "participant", 999_999, {"first_name": "Ingen"}) is False
    assert participants.version(db, pid) == 1
    assert participants.participant(db, pid).values["first_name"] == "Bea"


def test_a_write_refuses_before_the_check_and_after_a_restore_and_says_why_on_a_read_only_file(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coachtui.store.db import FileReplacedError, ReadOnlyError, StoreError

    problem = StoreError("skadad")
    monkeypatch.setattr(db, "_refusal", problem)
    with pytest.raises(StoreError) as refused, db.write():
        pytest.fail("the block must not run")
    assert refused.value is problem
    monkeypatch.setattr(db, "_refusal", None)
    monkeypatch.setattr(db, "_identity", "another file")
    with pytest.raises(FileReplacedError), db.write():
        pytest.fail("the block must not run")
    monkeypatch.setattr(db, "_identity", None)
    readonly = sqlite3.OperationalError("attempt to write a readonly database")
    readonly.sqlite_errorname = "SQLITE_READONLY"  # type: ignore[attr-defined]
    with pytest.raises(ReadOnlyError), db.write() as conn:
        conn.execute("INSERT INTO setting(key, value) VALUES ('x', '1')")
        raise readonly
    assert db.read().execute("SELECT count(*) FROM setting WHERE key = 'x'").fetchone()[0] == 0


def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(sqlite3.IntegrityError), db.write() as conn:
        conn.execute("INSERT INTO step_change(participant_id, step, \"on\") VALUES (999, 1, '2026-01-01')")


def _v1_database(path: Path) -> None:
    """A file exactly as the first schema made it, with some data."""
    conn = sqlite3.connect(path)
    conn.executescript(schema.V1)
    conn.executescript(
        """
        INSERT INTO coach VALUES (1, 'c1', 'Kim', 'Gislaved', 0.4);
        INSERT INTO participant (id, key, coach_id, first_name, last_name, birth_year, gender, municipality,
            program, enrolled_on, sus_consent, education) VALUES
            (1, 'p-1', 1, 'Anna', 'A', 1999, 'woman', 'Gislaved', 'SE', '2026-01-05', 1, 'unknown');
        INSERT INTO step_change (participant_id, step, "on") VALUES (1, 1, '2026-01-05');
        INSERT INTO employer (id, name) VALUES (1, 'Bageriet AB');
        INSERT INTO employment (id, participant_id, employer_id, start_on, subsidised, extent)
            VALUES (1, 1, 1, '2026-03-02', 0, 100);
        INSERT INTO followup (employment_id, participant_id, kind, slot, due_on, original_due_on)
            VALUES (1, 1, 'visit', 'V1', '2026-03-09', '2026-03-09');
        PRAGMA user_version = 1;
        """
    )
    conn.commit()
    conn.close()


def test_a_database_made_by_the_first_schema_migrates_without_loss(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _v1_database(path)
    db = Database(path)
    assert db.open(now=NOW) == 1
    conn = db.read()
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST
    assert conn.execute("SELECT first_name FROM participant").fetchall() == [("Anna",)]
    assert conn.execute("SELECT slot, sequence, snoozed_until FROM followup").fetchall() == [("V1", 0, None)]
    backups = list((tmp_path / "backups").glob("pre-migration-v1-*.sqlite3"))
    assert len(backups) == 1
    assert mode(backups[0]) == 0o600
    assert not list((tmp_path / "backups").glob("*-wal")) and not list((tmp_path / "backups").glob(".*partial"))
    saved = sqlite3.connect(backups[0])
    assert saved.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    assert saved.execute("PRAGMA user_version").fetchone()[0] == 1
    assert saved.execute("SELECT count(*) FROM participant").fetchone()[0] == 1
    saved.close()
    # the migrated file works with the current code
    pid = participants.add_participant(db, participant_data(first_name="Bo", gender="man"))
    assert participants.participant(db, pid).values["first_name"] == "Bo"
    db.close()


def test_follow_ups_an_exit_cancelled_before_version_3_are_marked_as_such(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _v1_database(path)
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        INSERT INTO followup (employment_id, participant_id, kind, slot, due_on, original_due_on, status, note)
            VALUES (1, 1, 'visit', 'V2', '2026-03-16', '2026-03-16', 'skipped', 'Avslutad: Flytt'),
                   (1, 1, 'visit', 'V3', '2026-03-23', '2026-03-23', 'skipped', 'Sjuk'),
                   (1, 1, 'visit', 'V4', '2026-03-30', '2026-03-30', 'planned', 'Avslutad: ?');
        """
    )
    conn.close()
    db = Database(path)
    db.open(now=NOW)
    found = db.read().execute("SELECT slot, cancelled_by_exit FROM followup ORDER BY slot").fetchall()
    assert found == [("V1", 0), ("V2", 1), ("V3", 0), ("V4", 0)]
    db.close()


def test_a_file_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.LATEST + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerSchemaError, match="nyare coachtui"):
        Database(path).open(now=NOW)
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("inte en databas\n" * 100)
    before = path.read_bytes()
    with pytest.raises(NotADatabaseError):
        Database(path).open(now=NOW)
    assert path.read_bytes() == before


def test_migration_with_broken_references_is_rolled_back(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite3"
    _v1_database(path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO step_change (participant_id, step, \"on\") VALUES (42, 1, '2026-01-01')")
    conn.commit()
    conn.close()
    raw = connect(path)
    with pytest.raises(Exception, match="brutna referenser"):
        migrate(raw, path, now=NOW)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
    assert raw.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    raw.close()


def test_models_mirror_the_latest_schema(db: Database) -> None:
    conn = db.read()
    for table in SQLModel.metadata.sorted_tables:
        in_db = {row[1] for row in conn.execute(f'PRAGMA table_info("{table.name}")')}
        in_model = {column.name for column in table.columns}
        assert in_db == in_model, table.name
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == set(SQLModel.metadata.tables)


def test_a_damaged_file_opened_for_reading_refuses_the_first_write(tmp_path: Path) -> None:
    """Commands that only read skip the quick_check at open; the first write runs it and is refused."""
    path = tmp_path / "damaged.sqlite3"
    db = Database(path)
    db.open(now=NOW)
    participants.save_coach(db, {"name": "Kim", "municipality": "Eksjö", "fte": 1})
    for i in range(30):
        participants.add_participant(db, participant_data(first_name=f"Namn{i}"))
    db.read().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = path.read_bytes()
    page = 4096
    last = len(data) - page  # a data page at the end is garbled; the schema pages are intact
    path.write_bytes(data[:last] + b"\xff" * page)
    before = path.read_bytes()
    reader = Database(path)
    reader.open(now=NOW, verify=False)  # the header and schema version still look right
    with pytest.raises(NotADatabaseError), reader.write() as conn:
        conn.execute("INSERT INTO setting(key, value) VALUES ('x', '1')")
    with pytest.raises(NotADatabaseError):
        participants.save_coach(reader, {"name": "Kim", "municipality": "Eksjö", "fte": 1})
    reader.close()
    assert path.read_bytes() == before


def _old_file(folder: Path, version: int, more: str = "") -> Path:
    """A file made by schema ``version`` holding one coach and one participant (and ``more`` SQL)."""
    path = folder / f"v{version}.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript("".join(schema.MIGRATIONS[:version]))
    conn.executescript(
        f"""
        INSERT INTO coach VALUES (1, 'c1', 'Kim', 'Gislaved', 0.4);
        INSERT INTO participant (id, key, coach_id, first_name, last_name, birth_year, gender, municipality,
            program, enrolled_on, sus_consent, education) VALUES
            (1, 'p-1', 1, 'Anna', 'A', 1999, 'woman', 'Gislaved', 'SE', '2026-01-05', 1, 'unknown');
        {more}
        PRAGMA user_version = {version};
        """
    )
    conn.commit()
    conn.close()
    return path


def test_a_database_made_by_schema_version_3_migrates_to_the_whole_record(tmp_path: Path) -> None:
    """Version 4 adds the phone, the questionnaire, the fidelity review, the pseudonym and the row version:
    a version-3 file keeps every row and gets the empty defaults."""
    path = _old_file(
        tmp_path,
        3,
        "INSERT INTO journal_entry (participant_id, \"on\", kind, text) VALUES (1, '2026-01-06', 'meeting', 'Första');",
    )
    db = Database(path)
    assert db.open(now=NOW) == 3
    read = db.read()
    assert read.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST == 5
    assert read.execute("SELECT phone, survey_offered_on, pseudonym, version FROM participant").fetchall() == [
        ("", None, None, 0)
    ]
    assert read.execute("SELECT text FROM journal_entry").fetchall() == [("Första",)]
    assert read.execute("SELECT count(*) FROM survey").fetchone()[0] == 0
    with pytest.raises(sqlite3.IntegrityError), db.write() as write:
        write.execute(
            'INSERT INTO survey (key, kind, "on", municipality, program, respondent) '
            "VALUES ('s-1', 'ongoing', '2026-10-01', 'Gislaved', 'SE', 'woman')"
        )  # a sheet answers at least one question
    with pytest.raises(sqlite3.IntegrityError), db.write() as write:
        write.execute("INSERT INTO fidelity_review (key, \"on\", kind) VALUES ('f-1', '2026-01-20', 'self')")
        write.execute("INSERT INTO fidelity_score (review_id, item, score) VALUES (1, 26, 3)")  # no item 26
    db.close()


def test_a_held_start_up_check_waits_for_its_release_and_a_write_releases_it(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app holds the quick_check until its first screen is shown; a write needs the verdict at once."""
    import threading

    order: list[object] = []
    checked = db._check_now
    monkeypatch.setattr(db, "_check_now", lambda: (order.append("check"), checked())[1])

    class Gate(threading.Event):
        def wait(self, timeout: float | None = None) -> bool:
            order.append(("wait", timeout))
            return super().wait(timeout)

    monkeypatch.setattr(db, "_check_go", Gate())
    thread = db.verify_in_background(hold=30.0)
    db.release_check()
    thread.join()
    assert order == [("wait", 30.0), "check"]
    assert db.refusal() is None

    order.clear()
    thread = db.verify_in_background(hold=30.0)  # held, and nobody releases it
    participants.save_coach(db, {"name": "Kim", "municipality": "Eksjö", "fte": 1})  # the write releases it
    thread.join()
    assert order == [("wait", 30.0), "check"]


def test_a_version_4_file_gains_the_index_of_the_last_follow_up_done(tmp_path: Path) -> None:
    """Version 5 is an index only: a version-4 file keeps every row and the caseload's query uses the index."""
    path = _old_file(tmp_path, 4)
    db = Database(path)
    assert db.open(now=NOW) == 4
    read = db.read()
    assert read.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST
    assert read.execute("SELECT name FROM sqlite_master WHERE name = 'ix_followup_done'").fetchone() is not None
    assert read.execute("SELECT key, first_name FROM participant").fetchall() == [("p-1", "Anna")]
    db.close()
