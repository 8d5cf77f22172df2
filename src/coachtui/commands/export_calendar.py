"""``coachtui export calendar``: planned efterstöd as an .ics file for Outlook or a phone."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from coachtui.commands.context import Context, UsageError
from coachtui.i18n import _


def run(ctx: Context, args: argparse.Namespace) -> int:
    from coachtui.domain.dates import add_months
    from coachtui.exports import ics
    from coachtui.services import calendar

    start, end = ics.default_period(args.from_ or ctx.today())
    if args.to is not None:
        end = args.to
    if end < start:
        raise UsageError(_("--to kan inte vara före --from."))
    if end > add_months(start, 12 * 5):
        raise UsageError(_("Perioden får vara högst fem år."))
    db = ctx.open_db(audited=True)
    try:
        if args.output == "-":
            from coachtui.store import audit, followups

            rows = followups.calendar_rows(db, start, end)
            ctx.out.write(ics.calendar_bytes(rows, now=ctx.now()).decode("utf-8"))
            audit.record_export(db, "calendar", "followup", start, end, len(rows), "ics", now=ctx.now())
            return 0
        path = Path(args.output).expanduser() if args.output else Path.cwd() / ics.default_filename(start, end)
        if path.is_dir():
            path = path / ics.default_filename(start, end)
        elif args.output and args.output.endswith(("/", os.sep)):
            raise UsageError(_("Mappen {folder} finns inte. Inget skrevs.", folder=args.output))
        count = calendar.export_calendar(db, path, start, end, now=ctx.now())
    finally:
        db.close()
    print(
        _(
            "Skrev {n} händelser ({start} – {end}) till {path}",
            n=count,
            start=start.isoformat(),
            end=end.isoformat(),
            path=path,
        ),
        file=ctx.out,
    )
    return 0
