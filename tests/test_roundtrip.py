"""export all → import into an empty database → export all gives the same bytes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import caseload_gen
from coachtui.cli import main
from coachtui.store import document
from coachtui.store.db import Database
from conftest import TODAY


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def export_text(db_path: Path) -> str:
    code, out, err = run("export", "all", "--format", "json", "-o", "-", "--db", str(db_path))
    assert code == 0, err
    return out


def test_generated_caseload_round_trips_byte_for_byte(tmp_path: Path) -> None:
    doc = caseload_gen.document(300, seed=11, today=TODAY)
    source = tmp_path / "source.json"
    source.write_text(document.dumps(doc), encoding="utf-8")
    first_db = tmp_path / "one" / "data.sqlite3"
    assert run("import", str(source), "--db", str(first_db))[0] == 0
    exported = export_text(first_db)
    assert exported == source.read_text(encoding="utf-8")  # the generator writes the canonical form

    copy = tmp_path / "export.json"
    copy.write_text(exported, encoding="utf-8")
    second_db = tmp_path / "two" / "data.sqlite3"
    code, out, _err = run("import", str(copy), "--db", str(second_db))
    assert code == 0 and "Nya deltagare: 300" in out
    assert export_text(second_db) == exported

    # the generated caseload really has what the round trip must carry
    people = json.loads(exported)["participants"]
    assert sum(1 for p in people if p["exit"]) > 50
    assert sum(len(p["employments"]) for p in people) > 50
    assert any("note" in s for p in people for s in p["steps"])
    assert any(p["referred_on"] is None for p in people) and any(p["support_since"] for p in people)


def test_demo_database_round_trips(demo_db: Database, tmp_path: Path) -> None:
    exported = document.dumps(document.build(demo_db))
    assert len(json.loads(exported)["participants"]) == 25
    path = tmp_path / "demo.json"
    path.write_text(exported, encoding="utf-8")
    target = tmp_path / "empty" / "data.sqlite3"
    assert run("import", str(path), "--db", str(target))[0] == 0
    assert export_text(target) == exported


def test_importing_an_export_into_its_own_database_changes_nothing(demo_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "demo.json"
    path.write_text(document.dumps(document.build(demo_db)), encoding="utf-8")
    code, out, _err = run("import", str(path), "--db", str(demo_db.path), "--dry-run")
    assert code == 0 and "Oförändrade deltagare: 25" in out and "Ändrade deltagare: 0" in out


def test_export_of_an_empty_database_is_a_valid_document(db: Database, db_path: Path, tmp_path: Path) -> None:
    text = export_text(db_path)
    assert json.loads(text) == {
        "format": "coachtui/1",
        "coaches": [{"key": "c1", "name": "Kim Coach", "municipality": "Gislaved", "fte": 0.4}],
        "participants": [],
        "employers": [],
        "surveys": [],
        "fidelity_reviews": [],
        "settings": {
            "sus_delay_months": "3",
            "efterstod_template": "",
            "target_participants_per_year": "28",
            "target_share_work_or_studies": "0.5",
            "retention_years": "0",
            "fidelity_goal": "90",
            "survey_goal_all": "0.7",
            "survey_goal_q1": "0.75",
            "survey_goal_q2": "",
            "survey_goal_q3": "",
            "survey_goal_q4": "",
            "survey_goal_q5": "0.75",
            "survey_goal_q6": "",
            "survey_goal_q7": "0.85",
            "survey_reminder_days": "90",
        },
    }
    path = tmp_path / "empty.json"
    path.write_text(text, encoding="utf-8")
    target = tmp_path / "fresh" / "data.sqlite3"
    assert run("import", str(path), "--db", str(target))[0] == 0
    assert export_text(target) == text


def test_document_key_order_follows_the_contract(db: Database) -> None:
    from coachtui.exports import readers
    from coachtui.store import bulk

    data = document.dumps(caseload_gen.document(40, seed=5)).encode()
    bulk.run(db, bulk.validate(readers.from_json("x.json", data), bulk.known_coaches(db)), today=TODAY)
    built = document.build(db)
    assert list(built) == list(document.DOCUMENT_KEYS)
    assert list(built["coaches"][0]) == list(document.COACH_KEYS)
    people = built["participants"]
    assert list(people[0]) == list(document.PARTICIPANT_KEYS)
    with_exit = next(p for p in people if p["exit"])
    assert list(with_exit["exit"]) == list(document.EXIT_KEYS)
    assert list(with_exit["exit"]["occupation_after"]) == ["kind", "extent"]
    with_job = next(p for p in people if p["employments"])
    assert list(with_job["employments"][0]) == list(document.EMPLOYMENT_KEYS)
