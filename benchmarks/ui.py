"""In-app measurements for run.py: first frame, filter keystroke, cursor moves.

    python benchmarks/ui.py DB ROUNDS          (prints JSON figures)
    python benchmarks/ui.py --first-frame DB   (one start; used by the parent)
    python benchmarks/ui.py --empty-app        (the floor: an empty Textual app's first frame)

Latency is measured inside the app, from the moment a key event is handed to the
app to the end of the screen update that follows it (``call_after_refresh``),
never with Pilot's own waits. These hooks fire before the frame reaches the terminal
(the first update with rows is composed inside Textual's start-up batch), so the first
frame and filter figures here are labelled "headless" and informative only: the targets
are measured end to end, on a pseudo-terminal, by ``terminal.py``.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def _report_and_exit(app: object, started: float) -> None:
    print(json.dumps({"first_frame_ms": (time.time() - started) * 1000}), flush=True)
    app.set_timer(0.2, app.exit)  # type: ignore[attr-defined]  # not counted; lets the start-up finish


def empty_app(started: float) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Empty(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("tom")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(_report_and_exit, self, started)

    Empty().run(headless=True)


def first_frame(db: Path, started: float) -> None:
    """Start coachtui as the CLI does and stop once the caseload's rows are on screen."""
    from coachtui.screens import caseload

    def hooked(original: Any) -> Any:
        def shown(self: caseload.CaseloadScreen, *args: object) -> None:
            original(self, *args)
            if self.table.row_count and not getattr(self.app, "_bench_done", False):
                self.app._bench_done = True  # type: ignore[attr-defined]
                self.call_after_refresh(_report_and_exit, self.app, started)

        return shown

    # the first screenful of rows, or the whole list if it comes first
    caseload.CaseloadScreen._show_first = hooked(caseload.CaseloadScreen._show_first)  # type: ignore[method-assign]
    caseload.CaseloadScreen._loaded = hooked(caseload.CaseloadScreen._loaded)  # type: ignore[method-assign]
    from textual.app import App

    run = App.run
    App.run = lambda self, **kw: run(self, headless=True)  # type: ignore[method-assign]
    from coachtui.cli import main

    main(["--db", str(db)])


def own_peak_mib() -> float:
    """This process's own peak RSS in MiB (VmHWM). Not ru_maxrss: Linux carries that over fork and exec, so a
    process started by a large benchmark process would report at least the starter's size."""
    with open("/proc/self/status") as status:
        found = next(line for line in status if line.startswith("VmHWM:"))
    return int(found.split()[1]) / 1024


def peak_memory(db: Path) -> None:
    """Start coachtui on ``db``, load the whole caseload and the reminders, print the peak RSS in MiB."""
    from coachtui.screens import caseload

    original = caseload.CaseloadScreen._loaded

    def loaded(self: caseload.CaseloadScreen, *args: object) -> None:
        original(self, *args)

        def reminders_shown() -> None:
            self.app.switch_mode("reminders")

            def done() -> None:
                peak = own_peak_mib()
                print(json.dumps({"peak_mib": peak}), flush=True)
                self.app.exit()

            self.app.set_timer(1.5, done)  # the reminders' worker reads and paints meanwhile

        self.call_after_refresh(reminders_shown)

    caseload.CaseloadScreen._loaded = loaded  # type: ignore[method-assign]
    from textual.app import App

    run = App.run
    App.run = lambda self, **kw: run(self, headless=True)  # type: ignore[method-assign]
    from coachtui.cli import main

    main(["--db", str(db)])


async def latencies(db: Path, rounds: int) -> dict[str, list[float]]:
    from textual import events

    from coachtui.app import create_app
    from coachtui.clock import clock_from_env
    from coachtui.store.db import Database

    database = Database(db)
    database.open(now=__import__("datetime").datetime.now(), verify=False)
    app = create_app(database, clock_from_env())
    found: dict[str, list[float]] = {"filter": [], "cursor_caseload": [], "cursor_reminders": []}

    async def timed_key(key: str, until: asyncio.Event | None = None) -> float:
        """Hand a key to the app; time until the repaint after it (or after ``until`` is set)."""
        done = asyncio.Event()
        start = time.perf_counter()
        app.post_message(events.Key(key, key if len(key) == 1 else None))
        if until is not None:
            await until.wait()
        app.call_after_refresh(done.set)
        await done.wait()
        return (time.perf_counter() - start) * 1000

    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        # filter: type a name letter by letter, then delete it; each key is timed until the filtered
        # list is painted (the first and last keys also show/hide the filter line)
        from coachtui.screens import caseload

        applied = asyncio.Event()
        original = caseload.CaseloadScreen.apply_filter

        def apply_filter(self: caseload.CaseloadScreen) -> None:
            original(self)
            applied.set()

        caseload.CaseloadScreen.apply_filter = apply_filter  # type: ignore[method-assign]
        await pilot.press("slash")
        await pilot.pause()
        for _ in range(rounds):
            for key in ("a", "n", "d", "e", "r", "s") + ("backspace",) * 6:
                applied.clear()
                found["filter"].append(await timed_key(key, applied))
        await pilot.press("escape")
        await pilot.pause()
        screen.query_one("#caseload").focus()
        for _ in range(rounds * 5):
            found["cursor_caseload"].append(await timed_key("down"))
        await pilot.press("f3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        for _ in range(rounds * 5):
            found["cursor_reminders"].append(await timed_key("down"))
    return found


def main() -> int:
    if sys.argv[1] == "--empty-app":
        empty_app(float(os.environ["BENCH_T0"]))
        return 0
    if sys.argv[1] == "--memory":
        peak_memory(Path(sys.argv[2]))
        return 0
    if sys.argv[1] == "--first-frame":
        first_frame(Path(sys.argv[2]), float(os.environ["BENCH_T0"]))
        return 0
    db, rounds = Path(sys.argv[1]), int(sys.argv[2])

    def start(*args: str) -> float:
        environ = {**os.environ, "BENCH_T0": repr(time.time())}
        done = subprocess.run(
            [sys.executable, __file__, *args], env=environ, capture_output=True, text=True, check=True
        )
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        return float(json.loads(lines[-1])["first_frame_ms"])

    start("--first-frame", str(db))  # the first start of the day makes the daily backup: not counted
    empty, ours = [], []
    for _ in range(max(15, 2 * rounds)):  # starts are short and this machine is noisy: more pairs, steadier median
        empty.append(start("--empty-app"))
        ours.append(start("--first-frame", str(db)))
    ratio = [o / e for o, e in zip(ours, empty, strict=True)]
    memory = []
    for _ in range(max(1, rounds // 2)):
        done = subprocess.run(
            [sys.executable, __file__, "--memory", str(db)], capture_output=True, text=True, check=True
        )
        memory.append(json.loads([line for line in done.stdout.splitlines() if line.startswith("{")][-1])["peak_mib"])
    found = asyncio.run(latencies(db, rounds))
    figures = [
        {
            "name": "headless, in-app hook: empty app first frame (floor)",
            "samples": empty,
            "unit": "ms",
            "target": "",
            "ok": True,
        },
        {
            "name": "headless, in-app hook: caseload first frame",
            "samples": ours,
            "unit": "ms",
            "target": "",
            "ok": True,
        },
        {
            "name": "headless, in-app hook: caseload ÷ empty app",
            "samples": ratio,
            "unit": "×",
            "target": "(informative; see end to end)",
            "ok": True,
        },
        {
            "name": "headless, in-app hook: filter keystroke",
            "samples": found["filter"],
            "unit": "ms",
            "target": "(informative; see end to end)",
            "ok": True,
        },
        {
            "name": "cursor move, caseload",
            "samples": found["cursor_caseload"],
            "unit": "ms",
            "target": "≤ 20 ms",
            "ok": statistics.median(found["cursor_caseload"]) <= 20,
        },
        {
            "name": "cursor move, reminders",
            "samples": found["cursor_reminders"],
            "unit": "ms",
            "target": "≤ 20 ms",
            "ok": statistics.median(found["cursor_reminders"]) <= 20,
        },
        {
            "name": "peak memory of the app, everything loaded",
            "samples": memory,
            "unit": "MiB",
            "target": "≤ 120 MiB",
            "ok": max(memory) <= 120,
        },
    ]
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
