"""The Textual app, built by one factory used by the CLI and the tests.

Peer views are modes (caseload, reminders, exports, report); a participant
opens as a pushed screen; forms are modal screens. Screens reach the data only
through ``coachtui.store`` functions, in thread workers.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from coachtui.clock import Clock
from coachtui.i18n import _
from coachtui.store.db import Database


def _caseload() -> Screen[None]:
    from coachtui.screens.caseload import CaseloadScreen

    return CaseloadScreen()


class CoachApp(App[None]):
    TITLE = "coachtui"
    CSS_PATH = "app.tcss"
    MODES: ClassVar = {"caseload": _caseload}
    DEFAULT_MODE = "caseload"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", _("Hjälp"), id="help"),
        Binding("question_mark", "help", _("Hjälp"), show=False, id="help2"),
        Binding("ctrl+q", "quit", _("Avsluta"), id="quit"),
    ]

    def __init__(self, db: Database, clock: Clock, *, demo: bool = False) -> None:
        super().__init__()
        self.db = db
        self.clock = clock
        self.demo = demo
        self.sub_title = _("Demo") if demo else ""

    def today(self) -> date:
        return self.clock()

    def on_mount(self) -> None:
        self.theme = "textual-dark"

    def action_help(self) -> None:
        from coachtui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def on_unmount(self) -> None:
        self.db.close()


def create_app(db: Database, clock: Clock, *, demo: bool = False) -> CoachApp:
    """The one factory: the CLI and the tests build the app here."""
    return CoachApp(db, clock, demo=demo)
