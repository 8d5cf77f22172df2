"""A throw-away PostgreSQL cluster for the hub's tests: one per test session, one database per test.

``initdb`` and ``pg_ctl`` are found on PATH or under /usr/lib/postgresql/*/bin; as root they run as the
``postgres`` system user (the temporary folder is chowned to it). The server listens on a unix socket in the
temporary folder (trusted: the test's superuser) and on 127.0.0.1 at a free port (password logins,
scram-sha-256). Without PostgreSQL the tests FAIL with a message saying how to install it; they are never
skipped. No mock anywhere: every hub test talks to this server.
"""

from __future__ import annotations

import glob
import itertools
import os
import shlex
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PASSWORD = "hub-test-pw"
OWNER = "hub_owner"
COACHES = ("coach_a", "coach_b")
LEAD = "lead_l"


def bin_dir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    return Path(candidates[-1]).parent if candidates else None


def _reachable(folder: Path) -> bool:
    """Whether another user (postgres) can reach into ``folder``: every folder on the way is world-searchable."""
    return all(os.stat(p).st_mode & 0o001 for p in (folder, *folder.parents)) and os.access(folder, os.W_OK)


def temp_parent(as_postgres: bool) -> Path | None:
    """Where the cluster's folder goes: the usual temporary folder, unless the postgres user cannot reach it."""
    candidates = [Path(tempfile.gettempdir())]
    if as_postgres:
        candidates += [Path("/var/tmp"), Path("/dev/shm")]
    for folder in candidates:
        if folder.is_dir() and (not as_postgres or _reachable(folder)):
            return folder
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    bin: Path
    folder: Path
    port: int
    as_postgres: bool
    superuser: str = "postgres"
    _numbers: Any = None

    def run(self, tool: str, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bin / tool), *args]
        if self.as_postgres:  # root: as the postgres system user (PostgreSQL refuses to run as root)
            runuser = shutil.which("runuser", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")
            if runuser:
                cmd = [runuser, "-u", "postgres", "--", *cmd]
            else:
                cmd = ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(cmd)]
        # in the cluster's own folder: as the postgres user the caller's folder (under /root) is out of reach
        return subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=self.folder)

    def admin(self, dbname: str = "postgres") -> Any:
        import psycopg

        return psycopg.connect(
            host=str(self.folder), port=self.port, user=self.superuser, dbname=dbname, autocommit=True
        )

    def url(self, login: str, dbname: str) -> str:
        return f"postgresql://{login}@127.0.0.1:{self.port}/{dbname}"

    def connect(self, login: str, dbname: str) -> Any:
        import psycopg

        return psycopg.connect(self.url(login, dbname), password=PASSWORD)

    def new_database(self) -> str:
        if self._numbers is None:
            self._numbers = itertools.count(1)
        name = f"hub_{next(self._numbers)}"
        with self.admin() as conn:
            conn.execute(f"CREATE DATABASE {name} OWNER {OWNER} TEMPLATE template0")
        return name


class ClusterError(Exception):
    """PostgreSQL is missing or did not start (the message says why)."""


@contextmanager
def running() -> Iterator[Cluster]:
    """A started throw-away cluster with the test roles; stopped and removed at the end."""
    found = bin_dir()
    if found is None or not (found / "initdb").exists():
        raise ClusterError(
            "PostgreSQL is not installed: the hub's tests need initdb and pg_ctl (on PATH or under "
            "/usr/lib/postgresql/*/bin). Install it with: apt-get install -y postgresql"
        )
    as_postgres = os.geteuid() == 0
    parent = temp_parent(as_postgres)
    if parent is None:
        pytest.fail(
            "No temporary folder the postgres user can reach (tried $TMPDIR, /var/tmp, /dev/shm).", pytrace=False
        )
    folder = Path(tempfile.mkdtemp(prefix="coachtui-pg-", dir=parent))
    if as_postgres:
        shutil.chown(folder, "postgres", "postgres")
    port = free_port()
    cluster = Cluster(found, folder, port, as_postgres)
    data = folder / "data"
    done = cluster.run(
        "initdb", "-D", str(data), "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256",
        "--no-sync", "-E", "UTF8", "--locale=C",
    )  # fmt: skip
    if done.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise ClusterError(f"initdb failed: {done.stderr.strip()}")
    options = (
        f"-k {folder} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
        " -c full_page_writes=off -c max_connections=40 -c shared_buffers=32MB"
    )
    done = cluster.run("pg_ctl", "-D", str(data), "-o", options, "-w", "-t", "60", "-l", str(folder / "log"), "start")
    if done.returncode != 0:
        log = (folder / "log").read_text(errors="replace") if (folder / "log").exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise ClusterError(f"PostgreSQL did not start: {done.stderr.strip()} {log[-500:]}")
    try:
        with cluster.admin() as conn:
            conn.execute(f"CREATE ROLE {OWNER} LOGIN CREATEROLE PASSWORD '{PASSWORD}'")
            for login in (*COACHES, LEAD):
                conn.execute(f"CREATE ROLE {login} LOGIN PASSWORD '{PASSWORD}'")
        yield cluster
    finally:
        cluster.run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Hub:
    """One test's database on the session's cluster."""

    cluster: Cluster
    dbname: str

    def url(self, login: str = OWNER) -> str:
        return self.cluster.url(login, self.dbname)

    def connect(self, login: str) -> Any:
        return self.cluster.connect(login, self.dbname)

    def admin(self) -> Any:
        return self.cluster.admin(self.dbname)

    def count(self, table: str, where: str = "true") -> int:
        with self.admin() as conn:
            return int(conn.execute(f"SELECT count(*) FROM coachtui.{table} WHERE {where}").fetchone()[0])


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """The session's cluster; without PostgreSQL the hub's tests FAIL (never skip) with how to install it."""
    context = running()
    try:
        cluster = context.__enter__()
    except ClusterError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield cluster
    finally:
        context.__exit__(None, None, None)


@pytest.fixture
def hub(pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> Hub:
    """A fresh, empty database owned by ``hub_owner``; PGPASSWORD is the test logins' password."""
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    monkeypatch.delenv("PGPASSFILE", raising=False)
    return Hub(pg_cluster, pg_cluster.new_database())
