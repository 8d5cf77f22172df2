"""Textual's own texts in the app's language: the command palette and the system commands."""

from __future__ import annotations

from textual.command import CommandInput, CommandList

from coachtui.app import create_app
from coachtui.clock import Clock
from coachtui.store.db import Database
from coachtui.widgets.commands import CoachCommandPalette

TEXTUAL_ENGLISH = ("Theme", "Quit", "Keys", "Maximize", "Minimize", "Screenshot")


async def test_the_palette_speaks_swedish(demo_db: Database, clock: Clock) -> None:
    app = create_app(demo_db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CoachCommandPalette)
        assert palette.query_one(CommandInput).placeholder == "Sök bland kommandon …"
        await pilot.press(*"qqxzy")
        options: list[str] = []
        for _attempt in range(200):  # until the palette has shown its "no matches" line (a 0.5 s timer)
            await pilot.pause(0.01)
            command_list = palette.query_one(CommandList)
            options = [str(command_list.get_option_at_index(i).prompt) for i in range(command_list.option_count)]
            if any("Inga träffar" in o or "No matches" in o for o in options):
                break
        assert any("Inga träffar" in o for o in options), options
        assert not any("No matches" in o for o in options)


async def test_system_commands_leave_out_textuals_english_ones(demo_db: Database, clock: Clock) -> None:
    app = create_app(demo_db, clock)
    async with app.run_test(size=(100, 30)):
        await app.workers.wait_for_complete()
        commands = list(app.get_system_commands(app.screen))
        titles = [c.title for c in commands]
        assert not set(titles) & set(TEXTUAL_ENGLISH)
        assert "Avsluta" in titles and "Deltagare" in titles
        assert all("application" not in c.help for c in commands)


def test_caseload_headers_fit_their_columns_in_both_languages() -> None:
    from coachtui.i18n import set_language
    from coachtui.screens.caseload import columns

    try:
        for lang in ("sv", "en"):
            set_language(lang)
            for wide in (True, False):
                for column in columns(False, wide=wide):
                    assert column.width == 0 or len(column.label) <= column.width, (lang, column.label)
    finally:
        set_language("sv")
