"""NNS answer sheets in the store: validation (nothing written when bad), keys, edit and delete, the document's
"surveys" list through export all and import, and "handed out" on a participant."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from coachtui.cli import main
from coachtui.store import document, participants, surveys
from coachtui.store.db import Database, StoreError
from coachtui.store.inputs import InputError
from conftest import NOW, TODAY, participant_data

GOOD = {
    "kind": "ongoing",
    "on": "2026-10-12",
    "municipality": "Gislaved",
    "program": "SE",
    "respondent": "woman",
    "answers": [5, 6, 4, None, 3, 6, 6],
}


def count_rows(db: Database, table: str) -> int:
    return int(db.read().execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_sheets_get_keys_in_order_and_anonymous_columns(db: Database) -> None:
    first = surveys.add_sheet(db, GOOD)
    second = surveys.add_sheet(db, {**GOOD, "respondent": "unstated", "kind": "exit"})
    assert (first.key, second.key) == ("s-0001", "s-0002")
    assert first.coach == "c1" and first.answers == (5, 6, 4, None, 3, 6, 6)
    columns = [r[1] for r in db.read().execute("PRAGMA table_info(survey)")]
    assert not any("participant" in c for c in columns)  # nothing links a sheet to a person
    assert [s.key for s in surveys.sheets(db)] == ["s-0002", "s-0001"]  # same date: newest entered first
    audit = db.read().execute("SELECT action, entity, count, detail FROM audit WHERE entity = 'survey'").fetchall()
    assert [tuple(a) for a in audit] == [("survey added", "survey", 1, "")] * 2


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"answers": [1, 2, 3, 4, 5, 6, 1, 2]}, "answers", "Svar: En enkät har 7 frågor, inte 8."),
        ({"answers": [1, 2, 3, 4, 5, 6, 7]}, "answers", "Svar: Fråga 7: svaret måste vara 1-6 eller tomt"),
        ({"answers": [None] * 7}, "answers", "Svar: Enkäten har inga svar: minst en fråga måste vara besvarad."),
        ({"respondent": "other"}, "respondent", "Svarande: måste vara en av: Kvinna, Man, Vill inte svara"),
        ({"kind": "yearly"}, "kind", "Typ: måste vara en av: Pågåendeenkät, Avslutsenkät"),
        ({"on": "2026-02-30"}, "on", "Datum: ogiltigt datum"),
        ({"program": "XX"}, "program", "Program: måste vara en av: SE, IPS, SEd"),
    ],
)
def test_a_bad_sheet_is_refused_with_a_clear_message_and_nothing_written(
    db: Database, change: dict[str, Any], field: str, words: str
) -> None:
    before = count_rows(db, "audit")
    with pytest.raises(InputError) as caught:
        surveys.add_sheet(db, {**GOOD, **change})
    assert [p.field for p in caught.value.problems] == [field]
    assert caught.value.problems[0].message.startswith(words)
    assert count_rows(db, "survey") == 0 and count_rows(db, "audit") == before


def test_edit_and_delete(db: Database) -> None:
    row = surveys.add_sheet(db, GOOD)
    changed = surveys.update_sheet(db, row.id, {**GOOD, "answers": [None, None, None, None, None, None, 1]})
    assert changed.key == "s-0001" and changed.answers == (None,) * 6 + (1,)
    with pytest.raises(InputError):
        surveys.update_sheet(db, row.id, {**GOOD, "answers": [None] * 7})
    assert surveys.sheet(db, row.id).answers == (None,) * 6 + (1,)
    surveys.delete_sheet(db, row.id)
    assert surveys.count(db) == 0
    with pytest.raises(StoreError, match="finns inte längre"):
        surveys.delete_sheet(db, row.id)
    assert surveys.add_sheet(db, GOOD).key == "s-0001"


def test_mark_offered_sets_the_day_and_bumps_the_version(db: Database) -> None:
    pid = participants.add_participant(db, participant_data())
    surveys.mark_offered(db, pid, TODAY)
    row = db.read().execute("SELECT survey_offered_on, version FROM participant WHERE id = ?", (pid,)).fetchone()
    assert tuple(row) == (TODAY.isoformat(), 1)
    with pytest.raises(StoreError):
        surveys.mark_offered(db, 999, TODAY)


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_export_all_and_import_carry_the_surveys_list(db: Database, tmp_path: Path) -> None:
    surveys.add_sheet(db, GOOD)
    surveys.add_sheet(db, {**GOOD, "kind": "exit", "respondent": "man", "answers": [None, 1, 2, 3, 4, 5, 6]})
    code, out, err = _cli("export", "all", "--db", str(db.path), "-o", "-")
    assert code == 0, err
    doc = json.loads(out)
    assert list(doc) == ["format", "coaches", "participants", "employers", "surveys", "fidelity_reviews", "settings"]
    assert doc["surveys"][0] == {
        "key": "s-0001",
        "kind": "ongoing",
        "on": "2026-10-12",
        "coach": "c1",
        "municipality": "Gislaved",
        "program": "SE",
        "respondent": "woman",
        "answers": [5, 6, 4, None, 3, 6, 6],
    }
    assert list(doc["surveys"][0]) == ["key", "kind", "on", "coach", "municipality", "program", "respondent", "answers"]
    assert doc["surveys"][1]["answers"] == [None, 1, 2, 3, 4, 5, 6]
    source = tmp_path / "all.json"
    source.write_text(out, encoding="utf-8")
    target = tmp_path / "fresh" / "data.sqlite3"
    code, _out, err = _cli("import", str(source), "--db", str(target))
    assert code == 0, err
    assert _cli("export", "all", "--db", str(target), "-o", "-")[1] == out
    # importing it again changes nothing; a changed sheet is updated by key
    doc["surveys"][0]["answers"] = [1, 1, 1, 1, 1, 1, 1]
    source.write_text(document.dumps(doc), encoding="utf-8")
    code, out2, err = _cli("import", str(source), "--db", str(target))
    assert code == 0, err
    assert "Nya eller ändrade enkäter: 1" in out2
    fresh = Database(target)
    fresh.open(now=NOW)
    try:
        assert next(s.answers for s in surveys.sheets(fresh, newest_first=False)) == (1,) * 7
        assert surveys.count(fresh) == 2
    finally:
        fresh.close()


@pytest.mark.parametrize(
    ("sheet", "words"),
    [
        ({"answers": [1, 2, 3, 4, 5, 6, 1, 2]}, "enkät s-0009: Svar: En enkät har 7 frågor, inte 8."),
        ({"answers": [1, 2, 3, 4, 5, 6, 7]}, "enkät s-0009: Svar: Fråga 7"),
        ({"answers": [None] * 7}, "enkät s-0009: Svar: Enkäten har inga svar"),
        ({"coach": "c9"}, "enkät s-0009: coach: okänd coach 'c9'"),
        ({"colour": "red"}, "enkät s-0009: colour: okänt fält"),
    ],
)
def test_an_import_with_a_bad_sheet_writes_nothing(
    db: Database, tmp_path: Path, sheet: dict[str, Any], words: str
) -> None:
    item = {"key": "s-0009", "coach": "c1", **GOOD, **sheet}
    doc = {"format": "coachtui/1", "coaches": [], "participants": [], "surveys": [item]}
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    code, _out, err = _cli("import", str(source), "--db", str(db.path))
    assert code == 2 and words in err
    assert count_rows(db, "survey") == 0


def test_a_document_without_surveys_still_imports(db: Database, tmp_path: Path) -> None:
    doc = {"format": "coachtui/1", "coaches": [], "participants": []}
    source = tmp_path / "old.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    assert _cli("import", str(source), "--db", str(db.path))[0] == 0
    assert count_rows(db, "survey") == 0
