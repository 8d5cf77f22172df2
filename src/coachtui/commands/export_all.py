"""``coachtui export all``: the whole database as a coachtui/1 document (DATA-FORMAT.md).

The document is in its canonical form (``exports.document``): importing it into
an empty database and exporting again gives the same bytes. Without ``-o`` the
file gets a name that says what and when, in the current folder; ``-o -``
writes to standard output. Journal entries, employer contacts and follow-ups are
not part of the contract and are left out. The export is audited (count only).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from coachtui.cli import Context
from coachtui.i18n import _


def run(ctx: Context, args: argparse.Namespace) -> int:
    from coachtui.exports import document, files
    from coachtui.store import audit

    db = ctx.open_db(audited=True)
    try:
        doc = document.build(db)
        text = document.dumps(doc)
        count = len(doc["participants"])
        if args.output == "-":
            ctx.out.write(text)
        else:
            name = args.output or Path.cwd() / files.default_name("allt", None, ctx.today(), "json")
            path = files.write_private(name, text, db_path=ctx.db_path)
            print(_("{n} deltagare skrivna till {path}", n=count, path=path), file=ctx.out)
        audit.record_export(db, "all", "participant", None, None, count, "json")
    finally:
        db.close()
    return 0
