"""SIGKILL at random moments while a child writes through the store: nothing committed is lost."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_crash_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("coachtui_crash_benchmark", ROOT / "benchmarks" / "crash.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_thirty_random_kills_lose_no_committed_write_and_keep_the_file_whole(tmp_path: Path) -> None:
    crash = load_crash_module()
    figures = crash.run(tmp_path / "crash.sqlite3", 30, seed=20261123, max_delay=0.2)
    assert figures.rounds == 30
    assert figures.reported > 30  # the child did commit work between the kills
    assert figures.killed_mid_write > 0  # and some kills hit a write in progress
    assert figures.integrity_failures == 0, figures.problems
    assert figures.lost == 0, figures.problems
