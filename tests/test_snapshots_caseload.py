"""Snapshots of the caseload, the participant form and the first start (frozen clock, demo caseload)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from coachtui.app import create_app
from coachtui.store.db import Database
from conftest import NOW


async def _settle(pilot: Pilot[None]) -> None:
    for _ in range(2):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()


def test_caseload_80x24(snap_compare: Any, demo_db: Database, clock: Any) -> None:
    assert snap_compare(create_app(demo_db, clock), terminal_size=(80, 24), run_before=_settle)


def test_caseload_120x36(snap_compare: Any, demo_db: Database, clock: Any) -> None:
    assert snap_compare(create_app(demo_db, clock), terminal_size=(120, 36), run_before=_settle)


def test_caseload_filtered_and_sorted_120x36(snap_compare: Any, demo_db: Database, clock: Any) -> None:
    async def filter_and_sort(pilot: Pilot[None]) -> None:
        await _settle(pilot)
        await pilot.press("slash", "v", "e", "t")
        await pilot.pause()
        await pilot.press("enter", "s", "s", "S")
        await _settle(pilot)

    assert snap_compare(create_app(demo_db, clock), terminal_size=(120, 36), run_before=filter_and_sort)


def test_new_participant_with_errors_80x24(snap_compare: Any, demo_db: Database, clock: Any) -> None:
    async def open_and_save_empty(pilot: Pilot[None]) -> None:
        await _settle(pilot)
        await pilot.press("n")
        await _settle(pilot)
        await pilot.press("ctrl+s")
        await _settle(pilot)

    assert snap_compare(create_app(demo_db, clock), terminal_size=(80, 24), run_before=open_and_save_empty)


def test_first_start_80x24(snap_compare: Any, tmp_path: Path, clock: Any) -> None:
    db = Database(tmp_path / "new.sqlite3")
    db.open(now=NOW)
    assert snap_compare(create_app(db, clock), terminal_size=(80, 24), run_before=_settle)
