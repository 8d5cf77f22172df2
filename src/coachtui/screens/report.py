"""The report mode (F5): the funder's figures as tables with bar charts, by period and filter.

Each table is the one the text and csv reports show (`exports.report.sections`);
the charts are plain horizontal bars of "█" with the number beside them (never
the bar alone). Data loads in a thread worker every time the period or a
filter changes, and when the mode is shown again (exits may have been added).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from coachtui.domain import codes
from coachtui.domain import report as rules
from coachtui.i18n import _, language
from coachtui.screens.base import CoachScreen
from coachtui.widgets.commands import PaletteCommand, ScreenCommands
from coachtui.widgets.keybar import KeyBar

PROGRAMS: tuple[str | None, ...] = (None, *codes.PROGRAM)
BAR = "█"
BAR_WIDTH = 30

#: (table, chart under it) in the order the screen shows them
LAYOUT: tuple[tuple[str, str | None], ...] = (
    ("participants", None),
    ("duration", "bands"),
    ("exit_reasons", "reasons"),
    ("occupation_before", None),
    ("occupation_after", "occupation"),
    ("to_work", None),
    ("continued_support", None),
    ("caseload", None),
)


def bars(title: str, items: Sequence[tuple[str, int]], width: int = BAR_WIDTH) -> str:
    """A horizontal bar chart as text: label, a bar scaled to the largest value, then the number."""
    top = max((value for _label, value in items), default=0)
    label_width = max((len(label) for label, _value in items), default=0)
    lines = [title]
    for label, value in items:
        length = round(value / top * width) if top else 0
        if value and not length:
            length = 1
        lines.append(f"{label.ljust(label_width)}  {BAR * length}{' ' if length else ''}{value}")
    return "\n".join(lines)


def charts(report: rules.Report) -> dict[str, str]:
    lang = language()
    d = report.duration
    reasons = [
        (codes.label("exit_reason", code, lang), counts["woman"] + counts["man"])
        for code, counts in report.exit_reasons.items()
    ]
    occupation: list[tuple[str, int]] = []
    for code in report.occupation_before:
        name = codes.label("occupation", code, lang)
        before = sum(report.occupation_before[code].values())
        after = sum(report.occupation_after[code].values())
        occupation.append((_("{occupation}, före", occupation=name), before))
        occupation.append((_("{occupation}, efter", occupation=name), after))
    return {
        "bands": bars(
            _("Avslutade per antal månader i programmet"),
            [(_("{band} mån", band=b), d.bands[b]) for b in rules.BANDS],
        ),
        "reasons": bars(_("Avslut per orsak"), reasons),
        "occupation": bars(_("Sysselsättning före och efter (avslutade)"), occupation),
    }


def export_name(report: rules.Report) -> str:
    """``coachtui-rapport[-<kommun>][-<program>]-<from>--<to>.csv``."""
    from coachtui.exports import files

    what = "-".join(
        [
            "rapport",
            *("".join(c if c.isalnum() else "_" for c in f) for f in (report.municipality, report.program) if f),
        ]
    )
    return files.default_name(what, report.period.start, report.period.end, "csv")


@dataclass(frozen=True, slots=True)
class Shown:
    report: rules.Report
    municipalities: list[str]


class ReportScreen(CoachScreen):
    DEFAULT_CSS = """
    ReportScreen #report-title { height: auto; padding: 0 1; background: $boost; }
    ReportScreen #report-body { height: 1fr; padding: 0 1; }
    ReportScreen .report-table { margin-top: 1; height: auto; }
    ReportScreen .report-chart { margin-top: 1; height: auto; color: $text; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "shift(-1)", _("Föreg."), key_display="[", id="report.previous"),
        Binding("right_square_bracket", "shift(1)", _("Nästa"), key_display="]", id="report.next"),
        Binding("y", "toggle_year", _("År/halvår"), id="report.year"),
        Binding("p", "cycle_program", _("Program"), id="report.program"),
        Binding("m", "cycle_municipality", _("Kommun"), id="report.municipality"),
        Binding("e", "export", _("Spara csv"), id="report.export"),
        Binding("r", "reload", _("Uppdatera"), show=False, id="report.reload"),
        Binding("escape", "app.back_mode", _("Tillbaka"), show=False, id="report.back"),
    ]
    COMMANDS: ClassVar = {ScreenCommands}

    def __init__(self) -> None:
        super().__init__()
        self.period: rules.Period | None = None
        self.program: str | None = None
        self.municipality: str | None = None
        self.municipalities: list[str] = []
        self.report: rules.Report | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Läser rapporten …"), id="report-title", markup=False)
        with VerticalScroll(id="report-body"):
            for table, chart in LAYOUT:
                yield Static("", id=f"table-{table}", classes="report-table", markup=False)
                if chart:
                    yield Static("", id=f"chart-{chart}", classes="report-chart", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.period = rules.half_year(self.today())
        self.query_one("#report-body").focus()

    def on_screen_resume(self) -> None:
        self.load()

    # --- data -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="report")
    def load(self) -> None:
        from coachtui.store import report_data

        assert self.period is not None
        data = report_data.load(self.db, self.period, self.today())
        municipality = self.municipality if self.municipality in data.municipalities else None
        result = rules.build(
            data.people,
            self.period,
            today=self.today(),
            team=data.team,
            municipality=municipality,
            program=self.program,
        )
        self.app.call_from_thread(self._show, Shown(result, data.municipalities))

    def _show(self, shown: Shown) -> None:
        from coachtui.exports.report import label_width, sections, table_text

        report = shown.report
        self.report = report
        self.municipalities = shown.municipalities
        self.municipality = report.municipality
        self.query_one("#report-title", Static).update(self.title_text(report))
        tables = sections(report)
        width = label_width(tables)
        for section in tables:
            self.query_one(f"#table-{section.key}", Static).update("\n".join(table_text(section, width)))
        for key, text in charts(report).items():
            self.query_one(f"#chart-{key}", Static).update(text)

    def title_text(self, report: rules.Report) -> str:
        from coachtui.exports.report import filters_label, period_label

        if report.period.is_year:
            kind = _("helår")
        elif report.period.is_half_year:
            kind = _("halvår")
        else:
            kind = _("period")
        return f"{_('Rapport')} {period_label(report)} ({kind}) · {filters_label(report)}"

    # --- actions ----------------------------------------------------------------------

    def action_shift(self, steps: int) -> None:
        assert self.period is not None
        self.period = rules.shift(self.period, steps)
        self.load()

    def action_toggle_year(self) -> None:
        assert self.period is not None
        year = rules.whole_year(self.period.start)
        if self.period == year:
            today = self.today()
            self.period = rules.half_year(today if today in year else self.period.start)
        else:
            self.period = year
        self.load()

    def action_cycle_program(self) -> None:
        self.program = PROGRAMS[(PROGRAMS.index(self.program) + 1) % len(PROGRAMS)]
        self.load()

    def action_cycle_municipality(self) -> None:
        choices: list[str | None] = [None, *self.municipalities]
        index = choices.index(self.municipality) if self.municipality in choices else 0
        self.municipality = choices[(index + 1) % len(choices)]
        self.load()

    def action_reload(self) -> None:
        self.load()

    def action_export(self) -> None:
        if self.report is None:
            self.notify(_("Rapporten är inte klar än."), severity="warning")
            return
        self.export(self.report)

    @work(thread=True, exclusive=True, group="report-export")
    def export(self, report: rules.Report) -> None:
        from coachtui.exports import files
        from coachtui.exports.report import to_csv
        from coachtui.store.settings import export_folder

        path = export_folder(self.db) / export_name(report)
        try:
            files.write_private(path, to_csv(report), db_path=self.db.path)
        except (OSError, files.UnsafeTarget) as exc:
            reason = str(exc) if isinstance(exc, files.UnsafeTarget) else exc.strerror or exc.__class__.__name__
            self.app.call_from_thread(
                self.notify, _("✗ Kunde inte spara {path}: {reason}", path=path, reason=reason), severity="error"
            )
            return
        self.app.call_from_thread(self.notify, _("✓ Rapporten sparad i {path}", path=path))

    # --- help and palette -------------------------------------------------------------

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield (_("Rapport: föregående period"), _("Halvåret (året) före ([)"), lambda: self.action_shift(-1))
        yield (_("Rapport: nästa period"), _("Halvåret (året) efter (])"), lambda: self.action_shift(1))
        yield (_("Rapport: helår eller halvår"), _("Växla mellan helt år och halvår (y)"), self.action_toggle_year)
        yield (_("Rapport: byt program"), _("Alla, SE, IPS, SEd (p)"), self.action_cycle_program)
        yield (_("Rapport: byt kommun"), _("Alla eller en kommun i taget (m)"), self.action_cycle_municipality)
        yield (_("Rapport: exportera csv"), _("Spara rapporten som csv i hemmappen (e)"), self.action_export)

    def help_markdown(self) -> str:
        return _(
            "## Rapport\n"
            "Siffrorna till finansiären för en period: deltagare per kön (anonyma för sig), tid i programmet,"
            " avslutsorsaker, sysselsättning före och efter, andel till arbete, fortsatt stöd, belastning och mål.\n\n"
            "- **[** / **]**: föregående / nästa halvår (eller år)\n"
            "- **y**: växla mellan helår och halvår\n"
            "- **p**: program (alla, SE, IPS, SEd) · **m**: kommun (alla eller en i taget)\n"
            "- **e**: spara rapporten som csv i hemmappen (öppnas i Excel)\n"
            "- **r**: läs om siffrorna · **pil upp/ned**, **page up/down**: bläddra\n\n"
            "Samma rapport finns på kommandoraden: `coachtui report --format text|json|csv`."
        ) + _("\n\n**escape**: tillbaka till vyn du kom från.")
