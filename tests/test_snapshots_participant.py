"""Snapshots of the participant screen and its step dialog (frozen clock, demo caseload)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from coachtui.app import create_app
from coachtui.screens.participant import ParticipantScreen
from coachtui.store import participants
from coachtui.store.db import Database
from conftest import TODAY

EMPLOYED = 5  # demo participant in step 5 with efterstöd, some done, one overdue


def _job_seeker(db: Database) -> int:
    """The first demo participant still enrolled (no exit) in step 3 with an employer contact and a journal entry."""
    for row in participants.caseload(db, today=TODAY):
        if row.step == 3:
            detail = participants.participant(db, row.id)
            if detail.contacts and detail.journal:
                return row.id
    raise AssertionError("the demo has no job seeker with an employer contact")


def _employed(db: Database) -> int:
    row = next(r for r in participants.caseload(db, today=TODAY) if r.id == EMPLOYED)
    assert row.step == 5 and row.overdue > 0
    return row.id


async def _settle(pilot: Pilot[None]) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()


def _open(pid: int, *keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await _settle(pilot)
        await pilot.app.push_screen(ParticipantScreen(pid))
        await _settle(pilot)
        for key in keys:
            await pilot.press(key)
            await _settle(pilot)

    return run_before


def test_participant_80x24(snap_compare: Any, demo_db: Database, clock: Any) -> None:
    assert snap_compare(create_app(demo_db, clock), terminal_size=(80, 24), run_before=_open(_job_seeker(demo_db)))


def test_participant_employers_80x24(snap_compare: Any, demo_db: Database, clock: Any) -> None:
    assert snap_compare(create_app(demo_db, clock), terminal_size=(80, 24), run_before=_open(_job_seeker(demo_db), "2"))


def test_participant_followups_120x36(snap_compare: Any, demo_db: Database, clock: Any) -> None:
    assert snap_compare(create_app(demo_db, clock), terminal_size=(120, 36), run_before=_open(_employed(demo_db), "3"))


def test_participant_120x36(snap_compare: Any, demo_db: Database, clock: Any) -> None:
    assert snap_compare(create_app(demo_db, clock), terminal_size=(120, 36), run_before=_open(_employed(demo_db)))


def test_step_dialog_80x24(snap_compare: Any, demo_db: Database, clock: Any) -> None:
    assert snap_compare(
        create_app(demo_db, clock), terminal_size=(80, 24), run_before=_open(_job_seeker(demo_db), "plus")
    )
