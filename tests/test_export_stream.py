"""``export all`` streams the document (issue 21): the same bytes as the canonical text of the whole document,
written participant by participant, never the whole document in memory."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

import caseload_gen
from coachtui.cli import main
from coachtui.store import document, surveys
from coachtui.store.db import Database
from conftest import NOW, TODAY


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def imported(tmp_path: Path, doc: dict[str, object], name: str = "db") -> Database:
    source = tmp_path / f"{name}.json"
    source.write_text(document.standard_dumps(doc), encoding="utf-8")
    target = tmp_path / name / "data.sqlite3"
    code, _out, err = run("import", str(source), "--db", str(target))
    assert code == 0, err
    db = Database(target)
    db.open(now=NOW)
    return db


ODD = 'Tab\there, \x1b[31m ESC, \x01, DEL \x7f, \u2028, citat " \\ /, åäö 🙂, ﬁ, \n ny rad'


def test_the_stream_is_the_canonical_text_byte_for_byte(demo_db: Database, tmp_path: Path) -> None:
    generated = caseload_gen.document(80, seed=7, today=TODAY)
    generated["participants"][0]["journal"].append({"on": TODAY.isoformat(), "kind": "other", "text": ODD})
    generated["participants"][1]["employer_contacts"].append(
        {"on": TODAY.isoformat(), "employer": generated["employers"][0]["name"], "person": ODD, "note": ODD}
    )
    generated["coaches"][0]["fte"] = 0.00001  # the one value orjson writes differently: the standard text stands
    other = imported(tmp_path, generated)
    empty = imported(tmp_path, {"format": "coachtui/1", "participants": []}, "empty")
    for db in (demo_db, other, empty):
        stream = document.Stream(db)
        data = b"".join(stream)
        whole = document.build(db)
        assert data == document.standard_dumps(whole).encode("utf-8")
        assert stream.participants == len(whole["participants"])
    assert ODD.encode() not in data  # written escaped, as json.dumps does


def test_export_all_to_a_file_and_to_standard_output_are_the_same_bytes(demo_db: Database, tmp_path: Path) -> None:
    target = tmp_path / "all.json"
    code, out, err = run("export", "all", "-o", str(target), "--db", str(demo_db.path))
    assert code == 0, err and "deltagare skrivna till" in out
    code, text, err = run("export", "all", "-o", "-", "--db", str(demo_db.path))
    assert code == 0, err
    assert target.read_bytes() == text.encode("utf-8") == document.standard_dumps(document.build(demo_db)).encode()
    assert target.stat().st_mode & 0o777 == 0o600


def test_the_stream_holds_one_participant_at_a_time(tmp_path: Path) -> None:
    db = imported(tmp_path, caseload_gen.document(400, seed=2, today=TODAY))
    tracemalloc.start()
    try:
        size = 0
        for piece in document.Stream(db):
            size += len(piece)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert size > 1_000_000  # a document worth streaming (the whole record of 400 participants)
    assert peak < size / 5  # never the whole text, nor every participant's dicts, at once


def test_the_documents_sheets_are_the_survey_modules(tmp_path: Path) -> None:
    """store.document reads the sheets itself (no pydantic on the export's path): the same as store.surveys."""
    doc = caseload_gen.document(5, seed=1, today=TODAY)
    doc["surveys"] = [
        {
            "key": "s-0001",
            "kind": "exit",
            "on": "2026-10-01",
            "coach": doc["coaches"][0]["key"],
            "municipality": "Vetlanda",
            "program": "IPS",
            "respondent": "woman",
            "answers": [6, 5, None, 4, 3, 2, 1],
        },
        {
            "key": "s-0002",
            "kind": "ongoing",
            "on": "2026-09-01",
            "coach": None,
            "municipality": "Eksjö",
            "program": "SE",
            "respondent": "unstated",
            "answers": [None, None, None, None, None, None, 6],
        },
    ]
    db = imported(tmp_path, doc)
    conn = db.read()
    assert document.build(db)["surveys"] == surveys.read_document(conn) == doc["surveys"]
