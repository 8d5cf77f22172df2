"""``coachtui export exits``: exits to enter in SUS, as csv (default), xlsx or json.

Period: exits dated ``--from``..``--to`` inclusive; without ``--from`` the whole
history, without ``--to`` up to today. Without ``-o`` the file gets a name that
says what and which period, in the current folder; ``-o -`` writes csv/json to
standard output. Every export is audited (what, period, format, row count).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from coachtui.commands.context import Context, UsageError
from coachtui.i18n import _


def run(ctx: Context, args: argparse.Namespace) -> int:
    from coachtui.domain.exports import exit_rows, registered_left_out
    from coachtui.exports import exits as writer
    from coachtui.exports import files
    from coachtui.store import audit, exits

    start = args.from_
    end = args.to or ctx.today()
    if start is not None and start > end:
        raise UsageError(_("--from ({start}) är efter --to ({end}).", start=start, end=end))
    fmt = args.format
    to_stdout = args.output == "-"
    if to_stdout and fmt == "xlsx":
        raise UsageError(_("xlsx kan inte skrivas till terminalen; ange en fil med -o."))
    db = ctx.open_db(audited=True)
    try:
        records = exits.exit_records(db, start, end)
        delay = exits.delay_months(db)
        rows = exit_rows(
            records,
            start=start,
            end=end,
            delay_months=delay,
            include_registered=args.include_registered,
            pseudonymise=args.pseudonymise,
        )
        left_out = 0 if args.include_registered else registered_left_out(records, start=start, end=end)
        data = writer.render(rows, fmt)
        info = ctx.err if to_stdout else ctx.out
        if to_stdout:
            ctx.out.write(data.decode("utf-8").removeprefix(writer.BOM))
        else:
            path = args.output if args.output else Path.cwd() / files.default_name("avslut", start, end, fmt)
            path = files.write_private(path, data, db_path=ctx.db_path)
            print(_("{n} avslut skrivna till {path}", n=len(rows), path=path), file=info)
        if left_out:
            print(
                _(
                    "{n} avslut som redan är registrerade i SUS togs inte med (--include-registered tar med dem).",
                    n=left_out,
                ),
                file=info,
            )
        audit.record_export(db, "exits", "exit", start, end, len(rows), fmt)
    finally:
        db.close()
    return 0
