"""A snapshot of the report mode on the demo caseload (frozen clock, 100×30)."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from coachtui.app import create_app
from coachtui.store.db import Database


def test_report_screen_snapshot(snap_compare: Any, demo_db: Database, clock: Any) -> None:
    app = create_app(demo_db, clock)

    async def show_report(pilot: Pilot[None]) -> None:
        await pilot.press("f5")
        for _ in range(2):
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=show_report)
