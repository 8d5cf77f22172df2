"""A fidelity review's date, kind and note: a new review (``key`` None) or the current one's.

Saves through ``store.fidelity.create_review`` / ``update_review`` in the form's worker and is dismissed with
the review's key (None when cancelled).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input, Select

from coachtui.domain import fidelity as rules
from coachtui.i18n import _
from coachtui.screens.form_modal import FormModal
from coachtui.store import fidelity
from coachtui.widgets.form import DateInput, FormField


class FidelityReviewForm(FormModal[str]):
    SUBMIT_ON_ENTER = True

    def __init__(self, *, key: str | None = None, on: date, kind: str = "self", note: str = "") -> None:
        super().__init__()
        self.key = key
        self.initial = {"on": on.isoformat(), "kind": kind, "note": note}

    def title_text(self) -> str:
        return _("Ny skattning (programtrohet)") if self.key is None else _("Ändra skattningen {key}", key=self.key)

    def intro_text(self) -> str:
        return _("Coach och chef skattar tillsammans (egen skattning) eller en granskare utifrån (extern).")

    def compose_fields(self) -> ComposeResult:
        yield FormField("on", _("Datum"), DateInput(self.initial["on"], id="on"))
        options = [(rules.kind_title(k), k) for k in rules.KINDS]
        yield FormField(
            "kind", _("Typ"), Select(options, value=self.initial["kind"], allow_blank=False, compact=True, id="kind")
        )
        yield FormField("note", _("Anteckning"), Input(self.initial["note"], compact=True, id="note", max_length=2000))

    def on_mount(self) -> None:
        self.query_one("#on", Input).focus()
        self.mark_clean()

    def save(self, values: dict[str, Any]) -> str:
        if self.key is None:
            return fidelity.create_review(self.db, values, now=self.now())
        fidelity.update_review(self.db, self.key, values, now=self.now())
        return self.key
