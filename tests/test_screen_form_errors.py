"""One save shows every problem at once, each beside its field (the fields' own errors and the checks between
fields together); correcting a field clears its error only; nothing is written until all are fixed."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, Select

from coachtui.app import create_app
from coachtui.screens.participant_form import ParticipantForm
from coachtui.store import participants
from coachtui.store.db import Database
from coachtui.store.inputs import EmploymentIn, ExitIn, InputError, ParticipantIn, field_problem, parse
from coachtui.widgets.form import FormField
from conftest import go_to_line, participant_data, settle


def _field(form: ParticipantForm, name: str) -> FormField:
    return form.query_one(f"#field-{name}", FormField)


def _set(form: ParticipantForm, name: str, value: Any) -> None:
    control = _field(form, name).control
    assert isinstance(control, Input | Select)
    control.value = value


async def _new_form(app: Any, pilot: Any) -> ParticipantForm:
    await settle(app, pilot)
    await pilot.press("n")
    await settle(app, pilot)
    form = app.screen
    assert isinstance(form, ParticipantForm)
    for name, value in {"last_name": "Berg", "gender": "woman", "program": "IPS"}.items():
        _set(form, name, value)
    return form


async def test_empty_name_bad_date_and_age_in_one_save_then_fixed_one_by_one(db: Database, clock: Any) -> None:
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        form = await _new_form(app, pilot)
        _set(form, "first_name", "")
        _set(form, "referred_on", "2026-02-30")
        _set(form, "birth_year", "2020")  # 5-6 years old on the enrolment day: the age rule (between fields)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert "måste fyllas i" in _field(form, "first_name").error
        assert "2026-02-30" in _field(form, "referred_on").error
        assert "ger åldern 5-6 år" in _field(form, "birth_year").error
        assert "3 fel" in str(form.query_one("#form-summary").content)
        assert participants.counts(db)["total"] == 0
        # correcting one clears that one only
        _set(form, "referred_on", "2026-02-28")
        await pilot.pause()
        assert _field(form, "referred_on").error == ""
        assert "2 fel" in str(form.query_one("#form-summary").content)  # the count follows
        assert "måste fyllas i" in _field(form, "first_name").error
        assert "ger åldern" in _field(form, "birth_year").error
        # a change that is still wrong keeps an error, saying what is wrong now
        _set(form, "birth_year", "18")
        await pilot.pause()
        assert "minst 1900" in _field(form, "birth_year").error
        _set(form, "birth_year", "1990")
        await pilot.pause()
        assert _field(form, "birth_year").error == ""
        await pilot.press("ctrl+s")  # the first name is still empty: nothing written
        await settle(app, pilot)
        assert app.screen is form and participants.counts(db)["total"] == 0
        assert [f.field for f in form.fields() if f.error] == ["first_name"]
        _set(form, "first_name", "Ebba")
        await pilot.pause()
        assert not any(f.error for f in form.fields())
        assert not form.query_one("#form-summary").has_class("-shown")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is not form
        assert participants.counts(db)["total"] == 1


async def test_out_of_range_birth_year_and_bad_enrolment_date_together(db: Database, clock: Any) -> None:
    app = create_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _new_form(app, pilot)
        _set(form, "first_name", "")
        _set(form, "enrolled_on", "2026-02-30")
        _set(form, "birth_year", "1850")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert {f.field for f in form.fields() if f.error} == {"first_name", "birth_year", "enrolled_on"}
        assert "minst 1900" in _field(form, "birth_year").error
        assert participants.counts(db)["total"] == 0


def test_parse_lists_field_and_cross_field_problems_together() -> None:
    data = participant_data(birth_year=2020, referred_on="2026-02-30", occupation_before_extent=50)
    data.pop("first_name")
    try:
        parse(ParticipantIn, data)
    except InputError as exc:
        found = {p.field: p.message for p in exc.problems}
    else:
        raise AssertionError("accepted")
    assert found == {
        "first_name": "Förnamn: måste fyllas i",
        "referred_on": "Aktualiserad: ogiltigt datum '2026-02-30': skriv ÅÅÅÅ-MM-DD med en dag som finns",
        "birth_year": "Födelseår: ger åldern 5-6 år vid inskrivning (tillåtet 16-67)",
        "occupation_before_extent": "Omfattning före: ska vara 0 när sysselsättningen är ingen",
    }


def test_cross_checks_of_employment_and_exit_with_field_errors() -> None:
    try:
        parse(
            EmploymentIn,
            {"employer": "", "start_on": "2026-05-01", "end_on": "2026-04-01", "subsidised": True, "extent": 50},
        )
    except InputError as exc:
        assert {p.field for p in exc.problems} == {"employer", "end_on"}
    else:
        raise AssertionError("accepted")
    try:
        parse(
            ExitIn,
            {
                "on": "2026-05-01",
                "reason": "nonsense",
                "occupation_after_kind": "none",
                "occupation_after_extent": 50,
                "sus_registered_on": "2026-04-01",
            },
        )
    except InputError as exc:
        assert {p.field for p in exc.problems} == {"reason", "occupation_after_extent", "sus_registered_on"}
    else:
        raise AssertionError("accepted")


def test_field_problem_checks_one_value_alone() -> None:
    assert field_problem(ParticipantIn, "birth_year", "1990") is None
    assert field_problem(ParticipantIn, "birth_year", "18") == "Födelseår: måste vara minst 1900"
    assert field_problem(ParticipantIn, "first_name", "") == "Förnamn: måste fyllas i"
    assert field_problem(ParticipantIn, "referred_on", "") is None  # optional
    assert field_problem(ParticipantIn, "no_such_field", "x") is None


async def test_employment_form_empty_employer_and_start_before_enrolment_in_one_save(db: Database, clock: Any) -> None:
    from coachtui.screens.employment_form import EmploymentForm
    from coachtui.store import followups

    pid = participants.add_participant(db, participant_data())  # enrolled 2026-02-02
    app = create_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        form = EmploymentForm(pid)
        app.push_screen(form)
        await settle(app, pilot)
        form.query_one("#start_on", Input).value = "2026-01-15"
        form.query_one("#end_on", Input).value = "2026-01-01"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        errors = {f.field: f.error for f in form.fields() if f.error}
        assert set(errors) == {"employer", "start_on", "end_on"}
        assert "inskrivningsdagen 2026-02-02" in errors["start_on"]
        assert followups.employments(db, pid) == []


async def test_an_error_line_takes_room_on_the_screen(demo_db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    """The error under a field is drawn, wrapped over as many lines as it needs (not a line of height 0)."""
    app = create_app(demo_db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        go_to_line(app.screen, lambda i: i.overdue_days > 0 and not i.is_sus_exit)
        await pilot.press("space")
        await settle(app, pilot)
        await pilot.press("x", "ctrl+s")
        await settle(app, pilot)
        field = app.screen.query_one("#field-on")
        error = field.query_one(".field-error")
        assert "Förstår inte 'x'" in str(error.render())
        assert error.region.height >= 2  # the message wraps under the control, beside the 38-column label
        assert field.region.height == 1 + error.region.height
