"""The participant's Efterstöd tab: d / enter, r and s act on a follow-up like the reminders' keys."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from textual.widgets import Input

from coachtui.app import create_app
from coachtui.screens.note_dialog import NoteDialog
from coachtui.screens.participant import ParticipantScreen
from coachtui.store import followups, participants
from coachtui.store.db import Database
from coachtui.widgets.table import VirtualTable
from conftest import TODAY, messages, participant_data, settle


@pytest.fixture
def employed(db: Database) -> Iterator[int]:
    pid = participants.add_participant(db, participant_data(first_name="Erik", last_name="Berg", gender="man"))
    followups.add_employment(
        db, pid, {"employer": "Kafé Linden", "start_on": "2026-10-01", "subsidised": True, "extent": 50}
    )
    yield pid


def statuses(db: Database, pid: int) -> list[tuple[int, str, str]]:
    job = followups.current_employment(followups.employments(db, pid), TODAY)
    assert job is not None
    return [(f.id, f.status, f.due_on.isoformat()) for f in participants.employment_followups(db, job.id)]


async def open_followups(app, pilot, pid: int) -> ParticipantScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    screen = ParticipantScreen(pid)
    await app.push_screen(screen)
    await settle(app, pilot)
    await pilot.press("3")
    await pilot.pause()
    assert isinstance(app.focused, VirtualTable) and app.focused.id == "followup-table"
    return screen


@pytest.mark.parametrize("key", ["d", "enter"])
async def test_done_on_an_overdue_visit_opens_the_reminders_dialog(
    db: Database, clock, employed: int, key: str
) -> None:  # type: ignore[no-untyped-def]
    first_id, first_status, _due = statuses(db, employed)[0]
    assert first_status == "planned"
    app = create_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_followups(app, pilot, employed)
        await pilot.press(key)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog) and dialog.action == "done" and dialog.followup_id == first_id
        assert "Erik Berg" in dialog.subject
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        assert statuses(db, employed)[0][1] == "done"
        assert any(m.startswith("Gjord: Erik Berg") for m in messages(app))
        row = screen.query_one("#followup-table", VirtualTable).rows[0]
        assert row.cells[3].startswith("✓ ")


async def test_reschedule_and_skip_from_the_tab(db: Database, clock, employed: int) -> None:  # type: ignore[no-untyped-def]
    rows = statuses(db, employed)
    app = create_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_followups(app, pilot, employed)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog) and app.screen.action == "reschedule"
        app.screen.query_one("#on", Input).value = "+1"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        moved = {f.id: f for f in participants.employment_followups(db, followups.employments(db, employed)[0].id)}
        assert moved[rows[0][0]].due_on == TODAY + timedelta(days=1)
        table = screen.query_one("#followup-table", VirtualTable)
        target = next(r.key for r in table.rows if r.key == rows[1][0])
        table.move_cursor_to_key(target)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog) and app.screen.action == "skip"
        await pilot.press(*"Semester", "enter")
        await settle(app, pilot)
        assert dict((i, s) for i, s, _d in statuses(db, employed))[rows[1][0]] == "skipped"
        assert any(m.startswith("Överhoppad: Erik Berg") for m in messages(app))
        table.move_cursor_to_key(rows[1][0])
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is screen  # a skipped one is not offered again
        assert any("redan" in m for m in messages(app))


async def test_the_cursor_starts_on_the_first_follow_up_still_to_do(db: Database, clock, employed: int) -> None:  # type: ignore[no-untyped-def]
    first_id = statuses(db, employed)[0][0]
    followups.mark_done(db, first_id, TODAY, "", today=TODAY)
    second_id = statuses(db, employed)[1][0]
    app = create_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_followups(app, pilot, employed)
        assert screen.query_one("#followup-table", VirtualTable).cursor_key == second_id
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog) and app.screen.followup_id == second_id
