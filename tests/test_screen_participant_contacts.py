"""The Arbetsgivare tab: enter changes an employer contact, d deletes it after asking."""

from __future__ import annotations

from textual.widgets import Input

from coachtui.app import create_app
from coachtui.screens.confirm import ConfirmScreen
from coachtui.screens.contact_form import ContactForm
from coachtui.screens.participant import ParticipantScreen
from coachtui.store import participants
from coachtui.store.db import Database
from coachtui.widgets.table import VirtualTable
from conftest import messages, participant_data, settle


def contacts(db: Database, pid: int) -> list[tuple[str, str, str, str]]:
    return [(c.employer, c.on.isoformat(), c.person, c.note) for c in participants.participant(db, pid).contacts]


async def test_enter_changes_and_d_deletes_an_employer_contact(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    pid = participants.add_participant(db, participant_data())
    participants.add_employer_contact(
        db, pid, {"employer": "Bageriet AB", "on": "2026-10-20", "person": "Eva", "note": "Studiebesök"}
    )
    app = create_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = ParticipantScreen(pid)
        await app.push_screen(screen)
        await settle(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.focused, VirtualTable) and app.focused.id == "contacts-table"
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        assert form.query_one("#employer", Input).value == "Bageriet AB"
        assert form.query_one("#person", Input).value == "Eva"
        form.query_one("#person", Input).value = "Eva Ek"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert contacts(db, pid) == [("Bageriet AB", "2026-10-20", "Eva Ek", "Studiebesök")]
        assert "Arbetsgivarkontakten ändrad." in messages(app)
        assert screen.query_one("#contacts-table", VirtualTable).rows[0].cells[2] == "Eva Ek"
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "Bageriet AB" in app.screen.question
        await pilot.press("n")
        await settle(app, pilot)
        assert len(contacts(db, pid)) == 1
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("j")
        await settle(app, pilot)
        assert contacts(db, pid) == []
        assert screen.query_one("#contacts-table", VirtualTable).rows == ()
        audit = [r[0] for r in db.read().execute("SELECT action FROM audit WHERE entity = 'employer_contact'")]
        assert audit == ["employer contact added", "employer contact changed", "employer contact deleted"]
