"""Erasing a participant leaves no byte of them in the file or its -wal; retention finds who is due."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coachtui.store import erase, followups, participants, settings
from coachtui.store.db import Database, StoreError
from conftest import NOW, TODAY, participant_data

UNIQUE_FIRST = "Quxlebert"
UNIQUE_LAST = "Zyxwaldsson"
SECRET_NOTE = "Hemlig-anteckning-ÅÄÖ-7731"


def file_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    wal = Path(f"{path}-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def add_exit(db: Database, pid: int, on: str) -> None:
    with db.write() as conn:
        conn.execute(
            'INSERT INTO exit(participant_id, "on", reason, occupation_after_kind) VALUES (?, ?, ?, ?)',
            (pid, on, "studies", "studies"),
        )


def person_with_everything(db: Database) -> int:
    pid = participants.add_participant(db, participant_data(first_name=UNIQUE_FIRST, last_name=UNIQUE_LAST))
    participants.change_step(
        db, pid, {"step": 3, "on": "2026-03-01", "note": f"{UNIQUE_FIRST} vill jobba"}, today=TODAY
    )
    for i in range(40):  # enough text to spread over many pages
        participants.add_journal(
            db, pid, {"on": "2026-03-02", "kind": "meeting", "text": f"{SECRET_NOTE} {UNIQUE_LAST} {i} " * 20}
        )
    participants.add_employer_contact(
        db, pid, {"employer": "Bageriet AB", "on": "2026-03-05", "person": "Chef", "note": f"om {UNIQUE_FIRST}"}
    )
    followups.add_employment(
        db, pid, {"employer": "Bageriet AB", "start_on": "2026-04-01", "subsidised": True, "extent": 50}
    )
    add_exit(db, pid, "2026-10-01")
    return pid


def test_erasing_leaves_no_byte_of_the_name_in_the_file_or_the_wal(db: Database) -> None:
    other = participants.add_participant(db, participant_data(first_name="Kvarstående", last_name="Person"))
    pid = person_with_everything(db)
    db.read().execute("PRAGMA wal_checkpoint(PASSIVE)")
    before = file_bytes(db.path)
    for text in (UNIQUE_FIRST, UNIQUE_LAST, SECRET_NOTE):
        assert text.encode() in before  # the grep below can see them

    result = erase.erase_participant(db, pid, now=NOW)

    assert result.count == 1 and result.scrubbed
    after = file_bytes(db.path)
    for text in (UNIQUE_FIRST, UNIQUE_LAST, SECRET_NOTE):
        assert text.encode() not in after
        assert text.encode("utf-16-le") not in after
    assert b"Kvarst\xc3\xa5ende" in after  # the other participant is untouched
    conn = db.read()
    for table in ("step_change", "journal_entry", "employer_contact", "employment", "followup", "exit"):
        assert conn.execute(f"SELECT count(*) FROM {table} WHERE participant_id = ?", (pid,)).fetchone()[0] == 0
    assert [r.id for r in participants.caseload(db, today=TODAY, include_exited=True)] == [other]
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    last = conn.execute("SELECT at, action, entity, count, detail FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    assert last == (NOW.date().isoformat(), "participant erased", "participant", 1, "")
    audit_text = " ".join(str(v) for r in conn.execute("SELECT * FROM audit") for v in r)
    assert UNIQUE_FIRST not in audit_text and UNIQUE_LAST not in audit_text


def test_erasing_someone_already_gone_says_so(db: Database) -> None:
    with pytest.raises(StoreError, match="finns inte"):
        erase.erase_participant(db, 4242, now=NOW)


def test_retention_lists_those_exited_at_least_n_years_ago_and_is_off_by_default(db: Database) -> None:
    people = {}
    for name, exited in (("Gammal", "2021-05-01"), ("Precis", "2023-11-23"), ("Nyare", "2023-11-24"), ("Aktiv", None)):
        pid = participants.add_participant(
            db, participant_data(first_name=name, enrolled_on="2020-01-10", referred_on=None)
        )
        if exited:
            add_exit(db, pid, exited)
        people[name] = pid
    assert erase.due_for_erasure(db, TODAY) == []  # retention_years "0": off
    settings.put(db, "retention_years", "3")
    due = erase.due_for_erasure(db, TODAY)
    assert [d.first_name for d in due] == ["Gammal", "Precis"]
    assert due[0].erase_on == date(2024, 5, 1) and due[0].exited_on == date(2021, 5, 1)

    result = erase.erase_participants(db, [d.id for d in due], now=NOW)
    assert result.count == 2
    left = {r.first_name for r in participants.caseload(db, today=TODAY, include_exited=True)}
    assert left == {"Nyare", "Aktiv"}
    last = db.read().execute("SELECT action, count FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    assert last == ("participants erased (retention)", 2)
    assert erase.due_for_erasure(db, TODAY) == []


def test_a_bad_retention_setting_counts_as_off(db: Database) -> None:
    settings.put(db, "retention_years", "tre")
    assert erase.retention_years(db) == 0
