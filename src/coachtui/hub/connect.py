"""Connections to the hub: a libpq URL, the password from PGPASSWORD, ~/.pgpass or a prompt, never the URL.

The URL is handed to libpq as it is (``postgresql://user@host:port/db``, unix sockets with ``?host=/dir``);
SQLAlchemy gets the connection through ``creator`` so that libpq alone reads PGPASSWORD and ~/.pgpass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit

from coachtui.hub.errors import HubRefused, HubUnreachable
from coachtui.i18n import _

CONNECT_TIMEOUT_S: Final = 5
#: asks for a password when libpq needs one and none was found; None: no prompt (not a terminal)
PasswordPrompt = Callable[[str], str | None]


def has_password(url: str) -> bool:
    """Whether ``url`` carries a password (in the user part or as ``password=``)."""
    parts = urlsplit(url)
    return parts.password is not None or "password=" in parts.query


def check_url(url: str) -> str:
    """The URL, or ValueError with a Swedish reason (not PostgreSQL, or a password in it)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("postgresql", "postgres"):
        raise ValueError(_("Hubbens adress ska börja med postgresql://, till exempel postgresql://anna@server/team."))
    if has_password(url):
        raise ValueError(
            _("Lösenordet får inte stå i adressen. Använd PGPASSWORD, ~/.pgpass eller svara på frågan om lösenord.")
        )
    return url.strip()


def display(url: str) -> str:
    """The URL to show: without a password, whatever was given."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = (parts.username or "") + "@" + (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _needs_password(exc: Exception) -> bool:
    text = str(exc)
    return "no password supplied" in text or "password authentication failed" in text


def describe(exc: BaseException) -> str:
    """One Swedish line for a connection failure, without the server's own text (it may echo a login name)."""
    text = str(exc)
    if "password authentication failed" in text or "no password supplied" in text:
        return _("Hubben godtog inte inloggningen (fel användare eller lösenord).")
    if "does not exist" in text and "database" in text:
        return _("Databasen i hubbens adress finns inte.")
    if "no pg_hba.conf entry" in text:
        return _("Hubben tar inte emot inloggningen från den här datorn (pg_hba.conf).")
    return _("Hubben går inte att nå (servern är nere eller adressen är fel).")


def connect_raw(url: str, prompt: PasswordPrompt | None = None) -> Any:
    """A psycopg connection (not autocommit), or HubUnreachable."""
    import psycopg

    try:
        return psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S, application_name="coachtui")
    except psycopg.OperationalError as exc:
        if prompt is not None and _needs_password(exc):
            password = prompt(display(url))
            if password:
                try:
                    return psycopg.connect(
                        url, password=password, connect_timeout=CONNECT_TIMEOUT_S, application_name="coachtui"
                    )
                except psycopg.OperationalError as again:
                    raise HubUnreachable(describe(again)) from None
        raise HubUnreachable(describe(exc)) from None
    except psycopg.ProgrammingError:
        raise HubUnreachable(_("Hubbens adress går inte att läsa.")) from None


@contextmanager
def transaction(url: str, prompt: PasswordPrompt | None = None, *, read_only: bool = False) -> Iterator[Any]:
    """A SQLAlchemy Connection in one transaction: COMMIT at the end of the block, ROLLBACK on any error.

    ``read_only``: the server refuses any write in it (reports). psycopg and SQLAlchemy errors become
    HubRefused / HubUnreachable with a one-line Swedish reason.
    """
    import psycopg
    from sqlalchemy import create_engine, exc
    from sqlalchemy.pool import NullPool

    raw = connect_raw(url, prompt)
    engine = create_engine("postgresql+psycopg://", creator=lambda: raw, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            try:
                with conn.begin():
                    if read_only:
                        conn.exec_driver_sql("SET TRANSACTION READ ONLY")
                    yield conn
            except exc.DBAPIError as error:
                raise refusal(error.orig) from None
            except psycopg.Error as error:
                raise refusal(error) from None
    finally:
        engine.dispose()
        raw.close()


def refusal(error: BaseException | None) -> HubRefused | HubUnreachable:
    import psycopg
    from psycopg import errors

    if isinstance(error, errors.InsufficientPrivilege):
        return HubRefused(_("Hubben nekade: inloggningen har inte behörighet till det här."))
    if isinstance(error, errors.UndefinedTable | errors.InvalidSchemaName):
        return HubRefused(_("Hubben är inte förberedd: kör coachtui hub init först."))
    if isinstance(error, errors.CheckViolation | errors.UniqueViolation | errors.NotNullViolation):
        return HubRefused(_("Hubben nekade uppgifterna (de bryter mot hubbens regler)."))
    if isinstance(error, psycopg.OperationalError):
        return HubUnreachable(_("Förbindelsen med hubben bröts."))
    return HubRefused(_("Hubben nekade ({kind}).", kind=type(error).__name__))
