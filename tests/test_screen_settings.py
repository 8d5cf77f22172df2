"""The team settings form ("Inställningar: team"), driven with Pilot: opened from the palette, per-field errors
with nothing written, saved values read by the reminders and the report, escape with changes asks."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from coachtui.app import CoachApp, create_app
from coachtui.screens.confirm import ConfirmScreen
from coachtui.screens.help import HelpScreen
from coachtui.screens.lock import IdleLock
from coachtui.screens.reminders import RemindersScreen
from coachtui.screens.report import ReportScreen
from coachtui.screens.settings_form import SettingsForm, change_text, form_text
from coachtui.store import settings
from coachtui.store.db import Database
from coachtui.widgets.form import FormField
from conftest import run_from_palette, settle

SIZE = (100, 30)
FIELDS = ("sus_delay_months", "target_participants_per_year", "target_share_percent", "lock_minutes")


async def open_form(app: CoachApp, pilot: Pilot[None]) -> SettingsForm:
    await run_from_palette(app, pilot, "r: team")
    await settle(app, pilot)
    form = app.screen
    assert isinstance(form, SettingsForm)
    return form


async def open_quickly(app: CoachApp, pilot: Pilot[None]) -> SettingsForm:
    """What the palette entry runs (``open_form`` goes through the palette; typing in it takes a while)."""
    app.action_team_settings()
    await settle(app, pilot)
    form = app.screen
    assert isinstance(form, SettingsForm)
    return form


def field(form: SettingsForm, name: str) -> FormField:
    return form.query_one(f"#field-{name}", FormField)


def shown(form: SettingsForm) -> dict[str, str]:
    return {name: form.query_one(f"#{name}", Input).value for name in FIELDS}


def fill(form: SettingsForm, values: dict[str, str]) -> None:
    for name, value in values.items():
        form.query_one(f"#{name}", Input).value = value


def stored(db: Database) -> dict[str, str]:
    """The team settings stored in the file (the demo file has a marker setting of its own)."""
    rows = db.read().execute("SELECT key, value FROM setting").fetchall()
    return {str(k): str(v) for k, v in rows if k in settings.TEAM_KEYS}


def audit_count(db: Database) -> int:
    return int(db.read().execute("SELECT count(*) FROM audit").fetchone()[0])


def messages(app: CoachApp) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def test_bad_values_show_an_error_under_each_field_and_write_nothing(db: Database, clock: Any) -> None:
    before = audit_count(db)
    app = create_app(db, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        form = await open_form(app, pilot)
        assert shown(form) == {
            "sus_delay_months": "3",
            "target_participants_per_year": "28",
            "target_share_percent": "50",
            "lock_minutes": "5",
        }
        assert "0-12" in str(field(form, "sus_delay_months").query_one(".field-hint", Static).content)
        fill(
            form,
            {
                "sus_delay_months": "13",
                "target_participants_per_year": "",
                "target_share_percent": "150",
                "lock_minutes": "2,5",  # good: nothing of the four is written all the same
            },
        )
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert field(form, "sus_delay_months").error == "✗ SUS-fördröjning (månader): får vara högst 12"
        assert field(form, "target_participants_per_year").error == "✗ Mål deltagare per år: måste fyllas i"
        assert field(form, "target_share_percent").error == (
            "✗ Mål andel till arbete eller studier (%): får vara högst 100"
        )
        assert field(form, "lock_minutes").error == ""
        assert "3 fel: inget är sparat" in str(form.query_one("#form-summary", Static).content)
        assert app.focused is form.query_one("#sus_delay_months", Input)  # the first bad field
        assert stored(db) == {}
        assert audit_count(db) == before

        # corrected: saved, and the form closes telling what changed
        fill(form, {"sus_delay_months": "6", "target_participants_per_year": "28", "target_share_percent": "50"})
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, SettingsForm)
        assert stored(db) == {"sus_delay_months": "6", "lock_minutes": "2.5"}
        assert audit_count(db) == before + 1
        assert "Inställningarna är sparade: SUS-fördröjning (månader) 3 → 6\nLåsning 5 min → 2,5 min" in messages(app)


async def test_saved_values_move_the_sus_reminders_and_the_report_targets(demo_db: Database, clock: Any) -> None:
    app = create_app(demo_db, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        reminders = app.screen
        assert isinstance(reminders, RemindersScreen)

        def sus_lines() -> dict[str, str]:
            return {i.name: i.due_on.isoformat() for i in reminders.items.values() if i.is_sus_exit}

        assert sus_lines() == {"Anna A.": "2026-10-24", "Johan V.": "2026-11-13"}  # 3 months after work

        form = await open_form(app, pilot)
        sus = form.query_one("#sus_delay_months", Input)
        sus.focus()
        await pilot.press("end", "backspace", "4")  # typed as a coach would
        fill(form, {"target_participants_per_year": "30", "target_share_percent": "37,5 %", "lock_minutes": "0"})
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is reminders
        assert stored(demo_db) == {
            "sus_delay_months": "4",
            "target_participants_per_year": "30",
            "target_share_work_or_studies": "0.375",
            "lock_minutes": "0",
        }
        [saved] = [m for m in messages(app) if m.startswith("Inställningarna är sparade")]
        assert saved.splitlines() == [
            "Inställningarna är sparade: SUS-fördröjning (månader) 3 → 4",
            "Mål deltagare per år 28 → 30",
            "Mål andel till arbete eller studier 50 % → 37,5 %",
            "Låsning 5 min → aldrig",
        ]
        # the reminders reloaded with the new delay: Anna's SUS registration is a month later, Johan's not
        assert sus_lines() == {"Anna A.": "2026-11-24", "Johan V.": "2026-11-13"}

        await pilot.press("f5")
        await settle(app, pilot)
        report = app.screen
        assert isinstance(report, ReportScreen)
        text = "\n".join(str(s.content) for s in report.query(".report-table").results(Static))
        lines = {line.split("  ")[0].strip(): line.split()[-1] for line in text.splitlines() if line.strip()}
        assert lines["Mål deltagare per år"] == "30"
        assert lines["Mål andel till arbete eller studier (%)"] == "37,5"

        # reopened, the form shows the stored values (the share in per cent)
        form = await open_quickly(app, pilot)
        assert shown(form) == {
            "sus_delay_months": "4",
            "target_participants_per_year": "30",
            "target_share_percent": "37,5",
            "lock_minutes": "0",
        }


async def test_escape_with_changes_asks_and_without_changes_closes(db: Database, clock: Any) -> None:
    app = create_app(db, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        form = await open_quickly(app, pilot)
        await pilot.press("escape")  # nothing changed: closes at once
        await settle(app, pilot)
        assert not isinstance(app.screen, (SettingsForm, ConfirmScreen))

        form = await open_quickly(app, pilot)
        app.action_team_settings()  # from the palette again: not a second form on top
        await pilot.pause()
        assert app.screen is form
        fill(form, {"target_participants_per_year": "40"})
        await pilot.press("f1")  # the form's own help (a modal screen hides the app's keys)
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "SUS-fördröjning (månader)" in app.screen.view_help
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is form
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        await settle(app, pilot)
        assert app.screen is form
        assert shown(form)["target_participants_per_year"] == "40"
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("j")  # throw the change away
        await settle(app, pilot)
        assert not isinstance(app.screen, (SettingsForm, ConfirmScreen))
        assert settings.get(db, "target_participants_per_year") == "28"
        assert stored(db) == {}


async def test_saving_unchanged_values_writes_nothing_and_a_new_lock_time_applies_at_once(
    db: Database, clock: Any
) -> None:
    before = audit_count(db)
    app = create_app(db, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        form = await open_quickly(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Inställningar: team: Inget ändrades." in messages(app)
        assert audit_count(db) == before

        app.idle_lock = IdleLock(app, 300)  # as on an encrypted file (the lock itself: test_screen_lock.py)
        form = await open_quickly(app, pilot)
        fill(form, {"lock_minutes": "1.5"})
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.idle_lock.seconds == 90
        assert stored(db) == {"lock_minutes": "1.5"}


def test_stored_texts_in_the_form_and_in_the_notification() -> None:
    assert form_text("target_share_work_or_studies", "0.375") == "37,5"
    assert form_text("lock_minutes", "1,5") == "1,5"  # lock.py reads a comma too
    assert form_text("sus_delay_months", "tre") == "3"  # unreadable (a hand-edited file): the default
    assert form_text("lock_minutes", "nan") == "5"
    assert change_text("lock_minutes", "0", "2.5") == "Låsning aldrig → 2,5 min"
    assert change_text("sus_delay_months", "tre", "4") == "SUS-fördröjning (månader) tre → 4"


async def test_the_team_hub_is_reached_from_the_form_and_its_address_comes_back_shown(db: Database, clock: Any) -> None:
    from coachtui.screens.team import TeamScreen

    app = create_app(db, clock)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_quickly(app, pilot)
        assert str(form.query_one("#hub-line", Static).render()) == "Teamets hubb: ingen adress angiven."
        assert "Team" in {title for title, _desc, _run in form.palette_commands()}
        form.query_one("#sus_delay_months", Input).value = "4"  # typed, not saved yet
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        team = app.screen
        assert isinstance(team, TeamScreen)
        url = team.query_one("#url", Input)
        url.value = "postgresql://anna:hemligt@server.kommun.se/team"  # a password in it: refused, not kept
        url.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert settings.get(db, "hub_url") == ""
        assert any("Lösenordet får inte stå i adressen" in m for m in messages(app))
        url.value = "postgresql://anna@server.kommun.se/team"
        await pilot.press("enter")
        await settle(app, pilot)
        assert settings.get(db, "hub_url") == "postgresql://anna@server.kommun.se/team"
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is form  # back in the form, with what was typed
        assert form.query_one("#sus_delay_months", Input).value == "4"
        line = str(form.query_one("#hub-line", Static).render())
        assert line == "Teamets hubb: postgresql://anna@server.kommun.se/team"
        form.query_one("#open-team").press()  # the button opens it too
        await settle(app, pilot)
        assert isinstance(app.screen, TeamScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is form
        await pilot.press("ctrl+s")  # the form's own values still save as before
        await settle(app, pilot)
        assert settings.get(db, "sus_delay_months") == "4"
        assert settings.get(db, "hub_url") == "postgresql://anna@server.kommun.se/team"
