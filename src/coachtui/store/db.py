"""The data file as coachtui uses it: ``Database`` (one connection per thread, the one way to write, the
start-up check, the file's identity), migrations, and the write facade (:func:`insert`, :func:`update`).

Standard library only. The layers below (``base``: errors; ``crypto``: keys; ``connection``: connections and
the write transaction) are re-exported here, so that the rest of coachtui imports them from ``store.db``.
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
from coachtui.store import crypto, paths, schema
from coachtui.store.base import BUSY_TIMEOUT_MS as BUSY_TIMEOUT_MS
from coachtui.store.base import SQLITE_MAGIC as SQLITE_MAGIC
from coachtui.store.base import FileReplacedError as FileReplacedError
from coachtui.store.base import NewerSchemaError as NewerSchemaError
from coachtui.store.base import NotADatabaseError as NotADatabaseError
from coachtui.store.base import ReadOnlyError as ReadOnlyError
from coachtui.store.base import StaleRecordError as StaleRecordError
from coachtui.store.base import StoreError as StoreError
from coachtui.store.base import db_errors as db_errors
from coachtui.store.base import disk_error as disk_error
from coachtui.store.base import looks_encrypted as looks_encrypted
from coachtui.store.base import write_error as write_error
from coachtui.store.connection import FILE_ID as FILE_ID
from coachtui.store.connection import FileKind as FileKind
from coachtui.store.connection import check_version as check_version
from coachtui.store.connection import connect as connect
from coachtui.store.connection import connect_like as connect_like
from coachtui.store.connection import file_error as file_error
from coachtui.store.connection import file_id as file_id
from coachtui.store.connection import immediate as immediate
from coachtui.store.connection import new_file_id as new_file_id
from coachtui.store.connection import open_read_only as open_read_only
from coachtui.store.connection import schema_version as schema_version


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
            crypto.remember(path, passphrase)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[sqlite3.Connection] = []
        self._checked = threading.Event()
        self._checked.set()
        self._check_go = threading.Event()  # a held background check starts when this is set
        self._check_go.set()
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

    def verify_in_background(self, *, hold: float = 0.0) -> threading.Thread:
        """Run the start-up quick_check on a thread while the app already reads (and paints).

        Until it has passed, every write waits (``guard``); if it fails, every write is refused
        with the check's message, so a damaged file is never written to.

        ``hold``: the check waits up to that many seconds for ``release_check`` (the app calls it once its
        first screen is fully shown) or for the first write or ``refusal`` that needs its verdict. On a busy
        machine the check's CPU (~150 ms at 10,000 participants) would otherwise be taken from the first frame.
        """
        self._checked.clear()
        if hold > 0:
            self._check_go.clear()

        def check() -> None:
            try:
                self._check_go.wait(hold)
                self._check_now()
            except StoreError:
                pass  # kept in self._refusal: writes are refused with it
            finally:
                self._checked.set()

        thread = threading.Thread(target=check, name="coachtui-quick-check", daemon=True)
        thread.start()
        return thread

    def release_check(self) -> None:
        """Let a held background quick_check start now."""
        self._check_go.set()

    def refusal(self) -> StoreError | None:
        """Why writes are refused (the start-up check failed), once the check is done; else None."""
        self._check_go.set()  # the verdict is needed now: a held check starts
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

        A write inside a write on the same thread joins the outer transaction as a savepoint: its statements
        are undone alone when its block fails, and committed only with the outer one (undo reads a row before
        and after an action inside the action's own transaction this way).
        """
        self.guard()
        conn = self.conn()
        if getattr(self._local, "writing", False):
            conn.execute("SAVEPOINT inner_write")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:  # SQLite itself rolls the whole transaction back on e.g. a full disk
                    conn.execute("ROLLBACK TO inner_write")
                    conn.execute("RELEASE inner_write")
                raise
            conn.execute("RELEASE inner_write")
            return
        self._local.writing = True
        try:
            with immediate(conn) as conn:
                self.check_identity(conn)
                yield conn
        finally:
            self._local.writing = False

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


def existing(conn: sqlite3.Connection, table: str, row_id: int, columns: str = "id") -> tuple[Any, ...]:
    """``columns`` of the row ``id = row_id`` of ``table``, read inside a write; StoreError when it is gone
    (deleted in another window since the form was opened)."""
    found = conn.execute(f"SELECT {columns} FROM {table} WHERE id = ?", (row_id,)).fetchone()
    if found is None:
        from coachtui.i18n import _

        raise StoreError(_("Posten finns inte längre (ändrad i ett annat fönster?)."))
    return tuple(found)


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
