"""Writing export files: private (0600), atomic, never over the data file, with names that say what and when.

Every writer of a file (the exports, the calendar, Finsam, the report csv, ``coachtui backup DEST``) goes
through ``check_target`` (``write_private`` calls it): the data file, its ``-wal``/``-shm``/``-journal`` and
the backups folder are refused, and so is a folder or a path whose folder does not exist; then the bytes go to
a temporary file in the same folder, renamed into place. Cells of a spreadsheet go through ``safe_cell``
(formula injection, OWASP's CSV-injection advice).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from coachtui.i18n import _
from coachtui.store.db import StoreError

#: A text cell starting with one of these is a formula to Excel, LibreOffice or Google Sheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?%?$")


#: The largest file coachtui reads (import, restore): 50 MB, some 200 000 participants in a CSV.
MAX_INPUT_BYTES = 50 * 1024 * 1024


def source_problem(path: Path, *, limit: int = MAX_INPUT_BYTES) -> str | None:
    """Why ``path`` must not be read (import, restore), or None: looked at with ``stat`` only, before any read.

    Only a regular file of at most ``limit`` bytes is read: never a FIFO (it would hang), a device such as
    ``/dev/zero`` (endless), a folder, a symlink loop, or a huge file.
    """
    import stat as st

    try:
        info = path.stat()
    except FileNotFoundError:
        return _("filen finns inte")
    except OSError as exc:
        return _("kan inte läsas ({reason})", reason=exc.strerror or exc.__class__.__name__)
    if st.S_ISDIR(info.st_mode):
        return _("är en mapp, inte en fil")
    if not st.S_ISREG(info.st_mode):
        return _("är ingen vanlig fil (en enhet, en pipe?)")
    if info.st_size > limit:
        return _("är större än {mb} MB", mb=limit // (1024 * 1024))
    return None


#: What a hostile file can raise past every rule (a date at the end of the calendar, a lone surrogate, a
#: 5000-digit number, JSON nested 100 000 deep): bad input, reported as such, never an unexpected error.
BAD_VALUES: tuple[type[Exception], ...] = (OverflowError, RecursionError, UnicodeError, ValueError)


def bad_value(exc: BaseException) -> str:
    """The one-line message for a ``BAD_VALUES`` error (its kind only: no value is echoed)."""
    return _(
        "Filen lästes inte in och inget har ändrats: ett värde går inte att använda ({kind}).",
        kind=exc.__class__.__name__,
    )


class UnsafeTarget(StoreError):
    """A file coachtui must not write (the data file, the backups folder, a folder...): exit 2, nothing written."""


def default_name(what: str, start: date | None, end: date | None, ext: str) -> str:
    """``coachtui-<what>-<from>--<to>.<ext>``, e.g. ``coachtui-avslut-2026-01-01--2026-06-30.csv``.

    An open start (the whole history) gives ``coachtui-<what>-till-<to>.<ext>``;
    an open end ``coachtui-<what>-<from>--.<ext>``.
    """
    ext = ext.lstrip(".")
    last = end.isoformat() if end else ""
    if start is None:
        return f"coachtui-{what}-till-{last}.{ext}" if last else f"coachtui-{what}.{ext}"
    return f"coachtui-{what}-{start.isoformat()}--{last}.{ext}"


def _protected(db_path: Path) -> list[Path]:
    db = db_path.expanduser().resolve()
    return [db, *(Path(f"{db}{extra}") for extra in ("-wal", "-shm", "-journal"))]


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_target(path: Path | str, db_path: Path) -> Path:
    """The file ``path`` as it will be written, or UnsafeTarget: never the data file, its -wal/-shm/-journal,
    anything in the backups folder, a folder, or a file in a folder that does not exist."""
    from coachtui.store import paths

    text = str(path)
    target = Path(text).expanduser()
    if text.endswith(("/", os.sep)) or target.is_dir():
        raise UnsafeTarget(_("{path} är en mapp; ange ett filnamn. Inget skrevs.", path=text))
    resolved = target.resolve()
    for protected in _protected(db_path):
        if resolved == protected or _same_file(target, protected):
            raise UnsafeTarget(_("{path} är coachtuis datafil; välj ett annat namn. Inget skrevs.", path=text))
    backups = paths.backup_dir(db_path.expanduser().resolve())
    if resolved == backups or resolved.is_relative_to(backups):
        raise UnsafeTarget(
            _("{path} ligger i mappen med säkerhetskopior; välj en annan plats. Inget skrevs.", path=text)
        )
    if not resolved.parent.is_dir():
        raise UnsafeTarget(_("Mappen {folder} finns inte. Inget skrevs.", folder=target.parent))
    return target


def write_private(path: Path | str, data: bytes | str | Iterable[bytes], *, db_path: Path) -> Path:
    """Write ``data`` to ``path`` atomically (a temporary file in the same folder, then
    ``os.replace``), created with mode 0600 so that no one else can read it at any moment.

    ``path`` is checked first (``check_target``: never the data file ``db_path`` or its backups).
    Text is written as UTF-8; an iterable of bytes piece by piece (a large export never whole in memory).
    Raises OSError (the folder is not writable, the disk is full, ...).
    """
    target = check_target(path, db_path)  # a str keeps a trailing / (a folder that must exist)
    pieces = [data.encode("utf-8")] if isinstance(data, str) else [data] if isinstance(data, bytes) else data
    folder = target.parent if str(target.parent) else Path(".")
    prefix = f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}."
    fd, tmp_name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)  # mode 0600
    try:
        with os.fdopen(fd, "wb", buffering=1 << 20) as handle:
            for piece in pieces:
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o600)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    return target


# --- formula injection -------------------------------------------------------------------


def needs_quote(text: str) -> bool:
    """Whether a csv text cell must get a leading ``'`` (it would be a formula, or it starts with an
    apostrophe before such a character, which the import would otherwise take for the added one)."""
    if text.startswith(FORMULA_START):
        return not _NUMBER.match(text)  # "-5" or "-1,5" is a number, not a formula
    return text.startswith("'") and text[1:].startswith(FORMULA_START) and not _NUMBER.match(text[1:])


def safe_cell(value: Any) -> Any:
    """A csv cell as written: a text starting with ``= + - @``, tab or CR gets a leading ``'`` (never a formula)."""
    if isinstance(value, str) and needs_quote(value):
        return "'" + value
    return value


#: the first characters of a text cell that may need the ``'`` (a formula start, or the ``'`` itself)
_QUOTE_FIRST = frozenset((*FORMULA_START, "'"))


def safe_row(values: Iterable[Any]) -> list[Any]:
    """``safe_cell`` of each value; most cells start with a letter or digit and are passed at once."""
    first = _QUOTE_FIRST
    return [
        "'" + value if isinstance(value, str) and value[:1] in first and needs_quote(value) else value
        for value in values
    ]


def unquote_cell(text: str) -> str:
    """The inverse of ``safe_cell`` for coachtui's own import: drops exactly the one added ``'``."""
    if text.startswith("'") and needs_quote(text[1:]):
        return text[1:]
    return text


def text_cells(sheet: Any) -> None:
    """Make every text cell of an openpyxl sheet a string cell: one starting with ``=`` is never a formula."""
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str) and cell.data_type != "s":
                cell.data_type = "s"
                cell.quotePrefix = True  # Excel shows it as typed and does not evaluate it on edit either
