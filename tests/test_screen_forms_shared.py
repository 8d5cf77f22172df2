"""What the forms share: employer suggestions from the register, one checkbox look."""

from __future__ import annotations

from textual.widgets import Checkbox

from coachtui.app import create_app
from coachtui.screens.contact_form import ContactForm
from coachtui.screens.employment_form import EmploymentForm
from coachtui.store import followups, participants
from coachtui.store.db import Database
from coachtui.widgets.form import EmployerInput, MarkedCheckbox
from conftest import TODAY, participant_data, settle


async def test_the_employment_form_suggests_employers_from_the_register(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    other = participants.add_participant(db, participant_data(first_name="Bo"))
    followups.add_employment(
        db, other, {"employer": "ICA Nära Torget", "start_on": "2026-10-05", "subsidised": False, "extent": 75}
    )
    pid = participants.add_participant(db, participant_data())
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        form = EmploymentForm(pid)
        results: list[object] = []
        app.push_screen(form, results.append)
        await settle(app, pilot)
        employer = form.query_one("#employer", EmployerInput)
        assert app.focused is employer
        await pilot.press(*"ica")
        await settle(app, pilot)
        await pilot.press("right")  # takes the suggestion
        await pilot.pause()
        assert employer.value == "ICA Nära Torget"
        form.query_one("#start_on").value = TODAY.isoformat()  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert results and results[0] is not None
    assert participants.employer_names(db) == ["ICA Nära Torget"]  # no second employer


async def test_one_checkbox_look_across_forms(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    pid = participants.add_participant(db, participant_data())
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        from coachtui.screens.participant_form import ParticipantForm

        for form in (EmploymentForm(pid), ParticipantForm(pid)):
            app.push_screen(form)
            await settle(app, pilot)
            boxes = list(form.query(Checkbox))
            assert boxes and all(isinstance(b, MarkedCheckbox) for b in boxes), type(form).__name__
            ticked = [b for b in boxes if b.value]
            assert all("✓" in str(b._button) for b in ticked)
            assert all("X" not in str(b._button) for b in boxes)
            form.dismiss(None)
            await settle(app, pilot)


async def test_the_contact_form_uses_the_same_employer_input(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    pid = participants.add_participant(db, participant_data())
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        form = ContactForm(pid, default_on=TODAY, employers=["ICA Nära Torget"])
        app.push_screen(form)
        await settle(app, pilot)
        await pilot.press(*"ICA", "right")
        await pilot.pause()
        assert form.query_one("#employer", EmployerInput).value == "ICA Nära Torget"


async def test_enter_saves_the_welcome_form_and_a_corrected_field_loses_its_error(tmp_path, clock) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import Input

    from coachtui.screens.first_start import FirstStartScreen
    from coachtui.widgets.form import FormField
    from conftest import NOW

    db = Database(tmp_path / "empty.sqlite3")
    db.open(now=NOW)
    app = create_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FirstStartScreen)
        form.query_one("#name", Input).focus()
        await pilot.press("enter")  # empty name and municipality: both marked, nothing saved
        await settle(app, pilot)
        name, municipality = form.query_one("#field-name", FormField), form.query_one("#field-municipality", FormField)
        assert name.error and municipality.error
        assert participants.coach(db) is None
        await pilot.press(*"Kim Coach")  # correcting the name clears its error, the other one stays
        await pilot.pause()
        assert not name.error and municipality.error
        assert "fel" in str(form.query_one("#form-summary").render())
        municipality.control.focus()
        await pilot.press(*"Eksjö")
        await pilot.pause()
        assert not municipality.error
        assert str(form.query_one("#form-summary").render()).strip() == ""
        await pilot.press("enter")
        await settle(app, pilot)
        saved = participants.coach(db)
        assert saved is not None and (saved.name, saved.municipality) == ("Kim Coach", "Eksjö")
    db.close()
