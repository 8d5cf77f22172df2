"""Issue #20: a restore under an open app, then an erase, never removes the wrong person; ``coachtui erase KEY``;
a stale edit form asks instead of overwriting what a CLI import changed."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

from coachtui.app import create_app
from coachtui.cli import main
from coachtui.screens.erase_dialog import EraseDialog
from coachtui.screens.participant_form import ParticipantForm, StaleChoice
from coachtui.services import erase as service
from coachtui.store import backup, document, participants
from coachtui.store.db import Database, FileReplacedError, StaleRecordError, StoreError
from conftest import NOW, participant_data, settle


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def names(db_path: Path) -> set[str]:
    fresh = Database(db_path)
    try:
        return {f"{r[0]} {r[1]}" for r in fresh.read().execute("SELECT first_name, last_name FROM participant")}
    finally:
        fresh.close()


@pytest.fixture
def other_file(tmp_path: Path) -> Path:
    """Another coachtui file in which row id 1 is Stina Ek (in the open file it is Jonas Berg)."""
    other = Database(tmp_path / "other" / "coachtui.sqlite3")
    other.open(now=NOW)
    participants.save_coach(other, {"name": "Kim Coach", "municipality": "Gislaved", "fte": 0.4})
    participants.add_participant(other, participant_data(first_name="Stina", last_name="Ek"))
    participants.add_participant(other, participant_data(first_name="Jonas", last_name="Berg"))
    made = backup.backup_now(other, "manual", NOW)
    other.close()
    return made


# --- 2. restore under an open app -----------------------------------------------------------------------------------


def test_a_write_after_a_restore_by_another_process_is_refused(db: Database, db_path: Path, other_file: Path) -> None:
    jonas = participants.add_participant(db, participant_data(first_name="Jonas", last_name="Berg"))
    assert jonas == 1
    code, _out, err = run("restore", "--db", str(db_path), "--yes", str(other_file))
    assert code == 0, err
    with pytest.raises(FileReplacedError, match="återställts"):
        participants.update_participant(db, jonas, participant_data(last_name="Nytt"))
    with pytest.raises(FileReplacedError), db.write() as conn:
        conn.execute("DELETE FROM participant")
    assert names(db_path) == {"Stina Ek", "Jonas Berg"}
    fresh = Database(db_path)  # a new start sees the restored file and may write
    fresh.open(now=NOW)
    participants.add_participant(fresh, participant_data(first_name="Ny"))
    fresh.close()


async def test_erase_in_the_open_app_after_a_restore_removes_no_one(
    db: Database, db_path: Path, other_file: Path, clock: Any
) -> None:
    jonas = participants.add_participant(db, participant_data(first_name="Jonas", last_name="Berg"))
    key = participants.participant(db, jonas).key
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(EraseDialog(key, "Jonas", "Berg"))
        await pilot.pause()
        code, _out, err = run("restore", "--db", str(db_path), "--yes", str(other_file))  # the CLI, meanwhile
        assert code == 0, err
        await pilot.press("j", "b", "ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EraseDialog)
        assert "återställts" in str(dialog.query_one("#problem", Static).render())
    assert names(db_path) == {"Stina Ek", "Jonas Berg"}  # nobody erased, least of all Stina (row id 1)


def test_erase_names_the_person_by_key_and_checks_the_names(db: Database, db_path: Path) -> None:
    pid = participants.add_participant(db, participant_data(first_name="Jonas", last_name="Berg"))
    key = participants.participant(db, pid).key
    with pytest.raises(StoreError, match="inte den som visas"):
        service.erase_for_good(db, service.Person(key, "Stina", "Ek"), now=NOW)
    with pytest.raises(StoreError, match="finns inte"):
        service.erase_for_good(db, service.Person("p-00000000", "Jonas", "Berg"), now=NOW)
    person = service.find(db, key)
    assert person is not None and person.initials == "J.B."
    assert service.erase_for_good(db, person, now=NOW).count == 1
    assert service.find(db, key) is None


# --- coachtui erase KEY ----------------------------------------------------------------------------------------------


def test_cli_erase(db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pid = participants.add_participant(db, participant_data(first_name="Läckström", last_name="Berg"))
    participants.add_participant(db, participant_data(first_name="Stina", last_name="Ek"))
    key = participants.participant(db, pid).key
    db.close()
    code, out, err = run("erase", "--db", str(db_path), "p-unknown", "--yes")
    assert code == 2 and "Ingen deltagare" in err
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, out, err = run("erase", "--db", str(db_path), key)  # no terminal, no --yes
    assert code == 2 and "--yes" in err
    monkeypatch.setattr(sys, "stdin", io.StringIO("SE\n"))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    code, out, err = run("erase", "--db", str(db_path), key)
    assert code == 1 and "stämmer inte" in out
    assert "Läckström Berg" in names(db_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO("l b\n"))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    code, out, err = run("erase", "--db", str(db_path), key)
    assert code == 0, err
    assert "Läckström" not in out + err
    assert names(db_path) == {"Stina Ek"}
    raw = db_path.read_bytes() + (Path(f"{db_path}-wal").read_bytes() if Path(f"{db_path}-wal").exists() else b"")
    assert "Läckström".encode() not in raw
    fresh = Database(db_path)
    audit = fresh.read().execute("SELECT action, count, detail FROM audit WHERE action LIKE '%erased%'").fetchall()
    fresh.close()
    assert [tuple(r) for r in audit] == [("participant erased", 1, "")]


# --- 3. a stale edit form ------------------------------------------------------------------------------------------


def test_every_update_bumps_the_version(db: Database, db_path: Path, tmp_path: Path) -> None:
    pid = participants.add_participant(db, participant_data())
    v0 = participants.version(db, pid)
    participants.update_participant(db, pid, participant_data(last_name="Ek"))
    assert participants.version(db, pid) == v0 + 1
    with pytest.raises(StaleRecordError):
        participants.update_participant(db, pid, participant_data(last_name="Al"), expected_version=v0)
    assert participants.participant(db, pid).values["last_name"] == "Ek"
    doc = document.build(db)
    doc["participants"][0]["municipality"] = "Värnamo"
    source = tmp_path / "in.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    code, _out, err = run("import", "--db", str(db_path), str(source))
    assert code == 0, err
    assert participants.version(db, pid) == v0 + 2  # the CLI import bumps it too (the trigger)


def _import_change(db: Database, db_path: Path, tmp_path: Path) -> None:
    doc = document.build(db)
    person = doc["participants"][0]
    person.update({"last_name": "Importerad", "municipality": "Värnamo", "birth_year": 1980})
    source = tmp_path / "in.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    code, _out, err = run("import", "--db", str(db_path), str(source))
    assert code == 0, err


@pytest.mark.parametrize("choice", ["reload", "keep"])
async def test_saving_a_stale_form_asks_first(
    db: Database, db_path: Path, tmp_path: Path, clock: Any, choice: str
) -> None:
    pid = participants.add_participant(db, participant_data())
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        results: list[int | None] = []
        app.push_screen(ParticipantForm(pid), results.append)
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, ParticipantForm)
        _import_change(db, db_path, tmp_path)  # three fields changed by a CLI import while the form is open
        form.query_one("#first_name", Input).value = "Annika"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, StaleChoice)  # asked, not overwritten
        values = participants.participant(db, pid).values
        assert (values["first_name"], values["last_name"], values["municipality"]) == ("Anna", "Importerad", "Värnamo")
        await pilot.press("escape")  # back to the form: nothing lost, nothing saved
        await settle(app, pilot)
        assert app.screen is form and form.query_one("#first_name", Input).value == "Annika"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, StaleChoice)
        if choice == "reload":
            await pilot.press("n")
            await settle(app, pilot)
            assert app.screen is form
            assert form.query_one("#last_name", Input).value == "Importerad"
            assert form.query_one("#first_name", Input).value == "Anna"
            form.query_one("#first_name", Input).value = "Annika"
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert results == [pid]
            values = participants.participant(db, pid).values
            assert (values["first_name"], values["last_name"], values["birth_year"]) == ("Annika", "Importerad", 1980)
        else:
            await pilot.press("j")
            await settle(app, pilot)
            assert results == [pid]
            values = participants.participant(db, pid).values
            assert (values["first_name"], values["last_name"]) == ("Annika", "Andersson")  # the coach's choice
