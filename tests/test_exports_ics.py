"""The efterstöd calendar (.ics): parsed back with icalendar."""

from __future__ import annotations

import io
import stat
from datetime import date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar

from coachtui.cli import main
from coachtui.services import calendar
from coachtui.store import followups, participants
from coachtui.store.db import Database
from conftest import NOW, TODAY, participant_data

END = TODAY + timedelta(days=200)


def _setup(db: Database) -> int:
    pid = participants.add_participant(db, participant_data(first_name="Anna", last_name="Andersson"))
    followups.add_employment(
        db, pid, {"employer": "Bageriet AB", "start_on": "2026-11-16", "subsidised": True, "extent": 50}
    )
    return pid


def _events(path: Path) -> list:  # type: ignore[type-arg]
    cal = Calendar.from_ical(path.read_bytes())
    return list(cal.walk("VEVENT"))


def _planned(db: Database) -> list[tuple[int, str]]:
    cur = db.read().execute(
        "SELECT id, slot FROM followup WHERE status = 'planned' AND due_on BETWEEN ? AND ? ORDER BY id",
        (TODAY.isoformat(), END.isoformat()),
    )
    return [(r[0], r[1]) for r in cur]


def test_one_private_all_day_event_per_planned_slot(db: Database, tmp_path: Path) -> None:
    _setup(db)
    path = tmp_path / "cal.ics"
    count = calendar.export_calendar(db, path, TODAY, END, now=NOW)
    planned = _planned(db)
    events = _events(path)
    assert count == len(events) == len(planned) > 0
    cal = Calendar.from_ical(path.read_bytes())
    assert str(cal["VERSION"]) == "2.0" and "coachtui" in str(cal["PRODID"])
    for event in events:
        assert isinstance(event.decoded("DTSTART"), date) and not isinstance(event.decoded("DTSTART"), datetime)
        assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(days=1)
        assert str(event["CLASS"]) == "PRIVATE"
        assert str(event["STATUS"]) == "CONFIRMED"
        assert str(event["SUMMARY"]).startswith("Efterstöd: ") and str(event["SUMMARY"]).endswith(" – A.A.")
        assert "DTSTAMP" in event
        assert str(event["UID"]).endswith("@coachtui")
    summaries = {str(e["SUMMARY"]) for e in events}
    assert "Efterstöd: besök V3 – A.A." in summaries
    text = path.read_text(encoding="utf-8")
    assert "Anna" not in text and "Andersson" not in text and "Bageriet" not in text
    assert "DTSTART;VALUE=DATE:" in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    audit = db.read().execute("SELECT action, count, detail FROM audit WHERE action = 'export calendar'")
    assert [tuple(r) for r in audit] == [("export calendar", count, f"{TODAY}--{END} ics")]


def test_uids_are_stable_and_sequence_bumps_on_reschedule(db: Database, tmp_path: Path) -> None:
    _setup(db)
    calendar.export_calendar(db, tmp_path / "a.ics", TODAY, END, now=NOW)
    before = {str(e["UID"]): int(e["SEQUENCE"]) for e in _events(tmp_path / "a.ics")}
    fid, _slot = _planned(db)[0]
    followups.reschedule(db, fid, TODAY + timedelta(days=3), "Sjuk", today=TODAY)
    calendar.export_calendar(db, tmp_path / "b.ics", TODAY, END, now=NOW + timedelta(hours=1))
    after_events = _events(tmp_path / "b.ics")
    after = {str(e["UID"]): int(e["SEQUENCE"]) for e in after_events}
    assert set(after) == set(before)
    moved = next(uid for uid in after if uid.startswith(f"{fid}-"))
    assert (before[moved], after[moved]) == (0, 1)
    assert all(after[uid] == before[uid] for uid in after if uid != moved)
    event = next(e for e in after_events if str(e["UID"]) == moved)
    assert event.decoded("DTSTART") == TODAY + timedelta(days=3)
    assert "Sjuk" not in (tmp_path / "b.ics").read_text(encoding="utf-8")


def test_skipped_slots_are_cancelled(db: Database, tmp_path: Path) -> None:
    _setup(db)
    fid, _slot = _planned(db)[1]
    followups.skip(db, fid, "Semester")
    calendar.export_calendar(db, tmp_path / "c.ics", TODAY, END, now=NOW)
    events = {str(e["UID"]).split("-")[0]: e for e in _events(tmp_path / "c.ics")}
    assert str(events[str(fid)]["STATUS"]) == "CANCELLED"
    assert int(events[str(fid)]["SEQUENCE"]) == 1
    assert sum(1 for e in events.values() if str(e["STATUS"]) == "CONFIRMED") == len(_planned(db))


def test_cli_export_calendar(db: Database, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _setup(db)
    monkeypatch.chdir(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert main(["export", "calendar", "--db", str(db.path)], out=out, err=err) == 0, err.getvalue()
    expected = tmp_path / "coachtui-efterstod-2026-11-23--2027-05-23.ics"
    assert expected.exists() and str(expected) in out.getvalue()
    assert stat.S_IMODE(expected.stat().st_mode) == 0o600
    assert len(_events(expected)) == len(
        db.read()
        .execute("SELECT id FROM followup WHERE status='planned' AND due_on BETWEEN '2026-11-23' AND '2027-05-23'")
        .fetchall()
    )
    target = tmp_path / "out.ics"
    args = ["export", "calendar", "--db", str(db.path), "--from", "2026-12-01", "--to", "2026-12-31", "-o", str(target)]
    assert main(args, out=io.StringIO(), err=err) == 0
    days = [e.decoded("DTSTART") for e in _events(target)]
    assert days and all(date(2026, 12, 1) <= d <= date(2026, 12, 31) for d in days)
    bad = io.StringIO()
    args = ["export", "calendar", "--db", str(db.path), "--from", "2026-12-31", "--to", "2026-12-01"]
    assert main(args, out=io.StringIO(), err=bad) == 2
    assert "--to" in bad.getvalue()
    stdout = io.StringIO()
    assert main(["export", "calendar", "--db", str(db.path), "-o", "-"], out=stdout, err=err) == 0
    assert stdout.getvalue().startswith("BEGIN:VCALENDAR")


def test_an_exit_and_its_undo_each_raise_the_sequence(db: Database, tmp_path: Path) -> None:
    from coachtui.store import exits

    pid = _setup(db)
    calendar.export_calendar(db, tmp_path / "a.ics", TODAY, END, now=NOW)
    before = {str(e["UID"]): int(e["SEQUENCE"]) for e in _events(tmp_path / "a.ics")}
    exits.register_exit(db, pid, {"on": TODAY.isoformat(), "reason": "moved"}, TODAY)
    calendar.export_calendar(db, tmp_path / "b.ics", TODAY, END, now=NOW)
    cancelled = {str(e["UID"]): e for e in _events(tmp_path / "b.ics") if e.decoded("DTSTART") > TODAY}
    assert cancelled and all(str(e["STATUS"]) == "CANCELLED" for e in cancelled.values())
    assert all(int(e["SEQUENCE"]) > before[uid] for uid, e in cancelled.items())
    exits.undo_exit(db, pid)
    calendar.export_calendar(db, tmp_path / "c.ics", TODAY, END, now=NOW)
    restored = {str(e["UID"]): e for e in _events(tmp_path / "c.ics") if e.decoded("DTSTART") > TODAY}
    assert set(restored) == set(cancelled)
    for uid, event in restored.items():
        assert str(event["STATUS"]) == "CONFIRMED"
        assert int(event["SEQUENCE"]) > int(cancelled[uid]["SEQUENCE"])


def test_cli_dtstamp_comes_from_the_injected_clock(db: Database, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _setup(db)
    monkeypatch.setenv("COACHTUI_TODAY", "2027-03-04")
    stdout, err = io.StringIO(), io.StringIO()
    assert main(["export", "calendar", "--db", str(db.path), "-o", "-"], out=stdout, err=err) == 0, err.getvalue()
    stamps = {e.decoded("DTSTAMP").date() for e in Calendar.from_ical(stdout.getvalue()).walk("VEVENT")}
    assert stamps == {date(2027, 3, 4)}
    audit = db.read().execute("SELECT at FROM audit WHERE action = 'export calendar'").fetchall()
    assert [r[0][:10] for r in audit] == ["2027-03-04"]
