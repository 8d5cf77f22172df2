"""``coachtui erase KEY [--yes]``: erase one participant for good, exactly as "Radera för gott" in the app.

The same use case (``services.erase``): by the participant's key, everything about them, the -wal and any
leftover copy scrubbed, one audit row without the name. Without ``--yes`` the participant's initials are asked
for (in a terminal; without one it refuses). Exit 2 for an unknown key.
"""

from __future__ import annotations

import argparse
import sys

from coachtui.commands.context import Context, UsageError
from coachtui.i18n import _


def run(ctx: Context, args: argparse.Namespace) -> int:
    from coachtui.services import erase

    db = ctx.open_db(verify=True)  # a damaged file is never written to
    try:
        person = erase.find(db, args.key)
        if person is None:
            raise UsageError(_("Ingen deltagare har den nyckeln; inget raderades."))
        if not args.yes:
            if not sys.stdin.isatty():
                raise UsageError(_("Bekräfta med --yes när coachtui inte körs i en terminal; inget raderades."))
            print(
                _(
                    "Allt om deltagaren raderas för gott och går inte att ångra."
                    " Skriv deltagarens initialer för att bekräfta:"
                ),
                file=ctx.out,
                flush=True,
            )
            if not erase.initials_match(sys.stdin.readline(), person):
                print(_("Initialerna stämmer inte. Inget raderades."), file=ctx.out)
                return 1
        erased = erase.erase_for_good(db, person, now=ctx.clock.now())
    finally:
        db.close()
    print(_("Deltagaren är raderad för gott."), file=ctx.out)
    if not erased.scrubbed:
        print(
            _("Ett annat coachtui-fönster är öppet: de sista spåren i -wal-filen tas bort när det stängs."),
            file=ctx.out,
        )
    return 0
