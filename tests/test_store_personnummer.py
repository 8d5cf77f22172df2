"""Personnummer in the store: off by default, validated when on, cleared when turned off, never exported.

Only the test person 19121212-1212 ("Tolvan Tolvansson", Skatteverket's example) is used; the participants
are therefore born 1912 and enrolled in 1950 (the input rules want an age of 16-67 at enrolment).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from coachtui.cli import main
from coachtui.store import erase, exits, participants, settings
from coachtui.store.db import Database
from coachtui.store.inputs import InputError
from conftest import NOW, TODAY, participant_data

TOLVAN = "191212121212"


def tolvan(**overrides: Any) -> dict[str, object]:
    values: dict[str, Any] = {
        "first_name": "Tolvan",
        "last_name": "Tolvansson",
        "birth_year": 1912,
        "gender": "man",
        "referred_on": "1950-02-01",
        "enrolled_on": "1950-03-01",
        "support_since": None,
        "personnummer": "19121212-1212",
    }
    values.update(overrides)
    return participant_data(**values)


def stored(db: Database) -> list[str | None]:
    return [r[0] for r in db.read().execute("SELECT personnummer FROM participant ORDER BY id")]


def count(db: Database) -> int:
    return int(db.read().execute("SELECT count(*) FROM participant").fetchone()[0])


def test_off_by_default_refuses_and_writes_nothing(db: Database) -> None:
    assert settings.get(db, "store_personnummer") == "0"
    assert not participants.stores_personnummer(db)
    with pytest.raises(InputError) as caught:
        participants.add_participant(db, tolvan())
    assert str(caught.value) == "Personnummer sparas inte: inställningen är avstängd"
    assert [p.field for p in caught.value.problems] == ["personnummer"]
    assert count(db) == 0
    pid = participants.add_participant(db, tolvan(personnummer=""))  # blank: none given
    with pytest.raises(InputError):
        participants.update_participant(db, pid, tolvan())
    assert stored(db) == [None]


@pytest.mark.parametrize("text", ["19121212-1212", "191212121212", "1212121212", " 121212-1212 "])
def test_on_stores_the_canonical_12_digits(db: Database, text: str) -> None:
    participants.set_stores_personnummer(db, True)
    pid = participants.add_participant(db, tolvan(personnummer=text))  # 10 digits: century from enrolment
    assert stored(db) == [TOLVAN]
    assert participants.participant(db, pid).values["personnummer"] == TOLVAN


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("19121212-1213", "Personnummer: fel kontrollsiffra (den sista siffran stämmer inte med de andra)"),
        ("19121232-1212", "Personnummer: datumet finns inte"),
        ("19121212-12A2", "Personnummer: fel format: skriv ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN (bara siffror)"),
    ],
)
def test_invalid_is_refused_with_a_swedish_message(db: Database, text: str, message: str) -> None:
    participants.set_stores_personnummer(db, True)
    with pytest.raises(InputError) as caught:
        participants.add_participant(db, tolvan(personnummer=text))
    assert str(caught.value) == message
    assert count(db) == 0


def test_the_birth_year_must_match(db: Database) -> None:
    participants.set_stores_personnummer(db, True)
    with pytest.raises(InputError) as caught:
        participants.add_participant(db, tolvan(birth_year=1913))
    assert str(caught.value) == "Personnummer: numret ger födelseåret 1912, men födelseåret är 1913"
    with pytest.raises(InputError) as caught:  # "+" means 100 or older at enrolment (1950): born 1812
        participants.add_participant(db, tolvan(personnummer="121212+1212"))
    assert str(caught.value) == "Personnummer: numret ger födelseåret 1812, men födelseåret är 1912"
    assert count(db) == 0


def test_update_keeps_replaces_or_clears(db: Database) -> None:
    participants.set_stores_personnummer(db, True)
    pid = participants.add_participant(db, tolvan())
    without = {k: v for k, v in tolvan(first_name="Tolle").items() if k != "personnummer"}
    participants.update_participant(db, pid, without)  # not in the data: kept
    assert stored(db) == [TOLVAN]
    with pytest.raises(InputError):
        participants.update_participant(db, pid, tolvan(personnummer="19121212-1213"))
    assert stored(db) == [TOLVAN]
    participants.update_participant(db, pid, tolvan(first_name="Tolle", personnummer=None))
    assert stored(db) == [None]
    assert participants.participant(db, pid).values["first_name"] == "Tolle"


def test_turning_off_clears_every_stored_number(db: Database) -> None:
    assert participants.set_stores_personnummer(db, True) == 0
    participants.add_participant(db, tolvan())
    participants.add_participant(db, tolvan(first_name="Tolva", gender="woman", personnummer=None))
    assert participants.personnummer_count(db) == 1
    assert participants.set_stores_personnummer(db, False) == 1
    assert stored(db) == [None, None]
    assert settings.get(db, "store_personnummer") == "0"
    audit = db.read().execute("SELECT action, entity, count, detail FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    assert tuple(audit) == ("setting changed", "store_personnummer", 1, "")
    assert not any("1212" in str(v) for row in db.read().execute("SELECT * FROM audit") for v in row)
    wal = Path(f"{db.path}-wal")
    on_disk = db.path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    assert TOLVAN.encode() not in on_disk  # no old copy left in free pages or the -wal


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_never_in_the_exports(db: Database, db_path: Path) -> None:
    participants.set_stores_personnummer(db, True)
    pid = participants.add_participant(db, tolvan())
    exits.register_exit(db, pid, {"on": "1951-06-30", "reason": "moved"}, TODAY)
    code, out, err = run("export", "all", "--db", str(db_path), "-o", "-")
    assert code == 0 and err == ""
    document = json.loads(out)
    (person,) = document["participants"]
    assert person["first_name"] == "Tolvan" and "personnummer" not in person
    code, exits_csv, err = run("export", "exits", "--db", str(db_path), "--format", "csv", "-o", "-")
    assert code == 0 and err == ""
    rows = list(csv.reader(io.StringIO(exits_csv.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 2 and "Tolvan" in rows[1]
    code, pseudonymised, err = run(
        "export", "exits", "--db", str(db_path), "--format", "json", "-o", "-", "--pseudonymise"
    )
    assert code == 0 and err == ""
    for text in (out, exits_csv, pseudonymised):
        for digits in ("121212", "-1212", "+1212", TOLVAN):
            assert digits not in text


def test_erased_with_the_participant_no_byte_left(db: Database) -> None:
    participants.set_stores_personnummer(db, True)
    pid = participants.add_participant(db, tolvan())
    db.read().execute("PRAGMA wal_checkpoint(PASSIVE)")

    def file_bytes() -> bytes:
        wal = Path(f"{db.path}-wal")
        return db.path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")

    assert TOLVAN.encode() in file_bytes()  # the grep below can see it
    assert erase.erase_participant(db, pid, now=NOW).scrubbed
    assert TOLVAN.encode() not in file_bytes()
