"""``coachtui export all``: the whole database as a coachtui/1 document (DATA-FORMAT.md).

The document is in its canonical form (``exports.document``): importing it into
an empty database and exporting again gives the same bytes. Without ``-o`` the
file gets a name that says what and when, in the current folder; ``-o -``
writes to standard output. Journal entries, employer contacts and follow-ups are
not part of the contract and are left out. The export is audited (count only).
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from coachtui.cli import Context
from coachtui.i18n import _


def run(ctx: Context, args: argparse.Namespace) -> int:
    from coachtui.exports import document, files

    db = ctx.open_db()
    try:
        doc = document.build(db)
        text = document.dumps(doc)
        count = len(doc["participants"])
        if args.output == "-":
            ctx.out.write(text)
        else:
            path = (
                Path(args.output) if args.output else Path.cwd() / files.default_name("allt", None, ctx.today(), "json")
            )
            files.write_private(path, text)
            print(_("{n} deltagare skrivna till {path}", n=count, path=path), file=ctx.out)
        with db.write() as conn:
            conn.execute(
                "INSERT INTO audit(at, action, entity, count, detail)"
                " VALUES (?, 'export all', 'participant', ?, 'json')",
                (datetime.now().isoformat(timespec="seconds"), count),
            )
    finally:
        db.close()
    return 0
