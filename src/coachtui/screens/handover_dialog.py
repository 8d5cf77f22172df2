""" "Lämna över": write one participant's whole record to a file for the colleague who takes over.

The file is a coachtui/1 handover document (``services.export_all``, the same use case as
``coachtui export all --participant KEY``): the participant, their coach and employers, with
the journal, contacts and efterstöd; the colleague reads it in with Importera. The dialog
says plainly that the file holds personal data: coachtui cannot encrypt a single file (its
encryption is the SQLCipher data file), so it does not pretend to. The path is asked for,
with a default in the home folder whose name says what and when. Returns the written path,
or None when cancelled.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from coachtui.i18n import _
from coachtui.screens.base import CoachModal
from coachtui.store.db import StoreError


class HandoverDialog(CoachModal[Path | None]):
    DEFAULT_CSS = """
    HandoverDialog { align: center middle; }
    HandoverDialog > Vertical { width: 76; max-width: 95%; height: auto; border: thick $warning;
                                background: $surface; padding: 0 1; }
    HandoverDialog #handover-warning { margin: 1 0; }
    HandoverDialog Horizontal { height: auto; }
    HandoverDialog #handover-path { width: 1fr; }
    HandoverDialog #handover-error { color: $text-error; height: auto; }
    HandoverDialog #handover-buttons { align-horizontal: right; margin-top: 1; }
    HandoverDialog Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Avbryt"), id="handover.cancel"),
        Binding("ctrl+s", "ok", _("Skriv fil"), id="handover.ok"),
    ]

    def __init__(self, key: str, name: str, folder: Path | None = None) -> None:
        super().__init__()
        self.key = key
        self.person = name
        self.folder = folder if folder is not None else Path.home()
        self._writing = False

    def default_path(self) -> Path:
        from coachtui.services.export_all import handover_name

        return self.folder / handover_name([self.key], self.today())

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Lämna över {name} till en kollega", name=self.person), markup=False)
            yield Static(
                _(
                    "Filen innehåller personuppgifter: namn, telefon, journal, arbetsgivarkontakter och efterstöd"
                    " (aldrig personnummer). coachtui kan inte kryptera filen. Lämna den bara till kollegan som tar"
                    " över, på ett säkert sätt, och radera den när den är inläst (Importera i kollegans coachtui)."
                ),
                id="handover-warning",
                markup=False,
            )
            with Horizontal():
                yield Label(_("Fil") + " ")
                yield Input(str(self.default_path()), compact=True, id="handover-path")
            yield Static("", id="handover-error", markup=False)
            with Horizontal(id="handover-buttons"):
                yield Button(_("Avbryt"), id="handover-cancel")
                yield Button(_("Skriv fil (enter)"), id="handover-ok", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#handover-path", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_ok(self) -> None:
        if self._writing:
            return
        text = self.query_one("#handover-path", Input).value.strip()
        if not text:
            self.query_one("#handover-error", Static).update("✗ " + _("Skriv vart filen ska sparas."))
            return
        path = Path(text).expanduser()
        if path.is_dir():
            path = path / self.default_path().name
        self._writing = True
        self._write(path)

    @work(thread=True, exclusive=True, group="handover-write")
    def _write(self, path: Path) -> None:
        from coachtui.services import export_all

        try:
            export_all.write(self.db, path, [self.key])
        except (OSError, StoreError, export_all.UnknownParticipant) as exc:
            message = _("Filen kunde inte skrivas: {reason}", reason=getattr(exc, "strerror", None) or str(exc))
            self.app.call_from_thread(self._failed, message)
            return
        self.app.call_from_thread(self.dismiss, path)

    def _failed(self, message: str) -> None:
        self._writing = False
        self.query_one("#handover-error", Static).update("✗ " + message)

    @on(Input.Submitted, "#handover-path")
    def _submitted(self) -> None:
        self.action_ok()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "handover-ok":
            self.action_ok()
        else:
            self.action_cancel()
