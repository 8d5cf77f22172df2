"""``coachtui reminders`` as text reads its lines in one query (``store.followups.agenda_lines``, issue 21):
the same items, sections, order and details as the app's agenda (``store.followups.agenda``)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest

from coachtui.cli import main
from coachtui.domain import agenda as ag
from coachtui.store import followups
from coachtui.store.db import Database
from conftest import TODAY


def text(db: Database, *args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert main(["reminders", "--db", str(db.path), *args], out=out, err=err) == 0, err.getvalue()
    return out.getvalue()


def planned(db: Database) -> list[int]:
    return [r[0] for r in db.read().execute("SELECT id FROM followup WHERE status = 'planned' ORDER BY due_on, id")]


@pytest.mark.parametrize("days", [0, 14, 90])
def test_the_lines_are_the_agendas_items_in_its_order(demo_db: Database, days: int) -> None:
    ids = planned(demo_db)
    followups.snooze(demo_db, ids[0], TODAY)  # overdue, snoozed past today
    followups.reschedule(demo_db, ids[-1], TODAY + timedelta(days=3), "Sjuk", today=TODAY)
    items = followups.agenda(demo_db, TODAY, days)
    lines = followups.agenda_lines(demo_db, TODAY, days)
    assert [(i.due_on.isoformat(), i.kind, i.participant_key, i.name, i.slot) for i in items] == [
        (line.due_on, line.kind, line.participant_key, line.name, line.slot) for line in lines
    ]
    assert [i.snoozed_until.isoformat() if i.snoozed_until else None for i in items] == [
        line.snoozed_until for line in lines
    ]
    assert any(line.moved_reason == "Sjuk" for line in lines) or days < 3


def test_the_text_shows_each_section_of_the_agenda(demo_db: Database) -> None:
    ids = planned(demo_db)
    followups.snooze(demo_db, ids[0], TODAY)
    followups.reschedule(demo_db, ids[-1], TODAY + timedelta(days=3), "Sjuk", today=TODAY)
    out = text(demo_db, "--days", "30")
    agenda = ag.sections(followups.agenda(demo_db, TODAY, 30), TODAY, horizon=30, key=followups.sort_key)
    counts = agenda.counts()
    assert (
        out.splitlines()[1] == f"{counts['overdue']} försenade · {counts['today']} idag · {counts['snoozed']} snoozade"
    )
    blocks = out.split("\n\n")[1:]
    for block, name in zip(blocks, ag.SECTIONS, strict=True):
        rows = [line for line in block.splitlines()[1:] if "– inget –" not in line]
        expected = agenda.section(name)
        assert len(rows) == len(expected)
        for row, item in zip(rows, expected, strict=True):
            assert row.startswith(f"  {item.name}") and item.due_on.isoformat() in row
            if item.moved_reason:
                assert f"flyttad från {item.original_due_on.isoformat()}: {item.moved_reason}" in row
    assert "snoozad till" not in blocks[0]  # the snoozed one left its section
    assert "flyttad från" in out and ": Sjuk" in out


def test_a_template_move_is_named_by_its_holiday(demo_db: Database) -> None:
    moved = [line for line in followups.agenda_lines(demo_db, TODAY, 90) if line.due_on != line.original_due_on]
    items = {(i.participant_key, i.slot): i for i in followups.agenda(demo_db, TODAY, 90)}
    out = text(demo_db, "--days", "90")
    assert moved and all(not line.moved_reason and line.sequence == 0 for line in moved)  # the template's moves
    for line in moved:
        reason = items[(line.participant_key, line.slot)].moved_reason
        assert reason and f"flyttad från {line.original_due_on}: {reason}" in out
