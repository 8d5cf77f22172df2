"""The participant's phone (form and screen) and "Lämna över" (L, palette) on the participant screen."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.widgets import Input, Static

from coachtui.app import create_app
from coachtui.exports import ics
from coachtui.screens.handover_dialog import HandoverDialog
from coachtui.screens.participant import ParticipantScreen
from coachtui.screens.participant_form import ParticipantForm
from coachtui.store import document, followups, participants
from coachtui.store.db import Database
from coachtui.widgets.form import FormField
from conftest import TODAY, messages, participant_data, settle


async def _open(app: Any, pilot: Any, pid: int) -> ParticipantScreen:
    await settle(app, pilot)
    screen = ParticipantScreen(pid)
    await app.push_screen(screen)
    await settle(app, pilot)
    return screen


def _phone_field(form: ParticipantForm) -> FormField:
    return form.query_one("#field-phone", FormField)


async def test_the_phone_is_entered_in_the_form_and_shown_on_the_screen(db: Database, clock: Any) -> None:
    pid = participants.add_participant(db, participant_data())
    app = create_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, pid)
        assert "tel." not in str(screen.query_one("#head", Static).render())
        await pilot.press("E")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, ParticipantForm)
        control = _phone_field(form).control
        assert isinstance(control, Input)
        control.value = "ring efter lunch"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "bara siffror" in _phone_field(form).error
        assert participants.participant(db, pid).values["phone"] == ""  # nothing saved
        control.value = " +46 70-123  45 67 "
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert participants.participant(db, pid).values["phone"] == "+46 70-123 45 67"
        assert "tel. +46 70-123 45 67" in str(screen.query_one("#head", Static).render())
        # cleared again: the field is optional
        await pilot.press("E")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, ParticipantForm)
        assert _phone_field(form).control.value == "+46 70-123 45 67"  # type: ignore[attr-defined]
        _phone_field(form).control.value = ""  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert participants.participant(db, pid).values["phone"] == ""


def test_the_phone_never_leaves_in_a_calendar_or_an_exits_export(db: Database) -> None:
    from coachtui.domain.exports import exit_rows
    from coachtui.exports import exits as writer
    from coachtui.store import exits

    pid = participants.add_participant(db, participant_data(phone="070-999 88 77"))
    followups.add_employment(db, pid, {"employer": "Kafé", "start_on": "2026-10-01", "subsidised": True, "extent": 50})
    exits.register_exit(db, pid, {"on": TODAY, "reason": "moved"}, TODAY)
    rows = followups.calendar_rows(db, TODAY.replace(year=2020), TODAY.replace(year=2030))
    from datetime import datetime

    calendar = ics.calendar_bytes(rows, now=datetime(2026, 11, 23, 9, 0)).decode()
    records = exits.exit_records(db)
    for fmt in ("csv", "json"):
        out = writer.render(exit_rows(records, start=None, end=None, delay_months=3, include_registered=True), fmt)
        assert "999 88" not in (out if isinstance(out, str) else out.decode())
    assert rows and "999 88" not in calendar
    assert json.loads(document.dumps(document.build(db)))["participants"][0]["phone"] == "070-999 88 77"


async def test_handover_with_l_writes_the_file_and_warns_about_personal_data(
    db: Database, clock: Any, tmp_path: Path
) -> None:
    pid = participants.add_participant(db, participant_data())
    participants.add_journal(db, pid, {"on": "2026-11-02", "kind": "phone", "text": "Ringde."})
    key = participants.participant(db, pid).key
    app = create_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, pid)
        await pilot.press("L")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, HandoverDialog)
        assert "personuppgifter" in str(dialog.query_one("#handover-warning", Static).render())
        path_input = dialog.query_one("#handover-path", Input)
        assert path_input.value.endswith(f"coachtui-overlamning-{key}-{TODAY.isoformat()}.json")
        target = tmp_path / "till-kollegan.json"
        path_input.value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        assert any("Den innehåller personuppgifter" in m for m in messages(app))
        handover = json.loads(target.read_text(encoding="utf-8"))
        assert [p["key"] for p in handover["participants"]] == [key]
        assert handover["participants"][0]["journal"] == [{"on": "2026-11-02", "kind": "phone", "text": "Ringde."}]
        assert handover["settings"] == {}
        audit = db.read().execute("SELECT action, count FROM audit WHERE action = 'export handover'").fetchall()
        assert audit == [("export handover", 1)]


async def test_handover_from_the_palette_can_be_cancelled_and_reports_a_bad_folder(
    db: Database, clock: Any, tmp_path: Path
) -> None:
    pid = participants.add_participant(db, participant_data())
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(app, pilot, pid)
        commands = {title: callback for title, _, callback in screen.palette_commands()}
        commands["Lämna över"]()
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, HandoverDialog)
        dialog.query_one("#handover-path", Input).value = str(tmp_path / "finns-inte" / "x" / "f.json")
        (tmp_path / "finns-inte").write_text("a file, not a folder", encoding="utf-8")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is dialog
        assert "kunde inte skrivas" in str(dialog.query_one("#handover-error", Static).render())
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen
        assert db.read().execute("SELECT count(*) FROM audit WHERE action = 'export handover'").fetchone()[0] == 0
        assert "**L**" in screen.help_markdown()
