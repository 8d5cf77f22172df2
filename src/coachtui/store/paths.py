"""Where the data lives, created private (folder 0700, file 0600) before SQLite touches it."""

from __future__ import annotations

import os
import re
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
    """Create ``path`` (and missing parents) with mode 0700.

    Only the folders created here are given that mode: a folder that already exists (a shared ``/tmp``-like
    1777 folder, a USB stick, the user's own folder) is never chmod-ed.
    """
    missing: list[Path] = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    for created in missing:
        try:
            if stat.S_IMODE(created.stat().st_mode) & 0o077:
                created.chmod(0o700)
        except OSError:
            pass
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


def temp_name(path: Path, suffix: str) -> Path:
    """A hidden temporary name beside ``path``, unique per process: ``.<name>.<pid>-<random>.<suffix>``."""
    import secrets  # not at import: every command's start-up reads this module

    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.{suffix}")


#: What a killed backup, restore or encrypt/decrypt can leave behind (a full copy of the data, maybe plain).
_LEFTOVER = re.compile(r"^\..+?\.(?:(?P<pid>\d+)-[0-9a-f]+\.)?(?:partial|converting)(?:-journal|-wal|-shm)?$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process: leave its file alone
    return True


def leftovers(db_path: Path) -> list[Path]:
    """Temporary copies of the data left by a killed backup or conversion, beside the data file and in the
    backups folder (those of a process still running are not leftovers)."""
    found: list[Path] = []
    for folder in (db_path.parent, backup_dir(db_path)):
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            match = _LEFTOVER.match(entry.name)
            if match is None or (match["pid"] and _alive(int(match["pid"]))):
                continue
            if entry.is_file() and not entry.is_symlink():
                found.append(entry)
    return found


def remove_leftovers(db_path: Path) -> list[Path]:
    """Delete ``leftovers``; returns what was deleted (what could not be deleted is left for ``check``)."""
    removed: list[Path] = []
    for entry in leftovers(db_path):
        try:
            entry.unlink()
        except OSError:
            continue
        removed.append(entry)
    return removed
