"""Connections to a data file, with the project's pragmas; the write transaction; the file's identity and version.

Every connection: foreign_keys=ON, WAL, synchronous=FULL, busy_timeout, secure_delete=ON; an encrypted file's is
keyed by ``crypto``. Every write runs in ``BEGIN IMMEDIATE`` (:func:`immediate`) so that two open instances never
lose each other's updates (a deferred transaction that reads then writes can fail or overwrite). ``backup`` and
``db.Database`` build on this module; it imports neither.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from coachtui.store import crypto, schema
from coachtui.store.base import (
    BUSY_TIMEOUT_MS,
    NewerSchemaError,
    NotADatabaseError,
    StoreError,
    db_errors,
    disk_error,
    looks_encrypted,
    write_error,
)

#: The setting holding the file's identity: a random id written by every restore (and at creation).
FILE_ID = "file_id"


def file_id(conn: sqlite3.Connection) -> str:
    """The identity of the file behind ``conn`` ("" for a file made before identities, or with no settings)."""
    try:
        row = conn.execute("SELECT value FROM setting WHERE key = ?", (FILE_ID,)).fetchone()
    except db_errors("OperationalError"):
        return ""  # no setting table (yet)
    return str(row[0]) if row is not None else ""


def new_file_id(conn: sqlite3.Connection) -> str:
    """Give the file behind ``conn`` a new random identity (inside the caller's transaction, or on its own)."""
    import secrets

    value = secrets.token_hex(8)
    conn.execute("INSERT OR REPLACE INTO setting(key, value) VALUES (?, ?)", (FILE_ID, value))
    return value


#: What a connection needs to know of its file: whether it is encrypted, and its key (``crypto.Key``).
FileKind = tuple[bool, Any]


def connect(path: Path, kind: FileKind | None = None) -> sqlite3.Connection:
    """A connection with the project's pragmas, in autocommit mode (we issue BEGIN ourselves).

    An encrypted file gets an SQLCipher connection keyed with the passphrase given for it (``store.crypto``).
    Without ``kind`` the file's first bytes are read to tell: never do that to a file this process already
    has open (see ``Database.kind``).
    """
    encrypted, key = kind if kind is not None else (looks_encrypted(path), None)
    if encrypted:
        conn = crypto.open_keyed(path, key=key, timeout=BUSY_TIMEOUT_MS / 1000)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode is None or str(mode[0]).lower() != "wal":
            conn.execute("PRAGMA journal_mode")  # read-only media keep their mode
        conn.execute("PRAGMA synchronous = FULL")
    except db_errors("DatabaseError") as exc:
        conn.close()
        raise _database_error(path, exc) from None
    return conn


def connect_like(source: sqlite3.Connection, path: Path) -> sqlite3.Connection:
    """A plain connection to a new file ``path``, keyed like ``source`` when that is encrypted (for copies)."""
    key = getattr(source, "coachtui_key", None)
    if key is None:
        return sqlite3.connect(str(path), isolation_level=None)
    return crypto.open_keyed(path, key=key, timeout=BUSY_TIMEOUT_MS / 1000)


def open_read_only(path: Path, kind: FileKind | None = None) -> sqlite3.Connection:
    """A read-only connection (``mode=ro``): nothing, not even the journal mode, is written."""
    encrypted, key = kind if kind is not None else (looks_encrypted(path), None)
    if encrypted:
        return crypto.open_keyed(path, key=key, read_only=True, timeout=BUSY_TIMEOUT_MS / 1000)
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)


def _database_error(path: Path, exc: Exception) -> StoreError:
    from coachtui.i18n import _

    if (disk := disk_error(exc)) is not None:
        return disk
    if "not a database" in str(exc) or "malformed" in str(exc):
        return NotADatabaseError(_("Filen {name} är ingen coachtui-databas eller är skadad.", name=path.name))
    return StoreError(_("Databasen kunde inte öppnas: {reason}", reason=str(exc)))


@contextmanager
def immediate(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction: BEGIN IMMEDIATE, COMMIT on success, ROLLBACK on any error."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except db_errors("OperationalError") as exc:
        raise write_error(exc) or exc from None
    try:
        yield conn
    except BaseException as exc:
        if conn.in_transaction:  # SQLite itself rolls back on e.g. a full disk
            conn.execute("ROLLBACK")
        if isinstance(exc, db_errors("OperationalError")) and (mapped := write_error(exc)) is not None:
            raise mapped from None
        raise
    try:
        conn.execute("COMMIT")
    except db_errors("OperationalError") as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise write_error(exc) or exc from None


def file_error(path: Path, exc: OSError) -> StoreError:
    """A clear message when the data file or its folder cannot be created or opened."""
    from coachtui.i18n import _

    return StoreError(
        _(
            "Datafilen {path} kan inte skapas eller öppnas ({reason}). Kontrollera att mappen finns och är skrivbar.",
            path=path,
            reason=exc.strerror or exc.__class__.__name__,
        )
    )


def schema_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def check_version(path: Path) -> int:
    """The schema version of an existing file, read without writing; refuses newer files."""
    from coachtui.i18n import _

    try:
        conn = open_read_only(path)
    except db_errors("DatabaseError") as exc:
        raise _database_error(path, exc) from None
    try:
        found = schema_version(conn)
    except db_errors("DatabaseError") as exc:
        raise _database_error(path, exc) from None
    finally:
        conn.close()
    if found > schema.LATEST:
        raise NewerSchemaError(
            _(
                "Databasen är gjord av en nyare coachtui (schema {found}, den här versionen kan {latest})."
                " Uppdatera coachtui; filen har inte ändrats.",
                found=found,
                latest=schema.LATEST,
            )
        )
    return found
