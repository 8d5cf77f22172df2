"""Add an employer contact: employer name (known names are suggested), date, contact person and note.

Returns ``{"employer", "on", "person", "note"}`` validated with ``EmployerContactIn``, or None.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label

from coachtui.i18n import _
from coachtui.screens.step_dialog import FormDialog
from coachtui.store.inputs import MAX_NAME, EmployerContactIn, parse


class ContactForm(FormDialog):
    def __init__(self, *, default_on: date, employers: Sequence[str] = ()) -> None:
        super().__init__()
        self.title_text = _("Ny arbetsgivarkontakt")
        self.default_on = default_on
        self.employers = list(employers)

    def fields(self) -> ComposeResult:
        yield Label(_("Arbetsgivare (kända namn föreslås, → fyller i)"))
        yield Input(
            "",
            id="employer",
            max_length=MAX_NAME,
            suggester=SuggestFromList(self.employers, case_sensitive=False) if self.employers else None,
        )
        yield Label(_("Datum (ÅÅÅÅ-MM-DD)"))
        yield Input(self.default_on.isoformat(), id="on", max_length=10)
        yield Label(_("Kontaktperson (frivillig)"))
        yield Input("", id="person", max_length=MAX_NAME)
        yield Label(_("Anteckning (frivillig)"))
        yield Input("", id="note")

    def values(self) -> dict[str, Any]:
        return {
            "employer": self.text_of("employer"),
            "on": self.text_of("on").strip(),
            "person": self.text_of("person").strip(),
            "note": self.text_of("note").strip(),
        }

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        parsed = parse(EmployerContactIn, values)
        return {"employer": parsed.employer, "on": parsed.on.isoformat(), "person": parsed.person, "note": parsed.note}
