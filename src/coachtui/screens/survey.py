"""The questionnaire view (F6, "Enkät"): the NNS questionnaire against the team's goals, and the sheets entered.

Top: per question the share answering in the top three boxes as a bar with the number beside it (never the
bar alone), the goal marked ``┃`` in the bar and met/not met as a word and a symbol; for all respondents or
one (``g``: alla, kvinnor, män, vill inte svara), for a period (``[``/``]`` half-year or year, ``y`` toggles)
and kind (``k``: both, pågående, avslut); the table of every figure, by respondent, follows; ``e`` saves it
as csv in the home folder. Bottom: the sheets in the period, newest first: ``n`` enters paper sheets,
enter edits one, ``delete``/``x`` deletes one (asks first). The sheets are anonymous.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from coachtui.domain import report as periods
from coachtui.domain import survey as rules
from coachtui.i18n import _
from coachtui.screens.base import CoachScreen
from coachtui.store.db import StoreError
from coachtui.widgets.commands import PaletteCommand, ScreenCommands
from coachtui.widgets.keybar import KeyBar
from coachtui.widgets.table import Column, Row, VirtualTable

BAR_WIDTH = 20
KINDS: tuple[str | None, ...] = (None, *rules.KINDS)
GROUPS: tuple[str | None, ...] = (None, *rules.RESPONDENTS)


def bar(figure: rules.Figure, width: int = BAR_WIDTH) -> str:
    """``█`` for the share, ``·`` for the rest, ``┃`` where the goal is; "" (no bar) when nothing answered."""
    if not figure.answered:
        return "·" * width
    filled = round(figure.share * width)
    cells = ["█" if i < filled else "·" for i in range(width)]
    if figure.goal is not None:
        at = min(width - 1, max(0, round(figure.goal * width) - 1))
        cells[at] = "┃"
    return "".join(cells)


def bar_line(name: str, figure: rules.Figure) -> str:
    """One line of the chart: label, bar, the share and the counts, the goal and the verdict."""
    from coachtui.exports.survey import met_text, percent, share_text

    number = share_text(figure)
    counts = _("({top3} av {answered})", top3=figure.top3, answered=figure.answered)
    goal = _("mål {goal}", goal=percent(figure.goal)) if figure.goal is not None else _("inget mål")
    return (
        f"{name.ljust(12)} {bar(figure)} {number.rjust(7)} {counts.ljust(12)} {goal.ljust(12)} {met_text(figure.met)}"
    )


def chart(report: rules.SurveyReport, group: str | None) -> str:
    part = report.total if group is None else report.by_respondent[group]
    who = _("alla svarande") if group is None else rules.respondent_label(group)
    lines = [_("Andel i de tre översta rutorna, {who}", who=who)]
    for number, figure in enumerate(part.questions, start=1):
        lines.append(bar_line(_("Fråga {n}", n=number), figure))
    lines.append(bar_line(_("Alla frågor"), part.all))
    return "\n".join(lines)


def table_text(report: rules.SurveyReport) -> str:
    """The report's table (as ``coachtui survey report``); "Vill ej" heads the last column to fit 80 columns."""
    from coachtui.exports.survey import headers, rows

    table = [(*headers()[:-1], _("Vill ej")), *rows(report)]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    lines = []
    for row in table:
        cells = [row[0].ljust(widths[0])] + [cell.rjust(widths[i]) for i, cell in enumerate(row) if i]
        lines.append(" ".join(cells).rstrip())
    lines.append(_("Andel per svarande: kvinna, man, vill inte svara (Vill ej)"))
    return "\n".join(lines)


def wording() -> str:
    return "\n".join(
        [_("Frågorna (ordagrant från enkäten):"), *(f"{n}  {q}" for n, q in enumerate(rules.QUESTIONS, start=1))]
    )


def answers_text(answers: tuple[int | None, ...]) -> str:
    return " ".join("–" if a is None else str(a) for a in answers)


def sheet_row(sheet: object) -> Row:
    from coachtui.store.surveys import SheetRow

    assert isinstance(sheet, SheetRow)
    return Row(
        sheet.id,
        (
            sheet.key,
            sheet.on.isoformat(),
            rules.kind_label(sheet.kind),
            rules.respondent_label(sheet.respondent),
            answers_text(sheet.answers),
            sheet.municipality,
            sheet.program,
        ),
    )


def export_name(report: rules.SurveyReport) -> str:
    from coachtui.exports import files

    return files.default_name("enkat" + (f"-{report.kind}" if report.kind else ""), report.start, report.end, "csv")


@dataclass(frozen=True, slots=True)
class Loaded:
    report: rules.SurveyReport
    sheets: list[object]
    ticket: int


class SurveyScreen(CoachScreen):
    DEFAULT_CSS = """
    SurveyScreen #survey-title { height: auto; padding: 0 1; background: $boost; }
    SurveyScreen #survey-body { height: 1fr; padding: 0 1; }
    SurveyScreen #survey-chart, SurveyScreen #survey-table, SurveyScreen #survey-wording { height: auto; }
    SurveyScreen #survey-table, SurveyScreen #survey-wording { margin-top: 1; }
    SurveyScreen #survey-sheets { height: 40%; min-height: 5; border-top: solid $primary; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_sheets", _("Mata in"), id="survey.new"),
        Binding("enter", "edit_sheet", _("Ändra"), show=False, id="survey.edit"),
        Binding("x,delete", "delete_sheet", _("Ta bort"), key_display="x", id="survey.delete"),
        Binding("k", "cycle_kind", _("Typ"), id="survey.kind"),
        Binding("g", "cycle_group", _("Svarande"), id="survey.group"),
        Binding("left_square_bracket", "shift(-1)", _("Föreg."), key_display="[", id="survey.previous"),
        Binding("right_square_bracket", "shift(1)", _("Nästa"), key_display="]", id="survey.next"),
        Binding("y", "toggle_year", _("År/halvår"), id="survey.year"),
        Binding("e", "export", _("Spara csv"), id="survey.export"),
        Binding("r", "reload", _("Uppdatera"), show=False, id="survey.reload"),
    ]
    COMMANDS: ClassVar = {ScreenCommands}

    def __init__(self) -> None:
        super().__init__()
        self.period: periods.Period | None = None
        self.kind: str | None = None
        self.group: str | None = None
        self.report: rules.SurveyReport | None = None
        self.sheet_ids: list[int] = []
        self._ticket = 0
        self._defaults: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Läser enkäterna …"), id="survey-title", markup=False)
        with VerticalScroll(id="survey-body"):
            yield Static("", id="survey-chart", markup=False)
            yield Static("", id="survey-table", markup=False)
            yield Static(wording(), id="survey-wording", markup=False)
        yield VirtualTable(id="survey-sheets", empty_text=_("Inga enkäter i perioden – n matar in pappersenkäter."))
        yield KeyBar()

    def on_mount(self) -> None:
        self.period = periods.half_year(self.today())
        self.query_one(VirtualTable).set_columns(
            [
                Column("key", _("Enkät"), 7),
                Column("on", _("Datum"), 10),
                Column("kind", _("Typ"), 14),
                Column("respondent", _("Svarande"), 15),
                Column("answers", _("Svar 1-7"), 13),
                Column("municipality", _("Kommun"), 0),
                Column("program", _("Program"), 7),
            ]
        )
        self.query_one(VirtualTable).focus()

    def on_screen_resume(self) -> None:
        self.load()

    # --- data -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="survey")
    def load(self) -> None:
        from coachtui.store import surveys

        assert self.period is not None
        self._ticket += 1
        ticket = self._ticket
        start, end = self.period.start, self.period.end
        result = surveys.report(self.db, start, end, kind=self.kind)
        found = [s for s in surveys.sheets(self.db, start, end) if self.kind is None or s.kind == self.kind]
        self.app.call_from_thread(self._show, Loaded(result, list(found), ticket))

    def _show(self, loaded: Loaded) -> None:
        if loaded.ticket < self._ticket:
            return
        from coachtui.exports.survey import kind_text, responses_text

        report = loaded.report
        self.report = report
        kind = _("helår") if report.start.month == 1 and report.end.month == 12 else _("halvår")
        self.query_one("#survey-title", Static).update(
            _(
                "NNS-enkät {start} – {end} ({kind}) · {what} · {responses}",
                start=report.start.isoformat(),
                end=report.end.isoformat(),
                kind=kind,
                what=kind_text(report.kind),
                responses=responses_text(report),
            )
        )
        self.query_one("#survey-chart", Static).update(chart(report, self.group))
        self.query_one("#survey-table", Static).update(table_text(report))
        rows = [sheet_row(s) for s in loaded.sheets]
        self.sheet_ids = [int(r.key) for r in rows]
        self.query_one(VirtualTable).set_rows(rows)

    def current_sheet(self) -> int | None:
        key = self.query_one(VirtualTable).cursor_key
        return int(key) if key is not None and int(key) in self.sheet_ids else None

    # --- actions ----------------------------------------------------------------------

    def action_new_sheets(self) -> None:
        from coachtui.screens.survey_entry import SurveyEntry

        entry = SurveyEntry(defaults=self._defaults)

        def done(saved: int | None) -> None:
            # the next entry starts with this one's kind, respondent, date, municipality and programme
            self._defaults = {name: getattr(entry, name) for name in SurveyEntry.REMEMBERED}
            if saved:
                self.notify(_("{n} enkäter sparade.", n=saved) if saved != 1 else _("1 enkät sparad."))

        self.app.push_screen(entry, done)

    def action_edit_sheet(self) -> None:
        sheet_id = self.current_sheet()
        if sheet_id is None:
            self.notify(_("Välj en enkät i listan först."), severity="warning")
            return
        from coachtui.screens.survey_entry import SurveyEntry

        def done(saved: int | None) -> None:
            if saved:
                self.notify(_("Enkäten är ändrad."))

        self.app.push_screen(SurveyEntry(sheet_id), done)

    def on_virtual_table_row_selected(self, event: VirtualTable.RowSelected) -> None:
        event.stop()
        self.action_edit_sheet()

    def action_delete_sheet(self) -> None:
        sheet_id = self.current_sheet()
        if sheet_id is None:
            self.notify(_("Välj en enkät i listan först."), severity="warning")
            return
        row = self.query_one(VirtualTable).highlighted_row
        name = row.cells[0] if row is not None else ""
        from coachtui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(sheet_id, name)

        self.app.push_screen(
            ConfirmScreen(_("Ta bort enkät {key}? Det går inte att ångra.", key=name), yes=_("Ta bort")), answered
        )

    @work(thread=True, group="survey-delete")
    def _delete(self, sheet_id: int, name: str) -> None:
        from coachtui.store import surveys

        try:
            surveys.delete_sheet(self.db, sheet_id)
        except StoreError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.notify, _("Enkät {key} borttagen.", key=name))
        self.app.call_from_thread(self.load)

    def action_cycle_kind(self) -> None:
        self.kind = KINDS[(KINDS.index(self.kind) + 1) % len(KINDS)]
        self.load()

    def action_cycle_group(self) -> None:
        self.group = GROUPS[(GROUPS.index(self.group) + 1) % len(GROUPS)]
        if self.report is not None:
            self.query_one("#survey-chart", Static).update(chart(self.report, self.group))

    def action_shift(self, steps: int) -> None:
        assert self.period is not None
        self.period = periods.shift(self.period, steps)
        self.load()

    def action_toggle_year(self) -> None:
        assert self.period is not None
        year = periods.whole_year(self.period.start)
        if self.period == year:
            today = self.today()
            self.period = periods.half_year(today if today in year else self.period.start)
        else:
            self.period = year
        self.load()

    def action_reload(self) -> None:
        self.load()

    def action_export(self) -> None:
        if self.report is None:
            self.notify(_("Enkätrapporten är inte klar än."), severity="warning")
            return
        self.export(self.report)

    @work(thread=True, exclusive=True, group="survey-export")
    def export(self, report: rules.SurveyReport) -> None:
        from coachtui.exports import files
        from coachtui.exports.survey import to_csv

        path = Path.home() / export_name(report)
        try:
            files.write_private(path, to_csv(report), db_path=self.db.path)
        except OSError as exc:
            reason = exc.strerror or exc.__class__.__name__
            self.app.call_from_thread(
                self.notify, _("✗ Kunde inte spara {path}: {reason}", path=path, reason=reason), severity="error"
            )
            return
        self.app.call_from_thread(self.notify, _("✓ Enkätrapporten sparad i {path}", path=path))

    # --- help and palette -------------------------------------------------------------

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield (_("Enkät: mata in pappersenkäter"), _("En enkät på några sekunder med tangentbordet (n)"),
               self.action_new_sheets)  # fmt: skip
        yield (_("Enkät: ändra vald enkät"), "enter", self.action_edit_sheet)
        yield (_("Enkät: ta bort vald enkät"), _("Frågar först (x)"), self.action_delete_sheet)
        yield (_("Enkät: byt typ"), _("Båda, pågående, avslut (k)"), self.action_cycle_kind)
        yield (_("Enkät: byt svarande"), _("Alla, kvinnor, män, vill inte svara (g)"), self.action_cycle_group)
        yield (_("Enkät: föregående period"), "[", lambda: self.action_shift(-1))
        yield (_("Enkät: nästa period"), "]", lambda: self.action_shift(1))
        yield (_("Enkät: helår eller halvår"), "y", self.action_toggle_year)
        yield (_("Enkät: spara csv"), _("Rapporten som csv i hemmappen (e)"), self.action_export)

    def help_markdown(self) -> str:
        return _(
            "## Enkät (NNS, Indikatorer för finansiell samordning)\n"
            "Per fråga andelen som kryssat någon av de tre översta rutorna (Ofta, För det mesta, Alltid; Till stor"
            " del, Till mycket stor del, Helt och hållet) mot teamets mål. Stapeln visar andelen, **┃** målet och"
            " siffran står alltid bredvid. Målen ändras i *Inställningar: team*.\n\n"
            "- **n**: mata in pappersenkäter (en siffra 1-6 per fråga, **-** hoppar över, enter sparar)\n"
            "- **enter**: ändra vald enkät · **x** / **delete**: ta bort vald enkät (frågar först)\n"
            "- **k**: typ (båda, pågående, avslut) · **g**: svarande (alla, kvinnor, män, vill inte svara)\n"
            "- **[** / **]**: föregående / nästa halvår (eller år) · **y**: helår eller halvår\n"
            "- **e**: spara rapporten som csv i hemmappen · **r**: läs om\n\n"
            "Enkäterna är anonyma. Samma rapport på kommandoraden: `coachtui survey report`."
        )
