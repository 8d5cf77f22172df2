"""The erase dialog (confirmed by initials) and the retention (gallring) screen."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from coachtui.app import create_app
from coachtui.screens.confirm import ConfirmScreen
from coachtui.screens.erase_dialog import EraseDialog
from coachtui.screens.retention import RetentionScreen
from coachtui.store import participants, settings
from coachtui.store.db import Database
from conftest import TODAY, participant_data


def names(db: Database) -> set[str]:
    return {r.first_name for r in participants.caseload(db, today=TODAY, include_exited=True)}


def add_exit(db: Database, pid: int, on: str) -> None:
    with db.write() as conn:
        conn.execute('INSERT INTO exit(participant_id, "on", reason) VALUES (?, ?, ?)', (pid, on, "moved"))


async def test_erase_needs_the_right_initials_and_then_erases(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    pid = participants.add_participant(db, participant_data(first_name="Olle", last_name="Bergkvist"))
    participants.add_participant(db, participant_data(first_name="Stina"))
    app = create_app(db, clock)
    results: list[bool | None] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        app.push_screen(EraseDialog(participants.participant(db, pid).key, "Olle", "Bergkvist"), results.append)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EraseDialog)
        await pilot.press("o", "s", "enter")
        await pilot.pause()
        assert "stämmer inte" in str(dialog.query_one("#problem", Static).render())
        assert names(db) == {"Olle", "Stina"}
        dialog.query_one("#initials", Input).value = ""
        await pilot.press("o", "b", "ctrl+r")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert results == [True]
        assert not isinstance(app.screen, EraseDialog)
    assert names(db) == {"Stina"}


async def test_escape_cancels_without_erasing(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    pid = participants.add_participant(db, participant_data(first_name="Olle", last_name="Bergkvist"))
    app = create_app(db, clock)
    results: list[bool | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(EraseDialog(participants.participant(db, pid).key, "Olle", "Bergkvist"), results.append)
        await pilot.pause()
        await pilot.press("o", "b", "escape")
        await pilot.pause()
        assert results == [False]
    assert names(db) == {"Olle"}


async def test_retention_screen_lists_who_is_due_and_erases_them_in_one_confirmed_action(
    db: Database,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    for name, exited in (("Gammal", "2020-02-01"), ("Ny", "2026-06-01"), ("Aktiv", None)):
        pid = participants.add_participant(
            db, participant_data(first_name=name, enrolled_on="2019-09-02", referred_on=None)
        )
        if exited:
            add_exit(db, pid, exited)
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(RetentionScreen())
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RetentionScreen)
        assert "avstängd" in str(screen.query_one("#summary", Static).render())
        assert screen.query_one("#due", DataTable).row_count == 0
        # set the rule to 5 years and save
        years = screen.query_one("#years", Input)
        years.value = "5"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert settings.get(db, "retention_years") == "5"
        table = screen.query_one("#due", DataTable)
        assert table.row_count == 1
        assert table.get_row_at(0)[0] == "Gammal Andersson"
        assert "1 deltagare ska gallras" in str(screen.query_one("#summary", Static).render())
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("j")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table.row_count == 0
        assert "Ingen ska gallras" in str(screen.query_one("#summary", Static).render())
    assert names(db) == {"Ny", "Aktiv"}
    last = db.read().execute("SELECT action, count FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    assert last == ("participants erased (retention)", 1)


async def test_a_bad_number_of_years_is_refused(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(db, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        app.push_screen(RetentionScreen())
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.screen.query_one("#years", Input).value = "500"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("heltal" in n.message for n in app._notifications)
    assert settings.get(db, "retention_years") == "0"
