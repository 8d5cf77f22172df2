"""Import participants from a file (.json, .csv, .xlsx), from inside the app: a short wizard.

1. Fil: a path; Enter (or "Granska") opens the file in a worker.
2. Kolumner (a sheet only): the columns recognised and what each is read as; for
   every column that is not recognised a list of fields to read it as, "Hoppa
   över" or "Journalanteckning". ctrl+g goes on once every column is chosen.
3. Granska: the first rows as they will be imported, the defaults used, the
   dry-run summary (with the SUS reminders and efterstöd slots it creates), or
   every problem with its row and the coach's own header.

"Importera" (ctrl+s) asks for confirmation, backs up and imports in one
transaction in a worker, and returns the ``store.bulk.Summary`` (None when
cancelled). The mapping is ``services.sheet_import``: the same as ``coachtui
import``. The caller refreshes its lists.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Input, Label, Select, Static

from coachtui.exports.files import BAD_VALUES, bad_value
from coachtui.i18n import _
from coachtui.screens.base import CoachModal
from coachtui.screens.confirm import ConfirmScreen
from coachtui.services import sheet_columns as cols
from coachtui.services import sheet_import
from coachtui.store import bulk
from coachtui.store.db import StoreError
from coachtui.store.inputs import InputError, Problem
from coachtui.widgets.keybar import KeyBar

MAX_PROBLEMS_SHOWN = sheet_import.MAX_PROBLEMS
PREVIEW_ROWS = 5


def field_options() -> list[tuple[str, str]]:
    """What an unknown column can be read as: skip, a journal entry, or a field (by its Swedish name)."""
    fields = [(cols.field_label(code), code) for code, _kind, _h in cols.FIELDS if code != sheet_import.JOURNAL]
    return [
        (_("Hoppa över kolumnen"), sheet_import.SKIP),
        (_("Journalanteckning (typ Övrigt, daterad idag)"), sheet_import.JOURNAL),
        *sorted(fields),
    ]


class ImportDialog(CoachModal["bulk.Summary | None"]):
    DEFAULT_CSS = """
    ImportDialog { align: center middle; }
    ImportDialog > Vertical { width: 100; max-width: 100%; height: 100%;
                              border: thick $primary; background: $surface; padding: 0 1; }
    ImportDialog .title { text-style: bold; }
    ImportDialog #step { color: $text-muted; margin-bottom: 1; }
    ImportDialog VerticalScroll { height: 1fr; }
    ImportDialog #result, ImportDialog #columns { height: auto; }
    ImportDialog #unknown { height: auto; }
    ImportDialog .choice { height: auto; }
    ImportDialog .choice Label { width: 30; padding: 1 1 0 0; }
    ImportDialog .choice Select { width: 1fr; }
    ImportDialog #preview { height: auto; max-height: 9; margin-top: 1; }
    ImportDialog Horizontal#buttons { height: auto; align-horizontal: right; }
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
        self.source: sheet_import.Source | None = None
        self.plan: sheet_import.Plan | None = None
        self.summary: bulk.Summary | None = None
        self.busy = False

    @property
    def prepared(self) -> bulk.Prepared | None:
        return self.plan.prepared if self.plan is not None else None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Importera deltagare från fil"), classes="title")
            yield Static(_("Steg 1 av 3: välj fil"), id="step")
            yield Label(_("Sökväg till en .json-, .csv- eller .xlsx-fil:"))
            yield Input(self.initial_path, id="path", placeholder=_("t.ex. ~/Dokument/deltagare.xlsx"))
            with VerticalScroll():
                yield Static("", id="columns")
                yield Vertical(id="unknown")
                table: DataTable[str] = DataTable(id="preview", show_cursor=False, zebra_stripes=True)
                table.display = False
                yield table
                yield Static(_("Enter granskar filen; inget skrivs förrän du bekräftar importen."), id="result")
            with Horizontal(id="buttons"):
                yield Button(_("Avbryt"), id="cancel")
                yield Button(_("Granska"), id="review")
                yield Button(_("Importera"), id="import", variant="primary", disabled=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def help_markdown(self) -> str:
        return _(
            "## Importera\n\n"
            "Skriv sökvägen och tryck **Enter** (eller ctrl+g) för att öppna filen. För ett kalkylark visas vilka"
            " kolumner som känns igen och vad de blir; välj för varje okänd kolumn ett fält, **Hoppa över** eller"
            " **Journalanteckning** och tryck **ctrl+g**. Sedan visas de första raderna som de blir, standardvärdena"
            " och vad importen gör. Alla fel visas med rad och kolumnrubrik; en fil med fel läses inte in alls."
            " **ctrl+s** importerar efter en fråga; en säkerhetskopia görs först. Befintliga nycklar uppdaterar"
            " deltagaren, nya läggs till."
        )

    # --- events --------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.source is not None or self.plan is not None:
            self._reset()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the path: (re)open the file, as it is on disk now."""
        event.stop()
        if self.busy:
            return
        self._reset()
        self.action_review()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.plan = None
        self.summary = None
        self.query_one("#import", Button).disabled = True
        self.query_one("#preview", DataTable).display = False
        self._show(self._choose_hint())

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
        """Open the file (step 1), or read it with the chosen columns (step 2)."""
        if self.busy:
            return
        if self.source is not None:
            choices = self._choices()
            if choices is None:
                self._show(f"✗ {self._choose_hint()}")
                return
            self.busy = True
            self._show(_("Granskar …"))
            self._prepare(self.source, choices)
            return
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self._show(f"✗ {_('Skriv sökvägen till filen.')}")
            return
        self.busy = True
        self._show(_("Granskar …"))
        self._open(Path(text).expanduser())

    def action_run_import(self) -> None:
        if self.busy:
            return
        if self.plan is None or self.summary is None:
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
        if answer and self.plan is not None:
            self.busy = True
            self._show(_("Importerar …"))
            self._import(self.plan)

    # --- the coach's choices -------------------------------------------------------------

    def _choices(self) -> dict[str, str] | None:
        """header -> field for every unknown column; None while one is not chosen."""
        chosen: dict[str, str] = {}
        for select in self.query_one("#unknown", Vertical).query(Select):
            if select.value is Select.NULL:
                return None
            chosen[str(select.name)] = str(select.value)
        return chosen

    def _choose_hint(self) -> str:
        return _("Välj vad varje okänd kolumn ska bli (eller Hoppa över) och tryck ctrl+g för att granska.")

    # --- workers -------------------------------------------------------------------------

    def _import_context(self) -> sheet_import.Context:
        return sheet_import.Context.of(self.db, self.today())

    @work(thread=True, exclusive=True)
    def _open(self, path: Path) -> None:
        try:
            source = sheet_import.open_source(path)
            if source.sheet is not None and source.sheet.unknown:
                self.app.call_from_thread(self._columns, source)
                return
            plan = sheet_import.prepare(source, self.db, self._import_context())
            summary, counts = sheet_import.dry_run(self.db, plan)
        except InputError as exc:
            self.app.call_from_thread(self._problems, exc.problems)
            return
        except (StoreError, OSError) as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        except BAD_VALUES as exc:  # a date at the end of time, a lone surrogate, 100 000-deep nesting: bad input
            self.app.call_from_thread(self._failed, bad_value(exc))
            return
        self.app.call_from_thread(self._columns, source)
        self.app.call_from_thread(self._reviewed, plan, summary, counts)

    @work(thread=True, exclusive=True)
    def _prepare(self, source: sheet_import.Source, choices: dict[str, str]) -> None:
        try:
            sheet = source.sheet.choose(choices) if source.sheet is not None else None
            chosen = sheet_import.Source(source.name, source.incoming, sheet)
            plan = sheet_import.prepare(chosen, self.db, self._import_context())
            summary, counts = sheet_import.dry_run(self.db, plan)
        except InputError as exc:
            self.app.call_from_thread(self._problems, exc.problems)
            return
        except StoreError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._reviewed, plan, summary, counts)

    @work(thread=True, exclusive=True)
    def _import(self, plan: sheet_import.Plan) -> None:
        try:
            summary = sheet_import.run(self.db, plan, now=self.app.clock.now())  # type: ignore[attr-defined]
        except StoreError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        except BAD_VALUES as exc:  # rolled back: nothing was written
            self.app.call_from_thread(self._problems, [bad_value(exc)])
            return
        self.app.call_from_thread(self._done, summary)

    # --- results (UI thread) -------------------------------------------------------------

    def _show(self, text: str) -> None:
        self.query_one("#result", Static).update(text)

    def _reset(self) -> None:
        self.source = None
        self.plan = None
        self.summary = None
        self.query_one("#import", Button).disabled = True
        self.query_one("#columns", Static).update("")
        self.query_one("#unknown", Vertical).remove_children()
        self.query_one("#preview", DataTable).display = False
        self.query_one("#step", Static).update(_("Steg 1 av 3: välj fil"))

    def _columns(self, source: sheet_import.Source) -> None:
        """Step 2: what each column of the sheet is read as, a list of fields for each unknown one."""
        self.busy = False
        self.source = source
        sheet = source.sheet
        if sheet is None:
            return
        known = "; ".join(f"✓ {c.header} → {cols.field_label(str(c.field))}" for c in sheet.recognised)
        heading = _("Rubrikraden är rad {n}. Kolumner som känns igen:", n=sheet.header_row)
        self.query_one("#columns", Static).update(f"{heading}\n{known}")
        box = self.query_one("#unknown", Vertical)
        box.remove_children()
        if not sheet.unknown:
            return
        self.query_one("#step", Static).update(_("Steg 2 av 3: okända kolumner"))
        options = field_options()
        rows = []
        for column in sheet.unknown:
            select: Select[str] = Select(options, prompt=_("Välj …"), name=column.header)
            rows.append(Horizontal(Label(f"? {column.header}"), select, classes="choice"))
        box.mount_all(rows)
        self._show(self._choose_hint())
        self.call_after_refresh(lambda: box.query(Select).first().focus())

    def _problems(self, problems: list[Problem]) -> None:
        messages = sheet_import.problem_lines(problems)
        lines = [_("✗ Filen kan inte läsas in; inget har ändrats ({n} fel):", n=len(problems))]
        lines += [f"  • {m}" for m in messages]
        self._not_ready("\n".join(lines))

    def _failed(self, message: str) -> None:
        self._not_ready(f"✗ {message}")

    def _not_ready(self, text: str) -> None:
        self.busy = False
        self.plan = None
        self.summary = None
        self.query_one("#import", Button).disabled = True
        self.query_one("#preview", DataTable).display = False
        self._show(text)

    def _reviewed(self, plan: sheet_import.Plan, summary: bulk.Summary, counts: sheet_import.Counts) -> None:
        """Step 3: the first rows as they will be imported, the defaults and what the import does."""
        self.busy = False
        self.plan = plan
        self.summary = summary
        self.query_one("#step", Static).update(_("Steg 3 av 3: granska och importera"))
        headers, rows = sheet_import.preview(plan, PREVIEW_ROWS)
        table = self.query_one("#preview", DataTable)
        table.clear(columns=True)
        table.add_columns(*headers)
        table.add_rows(rows)
        table.display = bool(rows)
        lines = ["✓ " + _("Filen är granskad."), *sheet_import.summary_lines(plan, summary, counts, dry_run=True)]
        if summary.changes:
            lines.append(_("Tryck ctrl+s eller Importera för att läsa in."))
        self._show("\n".join(lines))
        button = self.query_one("#import", Button)
        button.disabled = not summary.changes
        if summary.changes:
            button.focus()
        target = table if rows else self.query_one("#result", Static)
        self.call_after_refresh(lambda: self.query_one(VerticalScroll).scroll_to_widget(target, top=True))

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
