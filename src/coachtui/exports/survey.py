"""The NNS questionnaire's report as json (DATA-FORMAT.md), plain text or csv (Swedish Excel: ``;``, BOM).

Text and csv show, per question and for all questions together, the answers, those in the top three boxes,
the share against the goal and whether it is met, then the share by respondent; the questions' exact wording
follows the table (it is the questionnaire's own text, in Swedish whatever the language).
"""

from __future__ import annotations

import csv
import io
from typing import Final

from coachtui import jsontext
from coachtui.domain import survey as rules
from coachtui.i18n import _

FORMATS: Final = ("text", "json", "csv")
BOM: Final = "\ufeff"


def percent(value: float | None) -> str:
    """0.667 → "66,7 %"; None → "–"."""
    if value is None:
        return "–"
    return f"{value * 100:.1f}".replace(".", ",") + " %"


def met_text(met: bool | None) -> str:
    if met is None:
        return "–"
    return _("✓ ja") if met else _("✗ nej")


def share_text(figure: rules.Figure) -> str:
    """The share as a number, or "–" when nothing was answered."""
    return percent(figure.share) if figure.answered else "–"


def kind_text(kind: str | None) -> str:
    return rules.kind_label(kind) if kind else _("båda (pågående och avslut)")


def headers() -> tuple[str, ...]:
    return (
        _("Fråga"),
        _("Svar"),
        _("Topp 3"),
        _("Andel"),
        _("Mål"),
        _("Uppnått"),
        *(rules.respondent_label(r) for r in rules.RESPONDENTS),
    )


def rows(report: rules.SurveyReport) -> list[tuple[str, ...]]:
    """One row per question, then "Alla frågor": the cells of :func:`headers`."""
    lines: list[tuple[str, ...]] = []
    parts = [(str(n), report.total.questions[n - 1], n) for n in range(1, rules.COUNT + 1)]
    for name, figure, number in [*parts, (_("Alla frågor"), report.total.all, 0)]:
        by = [
            report.by_respondent[r].questions[number - 1] if number else report.by_respondent[r].all
            for r in rules.RESPONDENTS
        ]
        lines.append(
            (
                name,
                str(figure.answered),
                str(figure.top3),
                share_text(figure),
                percent(figure.goal),
                met_text(figure.met),
                *(share_text(f) for f in by),
            )
        )
    return lines


def title(report: rules.SurveyReport, *, municipality: str | None = None, program: str | None = None) -> str:
    return _(
        "NNS-enkät {start} – {end} · {kind} · kommun: {municipality} · program: {program}",
        start=report.start.isoformat(),
        end=report.end.isoformat(),
        kind=kind_text(report.kind),
        municipality=municipality or _("alla"),
        program=program or _("alla"),
    )


def responses_text(report: rules.SurveyReport) -> str:
    r = report.responses
    return _(
        "Enkäter: {total} (kvinnor {woman}, män {man}, vill inte svara {unstated})",
        total=sum(r.values()),
        woman=r["woman"],
        man=r["man"],
        unstated=r["unstated"],
    )


def explanation() -> str:
    return _(
        "Andel = svar i de tre översta rutorna (Ofta, För det mesta, Alltid; Till stor del, Till mycket stor del,"
        " Helt och hållet) av dem som svarat på frågan."
    )


def to_text(report: rules.SurveyReport, *, municipality: str | None = None, program: str | None = None) -> str:
    table = [headers(), *rows(report)]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    lines = [title(report, municipality=municipality, program=program), responses_text(report), explanation(), ""]
    for row in table:
        cells = [row[0].ljust(widths[0])] + [cell.rjust(widths[i]) for i, cell in enumerate(row) if i]
        lines.append("  ".join(cells).rstrip())
    lines.append("")
    lines += [f"{n}  {text}" for n, text in enumerate(rules.QUESTIONS, start=1)]
    return "\n".join(lines) + "\n"


def to_csv(report: rules.SurveyReport, *, municipality: str | None = None, program: str | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([title(report, municipality=municipality, program=program)])
    writer.writerow([responses_text(report)])
    writer.writerow([])
    head = headers()
    writer.writerow([head[0], _("Frågan"), *head[1:]])
    for row in rows(report):
        number = row[0]
        text = rules.QUESTIONS[int(number) - 1] if number.isdigit() else ""
        writer.writerow([number, text, *row[1:]])
    writer.writerow([])
    writer.writerow([explanation()])
    return BOM + buffer.getvalue()


def to_json(report: rules.SurveyReport) -> str:
    return jsontext.dumps(report.as_json())


def render(report: rules.SurveyReport, fmt: str, *, municipality: str | None = None, program: str | None = None) -> str:
    if fmt == "json":
        return to_json(report)
    if fmt == "csv":
        return to_csv(report, municipality=municipality, program=program)
    if fmt == "text":
        return to_text(report, municipality=municipality, program=program)
    raise ValueError(fmt)
