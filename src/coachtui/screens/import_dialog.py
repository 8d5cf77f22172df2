"""Import participants from a file (.json, .csv, .xlsx), from inside the app.

``ImportDialog()`` asks for a file path; Enter (or "Granska") checks the whole
file and shows what an import would do (the same dry run as ``coachtui import
--dry-run``) or every problem with its row and field. "Importera" (ctrl+s)
asks for confirmation, backs up and imports in one transaction, and returns the
``store.bulk.Summary`` (None when cancelled). The caller refreshes its lists.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from coachtui.exports.files import BAD_VALUES, bad_value
from coachtui.i18n import _
from coachtui.screens.base import CoachModal
from coachtui.screens.confirm import ConfirmScreen
from coachtui.store import bulk
from coachtui.store.db import StoreError
from coachtui.store.inputs import InputError
from coachtui.widgets.keybar import KeyBar

MAX_PROBLEMS_SHOWN = 50


class ImportDialog(CoachModal["bulk.Summary | None"]):
    DEFAULT_CSS = """
    ImportDialog { align: center middle; }
    ImportDialog > Vertical { width: 90; max-width: 100%; height: auto; max-height: 100%;
                              border: thick $primary; background: $surface; padding: 0 1; }
    ImportDialog .title { text-style: bold; margin-bottom: 1; }
    ImportDialog VerticalScroll { height: auto; max-height: 12; }
    ImportDialog #result { height: auto; }
    ImportDialog Horizontal { height: auto; align-horizontal: right; }
    ImportDialog Button { margin-left: 2; min-width: 10; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Avbryt"), id="import.cancel"),
        Binding("ctrl+g", "review", _("Granska"), id="import.review"),
        Binding("ctrl+s", "run_import", _("Importera"), id="import.run"),
    ]

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.initial_path = path
        self.prepared: bulk.Prepared | None = None
        self.summary: bulk.Summary | None = None
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Importera deltagare från fil"), classes="title")
            yield Label(_("Sökväg till en .json-, .csv- eller .xlsx-fil:"))
            yield Input(self.initial_path, id="path", placeholder=_("t.ex. ~/Dokument/deltagare.xlsx"))
            with VerticalScroll():
                yield Static(_("Enter granskar filen; inget skrivs förrän du bekräftar importen."), id="result")
            with Horizontal():
                yield Button(_("Avbryt"), id="cancel")
                yield Button(_("Granska"), id="review")
                yield Button(_("Importera"), id="import", variant="primary", disabled=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def help_markdown(self) -> str:
        return _(
            "## Importera\n\n"
            "Skriv sökvägen och tryck **Enter** (eller ctrl+g) för att granska filen. Alla fel visas med rad"
            " (eller nyckel) och fält; en fil med fel läses inte in alls. **ctrl+s** importerar efter en fråga;"
            " en säkerhetskopia görs först. Befintliga nycklar uppdaterar deltagaren, nya läggs till."
        )

    # --- events --------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.prepared = None
        self.summary = None
        self.query_one("#import", Button).disabled = True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_review()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "review":
            self.action_review()
        elif event.button.id == "import":
            self.action_run_import()
        else:
            self.action_cancel()

    # --- actions -------------------------------------------------------------------------

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)

    def action_review(self) -> None:
        text = self.query_one("#path", Input).value.strip()
        if self.busy:
            return
        if not text:
            self._show(f"✗ {_('Skriv sökvägen till filen.')}")
            return
        self.busy = True
        self._show(_("Granskar …"))
        self._review(Path(text).expanduser())

    def action_run_import(self) -> None:
        if self.busy:
            return
        if self.prepared is None or self.summary is None:
            self.action_review()
            return
        if not self.summary.changes:
            self.notify(_("Inget att importera: allt i filen finns redan."))
            return
        question = _(
            "Importera {added} nya och ändra {changed} deltagare? En säkerhetskopia görs först.",
            added=len(self.summary.added),
            changed=len(self.summary.changed),
        )
        self.app.push_screen(ConfirmScreen(question, yes=_("Importera")), self._confirmed)

    def _confirmed(self, answer: bool | None) -> None:
        if answer and self.prepared is not None:
            self.busy = True
            self._show(_("Importerar …"))
            self._import(self.prepared)

    # --- workers -------------------------------------------------------------------------

    @work(thread=True, exclusive=True)
    def _review(self, path: Path) -> None:
        from coachtui.exports import readers

        try:
            prepared = bulk.validate(readers.read(path), bulk.known_coaches(self.db), today=self.today())
            summary = bulk.dry_run(self.db, prepared)
        except InputError as exc:
            self.app.call_from_thread(self._problems, [p.message for p in exc.problems])
            return
        except (StoreError, OSError) as exc:
            self.app.call_from_thread(self._problems, [str(exc)])
            return
        except BAD_VALUES as exc:  # a date at the end of time, a lone surrogate, 100 000-deep nesting: bad input
            self.app.call_from_thread(self._problems, [bad_value(exc)])
            return
        self.app.call_from_thread(self._reviewed, prepared, summary)

    @work(thread=True, exclusive=True)
    def _import(self, prepared: bulk.Prepared) -> None:
        try:
            summary = bulk.run(self.db, prepared, today=self.today(), now=datetime.now())
        except StoreError as exc:
            self.app.call_from_thread(self._problems, [str(exc)])
            return
        except BAD_VALUES as exc:  # rolled back: nothing was written
            self.app.call_from_thread(self._problems, [bad_value(exc)])
            return
        self.app.call_from_thread(self._done, summary)

    # --- results (UI thread) -------------------------------------------------------------

    def _show(self, text: str) -> None:
        self.query_one("#result", Static).update(text)

    def _problems(self, messages: list[str]) -> None:
        self.busy = False
        self.prepared = None
        self.summary = None
        self.query_one("#import", Button).disabled = True
        shown = messages[:MAX_PROBLEMS_SHOWN]
        lines = [_("✗ Filen kan inte läsas in; inget har ändrats ({n} fel):", n=len(messages))]
        lines += [f"  • {m}" for m in shown]
        if len(messages) > len(shown):
            lines.append(
                _("… och {n} till (kör coachtui import --dry-run för hela listan)", n=len(messages) - len(shown))
            )
        self._show("\n".join(lines))

    def _reviewed(self, prepared: bulk.Prepared, summary: bulk.Summary) -> None:
        self.busy = False
        self.prepared = prepared
        self.summary = summary
        lines = ["✓ " + _("Filen är granskad."), *summary.lines(dry_run=True)]
        if summary.changes:
            lines.append(_("Tryck ctrl+s eller Importera för att läsa in."))
        self._show("\n".join(lines))
        button = self.query_one("#import", Button)
        button.disabled = not summary.changes
        if summary.changes:
            button.focus()

    def _done(self, summary: bulk.Summary) -> None:
        self.busy = False
        self.app.notify(
            _(
                "Importen är klar: {added} nya, {changed} ändrade, {unchanged} oförändrade deltagare.",
                added=len(summary.added),
                changed=len(summary.changed),
                unchanged=len(summary.unchanged),
            )
        )
        self.dismiss(summary)
