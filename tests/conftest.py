"""Shared fixtures. Tests never touch the user's data folder and time is frozen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import textual._wait as _wait

from coachtui.clock import fixed_clock
from coachtui.i18n import set_language
from coachtui.store import participants
from coachtui.store.db import Database

# Pilot.pause() waits until the app is idle: it sleeps in steps and stops when the process used under 5 % of a
# step's time in CPU. Textual's step is 20 ms, so every pause costs at least 20 ms of doing nothing, and a Pilot
# test pauses hundreds of times: the suite spent more time asleep than working. The same rule (under 5 %) on
# 5 ms steps waits for the same idleness; it halves the wall time of the screen tests.
_wait.SLEEP_GRANULARITY = 1 / 200
_wait.SLEEP_IDLE = _wait.SLEEP_GRANULARITY / 20

TODAY = date(2026, 11, 23)  # a Monday
NOW = datetime(2026, 11, 23, 9, 0)


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every default path into a temporary folder and pin today and the language."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("COACHTUI_TODAY", TODAY.isoformat())
    monkeypatch.delenv("COACHTUI_DB", raising=False)
    monkeypatch.delenv("COACHTUI_LANG", raising=False)
    set_language("sv")


@pytest.fixture
def clock():  # type: ignore[no-untyped-def]
    return fixed_clock(TODAY)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "coachtui.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """An empty, migrated database with a coach (Kim Coach, Gislaved, 0.4)."""
    database = Database(db_path)
    database.open(now=NOW)
    participants.save_coach(database, {"name": "Kim Coach", "municipality": "Gislaved", "fte": 0.4})
    yield database
    database.close()


@pytest.fixture
def demo_db(tmp_path: Path) -> Iterator[Database]:
    """The demo caseload (25 invented people) dated around TODAY."""
    from coachtui.store import demo

    database = demo.create(tmp_path / "demo" / "demo.sqlite3", today=TODAY, now=NOW)
    yield database
    database.close()


def participant_data(**overrides: object) -> dict[str, object]:
    """Valid ParticipantIn values; override what a test is about."""
    data: dict[str, object] = {
        "first_name": "Anna",
        "last_name": "Andersson",
        "birth_year": 1999,
        "gender": "woman",
        "municipality": "Gislaved",
        "program": "SE",
        "referred_on": "2026-01-10",
        "enrolled_on": "2026-02-02",
        "sus_consent": True,
        "education": "upper_secondary",
        "support_since": "2022-03",
        "support_before": ["social_assistance"],
        "occupation_before_kind": "none",
        "occupation_before_extent": 0,
    }
    data.update(overrides)
    return data


def sus_exits_due(db: Database, last: date) -> list[tuple[str, str, date]]:
    """(participant key, "Anna A.", SUS exit date) of every exit still to register in SUS by ``last``.

    Computed from the exit table and ``domain.sus`` (not from the agenda), ordered as the agenda orders them.
    """
    from coachtui.domain.sus import sus_exit_date
    from coachtui.store import settings

    delay = settings.get_int(db, "sus_delay_months")
    rows = db.read().execute(
        'SELECT p.key, p.first_name, p.last_name, e."on", e.reason FROM exit e'
        " JOIN participant p ON p.id = e.participant_id"
        " WHERE p.sus_consent = 1 AND e.sus_registered_on IS NULL"
    )
    due = [(r[0], f"{r[1]} {r[2][0]}.", sus_exit_date(date.fromisoformat(r[3]), r[4], delay)) for r in rows]
    return sorted((d for d in due if d[2] <= last), key=lambda d: (d[2], d[0]))


# --- Pilot helpers shared by the screen tests ------------------------------------------

#: What a coach reads when the disk is full (store.db's message).
DISK_FULL = "Disken är full: ändringen sparades inte. Frigör utrymme och försök igen."


def fail_disk_full(*_args: object, **_kwargs: object) -> None:
    """A store write that the disk refuses (monkeypatch a store function with it)."""
    from coachtui.store.db import StoreError

    raise StoreError(DISK_FULL)


async def settle(app: Any, pilot: Any) -> None:
    """Until no worker has run for three rounds: a write's worker starts a reload worker when it is done,
    and a dialog's save closes it only after its worker."""
    from textual.worker import WorkerCancelled

    quiet = 0
    for _ in range(200):
        await pilot.pause()
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:  # an exclusive reload replaced by a newer one: that one is waited for next
            quiet = 0
            continue
        await pilot.pause()
        quiet = 0 if any(not worker.is_finished for worker in app.workers) else quiet + 1
        if quiet >= 3:
            return
    raise AssertionError("the app never settled")


def messages(app: Any) -> list[str]:
    """The notifications shown so far."""
    return [str(n.message) for n in app._notifications]


async def run_from_palette(app: Any, pilot: Any, text: str) -> None:
    """Open the command palette, type ``text`` and run the first match once the palette has found it (its
    search runs as a task: wait for the results, never a fixed time)."""
    from textual.command import CommandList, CommandPalette

    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*text)
    for _ in range(200):
        await pilot.pause()
        screen = app.screen
        if isinstance(screen, CommandPalette) and screen.query_one(CommandList).highlighted is not None:
            break
    else:
        raise AssertionError(f"the palette found nothing for {text!r}")
    await pilot.press("enter")


from pg_cluster import hub, pg_cluster  # noqa: E402, F401  (the hub's PostgreSQL: one cluster per session)


def go_to_line(screen: Any, predicate: Any) -> Any:
    """Put the reminders' cursor on the first line whose item satisfies ``predicate``; that item."""
    from coachtui.widgets.table import VirtualTable

    table = screen.query_one(VirtualTable)
    for index, line in enumerate(table.rows):
        item = screen.items.get(str(line.key))
        if item is not None and predicate(item):
            table.cursor_row = index
            return item
    raise AssertionError("no such line on the screen")
