"""The coming seven days (from the reminders, key v): visits, calls and SUS exits, day by day.

Read-only: the reminders' keys act on a line there; enter here opens the participant.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, Static

from coachtui.domain import agenda as ag
from coachtui.domain.codes import label
from coachtui.i18n import _, language
from coachtui.screens.base import CoachScreen
from coachtui.store import followups
from coachtui.store.followups import ReminderItem
from coachtui.widgets.commands import ScreenCommands
from coachtui.widgets.keybar import KeyBar
from coachtui.widgets.table import Column, Row, VirtualTable

DAYS = 7
DAY = "d:"


def week_rows(items: list[ReminderItem], today: date) -> list[Row]:
    """A heading per day (today … today + 6) and its items; a day without any says so."""
    lang = language()
    rows: list[Row] = []
    for offset in range(DAYS):
        day = today + timedelta(days=offset)
        on_day = sorted((i for i in items if i.due_on == day), key=lambda i: (i.kind, i.name))
        title = f"{ag.weekday_short(day, lang)} {day.isoformat()} ({len(on_day)})"
        rows.append(Row(DAY + day.isoformat(), (title,), style="bold"))
        if not on_day:
            rows.append(Row(f"e:{day.isoformat()}", ("  " + _("– inget –"),)))
        rows.extend(
            Row(item.key, ("  " + item.name, label("reminder_kind", item.kind, lang), item.slot or "–"))
            for item in on_day
        )
    return rows


class WeekScreen(CoachScreen):
    COMMANDS: ClassVar = {ScreenCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_participant", _("Öppna"), id="week.open"),
        Binding("escape", "back", _("Tillbaka"), id="week.back"),
        Binding("ctrl+z", "app.undo", _("Ångra"), key_display="^z", id="week.undo"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, ReminderItem] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="summary", classes="summary")
        yield VirtualTable(id="week", empty_text=_("Laddar …"))
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(VirtualTable)
        table.set_columns(
            [Column("name", _("Deltagare"), 0), Column("kind", _("Typ"), 17), Column("slot", _("Slot"), 4)]
        )
        table.focus()
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="week.load")
    def load(self) -> None:
        today = self.today()
        items = [i for i in followups.agenda(self.db, today, DAYS - 1) if i.due_on >= today]
        self.app.call_from_thread(self._show, today, items)

    def _show(self, today: date, items: list[ReminderItem]) -> None:
        self.items = {i.key: i for i in items}
        table = self.query_one(VirtualTable)
        table.set_rows(week_rows(items, today))
        current = table.cursor_key
        if (current is None or str(current) not in self.items) and items:
            table.move_cursor_to_key(min(items, key=lambda i: (i.due_on, i.kind, i.name)).key)  # the first line
        self.query_one("#summary", Static).update(
            _(
                "Veckan {first} – {last}: {n} besök, samtal och SUS-utskrivningar (försenade finns i Påminnelser)",
                first=today.isoformat(),
                last=(today + timedelta(days=DAYS - 1)).isoformat(),
                n=len(items),
            )
        )

    def action_open_participant(self) -> None:
        key = self.query_one(VirtualTable).cursor_key
        item = self.items.get(str(key)) if key is not None else None
        if item is None:
            self.notify(_("Välj en rad med en deltagare."), severity="warning")
            return
        from coachtui.screens.participant import ParticipantScreen

        self.app.push_screen(ParticipantScreen(item.participant_id))

    def on_virtual_table_row_selected(self, event: VirtualTable.RowSelected) -> None:
        event.stop()
        self.action_open_participant()

    def action_back(self) -> None:
        self.dismiss(None)

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        return [
            (_("Öppna deltagaren"), "enter", self.action_open_participant),
            (_("Tillbaka"), _("Till påminnelserna (escape)"), self.action_back),
        ]

    def help_markdown(self) -> str:
        return _(
            "## Veckan\n"
            "De kommande sju dagarna, dag för dag: besök, samtal och SUS-utskrivningar.\n\n"
            "- **enter**: öppna deltagaren · **escape**: tillbaka till påminnelserna\n"
            "- Gjord, flytta och hoppa över görs i Påminnelser (F3) eller på deltagarens flik Efterstöd."
        )
