"""``coachtui report`` through main() and the real entry point, against DATA-FORMAT.md "report"."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from coachtui.cli import main
from coachtui.domain.codes import EXIT_REASON, OCCUPATION
from coachtui.exports.report import ADDITIVE_KEYS
from coachtui.store import exits, followups, participants
from coachtui.store.db import Database
from conftest import TODAY, participant_data

H1 = ["--from", "2026-01-01", "--to", "2026-06-30"]

#: The contract's skeleton (DATA-FORMAT.md "report"), "<code>" entries expanded to every code.
CONTRACT = {
    "from": None,
    "to": None,
    "participants": {"woman": 0, "man": 0, "total": 0},
    "anonymous": {"woman": 0, "man": 0},
    "duration": {
        "exited": 0,
        "total_days": 0,
        "average_days": 0,
        "bands": dict.fromkeys(["1-3", "4-6", "7-9", "10-12", "13-15", "16-18", "19-21", "22-24", "25-36", "37+"], 0),
    },
    "exit_reasons": {code: {"woman": 0, "man": 0} for code in EXIT_REASON},
    "occupation": {
        "before": {code: {"woman": 0, "man": 0} for code in OCCUPATION},
        "after": {code: {"woman": 0, "man": 0} for code in OCCUPATION},
    },
    "to_work": {"woman": {"count": 0, "share": 0.0}, "man": {"count": 0, "share": 0.0}},
}


def run(db: Database, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["report", "--db", str(db.path), *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def caseload(db: Database) -> Database:
    """Anna exits to half-time work after exactly 3 months, Cilla moves after 3 months and 9 days,
    Bo (no SUS consent) is still enrolled; Dan in another municipality left before the period.
    Anna's efterstöd goes on after her exit: two visits done in 2026 after the exit date."""
    anna = participants.add_participant(db, participant_data(enrolled_on="2026-02-02"))
    cilla = participants.add_participant(
        db,
        participant_data(
            first_name="Cilla", enrolled_on="2026-03-01", occupation_before_kind="studies", occupation_before_extent=50
        ),
    )
    participants.add_participant(
        db,
        participant_data(first_name="Bo", gender="man", referred_on=None, enrolled_on="2025-10-01", sus_consent=False),
    )
    dan = participants.add_participant(
        db,
        participant_data(
            first_name="Dan", gender="man", municipality="Gnosjö", referred_on=None, enrolled_on="2025-01-10"
        ),
    )
    followups.add_employment(
        db, anna, {"employer": "Bageriet AB", "start_on": "2026-04-06", "subsidised": False, "extent": 50}
    )
    exits.register_exit(
        db,
        anna,
        {
            "on": "2026-05-02",
            "reason": "unsubsidised_work",
            "occupation_after_kind": "unsubsidised_work",
            "occupation_after_extent": 50,
        },
        TODAY,
    )
    exits.register_exit(db, cilla, {"on": "2026-06-10", "reason": "moved"}, TODAY)
    exits.register_exit(db, dan, {"on": "2025-12-15", "reason": "other"}, TODAY)
    with db.write() as conn:
        conn.execute(
            "UPDATE followup SET status = 'done', done_on = due_on WHERE participant_id = ? AND due_on > '2026-05-02'"
            " AND due_on < '2026-06-01'",
            (anna,),
        )
    return db


def test_json_follows_the_contract_exactly(caseload: Database) -> None:
    code, out, err = run(caseload, *H1, "--format", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert list(doc) == [*CONTRACT, *ADDITIVE_KEYS, "survey"]  # the contract's keys first, in order; additive after

    def same_shape(expected: object, actual: object, where: str) -> None:
        if isinstance(expected, dict):
            assert isinstance(actual, dict) and list(actual) == list(expected), where
            for key in expected:
                same_shape(expected[key], actual[key], f"{where}.{key}")
        else:
            assert type(actual) is type(expected) or expected is None, (where, actual)

    for key, expected in CONTRACT.items():  # inside the contract's objects: exactly its keys, nothing added
        same_shape(expected, doc[key], key)
    assert (doc["from"], doc["to"]) == ("2026-01-01", "2026-06-30")
    assert doc["participants"] == {"woman": 2, "man": 1, "total": 3}
    assert doc["anonymous"] == {"woman": 0, "man": 1}
    assert doc["duration"]["exited"] == 2
    assert doc["duration"]["total_days"] == 89 + 101
    assert doc["duration"]["average_days"] == 95
    assert doc["duration"]["bands"]["1-3"] == 1 and doc["duration"]["bands"]["4-6"] == 1
    assert doc["exit_reasons"]["unsubsidised_work"] == {"woman": 1, "man": 0}
    assert doc["exit_reasons"]["moved"] == {"woman": 1, "man": 0}
    assert doc["exit_reasons"]["other"] == {"woman": 0, "man": 0}  # Dan left before the period
    assert doc["occupation"]["before"]["studies"] == {"woman": 1, "man": 0}
    assert doc["occupation"]["after"]["unsubsidised_work"] == {"woman": 1, "man": 0}
    assert doc["to_work"] == {"woman": {"count": 1, "share": 0.5}, "man": {"count": 0, "share": 0.0}}
    assert doc["to_work_adjusted"]["woman"] == {"count": 1, "exits": 1, "share": 1.0}  # moved is left out
    assert doc["occupation_fte"]["after"]["unsubsidised_work"] == {"woman": 0.5, "man": 0.0}
    assert doc["occupation_fte"]["before"]["studies"] == {"woman": 0.5, "man": 0.0}
    assert doc["continued_support"] == {"2026": 1}
    assert doc["caseload"] == {"on": TODAY.isoformat(), "active": 1, "fte": 0.4, "capacity": 8, "fidelity_points": 5}
    assert doc["targets"]["participants_per_year"] == 28 and doc["targets"]["participants_actual"] == 3
    assert doc["filters"] == {"municipality": None, "program": None}


def test_default_period_is_the_current_half_year_and_the_text_says_so(caseload: Database) -> None:
    code, out, _ = run(caseload)
    assert code == 0
    assert "Period: 2026-07-01 – 2026-12-31 (innevarande halvår" in out
    assert not any(ch in out for ch in "│┃┌┐└┘├┤─═")  # pastes into an e-mail: no box-drawing characters
    code, out, _ = run(caseload, "--format", "json")
    assert (json.loads(out)["from"], json.loads(out)["to"]) == ("2026-07-01", "2026-12-31")


def test_text_shows_swedish_labels_and_the_figures(caseload: Database) -> None:
    code, out, _ = run(caseload, *H1)
    assert code == 0
    lines = out.splitlines()
    assert lines[1] == "Period: 2026-01-01 – 2026-06-30"
    row = next(line for line in lines if line.split("  ")[0] == "Deltagare")
    assert row.split()[-3:] == ["2", "1", "3"]
    assert next(line for line in lines if line.startswith("Arbete (osubventionerat)")).split()[-3:] == ["1", "0", "1"]
    assert next(line for line in lines if line.strip().startswith("andel av avslutade")).split()[-3:] == [
        "50,0",
        "0,0",
        "50,0",
    ]
    assert next(line for line in lines if line.startswith("Dagar i snitt")).split()[-1] == "95"


def test_english_labels(caseload: Database) -> None:
    code, out, _ = run(caseload, *H1, "--lang", "en")
    assert code == 0
    assert "Work (unsubsidised)" in out and "Participants in the period" in out
    assert "50.0" in out


def test_csv_for_swedish_excel(caseload: Database) -> None:
    code, out, _ = run(caseload, *H1, "--format", "csv")
    assert code == 0
    assert out.startswith("\ufeff") and "\r\n" in out
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"), newline=""), delimiter=";"))
    assert rows[0] == ["Rapport till finansiären", "2026-01-01", "2026-06-30"]
    assert ["Deltagare i perioden", "Kvinna", "Man", "Totalt"] in rows
    assert ["Deltagare", "2", "1", "3"] in rows
    assert ["Arbete (osubventionerat)", "1", "0", "1"] in rows
    assert ["Dagar totalt", "190"] in rows
    after = rows.index(["Sysselsättning efter (avslutade i perioden)", "Kvinna", "Man", "Totalt", "Heltider"])
    assert ["Osubventionerat arbete", "1", "0", "1", "0,50"] in rows[after:]


def test_municipality_and_program_narrow_the_report(caseload: Database) -> None:
    code, out, _ = run(
        caseload, "--from", "2025-01-01", "--to", "2026-06-30", "--municipality", "gnosjö", "--format", "json"
    )
    doc = json.loads(out)
    assert code == 0
    assert doc["filters"]["municipality"] == "Gnosjö"
    assert doc["participants"] == {"woman": 0, "man": 1, "total": 1}
    assert doc["exit_reasons"]["other"] == {"woman": 0, "man": 1}
    assert doc["duration"]["exited"] == 1
    code, out, _ = run(caseload, *H1, "--program", "IPS", "--format", "json")
    assert json.loads(out)["participants"]["total"] == 0


def test_bad_input_is_a_one_line_error(caseload: Database) -> None:
    code, out, err = run(caseload, "--municipality", "Atlantis")
    assert code == 2 and out == "" and "Atlantis" in err and "Gislaved" in err and len(err.splitlines()) == 1
    code, _, err = run(caseload, "--from", "2026-06-30", "--to", "2026-01-01")
    assert code == 2 and "2026-01-01" in err
    code, _, err = run(caseload, "--program", "XYZ")
    assert code == 2


def test_missing_database_is_refused(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["report", "--db", str(tmp_path / "none.sqlite3")], out=out, err=err) == 2
    assert not (tmp_path / "none.sqlite3").exists()


def test_real_entry_point(caseload: Database) -> None:
    env = {**os.environ, "COACHTUI_TODAY": date(2026, 11, 23).isoformat()}
    done = subprocess.run(
        [sys.executable, "-m", "coachtui", "report", "--db", str(caseload.path), *H1, "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["participants"]["total"] == 3 and doc["caseload"]["on"] == "2026-11-23"


def test_continued_support_after_an_exit_before_the_period(caseload: Database) -> None:
    """Anna left in May; visits done in the autumn are continued support of the autumn's half-year."""
    with caseload.write() as conn:
        conn.execute(
            "UPDATE followup SET status = 'done', done_on = due_on WHERE due_on BETWEEN '2026-07-01' AND '2026-11-01'"
        )
        done_in_h2 = conn.execute(
            "SELECT count(DISTINCT participant_id) FROM followup WHERE status = 'done' AND done_on >= '2026-07-01'"
        ).fetchone()[0]
    assert done_in_h2 == 1
    code, out, _ = run(caseload, "--from", "2026-07-01", "--to", "2026-12-31", "--format", "json")
    doc = json.loads(out)
    assert code == 0
    assert doc["participants"]["total"] == 1  # only Bo is enrolled in the autumn
    assert doc["continued_support"] == {"2026": 1}
