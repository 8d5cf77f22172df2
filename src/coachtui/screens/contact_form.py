"""Add or change an employer contact: employer name (known names are suggested), date, contact person, note.

Saves the contact itself (in a worker, through ``participants.add_employer_contact`` or, with ``contact``,
``update_employer_contact``) and is dismissed with the contact's id, or None when cancelled. If the write
fails the form stays open with what was typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input

from coachtui.i18n import _
from coachtui.screens.form_modal import FormModal
from coachtui.store import participants
from coachtui.store.inputs import MAX_NAME
from coachtui.widgets.form import DateInput, EmployerInput, FormField


class ContactForm(FormModal[int]):
    FORM_LABEL_WIDTH = 28
    SUBMIT_ON_ENTER = True

    INPUT_MODEL = "EmployerContactIn"  # a field in error is checked again as it changes

    def __init__(
        self,
        participant_id: int,
        *,
        default_on: date,
        employers: Sequence[str] = (),
        contact: participants.ContactRow | None = None,
    ) -> None:
        super().__init__()
        self.participant_id = participant_id
        self.default_on = contact.on if contact else default_on
        self.employers = list(employers)
        self.contact = contact

    def title_text(self) -> str:
        return _("Ändra arbetsgivarkontakt") if self.contact else _("Ny arbetsgivarkontakt")

    def hint_text(self) -> str:
        return _("ctrl+s eller enter sparar · escape avbryter")

    def compose_fields(self) -> ComposeResult:
        employer = EmployerInput(self.contact.employer if self.contact else "", names=self.employers)
        yield FormField("employer", _("Arbetsgivare"), employer)
        yield FormField("on", _("Datum (ÅÅÅÅ-MM-DD)"), DateInput(self.default_on.isoformat(), id="on"))
        yield FormField(
            "person",
            _("Kontaktperson (frivillig)"),
            Input(self.contact.person if self.contact else "", compact=True, id="person", max_length=MAX_NAME),
        )
        yield FormField(
            "note",
            _("Anteckning (frivillig)"),
            Input(self.contact.note if self.contact else "", compact=True, id="note"),
        )

    def on_mount(self) -> None:
        self.query_one("#employer", Input).focus()
        self.mark_clean()

    def save(self, values: dict[str, Any]) -> int:
        if self.contact is not None:
            participants.update_employer_contact(self.db, self.contact.id, values)
            return self.contact.id
        return participants.add_employer_contact(self.db, self.participant_id, values)
