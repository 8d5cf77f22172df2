"""Turning encryption on and off for a data file (``coachtui encrypt`` / ``decrypt``), with SQLCipher.

The file is opened (a damaged one is never converted; an old one is migrated first) and backed up; then a
converted copy is written beside it with ``sqlcipher_export``, checked (it opens with the passphrase, passes
``integrity_check`` and holds the same data) and only then put in the file's place atomically. If anything
fails, the file is left as it was and the partial copy removed. Keys and keyed connections are ``crypto``'s.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from coachtui.i18n import _
from coachtui.store import paths
from coachtui.store.backup import backup_now
from coachtui.store.crypto import check_strength, derive, forget, module, open_keyed, read_salt, remember
from coachtui.store.db import (
    BUSY_TIMEOUT_MS,
    SQLITE_MAGIC,
    Database,
    StoreError,
    db_errors,
    looks_encrypted,
    schema_version,
)

IN_USE_WAIT_MS = 1000  # how long encrypt/decrypt wait for another program to let go of the file


def encrypt(path: Path, passphrase: str, *, now: datetime) -> Path:
    """Encrypt the plain data file ``path`` with ``passphrase``; returns the (plain) backup made first."""
    check_strength(passphrase)
    if looks_encrypted(path):
        raise StoreError(_("Datafilen {name} är redan krypterad.", name=path.name))
    return _convert(path, passphrase, kind="pre-encrypt", now=now)


def decrypt(path: Path, *, now: datetime) -> Path:
    """Decrypt ``path`` (its passphrase given with ``remember``); returns the (encrypted) backup made first."""
    if not looks_encrypted(path):
        raise StoreError(_("Datafilen {name} är inte krypterad.", name=path.name))
    return _convert(path, None, kind="pre-decrypt", now=now)


def _convert(path: Path, new_passphrase: str | None, *, kind: str, now: datetime) -> Path:
    """Write a converted copy beside ``path`` with sqlcipher_export, verify it, then replace ``path`` atomically.

    ``new_passphrase`` None: the copy is plain. The file is backed up first; if anything fails, ``path`` is
    left as it was and the partial copy is removed.
    """
    sq = module()
    db = Database(path)
    try:
        db.open(now=now, verify=True)  # a damaged file is never converted; an old one is migrated first
        made = backup_now(db, kind, now)
        version = schema_version(db.read())
        people = int(db.read().execute("SELECT count(*) FROM participant").fetchone()[0])
    finally:
        db.close()

    if looks_encrypted(path):
        src = open_keyed(path)
    else:
        src = sq.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)  # plain, via SQLCipher
    partial = paths.temp_name(path, "converting")  # unique; a killed run leaves it to remove_leftovers
    try:
        # Leaving WAL needs the only connection to the file: another coachtui still running is refused here
        # (it would go on writing to the old file).
        src.execute(f"PRAGMA busy_timeout = {IN_USE_WAIT_MS}")
        try:
            mode = src.execute("PRAGMA journal_mode = DELETE").fetchone()
        except sq.OperationalError:
            mode = None
        if mode is None or str(mode[0]).lower() != "delete":
            raise StoreError(
                _("Datafilen används av ett annat coachtui-fönster: stäng det och försök igen. Inget har ändrats.")
            )
        src.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        for suffix in ("", "-journal"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
        paths.private_file(partial)
        src.execute("ATTACH DATABASE ? AS converted KEY ?", (str(partial), new_passphrase or ""))
        src.execute("BEGIN EXCLUSIVE")
        src.execute("SELECT sqlcipher_export('converted')")
        src.execute(f"PRAGMA converted.user_version = {version}")
        src.execute("COMMIT")
        src.execute("DETACH DATABASE converted")
        src.execute("BEGIN EXCLUSIVE")  # hold the old file until it is replaced
        src.execute("SELECT count(*) FROM sqlite_master").fetchone()
        _verify(partial, new_passphrase, version=version, people=people)
        os.replace(partial, path)
    except db_errors() as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(
            _("Datafilen kunde inte konverteras ({reason}). Inget har ändrats.", reason=str(exc))
        ) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        Path(f"{partial}-journal").unlink(missing_ok=True)
        src.close()
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    paths.private_file(path)
    if new_passphrase is None:
        forget(path)
    else:
        remember(path, new_passphrase)
    return made


def _verify(copy: Path, passphrase: str | None, *, version: int, people: int) -> None:
    """The converted copy opens (with the passphrase), passes integrity_check and holds the same data."""
    with copy.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if passphrase is None:
        if head != SQLITE_MAGIC:
            raise StoreError(_("Den konverterade kopian blev inte okrypterad. Inget har ändrats."))
        conn = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
    else:
        if head == SQLITE_MAGIC:
            raise StoreError(_("Den konverterade kopian blev inte krypterad. Inget har ändrats."))
        conn = open_keyed(copy, key=derive(passphrase, read_salt(copy)), read_only=True)
    try:
        check = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
        found_version = schema_version(conn)
        found_people = int(conn.execute("SELECT count(*) FROM participant").fetchone()[0])
    finally:
        conn.close()
    if check != ["ok"] or found_version != version or found_people != people:
        raise StoreError(_("Den konverterade kopian klarade inte kontrollen. Inget har ändrats."))
