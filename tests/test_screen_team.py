"""The Team screen against a real PostgreSQL hub (tests/pg_cluster.py), driven with Pilot: the palette entry,
the address saved as a setting, a push in a worker with its progress and result, what changed since, and one
clear line when the hub cannot be reached (nothing changed)."""

from __future__ import annotations

import io

from textual.widgets import Input, Static

from coachtui.app import CoachApp, create_app
from coachtui.cli import main
from coachtui.clock import fixed_clock
from coachtui.screens.team import TeamScreen
from coachtui.store import settings
from coachtui.store.db import Database
from conftest import NOW, TODAY, messages, settle
from pg_cluster import COACHES, Hub, free_port

SIZE = (100, 30)


def prepare(hub: Hub) -> None:
    for args in (
        ["hub", "init", "--url", hub.url()],
        ["hub", "add-coach", "--url", hub.url(), "--coach", "c1", "--login", COACHES[0]],
    ):
        assert main(args, out=io.StringIO(), err=io.StringIO()) == 0


def text(app: CoachApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_team(app: CoachApp, pilot) -> TeamScreen:  # type: ignore[no-untyped-def]
    titles = [c.title for c in app.get_system_commands(app.screen)]
    assert "Team" in titles
    app.action_team()
    await settle(app, pilot)
    assert isinstance(app.screen, TeamScreen)
    return app.screen


async def test_push_from_the_team_screen_then_what_changed_since(hub: Hub, demo_db: Database) -> None:
    prepare(hub)
    app = create_app(demo_db, fixed_clock(TODAY))
    async with app.run_test(size=SIZE) as pilot:
        await open_team(app, pilot)
        assert "Ingen hubb angiven" in text(app, "#status") and "Aldrig skickat. 25 deltagare" in text(app, "#status")
        url = app.screen.query_one("#url", Input)
        url.value = hub.url(COACHES[0])
        url.focus()
        await pilot.press("enter")  # saves the address
        await settle(app, pilot)
        assert settings.get(demo_db, "hub_url") == hub.url(COACHES[0])
        assert "Hubbens adress är sparad." in messages(app)
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert "✓ Skickat: 25 deltagare (25 nya, 0 borttagna)." in text(app, "#progress")
        assert "25 deltagare." in text(app, "#status") and "Inget har ändrats" in text(app, "#status")
    assert hub.count("participant", "coach_key = 'c1'") == 25
    # a change in the file shows on the screen as "changed since"
    with demo_db.write() as conn:
        conn.execute("UPDATE participant SET birth_year = birth_year + 1 WHERE id IN (1, 2)")
    from coachtui.store.erase import erase_participant

    erase_participant(demo_db, 3, now=NOW)
    app = create_app(demo_db, fixed_clock(TODAY))
    async with app.run_test(size=SIZE) as pilot:
        await open_team(app, pilot)
        assert "0 nya, 2 ändrade, 1 raderade" in text(app, "#status")
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert "24 deltagare (0 nya, 1 borttagna)" in text(app, "#progress")
    assert hub.count("participant", "coach_key = 'c1'") == 24


async def test_a_hub_that_cannot_be_reached_says_so_and_nothing_changes(hub: Hub, demo_db: Database) -> None:
    prepare(hub)
    down = f"postgresql://{COACHES[0]}@127.0.0.1:{free_port()}/nowhere"
    app = create_app(demo_db, fixed_clock(TODAY))
    async with app.run_test(size=SIZE) as pilot:
        await open_team(app, pilot)
        app.screen.query_one("#url", Input).value = down
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        line = text(app, "#progress")
        assert line.startswith("✗ Hubben går inte att nå") and line.endswith("Inget ändrades.")
        assert any("går inte att nå" in m for m in messages(app))
        app.screen.query_one("#url", Input).value = "postgresql://anna:hemligt@server/team"
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert "Lösenordet får inte stå i adressen" in text(app, "#progress")
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, TeamScreen)
    assert settings.get(demo_db, "hub_url") == "" and settings.get(demo_db, "hub_last_push") == ""
    assert demo_db.read().execute("SELECT count(*) FROM participant WHERE pseudonym IS NOT NULL").fetchone()[0] == 0
