"""End-to-end figures: the app in a pseudo-terminal, the clock stopped by what the terminal received.

    python benchmarks/terminal.py DB [--rounds N]     (prints JSON figures, used by run.py)

A start is timed from the moment the process is spawned to the moment the bytes written to the terminal
hold what the coach waits for: the first participant's name (the first frame with rows), the summary that
only the fully loaded caseload writes, the filtered row, a dialog's title. The floor, an empty Textual app
(one Static, nothing else), is started and timed the same way, paired with each start, in the same run.
Nothing inside the app is hooked: what counts is what reached the terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import re
import select
import signal
import sqlite3
import statistics
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

COLUMNS, LINES = 120, 36
TODAY = "2026-11-23"

#: CSI (cursor moves, colours, modes), OSC (titles, clipboard, ends with BEL or ST) and two-byte escapes
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
#: a cursor placement starts a new run of text on the screen: it becomes a line break
_CURSOR_TO = re.compile(rb"\x1b\[\d*(?:;\d*)?[Hf]")

EMPTY_APP = """
from textual.app import App
from textual.widgets import Static
class Empty(App):
    def compose(self):
        yield Static("tom app klar")
Empty().run()
"""
EMPTY_MARK = "tom app klar"


def screen_text(raw: bytes) -> str:
    """The text the terminal was told to show, in the order it was written; each cursor placement starts
    a new line, so text never runs together across screen positions."""
    return _ESCAPES.sub(b"", _CURSOR_TO.sub(b"\n", raw)).decode("utf-8", "replace")


class Terminal:
    """A process on a pseudo-terminal of COLUMNS x LINES, its output collected as it arrives."""

    def __init__(self, cmd: list[str], environ: dict[str, str], size: tuple[int, int] = (COLUMNS, LINES)) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            cmd,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**environ, "TERM": "xterm-256color", "COLUMNS": str(size[0]), "LINES": str(size[1])},
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.raw = bytearray()

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # the process is gone
            raise TimeoutError("the program ended before the screen showed what was awaited") from None
        if not chunk:
            raise TimeoutError("the program ended before the screen showed what was awaited")
        self.raw += chunk
        return True

    def wait_for(self, done: Callable[[str], bool], since: int = 0, timeout: float = 60.0) -> float:
        """Read until ``done`` holds for the screen text written after byte ``since``; the moment (perf_counter)
        of the read that made it hold."""
        deadline = time.perf_counter() + timeout
        while True:
            if done(screen_text(bytes(self.raw[since:]))):
                return time.perf_counter()
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("the screen never showed what was awaited")
            self._read(min(left, 0.5))

    def settle(self, quiet: float = 0.3, timeout: float = 30.0) -> None:
        """Read until nothing has arrived for ``quiet`` seconds (between measurements, never inside one)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline and self._read(quiet):
            pass

    def send(self, keys: str | bytes) -> tuple[int, float]:
        """Type ``keys``; returns (bytes received so far, the moment they were written)."""
        mark = len(self.raw)
        os.write(self.master, keys.encode() if isinstance(keys, str) else keys)
        return mark, time.perf_counter()

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        os.close(self.master)


def first_names(db: Path) -> tuple[str, str]:
    """The caseload's first row as it is shown ("First Last"), and one participant far down the list
    whose last name is unique (the filter target)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    active = "NOT EXISTS (SELECT 1 FROM exit e WHERE e.participant_id = p.id)"
    first = conn.execute(
        f"SELECT first_name, last_name FROM participant p WHERE {active} ORDER BY last_name, first_name, id LIMIT 1"
    ).fetchone()
    target = conn.execute(
        f"SELECT first_name, last_name FROM participant p WHERE {active} AND last_name NOT IN"
        " (SELECT last_name FROM participant GROUP BY last_name HAVING count(*) > 1)"
        " ORDER BY last_name DESC LIMIT 1"
    ).fetchone()
    conn.close()
    return f"{first[0]} {first[1]}", f"{target[0]} {target[1]}"


def loaded(text: str) -> bool:
    """The summary line the caseload writes only once the whole list is read (it says "Läser in" before)."""
    return re.search(r"Aktiva \d+", text) is not None


def filter_done(prefix: str, target: str, *, final: bool) -> Callable[[str], bool]:
    """The end point of a filter keystroke: the info line the rows are written with ("Filter «prefix»"); for the
    last key also the target's row itself ("First Last", which the Input's echo of the last name never holds)."""
    wanted = f"«{prefix}»"
    if final:
        return lambda text: wanted in text and target in text
    return lambda text: wanted in text


def environment(db: Path) -> dict[str, str]:
    return {**os.environ, "COACHTUI_TODAY": TODAY, "COACHTUI_DB": str(db), "COACHTUI_LANG": "sv"}


def app_cmd() -> list[str]:
    return [sys.executable, "-m", "coachtui"]


def start_once(db: Path, first_row: str) -> tuple[float, float]:
    """(ms to the first written frame with rows, ms to the fully loaded caseload) of one start."""
    term = Terminal(app_cmd(), environment(db))
    try:
        rows_at = term.wait_for(lambda text: first_row in text)
        all_at = term.wait_for(loaded)
        return (rows_at - term.started) * 1000, (all_at - term.started) * 1000
    finally:
        term.close()


def empty_once() -> float:
    term = Terminal([sys.executable, "-c", EMPTY_APP], dict(os.environ))
    try:
        return (term.wait_for(lambda text: EMPTY_MARK in text) - term.started) * 1000
    finally:
        term.close()


def interaction(db: Path, first_row: str, target: str, rounds: int) -> dict[str, list[float]]:
    """Keys typed into one running app, each timed from the write to the terminal holding the answer."""
    found: dict[str, list[float]] = {"filter": [], "filter_last": [], "dialog_new": [], "dialog_exit": []}
    term = Terminal(app_cmd(), environment(db))
    try:
        term.wait_for(lambda text: first_row in text)
        term.wait_for(loaded)
        term.settle()
        last_name = target.split(" ", 1)[1]
        for _ in range(rounds):
            mark, _at = term.send("/")
            term.wait_for(lambda text: "Filtrera" in text or "Filter" in text, since=mark)
            term.settle()
            for i in range(1, len(last_name) + 1):
                prefix = last_name[:i]
                mark, at = term.send(prefix[-1])
                final = i == len(last_name)
                ended = term.wait_for(filter_done(prefix, target, final=final), since=mark)
                found["filter_last" if final else "filter"].append((ended - at) * 1000)
            term.send("\x1b")  # escape clears the filter (the cursor stays on the target, far down)
            term.settle()
            for key, title, name in (("n", "Ny deltagare", "dialog_new"), ("e", "Avslut", "dialog_exit")):
                mark, at = term.send(key)
                found[name].append((term.wait_for(lambda text, t=title: t in text, since=mark) - at) * 1000)
                term.settle()
                mark, _at = term.send("\x1b")
                term.settle()
    finally:
        term.close()
    return found


def figures(db: Path, rounds: int) -> list[dict[str, object]]:
    first_row, target = first_names(db)
    starts = max(rounds, 15)  # a start is short and the machine noisy: at least 15 pairs
    empty, rows, whole = [], [], []
    empty_once()  # the first start of anything reads the disk; not counted
    for _ in range(starts):
        empty.append(empty_once())
        with_rows, all_rows = start_once(db, first_row)
        rows.append(with_rows)
        whole.append(all_rows)
    ratio_rows = [r / e for r, e in zip(rows, empty, strict=True)]
    ratio_whole = [w / e for w, e in zip(whole, empty, strict=True)]
    keys = interaction(db, first_row, target, max(2, rounds // 2))

    def figure(name: str, samples: list[float], unit: str, target_text: str, limit: float) -> dict[str, object]:
        return {
            "name": name,
            "samples": samples,
            "unit": unit,
            "target": target_text,
            "ok": statistics.median(samples) <= limit,
        }

    return [
        figure("end to end: empty Textual app, first frame (floor)", empty, "ms", "", float("inf")),
        figure("end to end: caseload, first frame with rows", rows, "ms", "", float("inf")),
        figure("end to end: first frame with rows ÷ empty app", ratio_rows, "×", "≤ 1.3 ×", 1.3),
        figure("end to end: whole caseload loaded ÷ empty app", ratio_whole, "×", "≤ 1.6 ×", 1.6),
        figure(
            "end to end: filter keystroke → written rows", keys["filter"] + keys["filter_last"], "ms", "≤ 40 ms", 40
        ),
        figure("end to end: open 'Ny deltagare' → written", keys["dialog_new"], "ms", "≤ 100 ms", 100),
        figure("end to end: open 'Avslut' → written", keys["dialog_exit"], "ms", "≤ 100 ms", 100),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db", type=Path)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    print(json.dumps(figures(args.db, args.rounds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
