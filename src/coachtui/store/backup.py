"""Backups, restore and health checks of the data file.

Backups always go through the SQLite backup API (a file copy could miss what
sits in the -wal). They are written under a temporary name and renamed when
complete, as single self-contained files (journal mode DELETE), 0600 in the
0700 folder ``paths.backup_dir(db_path)``. File names carry the kind and the
time: ``daily-20261123-090000.sqlite3``.

Rotation (``domain.retention.backups_to_keep``) applies to the automatic kinds
(daily, pre-restore, pre-import); backups made on request (``coachtui backup``)
and before a migration are kept until the user removes them.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coachtui.domain import retention
from coachtui.i18n import _
from coachtui.store import crypto, paths, schema
from coachtui.store.base import (
    SQLITE_MAGIC,
    NotADatabaseError,
    StoreError,
    db_errors,
    disk_error,
    looks_encrypted,
    write_error,
)
from coachtui.store.connection import FileKind, connect, connect_like, new_file_id, open_read_only

if TYPE_CHECKING:
    from coachtui.store.db import Database

SUFFIX = ".sqlite3"
ROTATED_KINDS = ("daily", "pre-restore", "pre-import")
_NAME = re.compile(r"^(?P<kind>[a-z][a-z0-9-]*?)-(?P<stamp>\d{8}-\d{6})(?:-\d+)?\.sqlite3$")


@dataclass(frozen=True, slots=True)
class BackupFile:
    path: Path
    kind: str
    made: datetime


def list_backups(db_path: Path) -> list[BackupFile]:
    """The backups beside ``db_path``, newest first (files named by coachtui only)."""
    folder = paths.backup_dir(db_path)
    if not folder.is_dir():
        return []
    found: list[BackupFile] = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match is None or not entry.is_file():
            continue
        try:
            made = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
        except ValueError:
            continue
        found.append(BackupFile(entry, match["kind"], made))
    return sorted(found, key=lambda b: (b.made, b.path.name), reverse=True)


def _free_name(folder: Path, kind: str, now: datetime) -> Path:
    base = f"{kind}-{now.strftime('%Y%m%d-%H%M%S')}"
    candidate = folder / f"{base}{SUFFIX}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{base}-{n}{SUFFIX}"
        n += 1
    return candidate


def snapshot(source: sqlite3.Connection, dest: Path, *, create_folder: bool = True) -> Path:
    """Write a complete copy of the database behind ``source`` to ``dest`` (0600), atomically.

    The copy is made under a name unique to this process (``paths.temp_name``) and then given ``dest`` without
    ever replacing an existing file: when ``dest`` was taken meanwhile (another coachtui, the same second) the
    next free name is used (``-2``, ``-3``...). Returns the file written. ``create_folder`` False: the folder
    must exist (``coachtui backup DEST``).
    """
    if create_folder:
        paths.private_dir(dest.parent)
    partial = paths.temp_name(dest, "partial")
    os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600))  # unique to this process, private
    try:
        target = connect_like(source, partial)  # a backup of an encrypted file is encrypted with the same key
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        except db_errors("OperationalError") as exc:
            raise write_error(exc) or disk_error(exc) or exc from None  # a full disk: its own message
        finally:
            target.close()
        return _claim(partial, dest)
    finally:
        for extra in ("", "-journal"):
            Path(f"{partial}{extra}").unlink(missing_ok=True)


def _claim(partial: Path, dest: Path) -> Path:
    """Give ``partial`` the name ``dest`` (or the next free one), never replacing a file that exists."""
    match = _NAME.match(dest.name)
    base = dest.name.removesuffix(SUFFIX) if match is not None or dest.name.endswith(SUFFIX) else dest.stem
    ext = SUFFIX if dest.name.endswith(SUFFIX) else dest.suffix
    candidate, n = dest, 2
    while True:
        try:
            os.link(partial, candidate)  # atomic and exclusive: fails if the name exists
        except FileExistsError:
            candidate = dest.with_name(f"{base}-{n}{ext}")
            n += 1
            continue
        except OSError:  # a file system without hard links (FAT on a USB stick): check, then rename
            if candidate.exists():
                candidate = dest.with_name(f"{base}-{n}{ext}")
                n += 1
                continue
            os.replace(partial, candidate)
        return candidate


def backup_now(db: Database, kind: str, now: datetime) -> Path:
    """A backup of ``db`` into its backups folder; returns the new file."""
    folder = paths.private_dir(paths.backup_dir(db.path))
    made = snapshot(db.read(), _free_name(folder, kind, now))
    if kind in ROTATED_KINDS:
        rotate(db.path, now)
    if not made.is_file():  # never report a backup that is not there
        raise StoreError(_("Säkerhetskopian {name} finns inte kvar; försök igen.", name=made.name))
    return made


def daily_backup(db: Database, now: datetime) -> Path | None:
    """At the first start of a day: back up ``db`` (when it holds anything) and rotate the old backups.

    Returns the new backup, or None when one was already made today.
    """
    if db.read().execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
        return None
    today = now.date()
    if any(b.kind == "daily" and b.made.date() == today for b in list_backups(db.path)):
        return None
    return backup_now(db, "daily", now)


def rotate(db_path: Path, now: datetime) -> list[Path]:
    """Delete the automatic backups the rotation no longer keeps; returns the deleted files."""
    rotated = [b for b in list_backups(db_path) if b.kind in ROTATED_KINDS]
    keep = retention.backups_to_keep((b.made for b in rotated), today=now.date())
    removed: list[Path] = []
    for backup in rotated:  # two backups of the same second (two coachtui at once) are both kept
        if backup.made in keep or backup.made.date() >= now.date():
            continue
        backup.path.unlink(missing_ok=True)
        removed.append(backup.path)
    return removed


# --- validation ------------------------------------------------------------------------


def _read_only(path: Path, kind: FileKind | None = None) -> sqlite3.Connection:
    return open_read_only(path, kind)  # an encrypted file with the passphrase given for it (or raises StoreError)


def file_problem(path: Path, *, thorough: bool = False, kind: FileKind | None = None) -> str | None:
    """Why ``path`` is not a healthy SQLite file (quick_check, or integrity_check when thorough); None if it is.

    Opens the file read-only: nothing is ever written to it. An encrypted file is opened with the passphrase
    given for it; without one, or with a wrong one, this raises that StoreError. With ``kind`` (the file is
    open in this process: ``Database.kind``) its first bytes are not read again; SQLite alone opens it.
    """
    if kind is None:
        try:
            with path.open("rb") as handle:
                head = handle.read(len(SQLITE_MAGIC))
        except OSError as exc:
            return _("kan inte läsas ({reason})", reason=exc.strerror or exc.__class__.__name__)
        if head != SQLITE_MAGIC and not looks_encrypted(path):
            return _("är skadad: ingen SQLite-databas (början av filen är förstörd)")
    try:
        conn = _read_only(path, kind)
        try:
            check = "integrity_check" if thorough else "quick_check"
            found = [str(r[0]) for r in conn.execute(f"PRAGMA {check}").fetchall()]
        finally:
            conn.close()
    except db_errors("OperationalError") as exc:
        if (disk := disk_error(exc)) is not None:
            raise disk from None  # a full disk is not a damaged file
        return _("är skadad (kan inte läsas som databas)")
    except db_errors("DatabaseError"):
        return _("är skadad (kan inte läsas som databas)")
    if found != ["ok"]:
        return _("är skadad ({n} fel i kontrollen)", n=len(found))
    return None


_EXPECTED: dict[int, dict[str, set[str]]] = {}


def expected_tables(version: int) -> dict[str, set[str]]:
    """The tables and their columns of a coachtui database of schema ``version`` (built once, in memory)."""
    if version not in _EXPECTED:
        conn = sqlite3.connect(":memory:")
        try:
            for script in schema.MIGRATIONS[:version]:
                conn.executescript(script)
            _EXPECTED[version] = _tables(conn)
        finally:
            conn.close()
    return _EXPECTED[version]


def _tables(conn: sqlite3.Connection) -> dict[str, set[str]]:
    names = [
        str(r[0])
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    ]
    return {name: {str(c[1]) for c in conn.execute(f'PRAGMA table_info("{name}")')} for name in names}


def schema_problems(conn: sqlite3.Connection, version: int) -> list[str]:
    """What a file of schema ``version`` lacks of coachtui's tables and columns (empty: it has them all)."""
    if not 1 <= version <= schema.LATEST:
        return [_("schema {found} (den här coachtui kan 1–{latest})", found=version, latest=schema.LATEST)]
    found = _tables(conn)
    problems: list[str] = []
    for table, columns in sorted(expected_tables(version).items()):
        if table not in found:
            problems.append(_("tabellen {table} saknas", table=table))
        elif missing := sorted(columns - found[table]):
            problems.append(_("{table} saknar {columns}", table=table, columns=", ".join(missing)))
    return problems


def validate(path: Path) -> int:
    """Check that ``path`` is a coachtui database this version can use; returns its schema version.

    The whole check runs before anything is replaced: integrity_check, then a schema version 1..LATEST with
    every table and column coachtui's schema of that version has.
    """
    problem = file_problem(path, thorough=True)
    if problem is not None:
        raise StoreError(_("Filen {name} {problem}.", name=path.name, problem=problem))
    conn = _read_only(path)
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        missing = schema_problems(conn, version) if 1 <= version <= schema.LATEST else []
    finally:
        conn.close()
    if version < 1 or missing:
        detail = "; ".join(missing[:3]) + (" …" if len(missing) > 3 else "")
        message = _("Filen {name} är ingen coachtui-databas.", name=path.name)
        raise StoreError(f"{message} ({detail})" if detail else message)
    if version > schema.LATEST:
        raise StoreError(
            _(
                "Filen {name} är gjord av en nyare coachtui (schema {found}, den här versionen kan {latest}).",
                name=path.name,
                found=version,
                latest=schema.LATEST,
            )
        )
    return version


def newest_good_backup(db_path: Path) -> Path | None:
    """The newest backup beside ``db_path`` that passes ``validate``."""
    for backup in list_backups(db_path):
        if backup.kind == "damaged":
            continue
        try:
            validate(backup.path)
        except StoreError:
            continue
        return backup.path
    return None


def damaged_error(db_path: Path, problem: str) -> NotADatabaseError:
    """The message shown when the data file cannot be used: what is wrong and how to restore."""
    message = _("Datafilen {path} {problem}. Den har inte ändrats.", path=db_path, problem=problem)
    good = newest_good_backup(db_path)
    if good is None:
        message += " " + _("Det finns ingen säkerhetskopia bredvid den.")
    else:
        message += " " + _(
            "Nyaste hela säkerhetskopia: {backup}. Återställ med: coachtui restore {backup}", backup=good
        )
    return NotADatabaseError(message)


def check_before_open(db_path: Path, kind: FileKind | None = None) -> None:
    """Raise NotADatabaseError (naming the newest good backup) if an existing data file is damaged.

    Runs before anything opens the file for writing; an empty or missing file is fine (a new database).
    ``kind``: the file is already open in this process (``file_problem``).
    """
    try:
        size = db_path.stat().st_size
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(
            _("Datafilen {path} kan inte läsas ({reason}).", path=db_path, reason=exc.strerror or "")
        ) from None
    if db_path.is_dir():
        raise StoreError(_("{path} är en mapp, inte en datafil.", path=db_path))
    if size == 0:
        return
    problem = file_problem(db_path, kind=kind)
    if problem is not None:
        raise damaged_error(db_path, problem)


# --- restore and check -----------------------------------------------------------------


def restore(db_path: Path, source: Path, now: datetime) -> Path | None:
    """Replace the data in ``db_path`` with the backup ``source``.

    ``source`` is validated first. The current file is backed up (or, when it
    is damaged, moved aside unchanged as ``damaged-…``); returns that file.
    Other coachtui windows on the same file see the restored data.
    """
    validate(source)
    if db_path.exists() and source.resolve() == db_path.resolve():
        raise StoreError(_("Det är samma fil som databasen."))
    folder = paths.private_dir(paths.backup_dir(db_path))
    previous: Path | None = None
    if db_path.exists() and db_path.stat().st_size > 0:
        if file_problem(db_path) is None:
            conn = connect(db_path)
            try:
                previous = snapshot(conn, _free_name(folder, "pre-restore", now))
            finally:
                conn.close()
        else:
            previous = _free_name(folder, "damaged", now)
            os.replace(db_path, previous)
            for extra in ("-wal", "-shm", "-journal"):
                side = Path(f"{db_path}{extra}")
                if side.exists():
                    os.replace(side, Path(f"{previous}{extra}"))
    src = _read_only(source)
    try:
        src_key = getattr(src, "coachtui_key", None)
        if db_path.exists() and (src_key is not None) != looks_encrypted(db_path):
            # SQLCipher copies only between two encrypted or two plain files: the restored file takes the
            # backup's state (encrypted or not); the current one was backed up (or moved aside) above.
            for extra in ("", "-wal", "-shm", "-journal"):
                Path(f"{db_path}{extra}").unlink(missing_ok=True)
        paths.private_file(db_path)
        if src_key is not None and db_path.stat().st_size == 0:
            crypto.remember(db_path, crypto.passphrase_for(source) or "")
            dest = connect_like(src, db_path)  # the backup's key and salt: its passphrase opens the file
            dest.execute("PRAGMA journal_mode = WAL")
        else:
            dest = connect(db_path)
        try:
            src.backup(dest)
            new_file_id(dest)  # a new identity: an app still open on the old data refuses to write (and erase)
            dest.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            dest.close()
    finally:
        src.close()
    if previous is not None and previous.name.startswith("pre-restore"):
        rotate(db_path, now)
    return previous


@dataclass(frozen=True, slots=True)
class Health:
    version: int
    findings: list[str]

    @property
    def ok(self) -> bool:
        return not self.findings


def check(db_path: Path) -> Health:
    """integrity_check, foreign_key_check and the schema version, read-only."""
    problem = file_problem(db_path, thorough=True)
    if problem is not None:
        return Health(0, [_("Datafilen {problem}.", problem=problem)])
    findings: list[str] = []
    conn = _read_only(db_path)
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        missing = schema_problems(conn, version) if 1 <= version <= schema.LATEST else []
    finally:
        conn.close()
    findings.extend(_("Schemat stämmer inte: {problem}.", problem=problem) for problem in missing)
    if broken:
        tables = sorted({str(r[0]) for r in broken})
        findings.append(_("{n} brutna referenser (i {tables}).", n=len(broken), tables=", ".join(tables)))
    if version > schema.LATEST:
        findings.append(
            _("Schema {found} är nyare än den här coachtui ({latest}).", found=version, latest=schema.LATEST)
        )
    elif version == 0:
        findings.append(_("Filen är ingen coachtui-databas (schema 0)."))
    findings.extend(
        _("Kvarlämnad kopia av data från en avbruten säkerhetskopiering: {path} (tas bort vid nästa start).", path=p)
        for p in paths.leftovers(db_path)
    )
    return Health(version, findings)
