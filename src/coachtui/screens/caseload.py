"""The caseload: the coach's home screen.

One row per participant (exited ones only when toggled with ``x``), a summary line (active against capacity,
IPS caseload points, overdue), a type-to-filter line, a step filter on the digit keys and a sort on any column.

Built for thousands of rows: the rows are read in a thread worker with one SQL query, turned into table rows
once (`build_entries`), and filtering only picks rows from that list (`select_rows`, a pure function over a
lower-case haystack per row); the table (`VirtualTable`) renders only what is visible.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from itertools import product
from typing import ClassVar, NamedTuple

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, Input, Static

from coachtui.domain.caseload import NO_CONTACT_DAYS, flags
from coachtui.domain.steps import STEPS, capacity, caseload_points, step_name
from coachtui.i18n import _, language
from coachtui.screens.base import CoachScreen
from coachtui.store import participants
from coachtui.store.participants import CaseloadRow, CoachRow
from coachtui.widgets.commands import PaletteCommand, ScreenCommands
from coachtui.widgets.keybar import KeyBar
from coachtui.widgets.table import Column, Row, VirtualTable

FIRST_SCREENFUL = 60  # rows read first, before the whole caseload
NOTHING = "–"

#: Every column key, in the order of `Entry.row`'s cells and sort values.
ALL_COLUMNS = ("name", "program", "step", "in_step", "enrolled", "next", "contact", "flags", "exited")


def flag_consent() -> str:
    return "✗" + _("S")


def flag_overdue() -> str:
    return "⚠" + _("F")


def flag_no_contact() -> str:
    return "○" + _("K")


WIDE = 100  # from this many columns the summary has words and the step its full short name


def columns(show_exited: bool, *, wide: bool = True) -> list[Column]:
    result = [
        Column("name", _("Namn"), 0),
        Column("program", _("Prog"), 6 if wide else 4),
        Column("step", _("Steg"), 17 if wide else 11),
        Column("in_step", _("I steg"), max(6, len(_("I steg"))), "right"),  # "In step" in English
        Column("enrolled", _("Inskr."), 6, "right"),
        Column("next", _("Uppföljn."), 10),
        Column("contact", _("Kontakt"), 10),
        Column("flags", _("Flaggor"), 8),
    ]
    if not wide:  # the names get the room: the days since enrolment are on the participant's screen
        result = [c for c in result if c.key != "enrolled"]
    if show_exited:
        if not wide:  # make room: exited participants have no planned follow-up anyway
            result = [c for c in result if c.key != "next"]
        result.append(Column("exited", _("Avslutad"), 10))
    return result


def project(row: Row, index: Sequence[int]) -> Row:
    """The row with only the cells (and sort values) at ``index``, for a column set that skips some."""
    cells = row.cells
    values = row.sort_values or ()
    return Row(row.key, tuple(cells[i] for i in index), row.style, tuple(values[i] for i in index))


def column_index(keys: Sequence[str]) -> tuple[int, ...] | None:
    """Positions of ``keys`` in `ALL_COLUMNS`, or None when they are a prefix (rows need no projection)."""
    index = tuple(ALL_COLUMNS.index(key) for key in keys)
    return None if index == tuple(range(len(index))) else index


class Entry(NamedTuple):
    """One participant, formatted once: the table row plus what filters and counts need."""

    row: Row
    haystack: str
    step: int | None
    exited: bool
    consent_missing: bool
    overdue: bool
    no_contact: bool


def _iso(day: date | None) -> str:
    return day.isoformat() if day else NOTHING


def build_entries(rows: Sequence[CaseloadRow], today: date, lang: str) -> list[Entry]:
    """Turn the caseload query's rows into table rows (cells, sort values, filter haystack) once.

    Runs for every participant at each start (10,000 in ~60 ms): the flags' marks and sort value are
    looked up per combination of flags, and the tuples are made without the NamedTuples' Python-level
    ``__new__`` (the same values)."""
    marks = (flag_consent(), flag_overdue(), flag_no_contact())
    shown_for: dict[tuple[bool, ...], tuple[str, int | None]] = {}
    for on in product((False, True), repeat=3):
        shown = [m for m, raised in zip(marks, on, strict=True) if raised]
        _consent, overdue, no_contact = on
        value = len(shown) * 10 + (2 if overdue else 0) + (1 if no_contact else 0) if shown else None
        shown_for[on] = (" ".join(shown), value)
    names = {step: f"{step} {step_name(step, lang)}" for step in STEPS}
    iso: dict[date | None, str] = {None: NOTHING}  # dates repeat: each is formatted once
    new = tuple.__new__
    entries: list[Entry] = []
    append = entries.append
    for r in rows:
        exited_on = r.exited_on
        exited = exited_on is not None
        until = exited_on if exited_on is not None else today
        on = flags(
            exited=exited,
            sus_consent=r.sus_consent,
            overdue_count=r.overdue,
            last_contact_on=r.last_contact_on,
            enrolled_on=r.enrolled_on,
            today=today,
        )
        flag_text, flag_value = shown_for[on]
        step = r.step
        step_text = names.get(step, NOTHING) if step is not None else NOTHING
        in_step = (until - r.step_on).days if r.step_on is not None else None
        enrolled = (until - r.enrolled_on).days
        next_on = r.next_followup_on if not exited else None
        contact = r.last_contact_on
        first, last = r.first_name, r.last_name
        name = f"{first} {last}"
        cells = (
            name,
            r.program,
            step_text,
            NOTHING if in_step is None else str(in_step),
            str(enrolled),
            iso.get(next_on) or iso.setdefault(next_on, _iso(next_on)),
            iso.get(contact) or iso.setdefault(contact, _iso(contact)),
            flag_text,
            iso.get(exited_on) or iso.setdefault(exited_on, _iso(exited_on)),
        )
        sort_values = (f"{last} {first}", r.program, step, in_step, enrolled, next_on, contact, flag_value, exited_on)
        haystack = f"{name}\n{r.municipality}\n{r.program}\n{step_text}".casefold()
        row = new(Row, (r.id, cells, "dim" if exited else "", sort_values))
        append(new(Entry, (row, haystack, step, exited, on[0], on[1], on[2])))
    return entries


def select_rows(
    entries: Sequence[Entry],
    *,
    query: str = "",
    step: int | None = None,
    show_exited: bool = False,
    rows: Sequence[Row] | None = None,
) -> list[Row]:
    """The rows to show: every word of ``query`` in the haystack (any order, case-insensitive), the step.

    ``rows``, when given, runs parallel to ``entries`` (projected rows) and is what gets picked.
    """
    words = query.casefold().split()
    result: list[Row] = []
    append = result.append
    for position, entry in enumerate(entries):
        if entry.exited and not show_exited:
            continue
        if step is not None and entry.step != step:
            continue
        if words:
            haystack = entry.haystack
            if not all(word in haystack for word in words):
                continue
        append(entry.row if rows is None else rows[position])
    return result


class Summary(NamedTuple):
    active: int
    capacity: int | None
    points: int | None
    overdue: int
    no_contact: int
    consent_missing: int


def summarise(entries: Sequence[Entry], fte: float | None) -> Summary:
    active = [e for e in entries if not e.exited]
    return Summary(
        active=len(active),
        capacity=capacity(fte) if fte else None,
        points=caseload_points(len(active), fte) if fte else None,
        overdue=sum(1 for e in active if e.overdue),
        no_contact=sum(1 for e in active if e.no_contact),
        consent_missing=sum(1 for e in active if e.consent_missing),
    )


def summary_text(summary: Summary, *, wide: bool = True) -> str:
    """The header line; ``wide=False`` (under 100 columns) keeps the marks and counts and drops the words."""
    if summary.capacity is None:
        head = _("Aktiva {active} · ingen coach angiven (ctrl+p: Inställningar: coach)", active=summary.active)
    else:
        head = _(
            "Aktiva {active} av {capacity} platser · IPS-poäng {points}/5",
            active=summary.active,
            capacity=summary.capacity,
            points=summary.points,
        )
    parts = [head]
    counts = (
        (flag_overdue(), summary.overdue, _("försenade")),
        (flag_no_contact(), summary.no_contact, _("utan kontakt")),
        (flag_consent(), summary.consent_missing, _("utan samtycke")),
    )
    for mark, count, words in counts:
        if count:
            parts.append(f"{mark} {count} {words}" if wide else f"{mark} {count}")
    if summary.active and not (summary.overdue or summary.no_contact):
        parts.append(_("✓ inget försenat"))
    return " · ".join(parts)


class CaseloadTable(VirtualTable):
    """The caseload's table: the same keys, with enter shown in the key bar as "open"."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", _("Öppna"), id="caseload.open"),
    ]

    def on_show(self) -> None:
        # At start-up Textual renders the first frame inside its start-up batch and does not write it; the
        # next frame repaints only what changed since (the header, the key bar), so the rows reached the
        # terminal one layout pass later (~60 ms), when the focus style came. Repainting the table when it
        # is first shown puts the rows in the first frame the terminal receives.
        self.refresh()


class CaseloadScreen(CoachScreen):
    COMMANDS: ClassVar = {ScreenCommands}
    DEFAULT_CSS = """
    CaseloadScreen #filter { display: none; height: 1; border: none; padding: 0 1; }
    CaseloadScreen #filter.-shown { display: block; }
    CaseloadScreen #filter-info { display: none; height: 1; padding: 0 1; color: $text-warning; }
    CaseloadScreen #filter-info.-shown { display: block; }
    CaseloadScreen CaseloadTable { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", _("Ny"), id="caseload.new"),
        Binding("slash", "filter", _("Filter"), id="caseload.filter"),
        Binding("e", "exit", _("Avslut"), id="caseload.exit"),
        Binding("r", "reminders", _("Påminnelser"), id="caseload.reminders"),
        Binding("x", "toggle_exited", _("Avslutade"), id="caseload.toggle_exited"),
        Binding("s", "sort_next", _("Sortera"), id="caseload.sort"),
        Binding("S", "sort_reverse", _("Vänd"), id="caseload.sort_reverse"),
        Binding("1", "step(1)", _("Steg"), key_display="1-5", id="caseload.step1"),
        Binding("2", "step(2)", _("Steg 2"), show=False, id="caseload.step2"),
        Binding("3", "step(3)", _("Steg 3"), show=False, id="caseload.step3"),
        Binding("4", "step(4)", _("Steg 4"), show=False, id="caseload.step4"),
        Binding("5", "step(5)", _("Steg 5"), show=False, id="caseload.step5"),
        Binding("0", "step(0)", _("Alla steg"), id="caseload.all_steps"),
        Binding("escape", "clear_filter", _("Rensa filter"), id="caseload.clear_filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[Entry] = []
        self.coach: CoachRow | None = None
        self.query_text = ""
        self.step_filter: int | None = None
        self.show_exited = False
        self._filter_pending = False
        self._was_filtering = False
        self._coach_asked = False
        self._select_key: int | None = None
        self._totals = (0, 0)  # (active, all) participants, counted once per load
        self._rows: list[Row] | None = None  # entries' rows projected on the columns, when not a prefix
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="summary", classes="summary")
        yield Input(placeholder=_("Filtrera: namn, kommun, program, steg (escape rensar)"), id="filter", compact=True)
        yield Static("", id="filter-info")
        yield CaseloadTable(id="caseload", empty_text=_("Inga deltagare ännu. Tryck n för att lägga till."))
        yield KeyBar()

    @property
    def table(self) -> CaseloadTable:
        return self.query_one(CaseloadTable)

    @property
    def wide(self) -> bool:
        return self.size.width >= WIDE

    def _set_columns(self) -> bool:
        """Fit the columns to the width and the exited toggle; True when the column keys changed."""
        wanted = columns(self.show_exited, wide=self.wide)
        if wanted == list(self.table.columns):
            return False
        keys_changed = [c.key for c in wanted] != [c.key for c in self.table.columns]
        self.table.set_columns(wanted)
        if keys_changed:
            self._project()
        return keys_changed

    def _project(self) -> None:
        index = column_index([c.key for c in self.table.columns])
        self._rows = None if index is None else [project(e.row, index) for e in self.entries]

    def on_mount(self) -> None:
        self._set_columns()
        self.table.focus()
        self._show_first()

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.reload()

    # --- loading -----------------------------------------------------------------------

    def _show_first(self) -> None:
        """The first screenful, read here so that the first frame already shows it; the whole list
        follows from a worker once that frame is painted.

        The one read on the UI thread: at most FIRST_SCREENFUL rows through an index, on the
        connection the start-up already opened (about 1 ms at 10,000 participants; a worker's
        thread hop cost 30-60 ms and an extra paint before the rows appeared)."""
        today = self.today()
        self.entries = build_entries(
            participants.caseload(self.db, today=today, limit=FIRST_SCREENFUL), today, language()
        )
        self._project()
        self.apply_filter()
        self.query_one("#summary", Static).update(_("Läser in deltagarlistan …"))
        self.call_after_refresh(self.reload)

    @work(thread=True, exclusive=True, group="caseload-load")
    def reload(self) -> None:
        """Read the whole caseload (exited too: toggling them needs no query) and format it, off the UI."""
        today = self.today()
        found = participants.coach(self.db)
        rows = participants.caseload(self.db, today=today, include_exited=True)
        entries = build_entries(rows, today, language())
        self.app.call_from_thread(self._loaded, found, entries)

    def _loaded(self, found: CoachRow | None, entries: list[Entry]) -> None:
        self.coach = found
        self.entries = entries
        self._totals = (sum(1 for e in entries if not e.exited), len(entries))
        self._project()
        first_load = not self.loaded
        self.loaded = True
        self.apply_filter()
        self._update_summary()
        warm_up = getattr(self.app, "warm_up", None)  # CoachApp's: the dialogs' imports, off the UI thread
        if first_load and warm_up is not None:
            self.call_after_refresh(warm_up)
        if self._select_key is not None:
            self.table.move_cursor_to_key(self._select_key)
            self._select_key = None
        if found is None and not self._coach_asked:
            self._coach_asked = True
            from coachtui.screens.first_start import FirstStartScreen

            self.app.push_screen(FirstStartScreen())

    def apply_filter(self) -> None:
        """Show the rows that pass the filter, the step and the exited toggle; update the two status lines."""
        rows = select_rows(
            self.entries, query=self.query_text, step=self.step_filter, show_exited=self.show_exited, rows=self._rows
        )
        table = self.table
        filtering = bool(self.query_text.strip()) or self.step_filter is not None
        table.empty_text = (
            _("Ingen deltagare matchar filtret (escape rensar).")
            if filtering
            else _("Inga deltagare ännu. Tryck n för att lägga till.")
        )
        table.set_rows(rows)
        info = self.query_one("#filter-info", Static)
        parts: list[str] = []
        if self.query_text.strip():
            parts.append(_("Filter «{text}»", text=self.query_text.strip()))
        if self.step_filter is not None:
            parts.append(_("steg {step} {name}", step=self.step_filter, name=step_name(self.step_filter, language())))
        if self.show_exited:
            parts.append(_("med avslutade"))
        if parts:
            total = self._totals[1] if self.show_exited else self._totals[0]
            parts.append(_("visar {shown} av {total}", shown=len(rows), total=total))
        info.update(" · ".join(parts))
        info.set_class(bool(parts), "-shown")
        if filtering != self._was_filtering:  # the key bar's "clear filter" key comes and goes
            self._was_filtering = filtering
            self.refresh_bindings()

    # --- filter ------------------------------------------------------------------------

    def _update_summary(self) -> None:
        summary = summarise(self.entries, self.coach.fte if self.coach else None)
        self.query_one("#summary", Static).update(summary_text(summary, wide=self.wide))

    def on_resize(self) -> None:
        changed = self._set_columns()
        if self.loaded:
            if changed:
                self.apply_filter()
            else:
                self._update_summary()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.add_class("-shown")
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "filter":
            return
        event.stop()
        # Debounced by coalescing: keystrokes already queued (fast typing, a paste) share one filter run,
        # which starts as soon as they are handled; no timer delay is added to a single keystroke.
        if not self._filter_pending:
            self._filter_pending = True
            self.call_later(self._filter_now)

    def _filter_now(self) -> None:
        self._filter_pending = False
        value = self.query_one("#filter", Input).value
        if value != self.query_text:
            self.query_text = value
            self.apply_filter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "filter":
            return
        event.stop()
        self._filter_now()
        if not self.query_text.strip():
            event.input.remove_class("-shown")
        self.table.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.value = ""
        box.remove_class("-shown")
        self.query_text = ""
        self.step_filter = None
        self.table.focus()
        self.apply_filter()

    def action_step(self, step: int) -> None:
        self.step_filter = step if step in STEPS else None
        self.apply_filter()

    def action_toggle_exited(self) -> None:
        self.show_exited = not self.show_exited
        self._set_columns()
        if self.loaded:
            self.apply_filter()
        self.notify(_("Visar avslutade deltagare också.") if self.show_exited else _("Avslutade deltagare döljs."))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            box_shown = self.is_mounted and self.query_one("#filter", Input).has_class("-shown")
            return bool(self.query_text.strip() or self.step_filter is not None or box_shown)
        return True

    # --- sort --------------------------------------------------------------------------

    def _sort_keys(self) -> list[str]:
        return [c.key for c in self.table.columns]

    def action_sort_next(self) -> None:
        keys = self._sort_keys()
        current = self.table.sort_column
        following = keys[(keys.index(current) + 1) % len(keys)] if current in keys else keys[0]
        self.table.sort_by(following, reverse=False)

    def action_sort_reverse(self) -> None:
        current = self.table.sort_column or "name"
        self.table.sort_by(current, reverse=not self.table.sort_reverse if self.table.sort_column else True)

    def sort_by_column(self, key: str) -> None:
        self.table.sort_by(key, reverse=False)

    # --- actions on participants -------------------------------------------------------

    def _current_id(self) -> int | None:
        key = self.table.cursor_key
        if key is None:
            self.notify(_("Ingen deltagare är markerad."), severity="warning")
            return None
        return int(key)

    def on_virtual_table_row_selected(self, event: VirtualTable.RowSelected) -> None:
        event.stop()
        self.open_participant(int(event.key))

    def action_open(self) -> None:
        pid = self._current_id()
        if pid is not None:
            self.open_participant(pid)

    def open_participant(self, participant_id: int) -> None:
        from coachtui.screens.participant import ParticipantScreen

        self.app.push_screen(ParticipantScreen(participant_id))

    def action_new(self) -> None:
        from coachtui.screens.participant_form import ParticipantForm

        def saved(participant_id: int | None) -> None:
            if participant_id is not None:
                self._select_key = participant_id
                self.notify(_("Deltagaren är sparad."))
                self.reload()

        self.app.push_screen(ParticipantForm(), saved)

    def action_exit(self) -> None:
        pid = self._current_id()
        if pid is None:
            return
        from coachtui.screens.exit_form import ExitForm

        def done(changed: bool | None) -> None:
            if changed:
                self.reload()

        self.app.push_screen(ExitForm(pid), done)

    def action_reminders(self) -> None:
        self.app.switch_mode("reminders")

    def action_coach_settings(self) -> None:
        from coachtui.screens.coach_form import CoachForm

        def saved(coach_id: int | None) -> None:
            if coach_id is not None:
                self.notify(_("Inställningarna är sparade."))
                self.reload()

        self.app.push_screen(CoachForm(), saved)

    def action_personnummer_setting(self) -> None:
        """Turn the setting store_personnummer on or off (off clears the stored numbers), after a question."""
        self._ask_personnummer_setting()

    @work(thread=True, exclusive=True, group="personnummer-setting")
    def _ask_personnummer_setting(self) -> None:
        on = participants.stores_personnummer(self.db)
        count = participants.personnummer_count(self.db)
        self.app.call_from_thread(self._confirm_personnummer_setting, on, count)

    def _confirm_personnummer_setting(self, on: bool, count: int) -> None:
        from coachtui.screens.confirm import ConfirmScreen

        if on:
            question = _(
                "Personnummer sparas nu. Sluta spara dem? De {n} som redan är sparade raderas.",
                n=count,
            )
            yes = _("Stäng av")
        else:
            question = _(
                "Personnummer sparas inte nu. Börja spara dem? De kontrolleras, visas maskerade"
                " (ÅÅÅÅMMDD-****) och exporteras aldrig."
            )
            yes = _("Slå på")

        def answered(sure: bool | None) -> None:
            if sure:
                self._write_personnummer_setting(not on)

        self.app.push_screen(ConfirmScreen(question, yes=yes), answered)

    @work(thread=True, exclusive=True, group="personnummer-setting")
    def _write_personnummer_setting(self, on: bool) -> None:
        from coachtui.store.db import StoreError

        try:
            cleared = participants.set_stores_personnummer(self.db, on)
        except StoreError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", title=_("Inte sparat"))
            return
        if on:
            message = _("Personnummer sparas nu (fältet finns i deltagarformuläret).")
        else:
            message = _("Personnummer sparas inte längre ({n} raderade).", n=cleared)
        self.app.call_from_thread(self.notify, message)

    # --- palette and help --------------------------------------------------------------

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield (_("Ny deltagare"), _("Lägg till en deltagare (n)"), self.action_new)
        yield (_("Öppna deltagare"), _("Öppna den markerade deltagaren (enter)"), self.action_open)
        yield (_("Filtrera deltagare"), _("Sök på namn, kommun, program eller steg (/)"), self.action_filter)
        yield (_("Rensa filter"), _("Visa alla deltagare igen (escape)"), self.action_clear_filter)
        yield (_("Registrera avslut"), _("Avsluta den markerade deltagaren (e)"), self.action_exit)
        yield (_("Visa/dölj avslutade"), _("Avslutade deltagare med avslutsdatum (x)"), self.action_toggle_exited)
        yield (_("Sortera efter nästa kolumn"), _("s; S vänder ordningen"), self.action_sort_next)
        yield (_("Vänd sorteringen"), _("Stigande/fallande (S)"), self.action_sort_reverse)
        for column in self.table.columns:
            yield (
                _("Sortera efter {column}", column=column.label),
                _("Sortera deltagarlistan"),
                lambda key=column.key: self.sort_by_column(key),
            )
        for step in STEPS:
            yield (
                _("Visa steg {step}: {name}", step=step, name=step_name(step, language())),
                _("Bara deltagare i steget ({step}; 0 visar alla)", step=step),
                lambda step=step: self.action_step(step),
            )
        yield (_("Visa alla steg"), _("Ta bort stegfiltret (0)"), lambda: self.action_step(0))
        yield (_("Inställningar: coach"), _("Ditt namn, kommun och tjänstgöringsgrad"), self.action_coach_settings)
        yield (
            _("Inställningar: spara personnummer (av/på)"),
            _("Av som standard; på: kontrolleras, visas maskerade, exporteras aldrig"),
            self.action_personnummer_setting,
        )

    def help_markdown(self) -> str:
        return _(
            "## Deltagare\n"
            "- **n** ny deltagare · **enter** öppna · **e** registrera avslut · **r** påminnelser\n"
            "- **/** filtrera på namn, kommun, program eller steg (flera ord: alla måste finnas);"
            " **escape** rensar filtret\n"
            "- **1**-**5** visa bara ett steg · **0** alla steg · **x** visa/dölj avslutade\n"
            "- **s** sortera efter nästa kolumn · **S** vänd ordningen (▲ stigande, ▼ fallande)\n\n"
            "## Kolumner\n"
            "- **I steg**: dagar i nuvarande steg · **Inskr.**: dagar sedan inskrivningen"
            " (visas när fönstret är minst {wide} tecken brett)\n"
            "- **Uppföljn.**: nästa planerade efterstöd · **Kontakt**: senaste kontakt"
            " (journal eller utfört efterstöd)\n\n"
            "## Flaggor\n"
            "- **{consent}** SUS-samtycke saknas\n"
            "- **{overdue}** försenat efterstöd (planerat före idag, inte utfört)\n"
            "- **{no_contact}** ingen kontakt på {days} dagar\n\n"
            "Överst: aktiva deltagare mot kapaciteten (20 per heltid) och poängen på IPS-skalans"
            " punkt om antal deltagare per coach.",
            days=NO_CONTACT_DAYS,
            wide=WIDE,
            consent=flag_consent(),
            overdue=flag_overdue(),
            no_contact=flag_no_contact(),
        )
