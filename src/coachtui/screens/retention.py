"""Gallring: who is due for erasure by the team's rule "erase N years after exit", erased in one action.

The rule is the setting ``retention_years`` (0 = off), edited here. Erasing the
listed people is one confirmed action, logged in the audit table as
"participants erased (retention)" with the count and the date.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, Input, Label, Static

from coachtui.i18n import _
from coachtui.screens.base import CoachScreen
from coachtui.store import erase, settings
from coachtui.store.db import StoreError
from coachtui.widgets.keybar import KeyBar

MAX_YEARS = 100


class RetentionScreen(CoachScreen):
    DEFAULT_CSS = """
    RetentionScreen > Vertical { padding: 0 1; }
    RetentionScreen #rule { height: auto; }
    RetentionScreen #rule Label { padding: 1 1 0 0; }
    RetentionScreen #years { width: 10; }
    RetentionScreen #summary { height: auto; margin: 1 0; }
    RetentionScreen DataTable { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("Tillbaka"), id="retention.back"),
        Binding("ctrl+g", "erase_due", _("Gallra alla som listas"), id="retention.erase"),
        Binding("ctrl+s", "save_years", _("Spara antal år"), id="retention.save"),
        Binding("ctrl+r", "reload", _("Uppdatera"), id="retention.reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.due: list[erase.DueRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            with Horizontal(id="rule"):
                yield Label(_("Radera deltagare så här många år efter avslut (0 = av):"))
                yield Input("", id="years", max_length=3, restrict=r"[0-9]*")
            yield Static("", id="summary")
            yield DataTable(id="due", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = _("Gallring")
        table = self.query_one("#due", DataTable)
        table.add_columns(_("Namn"), _("Avslutad"), _("Gallras från"))
        self.action_reload()

    def help_markdown(self) -> str:
        return _(
            "## Gallring\n\nListan visar deltagare som avslutades minst så många år sedan som regeln säger."
            " **ctrl+g** raderar alla som listas (efter en fråga); allt om dem tas bort ur datafilen."
            " Ändra antalet år och spara med **ctrl+s** (0 stänger av gallringen)."
        )

    # --- loading -----------------------------------------------------------------------

    def action_reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="retention")
    def _load(self) -> None:
        years = erase.retention_years(self.db)
        due = erase.due_for_erasure(self.db, self.today())
        self.app.call_from_thread(self._show, years, due)

    def _show(self, years: int, due: list[erase.DueRow]) -> None:
        self.due = due
        years_input = self.query_one("#years", Input)
        if not years_input.has_focus or not years_input.value:
            years_input.value = str(years)
        table = self.query_one("#due", DataTable)
        table.clear()
        for row in due:
            table.add_row(row.name, row.exited_on.isoformat(), row.erase_on.isoformat(), key=str(row.id))
        summary = self.query_one("#summary", Static)
        if years == 0:
            summary.update(_("○ Gallring är avstängd. Ange antal år och spara med ctrl+s."))
        elif not due:
            summary.update(_("✓ Ingen ska gallras idag (regel: {years} år efter avslut).", years=years))
        else:
            summary.update(
                _(
                    "⚠ {n} deltagare ska gallras (regel: {years} år efter avslut). ctrl+g raderar dem.",
                    n=len(due),
                    years=years,
                )
            )

    # --- actions -----------------------------------------------------------------------

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save_years()

    def action_save_years(self) -> None:
        text = self.query_one("#years", Input).value.strip()
        if not text.isdigit() or int(text) > MAX_YEARS:
            self.notify(_("✗ Antal år: skriv ett heltal 0-{n}.", n=MAX_YEARS), severity="error")
            return
        self._save_years(int(text))

    @work(thread=True, exclusive=True, group="retention")
    def _save_years(self, years: int) -> None:
        try:
            settings.put(self.db, "retention_years", str(years))
        except StoreError as problem:
            self.app.call_from_thread(self.notify, f"✗ {problem}", severity="error")
            return
        self.app.call_from_thread(self.notify, _("Gallringsregeln är sparad."))
        due = erase.due_for_erasure(self.db, self.today())
        self.app.call_from_thread(self._show, years, due)

    def action_erase_due(self) -> None:
        if not self.due:
            self.notify(_("Ingen att gallra."))
            return
        from coachtui.screens.confirm import ConfirmScreen

        ids = [row.id for row in self.due]
        question = _(
            "Radera {n} deltagare för alltid? Allt om dem tas bort ur datafilen och kan inte återställas"
            " (utom ur äldre säkerhetskopior tills de roteras bort).",
            n=len(ids),
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._erase(ids)

        self.app.push_screen(ConfirmScreen(question, yes=_("Radera")), answered)

    @work(thread=True, exclusive=True, group="retention")
    def _erase(self, ids: list[int]) -> None:
        try:
            result = erase.erase_participants(self.db, ids, now=self.now())
        except StoreError as problem:
            self.app.call_from_thread(self.notify, f"✗ {problem}", severity="error")
            return
        self.app.call_from_thread(self.notify, _("{n} deltagare gallrade.", n=result.count))
        years = erase.retention_years(self.db)
        due = erase.due_for_erasure(self.db, self.today())
        self.app.call_from_thread(self._show, years, due)
