"""The reminders view, driven with Pilot on the demo database (today = Monday 2026-11-23)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.widgets import Input

from coachtui.app import CoachApp, create_app
from coachtui.domain.codes import label
from coachtui.screens.employment_form import EmploymentForm
from coachtui.screens.exports import SusDateModal
from coachtui.screens.note_dialog import NoteDialog
from coachtui.screens.reminders import HEADING, RemindersScreen
from coachtui.screens.template_form import SlotRow, TemplateForm
from coachtui.store import followups, participants
from coachtui.store.db import Database
from coachtui.widgets.form import FormField
from coachtui.widgets.table import VirtualTable
from conftest import (
    DISK_FULL,
    TODAY,
    fail_disk_full,
    go_to_line,
    messages,
    participant_data,
    run_from_palette,
    settle,
)

SIZE = (100, 30)


async def _open(app: CoachApp, pilot) -> RemindersScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("f3")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, RemindersScreen)
    return screen


def _table(screen: RemindersScreen) -> VirtualTable:
    return screen.query_one(VirtualTable)


def _keys(screen: RemindersScreen) -> list[str]:
    return [str(r.key) for r in _table(screen).rows]


def _followup(db: Database, followup_id: int) -> tuple[object, ...]:
    row = (
        db.read()
        .execute(
            "SELECT status, due_on, original_due_on, done_on, note, moved_reason, snoozed_until, sequence"
            " FROM followup WHERE id = ?",
            (followup_id,),
        )
        .fetchone()
    )
    return tuple(row)


async def test_sections_in_order_header_counts_and_coming_collapsed(demo_db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(demo_db, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        keys = _keys(screen)
        headings = [k for k in keys if k.startswith(HEADING)]
        assert headings == ["h:overdue", "h:today", "h:week", "h:coming"]
        assert keys[-1] == "h:coming"  # collapsed: nothing under it
        agenda = screen.agenda
        assert agenda is not None
        counts = agenda.counts()
        assert counts["overdue"] > 0 and counts["today"] > 0
        summary = str(screen.query_one("#summary").render())
        assert f"⚠ {counts['overdue']} försenade" in summary and f"{counts['today']} idag" in summary
        overdue = [screen.items[k] for k in keys[1 : keys.index("h:today")] if k in screen.items]
        assert [i.overdue_days for i in overdue] == sorted((i.overdue_days for i in overdue), reverse=True)
        assert screen.current() is not None and screen.current().overdue_days > 0  # type: ignore[union-attr]
        first_row = _table(screen).get_row(1)  # the line most days late: the demo's SUS exit a month late
        assert first_row.cells[1] == label("reminder_kind", screen.items[keys[1]].kind, "sv")
        assert first_row.cells[1] in ("Besök", "Telefon", "Avslutande samtal", "SUS-utskrivning")
        kinds = {screen.items[k].kind for k in keys[1 : keys.index("h:today")] if k in screen.items}
        assert "sus_exit" in kinds and kinds - {"sus_exit"}  # follow-ups and SUS exits in the same section
        assert first_row.cells[4].startswith("⚠ ")
        await pilot.press("k")
        await pilot.pause()
        keys = _keys(screen)
        coming = [k for k in keys[keys.index("h:coming") + 1 :]]
        assert coming and len([k for k in coming if k in screen.items]) == counts["coming"]
        await pilot.press("k")
        await pilot.pause()
        assert _keys(screen)[-1] == "h:coming"


async def test_done_with_a_note_and_space_then_escape(demo_db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(demo_db, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _open(app, pilot)
        item = go_to_line(screen, lambda i: i.overdue_days > 0 and not i.is_sus_exit)
        assert item.followup_id is not None
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert _followup(demo_db, item.followup_id)[0] == "planned"
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        app.screen.query_one("#note", Input).value = "Bra samtal"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        status, _due, _orig, done_on, note, *_rest = _followup(demo_db, item.followup_id)
        assert (status, done_on, note) == ("done", TODAY.isoformat(), "Bra samtal")
        assert item.key not in _keys(screen)
        assert any(m.startswith("Gjord: ") for m in messages(app))


async def test_reschedule_accepts_plus_one_week_and_refuses_nonsense(demo_db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(demo_db, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        item = go_to_line(screen, lambda i: i.overdue_days > 0 and not i.is_sus_exit)
        assert item.followup_id is not None
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        await pilot.press(*"blaha", "enter")
        await settle(app, pilot)
        assert app.screen is dialog
        assert "Förstår inte" in dialog.query_one("#field-on", FormField).error
        dialog.query_one("#on", Input).value = "+1w"
        await pilot.pause()
        assert "2026-11-30" in str(dialog.query_one("#preview").render())
        dialog.query_one("#note", Input).value = "Semester"
        await pilot.press("enter")
        await settle(app, pilot)
        status, due, original, _done, _note, reason, _snoozed, sequence = _followup(demo_db, item.followup_id)
        assert (status, due, original, reason, sequence) == (
            "planned",
            "2026-11-30",
            item.original_due_on.isoformat(),
            "Semester",
            1,
        )
        await pilot.press("k")
        await pilot.pause()
        row = _table(screen).get_row(_keys(screen).index(item.key))
        assert "Semester" in row.cells[5] and "flyttad från" in row.cells[5]
        # a weekday name: the next such day
        today_item = go_to_line(screen, lambda i: i.due_on == TODAY)
        await pilot.press("r")
        await pilot.pause()  # the dialog (and its input's focus) before typing, or "t" goes to the list
        await pilot.press(*"tor", "enter")
        await settle(app, pilot)
        assert today_item.followup_id is not None
        assert _followup(demo_db, today_item.followup_id)[1] == "2026-11-26"
        assert today_item.key in _keys(screen)[_keys(screen).index("h:week") :]


async def test_skip_needs_a_note(demo_db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(demo_db, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        item = go_to_line(screen, lambda i: i.overdue_days > 0 and not i.is_sus_exit)
        assert item.followup_id is not None
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is dialog
        assert dialog.query_one("#field-note", FormField).error.endswith("får inte vara tom")
        dialog.query_one("#note", Input).value = "Sjukskriven"
        await pilot.press("enter")
        await settle(app, pilot)
        assert _followup(demo_db, item.followup_id)[0] == "skipped"
        assert _followup(demo_db, item.followup_id)[4] == "Sjukskriven"
        assert item.key not in _keys(screen)


async def test_snooze_hides_from_today_and_counts_in_the_header(demo_db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(demo_db, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _open(app, pilot)
        item = go_to_line(screen, lambda i: i.due_on == TODAY)
        assert item.followup_id is not None
        await pilot.press("z")
        await settle(app, pilot)
        assert _followup(demo_db, item.followup_id)[6] == "2026-11-24"
        today_keys = _keys(screen)[_keys(screen).index("h:today") : _keys(screen).index("h:week")]
        assert item.key not in today_keys
        assert "1 snoozade" in str(screen.query_one("#summary").render())
        # an overdue one leaves Försenat when snoozed, and the overdue count goes down
        summary = str(screen.query_one("#summary").render())
        overdue_before = int(summary.split("⚠ ")[1].split(" ")[0])
        late = go_to_line(screen, lambda i: i.overdue_days > 0 and not i.is_sus_exit)
        await pilot.press("z")
        await settle(app, pilot)
        assert late.key not in _keys(screen)
        summary = str(screen.query_one("#summary").render())
        assert "2 snoozade" in summary and f"⚠ {overdue_before - 1} försenade" in summary
        # a future one cannot be snoozed
        await pilot.press("k")
        go_to_line(screen, lambda i: i.due_on > TODAY)
        await pilot.press("z")
        await settle(app, pilot)
        assert any("snoozas" in m for m in messages(app))


async def test_extend_adds_a_closing_call_after_confirmation(demo_db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(demo_db, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        item = go_to_line(screen, lambda i: i.followup_id is not None)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("n")  # no: nothing changes
        await settle(app, pilot)
        count = "SELECT count(*) FROM followup WHERE participant_id = ? AND slot LIKE 'X%'"
        assert demo_db.read().execute(count, (item.participant_id,)).fetchone()[0] == 0
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("j")
        await settle(app, pilot)
        rows = (
            demo_db.read()
            .execute(
                "SELECT slot, kind FROM followup"
                " WHERE participant_id = ? AND kind = 'closing_call' AND status = 'planned'",
                (item.participant_id,),
            )
            .fetchall()
        )
        assert [tuple(r) for r in rows] == [("X1", "closing_call")]


async def test_today_previous_next_day_and_export(demo_db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(demo_db, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _open(app, pilot)
        overdue_today = screen.agenda.counts()["overdue"]  # type: ignore[union-attr]
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert screen.viewed_day == TODAY + timedelta(days=1)
        assert "tis 2026-11-24" in str(screen.query_one("#summary").render())
        assert "annan dag" in str(screen.query_one("#summary").render())
        assert screen.agenda.counts()["overdue"] >= overdue_today  # type: ignore[union-attr]
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(app, pilot)
        assert screen.viewed_day == TODAY - timedelta(days=1)
        await pilot.press("t")
        await settle(app, pilot)
        assert screen.viewed_day == TODAY
        assert "annan dag" not in str(screen.query_one("#summary").render())
        assert app.today() == TODAY  # the clock never moved
        # e: the calendar for the next six months, in the home folder
        await pilot.press("e")
        await settle(app, pilot)
        path = Path.home() / "coachtui-efterstod-2026-11-23--2027-05-23.ics"
        assert path.exists() and (path.stat().st_mode & 0o777) == 0o600
        assert path.read_bytes().startswith(b"BEGIN:VCALENDAR")
        assert any(str(path) in m for m in messages(app))


async def test_sus_exit_line_and_mark_registered(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    pid = participants.add_participant(db, participant_data(first_name="Sara", last_name="Berg"))
    with db.write() as conn:
        conn.execute('INSERT INTO exit(participant_id, "on", reason) VALUES (?, ?, ?)', (pid, "2026-08-20", "studies"))
    app = create_app(db, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _open(app, pilot)
        item = go_to_line(screen, lambda i: i.is_sus_exit)
        row = _table(screen).get_row(_table(screen).cursor_row)
        assert row.cells[:5] == ("Sara B.", "SUS-utskrivning", "–", "fre 2026-11-20", "⚠ 3 d")
        for key in ("s", "r", "z", "x", "A"):  # skip, reschedule, snooze, extend, employment: follow-ups only
            before = len(app._notifications)
            await pilot.press(key)
            await settle(app, pilot)
            assert app.screen is screen, key
            assert messages(app)[before:] == ["Det här gäller bara uppföljningar, inte SUS-utskrivningar."], key
            assert screen.current() == item
        registered = "SELECT sus_registered_on FROM exit WHERE participant_id = ?"
        assert db.read().execute(registered, (pid,)).fetchone()[0] is None
        await pilot.press("m")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SusDateModal)  # asks the date, like the Export view
        assert dialog.query_one("#sus-on", Input).value == TODAY.isoformat()
        await pilot.press("escape")
        await settle(app, pilot)
        assert db.read().execute(registered, (pid,)).fetchone()[0] is None
        await pilot.press("m")
        await pilot.pause()
        app.screen.query_one("#sus-on", Input).value = "2026-11-20"
        await pilot.press("enter")
        await settle(app, pilot)
        on = db.read().execute("SELECT sus_registered_on FROM exit WHERE participant_id = ?", (pid,)).fetchone()[0]
        assert on == "2026-11-20"
        assert item.key not in _keys(screen)
        assert "Sara B.: utskrivningen registrerad i SUS 2026-11-20." in messages(app)


async def test_after_done_the_cursor_is_on_the_next_row(demo_db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(demo_db, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _open(app, pilot)
        overdue = [k for k in _keys(screen)[: _keys(screen).index("h:today")] if k in screen.items]
        assert len(overdue) >= 3
        for position in (1, -1):  # in the middle, then the last of Försenat (the next row is under Idag)
            keys = _keys(screen)
            overdue = [k for k in keys[: keys.index("h:today")] if k in screen.items]
            _table(screen).cursor_row = keys.index(overdue[position])
            after = next(k for k in keys[keys.index(overdue[position]) + 1 :] if k in screen.items)
            await pilot.press("d")
            await pilot.pause()
            await pilot.press("enter")
            await settle(app, pilot)
            assert overdue[position] not in _keys(screen)
            assert str(_table(screen).cursor_key) == after


async def test_help_palette_and_enter_opens_the_participant(demo_db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(demo_db, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        help_text = screen.help_markdown()
        for key in (
            "**d**",
            "**r**",
            "**s**",
            "**z**",
            "**x**",
            "**t**",
            "**[**",
            "**e**",
            "**m**",
            "**enter**",
            "**v**",
        ):
            assert key in help_text
        names = [name for name, _help, _cb in screen.palette_commands()]
        assert len(names) == 17  # 15 + "Enkät lämnad" (NNS) + "Veckan"
        go_to_line(screen, lambda i: not i.is_sus_exit)  # extending is for a follow-up line
        await run_from_palette(app, pilot, "förlä")
        await pilot.pause()
        from coachtui.screens.confirm import ConfirmScreen

        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        from coachtui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        # enter opens the participant of the line
        item = go_to_line(screen, lambda i: True)
        await pilot.press("enter")
        await settle(app, pilot)
        from coachtui.screens.participant import ParticipantScreen

        assert isinstance(app.screen, ParticipantScreen)
        assert app.screen.participant_id == item.participant_id


async def test_employment_form_adds_a_second_schedule_and_changes_the_start(demo_db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(demo_db, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _open(app, pilot)
        item = go_to_line(screen, lambda i: i.followup_id is not None)
        pid = item.participant_id
        before = len(followups.employments(demo_db, pid))
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EmploymentForm)
        await pilot.press("enter")  # empty: problems shown, nothing written
        await settle(app, pilot)
        assert app.screen is form and "Arbetsgivare" in form.query_one("#field-employer", FormField).error
        await pilot.press(*"Kafé")
        form.query_one("#employer", Input).value = "Kafé Linden"
        form.query_one("#start_on", Input).value = "2026-12-01"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        jobs = followups.employments(demo_db, pid)
        assert len(jobs) == before + 1
        new = jobs[0]
        assert (new.employer, new.start_on, new.extent) == ("Kafé Linden", date(2026, 12, 1), 100)
        slots = demo_db.read().execute("SELECT count(*) FROM followup WHERE employment_id = ?", (new.id,)).fetchone()
        assert slots[0] == 11
        # change the first day of work: confirm, then the planned slots move
        app.push_screen(EmploymentForm(pid, new.id))
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, EmploymentForm)
        start = form.query_one("#start_on", Input)
        assert start.value == "2026-12-01"
        start.value = "2026-12-08"
        start.focus()
        await pilot.press("enter")
        await settle(app, pilot)  # checked in a worker, then the question
        from coachtui.screens.confirm import ConfirmScreen

        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("j")
        await settle(app, pilot)
        v1 = (
            demo_db.read()
            .execute("SELECT due_on, sequence FROM followup WHERE employment_id = ? AND slot = 'V1'", (new.id,))
            .fetchone()
        )
        assert tuple(v1) == ("2026-12-15", 1)
        assert followups.employment(demo_db, new.id).start_on == date(2026, 12, 8)


async def test_template_form_validates_and_saves(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(db, clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot)
        await pilot.press("M")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, TemplateForm)
        rows = list(form.query(SlotRow))
        assert len(rows) == 11
        from textual.widgets import Select

        # a second closing call is refused
        rows[0].query_one("Select.kind", Select).value = "closing_call"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "exakt ett avslutande samtal" in str(form.query_one("#errors").render())
        rows[0].query_one("Select.kind", Select).value = "visit"
        rows[0].query_one("Input.offset", Input).value = "x"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "heltal" in str(form.query_one("#errors").render())
        rows[0].query_one("Input.offset", Input).value = "2"
        rows[1].query_one("Button.remove").press()
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, TemplateForm)
    saved = followups.template(db)
    assert len(saved) == 10 and saved[0].offset == 2 and "V2" not in [s.slot for s in saved]


@pytest.mark.parametrize("size", [(80, 24)])
async def test_usable_at_80_by_24(demo_db: Database, clock, size) -> None:  # type: ignore[no-untyped-def]
    app = create_app(demo_db, clock)
    async with app.run_test(size=size) as pilot:
        screen = await _open(app, pilot)
        assert _table(screen).size.height >= 15
        go_to_line(screen, lambda i: not i.is_sus_exit)  # d on a SUS line registers it without a dialog
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        save = dialog.query_one("#form-save")
        assert save.region.bottom <= size[1]


async def test_done_write_that_fails_keeps_the_dialog_and_the_note(  # type: ignore[no-untyped-def]
    demo_db: Database, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(demo_db, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _open(app, pilot)
        item = go_to_line(screen, lambda i: i.overdue_days > 0 and not i.is_sus_exit)
        assert item.followup_id is not None
        before = _followup(demo_db, item.followup_id)
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        await pilot.press(*"fre", "tab", *"Bra samtal med chefen")
        monkeypatch.setattr(followups, "mark_done", fail_disk_full)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is dialog  # still open with what was typed
        assert dialog.query_one("#on", Input).value == "fre"
        assert dialog.query_one("#note", Input).value == "Bra samtal med chefen"
        assert DISK_FULL in messages(app)
        assert not any(m.startswith("Gjord: ") for m in messages(app))
        assert _followup(demo_db, item.followup_id) == before
        monkeypatch.undo()  # room on the disk again: the same enter saves
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        status, _due, _orig, done_on, note, *_rest = _followup(demo_db, item.followup_id)
        assert (status, done_on, note) == ("done", "2026-11-20", "Bra samtal med chefen")  # the last Friday
        assert item.key not in _keys(screen)
        assert any(m.startswith("Gjord: ") for m in messages(app))


@pytest.mark.parametrize(("key", "store_function"), [("r", "reschedule"), ("s", "skip")])
async def test_reschedule_and_skip_that_fail_keep_the_dialog(  # type: ignore[no-untyped-def]
    demo_db: Database, clock, monkeypatch: pytest.MonkeyPatch, key: str, store_function: str
) -> None:
    app = create_app(demo_db, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _open(app, pilot)
        item = go_to_line(screen, lambda i: i.overdue_days > 0 and not i.is_sus_exit)
        assert item.followup_id is not None
        before = _followup(demo_db, item.followup_id)
        await pilot.press(key)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        if key == "r":
            await pilot.press(*"+1w", "tab")
        await pilot.press(*"Semester")
        monkeypatch.setattr(followups, store_function, fail_disk_full)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is dialog
        assert dialog.query_one("#note", Input).value == "Semester"
        assert DISK_FULL in messages(app)
        assert _followup(demo_db, item.followup_id) == before
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        status, due, *_rest = _followup(demo_db, item.followup_id)
        assert (status, due) == (("planned", "2026-11-30") if key == "r" else ("skipped", before[1]))
