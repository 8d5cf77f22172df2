"""Personnummer in the app: the palette setting, the form field (only when on), the masked header.

Only the test person 19121212-1212 ("Tolvan Tolvansson", Skatteverket's example) is used; born 1912, so the
participant is enrolled in 1950 (the input rules want an age of 16-67 at enrolment).
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Select

from coachtui.app import CoachApp, create_app
from coachtui.screens.caseload import CaseloadScreen
from coachtui.screens.confirm import ConfirmScreen
from coachtui.screens.participant import ParticipantScreen
from coachtui.screens.participant_form import ParticipantForm
from coachtui.store import participants, settings
from coachtui.store.db import Database
from coachtui.widgets.form import FormField
from conftest import run_from_palette, settle

FULL = ("19121212-1212", "191212121212", "121212-1212")


def field(form: ParticipantForm, name: str) -> FormField:
    return form.query_one(f"#field-{name}", FormField)


def fill(form: ParticipantForm, values: dict[str, Any]) -> None:
    for name, value in values.items():
        control = field(form, name).control
        if isinstance(control, Input):
            control.value = str(value)
        elif isinstance(control, Select):
            control.value = value


async def palette(app: CoachApp, pilot: Pilot[None], text: str) -> None:
    await run_from_palette(app, pilot, text)
    await settle(app, pilot)


async def test_setting_form_and_masked_header(db: Database, clock: Any) -> None:
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        # off by default: the form has no personnummer field
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, ParticipantForm)
        assert not app.screen.query("#field-personnummer")
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, CaseloadScreen)

        # turn it on from the palette, after a question
        await palette(app, pilot, "spara personnummer")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Börja spara dem?" in str(app.screen.query_one("#question").content)
        await pilot.press("j")
        await settle(app, pilot)
        assert settings.get(db, "store_personnummer") == "1"

        # the form now has the field, right after the birth year
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, ParticipantForm)
        names = [f.field for f in form.fields()]
        assert names[names.index("birth_year") + 1] == "personnummer"
        assert not form.dirty
        fill(
            form,
            {
                "first_name": "Tolvan",
                "last_name": "Tolvansson",
                "birth_year": 1912,
                "gender": "man",
                "program": "SE",
                "enrolled_on": "1950-03-01",
                "personnummer": "19121212-1213",
            },
        )
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert "fel kontrollsiffra" in field(form, "personnummer").error
        assert form.focused is field(form, "personnummer").control
        assert participants.counts(db)["total"] == 0
        fill(form, {"personnummer": "121212-1212"})  # 10 digits: the century from the enrolment date
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, CaseloadScreen)
        (row,) = participants.caseload(db, today=app.today())
        assert participants.participant(db, row.id).values["personnummer"] == "191212121212"

        # the participant screen shows it masked, never in full
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ParticipantScreen)
        head = str(screen.query_one("#head").render())
        assert "Tolvan Tolvansson · 19121212-**** · SE" in head
        shot = app.export_screenshot()
        assert "19121212-****" in shot
        assert not any(full in shot for full in FULL)

        # editing shows it masked too; saving without touching it keeps it
        app.push_screen(ParticipantForm(row.id))
        await settle(app, pilot)
        edit = app.screen
        assert isinstance(edit, ParticipantForm)
        assert field(edit, "personnummer").control.value == "19121212-****"  # type: ignore[attr-defined]
        assert not any(full in app.export_screenshot() for full in FULL)
        fill(edit, {"first_name": "Tolle"})
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        values = participants.participant(db, row.id).values
        assert (values["first_name"], values["personnummer"]) == ("Tolle", "191212121212")


async def test_turning_off_asks_and_clears(db: Database, clock: Any) -> None:
    participants.set_stores_personnummer(db, True)
    participants.add_participant(
        db,
        {
            "first_name": "Tolvan",
            "last_name": "Tolvansson",
            "birth_year": 1912,
            "gender": "man",
            "municipality": "Gislaved",
            "program": "SE",
            "enrolled_on": "1950-03-01",
            "sus_consent": True,
            "personnummer": "19121212-1212",
        },
    )
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        screen.action_personnummer_setting()
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "De 1 som redan är sparade raderas." in str(app.screen.query_one("#question").content)
        await pilot.press("n")  # no: nothing changes
        await settle(app, pilot)
        assert participants.personnummer_count(db) == 1
        screen.action_personnummer_setting()
        await settle(app, pilot)
        await pilot.press("j")
        await settle(app, pilot)
        assert participants.personnummer_count(db) == 0
        assert not participants.stores_personnummer(db)
