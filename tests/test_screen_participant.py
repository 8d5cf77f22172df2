"""The participant screen, driven by keys on a seeded database: what it shows and what the database holds."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static, TabbedContent, TextArea

from coachtui.app import CoachApp, create_app
from coachtui.screens.confirm import ConfirmScreen
from coachtui.screens.contact_form import ContactForm
from coachtui.screens.journal_form import JournalForm
from coachtui.screens.participant import ParticipantScreen
from coachtui.screens.step_dialog import StepDialog
from coachtui.store import followups, participants
from coachtui.store.db import Database
from coachtui.widgets.form import FormField
from coachtui.widgets.step_bar import CURRENT_MARK, StepBar
from coachtui.widgets.table import VirtualTable
from conftest import DISK_FULL, TODAY, fail_disk_full, messages, participant_data, settle


@dataclass
class Seeded:
    db: Database
    pid: int  # Anna Andersson, step 3 since 2026-05-04, two journal entries, one employer contact
    employed: int  # Erik Berg, employed since 2026-10-01 (step 5) with follow-ups


@pytest.fixture
def seeded(db: Database) -> Iterator[Seeded]:
    pid = participants.add_participant(db, participant_data())
    participants.change_step(db, pid, {"step": 2, "on": "2026-03-01"}, today=TODAY)
    participants.change_step(db, pid, {"step": 3, "on": "2026-05-04", "note": "Profilen klar"}, today=TODAY)
    participants.add_journal(db, pid, {"on": "2026-03-01", "kind": "meeting", "text": "Första mötet."})
    participants.add_journal(db, pid, {"on": "2026-11-02", "kind": "phone", "text": "Pratade om [lager]jobb."})
    participants.add_employer_contact(
        db, pid, {"employer": "Bageriet AB", "on": "2026-10-20", "person": "Eva", "note": "Studiebesök"}
    )
    employed = participants.add_participant(
        db, participant_data(first_name="Erik", last_name="Berg", gender="man", sus_consent=False)
    )
    followups.add_employment(
        db, employed, {"employer": "Kafé Linden", "start_on": "2026-10-01", "subsidised": True, "extent": 50}
    )
    yield Seeded(db, pid, employed)


async def open_participant(app: CoachApp, pilot: Pilot[None], pid: int) -> ParticipantScreen:
    await settle(app, pilot)
    screen = ParticipantScreen(pid)
    await app.push_screen(screen)
    await settle(app, pilot)
    assert app.screen is screen
    return screen


def steps_in_db(db: Database, pid: int) -> list[tuple[int, str, str]]:
    return [(s.step, s.on.isoformat(), s.note) for s in participants.participant(db, pid).steps]


def journal_in_db(db: Database, pid: int) -> list[tuple[str, str, str]]:
    return [(e.on.isoformat(), e.kind, e.text) for e in participants.participant(db, pid).journal]


def journal_rows(screen: ParticipantScreen) -> list[tuple[str, ...]]:
    """The journal entries shown (the table also lists step changes, keyed by text)."""
    return [r.cells for r in screen.query_one("#journal-table", VirtualTable).rows if isinstance(r.key, int)]


def head_text(screen: ParticipantScreen) -> str:
    return str(screen.query_one("#head", Static).render())


async def test_shows_essentials_step_bar_and_journal_newest_first(seeded: Seeded, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(seeded.db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_participant(app, pilot, seeded.pid)
        head = head_text(screen)
        assert "Anna Andersson · SE · Gislaved · SUS-samtycke ✓ ja" in head
        days = (TODAY - date(2026, 2, 2)).days
        assert f"Inskriven 2026-02-02 ({days} dagar)" in head
        assert f"i steg 3 sedan {(TODAY - date(2026, 5, 4)).days} dagar" in head
        assert "Senaste arbetsgivarkontakt: 2026-10-20 Bageriet AB (Eva)" in head
        top, bottom = screen.query_one(StepBar).plain_lines()
        assert f"{CURRENT_MARK}3 Jobbsökande" in top
        assert bottom.split() == ["2026-02-02", "2026-03-01", "2026-05-04", "–", "–"]
        journal = screen.query_one("#journal-table", VirtualTable)
        assert [r.cells for r in journal.rows] == [  # journal and step changes, newest first
            ("2026-11-02", "Telefon", "Pratade om [lager]jobb."),
            ("2026-05-04", "» Steg 3", "Jobbsökande / Hitta arbetsplats: Profilen klar"),
            ("2026-03-01", "Möte", "Första mötet."),
            ("2026-03-01", "» Steg 2", "Yrkesprofil"),
            ("2026-02-02", "» Steg 1", "Överenskommelse med klient"),
        ]


async def test_step_forward_with_default_date_and_a_note(seeded: Seeded, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(seeded.db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_participant(app, pilot, seeded.pid)
        await pilot.press("plus")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, StepDialog)
        assert "Till steg 4: Arbetsgivarengagemang" in str(dialog.query_one("#form-title", Static).render())
        assert dialog.query_one("#on", Input).value == TODAY.isoformat()
        await pilot.press("tab", *"Första kontakt med Bageriet", "enter")
        await settle(app, pilot)
        assert app.screen is screen
        assert steps_in_db(seeded.db, seeded.pid)[-1] == (4, TODAY.isoformat(), "Första kontakt med Bageriet")
        top, bottom = screen.query_one(StepBar).plain_lines()
        assert f"{CURRENT_MARK}4 Arbetsgivare" in top
        assert bottom.split()[3] == TODAY.isoformat()
        assert "i steg 4 sedan 0 dagar" in head_text(screen)
        history = screen.query_one("#journal-table", VirtualTable).rows
        assert history[0].cells == (TODAY.isoformat(), "» Steg 4", "Arbetsgivarengagemang: Första kontakt med Bageriet")
        assert history[0].key == screen.query_one("#journal-table", VirtualTable).cursor_key


async def test_step_back_with_the_other_key(seeded: Seeded, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(seeded.db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_participant(app, pilot, seeded.pid)
        await pilot.press("comma")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, StepDialog)
        assert "Tillbaka till steg 2" in str(dialog.query_one("#form-title", Static).render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert steps_in_db(seeded.db, seeded.pid)[-1] == (2, TODAY.isoformat(), "")
        assert f"{CURRENT_MARK}2 Yrkesprofil" in screen.query_one(StepBar).plain_lines()[0]
        await pilot.press("full_stop")  # and forward again with "."
        await pilot.pause()
        assert isinstance(app.screen, StepDialog) and app.screen.step == 3
        await pilot.press("escape")  # nothing typed: closes without asking
        await pilot.pause()
        assert app.screen is screen
        assert len(steps_in_db(seeded.db, seeded.pid)) == 4


async def test_invalid_date_in_the_step_dialog_writes_nothing(seeded: Seeded, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(seeded.db, clock)
    before = steps_in_db(seeded.db, seeded.pid)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_participant(app, pilot, seeded.pid)
        await pilot.press("plus")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, StepDialog)
        await pilot.press(*["backspace"] * 10, *"2026-02-30", "enter")
        await settle(app, pilot)
        assert app.screen is dialog  # still open, with the problem shown under the date
        errors = dialog.query_one("#field-on", FormField).error
        assert "Datum" in errors and "2026-02-30" in errors
        assert dialog.query_one("#field-on", FormField).has_class("-invalid")
        assert app.focused is dialog.query_one("#on", Input)
        # a date before the current step began is refused too
        dialog.query_one("#on", Input).value = "2026-05-03"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is dialog
        assert "2026-05-04" in dialog.query_one("#field-on", FormField).error
        # escape after typing asks first; "n" keeps the dialog, "j" discards
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is dialog
        await pilot.press("escape", "j")
        await settle(app, pilot)
        assert app.screen is screen
    assert steps_in_db(seeded.db, seeded.pid) == before


async def test_last_step_cannot_go_further(seeded: Seeded, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(seeded.db, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_participant(app, pilot, seeded.employed)
        await pilot.press("plus")
        await pilot.pause()
        assert app.screen is screen
        assert any("sista steget" in n.message for n in app._notifications)


async def test_journal_add(seeded: Seeded, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(seeded.db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_participant(app, pilot, seeded.pid)
        await pilot.press("j")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, JournalForm)
        assert form.query_one("#on", Input).value == TODAY.isoformat()
        await pilot.press("tab", "tab")  # date -> kind -> text
        assert isinstance(app.focused, TextArea)
        await pilot.press(*"Besök på lagret")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert journal_in_db(seeded.db, seeded.pid)[0] == (TODAY.isoformat(), "meeting", "Besök på lagret")
        assert journal_rows(screen)[0] == (TODAY.isoformat(), "Möte", "Besök på lagret")
        new_id = participants.participant(seeded.db, seeded.pid).journal[0].id
        assert screen.query_one("#journal-table", VirtualTable).cursor_key == new_id  # the new entry is highlighted


async def test_journal_add_with_empty_text_is_refused(seeded: Seeded, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(seeded.db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_participant(app, pilot, seeded.pid)
        await pilot.press("j")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, JournalForm)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert "Text" in form.query_one("#field-text", FormField).error
        assert isinstance(app.focused, TextArea)
    assert len(journal_in_db(seeded.db, seeded.pid)) == 2


async def test_journal_edit_with_enter(seeded: Seeded, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(seeded.db, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_participant(app, pilot, seeded.pid)
        await pilot.press("down", "enter")  # a step change: not edited here
        await pilot.pause()
        assert app.screen is screen
        assert any("Stegbyten" in n.message for n in app._notifications)
        await pilot.press("down", "enter")  # the older journal entry
        await pilot.pause()
        form = app.screen
        assert isinstance(form, JournalForm)
        assert form.query_one("#on", Input).value == "2026-03-01"
        area = form.query_one("#text", TextArea)
        assert area.text == "Första mötet."
        area.focus()
        await pilot.press("end", *" Bra start.")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert journal_in_db(seeded.db, seeded.pid)[1] == ("2026-03-01", "meeting", "Första mötet. Bra start.")
        assert journal_rows(screen)[1] == ("2026-03-01", "Möte", "Första mötet. Bra start.")


async def test_journal_delete_asks_first(seeded: Seeded, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(seeded.db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_participant(app, pilot, seeded.pid)
        await pilot.press("d")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert "2026-11-02" in confirm.question and "[lager]" in confirm.question
        await pilot.press("n")
        await settle(app, pilot)
        assert app.screen is screen
        assert len(journal_in_db(seeded.db, seeded.pid)) == 2
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("j")
        await settle(app, pilot)
        assert journal_in_db(seeded.db, seeded.pid) == [("2026-03-01", "meeting", "Första mötet.")]
        assert journal_rows(screen) == [("2026-03-01", "Möte", "Första mötet.")]


async def test_employer_contact_add(seeded: Seeded, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(seeded.db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_participant(app, pilot, seeded.pid)
        await pilot.press("2")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "employers"
        await pilot.press("k")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        await pilot.press(*"Kafé Linden", "tab", "tab", *"Jonas", "tab", *"Ringde om provanställning")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        contacts = participants.participant(seeded.db, seeded.pid).contacts
        assert next((c.employer, c.on.isoformat(), c.person, c.note) for c in contacts) == (
            "Kafé Linden",
            TODAY.isoformat(),
            "Jonas",
            "Ringde om provanställning",
        )
        table = screen.query_one("#contacts-table", VirtualTable)
        assert table.rows[0].cells == (TODAY.isoformat(), "Kafé Linden", "Jonas", "Ringde om provanställning")
        assert f"Senaste arbetsgivarkontakt: {TODAY.isoformat()} Kafé Linden (Jonas)" in head_text(screen)


async def test_employer_contact_needs_an_employer(seeded: Seeded, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(seeded.db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_participant(app, pilot, seeded.pid)
        await pilot.press("k")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is form
        assert "Arbetsgivare: får inte vara tomt" in form.query_one("#field-employer", FormField).error
    assert len(participants.participant(seeded.db, seeded.pid).contacts) == 1


async def test_employers_and_followups_tabs(seeded: Seeded, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(seeded.db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_participant(app, pilot, seeded.employed)
        assert "SUS-samtycke ✗ nej" in head_text(screen)
        await pilot.press("2")
        await pilot.pause()
        employments = str(screen.query_one("#employments", Static).render())
        assert "Kafé Linden 2026-10-01 – pågår · 50 % · subventionerad" in employments
        await pilot.press("3")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "followups"
        rows = screen.query_one("#followup-table", VirtualTable).rows
        planned = followups.followup_rows(0, 0, date(2026, 10, 1), followups.template(seeded.db))
        assert [r.cells[0] for r in rows] == [p["slot"] for p in planned]
        first = rows[0].cells
        assert first[1] == "Besök" and first[2] == planned[0]["due_on"].isoformat()
        overdue = [r for r in rows if r.cells[3].startswith("! Försenad")]
        due_before_today = [p for p in planned if p["due_on"] < TODAY]
        assert len(overdue) == len(due_before_today) > 0
        days = (TODAY - due_before_today[0]["due_on"]).days
        assert overdue[0].cells[3] == f"! Försenad {days} d"
        assert rows[-1].cells[1] == "Avslutande samtal" and rows[-1].cells[3] == "○ Planerad"
        # edit and delete belong to the journal: not offered on this tab (d marks a follow-up done here)
        assert screen.check_action("delete_entry", ()) is False


async def test_escape_returns_to_the_caseload(seeded: Seeded, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(seeded.db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        caseload = app.screen
        await open_participant(app, pilot, seeded.pid)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is caseload


async def test_palette_commands_run_the_screen_actions(seeded: Seeded, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(seeded.db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_participant(app, pilot, seeded.pid)
        commands = {title: callback for title, _, callback in screen.palette_commands()}
        assert {"Nästa steg", "Föregående steg", "Ny journalanteckning", "Ny arbetsgivarkontakt"} <= set(commands)
        commands["Föregående steg"]()
        await pilot.pause()
        assert isinstance(app.screen, StepDialog) and app.screen.step == 2
        await pilot.press("escape")
        await pilot.pause()
        commands["Visa efterstöd"]()
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "followups"
        assert "**j**" in screen.help_markdown()


@pytest.mark.parametrize(
    ("key", "module", "name"),
    [
        ("E", "participant_form", "ParticipantForm"),
        ("e", "exit_form", "ExitForm"),
        ("a", "employment_form", "EmploymentForm"),
    ],
)
async def test_forms_of_other_areas_open(seeded: Seeded, clock, key: str, module: str, name: str) -> None:  # type: ignore[no-untyped-def]
    app = create_app(seeded.db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_participant(app, pilot, seeded.pid)
        await pilot.press(key)
        await settle(app, pilot)
        assert type(app.screen).__name__ == name


async def test_a_removed_participant_is_reported_not_crashed(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(db, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await app.push_screen(ParticipantScreen(999))
        await settle(app, pilot)
        assert any("finns inte längre" in n.message for n in app._notifications)
        await pilot.press("plus")  # nothing loaded: no dialog
        await pilot.pause()
        assert isinstance(app.screen, ParticipantScreen)


def test_followup_status_words_and_symbols() -> None:
    from coachtui.screens.participant import followup_status

    def row(status: str, due: date, done: date | None = None) -> participants.FollowupRow:
        return participants.FollowupRow(1, "visit", "V1", due, status, done)

    assert followup_status(row("done", TODAY, TODAY), TODAY) == f"✓ Gjord {TODAY.isoformat()}"
    assert followup_status(row("skipped", TODAY), TODAY) == "– Överhoppad"
    assert followup_status(row("unrecorded", TODAY), TODAY) == "· Ej registrerad"
    assert followup_status(row("planned", TODAY - timedelta(days=3)), TODAY) == "! Försenad 3 d"
    assert followup_status(row("planned", TODAY), TODAY) == "● I dag"
    assert followup_status(row("planned", TODAY + timedelta(days=1)), TODAY) == "○ Planerad"


async def test_an_exited_participant_shows_the_exit_date(seeded: Seeded, clock) -> None:  # type: ignore[no-untyped-def]
    from coachtui.store import exits

    exits.register_exit(seeded.db, seeded.pid, {"on": "2026-11-20", "reason": "moved"}, TODAY)
    app = create_app(seeded.db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_participant(app, pilot, seeded.pid)
        assert "■ Avslutad 2026-11-20" in head_text(screen)


async def test_journal_write_that_fails_keeps_the_form_and_the_text(  # type: ignore[no-untyped-def]
    seeded: Seeded, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(seeded.db, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_participant(app, pilot, seeded.pid)
        await pilot.press("j")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, JournalForm)
        await pilot.press(*["backspace"] * 10, *"2026-11-20", "tab", "tab", *"Långt samtal om lagerjobbet")
        monkeypatch.setattr(participants, "add_journal", fail_disk_full)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form  # still open, nothing typed is lost
        assert form.query_one("#on", Input).value == "2026-11-20"
        assert form.query_one("#text", TextArea).text == "Långt samtal om lagerjobbet"
        assert DISK_FULL in messages(app)
        assert len(journal_in_db(seeded.db, seeded.pid)) == 2
        monkeypatch.undo()  # the disk has room again: the same ctrl+s saves
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert journal_in_db(seeded.db, seeded.pid)[0] == ("2026-11-20", "meeting", "Långt samtal om lagerjobbet")
        assert journal_rows(screen)[0] == ("2026-11-20", "Möte", "Långt samtal om lagerjobbet")
        assert "Anteckningen sparad." in messages(app)


async def test_journal_edit_that_fails_keeps_the_changed_text(  # type: ignore[no-untyped-def]
    seeded: Seeded, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(seeded.db, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_participant(app, pilot, seeded.pid)
        await pilot.press("enter")  # the newest entry
        await pilot.pause()
        form = app.screen
        assert isinstance(form, JournalForm)
        area = form.query_one("#text", TextArea)
        area.focus()
        await pilot.press("end", *" Ring igen.")
        monkeypatch.setattr(participants, "update_journal", fail_disk_full)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert area.text == "Pratade om [lager]jobb. Ring igen."
        assert DISK_FULL in messages(app)
        assert journal_in_db(seeded.db, seeded.pid)[0][2] == "Pratade om [lager]jobb."
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert journal_in_db(seeded.db, seeded.pid)[0][2] == "Pratade om [lager]jobb. Ring igen."


async def test_step_write_that_fails_keeps_the_dialog_and_the_note(  # type: ignore[no-untyped-def]
    seeded: Seeded, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = steps_in_db(seeded.db, seeded.pid)
    app = create_app(seeded.db, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_participant(app, pilot, seeded.pid)
        await pilot.press("plus")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, StepDialog)
        monkeypatch.setattr(participants, "change_step", fail_disk_full)
        await pilot.press("tab", *"Första kontakt", "enter")
        await settle(app, pilot)
        assert app.screen is dialog
        assert dialog.query_one("#note", Input).value == "Första kontakt"
        assert DISK_FULL in messages(app)
        assert steps_in_db(seeded.db, seeded.pid) == before
        monkeypatch.undo()
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        assert steps_in_db(seeded.db, seeded.pid)[-1] == (4, TODAY.isoformat(), "Första kontakt")
        assert "Steg 4 sparat." in messages(app)


async def test_contact_write_that_fails_keeps_the_form(  # type: ignore[no-untyped-def]
    seeded: Seeded, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(seeded.db, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_participant(app, pilot, seeded.pid)
        await pilot.press("k")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        monkeypatch.setattr(participants, "add_employer_contact", fail_disk_full)
        await pilot.press(*"Kafé Linden", "enter")
        await settle(app, pilot)
        assert app.screen is form
        assert form.query_one("#employer", Input).value == "Kafé Linden"
        assert DISK_FULL in messages(app)
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        newest = participants.participant(seeded.db, seeded.pid).contacts[0]
        assert (newest.employer, newest.on) == ("Kafé Linden", TODAY)
        assert screen.query_one("#contacts-table", VirtualTable).cursor_key == newest.id  # the new one highlighted


async def test_employment_write_that_fails_keeps_the_form(  # type: ignore[no-untyped-def]
    seeded: Seeded, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coachtui.screens.employment_form import EmploymentForm

    app = create_app(seeded.db, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_participant(app, pilot, seeded.pid)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EmploymentForm)
        await pilot.press(*"Lagret AB", "tab", *"2026-12-01")
        monkeypatch.setattr(followups, "add_employment", fail_disk_full)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is form
        assert (form.query_one("#employer", Input).value, form.query_one("#start_on", Input).value) == (
            "Lagret AB",
            "2026-12-01",
        )
        assert DISK_FULL in messages(app)
        assert followups.employments(seeded.db, seeded.pid) == []
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        [job] = followups.employments(seeded.db, seeded.pid)
        assert (job.employer, job.start_on.isoformat(), job.extent) == ("Lagret AB", "2026-12-01", 100)
        assert steps_in_db(seeded.db, seeded.pid)[-1][0] == 5  # "move to step 5" is ticked by default
        assert "Lagret AB 2026-12-01" in str(screen.query_one("#employments", Static).render())
        assert "Anställningen är registrerad och efterstödet planerat." in messages(app)
