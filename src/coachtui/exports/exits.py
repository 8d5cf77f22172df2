"""The SUS exit export as csv, xlsx or json.

- json: the contract (DATA-FORMAT.md): a list of objects with exactly
  ``domain.exports.EXIT_FIELDS`` as keys, codes, ISO dates, lists of codes and
  occupation objects ``{"kind", "extent"}``.
- csv: for Swedish Excel: ``;`` separator, UTF-8 with BOM, CRLF, ISO dates,
  headers and labels in the user's language (Swedish by default); lists joined
  with ", ", an empty support list reads "Ingen offentlig försörjning";
  occupation objects become two columns (kind, extent in %).
- xlsx: the same columns; dates are real date cells shown as YYYY-MM-DD.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date

from coachtui import jsontext
from coachtui.domain import codes
from coachtui.domain.exports import ExitRow
from coachtui.exports.files import safe_row, text_cells
from coachtui.i18n import _, language

FORMATS = ("csv", "xlsx", "json")
BOM = "\ufeff"


def headers() -> list[str]:
    """The column headers of the csv/xlsx export, in the contract's order."""
    return [
        _("Deltagar-id"),
        _("Förnamn"),
        _("Efternamn"),
        _("Födelseår"),
        _("Kön"),
        _("Kommun"),
        _("Program"),
        _("Inskriven"),
        _("Avslutad"),
        _("Avslutsorsak"),
        _("SUS-utskrivning"),
        _("Utbildningsnivå"),
        _("Försörjning före"),
        _("Försörjning efter"),
        _("Sysselsättning före"),
        _("Omfattning före (%)"),
        _("Sysselsättning efter"),
        _("Omfattning efter (%)"),
        _("Dagar i programmet"),
    ]


def support_text(support: Sequence[str], lang: str) -> str:
    if not support:
        sv, en = codes.NO_SUPPORT_LABEL
        return en if lang == "en" else sv
    return ", ".join(codes.label("support", code, lang) for code in support)


def table_row(row: ExitRow, lang: str | None = None) -> list[str | int | date]:
    """One csv/xlsx row: labels instead of codes, dates kept as dates."""
    lang = lang or language()
    return [
        row.participant,
        row.first_name,
        row.last_name,
        row.birth_year,
        codes.label("gender", row.gender, lang),
        row.municipality,
        codes.label("program", row.program, lang),
        row.enrolled_on,
        row.exited_on,
        codes.label("exit_reason", row.reason, lang),
        row.sus_exit_on,
        codes.label("education", row.education, lang),
        support_text(row.support_before, lang),
        support_text(row.support_after, lang),
        codes.label("occupation", row.occupation_before.kind, lang),
        row.occupation_before.extent,
        codes.label("occupation", row.occupation_after.kind, lang),
        row.occupation_after.extent,
        row.days_in_program,
    ]


def to_csv(rows: Sequence[ExitRow]) -> str:
    """The csv text, starting with the BOM (write it as UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers())
    lang = language()
    # never a formula (exports.files.safe_row); csv writes a date as str(date): ISO
    writer.writerows(safe_row(table_row(row, lang)) for row in rows)
    return BOM + buffer.getvalue()


def to_json(rows: Sequence[ExitRow]) -> str:
    return jsontext.dumps([row.as_json() for row in rows])


def to_xlsx(rows: Sequence[ExitRow]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Avslut")
    titles = headers()
    sheet.append(titles)
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    for row in rows:
        sheet.append(table_row(row))
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, date):
                cell.number_format = "YYYY-MM-DD"
    for index, title in enumerate(titles, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(title) + 2)
    text_cells(sheet)  # a name starting with = is text, never a live formula
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render(rows: Sequence[ExitRow], fmt: str) -> bytes:
    """The file's bytes in ``fmt`` (csv, xlsx or json)."""
    if fmt == "csv":
        return to_csv(rows).encode("utf-8")
    if fmt == "json":
        return to_json(rows).encode("utf-8")
    if fmt == "xlsx":
        return to_xlsx(rows)
    raise ValueError(fmt)
