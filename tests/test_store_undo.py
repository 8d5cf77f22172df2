"""store.undo / services.undo on a file database: the row back exactly as before, in one transaction with its
audit row, refused (nothing written) when the row changed since or its participant is gone."""

from __future__ import annotations

import pytest

from coachtui.services import undo
from coachtui.store import erase, followups, participants
from coachtui.store.db import Database
from coachtui.store.undo import UndoRefused, snapshot
from conftest import TODAY, participant_data


def _employed(db: Database) -> tuple[int, int]:
    pid = participants.add_participant(db, participant_data())
    followups.add_employment(
        db, pid, {"employer": "Kafé Linden", "start_on": "2026-10-01", "subsidised": True, "extent": 50}
    )
    first = db.read().execute("SELECT min(id) FROM followup WHERE participant_id = ?", (pid,)).fetchone()[0]
    return pid, int(first)


def _audit(db: Database) -> list[str]:
    return [r[0] for r in db.read().execute("SELECT action FROM audit WHERE action LIKE 'undo %' ORDER BY id")]


def test_done_undone_back_as_before_with_a_higher_sequence(db: Database) -> None:
    _pid, fid = _employed(db)
    before = dict(snapshot(db, "followup", fid) or ())
    entry = undo.do_done(db, fid, TODAY, "Bra", today=TODAY)
    assert entry is not None
    after = dict(snapshot(db, "followup", fid) or ())
    assert after["status"] == "done" and after["note"] == "Bra"
    undo.undo(db, entry)
    now = dict(snapshot(db, "followup", fid) or ())
    assert {k: v for k, v in now.items() if k != "sequence"} == {k: v for k, v in before.items() if k != "sequence"}
    assert now["sequence"] == after["sequence"] + 1
    assert _audit(db) == ["undo followup done"]
    assert entry.title.startswith("klart besök ") and entry.title.endswith(" (A.A.)")


def test_refused_when_changed_since_writes_nothing(db: Database) -> None:
    _pid, fid = _employed(db)
    entry = undo.do_reschedule(db, fid, TODAY, "Semester", today=TODAY)
    assert entry is not None
    followups.mark_done(db, fid, TODAY, "gjord ändå", today=TODAY)
    changed = snapshot(db, "followup", fid)
    with pytest.raises(UndoRefused, match="har ändrats sedan dess"):
        undo.undo(db, entry)
    assert snapshot(db, "followup", fid) == changed
    assert _audit(db) == []


def test_no_entry_for_an_action_that_changed_nothing(db: Database) -> None:
    _pid, fid = _employed(db)
    moved = undo.do_reschedule(db, fid, TODAY, "", today=TODAY)
    assert moved is not None
    assert undo.do_reschedule(db, fid, TODAY, "", today=TODAY) is None  # the same date again: no change


def test_journal_delete_undone_and_refused_once_the_participant_is_erased(db: Database) -> None:
    pid = participants.add_participant(db, participant_data())
    entry_id = participants.add_journal(db, pid, {"on": "2026-11-02", "kind": "phone", "text": "Ringde."})
    before = snapshot(db, "journal_entry", entry_id)
    entry = undo.do_delete_journal(db, entry_id)
    assert entry is not None and snapshot(db, "journal_entry", entry_id) is None
    undo.undo(db, entry)
    assert snapshot(db, "journal_entry", entry_id) == before
    again = undo.do_delete_journal(db, entry_id)
    assert again is not None
    erase.erase_participant(db, pid)
    with pytest.raises(UndoRefused, match="finns inte längre"):
        undo.undo(db, again)
    assert snapshot(db, "journal_entry", entry_id) is None


def test_step_change_undone(db: Database) -> None:
    pid = participants.add_participant(db, participant_data())
    steps = participants.participant(db, pid).steps
    step_id, entry = undo.do_change_step(db, pid, {"step": 2, "on": TODAY.isoformat()}, today=TODAY)
    assert snapshot(db, "step_change", step_id) is not None
    undo.undo(db, entry)
    assert snapshot(db, "step_change", step_id) is None
    assert participants.participant(db, pid).steps == steps
    assert _audit(db) == ["undo step changed"]


def test_stack_keeps_the_last_ten() -> None:
    stack = undo.UndoStack()
    entries = [undo.Entry("followup done", str(n), ()) for n in range(12)]
    for entry in entries:
        stack.push(entry)
    stack.push(None)
    assert len(stack) == 10 and stack.peek() is entries[-1]
    stack.drop(entries[-1])
    assert stack.peek() is entries[-2]
