"""Undo (ctrl+z and the palette's "Ångra: …"): each of the seven actions done, undone, and its row back as it
was (the follow-ups with a higher SEQUENCE); a row changed since is refused and nothing is written."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from coachtui.app import CoachApp, create_app
from coachtui.screens.confirm import ConfirmScreen
from coachtui.screens.note_dialog import NoteDialog
from coachtui.screens.participant import ParticipantScreen
from coachtui.screens.reminders import RemindersScreen
from coachtui.screens.step_dialog import StepDialog
from coachtui.screens.week import WeekScreen
from coachtui.store import exits, participants
from coachtui.store.db import Database
from coachtui.widgets.table import VirtualTable
from conftest import TODAY, go_to_line, messages, participant_data, run_from_palette, settle

SIZE = (100, 30)


def row(db: Database, table: str, row_id: int) -> dict[str, Any] | None:
    cur = db.read().execute(f'SELECT * FROM "{table}" WHERE id = ?', (row_id,))
    found = cur.fetchone()
    return None if found is None else dict(zip((d[0] for d in cur.description), found, strict=True))


def undo_rows(db: Database) -> list[tuple[str, str, int]]:
    return [tuple(r) for r in db.read().execute("SELECT action, entity, count FROM audit WHERE action LIKE 'undo %'")]


async def open_reminders(app: CoachApp, pilot) -> RemindersScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("f3")
    await settle(app, pilot)
    assert isinstance(app.screen, RemindersScreen)
    return app.screen


def back_as_before(before: dict[str, Any], now: dict[str, Any] | None, after: dict[str, Any]) -> None:
    """The follow-up is as before the action, except a SEQUENCE above the action's (calendars update)."""
    assert now is not None
    assert {k: v for k, v in now.items() if k != "sequence"} == {k: v for k, v in before.items() if k != "sequence"}
    assert now["sequence"] == after["sequence"] + 1


async def _followup_action(  # type: ignore[no-untyped-def]
    demo_db: Database, clock, key: str, fields: dict[str, str], expect_status: str
) -> None:
    app = create_app(demo_db, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_reminders(app, pilot)
        item = go_to_line(screen, lambda i: i.overdue_days > 0 and not i.is_sus_exit)
        assert item.followup_id is not None
        before = row(demo_db, "followup", item.followup_id)
        assert before is not None
        await pilot.press(key)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        for name, value in fields.items():
            dialog.query_one(f"#{name}", Input).value = value
        await pilot.press("enter")
        await settle(app, pilot)
        after = row(demo_db, "followup", item.followup_id)
        assert after is not None and after != before and after["status"] == expect_status
        assert item.key not in screen.items or after["due_on"] != before["due_on"]
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        back_as_before(before, row(demo_db, "followup", item.followup_id), after)
        assert item.key in screen.items  # the view reloaded: the line is back, with the cursor on it
        assert str(screen.query_one(VirtualTable).cursor_key) == item.key
        assert any(m.startswith("Ångrat: ") and "(" in m for m in messages(app))
        assert len(undo_rows(demo_db)) == 1


async def test_undo_done(demo_db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    await _followup_action(demo_db, clock, "d", {"note": "Bra besök"}, "done")


async def test_undo_skip(demo_db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    await _followup_action(demo_db, clock, "s", {"note": "Sjuk"}, "skipped")


async def test_undo_reschedule(demo_db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    await _followup_action(demo_db, clock, "r", {"on": "+1v", "note": "Semester"}, "planned")


async def test_undo_snooze_and_nothing_left_to_undo(demo_db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(demo_db, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_reminders(app, pilot)
        item = go_to_line(screen, lambda i: i.due_on == TODAY and not i.is_sus_exit)
        assert item.followup_id is not None
        before = row(demo_db, "followup", item.followup_id)
        await pilot.press("z")
        await settle(app, pilot)
        after = row(demo_db, "followup", item.followup_id)
        assert before is not None and after is not None and after["snoozed_until"] is not None
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        back_as_before(before, row(demo_db, "followup", item.followup_id), after)
        assert any(m.startswith("Ångrat: snoozat ") for m in messages(app))
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert messages(app)[-1] == "Inget att ångra."
        assert len(undo_rows(demo_db)) == 1


async def test_undo_sus_registered(demo_db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(demo_db, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_reminders(app, pilot)
        item = go_to_line(screen, lambda i: i.is_sus_exit)
        found = exits.exit_of(demo_db, item.participant_id)
        assert found is not None
        before = row(demo_db, "exit", found.id)
        await pilot.press("m")
        await pilot.pause()
        app.screen.query_one("#sus-on", Input).value = TODAY.isoformat()
        await pilot.press("enter")
        await settle(app, pilot)
        assert row(demo_db, "exit", found.id) != before
        assert item.key not in screen.items
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert row(demo_db, "exit", found.id) == before
        assert item.key in screen.items
        assert undo_rows(demo_db) == [("undo exit registered in SUS", "exit", 1)]


async def _participant(app: CoachApp, pilot, pid: int) -> ParticipantScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    screen = ParticipantScreen(pid)
    await app.push_screen(screen)
    await settle(app, pilot)
    return screen


async def test_undo_step_change_and_journal_delete_from_the_palette(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    pid = participants.add_participant(db, participant_data())
    participants.change_step(db, pid, {"step": 2, "on": "2026-03-01"}, today=TODAY)
    entry_id = participants.add_journal(db, pid, {"on": "2026-11-02", "kind": "phone", "text": "Ringde."})
    journal_before = row(db, "journal_entry", entry_id)
    steps_before = participants.participant(db, pid).steps
    app = create_app(db, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await _participant(app, pilot, pid)
        await pilot.press("plus")
        await pilot.pause()
        assert isinstance(app.screen, StepDialog)
        await pilot.press("enter")
        await settle(app, pilot)
        assert participants.participant(db, pid).steps[-1].step == 3
        await run_from_palette(app, pilot, "Ångra: steg 3")
        await settle(app, pilot)
        assert participants.participant(db, pid).steps == steps_before
        assert "i steg 2 " in str(screen.query_one("#head").render())  # the view reloaded
        assert "Ångrat: steg 3 (A.A.)." in messages(app)
        # journal delete (the cursor is on the newest entry)
        screen.query_one("#journal-table", VirtualTable).move_cursor_to_key(entry_id)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("j")
        await settle(app, pilot)
        assert row(db, "journal_entry", entry_id) is None
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert row(db, "journal_entry", entry_id) == journal_before
        assert entry_id in [r.key for r in screen.query_one("#journal-table", VirtualTable).rows]
        assert [a for a, _e, _n in undo_rows(db)] == ["undo step changed", "undo journal deleted"]


async def test_undo_refused_when_changed_since_and_in_the_week_view(demo_db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(demo_db, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_reminders(app, pilot)
        item = go_to_line(screen, lambda i: i.overdue_days > 0 and not i.is_sus_exit)
        assert item.followup_id is not None
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        after = row(demo_db, "followup", item.followup_id)
        assert after is not None and after["status"] == "done"
        # another window changes the note of the done follow-up
        with demo_db.write() as conn:
            conn.execute("UPDATE followup SET note = 'ändrad' WHERE id = ?", (item.followup_id,))
        changed = row(demo_db, "followup", item.followup_id)
        await pilot.press("v")
        await settle(app, pilot)
        assert isinstance(app.screen, WeekScreen)
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert row(demo_db, "followup", item.followup_id) == changed  # nothing written
        assert "har ändrats sedan dess. Inget ändrades." in messages(app)[-1]
        assert undo_rows(demo_db) == []
        await pilot.press("ctrl+z")  # the refused undo is forgotten
        await settle(app, pilot)
        assert messages(app)[-1] == "Inget att ångra."


async def test_undo_key_in_the_key_bars(demo_db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import Markdown

    from coachtui.screens.help import HelpScreen
    from coachtui.widgets.keybar import KeyBar

    app = create_app(demo_db, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_reminders(app, pilot)
        assert "Ångra" in str(screen.query_one(KeyBar).render())
        await pilot.press("v")
        await settle(app, pilot)
        assert "Ångra" in str(app.screen.query_one(KeyBar).render())
        await pilot.press("f1")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "**ctrl+z** ångrar den senaste ändringen" in app.screen.query_one(Markdown).source


async def test_undo_sus_registered_in_the_export_view(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    from coachtui.screens.exports import SusDateModal
    from test_screen_exports import fill, open_exports

    ids = fill(db)
    found = exits.exit_of(db, ids["Anna"])
    assert found is not None
    before = row(db, "exit", found.id)
    app = create_app(db, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_exports(app, pilot)
        screen.query_one(VirtualTable).move_cursor_to_key(ids["Anna"])
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, SusDateModal)
        await pilot.press("enter")
        await settle(app, pilot)
        assert row(db, "exit", found.id) != before
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert row(db, "exit", found.id) == before
        assert any(m.startswith("Ångrat: SUS-registrering (") for m in messages(app))
        assert cells_registered(screen, ids["Anna"]) is False


def cells_registered(screen, key: int) -> bool:  # type: ignore[no-untyped-def]
    """Whether the export view shows the exit ``key`` as registered (the view reloaded after the undo)."""
    line = next(r for r in screen.query_one(VirtualTable).rows if r.key == key)
    return any(str(cell).startswith("✓ registrerad") for cell in line.cells)
