"""One fidelity item's note (what the team agreed, what to improve): saved with ``store.fidelity.set_note``.

Dismissed with the note saved (empty: cleared), or None when cancelled.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input

from coachtui.domain import fidelity as rules
from coachtui.i18n import _
from coachtui.screens.form_modal import FormModal
from coachtui.store import fidelity
from coachtui.widgets.form import FormField


class FidelityNoteForm(FormModal[str]):
    SUBMIT_ON_ENTER = True

    def __init__(self, key: str, item: int, note: str) -> None:
        super().__init__()
        self.key = key
        self.item = item
        self.note = note

    def title_text(self) -> str:
        return _("Anteckning till punkt {item}: {title}", item=self.item, title=rules.title(self.item))

    def hint_text(self) -> str:
        return _("ctrl+s eller enter sparar · tom anteckning tas bort · escape avbryter")

    def compose_fields(self) -> ComposeResult:
        yield FormField("note", _("Anteckning"), Input(self.note, compact=True, id="note", max_length=2000))

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()
        self.mark_clean()

    def save(self, values: dict[str, Any]) -> str:
        fidelity.set_note(self.db, self.key, {"item": self.item, "note": values["note"]}, now=self.now())
        return str(values["note"]).strip()
