"""A small modal asking for a date and/or a note about one follow-up, then saving it: done, reschedule, skip.

``NoteDialog(followup_id, action, today=...)`` writes through the store itself (in a worker:
``followups.mark_done``, ``reschedule`` or ``skip``) and is dismissed with a `NoteAnswer` (the date and the
note saved), or None when cancelled. If the write fails the dialog stays open with what was typed.

- ``"done"``: the date done (empty = today, not in the future; a weekday means the last one) and an
  optional note.
- ``"reschedule"``: the new date (an ISO date, ``+1``, ``+1v``/``+1w``, a weekday name: the next one; not
  in the past) and an optional reason, kept with the original date.
- ``"skip"``: a note saying why (required), no date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, cast

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from coachtui.domain import agenda as ag
from coachtui.i18n import _, language
from coachtui.screens.form_modal import FormModal
from coachtui.store.inputs import InputError, Problem, field_label
from coachtui.widgets.form import FormField

if TYPE_CHECKING:
    from textual.app import App

    from coachtui.app import CoachApp

Action = Literal["done", "reschedule", "skip"]
DateMode = Literal["done", "reschedule"] | None
NoteMode = Literal["optional", "required"]


@dataclass(frozen=True, slots=True)
class NoteAnswer:
    """What was saved: the date (done on, or moved to; None when skipped) and the note."""

    on: date | None
    note: str


class NoteDialog(FormModal[NoteAnswer]):
    DEFAULT_CSS = """
    NoteDialog #preview { color: $text-muted; height: 1; padding-left: 38; }
    """
    FORM_LABEL_WIDTH = 38
    SUBMIT_ON_ENTER = True

    def __init__(
        self, followup_id: int, action: Action, *, today: date, default_date: str = "", subject: str = ""
    ) -> None:
        super().__init__()
        self.followup_id = followup_id
        self.action = action
        self.day = today
        self.date_mode: DateMode = None if action == "skip" else action
        self.note_mode: NoteMode = "required" if action == "skip" else "optional"
        self.default_date = default_date
        self.subject = subject

    def title_text(self) -> str:
        if self.action == "done":
            return _("Markera som gjord")
        if self.action == "reschedule":
            return _("Flytta till ett annat datum")
        return _("Hoppa över (skriv varför)")

    def intro_text(self) -> str:
        return self.subject

    def hint_text(self) -> str:
        return _("ctrl+s eller enter sparar · escape avbryter")

    def compose_fields(self) -> ComposeResult:
        if self.date_mode is not None:
            if self.date_mode == "reschedule":
                date_label, placeholder = _("Nytt datum"), _("ÅÅÅÅ-MM-DD, +1 (dag), +1v (vecka), tis …")
            else:
                date_label, placeholder = _("Gjord datum (tomt = idag)"), _("ÅÅÅÅ-MM-DD")
            box = Input(self.default_date, compact=True, id="on", max_length=30, placeholder=placeholder)
            yield FormField("on", date_label, box)
            yield Static("", id="preview", markup=False)
        if self.note_mode == "required":
            note_label = _("Anteckning (måste fyllas i)")
        else:
            note_label = _("Anteckning eller orsak (frivillig)")
        yield FormField("note", note_label, Input("", compact=True, id="note", max_length=2000))

    def on_mount(self) -> None:
        self.fields()[0].control.focus()
        self.mark_clean()
        self._preview()

    @on(Input.Changed, "#on")
    def _date_changed(self) -> None:
        self._preview()

    def _preview(self) -> None:
        if self.date_mode is None:
            return
        preview = self.query_one("#preview", Static)
        try:
            day = self._parse_date(self.query_one("#on", Input).value)
        except ag.DateInputError:
            preview.update("")
            return
        preview.update(f"→ {ag.weekday_short(day, language())} {day.isoformat()}")

    def _parse_date(self, text: str) -> date:
        if self.date_mode == "reschedule":
            return ag.parse_reschedule(text, self.day)
        return ag.parse_done_on(text, self.day)

    def _date(self, values: dict[str, Any]) -> date:
        try:
            return self._parse_date(values["on"])
        except ag.DateInputError as exc:
            raise InputError([Problem("on", f"{field_label('on')}: {exc.message}")]) from None

    def save(self, values: dict[str, Any]) -> NoteAnswer:
        from coachtui.services import undo

        note: str = values["note"]
        stack = cast("CoachApp", self.app).undo_stack  # ctrl+z undoes it
        if self.action == "skip":
            stack.push(undo.do_skip(self.db, self.followup_id, note))
            return NoteAnswer(None, note)
        day = self._date(values)
        if self.action == "reschedule":
            stack.push(undo.do_reschedule(self.db, self.followup_id, day, note, today=self.day))
        else:
            stack.push(undo.do_done(self.db, self.followup_id, day, note, today=self.day))
        return NoteAnswer(day, note)


def saved_message(action: Action, answer: NoteAnswer, subject: str) -> str:
    """What the coach is told once the dialog saved."""
    if action == "done":
        return _("Gjord: {what}", what=subject)
    if action == "reschedule":
        return _("Flyttad till {day}: {who}", day=answer.on.isoformat() if answer.on else "", who=subject)
    return _("Överhoppad: {what}", what=subject)


def ask_followup(
    app: App[Any],
    followup_id: int,
    action: Action,
    *,
    today: date,
    subject: str,
    then: Callable[[str, NoteAnswer], None],
) -> None:
    """Open the dialog for done / reschedule / skip (it saves itself); once saved, ``then(message, answer)``.
    The one way the reminders and the participant's Efterstöd tab act on a follow-up."""

    def answered(answer: NoteAnswer | None) -> None:
        if answer is not None:
            then(saved_message(action, answer, subject), answer)

    app.push_screen(NoteDialog(followup_id, action, today=today, subject=subject), answered)
