"""The exit modal: invalid then valid input, follow-ups cancelled after confirmation or kept, edit and undo."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Select, SelectionList, Static

from coachtui.app import CoachApp, create_app
from coachtui.clock import Clock
from coachtui.screens.confirm import ConfirmScreen
from coachtui.screens.exit_form import ExitForm
from coachtui.store import exits, followups, participants
from coachtui.store.db import Database
from coachtui.widgets.form import FormField
from conftest import TODAY, participant_data


def employed(db: Database, **overrides: object) -> int:
    pid = participants.add_participant(db, participant_data(**overrides))
    followups.add_employment(
        db, pid, {"employer": "Bageriet AB", "start_on": "2026-10-05", "subsidised": False, "extent": 50}
    )
    return pid


def statuses_after(db: Database, pid: int, day: str) -> list[tuple[str, str]]:
    return [
        (r[0], r[1])
        for r in db.read().execute(
            "SELECT status, note FROM followup WHERE participant_id = ? AND due_on > ? ORDER BY due_on", (pid, day)
        )
    ]


async def open_form(app: CoachApp, pilot: Pilot[Any], pid: int, results: list[Any]) -> ExitForm:
    await pilot.pause()
    form = ExitForm(pid)
    app.push_screen(form, results.append)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.screen is form
    return form


async def type_date(pilot: Pilot[Any], form: ExitForm, text: str) -> None:
    form.query_one("#on", Input).focus()
    await pilot.press("end", "ctrl+u", *text)


async def save(app: CoachApp, pilot: Pilot[Any]) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def error_of(form: ExitForm, field: str) -> str:
    return form.query_one(f"#field-{field}", FormField).error


async def test_invalid_then_valid_input_and_confirmed_cancellation(db: Database, clock: Clock) -> None:
    pid = employed(db, enrolled_on="2026-02-02")
    planned_after = statuses_after(db, pid, "2026-11-20")
    assert planned_after and all(s == "planned" for s, _ in planned_after)
    app = create_app(db, clock)
    results: list[Any] = []
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_form(app, pilot, pid, results)
        title = str(form.query_one("#form-title", Static).content)
        assert "Anna Andersson" in title
        assert "✓ ja" in str(form.query_one("#exit-info", Static).content)
        assert form.query_one("#on", Input).value == TODAY.isoformat()

        # invalid: before the enrolment date, no reason
        await type_date(pilot, form, "2026-01-15")
        await save(app, pilot)
        assert app.screen is form
        assert "före inskrivningsdagen 2026-02-02" in error_of(form, "on")
        assert "måste fyllas i" in error_of(form, "reason")
        assert exits.exit_of(db, pid) is None

        form.query_one("#reason", Select).value = "moved"
        await pilot.pause()
        await save(app, pilot)
        assert "före inskrivningsdagen 2026-02-02" in error_of(form, "on")
        assert exits.exit_of(db, pid) is None

        # valid: moved on 2026-11-20 -> asks before cancelling the follow-ups after that day
        form.query_one("#on", Input).value = "2026-11-20"
        await pilot.pause()
        assert "SUS-utskrivning: 2026-11-20 (direkt)" in str(form.query_one("#exit-sus", Static).content)
        await save(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert f"{len(planned_after)} planerade uppföljningar" in app.screen.question
        await pilot.press("n")  # not now: nothing written, back in the form
        await pilot.pause()
        assert app.screen is form and exits.exit_of(db, pid) is None
        await save(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("j")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is not form
    assert results == [True]
    found = exits.exit_of(db, pid)
    assert found is not None and found.reason == "moved" and str(found.on) == "2026-11-20"
    assert statuses_after(db, pid, "2026-11-20") == [("skipped", "Avslutad: Flytt")] * len(planned_after)


async def test_work_keeps_follow_ups_and_shows_the_delayed_sus_date(db: Database, clock: Clock) -> None:
    pid = employed(db)
    before = statuses_after(db, pid, "2026-11-20")
    app = create_app(db, clock)
    results: list[Any] = []
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_form(app, pilot, pid, results)
        form.query_one("#on", Input).value = "2026-11-20"
        form.query_one("#reason", Select).value = "subsidised_work"
        await pilot.pause()
        # the reason fills in the occupation after (and the current employment's extent when it was 0)
        assert form.query_one("#occupation_after_kind", Select).value == "subsidised_work"
        assert form.query_one("#occupation_after_extent", Input).value == "50"
        assert "2027-02-20" in str(form.query_one("#exit-sus", Static).content)
        form.query_one("#occupation_after_extent", Input).value = "50"
        form.query_one("#support_after", SelectionList).select("activity_compensation")
        await save(app, pilot)
        assert not isinstance(app.screen, ConfirmScreen)
    assert results == [True]
    found = exits.exit_of(db, pid)
    assert found is not None
    assert (found.reason, found.occupation_after_kind, found.occupation_after_extent) == (
        "subsidised_work",
        "subsidised_work",
        50,
    )
    assert found.support_after == ("activity_compensation",)
    assert statuses_after(db, pid, "2026-11-20") == before


async def test_occupation_must_agree_with_a_work_reason(db: Database, clock: Clock) -> None:
    pid = participants.add_participant(db, participant_data(sus_consent=False))
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_form(app, pilot, pid, [])
        assert "✗ nej" in str(form.query_one("#exit-info", Static).content)
        form.query_one("#reason", Select).value = "unsubsidised_work"
        await pilot.pause()
        form.query_one("#occupation_after_kind", Select).value = "studies"
        await pilot.pause()
        assert "inget samtycke" in str(form.query_one("#exit-sus", Static).content)
        await save(app, pilot)
        assert app.screen is form
        assert "Osubventionerat arbete" in error_of(form, "occupation_after_kind")
    assert exits.exit_of(db, pid) is None


async def test_edit_and_undo_an_exit(db: Database, clock: Clock) -> None:
    pid = employed(db)
    before = statuses_after(db, pid, "2026-11-20")
    exits.register_exit(db, pid, {"on": "2026-11-20", "reason": "illness"}, TODAY)
    app = create_app(db, clock)
    results: list[Any] = []
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_form(app, pilot, pid, results)
        assert "Ändra avslut" in str(form.query_one("#form-title", Static).content)
        assert form.query_one("#reason", Select).value == "illness"
        assert form.query_one("#on", Input).value == "2026-11-20"
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Ångra avslutet för Anna Andersson" in app.screen.question
        await pilot.press("j")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert results == [True]
    assert exits.exit_of(db, pid) is None
    assert statuses_after(db, pid, "2026-11-20") == before
    actions = [r[0] for r in db.read().execute("SELECT action FROM audit WHERE entity = 'exit' ORDER BY id")]
    assert actions == ["exit registered", "exit undone"]


async def test_escape_cancels_without_writing(db: Database, clock: Clock) -> None:
    pid = participants.add_participant(db, participant_data())
    app = create_app(db, clock)
    results: list[Any] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await open_form(app, pilot, pid, results)
        await pilot.press("escape")
        await pilot.pause()
    assert results == [None]
    assert exits.exit_of(db, pid) is None


async def test_extent_after_defaults_to_the_current_employments(db: Database, clock: Clock) -> None:
    pid = participants.add_participant(db, participant_data())
    followups.add_employment(
        db, pid, {"employer": "ICA Nära Torget", "start_on": "2026-10-05", "subsidised": False, "extent": 75}
    )
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_form(app, pilot, pid, [])
        extent = form.query_one("#occupation_after_extent", Input)
        form.query_one("#reason", Select).value = "unsubsidised_work"
        await pilot.pause()
        assert extent.value == "75"  # not 100
        form.query_one("#reason", Select).value = "studies"
        await pilot.pause()
        assert extent.value == "100"  # studies: full time, the form's own default follows the reason
        extent.value = "40"
        form.query_one("#reason", Select).value = "subsidised_work"
        await pilot.pause()
        assert extent.value == "40"  # what the coach typed stays
