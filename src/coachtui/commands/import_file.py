"""``coachtui import FILE [--dry-run]``: participants from .json (coachtui/1), .csv or .xlsx.

All or nothing: the whole file is checked first; any problem lists every
problem (row number or key, field) and exits 2 without touching the database
(a database that does not exist yet is not even created). A valid file is
written in one transaction after a "pre-import" backup. ``--dry-run`` prints
what would be added, changed and left as is, and writes nothing. What an import
does to existing participants is described in ``store/bulk.py``.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from coachtui.cli import Context
from coachtui.i18n import _

if TYPE_CHECKING:
    from coachtui.store.bulk import Summary


def run(ctx: Context, args: argparse.Namespace) -> int:
    from coachtui.exports import files, readers
    from coachtui.store import bulk
    from coachtui.store.inputs import InputError

    path = Path(args.file).expanduser()
    exists = ctx.db_path.exists() and ctx.db_path.stat().st_size > 0
    db = ctx.open_db(verify=True) if exists else None
    try:
        try:
            incoming = readers.read(path)
            prepared = bulk.validate(incoming, bulk.known_coaches(db) if db is not None else (), today=ctx.today())
        except InputError as exc:
            print_problems(exc, ctx.err)
            return 2
        if db is None:
            if args.dry_run:
                coaches = [c["key"] for c in prepared.coaches] or (["c1"] if prepared.participants else [])
                summary = bulk.Summary(added=[t.doc["key"] for t in prepared.participants], coaches_added=coaches)
                summary.fidelity_changed = [r["key"] for r in prepared.fidelity_reviews]
                print_summary(summary, ctx.out, dry_run=True)
                return 0
            db = ctx.open_db(create=True)
        if args.dry_run:
            print_summary(bulk.dry_run(db, prepared), ctx.out, dry_run=True)
            return 0
        summary = bulk.run(db, prepared, today=ctx.today(), now=datetime.now())
        print_summary(summary, ctx.out, dry_run=False)
        return 0
    except files.BAD_VALUES as exc:
        # a value no rule expected: bad input, not a crash; the transaction (if any) was rolled back
        print(f"coachtui: {files.bad_value(exc)}", file=ctx.err)
        return 2
    finally:
        if db is not None:
            db.close()


def print_problems(exc: Exception, err: TextIO) -> None:
    problems = getattr(exc, "problems", [])
    print(
        _("coachtui: filen lästes inte in och inget har ändrats ({n} fel):", n=len(problems)),
        file=err,
    )
    for problem in problems:
        print(f"  {problem.message}", file=err)


def print_summary(summary: Summary, out: TextIO, *, dry_run: bool) -> None:
    for line in summary.lines(dry_run=dry_run):
        print(line, file=out)
