"""The week view (v in the reminders): the coming seven days day by day."""

from __future__ import annotations

from datetime import timedelta

from coachtui.app import create_app
from coachtui.screens.participant import ParticipantScreen
from coachtui.screens.reminders import RemindersScreen
from coachtui.screens.week import DAY, WeekScreen
from coachtui.store import followups
from coachtui.store.db import Database
from coachtui.widgets.table import VirtualTable
from conftest import TODAY, settle


async def test_v_shows_the_coming_seven_days_and_enter_opens_the_participant(demo_db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    expected = [i for i in followups.agenda(demo_db, TODAY, 6) if TODAY <= i.due_on <= TODAY + timedelta(days=6)]
    assert expected  # the demo has something this week
    app = create_app(demo_db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        assert isinstance(app.screen, RemindersScreen)
        await pilot.press("v")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, WeekScreen)
        rows = screen.query_one(VirtualTable).rows
        headings = [str(r.key) for r in rows if str(r.key).startswith(DAY)]
        assert headings == [DAY + (TODAY + timedelta(days=n)).isoformat() for n in range(7)]
        assert rows[0].cells[0] == f"mån {TODAY.isoformat()} ({sum(i.due_on == TODAY for i in expected)})"
        shown = {str(r.key) for r in rows if str(r.key) in screen.items}
        assert shown == {i.key for i in expected}
        for item in expected:  # under its own day
            keys = [str(r.key) for r in rows]
            heading = keys.index(DAY + item.due_on.isoformat())
            after = keys[heading + 1 :]
            end = next((n for n, k in enumerate(after) if k.startswith(DAY)), len(after))
            assert item.key in after[:end]
        table = screen.query_one(VirtualTable)
        first = min(expected, key=lambda i: (i.due_on, i.kind, i.name))
        assert table.cursor_key == first.key  # the cursor starts on the first line, not a heading
        table.move_cursor_to_key(expected[0].key)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ParticipantScreen) and app.screen.participant_id == expected[0].participant_id
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, RemindersScreen)
