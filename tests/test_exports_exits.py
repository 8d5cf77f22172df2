"""The export files against the contract: csv for Swedish Excel, xlsx with date cells, json keys; private files."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coachtui.domain.codes import Occupation
from coachtui.domain.exports import EXIT_FIELDS, FinsamPerson, exit_row, finsam_counts
from coachtui.exports import exits as writer
from coachtui.exports import files, finsam
from coachtui.i18n import set_language
from test_domain_exports import record

ROWS = [
    exit_row(record()),
    exit_row(
        record(
            exit_id=2,
            participant_key="p-002",
            first_name="Örjan",
            last_name="Åkesson",
            gender="man",
            reason="moved",
            exited_on=date(2026, 1, 15),
            support_before=("sickness_benefit", "social_assistance"),
            support_after=("social_assistance",),
            occupation_after=Occupation("none", 0),
        )
    ),
]

SV_HEADERS = [
    "Deltagar-id",
    "Förnamn",
    "Efternamn",
    "Födelseår",
    "Kön",
    "Kommun",
    "Program",
    "Inskriven",
    "Avslutad",
    "Avslutsorsak",
    "SUS-utskrivning",
    "Utbildningsnivå",
    "Försörjning före",
    "Försörjning efter",
    "Sysselsättning före",
    "Omfattning före (%)",
    "Sysselsättning efter",
    "Omfattning efter (%)",
    "Dagar i programmet",
]


def parse_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM for Excel"
    text = data[3:].decode("utf-8")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_csv_for_swedish_excel() -> None:
    table = parse_csv(writer.render(ROWS, "csv"))
    assert table[0] == SV_HEADERS
    assert len(table) == 3
    first = dict(zip(SV_HEADERS, table[1], strict=True))
    assert first["Deltagar-id"] == "p-001"
    assert first["Kön"] == "Kvinna"
    assert first["Inskriven"] == "2025-02-01"
    assert first["Avslutad"] == "2025-12-19"
    assert first["Avslutsorsak"] == "Arbete (subventionerat)"
    assert first["SUS-utskrivning"] == "2026-03-19"
    assert first["Utbildningsnivå"] == "Gymnasial"
    assert first["Försörjning före"] == "Försörjningsstöd"
    assert first["Försörjning efter"] == "Ingen offentlig försörjning"
    assert first["Sysselsättning efter"] == "Subventionerat arbete"
    assert first["Omfattning efter (%)"] == "50"
    assert first["Dagar i programmet"] == "321"
    second = dict(zip(SV_HEADERS, table[2], strict=True))
    assert second["Förnamn"] == "Örjan"
    assert second["Försörjning före"] == "Sjukpenning/rehabiliteringspenning, Försörjningsstöd"
    assert second["Avslutsorsak"] == "Flytt"
    assert second["SUS-utskrivning"] == "2026-01-15"


def test_csv_in_english() -> None:
    set_language("en")
    try:
        table = parse_csv(writer.render(ROWS, "csv"))
    finally:
        set_language("sv")
    assert table[0][0] == "Participant ID" and table[0][-1] == "Days in programme"
    assert table[1][4] == "Woman" and table[1][13] == "No public support"


def test_xlsx_has_swedish_headers_and_real_date_cells() -> None:
    book = load_workbook(io.BytesIO(writer.render(ROWS, "xlsx")))
    sheet = book.active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == SV_HEADERS
    assert len(values) == 3
    cells = {h: c for h, c in zip(SV_HEADERS, sheet[2], strict=True)}
    for header, expected in (
        ("Inskriven", date(2025, 2, 1)),
        ("Avslutad", date(2025, 12, 19)),
        ("SUS-utskrivning", date(2026, 3, 19)),
    ):
        cell = cells[header]
        assert isinstance(cell.value, datetime) and cell.value.date() == expected
        assert cell.number_format == "YYYY-MM-DD"
    assert cells["Födelseår"].value == 1999
    assert cells["Dagar i programmet"].value == 321
    assert cells["Försörjning efter"].value == "Ingen offentlig försörjning"


def test_json_is_the_contract() -> None:
    data = json.loads(writer.render(ROWS, "json"))
    assert isinstance(data, list) and len(data) == 2
    for item in data:
        assert list(item) == list(EXIT_FIELDS)
        assert list(item["occupation_before"]) == ["kind", "extent"]
        assert list(item["occupation_after"]) == ["kind", "extent"]
    assert data[1]["support_before"] == ["sickness_benefit", "social_assistance"]
    assert data[1]["gender"] == "man" and data[1]["reason"] == "moved"
    assert data[0]["support_after"] == []


def test_empty_exports_keep_their_headers() -> None:
    assert parse_csv(writer.render([], "csv")) == [SV_HEADERS]
    assert json.loads(writer.render([], "json")) == []
    assert writer.render([], "xlsx")


def test_unknown_format() -> None:
    with pytest.raises(ValueError):
        writer.render(ROWS, "pdf")


def test_files_are_private_and_replaced_atomically(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    target.chmod(0o644)
    db_path = tmp_path / "data" / "coachtui.sqlite3"
    files.write_private(target, b"new", db_path=db_path)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["out.csv"]  # no temporary file left
    files.write_private(tmp_path / "text.txt", "å", db_path=db_path)
    assert (tmp_path / "text.txt").read_text(encoding="utf-8") == "å"
    with pytest.raises(files.UnsafeTarget):  # a missing folder: exit 2, nothing written
        files.write_private(tmp_path / "missing" / "x.csv", b"", db_path=db_path)
    assert sorted(os.listdir(tmp_path)) == ["out.csv", "text.txt"]


def test_default_names_say_what_and_which_period() -> None:
    assert (
        files.default_name("avslut", date(2026, 1, 1), date(2026, 6, 30), "csv")
        == "coachtui-avslut-2026-01-01--2026-06-30.csv"
    )
    assert files.default_name("avslut", None, date(2026, 11, 23), "xlsx") == "coachtui-avslut-till-2026-11-23.xlsx"


FINSAM = finsam_counts(
    [
        FinsamPerson("woman", date(2025, 1, 1), True),
        FinsamPerson("man", date(2025, 1, 1), False),
        FinsamPerson("man", date(2025, 1, 1), True),
    ],
    date(2026, 1, 1),
    date(2026, 6, 30),
)


def test_finsam_json_is_the_contract() -> None:
    assert json.loads(finsam.render(FINSAM, "json")) == {
        "from": "2026-01-01",
        "to": "2026-06-30",
        "participants": {"woman": 1, "man": 2, "total": 3},
        "anonymous": {"woman": 0, "man": 1},
    }


def test_finsam_csv_and_text() -> None:
    table = parse_csv(finsam.render(FINSAM, "csv").encode("utf-8"))
    assert table == [
        ["Från", "Till", "Kvinnor", "Män", "Deltagare totalt", "Anonyma kvinnor", "Anonyma män"],
        ["2026-01-01", "2026-06-30", "1", "2", "3", "0", "1"],
    ]
    text = finsam.render(FINSAM, "text")
    assert "2026-01-01 – 2026-06-30" in text
    assert "3 (kvinnor 1, män 2)" in text
    assert "anonyma (utan SUS-samtycke): 1 (kvinnor 0, män 1)" in text
