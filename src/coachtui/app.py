"""The Textual app, built by one factory used by the CLI and the tests.

Peer views are modes (caseload, reminders, exports, report); a participant
opens as a pushed screen; forms are modal screens. Screens reach the data only
through ``coachtui.store`` functions, in thread workers.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen

from coachtui.clock import Clock
from coachtui.i18n import _
from coachtui.store.db import Database, db_errors

if TYPE_CHECKING:
    from textual.widget import AwaitMount

    from coachtui.screens.lock import IdleLock
    from coachtui.services.undo import Entry


def _caseload() -> Screen[None]:
    from coachtui.screens.caseload import CaseloadScreen

    return CaseloadScreen()


def _reminders() -> Screen[None]:
    from coachtui.screens.reminders import RemindersScreen

    return RemindersScreen()


def _exports() -> Screen[None]:
    from coachtui.screens.exports import ExportsScreen

    return ExportsScreen()


def _report() -> Screen[None]:
    from coachtui.screens.report import ReportScreen

    return ReportScreen()


def _survey() -> Screen[None]:
    from coachtui.screens.survey import SurveyScreen

    return SurveyScreen()


class CoachApp(App[None]):
    TITLE = "coachtui"
    CSS_PATH = "app.tcss"
    MODES: ClassVar = {
        "caseload": _caseload,
        "reminders": _reminders,
        "exports": _exports,
        "report": _report,
        "survey": _survey,
    }
    DEFAULT_MODE = "caseload"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", _("Hjälp"), id="help"),
        Binding("question_mark", "help", _("Hjälp"), show=False, id="help2"),
        Binding("ctrl+q", "quit", _("Avsluta"), id="quit"),
        Binding("ctrl+p", "command_palette", _("Kommandon"), show=False, priority=True, id="palette"),
        Binding("f2", "caseload", _("Deltagare"), show=False, id="mode_caseload"),
        Binding("f3", "switch_mode('reminders')", _("Påminnelser"), show=False, id="mode_reminders"),
        Binding("f4", "switch_mode('exports')", _("Export"), show=False, id="mode_exports"),
        Binding("f5", "switch_mode('report')", _("Rapport"), show=False, id="mode_report"),
        Binding("f6", "switch_mode('survey')", _("Enkät"), show=False, id="mode_survey"),
        Binding("ctrl+z", "undo", _("Ångra"), show=False, id="undo"),
    ]

    def __init__(self, db: Database, clock: Clock, *, demo: bool = False) -> None:
        super().__init__()
        self.db = db
        self.clock = clock
        self.demo = demo
        self.shown = threading.Event()  # the first screen is fully shown (warm_up): the start-up work may begin
        self.closing = False
        self.sub_title = _("Demo") if demo else ""
        self.last_input = time.monotonic()  # the last key or mouse event (the idle lock of an encrypted file)
        self.idle_lock: IdleLock | None = None
        self.previous_mode = ""  # the view before the current one (escape on Report goes back there)
        from coachtui.services.undo import UndoStack

        self.undo_stack = UndoStack()  # the session's last actions: ctrl+z and the palette's "Ångra: …"

    def today(self) -> date:
        return self.clock()

    def now(self) -> datetime:
        return self.clock.now()

    def switch_mode(self, mode: str) -> AwaitMount:
        if mode != self.current_mode:
            self.previous_mode = self.current_mode
        return super().switch_mode(mode)

    async def action_caseload(self) -> None:
        """F2: the caseload itself, not the participant last opened from it (forms stay open)."""
        if self.current_mode != "caseload":
            await self.switch_mode("caseload")
        while len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen):
            await self.pop_screen()

    def action_back_mode(self) -> None:
        """Back to the view this one was opened from (the caseload when there is none)."""
        back = self.previous_mode if self.previous_mode in self.MODES else "caseload"
        self.switch_mode(back if back != self.current_mode else "caseload")

    def on_mount(self) -> None:
        self.after_start()
        if self.db.encrypted():  # hide everything after lock_minutes idle (screens/lock.py)
            from coachtui.screens.lock import IdleLock

            self.idle_lock = IdleLock.install(self)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseEvent)):
            self.last_input = time.monotonic()
        await super().on_event(event)

    @work(thread=True, group="start")
    def after_start(self) -> None:
        """Once the first screen is fully shown (at most 3 s after the start): the start-up check's verdict,
        then the day's first backup."""
        self.shown.wait(3.0)
        if self.closing:  # quit before the first screen was shown: nothing to start
            return
        problem = self.db.refusal()
        if problem is not None:
            self.call_from_thread(
                self.notify, _("Skrivskyddat läge: {problem}", problem=problem), severity="error", timeout=60
            )
            return
        if self.demo:
            return
        from coachtui.store.backup import daily_backup
        from coachtui.store.db import StoreError

        failures: tuple[type[Exception], ...] = (StoreError, OSError, *db_errors())  # sqlcipher3's errors too
        try:
            daily_backup(self.db, self.clock.now())
        except failures as exc:
            reason = str(exc) if isinstance(exc, StoreError) else exc.__class__.__name__
            self.call_from_thread(
                self.notify, _("Dagens säkerhetskopia kunde inte göras ({reason}).", reason=reason), severity="warning"
            )

    #: what the first dialog of a session would otherwise import while the coach waits (pydantic and the
    #: forms); warm_up imports them once the caseload is fully shown
    WARM_MODULES: ClassVar[tuple[str, ...]] = (
        "coachtui.store.inputs",
        "coachtui.screens.participant",
        "coachtui.screens.participant_form",
        "coachtui.screens.exit_form",
        "coachtui.screens.employment_form",
        "coachtui.screens.journal_form",
        "coachtui.screens.contact_form",
        "coachtui.screens.step_dialog",
    )

    @work(thread=True, group="warm-up", exclusive=True)
    def warm_up(self) -> None:
        """Import what the dialogs need, off the UI thread, after the caseload's rows are on screen: opening
        a dialog then costs its own compose only. Idempotent (imports are cached). Also lets the start-up
        work begin (the quick_check, the daily backup), which waited so as not to slow the first screen."""
        import importlib

        self.shown.set()
        self.db.release_check()

        for name in self.WARM_MODULES:
            importlib.import_module(name)

    def action_help(self) -> None:
        from coachtui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            view_help = getattr(self.screen, "help_markdown", None)
            self.push_screen(HelpScreen(view_help() if callable(view_help) else ""))

    def action_command_palette(self) -> None:
        """The palette with Swedish (or English) texts instead of Textual's own."""
        from textual.command import CommandPalette

        from coachtui.widgets.commands import CoachCommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CoachCommandPalette())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Not Textual's own (Theme, Keys, Maximize, Screenshot: English, and not what a coach needs; F1 shows
        # the keys): only quitting, in the app's language, then the views and tools.
        last = self.undo_stack.peek()
        if last is not None:
            yield SystemCommand(
                _("Ångra: {what}", what=last.title), _("Ångra den senaste ändringen (ctrl+z)"), self.action_undo
            )
        yield SystemCommand(_("Avsluta"), _("Stäng coachtui (ctrl+q); det som sparats finns kvar"), self.action_quit)
        yield SystemCommand(_("Deltagare"), _("Visa deltagarlistan (F2)"), self.action_caseload)
        yield SystemCommand(
            _("Påminnelser"), _("Dagens efterstöd och SUS-utskrivningar (F3)"), lambda: self.switch_mode("reminders")
        )
        yield SystemCommand(
            _("Export"), _("Avslut för SUS, Finsam-antal, kalender (F4)"), lambda: self.switch_mode("exports")
        )
        yield SystemCommand(_("Rapport"), _("Rapport till finansiären (F5)"), lambda: self.switch_mode("report"))
        yield SystemCommand(
            _("Enkät"), _("NNS-enkäten mot målen; mata in pappersenkäter (F6)"), lambda: self.switch_mode("survey")
        )
        yield SystemCommand(_("Importera"), _("Läs in deltagare från .json, .csv eller .xlsx"), self.action_import)
        yield SystemCommand(_("Gallring"), _("Radera dem som avslutades för länge sedan"), self.action_retention)
        yield SystemCommand(
            _("Inställningar: team"), _("SUS-fördröjning, årsmål i rapporten, låsning"), self.action_team_settings
        )
        yield SystemCommand(
            _("Programtrohet"), _("Årets IPS-skattning (IPS-25), punkt för punkt, med förslag"), self.action_fidelity
        )
        yield SystemCommand(_("Team"), _("Teamets hubb: skicka deltagarlistan, pseudonymiserad"), self.action_team)
        yield SystemCommand(_("Hjälp"), _("Tangenter för den här vyn (F1, ?)"), self.action_help)
        if self.idle_lock is not None:
            yield SystemCommand(_("Lås"), _("Dölj allt tills lösenfrasen skrivs igen"), self.idle_lock.lock)

    def _fatal_error(self) -> None:
        """An unexpected error ends the app with one line, never a traceback: Textual's shows the local
        variables, which can hold names and notes (COACHTUI_DEBUG=1 shows it, for developers)."""
        if os.environ.get("COACHTUI_DEBUG"):
            super()._fatal_error()
            return
        from rich.text import Text

        kind = type(self._exception).__name__ if self._exception is not None else "Exception"
        self.bell()
        self._exit_renderables.append(
            Text(
                _(
                    "coachtui: ett oväntat fel ({kind}). Det som redan sparats finns kvar."
                    " Kör med COACHTUI_DEBUG=1 för detaljer.",
                    kind=kind,
                )
            )
        )
        self._close_messages_no_wait()

    def action_undo(self) -> None:
        """ctrl+z: undo the newest action of this session (in a worker), then reload the view."""
        entry = self.undo_stack.peek()
        if entry is None:
            self.notify(_("Inget att ångra."), severity="warning")
            return
        self._undo(entry)

    @work(thread=True, group="undo", exclusive=True)
    def _undo(self, entry: Entry) -> None:
        from coachtui.services.undo import UndoRefused, undo
        from coachtui.store.db import StoreError

        try:
            undo(self.db, entry)
        except UndoRefused as refused:  # changed since: this undo can never be done, so it is forgotten
            self.undo_stack.drop(entry)
            self.call_from_thread(self.notify, str(refused), severity="error", timeout=8)
            return
        except StoreError as problem:  # busy, read-only, full disk: kept, to try again
            self.call_from_thread(self.notify, str(problem), title=_("Inget ångrades"), severity="error")
            return
        self.undo_stack.drop(entry)
        self.call_from_thread(self._undone, entry)

    def _undone(self, entry: Entry) -> None:
        """The view shows what was undone: reloaded, the cursor on the row put back where the view can."""
        change = entry.changes[0]
        after_undo = getattr(self.screen, "after_undo", None)
        reload = getattr(self.screen, "reload", None) or getattr(self.screen, "load", None)
        if callable(after_undo):
            after_undo(
                change.table, change.row_id, int(dict(change.before or change.after or ()).get("participant_id", 0))
            )
        elif callable(reload):
            reload()
        self.notify(_("Ångrat: {what}.", what=entry.title))

    def action_import(self) -> None:
        from coachtui.screens.import_dialog import ImportDialog

        self.push_screen(ImportDialog())  # the screen below reloads when it is shown again

    def action_retention(self) -> None:
        from coachtui.screens.retention import RetentionScreen

        self.push_screen(RetentionScreen())

    def action_team(self) -> None:
        from coachtui.screens.team import TeamScreen

        if not isinstance(self.screen, TeamScreen):
            self.push_screen(TeamScreen())

    def action_team_settings(self) -> None:
        from coachtui.screens.settings_form import open_team_settings

        open_team_settings(self)

    def action_fidelity(self) -> None:
        from coachtui.screens.fidelity import FidelityScreen

        if not isinstance(self.screen, FidelityScreen):
            self.push_screen(FidelityScreen())

    def on_unmount(self) -> None:
        self.closing = True
        self.shown.set()  # after_start stops waiting
        self.db.close()


def create_app(db: Database, clock: Clock, *, demo: bool = False) -> CoachApp:
    """The one factory: the CLI and the tests build the app here."""
    db.clock = clock  # the audit rows' now is the app's clock
    return CoachApp(db, clock, demo=demo)
