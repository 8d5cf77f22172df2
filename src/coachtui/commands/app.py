"""``coachtui`` and ``coachtui demo``: open the app."""

from __future__ import annotations

import argparse

from coachtui.commands.context import Context


def run(ctx: Context, args: argparse.Namespace) -> int:
    from coachtui.store.db import Database

    demo = args.command == "demo"
    if demo:
        from coachtui.store import demo as demo_data
        from coachtui.store.paths import default_data_dir

        path = ctx.db_path if getattr(args, "db", None) else default_data_dir() / "demo.sqlite3"
        db = demo_data.create(path, today=ctx.today(), now=ctx.clock.now())
    else:
        db = Database(ctx.db_path, clock=ctx.clock)
        db.open(now=ctx.clock.now(), verify=False)  # a file that needs migrating is still checked first
        # writes wait for the quick_check; the first frame does not, nor does the whole caseload (the app
        # releases the check once it is shown: on a busy machine its CPU would be taken from the first frame)
        db.verify_in_background(hold=3.0)
    from coachtui.app import create_app

    create_app(db, ctx.clock, demo=demo).run()
    return 0
