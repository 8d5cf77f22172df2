"""``coachtui export all [--participant KEY]...``: the whole record as a coachtui/1 document (DATA-FORMAT.md).

The document is in its canonical form (``store.document``): importing it into
an empty database and exporting again gives the same bytes. It holds everything
a coach entered (journal, employer contacts, follow-ups, employers, team
settings), never the audit log nor personnummer. ``--participant KEY``
(repeatable) writes a handover document with just those participants, their
coach and their employers (``services.export_all``, the same use case as
"Lämna över" in the app). Without ``-o`` the file gets a name that says what and
when, in the current folder; ``-o -`` writes to standard output. The export is
audited (count only). An unknown key: exit 2, nothing written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from coachtui.commands.context import Context
from coachtui.i18n import _


def run(ctx: Context, args: argparse.Namespace) -> int:
    from coachtui.exports import files
    from coachtui.services import export_all

    keys: list[str] | None = args.participant or None
    db = ctx.open_db(audited=True)
    try:
        if args.output == "-":
            path = None
        elif args.output:
            path = args.output  # a str keeps a trailing "/" (a folder, which must exist)
        elif keys is not None:
            path = Path.cwd() / export_all.handover_name(keys, ctx.today())
        else:
            path = Path.cwd() / files.default_name("allt", None, ctx.today(), "json")
        try:
            written = export_all.write(db, path, keys, out=ctx.out)
        except export_all.UnknownParticipant as exc:
            print(_("coachtui: ingen deltagare med nyckeln {key!r}; inget skrevs", key=exc.key), file=ctx.err)
            return 2
        if path is not None:
            print(_("{n} deltagare skrivna till {path}", n=written.participants, path=written.path), file=ctx.out)
            if keys is not None:
                print(_("Filen innehåller personuppgifter: lämna den bara till den som ska ta över."), file=ctx.out)
    finally:
        db.close()
    return 0
