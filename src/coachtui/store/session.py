"""SQLModel sessions for writes: one unit of work, BEGIN IMMEDIATE, audit in the same transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from coachtui.store.db import Database, db_errors, write_error

if TYPE_CHECKING:
    from sqlmodel import Session


def engine(db: Database) -> Any:
    """The SQLAlchemy engine of ``db`` (built once, on the project's ``connect``)."""
    if db.engine is None:
        from sqlalchemy import create_engine, event
        from sqlalchemy.pool import QueuePool

        options: dict[str, Any] = {}
        if db.encrypted():  # sqlcipher3's connections and exceptions (connect keys them)
            from coachtui.store.crypto import module

            options["module"] = module()
        eng = create_engine("sqlite://", creator=db.connect, poolclass=QueuePool, **options)

        @event.listens_for(eng, "begin")
        def _begin_immediate(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        db.engine = eng
    return db.engine


@contextmanager
def unit_of_work(db: Database) -> Iterator[Session]:
    """A session whose transaction commits at the end of the block, or rolls back on error."""
    from sqlalchemy.exc import OperationalError
    from sqlmodel import Session

    db.guard()
    try:
        with Session(engine(db), expire_on_commit=False) as session, session.begin():
            session.info["clock"] = db.clock  # the audit rows' now
            db.check_identity(cast(Any, session.connection().connection).driver_connection)
            yield session
    except OperationalError as exc:  # read-only file, full disk, busy: a clear message, nothing written
        mapped = write_error(exc.orig) if isinstance(exc.orig, db_errors()) else None
        if mapped is None:
            raise
        raise mapped from None


def audit(
    session: Session,
    action: str,
    entity: str = "",
    *,
    count: int = 0,
    detail: str = "",
    now: datetime | None = None,
) -> None:
    """Record what was done, in the session's transaction, by the one audit writer (``store.audit.record``)."""
    from coachtui.store.audit import record

    session.flush()  # the rows this audit row describes go first, as they are written
    conn = cast(Any, session.connection().connection).driver_connection
    record(conn, now or session.info["clock"].now(), action, entity, count=count, detail=detail)
