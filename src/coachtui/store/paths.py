"""Where the data lives, created private (folder 0700, file 0600) before SQLite touches it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

ENV_DB = "COACHTUI_DB"
DB_NAME = "coachtui.sqlite3"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("coachtui", appauthor=False))


def resolve_db_path(cli_value: str | None, environ: dict[str, str] | None = None) -> Path:
    """``--db`` wins, then ``COACHTUI_DB``, then the platform's user data folder."""
    env = environ if environ is not None else dict(os.environ)
    if cli_value:
        return Path(cli_value).expanduser()
    if env.get(ENV_DB):
        return Path(env[ENV_DB]).expanduser()
    return default_data_dir() / DB_NAME


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) with mode 0700; tighten it if we own it."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077 and path.stat().st_uid == os.getuid():
        path.chmod(0o700)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty with mode 0600 if missing (its folder 0700); tighten an existing one."""
    private_dir(path.parent)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        path.chmod(0o600)
    return path


def backup_dir(db_path: Path) -> Path:
    """The backups folder beside the data file."""
    return db_path.parent / "backups"
