"""Speed and memory targets, each measured beside its floor in the same run.

    python benchmarks/run.py [--rounds N] [--quick]
    python benchmarks/run.py --scale [--sizes 100,1000,10000,50000]

Prints a table of medians and min/max with the target and pass/fail. Builds a
large database first (benchmarks/generate.py: 10,000 participants, ~200,000
follow-ups, 5,000 exits) in a temporary folder; never touches your own data.
The first frame, filter keystroke and dialog figures are END TO END: the app runs on
a pseudo-terminal and the clock stops when the bytes written to the terminal hold
the rows (benchmarks/terminal.py), paired with an empty Textual app started the same
way. The in-app ("headless") hooks are kept for the cursor moves, labelled as such.
``--scale`` prints one row per size: the end-to-end first frame, the filter keystroke,
`reminders`, `export all` (time and memory) and the app's peak memory.
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


# The peak is the process's own high-water mark (VmHWM), not ru_maxrss: Linux carries ru_maxrss over fork and
# exec, so a command started by this (large) benchmark process would report at least this process's size.
MAXRSS = (
    "import sys\n"
    "from coachtui.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "hwm = [line for line in open('/proc/self/status') if line.startswith('VmHWM:')][0]\n"
    "print(int(hwm.split()[1]) / 1024, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def peak_mib(args: list[str], environ: dict[str, str]) -> float:
    """Peak memory (MiB) of one coachtui command, run in a process of its own."""
    done = subprocess.run(
        [sys.executable, "-c", MAXRSS, *args],
        env=environ,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    return float(done.stderr.strip().splitlines()[-1])


def cli_figures(db: Path, rounds: int, out: Path) -> list[Figure]:
    py = sys.executable
    environ = env(db)
    floor_cmd = [py, "-c", "import coachtui.store"]
    figures = []
    above: dict[str, list[float]] = {}
    for label, cmd, limit in (
        ("coachtui reminders (text)", [py, "-m", "coachtui", "reminders"], 120),
        ("coachtui reminders --format json", [py, "-m", "coachtui", "reminders", "--format", "json"], 120),
        (
            "coachtui export exits",
            [py, "-m", "coachtui", "export", "exits", "--include-registered", "-o", str(out / "exits.csv")],
            150,
        ),
    ):
        floor, cost = side_by_side(
            lambda: wall_ms(floor_cmd, environ, 1)[0], lambda c=cmd: wall_ms(c, environ, 1)[0], rounds
        )
        extra = [c - f for c, f in zip(cost, floor, strict=True)]
        above[label] = extra
        figures.append(Figure(f"{label}: floor (import coachtui.store)", floor, "ms", "", True))
        figures.append(
            Figure(f"{label}: above the floor", extra, "ms", f"≤ floor + {limit} ms", statistics.median(extra) <= limit)
        )
    text, as_json = above["coachtui reminders (text)"], above["coachtui reminders --format json"]
    figures.append(
        Figure(
            "reminders: text minus json",
            [t - j for t, j in zip(text, as_json, strict=True)],
            "ms",
            "≤ 0 ms (text no slower)",
            statistics.median(text) <= statistics.median(as_json) + 5,  # 5 ms: the noise of two medians
        )
    )
    export_all = [py, "-m", "coachtui", "export", "all", "--format", "json", "-o", str(out / "all.json")]
    samples = wall_ms(export_all, environ, rounds)
    figures.append(
        Figure("coachtui export all (whole command)", samples, "ms", "≤ 400 ms", statistics.median(samples) <= 400)
    )
    memory = [peak_mib(["export", "all", "--format", "json", "-o", str(out / "all.json")], environ)]
    figures.append(Figure("coachtui export all: peak memory", memory, "MiB", "≤ 150 MiB", max(memory) <= 150))
    figures.append(
        Figure("quick_check of the large file alone (see README)", quick_check_ms(db, rounds), "ms", "", True)
    )
    return figures


_SAVE_PROBE = """
import sys, time
from datetime import datetime
from pathlib import Path
from coachtui.store import participants
from coachtui.store.db import Database
db = Database(Path(sys.argv[1]))
db.open(now=datetime(2026, 11, 23, 8, 0), verify=False)
values = {k: v for k, v in participants.participant(db, 1).values.items() if k != "personnummer"}
def save(name):
    started = time.perf_counter()
    participants.update_participant(db, 1, {**values, "first_name": name}, expected_version=participants.version(db, 1))
    return (time.perf_counter() - started) * 1000
first = save("Första")
later = sorted(save(f"N{i}") for i in range(21))[10]
print(first, later, int("sqlmodel" in sys.modules or "sqlalchemy" in sys.modules))
"""


def save_figures(db: Path, tmp: Path, rounds: int) -> list[Figure]:
    """Saving a participant's form (the store's write: validation, BEGIN IMMEDIATE, the version check, one
    audit row), on a copy of the large file: the first save of a fresh process and each later one."""
    import shutil

    copy = tmp / "save.sqlite3"
    shutil.copy(db, copy)
    firsts, laters, orm = [], [], 0
    for _ in range(rounds):
        done = subprocess.run(
            [sys.executable, "-c", _SAVE_PROBE, str(copy)], capture_output=True, text=True, check=True
        )
        first, later, loaded = done.stdout.split()
        firsts.append(float(first))
        laters.append(float(later))
        orm += int(loaded)
    return [
        # the first save imports the input models (pydantic): the app does that after its first frame (warm_up)
        Figure("save a participant: first of a process (pydantic)", firsts, "ms", "", True),
        Figure("save a participant: each later save", laters, "ms", "≤ 20 ms", statistics.median(laters) <= 20),
        Figure("save a participant: SQLModel/SQLAlchemy imported", [float(orm)], "runs", "0 (none)", orm == 0),
    ]


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
            "≤ 2000 ms",
            statistics.median(samples) <= 2000,
        )
    ]


def terminal_figures(db: Path, rounds: int) -> list[Figure]:
    done = subprocess.run(
        [sys.executable, str(HERE / "terminal.py"), str(db), "--rounds", str(rounds)],
        env=env(db),
        capture_output=True,
        text=True,
        check=True,
    )
    return [Figure(**item) for item in json.loads(done.stdout)]


def ui_figures(db: Path, rounds: int) -> list[Figure]:
    done = subprocess.run(
        [sys.executable, str(HERE / "ui.py"), str(db), str(rounds)],
        env=env(db),
        capture_output=True,
        text=True,
        check=True,
    )
    return [Figure(**item) for item in json.loads(done.stdout)]


def scale_rows(sizes: list[int], rounds: int) -> list[str]:
    """One row per caseload size, every figure end to end or whole-command."""
    import terminal
    from generate import build

    py = sys.executable
    lines = [
        f"{'participants':>12} {'frame ms':>9} {'÷ empty':>8} {'filter ms':>10} {'reminders ms':>13}"
        f" {'export all ms':>14} {'export MiB':>11} {'app MiB':>8} {'app KiB/p':>10}"
    ]
    print(lines[0], flush=True)
    base_memory: float | None = None
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            db = Path(folder) / f"scale-{size}.sqlite3"
            build(db, participants=size)
            environ = env(db)
            first_row, target = terminal.first_names(db)
            pairs = [(terminal.empty_once(), terminal.start_once(db, first_row)[0]) for _ in range(rounds)]
            frame = statistics.median(r for _, r in pairs)
            ratio = statistics.median(r / e for e, r in pairs)
            keys = terminal.interaction(db, first_row, target, 1)
            filter_ms = statistics.median(keys["filter"] + keys["filter_last"])
            reminders = statistics.median(wall_ms([py, "-m", "coachtui", "reminders"], environ, rounds))
            out = Path(folder) / "all.json"
            export_args = ["export", "all", "--format", "json", "-o", str(out)]
            export_ms = statistics.median(wall_ms([py, "-m", "coachtui", *export_args], environ, rounds))
            export_mib = peak_mib(export_args, environ)
            done = subprocess.run(
                [py, str(HERE / "ui.py"), "--memory", str(db)], env=environ, capture_output=True, text=True, check=True
            )
            app_mib = json.loads([x for x in done.stdout.splitlines() if x.startswith("{")][-1])["peak_mib"]
            if base_memory is None:
                base_memory, base_size = app_mib, size
                per = "–"
            else:
                per = f"{(app_mib - base_memory) * 1024 / (size - base_size):.2f}"
            lines.append(
                f"{size:>12,} {frame:>9.0f} {ratio:>8.2f} {filter_ms:>10.0f} {reminders:>13.0f}"
                f" {export_ms:>14.0f} {export_mib:>11.0f} {app_mib:>8.0f} {per:>10}"
            )
            print(lines[-1], flush=True)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="fewer rounds (3)")
    parser.add_argument("--scale", action="store_true", help="one row per caseload size instead of the targets")
    parser.add_argument("--sizes", default="100,1000,10000,50000", help="sizes for --scale")
    args = parser.parse_args(argv)
    rounds = 3 if args.quick else args.rounds
    # An installed coachtui has its bytecode compiled at install time; an editable checkout gets it
    # on the first start unless PYTHONDONTWRITEBYTECODE is set. Compile it here, so that starts are
    # measured the way a coach's laptop runs them (Textual, the floor, is compiled already).
    import compileall

    import coachtui

    compileall.compile_dir(Path(coachtui.__file__).parent, quiet=1)
    from generate import build

    if args.scale:
        print("app KiB/p: the app's peak memory growth per participant above the smallest size\n")
        scale_rows([int(x) for x in args.sizes.split(",")], rounds)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        db = tmp / "big.sqlite3"
        started = time.perf_counter()
        counts = build(db)
        print(f"large database: {counts} built in {time.perf_counter() - started:.1f} s\n")
        figures = (
            terminal_figures(db, rounds)
            + ui_figures(db, rounds)
            + cli_figures(db, rounds, tmp)
            + save_figures(db, tmp, rounds)
            + import_figure(tmp, rounds)
        )
    print(f"{'figure':<56} {'median':>9} {'min':>9} {'max':>9} {'unit':<4} {'target':<34} result")
    for figure in figures:
        print(figure.row())
    return 0 if all(f.ok for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
