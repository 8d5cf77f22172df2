"""Move a participant to the next or previous step: asks the date (default today) and an optional note.

Saves the step change itself (in a worker, through ``participants.change_step``) and is dismissed with the
id of the new step change, or None when cancelled. A date before the current step began is refused, so the
new step really becomes the current one. If the write fails the dialog stays open with what was typed.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, cast

from textual.app import ComposeResult
from textual.widgets import Input

from coachtui.domain.steps import step_name
from coachtui.i18n import _, language
from coachtui.screens.form_modal import FormModal
from coachtui.widgets.form import DateInput, FormField

if TYPE_CHECKING:
    from coachtui.app import CoachApp


class StepDialog(FormModal[int]):
    """Asks when the participant entered ``step`` and an optional note, then saves the step change
    (``participants.change_step``: not in the future, not before the current step began)."""

    SUBMIT_ON_ENTER = True

    def __init__(self, participant_id: int, step: int, *, from_step: int | None, default_on: date) -> None:
        super().__init__()
        self.participant_id = participant_id
        self.step = step
        self.from_step = from_step
        self.default_on = default_on

    def title_text(self) -> str:
        name = step_name(self.step, language(), short=False)
        if self.from_step is not None and self.step < self.from_step:
            return _("Tillbaka till steg {step}: {name}", step=self.step, name=name)
        return _("Till steg {step}: {name}", step=self.step, name=name)

    def hint_text(self) -> str:
        return _("ctrl+s eller enter sparar · escape avbryter")

    def compose_fields(self) -> ComposeResult:
        yield FormField("on", _("Datum (ÅÅÅÅ-MM-DD)"), DateInput(self.default_on.isoformat(), id="on"))
        yield FormField("note", _("Anteckning (frivillig)"), Input("", compact=True, id="note"))

    def on_mount(self) -> None:
        self.query_one("#on", Input).focus()
        self.mark_clean()

    def save(self, values: dict[str, Any]) -> int:
        from coachtui.services import undo

        step_id, entry = undo.do_change_step(
            self.db, self.participant_id, {"step": self.step, **values}, today=self.today()
        )
        cast("CoachApp", self.app).undo_stack.push(entry)  # ctrl+z undoes it
        return step_id
