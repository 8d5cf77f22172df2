"""``coachtui report``: the figures for the funder as text, json or csv on standard output.

Without ``--from``/``--to`` the period is the current half-year (1 January – 30
June or 1 July – 31 December of today); with only one of them, the other is the
end (or start) of that date's half-year. The text header says so. csv keeps its
BOM so that ``coachtui report --format csv > rapport.csv`` opens in Excel.
"""

from __future__ import annotations

import argparse

from coachtui import jsontext
from coachtui.commands.context import Context, UsageError
from coachtui.i18n import _


def period_note(start_given: bool, end_given: bool) -> str:
    if not start_given and not end_given:
        return _("innevarande halvår, inget datum angavs")
    if not start_given:
        return _("start från halvåret, inget --from angavs")
    if not end_given:
        return _("slut från halvåret, inget --to angavs")
    return ""


def run(ctx: Context, args: argparse.Namespace) -> int:
    from coachtui.domain import report as rules
    from coachtui.exports import report as render
    from coachtui.store import report_data

    period = ctx.period(args.from_, args.to)
    program = args.program  # argparse allows only SE, IPS and SEd
    db = ctx.open_db()
    try:
        data = report_data.load(db, period, ctx.today())
        latest = None
        if args.format == "json":  # the latest fidelity review's total and band (an additive key)
            from coachtui.services import fidelity

            latest = fidelity.latest(db)
        survey = None
        if args.format == "json":  # the NNS questionnaire's figures too (DATA-FORMAT.md), same period and filters
            from coachtui.commands.survey import survey_object

            survey = survey_object(
                db, period.start, period.end, kind=None, municipality=args.municipality, program=program
            )
    finally:
        db.close()
    municipality = args.municipality
    if municipality is not None:
        known = {m.casefold(): m for m in data.municipalities}
        if municipality.strip().casefold() not in known:
            choices = ", ".join(data.municipalities) or "–"
            raise UsageError(
                _("Ingen deltagare i kommunen {name!r}. Kommuner: {choices}", name=municipality, choices=choices)
            )
        municipality = known[municipality.strip().casefold()]
    result = rules.build(
        data.people, period, today=ctx.today(), team=data.team, municipality=municipality, program=program
    )
    note = period_note(args.from_ is not None, args.to is not None)
    if args.format == "xlsx":
        from pathlib import Path

        from coachtui.exports import files
        from coachtui.exports.report_xlsx import workbook_bytes

        target = args.output or Path.cwd() / files.default_name("rapport", period.start, period.end, "xlsx")
        path = files.write_private(target, workbook_bytes(result), db_path=ctx.db_path)
        ctx.out.write(_("Skrev {path}", path=path) + "\n")
        return 0
    if survey is not None:
        document = render.as_json(result, fidelity=latest)
        document["survey"] = survey  # after the existing keys
        ctx.out.write(jsontext.dumps(document))
        return 0
    ctx.out.write(render.render(result, args.format, period_note=note, fidelity=latest))
    return 0
