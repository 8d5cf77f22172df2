"""Writing export files: private (0600), atomic, with names that say what and which period."""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import date
from pathlib import Path


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


def write_private(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` atomically (a temporary file in the same folder, then
    ``os.replace``), created with mode 0600 so that no one else can read it at any moment.

    Text is written as UTF-8. Raises OSError (the folder is missing, not writable, ...).
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)  # mode 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o600)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    return path
