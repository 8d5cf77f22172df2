"""The whole record out of the database: ``coachtui export all`` and "Lämna över" (handover) on a participant.

One use case for the CLI and the participant screen, so that both write the same
document the same way: :func:`write` builds the coachtui/1 document
(``store.document.build``: everything, or with ``keys`` a handover of just those
participants, their coach and the employers they refer to), writes it in the
canonical form to a file only the user can read (0600, atomically), and writes one
audit row (what and how many, never names).

The file holds personal data (names, phone numbers, journal text). coachtui has no
way to encrypt a single JSON file (its encryption is the SQLCipher data file), so
the screen says so plainly instead of offering it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coachtui.store.db import Database


@dataclass(frozen=True, slots=True)
class Written:
    path: Path | None  # None: written to a stream
    participants: int
    text: str


class UnknownParticipant(KeyError):
    """A key given for a handover is not in the database (``key`` names it)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def handover_name(keys: Sequence[str], today: date) -> str:
    """``coachtui-overlamning-<key>-<today>.json`` for one participant, ``…-<n>-deltagare-…`` for several."""
    what = keys[0] if len(keys) == 1 else f"{len(keys)}-deltagare"
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in what)
    return f"coachtui-overlamning-{safe}-{today.isoformat()}.json"


def build_text(db: Database, keys: Sequence[str] | None = None) -> tuple[str, int]:
    """The canonical text of the whole document (``keys`` None) or of a handover, and its participant count."""
    from coachtui.store import document

    try:
        doc = document.build(db, list(dict.fromkeys(keys)) if keys is not None else None)
    except KeyError as exc:
        raise UnknownParticipant(str(exc.args[0])) from None
    return document.dumps(doc), len(doc["participants"])


def write(
    db: Database, path: Path | str | None, keys: Sequence[str] | None = None, *, now: datetime | None = None
) -> Written:
    """Build the document and write it to ``path`` (None: only build it, for standard output); audited (``now``:
    the audit row's time, the store's clock when None)."""
    from coachtui.exports import files
    from coachtui.store import audit

    text, count = build_text(db, keys)
    target = None if path is None else files.write_private(path, text, db_path=db.path)  # never over the data file
    audit.record_export(db, "all" if keys is None else "handover", "participant", None, None, count, "json", now=now)
    return Written(target, count, text)
