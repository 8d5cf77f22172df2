"""Erasing one participant for good: the same use case for the app's "Radera för gott" and ``coachtui erase KEY``.

The person is named by their stable key, never by a row id (after a restore the same id can be someone else),
and the file must still be the one the caller opened (``Database.check_identity``). Everything about them goes
(file, -wal, leftover copies of a killed backup: ``store.erase.scrub``); the audit row has the date only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from coachtui.domain import people
from coachtui.store import erase as store
from coachtui.store.db import Database, StoreError
from coachtui.store.erase import Erased

__all__ = ["Erased", "Person", "erase_for_good", "find", "initials_match"]


@dataclass(frozen=True, slots=True)
class Person:
    key: str
    first_name: str
    last_name: str

    @property
    def initials(self) -> str:
        return people.initials(self.first_name, self.last_name)


def find(db: Database, key: str) -> Person | None:
    """The participant with ``key``, or None."""
    names = store.find_by_key(db, key)
    return Person(key, *names) if names is not None else None


def initials_match(typed: str, person: Person) -> bool:
    """Whether ``typed`` are the person's initials (what confirms an erasure)."""
    return people.initials_match(typed, person.first_name, person.last_name)


def erase_for_good(db: Database, person: Person, *, now: datetime) -> Erased:
    """Erase ``person`` (by key; refused when the file's participant with that key has other names)."""
    erased = store.erase_by_key(db, person.key, names=(person.first_name, person.last_name), now=now)
    if erased.count != 1:
        from coachtui.i18n import _

        raise StoreError(_("Deltagaren finns inte längre."))
    return erased
