"""The caseload: the coach's home screen."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Footer, Header, Static

from coachtui.i18n import _
from coachtui.screens.base import CoachScreen
from coachtui.store import participants
from coachtui.widgets.table import Column, Row, VirtualTable


class CaseloadScreen(CoachScreen):
    BINDINGS: ClassVar[list[BindingType]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="summary", classes="summary")
        yield VirtualTable(id="caseload", empty_text=_("Inga deltagare ännu."))
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(VirtualTable)
        table.set_columns(
            [
                Column("name", _("Namn"), 0),
                Column("program", _("Program"), 7),
                Column("step", _("Steg"), 16),
            ]
        )
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        rows = participants.caseload(self.db, today=self.today())
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[participants.CaseloadRow]) -> None:
        from coachtui.domain.steps import step_name
        from coachtui.i18n import language

        table = self.query_one(VirtualTable)
        table.set_rows(
            [
                Row(r.id, (r.name, r.program, f"{r.step} {step_name(r.step, language())}" if r.step else "–"))
                for r in rows
            ]
        )
        self.query_one("#summary", Static).update(_("{n} aktiva deltagare", n=len(rows)))
