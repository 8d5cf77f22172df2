"""``coachtui encrypt`` / ``coachtui decrypt``, and the passphrase asked for before any command.

The passphrase comes from, in order: ``COACHTUI_PASSPHRASE`` (for scripts and tests; less safe: other
programs of the same user may read a process's environment, and it can end up in shell history), the
system keyring when the ``keyring`` package is installed and has an entry (service ``coachtui``, user = the
data file's full path), else it is asked for on the terminal (not echoed).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from coachtui.commands.context import Context, UsageError
from coachtui.i18n import _

ENV = "COACHTUI_PASSPHRASE"
KEYRING_SERVICE = "coachtui"
TRIES = 3


def run(ctx: Context, args: argparse.Namespace) -> int:
    if args.command == "encrypt":
        return _encrypt(ctx, remove_plain=args.remove_plain_backups)
    return _decrypt(ctx)


# --- the passphrase before a command ---------------------------------------------------------


def unlock(ctx: Context, args: argparse.Namespace) -> None:
    """Before a command: get the passphrase of an encrypted data file (and of an encrypted restore source)."""
    from coachtui.store.db import looks_encrypted

    files = [ctx.db_path]
    if getattr(args, "command", None) == "restore":
        files.append(Path(args.file).expanduser())
    for path in files:
        if looks_encrypted(path):
            _unlock(ctx, path)


def _unlock(ctx: Context, path: Path) -> None:
    from coachtui.store import crypto

    if crypto.has_passphrase(path):
        return
    crypto.module()  # a clear message when sqlcipher3 is not installed
    known = crypto.passphrase_for(path)  # e.g. a backup made with the open file's passphrase
    candidates = [p for p in (os.environ.get(ENV), _from_keyring(path), known) if p]
    for candidate in candidates:
        try:
            crypto.check_passphrase(path, candidate)
        except crypto.WrongPassphraseError:
            if candidate == os.environ.get(ENV):
                raise  # a wrong passphrase in the environment is an error, not a reason to ask
            continue
        crypto.remember(path, candidate)
        return
    if not sys.stdin.isatty():
        raise UsageError(
            _(
                "Datafilen {name} är krypterad: skriv lösenfrasen i en terminal eller ange den i {env}.",
                name=path.name,
                env=ENV,
            )
        )
    import getpass

    for attempt in range(TRIES):
        typed = getpass.getpass(_("Lösenfras för {name}: ", name=path.name))
        try:
            crypto.check_passphrase(path, typed)
        except crypto.WrongPassphraseError:
            if attempt + 1 == TRIES:
                raise
            print(_("Fel lösenfras, försök igen."), file=ctx.err)
            continue
        crypto.remember(path, typed)
        return


def _from_keyring(path: Path) -> str | None:
    """The passphrase stored in the system keyring, when the optional ``keyring`` package is installed."""
    try:
        import keyring  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    try:
        found = keyring.get_password(KEYRING_SERVICE, str(path.resolve()))
    except Exception:  # no usable keyring backend: ask instead
        return None
    return found if isinstance(found, str) and found else None


def new_passphrase(ctx: Context) -> str:
    """A new passphrase: from the environment, or typed twice on the terminal; short ones are refused."""
    from coachtui.store import crypto

    env = os.environ.get(ENV)
    if env is not None:
        crypto.check_strength(env)
        return env
    if not sys.stdin.isatty():
        raise UsageError(_("Skriv lösenfrasen i en terminal eller ange den i {env}; inget ändrades.", env=ENV))
    import getpass

    first = getpass.getpass(_("Ny lösenfras (minst {n} tecken): ", n=crypto.MIN_PASSPHRASE))
    crypto.check_strength(first)
    second = getpass.getpass(_("Samma lösenfras igen: "))
    if first != second:
        raise UsageError(_("Lösenfraserna var olika; inget ändrades."))
    return first


# --- the commands ----------------------------------------------------------------------------


def _existing(ctx: Context) -> Path:
    path = ctx.db_path
    if not path.exists() or path.stat().st_size == 0:
        raise UsageError(_("Ingen databas på {path}. Starta coachtui en gång eller ange --db.", path=path))
    return path


def _encrypt(ctx: Context, *, remove_plain: bool) -> int:
    from coachtui.store import backup, crypto, encryption
    from coachtui.store.db import looks_encrypted

    path = _existing(ctx)
    if looks_encrypted(path):
        raise UsageError(_("Datafilen {name} är redan krypterad.", name=path.name))
    crypto.module(to_encrypt=True)
    passphrase = new_passphrase(ctx)
    made = encryption.encrypt(path, passphrase, now=ctx.clock.now())
    print(_("Datafilen är krypterad: {path}", path=path), file=ctx.out)
    print(
        _("Glömmer du lösenfrasen går uppgifterna inte att få tillbaka: det finns inget sätt att återställa den."),
        file=ctx.out,
    )
    plain = [b.path for b in backup.list_backups(path) if not looks_encrypted(b.path)]
    if remove_plain:
        for old in plain:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{old}{suffix}").unlink(missing_ok=True)
        print(_("{n} okrypterade säkerhetskopior togs bort.", n=len(plain)), file=ctx.out)
    elif plain:
        print(
            _(
                "{n} säkerhetskopior i {folder} är okrypterade (bland dem {backup}, gjord nyss):"
                " radera dem när du har sett att den krypterade filen fungerar.",
                n=len(plain),
                folder=made.parent,
                backup=made.name,
            ),
            file=ctx.out,
        )
    return 0


def _decrypt(ctx: Context) -> int:
    from coachtui.store import encryption
    from coachtui.store.db import looks_encrypted

    path = _existing(ctx)
    if not looks_encrypted(path):
        raise UsageError(_("Datafilen {name} är inte krypterad.", name=path.name))
    made = encryption.decrypt(path, now=ctx.clock.now())
    print(_("Datafilen är inte längre krypterad: {path}", path=path), file=ctx.out)
    print(_("Säkerhetskopian {backup} gjordes först och är fortfarande krypterad.", backup=made), file=ctx.out)
    return 0
