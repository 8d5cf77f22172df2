"""The reminders view (F3): what to do today.

Sections in order: Försenat (most days late first), Idag, Denna vecka (the rest
of the ISO week), Kommande 14 dagar (collapsed until ``k`` or enter on its
heading). One ``VirtualTable`` holds the section headings and the lines, so
moving the cursor stays cheap however long the list is.

``[``/``]`` change the viewed day (not the clock): actions always use today.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.widgets import Header, Static

from coachtui.domain import agenda as ag
from coachtui.domain.codes import label
from coachtui.i18n import _, language
from coachtui.screens.base import CoachScreen
from coachtui.store import followups
from coachtui.store.db import StoreError
from coachtui.store.followups import ReminderItem
from coachtui.widgets.keybar import KeyBar
from coachtui.widgets.table import Column, Row, VirtualTable

if TYPE_CHECKING:
    from coachtui.screens.note_dialog import Action

HORIZON = ag.DEFAULT_HORIZON
HEADING = "h:"
EMPTY = "e:"


def section_title(name: str) -> str:
    return {
        ag.OVERDUE: _("Försenat"),
        ag.TODAY: _("Idag"),
        ag.WEEK: _("Denna vecka"),
        ag.COMING: _("Kommande {n} dagar", n=HORIZON),
    }[name]


def late_cell(item: ReminderItem) -> str:
    return _("⚠ {n} d", n=item.overdue_days) if item.overdue_days > 0 else ""


def note_cell(item: ReminderItem, day: date) -> str:
    parts = []
    if item.snoozed_until is not None and item.snoozed_until > day:
        parts.append(_("snoozad till {day}", day=item.snoozed_until.isoformat()))
    moved_from = f"{item.original_due_on.day}/{item.original_due_on.month}"
    if item.moved_reason:
        parts.append(_("flyttad från {day}: {reason}", day=moved_from, reason=item.moved_reason))
    elif item.due_on != item.original_due_on:
        parts.append(_("flyttad från {day}", day=moved_from))
    return " · ".join(parts)


def item_row(item: ReminderItem, day: date) -> Row:
    lang = language()
    return Row(
        item.key,
        (
            item.name,
            label("reminder_kind", item.kind, lang),
            item.slot or "–",
            f"{ag.weekday_short(item.due_on, lang)} {item.due_on.isoformat()}",
            late_cell(item),
            note_cell(item, day),
        ),
    )


def build_rows(agenda: ag.Agenda[ReminderItem], *, coming_open: bool) -> list[Row]:
    """Heading rows (bold) and item rows for every section; an empty section says so."""
    rows: list[Row] = []
    for name in ag.SECTIONS:
        items = agenda.section(name)
        title = f"{section_title(name)} ({len(items)})"
        hint = ""
        if name == ag.COMING:
            title = ("▾ " if coming_open else "▸ ") + title
            hint = "" if coming_open else _("– k visar")
        rows.append(Row(HEADING + name, (title, hint), style="bold"))
        if name == ag.COMING and not coming_open:
            continue
        if not items:
            rows.append(Row(EMPTY + name, ("  " + _("– inget –"),)))
        rows.extend(item_row(item, agenda.day) for item in items)
    return rows


class RemindersCommands(Provider):
    """Command palette entries for the reminders view."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        screen = self.screen
        return screen.palette_commands() if isinstance(screen, RemindersScreen) else []

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


class RemindersScreen(CoachScreen):
    COMMANDS: ClassVar = {RemindersCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "done", _("Gjord"), id="reminders.done"),
        Binding("space", "done", _("Gjord"), show=False, id="reminders.done_space"),
        Binding("r", "reschedule", _("Flytta"), id="reminders.reschedule"),
        Binding("s", "skip", _("Hoppa över"), id="reminders.skip"),
        Binding("z", "snooze", _("Snooza"), id="reminders.snooze"),
        Binding("ctrl+z", "app.undo", _("Ångra"), key_display="^z", id="reminders.undo"),
        Binding("x", "extend", _("Förläng"), id="reminders.extend"),
        Binding("m", "sus_registered", _("SUS klar"), id="reminders.sus"),
        Binding("l", "survey_handed_out", _("Enkät lämnad"), id="reminders.survey"),
        Binding("k", "toggle_coming", _("Kommande"), id="reminders.coming"),
        Binding("e", "export_calendar", _("Kalender"), id="reminders.export"),
        Binding("t", "today", _("Idag"), show=False, id="reminders.today"),
        Binding("left_square_bracket", "day(-1)", _("Föregående dag"), show=False, id="reminders.previous_day"),
        Binding("right_square_bracket", "day(1)", _("Nästa dag"), show=False, id="reminders.next_day"),
        Binding("a", "add_employment", _("Ny anställning"), show=False, id="reminders.add_employment"),
        Binding("A", "edit_employment", _("Ändra anställning"), show=False, id="reminders.edit_employment"),
        Binding("M", "edit_template", _("Efterstödsmall"), show=False, id="reminders.template"),
        Binding("v", "week", _("Veckan"), show=False, id="reminders.week"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day: date | None = None
        self.coming_open = False
        self.items: dict[str, ReminderItem] = {}
        self.agenda: ag.Agenda[ReminderItem] | None = None
        self._placed = False
        self._undone_key: str | None = None  # a row ctrl+z put back: the cursor goes there on the next show
        self._tickets = itertools.count(1)  # taken just before each read of the agenda
        self._shown = 0  # the ticket of the agenda on screen: an older read never replaces a newer one

    def _read(self) -> tuple[date, list[ReminderItem], int]:
        """Read the agenda of the viewed day (in a worker thread), with its ticket."""
        ticket = next(self._tickets)
        day = self.viewed_day
        return day, followups.agenda(self.db, day, HORIZON), ticket

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="summary", classes="summary")
        yield VirtualTable(id="agenda", empty_text=_("Laddar …"))
        yield KeyBar()

    def on_mount(self) -> None:
        self.day = self.today()
        self.query_one(VirtualTable).set_columns(
            [
                Column("name", _("Deltagare"), 0),
                Column("kind", _("Typ"), 17),
                Column("slot", _("Slot"), 4),
                Column("due", _("Datum"), 14),
                Column("late", _("Sen"), 7, align="right"),
                Column("note", _("Notering"), 0),
            ]
        )
        self.query_one(VirtualTable).focus()
        self.load()

    def on_screen_resume(self) -> None:
        if self.day is not None:
            self.load()

    # --- data ---------------------------------------------------------------------------

    @property
    def viewed_day(self) -> date:
        return self.day or self.today()

    @work(thread=True, exclusive=True, group="reminders.load")
    def load(self) -> None:
        self.app.call_from_thread(self._show, *self._read())

    def _show(self, day: date, items: list[ReminderItem], ticket: int) -> None:
        if day != self.viewed_day or ticket < self._shown:
            return  # an older read (e.g. one that started before a write committed)
        self._shown = ticket
        self.agenda = ag.sections(items, day, horizon=HORIZON, key=lambda i: (i.kind, i.name))
        self.items = {item.key: item for item in items}
        table = self.query_one(VirtualTable)
        table.set_rows(build_rows(self.agenda, coming_open=self.coming_open))
        key = str(table.cursor_key) if table.cursor_key is not None else ""
        if self._undone_key in self.items:
            table.move_cursor_to_key(self._undone_key)
            self._undone_key = None
        elif not self._placed or key.startswith((HEADING, EMPTY)):
            self._place_cursor(table.cursor_row if self._placed else 0)
        self._placed = True
        self._update_summary()

    def after_undo(self, table: str, row_id: int, participant_id: int) -> None:
        """ctrl+z put a row back: reload, with the cursor on its line when it is shown."""
        self._undone_key = f"f{row_id}" if table == "followup" else f"s{participant_id}"
        self.load()

    def _place_cursor(self, start: int = 0) -> None:
        """The cursor on the first item at or after row ``start`` (a done item's next row), else the last
        item before it."""
        table = self.query_one(VirtualTable)
        rows = table.rows
        order = [*range(start, len(rows)), *range(min(start, len(rows)) - 1, -1, -1)]
        for index in order:
            if str(rows[index].key) in self.items:
                table.cursor_row = index
                return

    def _update_summary(self) -> None:
        if self.agenda is None:
            return
        lang = language()
        counts = self.agenda.counts()
        day = self.viewed_day
        text = _(
            "{weekday} {day} · ⚠ {overdue} försenade · {today} idag · {snoozed} snoozade",
            weekday=ag.weekday_short(day, lang),
            day=day.isoformat(),
            overdue=counts[ag.OVERDUE],
            today=counts[ag.TODAY],
            snoozed=counts["snoozed"],
        )
        if day != self.today():
            text += "  " + _("(visar en annan dag: t går till idag)")
        self.query_one("#summary", Static).update(text)

    def current(self) -> ReminderItem | None:
        key = self.query_one(VirtualTable).cursor_key
        return self.items.get(str(key)) if key is not None else None

    def _need_item(self, *, followup: bool = True) -> ReminderItem | None:
        item = self.current()
        if item is None:
            self.notify(_("Välj en påminnelse först (piltangenterna)."), severity="warning")
            return None
        if followup and item.followup_id is None and item.is_survey:
            self.notify(_("Det här gäller bara uppföljningar; l markerar enkäten lämnad."), severity="warning")
            return None
        if followup and item.followup_id is None:
            self.notify(_("Det här gäller bara uppföljningar, inte SUS-utskrivningar."), severity="warning")
            return None
        return item

    @work(thread=True, group="reminders.write")
    def _write(self, command: Callable[[], str]) -> None:
        """Run a store command that needs no form (snooze, extend, SUS) off the UI thread, tell the coach,
        reload. Done, reschedule and skip save in their dialog (`NoteDialog`)."""
        try:
            message = command()
        except StoreError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=8)
            return
        self.app.call_from_thread(self._show, *self._read())
        self.app.call_from_thread(self.notify, message)

    # --- actions ------------------------------------------------------------------------

    def _ask(self, item: ReminderItem, action: Action) -> None:
        """Open the follow-up dialog (it saves the answer itself and stays open if that fails); once saved,
        tell the coach. The list reloads when the dialog closes (`on_screen_resume`)."""
        from coachtui.screens.note_dialog import ask_followup

        assert item.followup_id is not None
        ask_followup(
            self.app,
            item.followup_id,
            action,
            today=self.today(),
            subject=self._describe(item),
            then=lambda message, _answer: self.notify(message),
        )

    def _describe(self, item: ReminderItem) -> str:
        kind = label("reminder_kind", item.kind, language())
        slot = f" {item.slot}" if item.slot else ""
        return f"{item.name} · {kind}{slot} · {item.due_on.isoformat()}"

    def action_done(self) -> None:
        item = self._need_item(followup=False)
        if item is None:
            return
        if item.is_survey:
            self.action_survey_handed_out()
            return
        if item.followup_id is None:
            self.action_sus_registered()
            return
        self._ask(item, "done")

    def action_reschedule(self) -> None:
        item = self._need_item()
        if item is not None:
            self._ask(item, "reschedule")

    def action_skip(self) -> None:
        item = self._need_item()
        if item is not None:
            self._ask(item, "skip")

    def action_snooze(self) -> None:
        item = self._need_item()
        if item is None or item.followup_id is None:
            return
        followup_id = item.followup_id
        today = self.today()

        def command() -> str:
            from coachtui.services import undo

            until, entry = undo.do_snooze(self.db, followup_id, today)
            self.coach_app.undo_stack.push(entry)  # ctrl+z undoes it
            return _("Snoozad till {day}: {who}", day=until.isoformat(), who=item.name)

        self._write(command)

    def action_extend(self) -> None:
        item = self._need_item()
        if item is None:
            return
        from coachtui.screens.confirm import ConfirmScreen

        participant_id = item.participant_id
        today = self.today()

        def command() -> str:
            done = followups.extend(self.db, participant_id, today=today)
            return _(
                "Efterstödet för {who} förlängt: avslutande samtal {slot} den {day}.",
                who=item.name,
                slot=done.slot,
                day=done.due_on.isoformat(),
            )

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(command)

        question = _(
            "Förläng efterstödet för {who} med en månad? Ett nytt avslutande samtal läggs en månad efter"
            " det sista; det förra blir ett vanligt samtal.",
            who=item.name,
        )
        self.app.push_screen(ConfirmScreen(question, yes=_("Förläng")), answered)

    def action_sus_registered(self) -> None:
        item = self._need_item(followup=False)
        if item is None:
            return
        if not item.is_sus_exit:
            self.notify(_("m gäller raderna SUS-utskrivning."), severity="warning")
            return
        from coachtui.screens.exports import SusDateModal

        participant_id = item.participant_id
        today = self.today()

        def command(on: date) -> str:
            from coachtui.services import undo

            self.coach_app.undo_stack.push(undo.do_sus_registered(self.db, participant_id, on, today=today))
            return _("{who}: utskrivningen registrerad i SUS {day}.", who=item.name, day=on.isoformat())

        def chosen(on: date | None) -> None:
            if on is not None:
                self._write(partial(command, on))

        self.app.push_screen(SusDateModal(item.name), chosen)

    def action_survey_handed_out(self) -> None:
        item = self._need_item(followup=False)
        if item is None:
            return
        if not item.is_survey:
            self.notify(_("l gäller raderna Enkät att lämna."), severity="warning")
            return
        participant_id = item.participant_id
        today = self.today()

        def command() -> str:
            from coachtui.store import surveys

            surveys.mark_offered(self.db, participant_id, today)
            return _("{who}: enkäten markerad som lämnad {day}.", who=item.name, day=today.isoformat())

        self._write(command)

    def action_toggle_coming(self) -> None:
        self.coming_open = not self.coming_open
        if self.agenda is not None:
            self.query_one(VirtualTable).set_rows(build_rows(self.agenda, coming_open=self.coming_open))
        self.notify(_("Kommande visas.") if self.coming_open else _("Kommande dolda."), timeout=2)

    def action_today(self) -> None:
        self.day = self.today()
        self.load()

    def action_day(self, delta: int) -> None:
        self.day = self.viewed_day + timedelta(days=delta)
        self.load()

    def action_export_calendar(self) -> None:
        self._export()

    @work(thread=True, group="reminders.export")
    def _export(self) -> None:
        from coachtui.exports import ics
        from coachtui.services import calendar
        from coachtui.store.settings import export_folder

        start, end = ics.default_period(self.today())
        path = export_folder(self.db) / ics.default_filename(start, end)
        try:
            count = calendar.export_calendar(self.db, path, start, end, now=self.now())
        except (OSError, StoreError) as exc:
            self.app.call_from_thread(
                self.notify, _("Kalendern kunde inte sparas: {reason}", reason=str(exc)), severity="error"
            )
            return
        self.app.call_from_thread(
            self.notify,
            _("Kalender med {n} händelser sparad: {path}", n=count, path=str(path)),
            timeout=10,
        )

    def action_open_participant(self) -> None:
        item = self._need_item(followup=False)
        if item is None:
            return
        from coachtui.screens.participant import ParticipantScreen

        self.app.push_screen(ParticipantScreen(item.participant_id))

    def action_add_employment(self) -> None:
        item = self._need_item(followup=False)
        if item is None:
            return
        from coachtui.screens.employment_form import EmploymentForm

        self.app.push_screen(EmploymentForm(item.participant_id), self._after_form)

    def action_edit_employment(self) -> None:
        item = self._need_item()
        if item is None or item.employment_id is None:
            return
        from coachtui.screens.employment_form import EmploymentForm

        self.app.push_screen(EmploymentForm(item.participant_id, item.employment_id), self._after_form)

    def action_week(self) -> None:
        from coachtui.screens.week import WeekScreen

        self.app.push_screen(WeekScreen())

    def action_edit_template(self) -> None:
        from coachtui.screens.template_form import TemplateForm

        self.app.push_screen(TemplateForm(), self._after_form)

    def _after_form(self, result: object) -> None:
        if result is not None:
            self.load()

    def on_virtual_table_row_selected(self, event: VirtualTable.RowSelected) -> None:
        event.stop()
        key = str(event.key)
        if key == HEADING + ag.COMING:
            self.action_toggle_coming()
        elif key in self.items:
            self.action_open_participant()

    # --- help and palette ---------------------------------------------------------------

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        return [
            (_("Påminnelse: markera gjord"), _("d eller mellanslag"), self.action_done),
            (_("Påminnelse: flytta"), _("r: datum, +1, +1v eller veckodag"), self.action_reschedule),
            (_("Påminnelse: hoppa över"), _("s: med anteckning"), self.action_skip),
            (_("Påminnelse: snooza till nästa arbetsdag"), "z", self.action_snooze),
            (_("Efterstöd: förläng en månad"), "x", self.action_extend),
            (_("SUS-utskrivning: markera registrerad"), "m", self.action_sus_registered),
            (_("Enkät: markera lämnad"), _("l: NNS-enkäten lämnad idag"), self.action_survey_handed_out),
            (_("Påminnelser: visa/dölj kommande 14 dagar"), "k", self.action_toggle_coming),
            (_("Påminnelser: idag"), "t", self.action_today),
            (_("Påminnelser: föregående dag"), "[", partial(self.action_day, -1)),
            (_("Påminnelser: nästa dag"), "]", partial(self.action_day, 1)),
            (_("Exportera kalender (.ics, 6 månader)"), "e", self.action_export_calendar),
            (_("Öppna deltagaren"), "enter", self.action_open_participant),
            (_("Registrera anställning"), "a", self.action_add_employment),
            (_("Ändra anställning (första arbetsdag)"), "A", self.action_edit_employment),
            (_("Efterstödsmall (inställning)"), "M", self.action_edit_template),
            (_("Veckan: de kommande sju dagarna"), "v", self.action_week),
        ]

    def help_markdown(self) -> str:
        return (
            _(
                "## Påminnelser\n"
                "Försenat (flest dagar sen först), Idag, Denna vecka och Kommande 14 dagar.\n\n"
                "- **d** eller **mellanslag**: gjord (frivillig anteckning, datum idag om inget annat anges)\n"
                "- **r**: flytta (ÅÅÅÅ-MM-DD, +1, +1v eller en veckodag som *tis*); ursprungsdatumet sparas\n"
                "- **s**: hoppa över (anteckning krävs)\n"
                "- **z**: snooza till nästa arbetsdag (döljs från Försenat och Idag till dess, räknas i rubriken)\n"
                "- **x**: förläng deltagarens efterstöd en månad\n"
                "- **m**: SUS-utskrivning registrerad (på rader SUS-utskrivning; frågar datum, idag föreslås)\n"
                "- **enter**: öppna deltagaren · **k**: visa/dölj Kommande\n"
                "- **t**: idag · **[** / **]**: föregående / nästa dag (byter visad dag, inte klockan)\n"
                "- **e**: exportera kalender (.ics, 6 månader framåt) till hemmappen\n"
                "- **a** / **A**: registrera / ändra anställning · **M**: efterstödsmallen\n"
            )
            + _("- **l**: NNS-enkäten lämnad idag (på rader Enkät att lämna)\n")
            + _("- **v**: veckan, de kommande sju dagarna dag för dag\n")
        )
