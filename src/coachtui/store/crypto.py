"""Encryption at rest with SQLCipher (optional: ``pip install 'coachtui[encryption]'``, the sqlcipher3 package).

An encrypted data file does not start with the SQLite header (``base.looks_encrypted``). Its passphrase is given
once per process (``remember``; the CLI and the app ask for it at start) and turned into the 256-bit key once
per file: PBKDF2-HMAC-SHA512, 256 000 rounds, salted with the file's first 16 bytes, which is SQLCipher 4's own
derivation. Every connection is then keyed with that raw key (``PRAGMA key = "x'…'"``, the very first
statement), so another connection (each thread has one) costs no new derivation (about 0.25 s each).
``PRAGMA cipher_log_level = NONE`` keeps SQLCipher from writing to stderr when a passphrase is wrong.

Copies (backups, the pre-migration backup) of an encrypted connection are keyed with the same key and salt
(``key_of``; SQLCipher cannot copy between an encrypted and a plain file with the backup API), so they open
with the same passphrase. ``store.encryption`` turns a plain file into an encrypted one and back with
``sqlcipher_export``, backing it up first and replacing the file atomically only after the copy has passed
``integrity_check``.

No passphrase is ever written anywhere; it is kept in memory while coachtui runs (to key new connections and
to unlock the idle lock).
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any, NamedTuple, cast

from coachtui.i18n import _
from coachtui.store.base import BUSY_TIMEOUT_MS, StoreError

MIN_PASSPHRASE = 8
KDF_ITERATIONS = 256_000  # SQLCipher 4's default (PBKDF2-HMAC-SHA512)
KEY_BYTES = 32
SALT_BYTES = 16


class EncryptionUnavailableError(StoreError):
    """The sqlcipher3 package is not installed."""


class PassphraseNeededError(StoreError):
    """The file is encrypted and no passphrase was given for it."""


class WrongPassphraseError(StoreError):
    """The passphrase does not open the file (or the file is damaged)."""


class Key(NamedTuple):
    """The raw SQLCipher key of one file and the file's salt."""

    raw: bytes
    salt: bytes

    def pragma(self) -> str:
        # key and salt: a new file (a backup) gets the same salt, so the passphrase opens it too
        return f"PRAGMA key = \"x'{self.raw.hex()}{self.salt.hex()}'\""


_lock = threading.Lock()
_passphrases: dict[str, str] = {}  # resolved path -> passphrase
_latest: list[str] = []  # passphrases in the order given: the newest is tried for files without their own
_keys: dict[tuple[str, bytes], Key] = {}


def module(*, to_encrypt: bool = False) -> Any:
    """The sqlcipher3 DB-API module, or a clear message when it is not installed.

    Without ``to_encrypt`` the message is about a file that looks encrypted (it could also be damaged).
    """
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        if to_encrypt:
            message = _(
                "Stöd för kryptering saknas: installera det med pip install 'coachtui[encryption]'"
                " (paketet sqlcipher3)."
            )
        else:
            message = _(
                "Datafilen är krypterad (eller skadad) och stöd för kryptering saknas: installera det med"
                " pip install 'coachtui[encryption]' (paketet sqlcipher3). Filen har inte ändrats."
            )
        raise EncryptionUnavailableError(message) from None
    return dbapi2


def available() -> bool:
    try:
        module()
    except EncryptionUnavailableError:
        return False
    return True


def check_strength(passphrase: str) -> None:
    """Refuse an empty or short passphrase (a Swedish message)."""
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        raise StoreError(_("Lösenfrasen måste ha minst {n} tecken.", n=MIN_PASSPHRASE))


def remember(path: Path, passphrase: str) -> None:
    """Key every later connection to ``path`` (and, when they have none of their own, its backups) with this."""
    with _lock:
        _passphrases[str(path.resolve())] = passphrase
        if passphrase in _latest:
            _latest.remove(passphrase)
        _latest.append(passphrase)


def forget(path: Path) -> None:
    with _lock:
        _passphrases.pop(str(path.resolve()), None)


def forget_all() -> None:
    """Forget every passphrase given (the derived keys stay cached: they open nothing without a passphrase)."""
    with _lock:
        _passphrases.clear()
        _latest.clear()


def passphrase_for(path: Path) -> str | None:
    """The passphrase given for ``path``; else the newest one given (a backup of the open file)."""
    with _lock:
        return _passphrases.get(str(path.resolve())) or (_latest[-1] if _latest else None)


def has_passphrase(path: Path) -> bool:
    with _lock:
        return str(path.resolve()) in _passphrases


def matches(path: Path, candidate: str) -> bool:
    """Whether ``candidate`` is the passphrase given for ``path`` (constant-time comparison of digests)."""
    known = passphrase_for(path)
    if known is None:
        return False
    import hashlib
    import hmac

    digest = hashlib.sha256
    return hmac.compare_digest(digest(known.encode()).digest(), digest(candidate.encode()).digest())


def read_salt(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(SALT_BYTES)


def key_for(path: Path) -> Key:
    """The key of the encrypted file ``path``: the passphrase given for it and the file's salt."""
    passphrase = passphrase_for(path)
    if passphrase is None:
        raise PassphraseNeededError(
            _(
                "Datafilen {name} är krypterad: lösenfrasen behövs (i terminalen eller COACHTUI_PASSPHRASE).",
                name=path.name,
            )
        )
    try:
        return derive(passphrase, read_salt(path))
    except OSError as exc:
        raise StoreError(
            _("Datafilen {path} kan inte läsas ({reason}).", path=path, reason=exc.strerror or "")
        ) from None


def derive(passphrase: str, salt: bytes) -> Key:
    """The raw key SQLCipher derives from ``passphrase`` for a file with ``salt`` (cached)."""
    with _lock:
        found = _keys.get((passphrase, salt))
    if found is None:
        import hashlib

        raw = hashlib.pbkdf2_hmac("sha512", passphrase.encode(), salt, KDF_ITERATIONS, KEY_BYTES)
        found = Key(raw, salt)
        with _lock:
            _keys[(passphrase, salt)] = found
    return found


def key_of(conn: Any) -> Key | None:
    """The key of a connection made here (None: a plain connection)."""
    key = getattr(conn, "coachtui_key", None)
    return key if isinstance(key, Key) else None


_connection_class: Any = None


def _factory(sq: Any) -> Any:
    """sqlcipher3's Connection with room for its key (so copies can be keyed alike)."""
    global _connection_class
    if _connection_class is None:

        class KeyedConnection(sq.Connection):  # type: ignore[misc]
            coachtui_key: Key | None = None

        _connection_class = KeyedConnection
    return _connection_class


def open_keyed(
    path: Path, *, key: Key | None = None, read_only: bool = False, timeout: float = BUSY_TIMEOUT_MS / 1000
) -> sqlite3.Connection:
    """An SQLCipher connection to ``path``: ``PRAGMA key`` first, then ``cipher_log_level = NONE``.

    Without ``key`` the passphrase given for the file (``remember``) is used. A wrong passphrase raises
    WrongPassphraseError before anything is written (the file is unchanged). ``read_only`` opens ``mode=ro``.
    """
    sq = module()
    if key is None:
        key = key_for(path)
    if read_only:
        conn = sq.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None, timeout=timeout, factory=_factory(sq)
        )
    else:
        conn = sq.connect(
            str(path), isolation_level=None, check_same_thread=False, timeout=timeout, factory=_factory(sq)
        )
    try:
        conn.execute(key.pragma())  # must come before any other statement
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.coachtui_key = key
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # reads page 1: a wrong key fails here
    except sq.DatabaseError as exc:
        conn.close()
        if str(getattr(exc, "sqlite_errorname", "")) == "SQLITE_NOTADB":
            raise wrong_passphrase(path) from None
        raise
    return cast(sqlite3.Connection, conn)  # DB-API compatible (typed as sqlite3's for the callers)


def wrong_passphrase(path: Path) -> WrongPassphraseError:
    return WrongPassphraseError(
        _("Fel lösenfras för {name} (eller så är filen skadad). Inget har ändrats.", name=path.name)
    )


def check_passphrase(path: Path, passphrase: str) -> None:
    """Raise WrongPassphraseError unless ``passphrase`` opens the encrypted file ``path`` (read-only)."""
    key = derive(passphrase, read_salt(path))
    conn = open_keyed(path, key=key, read_only=True)
    conn.close()
