"""Connections, write transactions and migrations, on the standard library only.

Every connection: foreign_keys=ON, WAL, synchronous=FULL, busy_timeout,
secure_delete=ON. Every write runs in ``BEGIN IMMEDIATE`` so that two open
instances never lose each other's updates (a deferred transaction that reads
then writes can fail or overwrite). Reads use their own connection per thread.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from coachtui.clock import Clock, system_clock
from coachtui.store import paths, schema

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
        from coachtui.store import crypto

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
    from coachtui.store import crypto

    return crypto.open_keyed(path, key=key, timeout=BUSY_TIMEOUT_MS / 1000)


def open_read_only(path: Path, kind: FileKind | None = None) -> sqlite3.Connection:
    """A read-only connection (``mode=ro``): nothing, not even the journal mode, is written."""
    encrypted, key = kind if kind is not None else (looks_encrypted(path), None)
    if encrypted:
        from coachtui.store import crypto

        return crypto.open_keyed(path, key=key, read_only=True, timeout=BUSY_TIMEOUT_MS / 1000)
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)


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


def migrate(conn: sqlite3.Connection, db_path: Path, *, now: datetime) -> int:
    """Bring the schema to the latest version; returns the version found before.

    A non-empty database is backed up first. All steps run in one transaction
    with foreign keys off, checked with foreign_key_check before commit.
    """
    from coachtui.i18n import _

    found = schema_version(conn)
    if found > schema.LATEST:
        raise NewerSchemaError(str(found))  # check_version gives the user's message before this
    if found == schema.LATEST:
        return found
    if found > 0:
        stamp = now.strftime("%Y%m%d-%H%M%S")
        from coachtui.store.backup import snapshot  # atomic, self-contained, keyed like the file

        snapshot(conn, paths.private_dir(paths.backup_dir(db_path)) / f"pre-migration-v{found}-{stamp}.sqlite3")
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        with immediate(conn):
            for version in range(found + 1, schema.LATEST + 1):
                for statement in _statements(schema.MIGRATIONS[version - 1]):
                    conn.execute(statement)
            problems = conn.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise StoreError(_("Migreringen avbröts: {n} brutna referenser.", n=len(problems)))
            conn.execute(f"PRAGMA user_version = {schema.LATEST}")
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    return found


def _statements(script: str) -> list[str]:
    """The statements of ``script`` (a trigger's body holds ``;`` of its own: SQLite says where each ends)."""
    found: list[str] = []
    pending = ""
    for part in script.split(";"):
        pending += part + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip().strip(";").strip():
                found.append(pending.strip().removesuffix(";").strip())
            pending = ""
    return found


class Database:
    """One coachtui data file. Cheap to create; opens nothing until used.

    ``read()`` gives this thread's connection for queries; ``write()`` the same
    connection inside BEGIN IMMEDIATE, after the start-up check (``guard``) and
    with the file's identity checked (``check_identity``): the one way to write.
    """

    def __init__(self, path: Path, *, passphrase: str | None = None, clock: Clock | None = None) -> None:
        self.path = path
        #: the one "now" of the writes' audit rows: the CLI's and the app's injected clock (Context.open_db and
        #: create_app set it); the system clock only for a Database made without one (tools, benchmarks)
        self.clock: Clock = clock if clock is not None else system_clock()
        if passphrase is not None:  # an encrypted file: every connection to it is keyed with this
            from coachtui.store import crypto

            crypto.remember(path, passphrase)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[sqlite3.Connection] = []
        self._checked = threading.Event()
        self._checked.set()
        self._refusal: StoreError | None = None
        self._verified = False  # the quick_check has passed (or the file is new)
        self._kind: FileKind | None = None
        self._identity: str | None = None  # file_id when opened: a restore changes it, then writes are refused

    def open(self, *, now: datetime, verify: bool = True) -> int:
        """Create (0600 in a 0700 folder) or open the file and migrate it; returns the old version.

        An existing file is first looked at read-only: one that is not a database, or from a
        newer coachtui, is refused before anything (even the journal mode) is written. With
        ``verify`` a quick_check runs first too; without it (commands that only read) the check
        runs before the first write instead (``guard``), and always before a migration.
        """
        if self.path.exists() and self.path.stat().st_size > 0:
            if verify or check_version(self.path) < schema.LATEST:
                self._check_now()
            check_version(self.path)
        else:
            self._verified = True  # a new file: nothing to check
        try:
            paths.private_file(self.path)
        except OSError as exc:
            raise file_error(self.path, exc) from None
        paths.remove_leftovers(self.path)  # a killed backup or decrypt's copy (maybe plain): never kept
        found = migrate(self.conn(), self.path, now=now)
        self.remember_identity()
        return found

    def remember_identity(self) -> str:
        """Read the file's identity now: from here on every write checks that the file is still this one."""
        self._identity = file_id(self.conn())
        return self._identity

    def check_identity(self, conn: sqlite3.Connection) -> None:
        """Inside a write transaction: refuse when the file was replaced (restored) since it was opened."""
        if self._identity is not None and file_id(conn) != self._identity:
            from coachtui.i18n import _

            raise FileReplacedError(
                _(
                    "Datafilen har återställts från en säkerhetskopia medan coachtui var öppet: ändringen sparades"
                    " inte. Stäng coachtui och starta igen för att se den återställda datan."
                )
            )

    def _check_now(self) -> None:
        """quick_check, read-only; a damaged file raises (naming the newest good backup) and stays refused."""
        from coachtui.store.backup import check_before_open

        try:
            check_before_open(self.path, self._kind)
        except StoreError as problem:
            self._refusal = problem
            raise
        self._verified = True

    def verify_in_background(self) -> threading.Thread:
        """Run the start-up quick_check on a thread while the app already reads (and paints).

        Until it has passed, every write waits (``guard``); if it fails, every write is refused
        with the check's message, so a damaged file is never written to.
        """
        self._checked.clear()

        def check() -> None:
            try:
                self._check_now()
            except StoreError:
                pass  # kept in self._refusal: writes are refused with it
            finally:
                self._checked.set()

        thread = threading.Thread(target=check, name="coachtui-quick-check", daemon=True)
        thread.start()
        return thread

    def refusal(self) -> StoreError | None:
        """Why writes are refused (the start-up check failed), once the check is done; else None."""
        self._checked.wait()
        return self._refusal

    def guard(self) -> None:
        """Called before every write: the file must have passed the quick_check (run now if it has not)."""
        problem = self.refusal()
        if problem is None and not self._verified:
            with self._lock:
                if not self._verified:
                    try:
                        self._check_now()
                    except StoreError as found:
                        problem = found
        if problem is not None:
            raise problem

    def kind(self) -> FileKind:
        """Whether the file is encrypted, and its key: read from the file once, before the first connection.

        After that this process never opens the file other than through SQLite: on Linux, closing any
        other handle to it drops every SQLite lock this process holds on it, and another coachtui that
        closes its last connection then takes itself for the last user and deletes the WAL, with this
        process's newest writes in it.
        """
        with self._lock:
            if self._kind is None:
                encrypted = looks_encrypted(self.path)
                key = None
                if encrypted:
                    from coachtui.store import crypto

                    key = crypto.key_for(self.path)
                self._kind = (encrypted, key)
            return self._kind

    def connect(self) -> sqlite3.Connection:
        """A new connection to the file (this thread's is ``conn``)."""
        return connect(self.path, self.kind())

    def conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self.connect()
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def read(self) -> sqlite3.Connection:
        return self.conn()

    def encrypted(self) -> bool:
        """Whether the data file is encrypted with SQLCipher."""
        return bool(self.kind()[0])

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection inside one write transaction: the one way to write.

        Before it begins, the start-up quick_check must have passed (``guard``); BEGIN IMMEDIATE takes the
        write lock at once (two windows never lose each other's updates); inside, the file must still be the
        one opened (``check_identity``: a restore since refuses the write). COMMIT at the end of the block,
        ROLLBACK on any error; a read-only file, a full disk or a busy file becomes a StoreError with a clear
        message (``write_error``), and nothing is written.
        """
        self.guard()
        with immediate(self.conn()) as conn:
            self.check_identity(conn)
            yield conn

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()


def rows(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[sqlite3.Row]:
    cur = conn.execute(sql, params)
    cur.row_factory = sqlite3.Row if isinstance(conn, sqlite3.Connection) else sys.modules["sqlcipher3"].Row
    return cur.fetchall()


# --- the write facade: plain values in, SQL out ----------------------------------------------------------------


def sql_value(value: object) -> object:
    """``value`` as the file stores it: a date as ISO text, a bool as 0/1, a list or dict as JSON text."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value)
    return value


def _columns(values: Mapping[str, object]) -> list[str]:
    return [f'"{name}"' for name in values]


def insert(conn: sqlite3.Connection, table: str, values: Mapping[str, object]) -> int:
    """Insert one row of ``table`` (column → plain value, see :func:`sql_value`); returns its rowid."""
    sql = f"INSERT INTO {table}({', '.join(_columns(values))}) VALUES ({', '.join('?' * len(values))})"
    rowid = conn.execute(sql, [sql_value(v) for v in values.values()]).lastrowid
    assert rowid is not None
    return int(rowid)


def update(conn: sqlite3.Connection, table: str, row_id: int, values: Mapping[str, object]) -> bool:
    """Set columns of the row ``id = row_id`` of ``table``, only if one of them differs from what is stored.

    An unchanged row is not written at all (so the ``participant_version`` trigger does not fire and the
    record's version stays). Returns whether the row was written.
    """
    if not values:
        return False
    columns = _columns(values)
    params = [sql_value(v) for v in values.values()]
    sql = (
        f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in columns)}"
        f" WHERE id = ? AND ({' OR '.join(f'{c} IS NOT ?' for c in columns)})"
    )
    return conn.execute(sql, [*params, row_id, *params]).rowcount > 0
