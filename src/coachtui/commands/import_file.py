"""``coachtui import FILE [--map "HEADER=FIELD"] [--skip-column HEADER] [--registered-before D] [--dry-run]``.

Participants from .json (coachtui/1), .csv or .xlsx; a coach's own sheet goes in
as it is (``services.sheet_import``: header row, synonyms, Swedish value forms,
defaults). All or nothing: the whole file is checked first; any problem lists
the problems (row number and the coach's own header; the first 100 and a count
of the rest) and exits 2 without touching the database (a database that does
not exist yet is not even created). A valid file is written in one transaction
after a "pre-import" backup. ``--dry-run`` prints what would be added, changed
and left as is, the SUS reminders and efterstöd slots it would create and the
defaults it uses, and writes nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from coachtui.commands.context import Context, UsageError
from coachtui.i18n import _


def mapping(items: list[str] | None) -> dict[str, str]:
    """``--map "HEADER=FIELD"`` options as header -> field."""
    found: dict[str, str] = {}
    for item in items or []:
        header, sep, field = item.rpartition("=")
        if not sep or not header.strip() or not field.strip():
            raise UsageError(_('--map vill ha RUBRIK=FÄLT, t.ex. --map "Mobil=phone" (fick {value!r})', value=item))
        found[header.strip()] = field.strip()
    return found


def run(ctx: Context, args: argparse.Namespace) -> int:
    from coachtui.exports import files
    from coachtui.services import sheet_import
    from coachtui.store.inputs import InputError

    chosen = mapping(getattr(args, "map", None))
    skipped = list(getattr(args, "skip_column", None) or [])
    path = Path(args.file).expanduser()
    exists = ctx.db_path.exists() and ctx.db_path.stat().st_size > 0
    db = ctx.open_db(verify=True) if exists else None
    try:
        try:
            source = sheet_import.open_source(path)
            if source.sheet is not None:
                source = sheet_import.Source(source.name, sheet=source.sheet.choose(chosen, skipped))
            elif chosen or skipped:
                raise UsageError(_("--map och --skip-column gäller bara kalkylark (.csv, .xlsx)"))
            context = sheet_import.Context.of(db, ctx.today(), getattr(args, "registered_before", None))
            plan = sheet_import.prepare(source, db, context)
        except InputError as exc:
            print_problems(exc, ctx.err, sheet=True)
            return 2
        if args.dry_run:
            summary, counts = sheet_import.dry_run(db, plan)
            print_lines(sheet_import.summary_lines(plan, summary, counts, dry_run=True), ctx.out)
            return 0
        if db is None:
            db = ctx.open_db(create=True)
        summary = sheet_import.run(db, plan, now=ctx.clock.now())
        print_lines(sheet_import.summary_lines(plan, summary, None, dry_run=False), ctx.out)
        return 0
    except files.BAD_VALUES as exc:
        # a value no rule expected: bad input, not a crash; the transaction (if any) was rolled back
        print(f"coachtui: {files.bad_value(exc)}", file=ctx.err)
        return 2
    finally:
        if db is not None:
            db.close()


def print_problems(exc: Exception, err: TextIO, *, sheet: bool = False) -> None:
    from coachtui.services.sheet_import import problem_lines

    problems = getattr(exc, "problems", [])
    print(
        _("coachtui: filen lästes inte in och inget har ändrats ({n} fel):", n=len(problems)),
        file=err,
    )
    for line in problem_lines(problems):
        print(f"  {line}", file=err)
    if sheet and any(p.field.startswith("column:") for p in problems):
        print(_('Tips: --map "RUBRIK=FÄLT" läser in en kolumn, --skip-column RUBRIK hoppar över den.'), file=err)


def print_lines(lines: list[str], out: TextIO) -> None:
    for line in lines:
        print(line, file=out)
