"""One participant: essentials, the step bar, and journal / employers / efterstöd in tabs.

Pushed from the caseload with the participant's id. Data loads in a thread worker. The dialogs (step,
journal, employer contact, employment, …) save through the store themselves, in their own workers, and stay
open when a write fails; this screen only reacts to a saved result (tells the coach, reloads). Deleting a
journal entry runs here, in a worker; problems come back as notifications.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Header, Static, TabbedContent, TabPane

from coachtui.domain import codes, personnummer
from coachtui.domain.steps import LAST_STEP, step_dates, step_name
from coachtui.domain.steps import StepChange as DomainStep
from coachtui.i18n import _, language
from coachtui.screens.base import CoachScreen
from coachtui.store import followups, participants
from coachtui.store.db import Database, StoreError
from coachtui.widgets.commands import ScreenCommands
from coachtui.widgets.keybar import KeyBar
from coachtui.widgets.step_bar import StepBar
from coachtui.widgets.table import Column, Row, RowKey, VirtualTable

TABS = ("journal", "employers", "followups")


@dataclass(frozen=True, slots=True)
class ParticipantData:
    """Everything the screen shows, read in one worker."""

    detail: participants.ParticipantDetail
    employments: list[followups.EmploymentRow]
    current_employment: followups.EmploymentRow | None
    followups: list[participants.FollowupRow]
    exited_on: date | None
    employer_names: list[str]


def load_data(db: Database, participant_id: int, today: date) -> ParticipantData:
    detail = participants.participant(db, participant_id)
    jobs = followups.employments(db, participant_id)
    current = followups.current_employment(jobs, today)
    return ParticipantData(
        detail,
        jobs,
        current,
        participants.employment_followups(db, current.id) if current else [],
        participants.exited_on(db, participant_id),
        participants.employer_names(db),
    )


def yes_no(value: bool) -> str:
    return _("✓ ja") if value else _("✗ nej")


def followup_status(row: participants.FollowupRow, today: date) -> str:
    """Status as a symbol and a word (never colour alone)."""
    lang = language()
    if row.status == "done":
        done = row.done_on.isoformat() if row.done_on else ""
        return f"✓ {codes.label('reminder_status', 'done', lang)} {done}".rstrip()
    if row.status == "skipped":
        return f"– {codes.label('reminder_status', 'skipped', lang)}"
    if row.status == "unrecorded":
        return _("· Ej registrerad")
    if row.due_on < today:
        return _("! Försenad {n} d", n=(today - row.due_on).days)
    if row.due_on == today:
        return _("● I dag")
    return f"○ {codes.label('reminder_status', 'planned', lang)}"


def one_line(text: str) -> str:
    return " ".join(text.split())


class JournalTable(VirtualTable):
    """The journal list: the table's keys, with enter shown in the key bar as "edit"."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", _("Ändra"), id="participant.journal_edit"),
    ]


class ContactTable(VirtualTable):
    """The Arbetsgivare tab's contacts: enter changes, d deletes (after asking)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "screen.edit_contact", _("Ändra"), id="participant.contact_edit"),
        Binding("d,delete", "screen.delete_contact", _("Ta bort"), key_display="d", id="participant.contact_delete"),
    ]


class FollowupTable(VirtualTable):
    """The Efterstöd tab's list: the reminders' keys act on the highlighted visit or call."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "d,space,enter", "screen.followup('done')", _("Gjord"), key_display="d", id="participant.followup_done"
        ),
        Binding("r", "screen.followup('reschedule')", _("Flytta"), id="participant.followup_reschedule"),
        Binding("s", "screen.followup('skip')", _("Hoppa över"), id="participant.followup_skip"),
    ]


class ParticipantScreen(CoachScreen):
    DEFAULT_CSS = """
    ParticipantScreen #head { height: auto; max-height: 3; padding: 0 1; background: $boost; }
    ParticipantScreen StepBar { margin: 0; }
    ParticipantScreen TabbedContent { height: 1fr; }
    ParticipantScreen TabPane { padding: 0; }
    ParticipantScreen ContentSwitcher { height: 1fr; }
    ParticipantScreen TabPane > VirtualTable { height: 1fr; }
    ParticipantScreen .section { height: auto; max-height: 5; padding: 0 1; color: $text-muted; }
    """
    COMMANDS: ClassVar = {ScreenCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,full_stop", "step(1)", _("Nästa steg"), key_display="+", id="participant.next_step"),
        Binding("minus,comma", "step(-1)", _("Föreg. steg"), key_display="-", id="participant.previous_step"),
        Binding("j", "add_entry", _("Journal"), id="participant.add_entry"),
        Binding("enter", "edit_entry", _("Ändra"), id="participant.edit_entry"),
        Binding("d,delete", "delete_entry", _("Ta bort"), key_display="d", id="participant.delete_entry"),
        Binding("ctrl+z", "app.undo", _("Ångra"), key_display="^z", id="participant.undo"),
        Binding("k", "add_contact", _("Kontakt"), id="participant.add_contact"),
        Binding("a", "add_employment", _("Anställning"), id="participant.add_employment"),
        Binding("E", "edit_participant", _("Redigera"), id="participant.edit"),
        Binding("e", "exit_participant", _("Avslut"), id="participant.exit"),
        Binding("escape", "back", _("Tillbaka"), id="participant.back"),
        Binding("X", "erase", _("Radera"), show=False, id="participant.erase"),
        Binding("L", "handover", _("Lämna över"), show=False, id="participant.handover"),
        Binding("l", "survey_handed_out", _("Enkät lämnad"), show=False, id="participant.survey"),
        Binding("1", "show_tab('journal')", _("Journal"), show=False, id="participant.tab_journal"),
        Binding("2", "show_tab('employers')", _("Arbetsgivare"), show=False, id="participant.tab_employers"),
        Binding("3", "show_tab('followups')", _("Efterstöd"), show=False, id="participant.tab_followups"),
    ]

    def __init__(self, participant_id: int) -> None:
        super().__init__()
        self.participant_id = participant_id
        self.data: ParticipantData | None = None
        self._select: tuple[str, RowKey] | None = None  # (table id, row key) to highlight after a reload
        self._followups_placed = False

    # --- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Läser in …"), id="head", markup=False)
        yield StepBar(lang=language(), id="steps")
        with TabbedContent(initial="journal", id="tabs"):
            with TabPane(_("1 Journal"), id="journal"):
                yield JournalTable(
                    [Column("on", _("Datum"), 10), Column("kind", _("Typ"), 18), Column("text", _("Text"))],
                    id="journal-table",
                    empty_text=_("Inga anteckningar ännu. Tryck j för att skriva en."),
                )
            with TabPane(_("2 Arbetsgivare"), id="employers"):
                yield Static("", id="employments", classes="section", markup=False)
                yield ContactTable(
                    [
                        Column("on", _("Datum"), 10),
                        Column("employer", _("Arbetsgivare"), 22),
                        Column("person", _("Kontaktperson"), 16),
                        Column("note", _("Anteckning")),
                    ],
                    id="contacts-table",
                    empty_text=_("Inga arbetsgivarkontakter ännu. Tryck k för att lägga till."),
                )
            with TabPane(_("3 Efterstöd"), id="followups"):
                yield Static("", id="current-employment", classes="section", markup=False)
                yield FollowupTable(
                    [
                        Column("slot", _("Tillfälle"), 9),
                        Column("kind", _("Typ"), 18),
                        Column("due", _("Datum"), 10),
                        Column("status", _("Status")),
                    ],
                    id="followup-table",
                    empty_text=_("Inget efterstöd: ingen pågående anställning."),
                )
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#journal-table", VirtualTable).focus()
        self.load()

    # --- data ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="participant-load")
    def load(self) -> None:
        try:
            data = load_data(self.db, self.participant_id, self.today())
        except StoreError as problem:
            self.app.call_from_thread(self.notify, str(problem), severity="error")
            return
        self.app.call_from_thread(self._show, data)

    def _show(self, data: ParticipantData) -> None:
        self.data = data
        today = self.today()
        detail = data.detail
        values = detail.values
        self.sub_title = detail.name
        current = detail.current_step
        enrolled: date = values["enrolled_on"]
        stored = values.get("personnummer")
        lines = [
            " · ".join(
                (
                    detail.name,
                    *((personnummer.mask(stored),) if stored else ()),
                    *((_("tel. {phone}", phone=values["phone"]),) if values.get("phone") else ()),
                    values["program"],
                    values["municipality"],
                    _("SUS-samtycke {answer}", answer=yes_no(bool(values["sus_consent"]))),
                )
            )
        ]
        second = [_("Inskriven {day} ({n} dagar)", day=enrolled.isoformat(), n=(today - enrolled).days)]
        if current is not None:
            second.append(_("i steg {step} sedan {n} dagar", step=current.step, n=(today - current.on).days))
        if data.exited_on is not None:
            second.append(_("■ Avslutad {day}", day=data.exited_on.isoformat()))
        lines.append(" · ".join(second))
        if detail.contacts:
            last = detail.contacts[0]
            lines.append(
                _("Senaste arbetsgivarkontakt: {day} {employer}", day=last.on.isoformat(), employer=last.employer)
                + (f" ({last.person})" if last.person else "")
            )
        else:
            lines.append(_("Ingen arbetsgivarkontakt ännu"))
        self.query_one("#head", Static).update("\n".join(lines))
        self.query_one(StepBar).show(
            step_dates([DomainStep(s.step, s.on) for s in detail.steps]), current.step if current else None
        )
        self._show_journal(detail.journal, detail.steps)
        self._show_employers(data)
        self._show_followups(data, today)
        if self._select is not None:
            table_id, key = self._select
            self._select = None
            self.query_one(f"#{table_id}", VirtualTable).move_cursor_to_key(key)

    def _show_journal(self, journal: list[participants.JournalRow], steps: list[participants.StepRow]) -> None:
        """Journal entries and step changes as one history, newest first (steps are read-only here)."""
        lang = language()
        dated: list[tuple[tuple[date, int, int], Row]] = [
            (
                (e.on, 1, e.id),
                Row(e.id, (e.on.isoformat(), codes.label("journal_kind", e.kind, lang), one_line(e.text))),
            )
            for e in journal
        ]
        for s in steps:
            name = step_name(s.step, lang, short=False)
            text = f"{name}: {one_line(s.note)}" if s.note.strip() else name
            dated.append(
                ((s.on, 0, s.id), Row(f"step-{s.id}", (s.on.isoformat(), _("» Steg {step}", step=s.step), text)))
            )
        dated.sort(key=lambda item: item[0], reverse=True)
        self.query_one("#journal-table", VirtualTable).set_rows([row for _key, row in dated])

    def _employment_text(self, job: followups.EmploymentRow) -> str:
        until = job.end_on.isoformat() if job.end_on else _("pågår")
        kind = _("subventionerad") if job.subsidised else _("osubventionerad")
        return _(
            "{employer} {start} – {until} · {extent} % · {kind}",
            employer=job.employer,
            start=job.start_on.isoformat(),
            until=until,
            extent=job.extent,
            kind=kind,
        )

    def _show_employers(self, data: ParticipantData) -> None:
        if data.employments:
            lines = [_("Anställningar:")] + [f"• {self._employment_text(j)}" for j in data.employments]
        else:
            lines = [_("Inga anställningar. Tryck a för att registrera en.")]
        self.query_one("#employments", Static).update("\n".join(lines))
        self.query_one("#contacts-table", VirtualTable).set_rows(
            [Row(c.id, (c.on.isoformat(), c.employer, c.person, one_line(c.note))) for c in data.detail.contacts]
        )

    def _show_followups(self, data: ParticipantData, today: date) -> None:
        job = data.current_employment
        lang = language()
        text = (
            _("Efterstöd för {employment}", employment=self._employment_text(job))
            if job
            else _("Ingen pågående anställning. Tryck a för att registrera en.")
        )
        self.query_one("#current-employment", Static).update(text)
        self.query_one("#followup-table", VirtualTable).set_rows(
            [
                Row(
                    f.id,
                    (
                        f.slot,
                        codes.label("followup_kind", f.kind, lang),
                        f.due_on.isoformat(),
                        followup_status(f, today),
                    ),
                )
                for f in data.followups
            ]
        )
        open_ones = [f.id for f in data.followups if f.status not in ("done", "skipped")]
        if not self._followups_placed and open_ones:  # first show: the cursor on the first one still to do
            self.query_one("#followup-table", VirtualTable).move_cursor_to_key(open_ones[0])
        self._followups_placed = self._followups_placed or bool(data.followups)

    # --- writes -------------------------------------------------------------------------

    def after_save(self, done: str, *, select: str = "", key: RowKey | None = None) -> None:
        """A dialog saved something: tell the coach and reload (with ``select``, a table's id, that table's
        cursor goes to the row ``key`` after the reload)."""
        if select and key is not None:
            self._select = (select, key)
        self.notify(done)
        self.load()

    @work(thread=True, group="participant-write")
    def write(self, command: Callable[[], object], done: str) -> None:
        """Run one store command that needs no form (delete) off the UI thread, then tell the coach and reload."""
        try:
            command()
        except StoreError as problem:
            self.app.call_from_thread(self.notify, str(problem), title=_("Inget sparades"), severity="error")
            return
        self.app.call_from_thread(self.after_save, done)

    # --- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit_entry", "delete_entry"):
            return self._active_tab() == "journal"
        return True

    def _active_tab(self) -> str:
        return self.query_one(TabbedContent).active

    @on(TabbedContent.TabActivated)
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()
        pane = event.pane
        tables = pane.query(VirtualTable)
        if tables:
            tables.first().focus()

    def action_show_tab(self, tab: str) -> None:
        if tab in TABS:
            self.query_one(TabbedContent).active = tab
            self.query_one(f"#{tab}", TabPane).query(VirtualTable).first().focus()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_step(self, delta: int) -> None:
        if self.data is None:
            return
        from coachtui.screens.step_dialog import StepDialog

        current = self.data.detail.current_step
        from_step = current.step if current else None
        target = (from_step or 0) + delta
        if target > LAST_STEP:
            self.notify(_("Deltagaren är redan i sista steget."), severity="warning")
            return
        if target < 1:
            self.notify(_("Deltagaren är redan i första steget."), severity="warning")
            return

        def saved(step_id: int | None) -> None:
            if step_id is not None:
                self.after_save(_("Steg {step} sparat.", step=target), select="journal-table", key=f"step-{step_id}")

        self.app.push_screen(
            StepDialog(
                self.participant_id,
                target,
                from_step=from_step,
                default_on=self.today(),
            ),
            saved,
        )

    def action_followup(self, action: str) -> None:
        """d / enter, r, s on the Efterstöd tab: the same dialogs as in Påminnelser."""
        from coachtui.screens.note_dialog import Action, ask_followup

        row = self.query_one("#followup-table", VirtualTable).highlighted_row
        found = next((f for f in self.data.followups if f.id == row.key), None) if self.data and row else None
        if found is None:
            self.notify(_("Välj ett besök eller samtal först (piltangenterna)."), severity="warning")
            return
        if found.status in ("done", "skipped"):
            status = codes.label("reminder_status", found.status, language()).lower()
            self.notify(_("{slot} är redan {status}.", slot=found.slot, status=status), severity="warning")
            return
        kind = codes.label("followup_kind", found.kind, language())
        name = self.data.detail.name if self.data else ""
        subject = f"{name} · {kind} {found.slot} · {found.due_on.isoformat()}"
        chosen: Action = "reschedule" if action == "reschedule" else "skip" if action == "skip" else "done"
        ask_followup(
            self.app,
            found.id,
            chosen,
            today=self.today(),
            subject=subject,
            then=lambda message, _answer: self.after_save(message, select="followup-table", key=found.id),
        )

    def action_add_entry(self) -> None:
        from coachtui.screens.journal_form import JournalForm

        def saved(entry_id: int | None) -> None:
            if entry_id is not None:
                self.after_save(_("Anteckningen sparad."), select="journal-table", key=entry_id)

        self.app.push_screen(JournalForm(self.participant_id, default_on=self.today()), saved)

    def _highlighted_entry(self) -> participants.JournalRow | None:
        if self.data is None:
            return None
        row = self.query_one("#journal-table", VirtualTable).highlighted_row
        if row is None:
            return None
        return next((e for e in self.data.detail.journal if e.id == row.key), None)

    def _no_entry(self, message: str) -> None:
        row = self.query_one("#journal-table", VirtualTable).highlighted_row
        if row is not None and isinstance(row.key, str):
            message = _("Stegbyten ändras inte här: flytta steg med + och -.")
        self.notify(message, severity="warning")

    def action_edit_entry(self) -> None:
        entry = self._highlighted_entry()
        if entry is None:
            self._no_entry(_("Ingen anteckning att ändra."))
            return
        from coachtui.screens.journal_form import JournalForm

        def saved(entry_id: int | None) -> None:
            if entry_id is not None:
                self.after_save(_("Anteckningen ändrad."))

        self.app.push_screen(
            JournalForm(
                self.participant_id,
                default_on=self.today(),
                entry_id=entry.id,
                on=entry.on,
                kind=entry.kind,
                text=entry.text,
            ),
            saved,
        )

    @on(VirtualTable.RowSelected, "#journal-table")
    def _journal_selected(self, event: VirtualTable.RowSelected) -> None:
        event.stop()
        self.action_edit_entry()

    def _delete_journal(self, entry_id: int) -> None:
        from coachtui.services import undo

        self.coach_app.undo_stack.push(undo.do_delete_journal(self.db, entry_id))

    def action_delete_entry(self) -> None:
        entry = self._highlighted_entry()
        if entry is None:
            self._no_entry(_("Ingen anteckning att ta bort."))
            return
        from coachtui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.write(lambda: self._delete_journal(entry.id), _("Anteckningen borttagen."))

        kind = codes.label("journal_kind", entry.kind, language())
        self.app.push_screen(
            ConfirmScreen(
                _(
                    "Ta bort anteckningen från {day} ({kind})?\n\n{text}",
                    day=entry.on.isoformat(),
                    kind=kind,
                    text=escape(one_line(entry.text)[:200]),
                )
            ),
            answered,
        )

    def action_add_contact(self) -> None:
        from coachtui.screens.contact_form import ContactForm

        names = self.data.employer_names if self.data else []

        def saved(contact_id: int | None) -> None:
            if contact_id is not None:
                self.after_save(_("Arbetsgivarkontakten sparad."), select="contacts-table", key=contact_id)

        self.app.push_screen(ContactForm(self.participant_id, default_on=self.today(), employers=names), saved)

    def _highlighted_contact(self) -> participants.ContactRow | None:
        row = self.query_one("#contacts-table", VirtualTable).highlighted_row
        if self.data is None or row is None:
            return None
        return next((c for c in self.data.detail.contacts if c.id == row.key), None)

    def action_edit_contact(self) -> None:
        contact = self._highlighted_contact()
        if contact is None:
            self.notify(_("Ingen arbetsgivarkontakt att ändra."), severity="warning")
            return
        from coachtui.screens.contact_form import ContactForm

        names = self.data.employer_names if self.data else []

        def saved(contact_id: int | None) -> None:
            if contact_id is not None:
                self.after_save(_("Arbetsgivarkontakten ändrad."), select="contacts-table", key=contact_id)

        form = ContactForm(self.participant_id, default_on=self.today(), employers=names, contact=contact)
        self.app.push_screen(form, saved)

    def action_delete_contact(self) -> None:
        contact = self._highlighted_contact()
        if contact is None:
            self.notify(_("Ingen arbetsgivarkontakt att ta bort."), severity="warning")
            return
        from coachtui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.write(
                    lambda: participants.delete_employer_contact(self.db, contact.id),
                    _("Arbetsgivarkontakten borttagen."),
                )

        question = _(
            "Ta bort kontakten med {employer} från {day}?",
            employer=escape(contact.employer),
            day=contact.on.isoformat(),
        )
        self.app.push_screen(ConfirmScreen(question), answered)

    def _open_form(self, form: Screen[Any]) -> None:
        """Open another part's form for this participant; reload when it returns something."""

        def returned(result: object) -> None:
            if result is not None and result is not False:
                self.load()

        self.app.push_screen(form, returned)

    def action_edit_participant(self) -> None:
        from coachtui.screens.participant_form import ParticipantForm

        self._open_form(ParticipantForm(self.participant_id))

    def action_exit_participant(self) -> None:
        from coachtui.screens.exit_form import ExitForm

        self._open_form(ExitForm(self.participant_id))

    def action_add_employment(self) -> None:
        from coachtui.screens.employment_form import EmploymentForm

        self._open_form(EmploymentForm(self.participant_id))

    def action_survey_handed_out(self) -> None:
        """ "Enkät lämnad": the NNS questionnaire was handed out today (ends the survey reminder)."""
        self._mark_survey(self.today())

    @work(thread=True, group="participant.survey")
    def _mark_survey(self, day: date) -> None:
        from coachtui.store import surveys

        try:
            surveys.mark_offered(self.db, self.participant_id, day)
        except StoreError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.notify, _("Enkäten markerad som lämnad {day}.", day=day.isoformat()))

    def action_erase(self) -> None:
        """Erase the person for good, after typing their initials; then back to the caseload."""
        if self.data is None:
            return
        from coachtui.screens.erase_dialog import EraseDialog

        values = self.data.detail.values

        def erased(done: bool | None) -> None:
            if done:
                self.dismiss(None)

        detail = self.data.detail
        self.app.push_screen(EraseDialog(detail.key, values["first_name"], values["last_name"]), erased)

    def action_handover(self) -> None:
        """Write the participant's whole record to a file for the colleague who takes over (it says that the
        file holds personal data)."""
        if self.data is None:
            return
        from coachtui.screens.handover_dialog import HandoverDialog

        def written(path: Path | None) -> None:
            if path is not None:
                self.notify(
                    _("Överlämningsfilen är sparad: {path}. Den innehåller personuppgifter.", path=str(path)),
                    title=_("Lämna över"),
                    timeout=10,
                )

        self.app.push_screen(HandoverDialog(self.data.detail.key, self.data.detail.name), written)

    # --- palette and help ---------------------------------------------------------------

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        return [
            (_("Nästa steg"), _("Flytta deltagaren till nästa steg (+ eller .)"), lambda: self.action_step(1)),
            (_("Föregående steg"), _("Flytta deltagaren tillbaka ett steg (- eller ,)"), lambda: self.action_step(-1)),
            (_("Ny journalanteckning"), _("Skriv en anteckning (j)"), self.action_add_entry),
            (_("Ändra journalanteckning"), _("Ändra den markerade anteckningen (enter)"), self.action_edit_entry),
            (_("Ta bort journalanteckning"), _("Ta bort den markerade anteckningen (d)"), self.action_delete_entry),
            (_("Ny arbetsgivarkontakt"), _("Registrera en kontakt med en arbetsgivare (k)"), self.action_add_contact),
            (_("Ny anställning"), _("Registrera en anställning och planera efterstöd (a)"), self.action_add_employment),
            (_("Redigera deltagare"), _("Ändra deltagarens uppgifter (E)"), self.action_edit_participant),
            (_("Registrera avslut"), _("Avsluta deltagaren (e)"), self.action_exit_participant),
            (_("Visa journal"), _("Fliken Journal (1)"), lambda: self.action_show_tab("journal")),
            (_("Visa arbetsgivare"), _("Fliken Arbetsgivare (2)"), lambda: self.action_show_tab("employers")),
            (_("Visa efterstöd"), _("Fliken Efterstöd (3)"), lambda: self.action_show_tab("followups")),
            (_("Enkät lämnad"), _("NNS-enkäten lämnades idag (l)"), self.action_survey_handed_out),
            (_("Radera deltagaren"), _("Ta bort allt om personen för alltid (X)"), self.action_erase),
            (
                _("Lämna över"),
                _("Skriv deltagarens hela historik till en fil för en kollega (L)"),
                self.action_handover,
            ),
            (_("Tillbaka"), _("Tillbaka till deltagarlistan (escape)"), self.action_back),
        ]

    def help_markdown(self) -> str:
        return (
            _(
                "## Deltagare\n"
                "- **+** eller **.**: nästa steg · **-** eller **,**: föregående steg (frågar datum och anteckning)\n"
                "- **1** journal · **2** arbetsgivare · **3** efterstöd (eller klicka på fliken)\n"
                "- **j**: ny journalanteckning · **enter**: ändra den markerade\n"
                "- **d** eller **delete**: ta bort den markerade anteckningen (frågar först)\n"
                "- **k**: ny arbetsgivarkontakt · **a**: ny anställning (planerar efterstöd)\n"
                "- **E**: redigera deltagarens uppgifter · **e**: registrera avslut\n"
                "- **X**: radera personen för alltid (du skriver initialerna för att bekräfta)\n"
                "- **escape**: tillbaka till deltagarlistan\n\n"
                "Journalen visar också stegbytena (») med datum och anteckning.\n"
                "Efterstödet visas här; bocka av besök och samtal i Påminnelser (F3).\n"
                "I formulären: **ctrl+s** eller **enter** sparar, **escape** avbryter."
            )
            + "\n\n"
            + _("**L**: lämna över till en kollega: en fil med hela historiken (den innehåller personuppgifter).")
            + _("\n\n**l**: enkät lämnad (NNS-enkäten lämnades idag; påminnelsen om enkäten försvinner).")
            + _("\n\nPå fliken Arbetsgivare: **enter** ändrar kontakten, **d** tar bort den (frågar först).")
            + _(
                "\n\nPå fliken Efterstöd fungerar Påminnelsernas tangenter: **d** eller **enter** gjord ·"
                " **r** flytta · **s** hoppa över."
            )
        )
