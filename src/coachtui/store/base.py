"""The lowest layer of the store, on the standard library only: the errors the user is told about, the DB-API
exception classes of sqlite3 and sqlcipher3, the busy timeout, and how an SQLCipher file looks.

Every other store module (``crypto``, ``connection``, ``db``, ``backup``…) builds on this one, and it imports
none of them.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

BUSY_TIMEOUT_MS = 5000
SQLITE_MAGIC = b"SQLite format 3\x00"


class StoreError(Exception):
    """A problem the user must be told about (message already translated)."""


class NewerSchemaError(StoreError):
    pass


class NotADatabaseError(StoreError):
    pass


class ReadOnlyError(StoreError):
    """The file or its folder cannot be written: reading still works."""


class StaleRecordError(StoreError):
    """The record was changed by someone else since it was read (an open form): nothing was written."""


class FileReplacedError(StoreError):
    """The data file was replaced (``coachtui restore``) since this process opened it: writes are refused."""


def looks_encrypted(path: Path) -> bool:
    """Whether ``path`` is (by its look) an SQLCipher file: not the SQLite header, whole pages of random bytes.

    An SQLCipher file starts with a random 16-byte salt and every page is ciphertext: the first kilobyte has
    nearly every byte value (about 250 of 256). A missing or empty file is not; nor is a short or odd-sized
    file, a zeroed header, text or other garbage (damaged or not a database: those keep their own messages).
    """
    try:
        size = path.stat().st_size
        if size < 1024 or size % 512 or not path.is_file():
            return False
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError:
        return False
    return not head.startswith(SQLITE_MAGIC) and len(set(head[:16])) >= 10 and len(set(head)) >= 180


def db_errors(kind: str = "Error") -> tuple[type[Exception], ...]:
    """The DB-API exception class ``kind`` of sqlite3 and, once it is in use, of sqlcipher3 (a separate tree)."""
    found: tuple[type[Exception], ...] = (getattr(sqlite3, kind),)
    cipher = sys.modules.get("sqlcipher3.dbapi2")
    if cipher is not None:
        found += (getattr(cipher, kind),)
    return found


def disk_error(exc: BaseException) -> StoreError | None:
    """A full, missing or failing disk while opening or reading (never "damaged": the file may be fine)."""
    from coachtui.i18n import _

    name = str(getattr(exc, "sqlite_errorname", ""))
    if name.startswith("SQLITE_FULL") or "disk is full" in str(exc):
        return StoreError(
            _(
                "Disken är full: coachtui kan inte öppna datafilen just nu. Filen är oförändrad."
                " Frigör utrymme och försök igen."
            )
        )
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")) or "disk I/O error" in str(exc):
        return StoreError(
            _(
                "Datafilen kunde inte läsas: disken är full, borta eller skrivskyddad (filen är inte skadad och har"
                " inte ändrats). Frigör utrymme eller sätt i disken och försök igen."
            )
        )
    return None


def write_error(exc: BaseException) -> StoreError | None:
    """A clear message for a write that failed for a reason outside coachtui (None: not such a failure).

    The transaction is rolled back: what was committed before is intact.
    """
    from coachtui.i18n import _

    name = str(getattr(exc, "sqlite_errorname", ""))
    if name.startswith("SQLITE_READONLY"):
        return ReadOnlyError(
            _("Datafilen eller dess mapp är skrivskyddad: ändringen sparades inte. Det som redan fanns är kvar.")
        )
    if name.startswith("SQLITE_FULL"):
        return StoreError(_("Disken är full: ändringen sparades inte. Frigör utrymme och försök igen."))
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED"):
        return StoreError(
            _("Datafilen är upptagen av ett annat coachtui-fönster: ändringen sparades inte. Försök igen.")
        )
    if name.startswith("SQLITE_IOERR") or name.startswith("SQLITE_CANTOPEN"):
        return StoreError(_("Datafilen kunde inte skrivas (disken borta eller utan plats?): ändringen sparades inte."))
    return None
