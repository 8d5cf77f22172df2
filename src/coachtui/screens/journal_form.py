"""Add or edit a journal entry: date (default today), kind and text.

Returns ``{"on": "YYYY-MM-DD", "kind": code, "text": str}`` validated with ``JournalIn``, or None.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input, Label, Select, TextArea

from coachtui.domain import codes
from coachtui.i18n import _, language
from coachtui.screens.step_dialog import FormDialog
from coachtui.store.inputs import JournalIn, parse


class JournalForm(FormDialog):
    def __init__(self, *, default_on: date, on: date | None = None, kind: str = "meeting", text: str = "") -> None:
        super().__init__()
        self.editing = on is not None
        self.title_text = _("Ändra journalanteckning") if self.editing else _("Ny journalanteckning")
        self.hint_text = _("ctrl+s sparar (enter i texten ger ny rad) · escape avbryter")
        self.initial_on = on or default_on
        self.initial_kind = kind if kind in codes.JOURNAL_KIND else "other"
        self.initial_text = text

    def fields(self) -> ComposeResult:
        lang = language()
        yield Label(_("Datum (ÅÅÅÅ-MM-DD)"))
        yield Input(self.initial_on.isoformat(), id="on", max_length=10)
        yield Label(_("Typ"))
        yield Select(
            [(codes.label("journal_kind", code, lang), code) for code in codes.JOURNAL_KIND],
            value=self.initial_kind,
            allow_blank=False,
            id="kind",
        )
        yield Label(_("Text"))
        yield TextArea(self.initial_text, id="text", soft_wrap=True, tab_behavior="focus")

    def values(self) -> dict[str, Any]:
        return {"on": self.text_of("on").strip(), "kind": self.text_of("kind"), "text": self.text_of("text")}

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        parsed = parse(JournalIn, values)
        return {"on": parsed.on.isoformat(), "kind": parsed.kind, "text": parsed.text}
