"""Import from json, csv and xlsx: formats, every kind of bad row, and what an import does to existing data."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import caseload_gen
from coachtui.cli import main
from coachtui.exports import readers
from coachtui.services import sheet_import
from coachtui.store import bulk, document, followups, participants
from coachtui.store.db import Database
from coachtui.store.inputs import InputError
from conftest import NOW, TODAY, participant_data

HEADER = "Nyckel;Förnamn;Efternamn;Födelseår;Kön;Kommun;Program;Inskriven;SUS-samtycke;Försörjning före"
ROW_ANNA = "k1;Anna;Andersson;1990;Kvinna;Gislaved;SE;2025-02-01;ja;Försörjningsstöd|A-kassa"
ROW_BO = "k2;Bo;Berg;1985;man;Gislaved;IPS;2025-03-01;nej;"


def write_csv(tmp_path: Path, lines: list[str], *, name: str = "in.csv", encoding: str = "utf-8-sig") -> Path:
    path = tmp_path / name
    path.write_bytes("\r\n".join(lines).encode(encoding) + b"\r\n")
    return path


def import_(db_path: Path, file: Path, *extra: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["import", str(file), "--db", str(db_path), *extra], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def read_sheet(db: Database, path: Path) -> bulk.Prepared:
    """A sheet read and validated as ``coachtui import`` does (services.sheet_import)."""
    source = sheet_import.open_source(path)
    return sheet_import.prepare(source, db, sheet_import.Context.of(db, TODAY)).prepared


def fingerprint(db_path: Path) -> tuple[str, ...]:
    """The bytes of the data file and its -wal (what must not change after a refused import)."""
    found = []
    for suffix in ("", "-wal"):
        path = Path(f"{db_path}{suffix}")
        found.append(hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "-")
    return tuple(found)


def export(db: Database) -> dict[str, Any]:
    return document.build(db)


def people(db: Database) -> dict[str, dict[str, Any]]:
    return {p["key"]: p for p in export(db)["participants"]}


def one(n: int = 1) -> dict[str, Any]:
    doc = caseload_gen.document(n, seed=3)
    return doc


# --- formats ---------------------------------------------------------------------------------


def test_csv_with_swedish_headers_labels_and_bom(db: Database, db_path: Path, tmp_path: Path) -> None:
    file = write_csv(tmp_path, [HEADER, ROW_ANNA, ROW_BO])
    db.close()
    code, out, err = import_(db_path, file)
    assert code == 0, err
    assert "Nya deltagare: 2" in out
    found = people(db)
    assert found["k1"]["gender"] == "woman"
    assert found["k1"]["support_before"] == ["social_assistance", "unemployment_insurance"]
    assert found["k1"]["sus_consent"] is True and found["k2"]["sus_consent"] is False
    assert found["k2"]["program"] == "IPS" and found["k2"]["support_before"] == []
    assert found["k1"]["coach"] == "c1"  # the database's own coach
    assert found["k1"]["steps"] == [{"step": 1, "on": "2025-02-01"}]  # every participant starts in step 1


def test_csv_with_commas_codes_and_no_bom(db: Database, tmp_path: Path) -> None:
    lines = [
        "key,first_name,last_name,birth_year,gender,municipality,program,enrolled_on,sus_consent,support_before",
        'k1,Anna,"Andersson, d.y.",1990,woman,Gislaved,SE,2025-02-01,true,social_assistance|activity_support',
    ]
    file = write_csv(tmp_path, lines, encoding="utf-8")
    prepared = read_sheet(db, file)
    bulk.run(db, prepared, today=TODAY, now=NOW)
    found = people(db)["k1"]
    assert found["last_name"] == "Andersson, d.y."
    assert found["support_before"] == ["social_assistance", "activity_support"]


def test_csv_in_windows_1252_is_converted(db: Database, tmp_path: Path) -> None:
    file = write_csv(tmp_path, [HEADER, "k1;Åsa;Öberg;1990;Kvinna;Nässjö;SE;2025-02-01;1;"], encoding="cp1252")
    assert "Å".encode("cp1252") in file.read_bytes()  # really not UTF-8
    bulk.run(db, read_sheet(db, file), today=TODAY, now=NOW)
    found = people(db)["k1"]
    assert (found["first_name"], found["last_name"], found["municipality"]) == ("Åsa", "Öberg", "Nässjö")


def without_followups(jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in j.items() if k != "followups"} for j in jobs]


def test_csv_row_carries_step_employment_and_exit(db: Database, tmp_path: Path) -> None:
    header = (
        HEADER + ";Steg;Steg datum;Arbetsgivare;Första arbetsdag;Subventionerad;Omfattning;Avslutsdatum;Avslutsorsak"
    )
    header += ";Sysselsättning efter;Omfattning efter;Försörjning efter"
    row = ROW_BO + ";5;2025-06-02;Bageriet AB;2025-06-02;ja;50;2025-12-19;Arbete (subventionerat);subsidised_work;50;"
    file = write_csv(tmp_path, [header, row])
    bulk.run(db, read_sheet(db, file), today=TODAY, now=NOW)
    found = people(db)["k2"]
    assert found["steps"] == [{"step": 1, "on": "2025-03-01"}, {"step": 5, "on": "2025-06-02"}]
    assert without_followups(found["employments"]) == [
        {"employer": "Bageriet AB", "start_on": "2025-06-02", "end_on": None, "subsidised": True, "extent": 50}
    ]
    assert {f["status"] for f in found["employments"][0]["followups"]} == {"unrecorded"}  # history, not overdue
    assert found["exit"] == {
        "on": "2025-12-19",
        "reason": "subsidised_work",
        "occupation_after": {"kind": "subsidised_work", "extent": 50},
        "support_after": [],
        "sus_registered_on": None,
    }


def test_xlsx_first_sheet_with_date_and_number_cells(db: Database, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        ["Nyckel", "Förnamn", "Efternamn", "Födelseår", "Kön", "Kommun", "Program", "Inskriven", "SUS-samtycke"]
    )
    sheet.append(["x1", "Anna", "A", 1990, "Kvinna", "Eksjö", "SEd", date(2025, 2, 1), True])
    sheet.append([None] * 9)  # an empty row in the middle is skipped
    sheet.append([17, "Bo", "B", 1985.0, "Man", "Eksjö", "SE", "2025-03-04", "nej"])
    book.create_sheet("Annat").append(["ignored"])
    path = tmp_path / "lista.xlsx"
    book.save(path)
    summary = bulk.run(db, read_sheet(db, path), today=TODAY, now=NOW)
    assert sorted(summary.added) == ["17", "x1"]
    found = people(db)
    assert found["x1"]["enrolled_on"] == "2025-02-01" and found["x1"]["program"] == "SEd"
    assert found["17"]["birth_year"] == 1985 and found["17"]["sus_consent"] is False


def test_csv_without_coach_into_a_database_without_coach_creates_one(tmp_path: Path) -> None:
    file = write_csv(tmp_path, [HEADER, "k1;Anna;A;1990;Kvinna;Vetlanda;SE;2025-02-01;ja;"])
    db_path = tmp_path / "new" / "data.sqlite3"
    code, out, err = import_(db_path, file)
    assert code == 0, err
    assert "Nya coacher: c1" in out
    db = Database(db_path)
    try:
        assert export(db)["coaches"] == [{"key": "c1", "name": "Coach", "municipality": "Vetlanda", "fte": 1.0}]
    finally:
        db.close()


def test_empty_key_adds_a_participant_with_a_new_key(db: Database, tmp_path: Path) -> None:
    file = write_csv(tmp_path, [HEADER, ";Anna;A;1990;Kvinna;Vetlanda;SE;2025-02-01;ja;"])
    summary = bulk.run(db, read_sheet(db, file), today=TODAY, now=NOW)
    assert len(summary.added) == 1 and summary.added[0].startswith("p-")
    assert list(people(db)) == summary.added


# --- bad files and rows: every problem listed, the database byte-for-byte unchanged -------------

BAD_ROWS = [
    ("k1;Anna;A;1990;Kvinna;Gislaved;SE;2026-02-30;ja;", "rad 3: Inskriven: ogiltigt datum '2026-02-30'"),
    ("k1;;A;1990;Kvinna;Gislaved;SE;2025-02-01;ja;", "rad 3: Förnamn: måste fyllas i"),
    (
        "k1;Anna;A;1990;Kvinnlig;Gislaved;SE;2025-02-01;ja;",
        "rad 3: Kön: okänt värde 'Kvinnlig' (tillåtna: Kvinna (K), Man (M))",
    ),
    ("k1;Anna;A;1990;Kvinna;Gislaved;SE;2025-02-01;kanske;", "rad 3: SUS-samtycke: skriv ja eller nej"),
    (
        "k1;Anna;A;1990;Kvinna;Gislaved;SE;2025-02-01;ja;Bidrag",
        "rad 3: Försörjning före: okänt värde 'Bidrag' (tillåtna: Sjukpenning",
    ),
]


@pytest.mark.parametrize(("row", "message"), BAD_ROWS)
def test_a_bad_csv_row_is_named_and_nothing_is_written(
    db: Database, db_path: Path, tmp_path: Path, row: str, message: str
) -> None:
    participants.add_participant(db, participant_data())
    db.close()
    before = fingerprint(db_path)
    code, out, err = import_(db_path, write_csv(tmp_path, [HEADER, ROW_BO, row]))
    assert code == 2
    assert message in err
    assert "inget har ändrats (1 fel)" in err
    assert out == ""
    assert fingerprint(db_path) == before


def test_extent_exit_before_enrolment_and_duplicate_key_in_one_file(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    header = HEADER + ";Sysselsättning före;Omfattning före;Avslutsdatum;Avslutsorsak"
    rows = [
        header,
        ROW_ANNA + ";Subventionerat arbete;120;;",
        ROW_BO + ";;;2025-01-15;Flytt",
        ROW_BO + ";;;;",
    ]
    db.close()
    before = fingerprint(db_path)
    code, _out, err = import_(db_path, write_csv(tmp_path, rows))
    assert code == 2
    assert "rad 2: Omfattning före: ogiltig omfattning '120'" in err
    assert "rad 3: Avslutsdatum: kan inte vara före inskrivningsdagen" in err
    assert "rad 4: Nyckel: 'k2' förekommer två gånger i filen (även rad 3)" in err
    assert "(3 fel)" in err
    assert fingerprint(db_path) == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tom.csv", b"", "tom.csv: filen är tom"),
        ("tom.xlsx", b"", "tom.xlsx: filen är tom"),
        ("bom.csv", b"\xef\xbb\xbf\r\n", "bom.csv: filen är tom"),
        ("rubrik.csv", HEADER.encode() + b"\r\n", "inga deltagare, bara rubrikraden"),
        ("bild.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "inget kalkylark"),
        ("bild.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "inget Excel-ark (.xlsx) som går att läsa"),
        ("trasig.json", b'{"format": "coachtui/1", "participants": [', "ingen giltig JSON (rad 1"),
        ("lista.json", b"[1, 2]", "måste vara ett JSON-objekt"),
        ("annat.json", b'{"format": "x/1", "participants": []}', "format: måste vara 'coachtui/1'"),
        ("saknas.csv", "Nyckel;Förnamn;Efternamn\r\nk;A;B\r\n".encode(), "rad 1: kolumnen 'Födelseår' saknas"),
        ("okand.csv", HEADER.encode() + b";Personnummer\r\n", "rad 1: okänd kolumn 'Personnummer'"),
    ],
)
def test_file_level_problems(
    db: Database, db_path: Path, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    participants.add_participant(db, participant_data())
    db.close()
    before = fingerprint(db_path)
    path = tmp_path / name
    path.write_bytes(content)
    code, _out, err = import_(db_path, path)
    assert code == 2
    assert message in err
    assert fingerprint(db_path) == before


def test_missing_file(db_path: Path, tmp_path: Path) -> None:
    code, _out, err = import_(db_path, tmp_path / "finns-inte.csv")
    assert code == 2
    assert "finns-inte.csv: filen finns inte" in err
    assert not db_path.exists()  # a refused import does not even create the database


def test_json_unknown_keys_bad_nested_values_and_unknown_coach_are_all_listed(db: Database) -> None:
    doc = one(2)
    first, second = doc["participants"]
    first["personnummer"] = "19900101-1234"
    first["occupation_before"] = {"kind": "none", "extent": 0, "hours": 3}
    first["steps"] = [{"step": 7, "on": "2025-01-01"}, {"step": 2, "on": "2025-13-01"}]
    second["coach"] = "c9"
    second["employments"] = [{"employer": "", "start_on": "2025-01-01", "subsidised": "ja", "extent": 50, "x": 1}]
    with pytest.raises(InputError) as caught:
        bulk.validate(readers.from_json("f.json", json.dumps(doc).encode()), bulk.known_coaches(db))
    messages = [p.message for p in caught.value.problems]
    assert "deltagare nr 1: Personnummer: okänt fält" in messages
    assert "deltagare nr 1, occupation_before: hours: okänt fält" in messages
    assert "deltagare nr 1, steg 1: Steg: får vara högst 5" in messages
    assert any(m.startswith("deltagare nr 1, steg 2: Datum: ogiltigt datum") for m in messages)
    assert any(m.startswith("deltagare nr 2: Coach: okänd coach 'c9'") for m in messages)
    assert "deltagare nr 2, anställning 1: Arbetsgivare: får inte vara tomt" in messages
    assert "deltagare nr 2, anställning 1: x: okänt fält" in messages
    assert len(messages) == 7


def test_problems_in_english(db: Database, db_path: Path, tmp_path: Path) -> None:
    db.close()
    code, _out, err = import_(
        db_path, write_csv(tmp_path, [HEADER, "k1;Anna;A;1990;Kvinna;Gislaved;SE;2026-02-30;ja;"]), "--lang", "en"
    )
    assert code == 2
    assert "the file was not imported and nothing was changed (1 problems)" in err
    assert "row 2: " in err and "2026-02-30" in err


# --- existing keys, dry run, follow-ups ----------------------------------------------------------


def test_dry_run_counts_and_writes_nothing(db: Database, db_path: Path, tmp_path: Path) -> None:
    first = write_csv(tmp_path, [HEADER, ROW_ANNA, ROW_BO], name="a.csv")
    assert import_(db_path, first)[0] == 0
    changed = ROW_BO.replace("Berg", "Bergström")
    third = "k3;Cissi;C;1995;Kvinna;Gislaved;SE;2025-04-01;ja;"
    second = write_csv(tmp_path, [HEADER, ROW_ANNA, changed, third], name="b.csv")
    db.close()
    before = fingerprint(db_path)
    code, out, _err = import_(db_path, second, "--dry-run")
    assert code == 0
    assert "Provkörning: inget har skrivits." in out
    assert "Nya deltagare: 1" in out and "Ändrade deltagare: 1" in out and "Oförändrade deltagare: 1" in out
    assert "Ändras: k2" in out
    assert fingerprint(db_path) == before
    code, out, _err = import_(db_path, second)
    assert code == 0 and "Importen är klar." in out and "Säkerhetskopia före importen:" in out
    assert people(db)["k2"]["last_name"] == "Bergström" and "k3" in people(db)


def test_importing_the_same_file_again_changes_nothing(db: Database, db_path: Path, tmp_path: Path) -> None:
    file = write_csv(tmp_path, [HEADER, ROW_ANNA, ROW_BO])
    assert import_(db_path, file)[0] == 0
    db.close()
    before = fingerprint(db_path)
    code, out, _err = import_(db_path, file)
    assert code == 0
    assert "Oförändrade deltagare: 2" in out and "Inget att ändra" in out
    assert fingerprint(db_path) == before


def test_a_document_replaces_the_participant_but_keeps_a_matching_employment(db: Database) -> None:
    doc = one(1)
    person = doc["participants"][0]
    person["steps"] = [{"step": 1, "on": person["enrolled_on"]}, {"step": 5, "on": "2026-10-01"}]
    person["employments"] = [
        {"employer": "Kafé Linden", "start_on": "2026-10-05", "end_on": None, "subsidised": False, "extent": 50},
        {"employer": "Bageriet AB", "start_on": "2026-11-02", "end_on": None, "subsidised": True, "extent": 25},
    ]
    person["exit"] = None
    bulk.run(
        db, bulk.validate(readers.from_json("a.json", json.dumps(doc).encode()), bulk.known_coaches(db)), today=TODAY
    )
    with db.write() as conn:  # the coach records the first visit at the café
        conn.execute(
            "UPDATE followup SET status = 'done', done_on = due_on WHERE slot = 'V1' AND employment_id ="
            " (SELECT e.id FROM employment e JOIN employer r ON r.id = e.employer_id WHERE r.name = 'Kafé Linden')"
        )
    person["first_name"] = "Ny"
    person["steps"] = [{"step": 1, "on": person["enrolled_on"]}]
    person["employments"][0]["extent"] = 75
    del person["employments"][1]
    summary = bulk.run(
        db, bulk.validate(readers.from_json("b.json", json.dumps(doc).encode()), bulk.known_coaches(db)), today=TODAY
    )
    assert summary.changed == [person["key"]]
    after = people(db)[person["key"]]
    assert after | {"employments": without_followups(after["employments"])} == person | {"coach": "c1"}
    rows = (
        db.read()
        .execute(
            "SELECT r.name, f.status FROM followup f JOIN employment e ON e.id = f.employment_id"
            " JOIN employer r ON r.id = e.employer_id WHERE f.slot = 'V1'"
        )
        .fetchall()
    )
    assert rows == [("Kafé Linden", "done")]  # the recorded visit survived, the removed job's follow-ups went


def test_a_spreadsheet_row_adds_to_the_history(db: Database, tmp_path: Path) -> None:
    header = HEADER + ";Steg;Steg datum;Avslutsdatum;Avslutsorsak"
    first = write_csv(tmp_path, [header, ROW_ANNA + ";3;2025-04-01;2025-12-01;Flytt"], name="a.csv")
    bulk.run(db, read_sheet(db, first), today=TODAY)
    second = write_csv(tmp_path, [header, ROW_ANNA.replace("Gislaved", "Eksjö") + ";4;2025-06-01;;"], name="b.csv")
    summary = bulk.run(db, read_sheet(db, second), today=TODAY)
    assert summary.changed == ["k1"]
    found = people(db)["k1"]
    assert found["municipality"] == "Eksjö"
    assert [s["step"] for s in found["steps"]] == [1, 3, 4]
    assert found["exit"] is not None and found["exit"]["reason"] == "moved"  # an empty exit leaves it


def test_historical_followups_are_unrecorded_not_overdue(db: Database) -> None:
    doc = one(1)
    person = doc["participants"][0]
    person["enrolled_on"] = "2026-01-05"
    person["referred_on"] = None
    person["birth_year"] = 1990
    person["steps"] = [{"step": 1, "on": "2026-01-05"}]
    person["employments"] = [
        {"employer": "Kafé Linden", "start_on": "2026-09-01", "end_on": None, "subsidised": False, "extent": 50}
    ]
    person["exit"] = None
    bulk.run(
        db, bulk.validate(readers.from_json("a.json", json.dumps(doc).encode()), bulk.known_coaches(db)), today=TODAY
    )
    rows = db.read().execute("SELECT due_on, status FROM followup ORDER BY due_on").fetchall()
    expected = followups.followup_rows(0, 0, date(2026, 9, 1), followups.template(db), recorded_from=TODAY)
    assert [(r["due_on"].isoformat(), r["status"]) for r in expected] == [tuple(r) for r in rows]
    assert {s for d, s in rows if d < TODAY.isoformat()} == {"unrecorded"}
    assert {s for d, s in rows if d >= TODAY.isoformat()} == {"planned"}
    overdue = participants.caseload(db, today=TODAY)[0].overdue
    assert overdue == 0


def test_an_exit_for_another_reason_skips_later_followups(db: Database) -> None:
    doc = one(1)
    person = doc["participants"][0]
    person.update(enrolled_on="2026-01-05", referred_on=None, birth_year=1990)
    person["steps"] = [{"step": 1, "on": "2026-01-05"}]
    person["employments"] = [
        {"employer": "Kafé Linden", "start_on": "2026-10-01", "end_on": "2026-11-10", "subsidised": False, "extent": 50}
    ]
    person["exit"] = {
        "on": "2026-11-20",
        "reason": "moved",
        "occupation_after": {"kind": "none", "extent": 0},
        "support_after": [],
        "sus_registered_on": None,
    }
    bulk.run(
        db, bulk.validate(readers.from_json("a.json", json.dumps(doc).encode()), bulk.known_coaches(db)), today=TODAY
    )
    statuses = {s for (s,) in db.read().execute("SELECT status FROM followup WHERE due_on > '2026-11-20'")}
    assert statuses == {"skipped"}
    notes = {n for (n,) in db.read().execute("SELECT note FROM followup WHERE status = 'skipped'")}
    assert notes == {"Avslutad: Flytt"}
    marked = {bool(c) for (c,) in db.read().execute("SELECT cancelled_by_exit FROM followup WHERE status = 'skipped'")}
    assert marked == {True}  # an undo of this exit gives them back


def test_existing_coach_keeps_its_name_and_unknown_coach_key_is_added(db: Database) -> None:
    doc = one(2)
    doc["coaches"] = [
        {"key": "c1", "name": "Lämnande Coach", "municipality": "Eksjö", "fte": 1.0},
        {"key": "c2", "name": "Andra Coach", "municipality": "Eksjö", "fte": 0.5},
    ]
    doc["participants"][1]["coach"] = "c2"
    summary = bulk.run(
        db, bulk.validate(readers.from_json("a.json", json.dumps(doc).encode()), bulk.known_coaches(db)), today=TODAY
    )
    assert summary.coaches_added == ["c2"]
    coaches = export(db)["coaches"]
    assert [c["name"] for c in coaches] == ["Kim Coach", "Andra Coach"]
    assert [p["coach"] for p in export(db)["participants"]] == ["c1", "c2"]


def test_bulk_import_is_one_transaction_with_an_audit_row_and_no_personal_data(db: Database) -> None:
    doc = one(20)
    bulk.run(
        db, bulk.validate(readers.from_json("a.json", json.dumps(doc).encode()), bulk.known_coaches(db)), today=TODAY
    )
    rows = db.read().execute("SELECT action, entity, count, detail FROM audit WHERE action = 'import'").fetchall()
    assert rows == [("import", "participant", 20, "added 20, changed 0, unchanged 0")]
    assert db.read().execute("PRAGMA foreign_key_check").fetchall() == []
