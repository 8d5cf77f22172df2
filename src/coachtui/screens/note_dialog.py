"""A small modal asking for a date and/or a note: used by done, skip and reschedule on the reminders screen.

Returns ``{"on": date | None, "note": str}`` (validated; nothing is written here), or None on cancel.
Date modes: ``"done"`` (empty = today, not in the future; a weekday means the last one),
``"reschedule"`` (an ISO date, ``+1``, ``+1v``/``+1w``, a weekday name: the next one; not in the past),
or None (no date field). Note modes: ``"optional"``, ``"required"`` or ``"none"``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from textual.app import ComposeResult
from textual.widgets import Input, Label, Static

from coachtui.domain import agenda as ag
from coachtui.i18n import _, language
from coachtui.screens.step_dialog import FormDialog
from coachtui.store.inputs import (
    FollowupDoneIn,
    FollowupMoveIn,
    FollowupSkipIn,
    InputError,
    Problem,
    field_label,
    parse,
)

DateMode = Literal["done", "reschedule"] | None
NoteMode = Literal["optional", "required", "none"]


class NoteDialog(FormDialog):
    DEFAULT_CSS = """
    NoteDialog #preview { color: $text-muted; height: 1; }
    """

    def __init__(
        self,
        title: str,
        *,
        today: date,
        date_mode: DateMode = None,
        note: NoteMode = "optional",
        default_date: str = "",
        subject: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.day = today
        self.date_mode = date_mode
        self.note_mode = note
        self.default_date = default_date
        self.subject = subject

    def fields(self) -> ComposeResult:
        if self.subject:
            yield Static(self.subject, id="subject")
        if self.date_mode == "reschedule":
            yield Label(_("Nytt datum (ÅÅÅÅ-MM-DD, +1 dag, +1v vecka, tis …)"))
            yield Input(self.default_date, id="on", max_length=30)
            yield Static("", id="preview")
        elif self.date_mode == "done":
            yield Label(_("Gjord datum (tomt = idag)"))
            yield Input(self.default_date, id="on", max_length=30)
            yield Static("", id="preview")
        if self.note_mode == "required":
            yield Label(_("Anteckning (måste fyllas i)"))
            yield Input("", id="note", max_length=2000)
        elif self.note_mode == "optional":
            yield Label(_("Anteckning eller orsak (frivillig)"))
            yield Input("", id="note", max_length=2000)

    def on_mount(self) -> None:
        super().on_mount()
        self._preview()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "on":
            self._preview()

    def _preview(self) -> None:
        if self.date_mode is None:
            return
        preview = self.query_one("#preview", Static)
        try:
            day = self._parse_date(self.text_of("on"))
        except ag.DateInputError:
            preview.update("")
            return
        preview.update(f"→ {ag.weekday_short(day, language())} {day.isoformat()}")

    def _parse_date(self, text: str) -> date:
        if self.date_mode == "reschedule":
            return ag.parse_reschedule(text, self.day)
        return ag.parse_done_on(text, self.day)

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        if self.date_mode is not None:
            values["on"] = self.text_of("on").strip()
        if self.note_mode != "none":
            values["note"] = self.text_of("note").strip()
        return values

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        day: date | None = None
        if self.date_mode is not None:
            try:
                day = self._parse_date(values["on"])
            except ag.DateInputError as exc:
                raise InputError([Problem("on", f"{field_label('on')}: {exc.message}")]) from None
        note = values.get("note", "")
        if self.note_mode == "required":
            note = parse(FollowupSkipIn, {"note": note}).note
        elif self.date_mode == "reschedule":
            note = parse(FollowupMoveIn, {"on": day, "note": note}).note
        elif self.note_mode == "optional":
            note = parse(FollowupDoneIn, {"on": day or self.day, "note": note}).note
        return {"on": day, "note": note}
