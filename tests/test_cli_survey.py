"""``coachtui survey report``, the ``survey`` key of ``coachtui report --format json`` and the ``survey``
reminder kind of ``coachtui reminders``, through main() against DATA-FORMAT.md."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from typing import Any

import pytest

from coachtui.cli import main
from coachtui.store import exits, participants, settings, surveys
from coachtui.store.db import Database
from conftest import TODAY, participant_data

OCT = ["--from", "2026-10-01", "--to", "2026-10-31"]


def run(db: Database, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([*args, "--db", str(db.path)], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def sheet(on: str, respondent: str, answers: list[int | None], kind: str = "ongoing", **extra: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "on": on,
        "municipality": extra.get("municipality", "Gislaved"),
        "program": extra.get("program", "SE"),
        "respondent": respondent,
        "answers": answers,
    }


@pytest.fixture
def october(db: Database) -> Database:
    """The hand-worked month of tests/test_domain_survey.py, entered through the store."""
    surveys.add_sheet(db, sheet("2026-10-05", "woman", [5, 6, 4, None, 3, 6, 6]))
    surveys.add_sheet(db, sheet("2026-10-12", "woman", [3, 4, None, None, 2, 5, 3]))
    surveys.add_sheet(db, sheet("2026-10-31", "man", [6] * 7, municipality="Vaggeryd", program="IPS"))
    surveys.add_sheet(db, sheet("2026-10-01", "unstated", [None, None, 1, None, None, None, 4]))
    surveys.add_sheet(db, sheet("2026-09-30", "woman", [6] * 7))
    surveys.add_sheet(db, sheet("2026-10-20", "man", [1] * 7, kind="exit"))
    return db


def test_json_is_the_contracts_object_with_the_hand_worked_figures(october: Database) -> None:
    code, out, err = run(october, "survey", "report", *OCT, "--kind", "ongoing", "--format", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert list(doc) == ["from", "to", "kind", "responses", "questions", "all", "by_respondent"]
    assert (doc["from"], doc["to"], doc["kind"]) == ("2026-10-01", "2026-10-31", "ongoing")
    assert doc["responses"] == {"woman": 2, "man": 1, "unstated": 1, "total": 4}
    assert [(q["answered"], q["top3"], q["share"], q["met"]) for q in doc["questions"]] == [
        (3, 2, 0.667, False),
        (3, 3, 1.0, None),
        (3, 2, 0.667, None),
        (1, 1, 1.0, None),
        (3, 1, 0.333, False),
        (3, 3, 1.0, None),
        (4, 3, 0.75, False),
    ]
    assert doc["all"] == {"answered": 20, "top3": 15, "share": 0.75, "goal": 0.7, "met": True}
    assert doc["by_respondent"]["woman"]["all"] == {
        "answered": 11,
        "top3": 7,
        "share": 0.636,
        "goal": 0.7,
        "met": False,
    }
    assert doc["by_respondent"]["unstated"]["questions"][0]["met"] is None
    assert list(doc["by_respondent"]) == ["woman", "man", "unstated"]
    assert list(doc["by_respondent"]["man"]) == ["questions", "all"]


def test_filters_kind_goals_and_an_empty_period(october: Database) -> None:
    doc = json.loads(run(october, "survey", "report", *OCT, "--format", "json")[1])
    assert doc["kind"] is None and doc["responses"]["total"] == 5
    doc = json.loads(run(october, "survey", "report", *OCT, "--municipality", "vaggeryd", "--format", "json")[1])
    assert doc["responses"] == {"woman": 0, "man": 1, "unstated": 0, "total": 1}
    doc = json.loads(run(october, "survey", "report", *OCT, "--program", "SE", "--format", "json")[1])
    assert doc["responses"]["total"] == 4
    settings.put_many(october, {"survey_goal_all": "0.8", "survey_goal_q7": "0.75", "survey_goal_q2": "0.9"})
    doc = json.loads(run(october, "survey", "report", *OCT, "--kind", "ongoing", "--format", "json")[1])
    assert doc["all"]["goal"] == 0.8 and doc["all"]["met"] is False
    assert (doc["questions"][6]["goal"], doc["questions"][6]["met"]) == (0.75, True)
    assert (doc["questions"][1]["goal"], doc["questions"][1]["met"]) == (0.9, True)
    empty = json.loads(run(october, "survey", "report", "--from", "2025-01-01", "--to", "2025-12-31",
                           "--format", "json")[1])  # fmt: skip
    assert empty["responses"]["total"] == 0 and empty["all"]["met"] is None and empty["all"]["share"] == 0.0
    # without dates: the current half-year (as coachtui report)
    code, out, _err = run(october, "survey", "report", "--format", "json")
    assert code == 0 and (json.loads(out)["from"], json.loads(out)["to"]) == ("2026-07-01", "2026-12-31")


def test_text_and_csv_are_swedish_and_readable(october: Database) -> None:
    code, out, err = run(october, "survey", "report", *OCT, "--kind", "ongoing")
    assert (code, err) == (0, "")
    assert "NNS-enkät 2026-10-01 – 2026-10-31 · Pågåendeenkät" in out
    assert "Enkäter: 4 (kvinnor 2, män 1, vill inte svara 1)" in out
    line = next(row for row in out.splitlines() if row.startswith("Alla frågor"))
    assert "75,0 %" in line and "70,0 %" in line and "✓ ja" in line and "63,6 %" in line
    q1 = next(row for row in out.splitlines() if row.startswith("1 ") and "%" in row)
    assert "66,7 %" in q1 and "✗ nej" in q1
    assert "7  Upplever du att personalen tar tillvara dina erfarenheter, kunskaper och synpunkter?" in out
    code, out, _err = run(october, "survey", "report", *OCT, "--kind", "ongoing", "--format", "csv")
    assert out.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff")), delimiter=";"))
    q5 = next(r for r in rows if r and r[0] == "5")
    assert q5[1].startswith("Har det stöd du fått hjälpt dig") and q5[2:7] == ["3", "1", "33,3 %", "75,0 %", "✗ nej"]


def test_bad_arguments_exit_2_with_one_line(october: Database) -> None:
    code, out, err = run(october, "survey", "report", "--municipality", "Narnia")
    assert code == 2 and out == "" and "Narnia" in err and "Gislaved" in err and len(err.splitlines()) == 1
    code, _out, err = run(october, "survey", "report", "--from", "2026-10-31", "--to", "2026-10-01")
    assert code == 2 and "före" in err
    code, _out, err = run(october, "survey", "report", "--kind", "sometimes")
    assert code == 2


def test_report_json_has_the_same_survey_object_after_its_keys(october: Database) -> None:
    code, out, err = run(october, "report", *OCT, "--format", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert list(doc)[-1] == "survey"
    own = json.loads(run(october, "survey", "report", *OCT, "--format", "json")[1])
    assert doc["survey"] == own


def _reminders(db: Database, day: date) -> list[dict[str, Any]]:
    code, out, err = run(db, "reminders", "--format", "json", "--date", day.isoformat(), "--days", "14")
    assert (code, err) == (0, "")
    return [item for item in json.loads(out) if item["kind"] == "survey"]


def test_the_survey_reminder_appears_and_disappears_as_the_contract_says(db: Database) -> None:
    enrolled = TODAY - timedelta(days=90)
    pid = participants.add_participant(db, participant_data(enrolled_on=enrolled.isoformat()))
    key = db.read().execute("SELECT key FROM participant WHERE id = ?", (pid,)).fetchone()[0]
    # one day short of 90 days: nothing, not even within --days
    assert _reminders(db, TODAY - timedelta(days=1)) == []
    items = _reminders(db, TODAY)
    assert items == [
        {
            "participant": key,
            "name": "Anna A.",
            "kind": "survey",
            "slot": None,
            "due_on": TODAY.isoformat(),
            "original_due_on": TODAY.isoformat(),
            "status": "planned",
            "overdue_days": 0,
        }
    ]
    later = _reminders(db, TODAY + timedelta(days=5))
    assert later[0]["due_on"] == TODAY.isoformat() and later[0]["overdue_days"] == 5
    code, out, _err = run(db, "reminders", "--date", TODAY.isoformat())
    assert code == 0 and "Anna A." in out and "Enkät att lämna" in out
    # N is a team setting
    settings.put_many(db, {"survey_reminder_days": "120"})
    assert _reminders(db, TODAY + timedelta(days=29)) == []
    assert _reminders(db, TODAY + timedelta(days=30))[0]["due_on"] == (enrolled + timedelta(days=120)).isoformat()
    settings.put_many(db, {"survey_reminder_days": "90"})
    # handed out: gone
    surveys.mark_offered(db, pid, TODAY)
    assert _reminders(db, TODAY + timedelta(days=30)) == []
    assert db.read().execute("SELECT survey_offered_on, version FROM participant").fetchone()[0] == TODAY.isoformat()


def test_an_exit_ends_the_survey_reminder(db: Database) -> None:
    pid = participants.add_participant(db, participant_data(enrolled_on="2026-02-02"))
    assert len(_reminders(db, TODAY)) == 1
    exits.register_exit(db, pid, {"on": "2026-11-20", "reason": "moved"}, TODAY)
    assert _reminders(db, TODAY) == []


def test_english_output_keeps_the_questions_swedish_wording(october: Database) -> None:
    code, out, err = run(october, "survey", "report", *OCT, "--lang", "en")
    assert (code, err) == (0, "")
    assert "NNS questionnaire 2026-10-01 – 2026-10-31 · both (ongoing and exit)" in out
    assert "Question" in out and "All questions" in out and "Share" in out
    assert "1  Får du stöd på ett sätt som är till stor nytta för dig?" in out  # the questionnaire's own text
