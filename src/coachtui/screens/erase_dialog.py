"""Erase a participant for good, confirmed by typing their initials.

``EraseDialog(participant_key, first_name, last_name)`` returns True when the
participant was erased (by their stable key, through ``services.erase``, the same use case as
``coachtui erase KEY``) (the erasure runs in a thread worker here), False or
None when cancelled. The participant screen pushes it (suggested key ctrl+d)
and closes itself on True.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from coachtui.i18n import _
from coachtui.screens.base import CoachModal
from coachtui.services import erase
from coachtui.store.db import StoreError
from coachtui.widgets.keybar import KeyBar


class EraseDialog(CoachModal[bool]):
    DEFAULT_CSS = """
    EraseDialog { align: center middle; }
    EraseDialog > Vertical { width: 72; max-width: 100%; height: auto; max-height: 100%;
                             border: thick $error; background: $surface; padding: 0 1; }
    EraseDialog .title { text-style: bold; margin-bottom: 1; }
    EraseDialog #problem { color: $error; height: auto; }
    EraseDialog Horizontal { height: auto; align-horizontal: right; }
    EraseDialog Button { margin-left: 2; min-width: 10; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Avbryt"), id="erase.cancel"),
        Binding("ctrl+r", "erase", _("Radera för alltid"), id="erase.confirm"),
    ]

    def __init__(self, participant_key: str, first_name: str, last_name: str) -> None:
        super().__init__()
        self.person = erase.Person(participant_key, first_name, last_name)
        self.first_name = first_name
        self.last_name = last_name
        self.busy = False

    def compose(self) -> ComposeResult:
        name = f"{self.first_name} {self.last_name}"
        with Vertical():
            yield Static(_("⚠ Radera {name} för alltid", name=name), classes="title")
            yield Static(
                _(
                    "Allt om personen tas bort: uppgifter, steg, journal, arbetsgivarkontakter, anställningar,"
                    " efterstöd och avslut. Det går inte att ångra. Äldre säkerhetskopior har kvar personen tills"
                    " de roteras bort."
                )
            )
            yield Label(_("Skriv personens initialer ({n} bokstäver) för att bekräfta:", n=2))
            yield Input("", id="initials", max_length=10)
            yield Static("", id="problem")
            with Horizontal():
                yield Button(_("Avbryt"), id="cancel")
                yield Button(_("Radera för alltid"), id="erase", variant="error")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#initials", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_erase()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "erase":
            self.action_erase()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(False)

    def action_erase(self) -> None:
        if self.busy:
            return
        typed = self.query_one("#initials", Input).value
        if not erase.initials_match(typed, self.person):
            self.query_one("#problem", Static).update(_("✗ Initialerna stämmer inte. Inget raderades."))
            return
        self.busy = True
        self.query_one("#problem", Static).update(_("Raderar …"))
        self._erase()

    @work(thread=True, exclusive=True)
    def _erase(self) -> None:
        try:
            erase.erase_for_good(self.db, self.person, now=self.now())
        except StoreError as problem:
            self.app.call_from_thread(self._failed, str(problem))
            return
        self.app.call_from_thread(self._done)

    def _failed(self, message: str) -> None:
        self.busy = False
        self.query_one("#problem", Static).update(f"✗ {message}")

    def _done(self) -> None:
        self.app.notify(_("Deltagaren är raderad."))
        self.dismiss(True)
