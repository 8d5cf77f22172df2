"""Add or edit a journal entry: date (default today), kind and text.

Saves the entry itself (in a worker, through ``participants.add_journal`` / ``update_journal``) and is
dismissed with the entry's id, or None when cancelled. If the write fails the form stays open with the text.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input, Select, TextArea

from coachtui.domain import codes
from coachtui.i18n import _
from coachtui.screens.form_modal import FormModal
from coachtui.store import participants
from coachtui.widgets.form import DateInput, FormField, code_options


class JournalForm(FormModal[int]):
    """A new entry for ``participant_id``, or (with ``entry_id``) a change of that entry."""

    DEFAULT_CSS = """
    JournalForm TextArea.form-control { height: 6; }
    """
    SUBMIT_ON_ENTER = True  # in the date; enter in the text makes a new line

    INPUT_MODEL = "JournalIn"  # a field in error is checked again as it changes

    def __init__(
        self,
        participant_id: int,
        *,
        default_on: date,
        entry_id: int | None = None,
        on: date | None = None,
        kind: str = "meeting",
        text: str = "",
    ) -> None:
        super().__init__()
        self.participant_id = participant_id
        self.entry_id = entry_id
        self.initial_on = on or default_on
        self.initial_kind = kind if kind in codes.JOURNAL_KIND else "other"
        self.initial_text = text

    @property
    def editing(self) -> bool:
        return self.entry_id is not None

    def title_text(self) -> str:
        return _("Ändra journalanteckning") if self.editing else _("Ny journalanteckning")

    def hint_text(self) -> str:
        return _("ctrl+s sparar (enter i texten ger ny rad) · escape avbryter")

    def compose_fields(self) -> ComposeResult:
        yield FormField("on", _("Datum (ÅÅÅÅ-MM-DD)"), DateInput(self.initial_on.isoformat(), id="on"))
        yield FormField(
            "kind",
            _("Typ"),
            Select(
                code_options("journal_kind"),
                value=self.initial_kind,
                allow_blank=False,
                compact=True,
                id="kind",
            ),
        )
        yield FormField("text", _("Text"), TextArea(self.initial_text, id="text", soft_wrap=True, tab_behavior="focus"))

    def on_mount(self) -> None:
        self.query_one("#on", Input).focus()
        self.mark_clean()

    def save(self, values: dict[str, Any]) -> int:
        if self.entry_id is not None:
            participants.update_journal(self.db, self.entry_id, values)
            return self.entry_id
        return participants.add_journal(self.db, self.participant_id, values)
