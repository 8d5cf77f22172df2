"""``coachtui backup [DEST]``, ``coachtui restore FILE`` and ``coachtui check``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from coachtui.commands.context import Context, UsageError
from coachtui.i18n import _

YES = {"ja", "j", "yes", "y"}


def run(ctx: Context, args: argparse.Namespace) -> int:
    if args.command == "backup":
        return _backup(ctx, args.dest)
    if args.command == "restore":
        return _restore(ctx, Path(args.file).expanduser(), yes=args.yes)
    return _check(ctx)


def _backup(ctx: Context, dest: str | None) -> int:
    from coachtui.exports import files
    from coachtui.store import backup

    target: Path | None = None
    if dest is not None:  # checked before anything is opened or written
        target = Path(dest).expanduser()
        if dest.endswith(("/", os.sep)) or target.is_dir():
            if not target.is_dir():
                raise UsageError(_("Mappen {path} finns inte (är USB-minnet isatt?). Inget skrevs.", path=dest))
            target = target / f"coachtui-{ctx.clock.now().strftime('%Y%m%d-%H%M%S')}.sqlite3"
        if target.exists():
            raise UsageError(_("{path} finns redan; välj ett annat namn.", path=target))
        if target.resolve() == ctx.db_path.resolve():
            raise UsageError(_("Det är samma fil som databasen."))
        target = files.check_target(target, ctx.db_path)  # not the -wal/-shm, not the backups folder
    db = ctx.open_db(verify=True)  # never copy a damaged file as if it were a good backup
    try:
        now = ctx.clock.now()
        if target is None:
            made = backup.backup_now(db, "manual", now)
        else:
            made = backup.snapshot(db.read(), target, create_folder=False)
    finally:
        db.close()
    print(_("Säkerhetskopia sparad: {path}", path=made), file=ctx.out)
    return 0


def _restore(ctx: Context, source: Path, *, yes: bool) -> int:
    from coachtui.exports.files import source_problem
    from coachtui.store import backup
    from coachtui.store.db import Database, looks_encrypted

    problem = source_problem(source)  # a regular file of at most 50 MB, before any byte is read
    if problem is not None and not source.exists() and not source.is_symlink():
        raise UsageError(_("Filen {path} finns inte.", path=source))
    if problem is not None:
        raise UsageError(_("{path}: {problem}; inget ändrades.", path=source, problem=problem))
    version = backup.validate(source)
    decrypts = looks_encrypted(ctx.db_path) and not looks_encrypted(source)
    warning = _("Säkerhetskopian är okrypterad: datafilen blir okrypterad. Fortsätta?") if decrypts else ""
    if yes and warning:
        print(f"coachtui: {_('Varning')}: {warning.removesuffix(' Fortsätta?')}", file=ctx.err)
    if not yes:
        if not sys.stdin.isatty():
            raise UsageError(_("Bekräfta med --yes när coachtui inte körs i en terminal; inget ändrades."))
        if warning:
            print(warning + " " + _("Skriv ja för att fortsätta:"), file=ctx.out, flush=True)
            if sys.stdin.readline().strip().casefold() not in YES:
                print(_("Avbrutet; inget ändrades."), file=ctx.out)
                return 1
        print(
            _(
                "Ersätta allt i {db} med {source} (schema {version})?"
                " Den nuvarande datafilen sparas först som säkerhetskopia. Skriv ja för att fortsätta:",
                db=ctx.db_path,
                source=source,
                version=version,
            ),
            file=ctx.out,
            flush=True,
        )
        answer = sys.stdin.readline().strip().casefold()
        if answer not in YES:
            print(_("Avbrutet; inget ändrades."), file=ctx.out)
            return 1
    now = ctx.clock.now()
    previous = backup.restore(ctx.db_path, source, now)
    db = Database(ctx.db_path, clock=ctx.clock)
    try:
        db.open(now=now)  # an older backup is migrated here (with its own pre-migration backup)
    finally:
        db.close()
    print(_("Återställd från {source}.", source=source), file=ctx.out)
    if previous is not None:
        print(_("Den tidigare datafilen sparades som {path}.", path=previous), file=ctx.out)
    return 0


def _check(ctx: Context) -> int:
    from coachtui.store import backup, schema

    if not ctx.db_path.exists():
        raise UsageError(_("Ingen databas på {path}. Starta coachtui en gång eller ange --db.", path=ctx.db_path))
    health = backup.check(ctx.db_path)
    print(_("Datafil: {path}", path=ctx.db_path), file=ctx.out)
    print(_("Schema: {found} (den här coachtui: {latest})", found=health.version, latest=schema.LATEST), file=ctx.out)
    backups = backup.list_backups(ctx.db_path)
    if backups:
        print(_("Säkerhetskopior: {n}, nyaste {path}", n=len(backups), path=backups[0].path), file=ctx.out)
    else:
        print(_("Säkerhetskopior: inga"), file=ctx.out)
    if health.ok:
        print(_("Kontroll: ok (integrity_check, foreign_key_check)"), file=ctx.out)
        return 0
    print(_("Kontroll: problem hittade"), file=ctx.out)
    for finding in health.findings:
        print(f"  - {finding}", file=ctx.out)
    good = backup.newest_good_backup(ctx.db_path)
    if good is not None:
        print(_("Återställ med: coachtui restore {backup}", backup=good), file=ctx.out)
    elif health.version == 0:
        print(
            _("Ingen hel säkerhetskopia hittades bredvid datafilen; återställ en egen kopia med: coachtui restore FIL"),
            file=ctx.out,
        )
    return 1
