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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from coachtui.store.db import Database


@dataclass(frozen=True, slots=True)
class Written:
    path: Path | None  # None: written to a stream
    participants: int


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
    db: Database,
    path: Path | str | None,
    keys: Sequence[str] | None = None,
    *,
    now: datetime | None = None,
    out: TextIO | None = None,
) -> Written:
    """Write the document to ``path`` (None: to the text stream ``out``, standard output); audited (``now``:
    the audit row's time, the store's clock when None).

    The whole document is streamed participant by participant (``store.document.Stream``: the same bytes as
    :func:`build_text`, never the whole file in memory); a handover is small and built whole.
    """
    from coachtui.exports import files
    from coachtui.store import audit, document

    stream = document.Stream(db) if keys is None else None
    if stream is None:
        text, count = build_text(db, keys)
    pieces: Iterable[bytes] = [text.encode("utf-8")] if stream is None else stream
    if path is None:
        if out is None:
            raise ValueError("write: a path or a stream")
        for piece in pieces:
            out.write(piece.decode("utf-8"))  # each piece ends between two values, never inside a character
        target = None
    else:
        target = files.write_private(path, pieces, db_path=db.path)  # never over the data file
    if stream is not None:
        count = stream.participants
    audit.record_export(db, "all" if keys is None else "handover", "participant", None, None, count, "json", now=now)
    return Written(target, count)
