"""What every command gets: the context (data file, clock, language, streams) and the one bad-input error.

Here, not in ``cli``, so that the commands never import the command line (no import cycle).
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TextIO

from coachtui.i18n import _

if TYPE_CHECKING:
    from coachtui.clock import Clock
    from coachtui.domain.report import Period
    from coachtui.store.db import Database


class UsageError(Exception):
    """Bad input from the command line: exit 2 with this one-line message."""


class Context(NamedTuple):
    db_path: Path
    clock: Clock
    lang: str
    out: TextIO
    err: TextIO

    def today(self) -> date:
        return self.clock()

    def now(self) -> datetime:
        return self.clock.now()

    def period(self, start: date | None, end: date | None) -> Period:
        """The report period of ``--from``/``--to`` (the current half-year for what is left out); an end
        before the start is bad input."""
        from coachtui.domain.report import resolve_period

        try:
            return resolve_period(start, end, self.today())
        except ValueError:
            raise UsageError(_("Perioden slutar ({end}) före den börjar ({start}).", start=start, end=end)) from None

    def open_db(self, *, create: bool = False, verify: bool = False, audited: bool = False) -> Database:
        """The data file, migrated. Commands that only read refuse to create one and skip the quick_check;
        ``audited`` ones (they read, then write an audit row) run it on a thread while they read."""
        from coachtui.store.db import Database

        if not create and not self.db_path.exists():
            raise UsageError(_("Ingen databas på {path}. Starta coachtui en gång eller ange --db.", path=self.db_path))
        db = Database(self.db_path, clock=self.clock)
        db.open(now=self.clock.now(), verify=verify or create)
        if audited and not verify:
            db.verify_in_background()
        return db


def parse_date(text: str) -> date:
    """argparse type for ISO dates, with a Swedish message."""
    try:
        if len(text) != 10:
            raise ValueError
        found = date.fromisoformat(text)
        if not 1900 <= found.year <= 2999:  # 9999-12-31 plus a day overflows: no coach means it
            raise ValueError
        return found
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("ogiltigt datum {value!r}: skriv ÅÅÅÅ-MM-DD med en dag som finns", value=text)
        ) from None
