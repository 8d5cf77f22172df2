"""The participant form (new and edit), the coach form and their helpers."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, Select

from coachtui.app import create_app
from coachtui.screens.caseload import CaseloadScreen
from coachtui.screens.coach_form import CoachForm, coach_data, format_fte, parse_fte
from coachtui.screens.confirm import ConfirmScreen
from coachtui.screens.participant_form import ParticipantForm
from coachtui.screens.participant_form import participant_data as form_data
from coachtui.store import participants
from coachtui.store.db import Database
from coachtui.store.inputs import InputError
from coachtui.widgets.form import FormField, MarkedCheckbox, MarkedSelectionList
from conftest import TODAY, participant_data, settle


@pytest.mark.parametrize(
    ("text", "fte"),
    [
        ("100 %", 1.0),
        ("100", 1.0),
        ("1", 1.0),
        ("40", 0.4),
        ("40 %", 0.4),
        ("40%", 0.4),
        ("0,4", 0.4),
        ("0.4", 0.4),
        (" 37,5 % ", 0.375),
        ("10", 0.1),
    ],
)
def test_parse_fte_accepts_what_coaches_write(text: str, fte: float) -> None:
    assert parse_fte(text) == fte


@pytest.mark.parametrize("text", ["", "0", "0 %", "-40", "150 %", "fyrtio", "nan", "inf", "101"])
def test_parse_fte_refuses_the_rest(text: str) -> None:
    assert parse_fte(text) is None


def test_format_fte() -> None:
    assert [format_fte(v) for v in (1.0, 0.4, 0.375)] == ["100 %", "40 %", "37,5 %"]


def test_coach_data_lists_every_problem() -> None:
    with pytest.raises(InputError) as caught:
        coach_data({"name": " ", "municipality": "Eksjö", "fte": "mycket"})
    assert {p.field for p in caught.value.problems} == {"name", "fte"}
    assert coach_data({"name": "Kim", "municipality": "Eksjö", "fte": "0,5"})["fte"] == 0.5


def test_form_data_leaves_blanks_out_and_optional_dates_empty() -> None:
    data = form_data({"first_name": "", "gender": None, "referred_on": "", "support_since": "", "birth_year": "1990"})
    assert data == {"referred_on": None, "support_since": None, "birth_year": "1990"}


def _field(form: ParticipantForm, name: str) -> FormField:
    return form.query_one(f"#field-{name}", FormField)


def _fill(form: ParticipantForm, values: dict[str, Any]) -> None:
    for name, value in values.items():
        control = _field(form, name).control
        if isinstance(control, Input):
            control.value = str(value)
        elif isinstance(control, Select):
            control.value = value
        elif isinstance(control, MarkedCheckbox):
            control.value = bool(value)
        elif isinstance(control, MarkedSelectionList):
            control.deselect_all()
            for item in value:
                control.select(item)


def _count(db: Database) -> int:
    return participants.counts(db)["total"]


async def test_new_participant_invalid_then_valid(db: Database, clock: Any) -> None:
    app = create_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, ParticipantForm)
        # defaults: the coach's municipality, enrolled today
        assert _field(form, "municipality").control.value == "Gislaved"  # type: ignore[attr-defined]
        assert _field(form, "enrolled_on").control.value == TODAY.isoformat()  # type: ignore[attr-defined]
        # an empty first name typed as nothing, an impossible date, the rest filled by keys where easy
        await pilot.press(*"Andersson")  # goes into the focused first-name field
        assert form.focused is _field(form, "first_name").control
        _field(form, "first_name").control.value = ""  # type: ignore[attr-defined]
        _fill(
            form,
            {
                "last_name": "Berg",
                "birth_year": 1990,
                "gender": "woman",
                "program": "IPS",
                "enrolled_on": "2026-02-30",
                "support_before": ["social_assistance", "activity_support"],
            },
        )
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert "måste fyllas i" in _field(form, "first_name").error or "tomt" in _field(form, "first_name").error
        assert "2026-02-30" in _field(form, "enrolled_on").error
        assert _field(form, "last_name").error == ""
        assert form.focused is _field(form, "first_name").control  # the first bad field
        assert "inget är sparat" in str(form.query_one("#form-summary").content)
        assert _count(db) == 0
        # fix both: saved, back on the list, visible and highlighted
        _fill(form, {"first_name": "Ebba", "enrolled_on": "2026-02-28", "sus_consent": True})
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        assert _count(db) == 1
        row = participants.caseload(db, today=TODAY)[0]
        assert (row.name, row.program, row.municipality, row.step) == ("Ebba Berg", "IPS", "Gislaved", 1)
        detail = participants.participant(db, row.id)
        assert detail.values["support_before"] == ["social_assistance", "activity_support"]
        assert detail.values["sus_consent"] is True
        assert [r.cells[0] for r in screen.table.rows] == ["Ebba Berg"]
        assert screen.table.cursor_key == row.id


async def test_escape_without_changes_closes_and_with_changes_asks(db: Database, clock: Any) -> None:
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CaseloadScreen)
        await pilot.press("n")
        await settle(app, pilot)
        await pilot.press(*"Ebba")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # no: back to the form, text kept
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ParticipantForm)
        assert _field(form, "first_name").control.value == "Ebba"  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("j")
        await settle(app, pilot)
        assert isinstance(app.screen, CaseloadScreen)
        assert _count(db) == 0


async def test_edit_participant_shows_stored_values_and_validates(db: Database, clock: Any) -> None:
    pid = participants.add_participant(db, participant_data())
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        results: list[int | None] = []
        app.push_screen(ParticipantForm(pid), results.append)
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, ParticipantForm)
        assert str(form.query_one("#form-title").content) == "Ändra deltagare"
        stored = participant_data()
        assert _field(form, "first_name").control.value == stored["first_name"]  # type: ignore[attr-defined]
        assert _field(form, "referred_on").control.value == stored["referred_on"]  # type: ignore[attr-defined]
        assert _field(form, "gender").control.value == "woman"  # type: ignore[attr-defined]
        assert _field(form, "support_before").control.selected == ["social_assistance"]  # type: ignore[attr-defined]
        assert not form.dirty
        _fill(form, {"birth_year": 1890, "last_name": "Ek"})
        assert form.dirty
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Födelseår" in _field(form, "birth_year").error
        assert participants.participant(db, pid).values["last_name"] == "Andersson"  # nothing saved
        _fill(form, {"birth_year": 1991, "occupation_before_kind": "studies", "occupation_before_extent": 50})
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert results == [pid]
        values = participants.participant(db, pid).values
        assert (values["last_name"], values["birth_year"], values["occupation_before_kind"]) == ("Ek", 1991, "studies")
        assert values["occupation_before_extent"] == 50


async def test_cross_field_problem_lands_on_its_field(db: Database, clock: Any) -> None:
    pid = participants.add_participant(db, participant_data())
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(ParticipantForm(pid))
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, ParticipantForm)
        _fill(form, {"referred_on": "2026-03-01"})  # after the enrolment (2026-02-02)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "inskrivningsdagen" in _field(form, "referred_on").error
        assert form.focused is _field(form, "referred_on").control
        assert participants.participant(db, pid).values["referred_on"].isoformat() == "2026-01-10"


async def test_coach_settings_from_the_palette_change_the_capacity(db: Database, clock: Any) -> None:
    app = create_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        assert str(screen.query_one("#summary").content).startswith("Aktiva 0 av 8")
        commands = {title: callback for title, _help, callback in screen.palette_commands()}
        commands["Inställningar: coach"]()
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, CoachForm)
        assert form.query_one("#name", Input).value == "Kim Coach"
        assert form.query_one("#fte", Input).value == "40 %"
        form.query_one("#fte", Input).value = "fyrtio"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "100 %" in form.query_one("#field-fte", FormField).error
        form.query_one("#fte", Input).value = "0,75"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await settle(app, pilot)
        found = participants.coach(db)
        assert found is not None and found.fte == 0.75
        assert isinstance(app.screen, CaseloadScreen)
        assert str(screen.query_one("#summary").content).startswith("Aktiva 0 av 15")


async def test_english_form_labels(db: Database, clock: Any) -> None:
    from coachtui.i18n import set_language

    set_language("en")
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(ParticipantForm())
        await settle(app, pilot)
        form = app.screen
        assert str(form.query_one("#form-title").content) == "New participant"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "must be filled in" in _field(form, "gender").error or "required" in _field(form, "gender").error


async def test_f1_in_a_form_shows_the_form_keys_and_escape_returns_to_the_form(db: Database, clock: Any) -> None:
    from coachtui.screens.help import HelpScreen
    from coachtui.widgets.keybar import KeyBar

    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ParticipantForm)
        bar = str(form.query_one(KeyBar).render().plain)
        assert bar.rstrip().endswith("▏ f1 Hjälp")  # help in view on the right, as everywhere
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "ctrl+s" in app.screen.view_help and "escape" in app.screen.view_help
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form
