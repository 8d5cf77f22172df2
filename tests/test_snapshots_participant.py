"""Snapshots of the participant screen and its step dialog (frozen clock, demo caseload)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from coachtui.app import create_app
from coachtui.screens.participant import ParticipantScreen
from coachtui.store.db import Database

JOB_SEEKER = 3  # demo participant in step 3 with an employer contact and a journal entry
EMPLOYED = 5  # demo participant in step 5 with efterstöd, some done, one overdue


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
    assert snap_compare(create_app(demo_db, clock), terminal_size=(80, 24), run_before=_open(JOB_SEEKER))


def test_participant_employers_80x24(snap_compare: Any, demo_db: Database, clock: Any) -> None:
    assert snap_compare(create_app(demo_db, clock), terminal_size=(80, 24), run_before=_open(JOB_SEEKER, "2"))


def test_participant_followups_120x36(snap_compare: Any, demo_db: Database, clock: Any) -> None:
    assert snap_compare(create_app(demo_db, clock), terminal_size=(120, 36), run_before=_open(EMPLOYED, "3"))


def test_participant_120x36(snap_compare: Any, demo_db: Database, clock: Any) -> None:
    assert snap_compare(create_app(demo_db, clock), terminal_size=(120, 36), run_before=_open(EMPLOYED))


def test_step_dialog_80x24(snap_compare: Any, demo_db: Database, clock: Any) -> None:
    assert snap_compare(create_app(demo_db, clock), terminal_size=(80, 24), run_before=_open(JOB_SEEKER, "plus"))
