"""Backups (backup API, 0600/0700, rotation), validation, restore, start-up check and write failures."""

from __future__ import annotations

import sqlite3
import stat
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachtui.domain import retention
from coachtui.store import backup, participants, paths, schema
from coachtui.store.db import Database, NotADatabaseError, ReadOnlyError, StoreError, connect
from conftest import NOW, participant_data


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def names_in(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [f"{r[0]} {r[1]}" for r in conn.execute("SELECT first_name, last_name FROM participant ORDER BY id")]
    finally:
        conn.close()


# --- rotation (pure) -------------------------------------------------------------------


def test_rotation_keeps_7_days_4_weeks_12_months_of_a_year_of_daily_backups() -> None:
    today = date(2026, 11, 23)
    stamps = [datetime(2026, 11, 23, 8, 0) - timedelta(days=i) for i in range(400)]
    keep = retention.backups_to_keep(stamps, today=today)
    days = sorted({s.date() for s in keep}, reverse=True)
    assert days[:7] == [today - timedelta(days=i) for i in range(7)]
    weeks = {s.isocalendar()[:2] for s in keep}
    assert len(weeks) >= 4
    months = {(s.year, s.month) for s in keep}
    expected_months = {((2026 * 12 + 10 - i) // 12, (2026 * 12 + 10 - i) % 12 + 1) for i in range(12)}
    assert months == expected_months
    assert len(keep) <= 7 + 4 + 12
    # every month keeps its newest backup: the last day of the month (or today for this month)
    assert datetime(2026, 10, 31, 8, 0) in keep
    assert datetime(2026, 1, 31, 8, 0) in keep
    assert datetime(2025, 12, 31, 8, 0) in keep  # the 12th month back
    assert datetime(2025, 11, 30, 8, 0) not in keep  # the 13th month back goes


def test_rotation_counts_days_that_have_backups_not_calendar_days() -> None:
    # a laptop left shut for a month: the seven newest backups are still kept
    stamps = [datetime(2026, 9, 1, 9) + timedelta(days=i) for i in range(10)]
    keep = retention.backups_to_keep(stamps, today=date(2026, 11, 23), weekly=0, monthly=0)
    assert keep == set(stamps[-7:])


def test_rotation_keeps_everything_made_today_and_only_the_newest_of_an_older_day() -> None:
    today = date(2026, 11, 23)
    stamps = [datetime(2026, 11, 23, h) for h in (8, 9, 10)] + [datetime(2026, 11, 22, h) for h in (8, 9)]
    keep = retention.backups_to_keep(stamps, today=today)
    assert keep == {*stamps[:3], datetime(2026, 11, 22, 9)}


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2026, 11, 23, 23)), max_size=80),
    st.integers(0, 10),
    st.integers(0, 6),
    st.integers(0, 14),
)
def test_rotation_properties(stamps: list[datetime], daily: int, weekly: int, monthly: int) -> None:
    today = date(2026, 11, 23)
    keep = retention.backups_to_keep(stamps, today=today, daily=daily, weekly=weekly, monthly=monthly)
    assert keep <= set(stamps)
    if stamps and (daily or weekly or monthly):
        assert max(stamps) in keep  # the newest backup is never deleted
    older = {s for s in keep if s.date() < today}
    assert len(older) <= daily + weekly + monthly
    again = retention.backups_to_keep(keep, today=today, daily=daily, weekly=weekly, monthly=monthly)
    assert again == keep  # rotating twice deletes nothing more


# --- daily backups ---------------------------------------------------------------------


def test_daily_backup_is_private_complete_and_made_once_a_day(db: Database) -> None:
    participants.add_participant(db, participant_data(first_name="Walburga"))
    wal = Path(f"{db.path}-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the new row sits in the -wal, not yet in the file
    made = backup.daily_backup(db, NOW)
    assert made is not None
    assert made.parent == paths.backup_dir(db.path)
    assert mode(made) == 0o600 and mode(made.parent) == 0o700
    assert names_in(made) == ["Walburga Andersson"]
    assert not Path(f"{made}-wal").exists()  # a single self-contained file
    assert backup.validate(made) == schema.LATEST
    assert backup.daily_backup(db, NOW + timedelta(hours=3)) is None
    assert backup.daily_backup(db, NOW + timedelta(days=1)) is not None
    assert [b.kind for b in backup.list_backups(db.path)] == ["daily", "daily"]


def test_daily_backups_are_rotated_but_manual_and_migration_backups_are_kept(db: Database) -> None:
    start = NOW - timedelta(days=60)
    for day in range(61):
        backup.daily_backup(db, start + timedelta(days=day))
    manual = backup.backup_now(db, "manual", start)
    files = backup.list_backups(db.path)
    dailies = [b.made for b in files if b.kind == "daily"]
    expected = retention.backups_to_keep([start + timedelta(days=d) for d in range(61)], today=NOW.date())
    assert set(dailies) == expected
    assert len(dailies) < 61
    assert manual in [b.path for b in files]
    assert not any(p.name.endswith(".partial") for p in paths.backup_dir(db.path).iterdir())


def test_an_empty_new_database_is_not_backed_up(tmp_path: Path) -> None:
    db = Database(tmp_path / "new.sqlite3")
    db.conn()
    assert backup.daily_backup(db, NOW) is None
    db.close()


async def test_a_failed_daily_backup_warns_and_does_not_stop_the_start(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coachtui.app import create_app
    from coachtui.clock import fixed_clock

    def full(*_args: object, **_kw: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "snapshot", full)
    app = create_app(db, fixed_clock(NOW.date()))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("säkerhetskopia kunde inte göras" in m for m in messages), messages
        assert type(app.screen).__name__ == "CaseloadScreen"


async def test_a_damaged_file_found_at_start_is_never_written(tmp_path: Path) -> None:
    """The quick_check runs beside the first frame; until it passes writes wait, and then they are refused."""
    from coachtui.app import create_app
    from coachtui.clock import fixed_clock
    from coachtui.store import participants
    from coachtui.store.db import StoreError

    path = tmp_path / "data" / "coachtui.sqlite3"
    db = Database(path)
    db.open(now=NOW)
    participants.save_coach(db, {"name": "Kim", "municipality": "Eksjö", "fte": 1})
    db.close()
    db = Database(path)
    db.open(now=NOW, verify=False)
    db._refusal = StoreError("skadad")  # as the background check reports a damaged file
    with pytest.raises(StoreError, match="skadad"):
        participants.add_journal(db, 1, {"on": "2026-01-01", "kind": "other", "text": "x"})
    with pytest.raises(StoreError, match="skadad"), db.write():
        pass
    app = create_app(db, fixed_clock(NOW.date()))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("Skrivskyddat läge" in n.message for n in app._notifications)


def test_migration_backup_goes_to_the_private_backup_folder(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(schema.V1)
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    Database(path).open(now=NOW)
    found = backup.list_backups(path)
    assert [b.kind for b in found] == ["pre-migration-v1"]
    assert backup.validate(found[0].path) == 1
    assert mode(found[0].path.parent) == 0o700


# --- validation and the start-up check -------------------------------------------------


def garble(path: Path) -> None:
    """Overwrite the pages after the first with noise (a damaged disk or a half-copied file)."""
    data = bytearray(path.read_bytes())
    page = 4096
    for i in range(page, len(data)):
        data[i] = (i * 7919) % 251
    path.write_bytes(bytes(data))


@pytest.fixture
def closed_db(db: Database) -> Path:
    for i in range(30):
        participants.add_participant(db, participant_data(first_name=f"Namn{i}"))
    db.close()
    return db.path


def test_a_text_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("Det här är mina anteckningar.\n" * 50)
    before = path.read_bytes()
    with pytest.raises(NotADatabaseError, match="ingen SQLite-databas"):
        Database(path).open(now=NOW)
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists()


@pytest.mark.parametrize("damage", ["garbled", "truncated"])
def test_a_damaged_database_is_never_written_and_the_newest_good_backup_is_named(closed_db: Path, damage: str) -> None:
    db = Database(closed_db)
    db.open(now=NOW)
    good = backup.daily_backup(db, NOW)
    db.close()
    if damage == "garbled":
        garble(closed_db)
    else:
        data = closed_db.read_bytes()
        closed_db.write_bytes(data[: len(data) // 2 + 100])
    before = closed_db.read_bytes()
    with pytest.raises(NotADatabaseError) as caught:
        Database(closed_db).open(now=NOW)
    message = str(caught.value)
    assert "har inte ändrats" in message
    assert f"coachtui restore {good}" in message
    assert closed_db.read_bytes() == before


def test_the_message_says_when_there_is_no_backup(closed_db: Path) -> None:
    garble(closed_db)
    with pytest.raises(NotADatabaseError, match="ingen säkerhetskopia"):
        Database(closed_db).open(now=NOW)


def test_validate_refuses_what_a_restore_must_not_use(tmp_path: Path, closed_db: Path) -> None:
    text = tmp_path / "a.sqlite3"
    text.write_text("hej")
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE x(a)").connection.close()
    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes(closed_db.read_bytes())
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {schema.LATEST + 1}")
    conn.close()
    garbled = tmp_path / "garbled.sqlite3"
    garbled.write_bytes(closed_db.read_bytes())
    garble(garbled)
    with pytest.raises(StoreError, match="ingen SQLite-databas"):
        backup.validate(text)
    with pytest.raises(StoreError, match="ingen coachtui-databas"):
        backup.validate(other)
    with pytest.raises(StoreError, match="nyare coachtui"):
        backup.validate(newer)
    with pytest.raises(StoreError, match="skadad"):
        backup.validate(garbled)
    assert backup.validate(closed_db) == schema.LATEST


# --- restore and check -----------------------------------------------------------------


def test_restore_brings_back_the_backup_and_keeps_the_current_data(db: Database) -> None:
    participants.add_participant(db, participant_data(first_name="Före"))
    saved = backup.backup_now(db, "manual", NOW)
    participants.add_participant(db, participant_data(first_name="Efter"))
    previous = backup.restore(db.path, saved, NOW + timedelta(minutes=1))
    assert previous is not None and previous.name.startswith("pre-restore-")
    assert names_in(previous) == ["Före Andersson", "Efter Andersson"]
    assert [r.first_name for r in participants.caseload(db, today=NOW.date())] == ["Före"]
    assert backup.check(db.path).ok
    db.close()


def test_restore_moves_a_damaged_file_aside_unchanged(closed_db: Path) -> None:
    db = Database(closed_db)
    db.open(now=NOW)
    saved = backup.backup_now(db, "manual", NOW)
    db.close()
    garble(closed_db)
    damaged_bytes = closed_db.read_bytes()
    previous = backup.restore(closed_db, saved, NOW)
    assert previous is not None and previous.name.startswith("damaged-")
    assert previous.read_bytes() == damaged_bytes
    assert len(names_in(closed_db)) == 30
    assert backup.newest_good_backup(closed_db) == saved  # the damaged file is never offered


def test_restore_validates_before_touching_anything(db: Database, tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("x")
    with pytest.raises(StoreError):
        backup.restore(db.path, bad, NOW)
    assert backup.list_backups(db.path) == []


def test_check_finds_broken_references_and_newer_schemas(db: Database) -> None:
    assert backup.check(db.path).ok
    conn = sqlite3.connect(db.path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO step_change(participant_id, step, \"on\") VALUES (999, 1, '2026-01-01')")
    conn.commit()
    conn.close()
    health = backup.check(db.path)
    assert not health.ok
    assert "brutna referenser" in health.findings[0] and "step_change" in health.findings[0]


# --- the disk says no: read-only file or folder, full disk, missing folder --------------
# Tests run as root in the sandbox, where chmod 0400 does not stop writes; SQLite's own
# read-only and full-disk errors are produced with PRAGMA query_only and max_page_count.


def _patched_connect(pragma: str):  # type: ignore[no-untyped-def]
    def patched(path: Path, kind: object = None) -> sqlite3.Connection:
        conn = connect(path, kind)  # type: ignore[arg-type]
        if pragma == "full":
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {pages}")
        else:
            conn.execute("PRAGMA query_only = ON")
        return conn

    return patched


@pytest.mark.parametrize("problem", ["readonly", "full"])
def test_a_write_that_the_disk_refuses_gives_a_swedish_message_and_keeps_committed_data(
    db: Database, monkeypatch: pytest.MonkeyPatch, problem: str
) -> None:
    pid = participants.add_participant(db, participant_data())
    participants.add_journal(db, pid, {"on": "2026-11-20", "kind": "meeting", "text": "Första mötet."})
    db.close()
    monkeypatch.setattr("coachtui.store.db.connect", _patched_connect(problem))  # every connection, SQLModel's too
    big = "x" * 15_000  # more than the free space left in the last page
    with pytest.raises(StoreError) as caught:
        participants.add_journal(db, pid, {"on": "2026-11-21", "kind": "phone", "text": big})
    expected = "skrivskyddad" if problem == "readonly" else "Disken är full"
    assert expected in str(caught.value)
    if problem == "readonly":
        assert isinstance(caught.value, ReadOnlyError)
    with pytest.raises(StoreError, match=expected), db.write() as conn:
        conn.execute("INSERT INTO setting(key, value) VALUES ('k', ?)", (big,))
    # reading still works and nothing committed was lost
    assert [j.text for j in participants.participant(db, pid).journal] == ["Första mötet."]
    db.close()
    monkeypatch.undo()
    assert backup.check(db.path).ok


def test_a_folder_that_cannot_be_created_gives_a_clear_message(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StoreError, match="kan inte skapas eller öppnas"):
        Database(blocker / "sub" / "coachtui.sqlite3").open(now=NOW)
