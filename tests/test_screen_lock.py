"""The idle lock of an encrypted database: after lock_minutes without input the content is hidden."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("sqlcipher3")

from coachtui.app import create_app
from coachtui.screens.lock import LockScreen
from coachtui.store import crypto, encryption, participants, settings
from coachtui.store.db import Database
from conftest import NOW, participant_data

PASS = "korrekt häst batteri"


@pytest.fixture
def locked_db(db_path: Path) -> Iterator[Database]:
    """An encrypted database with one participant that locks after 0.005 minutes (0.3 s) idle."""
    plain = Database(db_path)
    plain.open(now=NOW)
    participants.save_coach(plain, {"name": "Kim Coach", "municipality": "Gislaved", "fte": 0.4})
    participants.add_participant(plain, participant_data())
    settings.put(plain, "lock_minutes", "0.005")
    plain.close()
    encryption.encrypt(db_path, PASS, now=NOW)
    crypto.forget_all()
    db = Database(db_path, passphrase=PASS)
    db.open(now=NOW)
    yield db
    db.close()
    crypto.forget_all()


def _shown(app: object) -> str:
    return app.export_screenshot()  # type: ignore[attr-defined, no-any-return]


async def test_idle_lock_hides_everything_until_the_right_passphrase(locked_db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(locked_db, clock)
    app.last_input = time.monotonic() + 3600  # no lock while the app starts and the caseload is checked
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.idle_lock is not None
        await app.workers.wait_for_complete()  # the setting read on its thread
        await pilot.pause()  # and handed to the UI thread, which starts the timer
        assert app.idle_lock.timer is not None
        assert app.idle_lock.seconds == pytest.approx(0.3)  # the setting lock_minutes = 0.005
        assert not isinstance(app.screen, LockScreen)
        assert "Andersson" in _shown(app)

        app.idle_lock.check()  # what the timer calls: not idle long enough yet
        assert not isinstance(app.screen, LockScreen)
        app.last_input = time.monotonic() - 1  # idle for longer than the lock time
        app.idle_lock.check()
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        shown = _shown(app)
        assert "Andersson" not in shown and "Anna" not in shown
        assert "låst" in shown

        for key in ("f2", "f3", "f4", "f5", "f6", "ctrl+z", "escape", "ctrl+p", "f1"):  # no way around the lock
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, LockScreen)
        assert "Andersson" not in _shown(app)

        await pilot.press(*"fel fras", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        assert "Fel lösenfras" in str(app.screen.query_one("#lock-message").render())

        app.idle_lock.seconds = 3600  # no new lock while the test looks at the unlocked app
        await pilot.press(*PASS, "enter")
        await pilot.pause()
        assert not isinstance(app.screen, LockScreen)
        assert "Andersson" in _shown(app)
        assert app.use_command_palette


async def test_keys_and_the_mouse_count_as_activity(locked_db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(locked_db, clock)
    app.last_input = time.monotonic() + 3600  # no lock while the app starts
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        app.last_input = 0.0
        await pilot.press("down")
        after_key = app.last_input
        assert time.monotonic() - after_key < 5
        app.last_input = 0.0
        await pilot.hover(offset=(10, 10))
        assert app.last_input >= after_key > 0


async def test_a_plain_database_never_locks(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    settings.put(db, "lock_minutes", "0.001")
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.idle_lock is None
        assert not isinstance(app.screen, LockScreen)
