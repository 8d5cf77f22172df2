"""``coachtui reminders``: JSON exactly as DATA-FORMAT.md, text for a terminal, no Textual."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from coachtui.cli import main
from coachtui.store import followups, participants
from coachtui.store.db import Database
from conftest import TODAY, participant_data, sus_exits_due

KEYS = ["participant", "name", "kind", "slot", "due_on", "original_due_on", "status", "overdue_days"]


def _run(db: Database, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["reminders", "--db", str(db.path), *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _with_exit(db: Database) -> None:
    pid = participants.add_participant(db, participant_data(first_name="Sara", last_name="Berg"))
    with db.write() as conn:
        conn.execute('INSERT INTO exit(participant_id, "on", reason) VALUES (?, ?, ?)', (pid, "2026-08-20", "studies"))


def test_json_matches_the_contract(demo_db: Database) -> None:
    _with_exit(demo_db)
    code, out, err = _run(demo_db, "--format", "json", "--date", "2026-11-23", "--days", "14")
    assert code == 0, err
    data = json.loads(out)
    assert isinstance(data, list) and data
    for obj in data:
        assert list(obj) == KEYS
        assert isinstance(obj["participant"], str) and obj["participant"].startswith("p-")
        assert isinstance(obj["name"], str) and obj["name"].endswith(".")
        assert obj["kind"] in ("visit", "call", "closing_call", "sus_exit", "survey")
        assert obj["status"] == "planned"
        assert isinstance(obj["overdue_days"], int) and not isinstance(obj["overdue_days"], bool)
        due = date.fromisoformat(obj["due_on"])
        date.fromisoformat(obj["original_due_on"])
        assert obj["overdue_days"] == max(0, (TODAY - due).days)
        assert due <= TODAY + timedelta(days=14)
        if obj["kind"] == "sus_exit":
            assert obj["slot"] is None and obj["original_due_on"] == obj["due_on"]
        else:
            assert isinstance(obj["slot"], str) and obj["slot"]
    assert data == sorted(data, key=lambda o: (o["due_on"], o["kind"], o["participant"]))
    sus = [o for o in data if o["kind"] == "sus_exit"]
    # Sara Berg (studies 2026-08-20: + 3 months, three days late) and the demo's own exits with consent
    # that are not yet registered in SUS, each once, as the exit table and the SUS rule give them
    due = sus_exits_due(demo_db, TODAY + timedelta(days=14))
    assert ("Sara B.", date(2026, 11, 20)) in [(name, on) for _key, name, on in due]
    assert len(due) > 1, "the demo has exits of its own to register in SUS"
    assert sus == [
        {
            "participant": key,
            "name": name,
            "kind": "sus_exit",
            "slot": None,
            "due_on": on.isoformat(),
            "original_due_on": on.isoformat(),
            "status": "planned",
            "overdue_days": max(0, (TODAY - on).days),
        }
        for key, name, on in due
    ]
    assert next(o for o in sus if o["name"] == "Sara B.")["overdue_days"] == 3
    # the same set as the store, every planned follow-up due by then (overdue included)
    expected = (
        demo_db.read()
        .execute("SELECT count(*) FROM followup WHERE status = 'planned' AND due_on <= '2026-12-07'")
        .fetchone()[0]
    )
    assert len(data) == expected + len(due)


def test_days_and_date_change_the_window(demo_db: Database) -> None:
    _code, short, _ = _run(demo_db, "--format", "json", "--days", "0")
    _code, week, _ = _run(demo_db, "--format", "json", "--days", "7")
    zero, seven = json.loads(short), json.loads(week)
    assert all(o["due_on"] <= TODAY.isoformat() for o in zero)
    assert len(zero) < len(seven)
    assert [o for o in seven if o["due_on"] <= TODAY.isoformat()] == zero
    _code, later, _ = _run(demo_db, "--format", "json", "--date", "2026-12-01", "--days", "0")
    moved = json.loads(later)
    assert len(moved) >= len(zero)
    assert all(o["overdue_days"] == (date(2026, 12, 1) - date.fromisoformat(o["due_on"])).days for o in moved)
    code, _out, err = _run(demo_db, "--days", "-1")
    assert code == 2 and "negativ" in err
    code, _out, err = _run(demo_db, "--date", "2026-02-30")
    assert code == 2 and "ogiltigt datum" in err


def test_text_has_the_sections_and_counts(demo_db: Database) -> None:
    _with_exit(demo_db)
    code, out, err = _run(demo_db, "--days", "14")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Påminnelser mån 2026-11-23"
    items = followups.agenda(demo_db, TODAY, 14)
    overdue = sum(1 for i in items if i.overdue_days > 0)
    assert lines[1].startswith(f"{overdue} försenade · ")
    headings = [line for line in lines if line and not line.startswith(" ")][2:]
    assert [h.split(" (")[0] for h in headings] == ["Försenat", "Idag", "Denna vecka", "Kommande 14 dagar"]
    assert "SUS-utskrivning" in out and "Sara B." in out and "3 dagar för sent" in out
    assert "Besök" in out
    assert all(len(line) <= 100 for line in lines)


def test_text_in_english_and_on_an_empty_database(db: Database) -> None:
    code, out, _err = _run(db, "--lang", "en")
    assert code == 0
    assert out.splitlines()[:2] == ["Reminders Mon 2026-11-23", "0 overdue · 0 today · 0 snoozed"]
    assert "– nothing –" in out


def test_missing_database_is_a_usage_error(tmp_path: Path) -> None:
    err = io.StringIO()
    assert main(["reminders", "--db", str(tmp_path / "none.sqlite3")], out=io.StringIO(), err=err) == 2
    assert "Ingen databas" in err.getvalue()


def test_real_entry_point_imports_neither_textual_nor_sqlmodel(demo_db: Database) -> None:
    probe = (
        "import sys, io\n"
        "from coachtui.cli import main\n"
        "out = io.StringIO()\n"
        f"code = main(['reminders', '--db', {str(demo_db.path)!r}, '--format', 'json'], out=out)\n"
        "heavy = sorted(m for m in ('textual', 'sqlmodel', 'sqlalchemy', 'pydantic') if m in sys.modules)\n"
        "print(code, heavy, len(out.getvalue()) > 2)\n"
    )
    env = {**os.environ, "COACHTUI_TODAY": "2026-11-23"}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False)
    assert done.stdout.strip() == "0 [] True", done.stderr
    text = subprocess.run(
        [sys.executable, "-m", "coachtui", "reminders", "--db", str(demo_db.path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert text.returncode == 0, text.stderr
    assert text.stdout.startswith("Påminnelser mån 2026-11-23")
