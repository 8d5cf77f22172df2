"""A coach's own spreadsheet goes in as it is: five realistic sheets, value forms, defaults, problems, old exits."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from coachtui.cli import main
from coachtui.i18n import set_language
from coachtui.services import sheet_columns as cols
from coachtui.services import sheet_import
from coachtui.store import document
from coachtui.store.db import Database
from conftest import TODAY, sus_exits_due


def import_(db_path: Path, file: Path, *extra: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["import", str(file), "--db", str(db_path), *extra], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def write(tmp_path: Path, name: str, lines: list[str], encoding: str) -> Path:
    path = tmp_path / name
    path.write_bytes("\r\n".join(lines).encode(encoding) + b"\r\n")
    return path


def people(db: Database) -> dict[tuple[str, str], dict[str, Any]]:
    """The participants of ``export all`` by (first name, last name)."""
    return {(p["first_name"], p["last_name"]): p for p in document.build(db)["participants"]}


def phones_and_notes(db: Database) -> dict[str, tuple[str, list[str]]]:
    rows = db.read().execute("SELECT id, first_name, phone FROM participant").fetchall()
    notes = db.read().execute('SELECT participant_id, kind, "on", text FROM journal_entry ORDER BY id').fetchall()
    return {first: (phone, [f"{k} {on} {t}" for pid2, k, on, t in notes if pid2 == pid]) for pid, first, phone in rows}


def steps(p: dict[str, Any]) -> list[tuple[int, str]]:
    return [(s["step"], s["on"]) for s in p["steps"]]


# --- five coaches' sheets ---------------------------------------------------------------------


def test_sheet_1_cp1252_semicolons_title_rows_name_column_typed_dates(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    """The sheet of the issue: a title row, Namn, K/M, "3 Jobbsökande", 1/9 2025, Lönebidrag x, Telefon, notes."""
    file = write(
        tmp_path,
        "deltagare.csv",
        [
            "Deltagare Supported Employment Gislaved 2025;;;;;;;;;;;;;",
            ";;;;;;;;;;;;;",
            "Namn;Född;Kön;Inskrivningsdatum;Steg;Arbetsgivare;Anställd från;Lönebidrag;Omfattning;Utskriven;"
            "Orsak;Telefon;Anteckningar;Samtycke",
            "Anna Maria Andersson;1990;K;1/9 2025;3 Jobbsökande;;;;;;;070-123 45 67;Vill jobba med djur;ja",
            "Åke Öberg;1985;M;15/1 2025;5;Bageriet AB;1/6 2025;x;50;;;0701112233;;x",
            ";;;;;;;;;;;;;",
            "Eva Ek;1978;k;3.2.2025;Jobbsökande;Lager & Co;1.4.2025;;;30.9.2025;Flytt;;;nej",
        ],
        "cp1252",
    )
    code, out, err = import_(db_path, file)
    assert code == 0, err
    assert "Nya deltagare: 3" in out and "Importen är klar." in out
    assert "Standardvärde Kommun: Gislaved (rader: 3)" in out and "Standardvärde Program: SE (rader: 3)" in out
    assert "Standardvärde Steg datum: importdagen 2026-11-23 (rader: 3)" in out
    found = people(db)
    anna = found[("Anna Maria", "Andersson")]
    assert (anna["gender"], anna["birth_year"], anna["enrolled_on"]) == ("woman", 1990, "2025-09-01")
    assert anna["municipality"] == "Gislaved" and anna["program"] == "SE" and anna["sus_consent"] is True
    assert steps(anna) == [(1, "2025-09-01"), (3, "2026-11-23")] and anna["employments"] == []
    ake = found[("Åke", "Öberg")]
    assert ake["gender"] == "man" and ake["sus_consent"] is True
    assert [{k: v for k, v in j.items() if k != "followups"} for j in ake["employments"]] == [
        {"employer": "Bageriet AB", "start_on": "2025-06-01", "end_on": None, "subsidised": True, "extent": 50}
    ]
    eva = found[("Eva", "Ek")]
    assert eva["enrolled_on"] == "2025-02-03" and steps(eva)[-1][0] == 3
    assert eva["employments"][0]["subsidised"] is False and eva["employments"][0]["extent"] == 100
    assert eva["exit"]["on"] == "2025-09-30" and eva["exit"]["reason"] == "moved" and eva["sus_consent"] is False
    extra = phones_and_notes(db)
    assert extra["Anna Maria"] == ("070-123 45 67", ["other 2026-11-23 Vill jobba med djur"])
    assert extra["Åke"] == ("0701112233", []) and extra["Eva"] == ("", [])


def test_sheet_2_utf8_commas_separate_names_iso_and_dotted_dates_work_exit(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    file = write(
        tmp_path,
        "ips.csv",
        [
            "Förnamn,Efternamn,Födelseår,Kön,Kommun,Metod,Startdatum,Steg,Stegdatum,Arbetsgivare,Anställningsdatum,"
            "Anställd till,Avslutsdatum,Avslutsorsak,Mobil,SUS-samtycke",
            "Lina,Berg,1999,kvinna,Vaggeryd,IPS,2025-03-10,Arbetsgivarengagemang,2025-05-02,,,,,,0702-22 33 44,ja",
            'Omar,Haddad,1992,man,Gnosjö,ips,12.8.2024,5,1.11.2024,"Verkstad, Gnosjö AB",2024-11-04,,'
            "30.6.2025,Arbete (osubventionerat),,JA",
            "Sara,Lind,2001,Kvinna,Vaggeryd,SEd,2025-01-07,2 Yrkesprofil,,,,,,,,Nej",
        ],
        "utf-8",
    )
    code, out, err = import_(db_path, file)
    assert code == 0, err
    found = people(db)
    lina = found[("Lina", "Berg")]
    assert (lina["municipality"], lina["program"], lina["gender"]) == ("Vaggeryd", "IPS", "woman")
    assert steps(lina) == [(1, "2025-03-10"), (4, "2025-05-02")]
    omar = found[("Omar", "Haddad")]
    assert omar["enrolled_on"] == "2024-08-12" and omar["program"] == "IPS"
    assert omar["employments"][0]["employer"] == "Verkstad, Gnosjö AB"
    assert omar["exit"]["reason"] == "unsubsidised_work"
    assert omar["exit"]["occupation_after"] == {"kind": "unsubsidised_work", "extent": 100}
    sara = found[("Sara", "Lind")]
    assert steps(sara) == [(1, "2025-01-07"), (2, "2026-11-23")] and sara["sus_consent"] is False
    assert phones_and_notes(db)["Lina"][0] == "0702-22 33 44"
    assert "Standardvärde Sysselsättning efter: anställningens omfattning (rader: 1)" in out


def _xlsx(path: Path, rows: list[list[Any]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_sheet_3_xlsx_with_date_cells_ticks_and_a_work_exit_taking_the_employment(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    file = _xlsx(
        tmp_path / "lista.xlsx",
        [
            ["Min caseload – uppdaterad november"],
            [],
            [
                "Namn",
                "Kön",
                "Födelseår",
                "Inskriven",
                "Steg",
                "Företag",
                "Anställd från",
                "Lönebidrag",
                "Omfattning",
                "Utskriven",
                "Avslutsorsak",
                "Tel",
                "Samtycke",
            ],
            [
                "Jonas Ström",
                "M",
                1988,
                datetime(2024, 2, 5),
                5,
                "Kommunen",
                date(2024, 9, 2),
                "✓",
                75,
                date(2025, 8, 29),
                "Arbete",
                "0733-445566",
                "✓",
            ],
            [
                "Mira Sandberg",
                "K",
                1995.0,
                date(2025, 10, 1),
                "1 Överenskommelse",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                "1",
            ],
        ],
    )
    code, _out, err = import_(db_path, file)
    assert code == 0, err
    found = people(db)
    jonas = found[("Jonas", "Ström")]
    assert jonas["enrolled_on"] == "2024-02-05" and jonas["gender"] == "man" and jonas["sus_consent"] is True
    assert {k: v for k, v in jonas["employments"][0].items() if k != "followups"} == {
        "employer": "Kommunen",
        "start_on": "2024-09-02",
        "end_on": None,
        "subsidised": True,
        "extent": 75,
    }
    assert jonas["exit"]["reason"] == "subsidised_work"  # "Arbete" with Lönebidrag ticked
    assert jonas["exit"]["occupation_after"] == {"kind": "subsidised_work", "extent": 75}
    mira = found[("Mira", "Sandberg")]
    assert mira["birth_year"] == 1995 and steps(mira) == [(1, "2025-10-01")] and mira["sus_consent"] is True
    assert phones_and_notes(db)["Jonas"][0] == "0733-445566"


def test_sheet_4_xlsx_compact_dates_odd_headers_and_one_map(db: Database, db_path: Path, tmp_path: Path) -> None:
    file = _xlsx(
        tmp_path / "team.xlsx",
        [
            [
                "FÖRNAMN",
                "efter-namn",
                "Födelse år",
                "Kön (K/M)",
                "KOMMUN",
                "Program",
                "inskrivnings datum",
                "Aktuellt steg",
                "Utskriven",
                "Orsak",
                "SUS samtycke",
            ],
            ["Karin", "Holm", "1970", "K", "Tranås", "se", 20250301, "steg 4", None, None, "sant"],
            ["Leo", "Falk", 1980, "M", "Tranås", "SE", "20240115", "3", "20250620", "Studier", "falskt"],
        ],
    )
    code, _out, err = import_(db_path, file)
    assert code == 2 and "rad 1: okänd kolumn 'Kön (K/M)' (närmast: Kön" in err and "--map" in err
    code, _out, err = import_(db_path, file, "--map", "Kön (K/M)=Kön")
    assert code == 0, err
    found = people(db)
    karin = found[("Karin", "Holm")]
    assert (karin["gender"], karin["birth_year"], karin["enrolled_on"], karin["program"]) == (
        "woman",
        1970,
        "2025-03-01",
        "SE",
    )
    assert steps(karin)[-1] == (4, "2026-11-23") and karin["sus_consent"] is True
    leo = found[("Leo", "Falk")]
    assert leo["exit"]["on"] == "2025-06-20" and leo["exit"]["reason"] == "studies" and leo["sus_consent"] is False


def test_sheet_5_cp1252_journal_and_skipped_columns(db: Database, db_path: Path, tmp_path: Path) -> None:
    file = write(
        tmp_path,
        "export från excel.csv",
        [
            "Uppföljning 2025;;;;;;;;",
            "Efternamn, förnamn;Född;Kön;Inskriven;Remiss;Kommentar;Handläggare AF;Telefonnummer;Steg",
            "Nilsson, Per;1983;Man;2025-04-01;2025-03-15;Träffas varannan vecka;Eva på AF;08-123 456;2",
            "Quist, Ulla;1966;Kvinna;2025-05-20;;;;;Yrkesprofil",
        ],
        "cp1252",
    )
    code, out, err = import_(db_path, file, "--map", "Remiss=referred_on", "--skip-column", "Handläggare AF")
    assert code == 0, err
    found = people(db)
    per = found[("Per", "Nilsson")]
    assert per["referred_on"] == "2025-03-15" and per["gender"] == "man" and steps(per)[-1] == (2, "2026-11-23")
    assert found[("Ulla", "Quist")]["gender"] == "woman"
    assert phones_and_notes(db)["Per"] == ("08-123 456", ["other 2026-11-23 Träffas varannan vecka"])
    assert "Eva på AF" not in str(document.build(db))
    assert "Standardvärde SUS-samtycke: nej (rader: 2)" in out
    # the same sheet again: nothing changes, no second journal entry
    code, out, _err = import_(db_path, file, "--map", "Remiss=referred_on", "--skip-column", "Handläggare AF")
    assert code == 0
    assert len(phones_and_notes(db)["Per"][1]) == 1


# --- problems ---------------------------------------------------------------------------------


def test_one_bad_cell_refuses_the_sheet_with_one_message(db: Database, db_path: Path, tmp_path: Path) -> None:
    file = write(
        tmp_path,
        "fel.csv",
        [
            "Min lista",
            "Namn;Född;Kön;Inskriven;Steg;Telefon",
            "Anna Andersson;1990;K;1/9 2025;3 Jobbsökande;070-1",
            "Bo Berg;1985;X;1/9 2025;2;070-2",
            "Cissi Carlsson;1991;K;1/9 2025;1;",
        ],
        "utf-8",
    )
    code, out, err = import_(db_path, file)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert lines == [
        "coachtui: filen lästes inte in och inget har ändrats (1 fel):",
        "  rad 4: Kön: okänt värde 'X' (tillåtna: Kvinna (K), Man (M))",
    ]
    assert db.read().execute("SELECT count(*) FROM participant").fetchone()[0] == 0


def test_allowed_values_are_labels_in_english_with_lang_en(db: Database, db_path: Path, tmp_path: Path) -> None:
    file = write(
        tmp_path,
        "fel.csv",
        ["Namn;Född;Kön;Inskriven;Utbildning", "Anna Andersson;1990;K;2025-09-01;Doktorsexamen"],
        "utf-8",
    )
    code, _out, err = import_(db_path, file, "--lang", "en")
    assert code == 2
    assert "row 2: Utbildning: unknown value 'Doktorsexamen' (allowed: Compulsory school or less," in err
    code, _out, err = import_(db_path, file)
    assert "rad 2: Utbildning: okänt värde 'Doktorsexamen' (tillåtna: Förgymnasial, Gymnasial, Eftergymnasial," in err


def test_names_and_phone_numbers_are_never_echoed_and_long_values_are_cut(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    long = "Inte ett datum utan en mycket lång mening om någon"
    file = write(
        tmp_path,
        "fel.csv",
        ["Namn;Född;Kön;Inskriven;Telefon", f"Hemliga;1990;K;{long};070\x01"],
        "utf-8",
    )
    code, _out, err = import_(db_path, file)
    assert code == 2
    assert "Hemliga" not in err and "070" not in err
    assert "rad 2: Namn: skriv förnamn och efternamn" in err
    assert f"rad 2: Inskriven: ogiltigt datum '{long[:29]}…'" in err
    assert "rad 2: Telefon: får inte innehålla styrtecken" in err


def test_a_later_problem_found_by_the_validation_names_the_coachs_header(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    file = write(
        tmp_path,
        "fel.csv",
        ["Namn;Född;Kön;Startdatum;Utskriven;Orsak", "Anna Andersson;1990;K;2025-09-01;2025-08-01;Flytt"],
        "utf-8",
    )
    code, _out, err = import_(db_path, file)
    assert code == 2
    assert "rad 2: Utskriven: kan inte vara före inskrivningsdagen" in err


def test_the_first_hundred_problems_and_a_count_of_the_rest(db: Database, db_path: Path, tmp_path: Path) -> None:
    rows = ["Namn;Född;Kön;Inskriven"] + ["Anna Andersson;1990;Q;2025-09-01" for _ in range(130)]
    code, _out, err = import_(db_path, write(tmp_path, "fel.csv", rows, "utf-8"))
    assert code == 2
    lines = err.strip().splitlines()
    assert "(130 fel)" in lines[0] and len(lines) == 102 and lines[-1] == "  … och 30 fel till"
    assert lines[1].startswith("  rad 2: Kön:") and lines[100].startswith("  rad 101: Kön:")


def test_unknown_map_field_and_header_are_refused(db: Database, db_path: Path, tmp_path: Path) -> None:
    file = write(tmp_path, "a.csv", ["Namn;Född;Kön;Inskriven;Mobil", "Anna Andersson;1990;K;2025-09-01;1"], "utf-8")
    code, _out, err = import_(db_path, file, "--map", "Mobil=telefonen")
    assert code == 2 and "okänt fält 'telefonen' (närmast: Telefon" in err
    code, _out, err = import_(db_path, file, "--skip-column", "Finns inte")
    assert code == 2 and "ingen kolumn 'Finns inte' i filen" in err
    code, _out, err = import_(db_path, file, "--map", "utan likhetstecken")
    assert code == 2 and "--map vill ha RUBRIK=FÄLT" in err


def test_two_columns_for_one_field_and_missing_required_columns(db: Database, db_path: Path, tmp_path: Path) -> None:
    file = write(
        tmp_path,
        "a.csv",
        ["Namn;Förnamn;Efternamn;Kön;Startdatum", "Anna Andersson;Anna;Andersson;K;2025-09-01"],
        "utf-8",
    )
    code, _out, err = import_(db_path, file)
    assert code == 2
    assert "rad 1: kolumnerna 'Namn' och 'Förnamn' är båda Förnamn" in err
    assert "rad 1: kolumnen 'Födelseår' saknas" in err


# --- old exits, dry run -----------------------------------------------------------------------


def _history(tmp_path: Path) -> Path:
    lines = ["Namn;Född;Kön;Inskriven;Utskriven;Orsak;Samtycke"]
    for i in range(40):
        year = 2019 + i % 5
        lines.append(f"Person Nummer{i};1980;{'KM'[i % 2]};{year}-01-10;{year}-11-20;{['Flytt', 'Studier'][i % 2]};ja")
    lines.append("Pågående Deltagare;1990;K;2026-10-01;;;ja")
    return write(tmp_path, "historik.csv", lines, "utf-8")


def test_registered_before_keeps_a_history_of_old_exits_out_of_the_reminders(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    file = _history(tmp_path)
    code, out, err = import_(db_path, file, "--dry-run")
    assert code == 0, err
    assert "SUS-påminnelser som skapas: 40 (varav 40 redan förfallna)" in out
    code, out, err = import_(db_path, file, "--registered-before", "2026-01-01", "--dry-run")
    assert code == 0 and "SUS-påminnelser som skapas: 0 (varav 0 redan förfallna)" in out
    assert "Registrerad i SUS: på SUS-datumet för 40 avslut före 2026-01-01" in out
    assert db.read().execute("SELECT count(*) FROM participant").fetchone()[0] == 0
    code, out, err = import_(db_path, file, "--registered-before", "2026-01-01")
    assert code == 0, err
    assert sus_exits_due(db, TODAY) == []
    from coachtui.store.followups import agenda

    assert not [item for item in agenda(db, TODAY, 7) if item.is_sus_exit]
    studies = [p for p in document.build(db)["participants"] if p["exit"] and p["exit"]["reason"] == "studies"]
    assert studies[0]["exit"]["sus_registered_on"] == "2021-02-20"  # 2020-11-20 + the team's 3 months


def test_dry_run_counts_efterstod_slots(db: Database, db_path: Path, tmp_path: Path) -> None:
    file = write(
        tmp_path,
        "a.csv",
        [
            "Namn;Född;Kön;Inskriven;Arbetsgivare;Anställd från",
            "Anna Andersson;1990;K;2025-09-01;Bageriet;2026-11-02",
            "Bo Berg;1985;M;2020-09-01;Lagret;2021-01-04",
        ],
        "utf-8",
    )
    code, out, err = import_(db_path, file, "--dry-run")
    assert code == 0, err
    planned = db.read().execute("SELECT count(*) FROM followup").fetchone()[0]
    assert planned == 0 and "Provkörning: inget har skrivits." in out
    line = next(x for x in out.splitlines() if x.startswith("Efterstödstillfällen som skapas"))
    code, _out, _err = import_(db_path, file)
    total = db.read().execute("SELECT count(*) FROM followup").fetchone()[0]
    open_ = db.read().execute("SELECT count(*) FROM followup WHERE status = 'planned'").fetchone()[0]
    assert line == f"Efterstödstillfällen som skapas: {total} (varav {open_} planerade, resten historik)"
    assert 0 < open_ < total


# --- value forms (pure) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-09-01", date(2025, 9, 1)),
        ("2025-09-01 00:00:00", date(2025, 9, 1)),
        ("1/9 2025", date(2025, 9, 1)),
        ("1/9/2025", date(2025, 9, 1)),
        ("01.09.2025", date(2025, 9, 1)),
        ("1-9-2025", date(2025, 9, 1)),
        ("20250901", date(2025, 9, 1)),
    ],
)
def test_date_forms(text: str, expected: date) -> None:
    assert cols.parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/2 2025", "2025-13-01", "9/1", "igår", "20251301"])
def test_bad_dates(text: str) -> None:
    with pytest.raises(cols.BadValue, match="ogiltigt datum"):
        cols.parse_date(text)


def test_yes_no_step_extent_and_headers() -> None:
    assert [cols.parse_yes_no(t) for t in ("ja", "X", "✓", "1", "Sant", "", "nej", "0", "falskt")] == [
        True,
        True,
        True,
        True,
        True,
        False,
        False,
        False,
        False,
    ]
    assert [cols.parse_step(t) for t in ("3", "3 Jobbsökande", "Jobbsökande", "steg 5", "Job finding", "4.")] == [
        3,
        3,
        3,
        5,
        3,
        4,
    ]
    assert [cols.parse_extent(t) for t in ("50", "50 %", "37,5", "heltid", "halvtid")] == [50, 50, 38, 100, 50]
    assert cols.split_name("Anna Maria Andersson") == ("Anna Maria", "Andersson")
    assert cols.split_name("Andersson, Anna") == ("Anna", "Andersson")
    for header, code in [
        ("SUS-samtycke", "sus_consent"),
        ("sus samtycke", "sus_consent"),
        ("first_name", "first_name"),
        ("Anställd från", "employment_start_on"),
        ("ANSTÄLLD TILL", "employment_end_on"),
        ("Inskrivningsdatum", "enrolled_on"),
        ("Metod", "program"),
        ("Lönebidrag", "employment_subsidised"),
        ("Utskriven", "exit_on"),
        ("Telefon", "phone"),
        ("Anteckningar", "journal"),
    ]:
        assert cols.field_for(header) == code, header
    assert [cols.parse_phone(t) for t in ("701234567", "070-123 45 67", "+46701234567")] == [
        "0701234567",
        "070-123 45 67",
        "+46701234567",
    ]
    with pytest.raises(cols.BadValue):
        cols.parse_step("6")
    with pytest.raises(cols.BadValue):
        cols.parse_extent("120")


def test_the_same_mapping_for_the_app(db: Database, tmp_path: Path) -> None:
    """The wizard's calls: open, see the unknown column, choose, prepare, preview."""
    set_language("sv")
    file = write(
        tmp_path, "a.csv", ["Titel", "Namn;Född;Kön;Inskriven;Mobilen", "Anna Andersson;1990;K;1/9 2025;070"], "utf-8"
    )
    source = sheet_import.open_source(file)
    assert source.sheet is not None and source.sheet.header_row == 2
    assert [c.header for c in source.sheet.unknown] == ["Mobilen"]
    sheet = source.sheet.choose({"Mobilen": "phone"})
    plan = sheet_import.prepare(sheet_import.Source(source.name, sheet=sheet), db, sheet_import.Context.of(db, TODAY))
    headers, rows = sheet_import.preview(plan)
    assert headers[0] == "Namn" and rows == [
        ["Anna Andersson", "1990", "Kvinna", "Gislaved", "SE", "2025-09-01", "1 (2025-09-01)", "", "", "070"]
    ]


def test_a_new_phone_number_alone_is_written_on_a_second_import(db: Database, db_path: Path, tmp_path: Path) -> None:
    lines = ["Namn;Född;Kön;Inskriven;Telefon", "Anna Andersson;1990;K;2025-09-01;070-1"]
    file = write(tmp_path, "a.csv", lines, "utf-8")
    assert import_(db_path, file)[0] == 0
    key = db.read().execute("SELECT key FROM participant").fetchone()[0]
    lines = ["Nyckel;Namn;Född;Kön;Inskriven;Telefon", f"{key};Anna Andersson;1990;K;2025-09-01;070-2"]
    code, out, err = import_(db_path, write(tmp_path, "b.csv", lines, "utf-8"))
    assert code == 0, err
    assert "Ändrade deltagare: 1" in out and "Importen är klar." in out
    assert phones_and_notes(db)["Anna"] == ("070-2", [])


def test_a_row_for_a_known_key_keeps_what_the_sheet_leaves_out(db: Database, db_path: Path, tmp_path: Path) -> None:
    lines = [
        "Nyckel;Namn;Född;Kön;Kommun;Program;Inskriven;SUS-samtycke;Utbildning",
        "k1;Anna Andersson;1990;K;Eksjö;IPS;2025-09-01;ja;Gymnasial",
    ]
    assert import_(db_path, write(tmp_path, "a.csv", lines, "utf-8"))[0] == 0
    lines = ["Nyckel;Namn;Född;Kön;Inskriven;Steg", "k1;Anna Andersson;1990;K;2025-09-01;2"]
    code, out, err = import_(db_path, write(tmp_path, "b.csv", lines, "utf-8"))
    assert code == 0, err
    anna = people(db)[("Anna", "Andersson")]
    assert (anna["municipality"], anna["program"], anna["sus_consent"], anna["education"]) == (
        "Eksjö",
        "IPS",
        True,
        "upper_secondary",
    )
    assert steps(anna)[-1] == (2, "2026-11-23") and "Standardvärde Program" not in out


def test_registered_before_applies_to_a_json_document_too(db: Database, db_path: Path, tmp_path: Path) -> None:
    import caseload_gen

    data = caseload_gen.document(40, seed=5)
    for p in data["participants"]:
        p["sus_consent"] = True
        if p["exit"] is not None:
            p["exit"]["sus_registered_on"] = None
    assert any(p["exit"] for p in data["participants"])
    source = tmp_path / "hela.json"
    source.write_text(document.dumps(data), encoding="utf-8")
    code, out, err = import_(db_path, source, "--registered-before", TODAY.isoformat())
    assert code == 0, err
    assert "Registrerad i SUS: på SUS-datumet för" in out
    assert [d for d in sus_exits_due(db, TODAY) if d[2] < TODAY] == []


def test_import_help_lists_the_headers_value_forms_and_defaults() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "coachtui", "import", "--help"], capture_output=True, text=True, timeout=60, check=True
    )
    text = done.stdout
    assert "--registered-before D" in text and "--map RUBRIK=FÄLT" in text
    assert "Standardvärden när ett värde saknas" in text
    assert "employment_start_on           Första arbetsdag, Anställd från, Anställningsdatum" in text
    assert "1/9 2025" in text and "K, M, kvinna, man" in text and "--skip-column" in text


def test_a_comma_sheet_under_a_title_without_commas_and_excels_sep_line(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    lines = ["Min lista; hösten", "Namn,Född,Kön,Inskriven", "Anna Andersson,1990,K,1/9 2025"]
    code, _out, err = import_(db_path, write(tmp_path, "a.csv", lines, "utf-8"))
    assert code == 0, err
    lines = ["sep=;", "Namn;Född;Kön;Inskriven", "Bo Berg;1985;M;2025-01-15", "Bo Bengtsson;1985;Q;2025-01-15"]
    code, _out, err = import_(db_path, write(tmp_path, "b.csv", lines, "utf-8"))
    assert code == 2 and "rad 4: Kön: okänt värde 'Q'" in err  # row numbers are the file's own


def test_values_under_no_header_are_a_column_to_map_or_skip(db: Database, db_path: Path, tmp_path: Path) -> None:
    lines = ["Namn;Född;Kön;Inskriven;", "Anna Andersson;1990;K;2025-09-01;ring i maj", "Bo Berg;1985;M;2025-01-15;"]
    file = write(tmp_path, "a.csv", lines, "utf-8")
    code, _out, err = import_(db_path, file)
    assert code == 2 and "rad 1: okänd kolumn 'kolumn 5'" in err
    code, _out, err = import_(db_path, file, "--map", "kolumn 5=journal")
    assert code == 0, err
    assert phones_and_notes(db)["Anna"] == ("", ["other 2026-11-23 ring i maj"])


def test_a_sheet_without_names_misses_one_column(db: Database, db_path: Path, tmp_path: Path) -> None:
    file = write(tmp_path, "a.csv", ["Född;Kön;Inskriven", "1990;K;2025-09-01"], "utf-8")
    code, _out, err = import_(db_path, file)
    assert code == 2 and err.splitlines()[1:] == ["  rad 1: kolumnen 'Namn' saknas"]


def test_a_json_value_is_echoed_cut_and_the_participant_named_by_its_place(db: Database) -> None:
    import json

    import caseload_gen
    from coachtui.exports import readers
    from coachtui.store import bulk
    from coachtui.store.inputs import InputError

    data = caseload_gen.document(2, seed=5)
    data["participants"][1]["enrolled_on"] = "ringde och sa att hon kommer i maj nästa år"
    with pytest.raises(InputError) as caught:
        bulk.validate(readers.from_json("a.json", json.dumps(data).encode()), bulk.known_coaches(db))
    message = caught.value.problems[0].message
    assert message.startswith("deltagare nr 2: Inskriven: ogiltigt datum 'ringde och sa att hon kommer …'")
    assert data["participants"][1]["key"] not in message
