"""Speed and memory targets, each measured beside its floor in the same run.

    python benchmarks/run.py [--rounds N] [--quick]

Prints a table of medians and min/max with the target and pass/fail. Builds a
large database first (benchmarks/generate.py: 10,000 participants, ~200,000
follow-ups, 5,000 exits) in a temporary folder; never touches your own data.
UI latencies are measured inside the app, from the key event to the end of the
screen update (Pilot's own waits are not counted).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
TODAY = "2026-11-23"


@dataclass
class Figure:
    name: str
    samples: list[float]
    unit: str
    target: str
    ok: bool

    def row(self) -> str:
        med = statistics.median(self.samples)
        lo, hi = min(self.samples), max(self.samples)
        verdict = "pass" if self.ok else "FAIL"
        return f"{self.name:<56} {med:>9.1f} {lo:>9.1f} {hi:>9.1f} {self.unit:<4} {self.target:<34} {verdict}"


def env(db: Path) -> dict[str, str]:
    return {**os.environ, "COACHTUI_TODAY": TODAY, "COACHTUI_DB": str(db)}


def wall_ms(cmd: list[str], environ: dict[str, str], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        subprocess.run(cmd, env=environ, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def side_by_side(a: Callable[[], float], b: Callable[[], float], rounds: int) -> tuple[list[float], list[float]]:
    """Alternate two measurements so that machine noise hits both alike."""
    xs, ys = [], []
    for _ in range(rounds):
        xs.append(a())
        ys.append(b())
    return xs, ys


def cli_figures(db: Path, rounds: int, out: Path) -> list[Figure]:
    py = sys.executable
    environ = env(db)
    floor_cmd = [py, "-c", "import coachtui.store"]
    figures = []
    for label, cmd in (
        ("coachtui reminders --format json", [py, "-m", "coachtui", "reminders", "--format", "json"]),
        (
            "coachtui export exits",
            [py, "-m", "coachtui", "export", "exits", "--include-registered", "-o", str(out / "exits.csv")],
        ),
    ):
        floor, cost = side_by_side(
            lambda: wall_ms(floor_cmd, environ, 1)[0], lambda c=cmd: wall_ms(c, environ, 1)[0], rounds
        )
        extra = [c - f for c, f in zip(cost, floor, strict=True)]
        figures.append(Figure(f"{label}: floor (import coachtui.store)", floor, "ms", "", True))
        figures.append(
            Figure(f"{label}: above the floor", extra, "ms", "≤ floor + 150 ms", statistics.median(extra) <= 150)
        )
    figures.append(
        Figure("quick_check of the large file alone (see README)", quick_check_ms(db, rounds), "ms", "", True)
    )
    return figures


def quick_check_ms(db: Path, rounds: int) -> list[float]:
    """The integrity check every command runs before it writes (an export's audit row, too)."""
    import sqlite3

    samples = []
    for _ in range(rounds):
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        started = time.perf_counter()
        conn.execute("PRAGMA quick_check").fetchall()
        samples.append((time.perf_counter() - started) * 1000)
        conn.close()
    return samples


def import_figure(tmp: Path, rounds: int) -> list[Figure]:
    sys.path.insert(0, str(HERE.parent / "tests"))
    from caseload_gen import document  # the generated coachtui/1 document the import tests use

    doc = tmp / "big.json"
    doc.write_text(json.dumps(document(10_000, seed=3)), encoding="utf-8")
    samples = []
    for i in range(rounds):
        target = tmp / f"import-{i}.sqlite3"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "coachtui", "import", str(doc), "--db", str(target)],
            env=env(target),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        samples.append((time.perf_counter() - started) * 1000)
    return [
        Figure(
            "import of 10,000 participants (whole command)",
            samples,
            "ms",
            "≤ 3000 ms",
            statistics.median(samples) <= 3000,
        )
    ]


def ui_figures(db: Path, rounds: int) -> list[Figure]:
    done = subprocess.run(
        [sys.executable, str(HERE / "ui.py"), str(db), str(rounds)],
        env=env(db),
        capture_output=True,
        text=True,
        check=True,
    )
    return [Figure(**item) for item in json.loads(done.stdout)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="fewer rounds (3)")
    args = parser.parse_args(argv)
    rounds = 3 if args.quick else args.rounds
    # An installed coachtui has its bytecode compiled at install time; an editable checkout gets it
    # on the first start unless PYTHONDONTWRITEBYTECODE is set. Compile it here, so that starts are
    # measured the way a coach's laptop runs them (Textual, the floor, is compiled already).
    import compileall

    import coachtui

    compileall.compile_dir(Path(coachtui.__file__).parent, quiet=1)
    from generate import build

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        db = tmp / "big.sqlite3"
        started = time.perf_counter()
        counts = build(db)
        print(f"large database: {counts} built in {time.perf_counter() - started:.1f} s\n")
        figures = ui_figures(db, rounds) + cli_figures(db, rounds, tmp) + import_figure(tmp, rounds)
    print(f"{'figure':<56} {'median':>9} {'min':>9} {'max':>9} {'unit':<4} {'target':<34} result")
    for figure in figures:
        print(figure.row())
    return 0 if all(f.ok for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
