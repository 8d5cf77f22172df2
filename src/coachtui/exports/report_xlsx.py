"""The report as an Excel workbook for the funder's yearly report (``--format xlsx``).

One sheet per table of `exports.report.sections` (and any extra tables, such as the hub's per coach and per
municipality), each with Swedish headings, numbers as numbers and a native Excel bar chart beside the table,
ready to paste. Shared by ``coachtui report`` and ``coachtui hub report``.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from coachtui.domain.report import Report
from coachtui.exports.report import Section, filters_label, period_label, sections
from coachtui.i18n import _

_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_names() -> dict[str, str]:
    return {
        "participants": _("Deltagare"),
        "duration": _("Tid i programmet"),
        "exit_reasons": _("Avslutsorsaker"),
        "occupation_before": _("Sysselsättning före"),
        "occupation_after": _("Sysselsättning efter"),
        "to_work": _("Till arbete"),
        "continued_support": _("Fortsatt stöd"),
        "caseload": _("Belastning och mål"),
        "by_coach": _("Per coach"),
        "by_municipality": _("Per kommun"),
    }


def number(text: str) -> int | float | str:
    """A formatted cell value back to a number (decimal comma or point); other text stays text."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text


def workbook_bytes(report: Report, extra: Sequence[Section] = (), *, title: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    names = sheet_names()
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    used: set[str] = set()
    for section in [*sections(report), *extra]:
        name = names.get(section.key, section.title).translate(_FORBIDDEN)[:31]
        while name in used:
            name = name[:29] + " 2"
        used.add(name)
        sheet = book.create_sheet(name)
        sheet.append([title or _("Rapport till finansiären")])
        sheet.append([_("Period: {period}", period=period_label(report))])
        sheet.append([filters_label(report)])
        sheet.append([])
        header_row = sheet.max_row + 1
        sheet.append([section.title, *section.headers])
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
        for row in section.rows:
            sheet.append([row[0].strip(), *(number(v) for v in row[1:])])
        sheet.column_dimensions["A"].width = max(12, min(60, max(len(r[0]) for r in (*section.rows, (section.title,)))))
        for i in range(len(section.headers)):
            sheet.column_dimensions[chr(ord("B") + i)].width = max(10, len(section.headers[i]) + 2)
        last = sheet.max_row
        if last > header_row and section.headers:
            chart = BarChart()
            chart.type = "col"
            chart.title = section.title
            # the gender columns (not the total, when there is one) or the single value column
            columns = len(section.headers) if len(section.headers) == 1 else max(1, len(section.headers) - 1)
            if section.key in ("occupation_before", "occupation_after"):
                columns = 2
            data = Reference(sheet, min_col=2, max_col=1 + columns, min_row=header_row, max_row=last)
            chart.add_data(data, titles_from_data=True)
            chart.set_categories(Reference(sheet, min_col=1, min_row=header_row + 1, max_row=last))
            chart.height, chart.width = 9, 18
            sheet.add_chart(chart, f"{chr(ord('B') + len(section.headers) + 1)}{header_row}")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
