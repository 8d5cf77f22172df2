"""``coachtui export finsam``: participants by gender for Uppföljning Finsam (text, csv or json).

Without ``-o`` (or with ``-o -``) the result goes to standard output; with a
file name it is written 0600. Every export is audited (period, format, total).
"""

from __future__ import annotations

import argparse

from coachtui.commands.context import Context, UsageError
from coachtui.i18n import _


def run(ctx: Context, args: argparse.Namespace) -> int:
    from coachtui.domain.exports import finsam_counts
    from coachtui.exports import files, finsam
    from coachtui.store import audit, exits

    start, end = args.from_, args.to
    if start > end:
        raise UsageError(_("--from ({start}) är efter --to ({end}).", start=start, end=end))
    db = ctx.open_db(audited=True)
    try:
        counts = finsam_counts(exits.finsam_people(db, start, end), start, end)
        text = finsam.render(counts, args.format)
        if args.output and args.output != "-":
            path = files.write_private(args.output, text, db_path=ctx.db_path)
            print(_("Finsam-antal skrivna till {path}", path=path), file=ctx.out)
        else:
            ctx.out.write(text.removeprefix(finsam.BOM))
        audit.record_export(db, "finsam", "participant", start, end, counts.participants["total"], args.format)
    finally:
        db.close()
    return 0
