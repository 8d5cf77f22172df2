"""Undo: the coach's last actions, kept in memory for the app session, each undone by one key (ctrl+z) or
from the palette ("Ångra: …").

Each ``do_*`` function runs the action through its own store function and reads the row it touches just
before and just after (``store.undo.snapshot``), all in one write transaction (the store function's write
joins it), and returns an :class:`Entry` for :class:`UndoStack`, or None when nothing changed or when the row
changed in another way than the action itself would. ``undo`` writes the before back
(``store.undo.restore``: one transaction, refused when the row changed since).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date

from coachtui.i18n import _, language
from coachtui.store.db import Database
from coachtui.store.undo import Change, UndoRefused, initials_of, restore, snapshot

__all__ = ["Entry", "UndoRefused", "UndoStack", "undo"]

#: How many actions the app remembers.
DEPTH = 10


@dataclass(frozen=True, slots=True)
class Entry:
    """One undoable action: its audit name, what the coach is shown ("klart besök 3m (A.A.)"), its rows."""

    action: str
    title: str
    changes: tuple[Change, ...]


class UndoStack:
    """The last ``DEPTH`` actions, newest last. Thread-safe (workers push, the UI thread pops)."""

    def __init__(self, depth: int = DEPTH) -> None:
        self._entries: deque[Entry] = deque(maxlen=depth)
        self._lock = threading.Lock()

    def push(self, entry: Entry | None) -> None:
        if entry is not None:
            with self._lock:
                self._entries.append(entry)

    def peek(self) -> Entry | None:
        with self._lock:
            return self._entries[-1] if self._entries else None

    def drop(self, entry: Entry) -> None:
        """Forget ``entry`` (undone, or refused for good)."""
        with self._lock:
            if entry in self._entries:
                self._entries.remove(entry)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


def undo(db: Database, entry: Entry) -> None:
    """Put back what ``entry`` changed (UndoRefused when its rows changed since: nothing written)."""
    restore(db, entry.changes, entry.action, what=entry.title)


# --- the actions ------------------------------------------------------------------------


def _tracked(
    db: Database, table: str, row_id: int, command: Callable[[], object], allowed: Collection[str]
) -> Change | None:
    """Run ``command`` on the row ``table``/``row_id``; the change, if it changed only ``allowed`` columns."""
    with db.write():  # before, the action and after in one transaction: no other window writes in between
        before = snapshot(db, table, row_id)
        command()
        after = snapshot(db, table, row_id)
    change = Change(table, row_id, before, after)
    if before is None or after is None or before == after or not change.changed_columns() <= set(allowed):
        return None
    return change


def _followup_title(db: Database, change: Change, verb: str) -> str:
    from coachtui.domain.codes import label

    row = dict(change.before or ())
    kind = label("followup_kind", str(row.get("kind", "")), language()).lower()
    return f"{verb} {kind} {row.get('slot', '')} ({initials_of(db, int(row.get('participant_id', 0)))})"


_FOLLOWUP_COLUMNS = {
    "followup done": ("status", "done_on", "note", "snoozed_until"),
    "followup skipped": ("status", "note", "snoozed_until", "sequence"),
    "followup rescheduled": ("due_on", "moved_reason", "snoozed_until", "sequence"),
    "followup snoozed": ("snoozed_until",),
}


def _followup(db: Database, followup_id: int, action: str, verb: str, command: Callable[[], object]) -> Entry | None:
    change = _tracked(db, "followup", followup_id, command, _FOLLOWUP_COLUMNS[action])
    if change is None:
        return None
    return Entry(action, _followup_title(db, change, verb), (change,))


def do_done(
    db: Database, followup_id: int, done_on: date, note: str = "", *, today: date | None = None
) -> Entry | None:
    from coachtui.store import followups

    def command() -> None:
        followups.mark_done(db, followup_id, done_on, note, today=today)

    return _followup(db, followup_id, "followup done", _("klart"), command)


def do_skip(db: Database, followup_id: int, note: str) -> Entry | None:
    from coachtui.store import followups

    def command() -> None:
        followups.skip(db, followup_id, note)

    return _followup(db, followup_id, "followup skipped", _("överhoppat"), command)


def do_reschedule(
    db: Database, followup_id: int, new_date: date, reason: str = "", *, today: date | None = None
) -> Entry | None:
    from coachtui.store import followups

    def command() -> None:
        followups.reschedule(db, followup_id, new_date, reason, today=today)

    return _followup(db, followup_id, "followup rescheduled", _("flyttat"), command)


def do_snooze(db: Database, followup_id: int, today: date) -> tuple[date, Entry | None]:
    """Snooze (``followups.snooze``): the day it is hidden until, and the undo entry."""
    from coachtui.store import followups

    until: list[date] = []

    def command() -> None:
        until.append(followups.snooze(db, followup_id, today))

    entry = _followup(db, followup_id, "followup snoozed", _("snoozat"), command)
    return until[0], entry


def do_sus_registered(db: Database, participant_id: int, on: date | None, *, today: date | None = None) -> Entry | None:
    from coachtui.store import exits

    current = exits.exit_of(db, participant_id)
    if current is None:  # the store function says so in its own words
        exits.mark_sus_registered(db, participant_id, on, today=today)
        return None
    change = _tracked(
        db,
        "exit",
        current.id,
        lambda: exits.mark_sus_registered(db, participant_id, on, today=today),
        ("sus_registered_on",),
    )
    if change is None:
        return None
    title = _("SUS-registrering ({who})", who=initials_of(db, participant_id))
    return Entry("exit registered in SUS", title, (change,))


def do_change_step(db: Database, participant_id: int, data: dict[str, object], *, today: date) -> tuple[int, Entry]:
    """A step change (``participants.change_step``): its id, and the undo entry (deleting it again)."""
    from coachtui.store import participants

    with db.write():  # the new row read in the change's own transaction
        step_id = participants.change_step(db, participant_id, dict(data), today=today)
        after = snapshot(db, "step_change", step_id)
    step = dict(after or ()).get("step", data.get("step"))
    title = _("steg {step} ({who})", step=step, who=initials_of(db, participant_id))
    return step_id, Entry("step changed", title, (Change("step_change", step_id, None, after),))


def do_delete_journal(db: Database, entry_id: int) -> Entry | None:
    """Delete a journal entry (``participants.delete_journal``); the entry that puts it back."""
    from coachtui.store import participants

    with db.write():  # the row read in the delete's own transaction
        before = snapshot(db, "journal_entry", entry_id)
        participants.delete_journal(db, entry_id)
        gone = snapshot(db, "journal_entry", entry_id) is None
    if before is None or not gone:
        return None
    row = dict(before)
    title = _("borttagen anteckning {day} ({who})", day=str(row["on"]), who=initials_of(db, int(row["participant_id"])))
    return Entry("journal deleted", title, (Change("journal_entry", entry_id, before, None),))
