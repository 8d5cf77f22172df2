"""The import of a coach's own sheet of 400 rows: target under 1.5 s.

    python benchmarks/sheet_import.py [--rounds N]

Writes a realistic coach's sheet (a title row, Swedish headers, typed Swedish
dates, K/M, "3 Jobbsökande", Lönebidrag x, an employment and an exit on some
rows, Telefon and Anteckningar) of 400 rows as CSV (Windows-1252, ``;``) and as
XLSX in a temporary folder, and times ``coachtui import`` on each (the whole
command, a new process, into a new database) and the service alone in-process
(read, map, validate, write). Never touches your own data.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROWS = 400
TARGET_S = 1.5
TODAY = "2026-11-23"
HEADER = [
    "Namn",
    "Född",
    "Kön",
    "Inskrivningsdatum",
    "Steg",
    "Arbetsgivare",
    "Anställd från",
    "Lönebidrag",
    "Omfattning",
    "Utskriven",
    "Orsak",
    "Telefon",
    "Anteckningar",
    "Samtycke",
]
FIRST = ["Anna", "Bo", "Cecilia", "David", "Eva", "Fredrik", "Greta", "Hassan", "Ida", "Jonas", "Karin", "Leila"]
LAST = ["Andersson", "Berg", "Carlsson", "Dahl", "Ek", "Falk", "Gustafsson", "Holm", "Isaksson", "Johansson"]
STEPS = ["1", "2 Yrkesprofil", "3 Jobbsökande", "Arbetsgivarengagemang", "5"]


def rows(n: int, seed: int = 15) -> list[list[str]]:
    rnd = random.Random(seed)
    found = []
    for i in range(n):
        enrolled = date(2022, 1, 3) + timedelta(days=rnd.randrange(1400))
        row = [
            f"{rnd.choice(FIRST)} {rnd.choice(LAST)}",
            str(rnd.randrange(1960, 2004)),
            rnd.choice("KM"),
            f"{enrolled.day}/{enrolled.month} {enrolled.year}",
            rnd.choice(STEPS),
            "",
            "",
            "",
            "",
            "",
            "",
            f"070-{rnd.randrange(1000000, 9999999)}",
            rnd.choice(["", "Vill jobba med djur", "Träffas varannan vecka"]),
            rnd.choice(["ja", "x", "", "nej"]),
        ]
        if i % 3 == 0:
            start = enrolled + timedelta(days=rnd.randrange(30, 200))
            row[5:9] = [f"Företag {i % 40} AB", start.strftime("%Y%m%d"), rnd.choice(["x", ""]), "50"]
            if i % 2 == 0 and start + timedelta(days=200) < date(2026, 11, 1):
                ended = start + timedelta(days=200)
                row[9:11] = [f"{ended.day}.{ended.month}.{ended.year}", "Arbete"]
        found.append(row)
    return found


def write_csv(path: Path, body: list[list[str]]) -> None:
    lines = ["Deltagare 2022-2026", "", ";".join(HEADER), *(";".join(r) for r in body)]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def write_xlsx(path: Path, body: list[list[str]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Deltagare 2022-2026"])
    sheet.append([])
    sheet.append(HEADER)
    for r in body:
        sheet.append([int(r[1]) if i == 1 else (v or None) for i, v in enumerate(r)])
    book.save(path)


def new_database(db_path: Path) -> None:
    """A data file with the coach (her municipality is the sheet's default Kommun)."""
    from coachtui.store import participants
    from coachtui.store.db import Database

    db = Database(db_path)
    db.open(now=datetime(2026, 11, 23, 9, 0))
    participants.save_coach(db, {"name": "Kim Coach", "municipality": "Gislaved", "fte": 1.0})
    db.close()


def whole_command(sheet: Path, db: Path) -> float:
    new_database(db)
    env = {**os.environ, "COACHTUI_TODAY": TODAY}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "coachtui", "import", str(sheet), "--db", str(db)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"import failed: {done.stderr}")
    return elapsed


def in_process(sheet: Path, db_path: Path) -> float:
    from coachtui.services import sheet_import
    from coachtui.store.db import Database

    now = datetime(2026, 11, 23, 9, 0)
    new_database(db_path)
    db = Database(db_path)
    db.open(now=now)
    try:
        started = time.perf_counter()
        source = sheet_import.open_source(sheet)
        plan = sheet_import.prepare(source, db, sheet_import.Context.of(db, date(2026, 11, 23)))
        summary = sheet_import.run(db, plan, now=now)
        elapsed = time.perf_counter() - started
        assert len(summary.added) == ROWS, summary
        return elapsed
    finally:
        db.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        body = rows(ROWS)
        sheets = {"csv (cp1252, ;)": tmp / "lista.csv", "xlsx": tmp / "lista.xlsx"}
        write_csv(sheets["csv (cp1252, ;)"], body)
        write_xlsx(sheets["xlsx"], body)
        print(f"{'import of a 400-row coach sheet':<52} {'median':>8} {'min':>8} {'max':>8}  target")
        for label, sheet in sheets.items():
            for how, measure in (("whole command", whole_command), ("service in-process", in_process)):
                samples = [measure(sheet, tmp / f"{how[:5]}-{label[:4]}-{i}.sqlite3") for i in range(args.rounds)]
                med = statistics.median(samples)
                ok = med < TARGET_S
                failed |= not ok
                print(
                    f"{label + ', ' + how:<52} {med:>7.3f}s {min(samples):>7.3f}s {max(samples):>7.3f}s"
                    f"  < {TARGET_S} s {'pass' if ok else 'FAIL'}"
                )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
