"""The "exports" mode: the exits of a period with their SUS status, and the exports for the funder.

The period defaults to the current half-year (``[`` and ``]`` step by half-years,
``p`` types one). Each exit shows when it is due in SUS and whether it is
registered (a symbol and a word, never colour alone). ``r`` marks the exit
registered in SUS (date, default today), ``u`` removes the mark, ``e``/enter
edits or undoes the exit. ``c``/``x``/``j`` export the period's exits still to
register (csv/xlsx/json) and ``f`` the Finsam counts, to a file in the home
folder whose name says what and which period.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Header, Input, Label, Static

from coachtui.domain import codes
from coachtui.domain.exports import ExitRecord, exit_rows, finsam_counts
from coachtui.domain.report import Period, half_year, shift
from coachtui.i18n import _, language
from coachtui.screens.base import CoachModal, CoachScreen
from coachtui.store import audit, exits
from coachtui.store.db import StoreError
from coachtui.widgets.commands import PaletteCommand, ScreenCommands
from coachtui.widgets.form import DateInput
from coachtui.widgets.keybar import KeyBar
from coachtui.widgets.table import Column, Row, VirtualTable

MARK_REGISTERED = "✓"
MARK_DUE = "⚠"
MARK_LATER = "○"
MARK_NOT_IN_SUS = "–"


def sus_status(record: ExitRecord, today: date, delay_months: int) -> str:
    """The SUS status of an exit in words, with a symbol."""
    if not record.in_sus:
        return f"{MARK_NOT_IN_SUS} " + _("utan samtycke")
    if record.sus_registered_on is not None:
        return f"{MARK_REGISTERED} " + _("registrerad {on}", on=record.sus_registered_on.isoformat())
    if record.sus_exit_on(delay_months) <= today:
        return f"{MARK_DUE} " + _("ej registrerad, dags")
    return f"{MARK_LATER} " + _("ej registrerad")


def columns() -> list[Column]:
    return [
        Column("name", _("Namn"), 0),
        Column("exited", _("Avslutad"), 10),
        Column("reason", _("Orsak"), 15),  # the name gets the room at 80 columns
        Column("sus_on", _("SUS-dag"), 10),
        Column("status", _("SUS-status"), 24),
    ]


def table_rows(records: Sequence[ExitRecord], today: date, delay_months: int, lang: str) -> list[Row]:
    return [
        Row(
            r.participant_id,
            (
                f"{r.first_name} {r.last_name}",
                r.exited_on.isoformat(),
                codes.label("exit_reason", r.reason, lang),
                r.sus_exit_on(delay_months).isoformat() if r.in_sus else MARK_NOT_IN_SUS,
                sus_status(r, today, delay_months),
            ),
        )
        for r in records
    ]


@dataclass(frozen=True, slots=True)
class Loaded:
    records: list[ExitRecord]
    delay_months: int
    rows: list[Row]


class SusDateModal(CoachModal[date | None]):
    """Asks for the date the exit was registered in SUS (default today)."""

    DEFAULT_CSS = """
    SusDateModal { align: center middle; }
    SusDateModal > Vertical { width: 60; max-width: 95%; height: auto; border: round $accent;
                              background: $surface; padding: 0 1; }
    SusDateModal Horizontal { height: auto; }
    SusDateModal #sus-error { color: $text-error; height: auto; }
    SusDateModal #sus-buttons { align-horizontal: right; margin-top: 1; }
    SusDateModal Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Avbryt"), id="sus_date.cancel"),
        Binding("ctrl+s", "ok", _("Spara"), id="sus_date.ok"),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.person = name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Registrerad i SUS: {name}", name=self.person))
            with Horizontal():
                yield Label(_("Datum") + " ")
                yield DateInput(self.today().isoformat(), id="sus-on")
            yield Static("", id="sus-error")
            with Horizontal(id="sus-buttons"):
                yield Button(_("Avbryt"), id="sus-cancel")
                yield Button(_("Spara (enter)"), id="sus-ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#sus-on", DateInput).focus()

    def action_ok(self) -> None:
        text = self.query_one("#sus-on", DateInput).value.strip()
        try:
            self.dismiss(date.fromisoformat(text))
        except ValueError:
            self.query_one("#sus-error", Static).update(
                "✗ " + _("ogiltigt datum {value!r}: skriv ÅÅÅÅ-MM-DD med en dag som finns", value=text)
            )

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#sus-on")
    def _submitted(self) -> None:
        self.action_ok()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "sus-ok":
            self.action_ok()
        else:
            self.action_cancel()


class ExitsTable(VirtualTable):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", _("Ändra"), show=False, id="exports.open"),
    ]


class ExportsScreen(CoachScreen):
    COMMANDS: ClassVar = {ScreenCommands}
    DEFAULT_CSS = """
    ExportsScreen #period { height: 1; padding: 0 1; }
    ExportsScreen #period Label { width: auto; padding-right: 1; }
    ExportsScreen #period DateInput { width: 12; margin-right: 2; }
    ExportsScreen ExitsTable { height: 1fr; }
    """
    # In key-bar order: at 80 columns the bar shows r c j f [ ] (the rest: F1 and the palette).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "mark_registered", _("Reg. i SUS"), id="exports.mark_registered"),
        Binding("u", "unmark_registered", _("Ej reg."), show=False, id="exports.unmark_registered"),  # F1, palette
        Binding("e", "edit_exit", _("Ändra"), show=False, id="exports.edit_exit"),  # enter does it too
        Binding("c", "export('csv')", _("CSV"), id="exports.csv"),
        Binding("j", "export('json')", _("JSON"), id="exports.json"),
        Binding("f", "finsam", _("Finsam"), id="exports.finsam"),
        Binding("left_square_bracket", "shift_period(-1)", _("Halvår"), key_display="[ ]", id="exports.prev"),
        Binding("right_square_bracket", "shift_period(1)", _("Nästa halvår"), show=False, id="exports.next"),
        Binding("x", "export('xlsx')", _("Excel"), id="exports.xlsx"),
        Binding("a", "toggle_registered", _("Med reg."), id="exports.toggle_registered"),
        Binding("p", "edit_period", _("Period"), id="exports.period"),
        Binding("o", "choose_folder", _("Mapp"), id="exports.folder"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.start: date | None = None
        self.end: date | None = None
        self.loaded: Loaded | None = None
        self.include_registered = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="summary", classes="summary")
        with Horizontal(id="period"):
            yield Label(_("Period från"))
            yield DateInput(id="period-from")
            yield Label(_("till"))
            yield DateInput(id="period-to")
            yield Label(_("(enter uppdaterar)"), classes="muted")
        yield ExitsTable(id="exits", empty_text=_("Inga avslut under perioden."))
        yield KeyBar()

    @property
    def table(self) -> ExitsTable:
        return self.query_one(ExitsTable)

    def on_mount(self) -> None:
        period = half_year(self.today())
        self.start, self.end = period.start, period.end
        self._show_period()
        self.table.set_columns(columns())
        self.table.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    # --- period ------------------------------------------------------------------------

    def _show_period(self) -> None:
        assert self.start is not None and self.end is not None
        self.query_one("#period-from", DateInput).value = self.start.isoformat()
        self.query_one("#period-to", DateInput).value = self.end.isoformat()

    def action_shift_period(self, steps: int) -> None:
        assert self.start is not None and self.end is not None
        period = shift(Period(self.start, self.end), steps)  # a half-year moves by half-years, others by length
        self.start, self.end = period.start, period.end
        self._show_period()
        self.reload()

    def action_edit_period(self) -> None:
        self.query_one("#period-from", DateInput).focus()

    @on(Input.Submitted, "#period-from, #period-to")
    def _period_submitted(self) -> None:
        try:
            start = date.fromisoformat(self.query_one("#period-from", DateInput).value.strip())
            end = date.fromisoformat(self.query_one("#period-to", DateInput).value.strip())
        except ValueError:
            self.notify(_("Skriv perioden som ÅÅÅÅ-MM-DD."), severity="error")
            return
        if end < start:
            self.notify(_("Periodens slut är före dess början."), severity="error")
            return
        self.start, self.end = start, end
        self.table.focus()
        self.reload()

    # --- loading -----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="exports-load")
    def reload(self) -> None:
        start, end, today = self.start, self.end, self.today()
        records = exits.exit_records(self.db, start, end)
        delay = exits.delay_months(self.db)
        rows = table_rows(records, today, delay, language())
        self.app.call_from_thread(self._loaded, Loaded(records, delay, rows))

    def _loaded(self, loaded: Loaded) -> None:
        self.loaded = loaded
        self.table.set_rows(loaded.rows)
        in_sus = [r for r in loaded.records if r.in_sus]
        waiting = [r for r in in_sus if r.sus_registered_on is None]
        due = [r for r in waiting if r.sus_exit_on(loaded.delay_months) <= self.today()]
        text = _(
            "{n} avslut · {waiting} i SUS ({due} {mark} dags) · {anonymous} utan samtycke",
            n=len(loaded.records),
            waiting=_("1 ej registrerad") if len(waiting) == 1 else _("{n} ej registrerade", n=len(waiting)),
            due=len(due),
            mark=MARK_DUE,
            anonymous=len(loaded.records) - len(in_sus),
        )
        if self.include_registered:
            text += " · " + _("export: även registrerade")
        self.query_one("#summary", Static).update(text)

    def action_toggle_registered(self) -> None:
        self.include_registered = not self.include_registered
        self.notify(
            _("Exporten tar med avslut som redan är registrerade i SUS.")
            if self.include_registered
            else _("Exporten tar bara med avslut som inte är registrerade i SUS.")
        )
        if self.loaded is not None:
            self._loaded(self.loaded)

    def _current(self) -> ExitRecord | None:
        key = self.table.cursor_key
        if self.loaded is None or key is None:
            return None
        return next((r for r in self.loaded.records if r.participant_id == key), None)

    # --- SUS registration ----------------------------------------------------------------

    def action_mark_registered(self) -> None:
        record = self._current()
        if record is None:
            self.notify(_("Inget avslut markerat."), severity="warning")
            return
        if not record.in_sus:
            self.notify(_("Deltagaren har inget SUS-samtycke; avslutet registreras inte i SUS."), severity="warning")
            return

        def chosen(on: date | None) -> None:
            if on is not None:
                self._mark(record.participant_id, on)

        self.app.push_screen(SusDateModal(f"{record.first_name} {record.last_name}"), chosen)

    def action_unmark_registered(self) -> None:
        record = self._current()
        if record is None or record.sus_registered_on is None:
            self.notify(_("Avslutet är inte markerat som registrerat i SUS."), severity="warning")
            return
        from coachtui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._mark(record.participant_id, None)

        self.app.push_screen(
            ConfirmScreen(
                _(
                    "Ta bort markeringen att avslutet för {name} är registrerat i SUS?",
                    name=f"{record.first_name} {record.last_name}",
                ),
                yes=_("Ta bort markeringen"),
            ),
            answered,
        )

    @work(thread=True, exclusive=True, group="exports-mark")
    def _mark(self, participant_id: int, on: date | None) -> None:
        try:
            from coachtui.services import undo

            entry = undo.do_sus_registered(self.db, participant_id, on, today=self.today())
            self.coach_app.undo_stack.push(entry)  # ctrl+z undoes it
        except StoreError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", title=_("Inte sparat"))
            return
        message = _("Registrerad i SUS {on}.", on=on.isoformat()) if on else _("Markeringen är borttagen.")
        self.app.call_from_thread(self.notify, message)
        self.app.call_from_thread(self.reload)

    # --- edit / undo ---------------------------------------------------------------------

    def action_edit_exit(self) -> None:
        record = self._current()
        if record is None:
            self.notify(_("Inget avslut markerat."), severity="warning")
            return
        from coachtui.screens.exit_form import ExitForm

        def done(changed: bool | None) -> None:
            if changed:
                self.reload()

        self.app.push_screen(ExitForm(record.participant_id), done)

    @on(VirtualTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_edit_exit()

    # --- exports -------------------------------------------------------------------------

    def export_folder(self) -> Path:
        """The chosen folder (``o``; the home folder until one is chosen). Read in the writing worker."""
        from coachtui.store import settings

        return settings.export_folder(self.db)

    def action_choose_folder(self) -> None:
        self._choose_folder()

    @work(thread=True, group="exports-folder")
    def _choose_folder(self) -> None:
        from coachtui.screens.folder_dialog import FolderDialog

        current = self.export_folder()

        def chosen(folder: Path | None) -> None:
            if folder is not None:
                self.notify(_("Exporter sparas nu i {path}", path=str(folder)), title=_("Mapp"))

        self.app.call_from_thread(self.app.push_screen, FolderDialog(current), chosen)

    def action_export(self, fmt: str) -> None:
        self._export(fmt)

    @work(thread=True, exclusive=True, group="exports-write")
    def _export(self, fmt: str) -> None:
        from coachtui.exports import exits as writer
        from coachtui.exports import files

        start, end, include = self.start, self.end, self.include_registered
        try:
            records = exits.exit_records(self.db, start, end)
            delay = exits.delay_months(self.db)
            rows = exit_rows(records, start=start, end=end, delay_months=delay, include_registered=include)
            every = exit_rows(records, start=start, end=end, delay_months=delay, include_registered=True)
            path = self.export_folder() / files.default_name("avslut", start, end, fmt)
            files.write_private(path, writer.render(rows, fmt), db_path=self.db.path)
            audit.record_export(self.db, "exits", "exit", start, end, len(rows), fmt)
        except (OSError, StoreError) as exc:
            self.app.call_from_thread(self._export_failed, exc)
            return
        message = _("{n} avslut sparade i {path}", n=len(rows), path=str(path))
        if len(every) > len(rows):
            message += " " + _("({n} redan registrerade i SUS togs inte med; a tar med dem.)", n=len(every) - len(rows))
        self.app.call_from_thread(self.notify, message, title=_("Exporterat"), timeout=10)

    def action_finsam(self) -> None:
        self._finsam()

    @work(thread=True, exclusive=True, group="exports-write")
    def _finsam(self) -> None:
        from coachtui.exports import files, finsam

        start, end = self.start, self.end
        assert start is not None and end is not None
        try:
            counts = finsam_counts(exits.finsam_people(self.db, start, end), start, end)
            path = self.export_folder() / files.default_name("finsam", start, end, "txt")
            files.write_private(path, finsam.to_text(counts), db_path=self.db.path)
            audit.record_export(self.db, "finsam", "participant", start, end, counts.participants["total"], "text")
        except (OSError, StoreError) as exc:
            self.app.call_from_thread(self._export_failed, exc)
            return
        p, a = counts.participants, counts.anonymous
        self.app.call_from_thread(
            self.notify,
            _(
                "{total} deltagare (kvinnor {woman}, män {man}), varav {anonymous} anonyma. Sparat i {path}",
                total=p["total"],
                woman=p["woman"],
                man=p["man"],
                anonymous=a["woman"] + a["man"],
                path=str(path),
            ),
            title=_("Finsam"),
            timeout=10,
        )

    def _export_failed(self, exc: Exception) -> None:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        self.notify(_("Exporten misslyckades: {reason}", reason=reason), severity="error")

    # --- palette and help ----------------------------------------------------------------

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield (_("Registrerad i SUS"), _("Markera avslutet som registrerat i SUS (r)"), self.action_mark_registered)
        yield (_("Ej registrerad i SUS"), _("Ta bort SUS-markeringen (u)"), self.action_unmark_registered)
        yield (_("Ändra eller ångra avslut"), _("Öppna det markerade avslutet (e, enter)"), self.action_edit_exit)
        yield (_("Exportera avslut som CSV"), _("För Excel, till hemmappen (c)"), lambda: self.action_export("csv"))
        yield (_("Exportera avslut som Excel"), _("xlsx, till hemmappen (x)"), lambda: self.action_export("xlsx"))
        yield (_("Exportera avslut som JSON"), _("coachtui/1, till hemmappen (j)"), lambda: self.action_export("json"))
        yield (_("Exportera Finsam-antal"), _("Deltagare per kön för perioden (f)"), self.action_finsam)
        yield (_("Välj mapp för exporter"), _("Där filerna sparas; kommer ihåg valet (o)"), self.action_choose_folder)
        yield (
            _("Export med eller utan registrerade"),
            _("Ta med avslut som redan är registrerade i SUS, eller inte (a)"),
            self.action_toggle_registered,
        )
        yield (_("Förra halvåret"), _("Visa föregående halvår ([)"), lambda: self.action_shift_period(-1))
        yield (_("Nästa halvår"), _("Visa nästa halvår (])"), lambda: self.action_shift_period(1))
        yield (_("Ändra period"), _("Skriv från- och tilldatum (p)"), self.action_edit_period)

    def help_markdown(self) -> str:
        return _(
            "## Export\n"
            "Avsluten under perioden (standard: innevarande halvår) och deras SUS-status:\n"
            "- **{registered}** registrerad i SUS (datum) · **{due}** ej registrerad och dags"
            " · **{later}** ej registrerad, inte dags än · **{none}** utan samtycke (registreras inte)\n"
            "- SUS-dag: avslutsdatum + {months} månader för arbete och studier, annars avslutsdatumet\n\n"
            "## Tangenter\n"
            "- **r** markera registrerad i SUS (datum, standard idag) · **u** ta bort markeringen\n"
            "- **e** eller **enter** ändra eller ångra avslutet\n"
            "- **c** CSV (Excel) · **x** xlsx · **j** JSON: avslut med samtycke som inte är registrerade"
            " i SUS, till en fil i hemmappen; **a** tar med även registrerade\n"
            "- **f** Finsam: deltagare per kön under perioden och anonyma, till en textfil i hemmappen\n"
            "- **[** och **]** föregående och nästa halvår · **p** skriv en egen period (enter uppdaterar)\n\n"
            "Alla filer får läsas bara av dig (0600). Kommandoraden: `coachtui export exits`"
            " och `coachtui export finsam`.",
            registered=MARK_REGISTERED,
            due=MARK_DUE,
            later=MARK_LATER,
            none=MARK_NOT_IN_SUS,
            months=self.loaded.delay_months if self.loaded else 3,
        ) + _(
            "\n\n**o**: välj mappen filerna sparas i (först hemmappen); kalendern (Påminnelser) och rapporten"
            " sparas där också, och mappen kommer ihåg till nästa gång."
        )
