"""The report as json (DATA-FORMAT.md "report"), plain text for a terminal or an e-mail, or csv.

- json: the contract's keys in the contract's order, then additive top-level
  keys (`ADDITIVE_KEYS`), never anything inside the contract's objects.
- text: plain aligned columns (spaces only, no box-drawing characters), so it
  pastes into an e-mail; labels from the code lists in the chosen language.
- csv: for Swedish Excel (``;``, UTF-8 with BOM, CRLF): one section after
  another, each a header row whose first cell is the section's title, its rows,
  then an empty row. Decimals with a decimal comma in Swedish, shares in percent.

`sections()` is the one description of the tables; the text, the csv and the
report screen all show it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any, Final

from coachtui import jsontext
from coachtui.domain import codes
from coachtui.domain.report import BANDS, GENDERS, Report, Share
from coachtui.domain.steps import CASELOAD_PER_FTE
from coachtui.i18n import _, language

FORMATS: Final = ("text", "json", "csv")
BOM: Final = "\ufeff"
CONTRACT_KEYS: Final = (
    "from",
    "to",
    "participants",
    "anonymous",
    "duration",
    "exit_reasons",
    "occupation",
    "to_work",
)
ADDITIVE_KEYS: Final = (
    "filters",
    "exits",
    "to_work_total",
    "to_work_adjusted",
    "to_work_or_studies",
    "to_work_or_studies_adjusted",
    "outside_control_reasons",
    "occupation_fte",
    "continued_support",
    "caseload",
    "targets",
    "fidelity",
)


# --- json -------------------------------------------------------------------------------


def _genders(values: dict[str, Any]) -> dict[str, Any]:
    return {g: values[g] for g in GENDERS}


def _share(value: Share, *, exits: bool = False) -> dict[str, Any]:
    if exits:
        return {"count": value.count, "exits": value.exits, "share": value.share}
    return {"count": value.count, "share": value.share}


def _shares(values: dict[str, Share]) -> dict[str, Any]:
    return {key: _share(values[key], exits=True) for key in (*GENDERS, "total")}


def as_json(report: Report, *, fidelity: dict[str, Any] | None = None) -> dict[str, Any]:
    """The report object: the contract's keys in order, then `ADDITIVE_KEYS` (``fidelity``: the latest IPS
    fidelity review's key, date, total and band, ``services.fidelity.latest``; null when there is none)."""
    d = report.duration
    return {
        "from": report.period.start.isoformat(),
        "to": report.period.end.isoformat(),
        "participants": {**_genders(report.participants), "total": report.participants["total"]},
        "anonymous": _genders(report.anonymous),
        "duration": {
            "exited": d.exited,
            "total_days": d.total_days,
            "average_days": d.average_days,
            "bands": {b: d.bands[b] for b in BANDS},
        },
        "exit_reasons": {code: _genders(counts) for code, counts in report.exit_reasons.items()},
        "occupation": {
            "before": {code: _genders(counts) for code, counts in report.occupation_before.items()},
            "after": {code: _genders(counts) for code, counts in report.occupation_after.items()},
        },
        "to_work": {g: _share(report.to_work[g]) for g in GENDERS},
        # additive keys
        "filters": {"municipality": report.municipality, "program": report.program},
        "exits": {**_genders(report.exits), "total": report.exits["total"]},
        "to_work_total": _share(report.to_work["total"]),
        "to_work_adjusted": _shares(report.to_work_adjusted),
        "to_work_or_studies": _shares(report.to_work_or_studies),
        "to_work_or_studies_adjusted": _shares(report.to_work_or_studies_adjusted),
        "outside_control_reasons": sorted(codes.OUTSIDE_CONTROL_REASONS),
        "occupation_fte": {
            "before": {code: _genders(v) for code, v in report.fte_before.items()},
            "after": {code: _genders(v) for code, v in report.fte_after.items()},
        },
        "continued_support": {str(year): n for year, n in sorted(report.continued_support.items())},
        "caseload": {
            "on": report.caseload.on.isoformat(),
            "active": report.caseload.active,
            "fte": report.caseload.fte,
            "capacity": report.caseload.capacity,
            "fidelity_points": report.caseload.fidelity_points,
        },
        "targets": {
            "participants_per_year": report.targets.participants_per_year,
            "participants_for_period": report.targets.participants_for_period,
            "participants_actual": report.targets.participants_actual,
            "share_work_or_studies": report.targets.share_work_or_studies,
            "share_work_or_studies_actual": report.targets.share_work_or_studies_actual,
        },
        "fidelity": fidelity,
    }


def to_json(report: Report, *, fidelity: dict[str, Any] | None = None) -> str:
    return jsontext.dumps(as_json(report, fidelity=fidelity))


# --- the tables -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    headers: tuple[str, ...]  # the value columns' headers (the label column has the title)
    rows: tuple[tuple[str, ...], ...]  # label, then one value per header


def decimal(value: float, places: int = 1) -> str:
    text = f"{value:.{places}f}"
    return text.replace(".", ",") if language() == "sv" else text


def percent(value: float) -> str:
    return decimal(value * 100, 1)


def _gender_headers() -> tuple[str, ...]:
    return (*(codes.label("gender", g, language()) for g in GENDERS), _("Totalt"))


def _gender_row(label: str, values: dict[str, int]) -> tuple[str, ...]:
    return (label, *(str(values[g]) for g in GENDERS), str(sum(values[g] for g in GENDERS)))


def _share_rows(count_label: str, plain: dict[str, Share], adjusted: dict[str, Share]) -> list[tuple[str, ...]]:
    keys = (*GENDERS, "total")
    return [
        (count_label, *(str(plain[k].count) for k in keys)),
        (_("  andel av avslutade (%)"), *(percent(plain[k].share) for k in keys)),
        (_("  andel utom avslut utanför egen kontroll (%)"), *(percent(adjusted[k].share) for k in keys)),
    ]


def period_label(report: Report) -> str:
    return f"{report.period.start.isoformat()} – {report.period.end.isoformat()}"


def filters_label(report: Report) -> str:
    return _(
        "Kommun: {municipality} · Program: {program}",
        municipality=report.municipality or _("alla"),
        program=report.program or _("alla"),
    )


def sections(report: Report) -> list[Section]:
    """The report's tables with labels in the current language, values formatted."""
    lang = language()
    gh = _gender_headers()
    d = report.duration
    result = [
        Section(
            "participants",
            _("Deltagare i perioden"),
            gh,
            (
                _gender_row(_("Deltagare"), report.participants),
                _gender_row(_("  varav anonyma (utan SUS-samtycke)"), report.anonymous),
            ),
        ),
        Section(
            "duration",
            _("Tid i programmet (avslutade i perioden)"),
            (_("Antal"),),
            (
                (_("Avslutade"), str(d.exited)),
                (_("Dagar totalt"), str(d.total_days)),
                (_("Dagar i snitt"), str(d.average_days)),
                *((_("  {band} månader", band=b), str(d.bands[b])) for b in BANDS),
            ),
        ),
        Section(
            "exit_reasons",
            _("Avslutsorsaker (avslutade i perioden)"),
            gh,
            (
                *(
                    _gender_row(codes.label("exit_reason", code, lang), counts)
                    for code, counts in report.exit_reasons.items()
                ),
                _gender_row(_("Summa"), report.exits),
            ),
        ),
    ]
    fte = _("Heltider")
    for key, title, counts, ftes in (
        (
            "occupation_before",
            _("Sysselsättning före (avslutade i perioden)"),
            report.occupation_before,
            report.fte_before,
        ),
        (
            "occupation_after",
            _("Sysselsättning efter (avslutade i perioden)"),
            report.occupation_after,
            report.fte_after,
        ),
    ):
        result.append(
            Section(
                key,
                title,
                (*gh, fte),
                tuple(
                    (*_gender_row(codes.label("occupation", code, lang), n), decimal(sum(ftes[code].values()), 2))
                    for code, n in counts.items()
                ),
            )
        )
    result.append(
        Section(
            "to_work",
            _("Till arbete och studier (avslutade i perioden)"),
            gh,
            (
                *_share_rows(_("Till arbete"), report.to_work, report.to_work_adjusted),
                *_share_rows(
                    _("Till arbete eller studier"), report.to_work_or_studies, report.to_work_or_studies_adjusted
                ),
            ),
        )
    )
    result.append(
        Section(
            "continued_support",
            _("Fortsatt stöd efter avslut (per kalenderår)"),
            (_("Deltagare"),),
            tuple((str(year), str(n)) for year, n in sorted(report.continued_support.items())),
        )
    )
    c, t = report.caseload, report.targets
    result.append(
        Section(
            "caseload",
            _("Belastning och mål"),
            (_("Värde"),),
            (
                (_("Aktiva deltagare {day}", day=c.on.isoformat()), str(c.active)),
                (
                    _("Platser ({n} per heltid, {fte} heltid)", n=CASELOAD_PER_FTE, fte=decimal(c.fte, 2)),
                    str(c.capacity),
                ),
                (_("Programtrohet, poäng för belastning (1-5)"), str(c.fidelity_points)),
                (_("Mål deltagare per år"), str(t.participants_per_year)),
                (_("  mål för perioden ({days} dagar)", days=report.period.days), str(t.participants_for_period)),
                (_("  utfall: deltagare i perioden"), str(t.participants_actual)),
                (_("Mål andel till arbete eller studier (%)"), percent(t.share_work_or_studies)),
                (_("  utfall (%)"), percent(t.share_work_or_studies_actual)),
            ),
        )
    )
    return result


# --- text -------------------------------------------------------------------------------


def label_width(all_sections: list[Section]) -> int:
    """The widest title or row label, so that every table's numbers line up under each other."""
    return max((len(text) for s in all_sections for text in (s.title, *(r[0] for r in s.rows))), default=0)


def table_text(section: Section, width: int = 0) -> list[str]:
    """One section as aligned lines: the title over the labels, numbers right-aligned."""
    label_width = max(width, len(section.title), *(len(r[0]) for r in section.rows))
    widths = [
        max(len(h), *(len(r[i + 1]) for r in section.rows)) if section.rows else len(h)
        for i, h in enumerate(section.headers)
    ]
    lines = [
        "  ".join(
            [section.title.ljust(label_width), *(h.rjust(w) for h, w in zip(section.headers, widths, strict=True))]
        )
    ]
    lines.append("-" * len(lines[0]))
    for row in section.rows:
        lines.append(
            "  ".join([row[0].ljust(label_width), *(v.rjust(w) for v, w in zip(row[1:], widths, strict=True))])
        )
    return [line.rstrip() for line in lines]


def header_lines(report: Report, *, period_note: str = "") -> list[str]:
    period = period_label(report) + (f" ({period_note})" if period_note else "")
    return [
        _("Rapport till finansiären"),
        _("Period: {period}", period=period),
        filters_label(report),
    ]


def to_text(report: Report, *, period_note: str = "") -> str:
    lines = header_lines(report, period_note=period_note)
    tables = sections(report)
    width = label_width(tables)
    for section in tables:
        lines.append("")
        lines.extend(table_text(section, width))
    return "\n".join(lines) + "\n"


# --- csv --------------------------------------------------------------------------------


class _SafeWriter:
    """A csv writer whose text cells are never formulas (``exports.files.safe_row``)."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writerow(self, row: Any) -> None:
        from coachtui.exports.files import safe_row

        self._writer.writerow(safe_row(row))


def to_csv(report: Report, *, period_note: str = "") -> str:
    """The csv text, starting with the BOM (write it as UTF-8)."""
    buffer = io.StringIO()
    writer = _SafeWriter(csv.writer(buffer, delimiter=";", lineterminator="\r\n"))
    writer.writerow([_("Rapport till finansiären"), report.period.start.isoformat(), report.period.end.isoformat()])
    if period_note:
        writer.writerow([period_note])
    writer.writerow([_("Kommun"), report.municipality or _("alla")])
    writer.writerow([_("Program"), report.program or _("alla")])
    for section in sections(report):
        writer.writerow([])
        writer.writerow([section.title, *section.headers])
        for row in section.rows:
            writer.writerow([row[0].strip(), *row[1:]])
    return BOM + buffer.getvalue()


def render(report: Report, fmt: str, *, period_note: str = "", fidelity: dict[str, Any] | None = None) -> str:
    if fmt == "text":
        return to_text(report, period_note=period_note)
    if fmt == "csv":
        return to_csv(report, period_note=period_note)
    if fmt == "json":
        return to_json(report, fidelity=fidelity)
    raise ValueError(fmt)
