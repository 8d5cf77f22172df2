"""The app shell: help, the views' keys, palette entries, and erasing from the participant screen."""

from __future__ import annotations

import pytest
from textual.widgets import Markdown

from coachtui.app import create_app
from coachtui.clock import Clock
from coachtui.store import participants
from coachtui.store.db import Database


async def test_f1_and_question_mark_show_the_help_of_the_current_view(demo_db: Database, clock: Clock) -> None:
    app = create_app(demo_db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        text = app.screen.query_one(Markdown).source
        assert "Överallt" in text and "ny deltagare" in text  # global keys and the caseload's own
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "CaseloadScreen"
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


async def test_function_keys_switch_between_the_views(demo_db: Database, clock: Clock) -> None:
    app = create_app(demo_db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        for key, screen in (
            ("f3", "RemindersScreen"),
            ("f4", "ExportsScreen"),
            ("f5", "ReportScreen"),
            ("f2", "CaseloadScreen"),
        ):
            await pilot.press(key)
            await pilot.pause()
            await app.workers.wait_for_complete()
            assert type(app.screen).__name__ == screen


async def test_palette_has_every_view_import_and_gallring(demo_db: Database, clock: Clock) -> None:
    app = create_app(demo_db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in ("Deltagare", "Påminnelser", "Export", "Rapport", "Importera", "Gallring", "Hjälp"):
            assert title in titles
        app.action_import()
        await pilot.pause()
        assert type(app.screen).__name__ == "ImportDialog"
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "CaseloadScreen"
        app.action_retention()
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert type(app.screen).__name__ == "RetentionScreen"


async def test_erase_from_the_participant_screen_needs_the_initials(demo_db: Database, clock: Clock) -> None:
    from coachtui.screens.participant import ParticipantScreen

    row = participants.caseload(demo_db, today=clock())[0]
    app = create_app(demo_db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        app.push_screen(ParticipantScreen(row.id))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("X")
        await pilot.pause()
        assert type(app.screen).__name__ == "EraseDialog"
        await pilot.press("z", "z", "enter")
        await pilot.pause()
        assert "stämmer inte" in str(app.screen.query_one("#problem").render())
        assert participants.counts(demo_db)["total"] == 25
        for _ in range(2):
            await pilot.press("backspace")
        await pilot.press(*row.first_name[0].lower(), *row.last_name[0].lower(), "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert type(app.screen).__name__ == "CaseloadScreen"
        assert participants.counts(demo_db)["total"] == 24
        assert row.id not in {r.id for r in participants.caseload(demo_db, today=clock(), include_exited=True)}


async def test_an_unexpected_error_shows_one_line_and_no_personal_data(
    demo_db: Database, clock: Clock, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Textual's own crash report prints local variables (names, notes); coachtui's prints one line."""
    monkeypatch.delenv("COACHTUI_DEBUG", raising=False)
    secret = "Zlatana Unikesson"
    app = create_app(demo_db, clock)

    def boom(name: str = secret) -> None:
        raise RuntimeError(f"boom {len(name)}")

    with pytest.raises(RuntimeError):  # run_test hands the error on to the test
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            app.call_later(boom)
            await pilot.pause()
    shown = capsys.readouterr().err
    assert "coachtui: ett oväntat fel (RuntimeError)" in shown and "COACHTUI_DEBUG" in shown
    assert secret not in shown and "Traceback" not in shown
    assert app.return_code == 1


async def test_f2_shows_the_caseload_not_the_participant_last_opened(demo_db: Database, clock: Clock) -> None:
    from coachtui.screens.participant import ParticipantScreen

    app = create_app(demo_db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        row = participants.caseload(demo_db, today=clock())[0]
        app.push_screen(ParticipantScreen(row.id))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("f3")
        await pilot.pause()
        assert type(app.screen).__name__ == "RemindersScreen"
        await pilot.press("f2")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert type(app.screen).__name__ == "CaseloadScreen"
        await pilot.press("f2")
        await pilot.pause()
        assert type(app.screen).__name__ == "CaseloadScreen"
        app.push_screen(ParticipantScreen(row.id))
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert type(app.screen).__name__ == "ReportScreen"
        await pilot.press("f2")
        await pilot.pause()
        assert type(app.screen).__name__ == "CaseloadScreen"


async def test_escape_on_report_goes_back_to_the_view_it_came_from(demo_db: Database, clock: Clock) -> None:
    app = create_app(demo_db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("f3", "f5")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert type(app.screen).__name__ == "ReportScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "RemindersScreen"
        await pilot.press("f5")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "RemindersScreen"


async def test_help_tells_what_f2_and_escape_on_report_do(demo_db: Database, clock: Clock) -> None:
    app = create_app(demo_db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("f5")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("f1")
        await pilot.pause()
        text = app.screen.query_one(Markdown).source
        assert "**F2** visar alltid deltagarlistan" in text and "*i förrgår*" in text
        assert "**escape**: tillbaka till vyn du kom från." in text
