"""The whole record moves (issue 14): every key of DATA-FORMAT.md "The whole record" survives export → import →
export, an import keeps follow-up ids (calendar UIDs) and applies the exit form's rule and the forms' checks, and
a handover moves participants into another coach's file without touching its own data."""

from __future__ import annotations

import io
import json
from copy import deepcopy
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

import caseload_gen
from coachtui.cli import main
from coachtui.exports import readers
from coachtui.store import bulk, document, exits, followups, participants, settings
from coachtui.store.db import Database
from conftest import NOW, TODAY, participant_data


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def export_text(db_path: Path, *extra: str) -> str:
    code, out, err = run("export", "all", "-o", "-", "--db", str(db_path), *extra)
    assert code == 0, err
    return out


def import_doc(db: Database, doc: dict[str, Any]) -> bulk.Summary:
    data = document.dumps(doc).encode()
    prepared = bulk.validate(readers.from_json("f.json", data), bulk.known_coaches(db), today=TODAY)
    return bulk.run(db, prepared, today=TODAY, now=NOW)


def followup_rows(db: Database) -> list[tuple[Any, ...]]:
    return db.read().execute("SELECT * FROM followup ORDER BY id").fetchall()


def fresh(tmp_path: Path, name: str) -> Path:
    return tmp_path / name / "data.sqlite3"


def clone(doc: dict[str, Any], tmp_path: Path, name: str) -> Database:
    path = tmp_path / f"{name}.json"
    path.write_text(document.dumps(doc), encoding="utf-8")
    target = fresh(tmp_path, name)
    assert run("import", str(path), "--db", str(target))[0] == 0
    db = Database(target)
    db.open(now=NOW)
    return db


# --- every key, both ways ---------------------------------------------------------------


def test_a_generated_whole_record_round_trips_byte_for_byte_and_uses_every_key(tmp_path: Path) -> None:
    doc = caseload_gen.document(120, seed=5, today=TODAY)
    source = tmp_path / "source.json"
    source.write_text(document.dumps(doc), encoding="utf-8")
    one = fresh(tmp_path, "one")
    assert run("import", str(source), "--db", str(one))[0] == 0
    exported = export_text(one)
    assert exported == source.read_text(encoding="utf-8")
    copy = tmp_path / "copy.json"
    copy.write_text(exported, encoding="utf-8")
    two = fresh(tmp_path, "two")
    assert run("import", str(copy), "--db", str(two))[0] == 0
    assert export_text(two) == exported

    found = json.loads(exported)
    assert list(found) == list(document.DOCUMENT_KEYS)
    people = found["participants"]
    assert all(list(p) == list(document.PARTICIPANT_KEYS) for p in people)
    slots = [f for p in people for j in p["employments"] for f in j["followups"]]
    assert all(list(f) == list(document.FOLLOWUP_KEYS) for f in slots)
    assert {f["status"] for f in slots} == {"planned", "done", "skipped", "unrecorded"}
    assert {f["cancelled_by_exit"] for f in slots if f["status"] == "skipped"} == {True, False}
    assert {j["kind"] for p in people for j in p["journal"]} == {
        "meeting",
        "phone",
        "visit",
        "employer_contact",
        "other",
    }
    assert any(p["employer_contacts"] for p in people) and any(p["phone"] for p in people)
    assert any(p["survey_offered_on"] for p in people)
    assert found["employers"] and any(e["phone"] for e in found["employers"])
    assert found["settings"]["target_share_work_or_studies"] == "0.55"


def test_the_app_made_demo_database_round_trips_with_its_whole_history(demo_db: Database, tmp_path: Path) -> None:
    person = demo_db.read().execute("SELECT id FROM participant ORDER BY id LIMIT 1").fetchone()[0]
    participants.update_participant(
        demo_db, person, {**participants.participant(demo_db, person).values, "phone": "070-123 45 67"}
    )
    for kind in ("meeting", "phone", "visit", "employer_contact", "other"):
        participants.add_journal(demo_db, person, {"on": TODAY, "kind": kind, "text": f"Anteckning {kind}"})
    participants.add_employer_contact(demo_db, person, {"employer": "Nytt Kafé", "on": TODAY, "person": "Eva"})
    settings.put_many(demo_db, {"sus_delay_months": "4", "retention_years": "3"})
    exported = document.dumps(document.build(demo_db))
    doc = json.loads(exported)
    statuses = {f["status"] for p in doc["participants"] for j in p["employments"] for f in j["followups"]}
    assert {"planned", "done"} <= statuses
    path = tmp_path / "demo.json"
    path.write_text(exported, encoding="utf-8")
    target = fresh(tmp_path, "empty")
    assert run("import", str(path), "--db", str(target))[0] == 0
    assert export_text(target) == exported
    assert doc["settings"]["sus_delay_months"] == "4" and "Nytt Kafé" in {e["name"] for e in doc["employers"]}


def test_an_older_document_without_the_additions_leaves_them_as_they_are(demo_db: Database) -> None:
    before = document.build(demo_db)
    person = before["participants"][0]
    pid = demo_db.read().execute("SELECT id FROM participant WHERE key = ?", (person["key"],)).fetchone()[0]
    participants.add_journal(demo_db, pid, {"on": TODAY, "kind": "phone", "text": "Ringde."})
    kept = document.build(demo_db)
    old = {"format": "coachtui/1", "coaches": before["coaches"], "participants": []}
    for p in kept["participants"]:
        p = {k: v for k, v in p.items() if k not in document.EXTRA_KEYS}
        p["employments"] = [{k: v for k, v in j.items() if k != "followups"} for j in p["employments"]]
        old["participants"].append(p)
    rows = followup_rows(demo_db)
    summary = import_doc(demo_db, old)
    assert not summary.changes and not summary.written
    assert document.build(demo_db) == kept and followup_rows(demo_db) == rows


# --- follow-ups keep their ids; the exit rule ------------------------------------------


def test_reimporting_an_unchanged_document_changes_no_follow_up_and_no_calendar_uid(demo_db: Database) -> None:
    from coachtui.exports.ics import uid

    doc = document.build(demo_db)
    rows = followup_rows(demo_db)
    uids = [uid(r) for r in followups.calendar_rows(demo_db, date(2000, 1, 1), date(2100, 1, 1))]
    summary = import_doc(demo_db, doc)
    assert summary.unchanged and not summary.changes
    changed_name = deepcopy(doc)
    changed_name["participants"][0]["first_name"] = "Annika"  # a changed participant keeps its follow-ups too
    assert import_doc(demo_db, changed_name).changed == [doc["participants"][0]["key"]]
    assert followup_rows(demo_db) == rows
    assert [uid(r) for r in followups.calendar_rows(demo_db, date(2000, 1, 1), date(2100, 1, 1))] == uids


def _employed(doc: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """A participant without an exit whose employment has planned follow-ups after today."""
    for i, p in enumerate(doc["participants"]):
        if p["exit"] is None and any(
            f["status"] == "planned" and f["due_on"] > TODAY.isoformat()
            for j in p["employments"]
            for f in j["followups"]
        ):
            return i, p
    raise AssertionError("the demo has nobody employed")


def test_an_imported_exit_cancels_later_slots_exactly_as_the_exit_form(demo_db: Database, tmp_path: Path) -> None:
    doc = document.build(demo_db)
    other = clone(doc, tmp_path, "other")
    try:
        i, person = _employed(doc)
        ended = {
            "on": TODAY.isoformat(),
            "reason": "illness",
            "occupation_after": {"kind": "none", "extent": 0},
            "support_after": [],
            "sus_registered_on": None,
        }
        pid = demo_db.read().execute("SELECT id FROM participant WHERE key = ?", (person["key"],)).fetchone()[0]
        exits.register_exit(demo_db, pid, {"on": TODAY, "reason": "illness"}, TODAY)  # the exit form's store call
        changed = deepcopy(doc)
        changed["participants"][i]["exit"] = ended  # the follow-ups in the file are still planned
        import_doc(other, changed)
        by_form = document.build(demo_db)["participants"][i]
        by_import = document.build(other)["participants"][i]
        assert by_import == by_form
        later = [f for j in by_import["employments"] for f in j["followups"] if f["due_on"] > TODAY.isoformat()]
        assert later and all(f["status"] == "skipped" and f["cancelled_by_exit"] for f in later)
        assert all(f["note"] == "Avslutad: Sjukdom" for f in later)
        # and a document without the exit gives them back, as undoing the exit in the app does
        import_doc(other, doc)
        assert document.build(other)["participants"][i] == doc["participants"][i]
    finally:
        other.close()


def test_a_changed_employment_keeps_done_slots_and_cancels_dropped_ones_in_the_calendar(demo_db: Database) -> None:
    doc = document.build(demo_db)
    i, person = _employed(doc)
    job = next(j for j in person["employments"] if any(f["status"] == "planned" for f in j["followups"]))
    jid = (
        demo_db.read()
        .execute(
            "SELECT e.id FROM employment e JOIN participant p ON p.id = e.participant_id JOIN employer r"
            " ON r.id = e.employer_id WHERE p.key = ? AND r.name = ? AND e.start_on = ?",
            (person["key"], job["employer"], job["start_on"]),
        )
        .fetchone()[0]
    )
    first = next(f for f in job["followups"] if f["status"] == "planned")
    fid = (
        demo_db.read()
        .execute("SELECT id FROM followup WHERE employment_id = ? AND slot = ?", (jid, first["slot"]))
        .fetchone()[0]
    )
    followups.mark_done(
        demo_db,
        fid,
        date.fromisoformat(first["due_on"]) if first["due_on"] <= TODAY.isoformat() else TODAY,
        today=TODAY,
    )
    doc = document.build(demo_db)
    job = next(j for j in doc["participants"][i]["employments"] if j["start_on"] == job["start_on"])
    ids_before = dict(demo_db.read().execute("SELECT slot, id FROM followup WHERE employment_id = ?", (jid,)))

    # a file that dropped the last planned slot: kept as skipped (CANCELLED in calendars), same UID
    dropped = job["followups"][-1]
    assert dropped["status"] == "planned"
    job["followups"] = job["followups"][:-1]
    job["extent"] = 10 if job["extent"] != 10 else 20
    import_doc(demo_db, doc)
    row = (
        demo_db.read()
        .execute(
            "SELECT id, status, sequence FROM followup WHERE employment_id = ? AND slot = ?", (jid, dropped["slot"])
        )
        .fetchone()
    )
    assert row[0] == ids_before[dropped["slot"]] and row[1] == "skipped" and row[2] >= 1
    cal = {r.followup_id: r.status for r in followups.calendar_rows(demo_db, date(2000, 1, 1), date(2100, 1, 1))}
    assert cal[row[0]] == "skipped"  # exports.ics writes STATUS:CANCELLED for it

    # an older file with a new first day of work: planned slots get new dates in place, the done one stays
    old = document.build(demo_db)
    for p in old["participants"]:
        for j in p["employments"]:
            j.pop("followups")
    moved = next(j for j in old["participants"][i]["employments"] if j["start_on"] == job["start_on"])
    moved["start_on"] = (date.fromisoformat(job["start_on"]) + timedelta(days=7)).isoformat()
    old["participants"][i]["steps"] = [s for s in old["participants"][i]["steps"] if s["on"] <= moved["start_on"]]
    import_doc(demo_db, old)
    after = dict(demo_db.read().execute("SELECT slot, id FROM followup WHERE employment_id = ?", (jid,)))
    assert after == ids_before  # every slot kept its row (its UID)
    done = demo_db.read().execute("SELECT status FROM followup WHERE id = ?", (fid,)).fetchone()[0]
    assert done == "done"


# --- the forms' checks ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p.update(exit=_exit((TODAY + timedelta(days=40)).isoformat())), "högst 31 dagar fram i tiden"),
        (lambda p: p.update(exit=_exit("2000-01-03")), "kan inte vara före inskrivningsdagen"),
        (lambda p: p.update(exit=_exit(TODAY.isoformat(), registered="2026-12-01")), "kan inte vara i framtiden"),
        (lambda p: p["steps"].append({"step": 2, "on": "2026-12-24"}), "kan inte vara i framtiden"),
        (lambda p: p["steps"].append({"step": 2, "on": "2000-01-03"}), "kan inte vara före inskrivningsdagen"),
        (lambda p: p["employments"].append(_job("2000-01-03")), "kan inte vara före inskrivningsdagen"),
        (lambda p: p["employments"].append(_job("2027-06-01")), "högst 31 dagar fram i tiden"),
        (lambda p: p.update(key="p-\x00"), "styrtecken"),
        (lambda p: p.update(key="p-\x1b[31m"), "styrtecken"),
        (lambda p: p.update(phone="070-123 45 67 ring efter 5"), "bara siffror"),
    ],
)
def test_an_import_refuses_what_the_forms_refuse(
    db: Database, db_path: Path, tmp_path: Path, change: Any, message: str
) -> None:
    doc = caseload_gen.document(1, seed=3, today=TODAY)
    person = doc["participants"][0]
    person["employments"], person["exit"] = [], None
    change(person)
    path = tmp_path / "bad.json"
    path.write_text(document.dumps(doc), encoding="utf-8")
    db.close()
    code, _out, err = run("import", str(path), "--db", str(db_path))
    assert code == 2 and message in err
    db.open(now=NOW)
    assert db.read().execute("SELECT count(*) FROM participant").fetchone()[0] == 0


def _exit(on: str, registered: str | None = None) -> dict[str, Any]:
    return {
        "on": on,
        "reason": "moved",
        "occupation_after": {"kind": "none", "extent": 0},
        "support_after": [],
        "sus_registered_on": registered,
    }


def _job(start: str) -> dict[str, Any]:
    return {"employer": "Bageriet AB", "start_on": start, "end_on": None, "subsidised": False, "extent": 50}


def test_a_bad_survey_sheet_refuses_the_whole_document(db: Database) -> None:
    from coachtui.store.inputs import InputError

    doc = caseload_gen.document(1, seed=3, today=TODAY)
    doc["surveys"] = [{"key": "s-1"}]
    with pytest.raises(InputError, match="enkät s-1: Svar: måste fyllas i"):
        bulk.validate(readers.from_json("f.json", document.dumps(doc).encode()), today=TODAY)
    doc["surveys"] = []
    assert bulk.validate(readers.from_json("f.json", document.dumps(doc).encode()), today=TODAY).participants


def test_bad_settings_are_refused(db: Database) -> None:
    from coachtui.store.inputs import InputError

    doc = caseload_gen.document(1, seed=3, today=TODAY)
    doc["settings"] = {"sus_delay_months": "30", "lock_minutes": "1", "efterstod_template": "[]"}
    with pytest.raises(InputError) as caught:
        bulk.validate(readers.from_json("f.json", document.dumps(doc).encode()), today=TODAY)
    text = str(caught.value)
    assert "Låsning efter (minuter): okänt fält" in text and "SUS-fördröjning" in text and "Mallen är tom" in text


# --- handover ---------------------------------------------------------------------------


def test_handover_moves_two_participants_with_their_history_into_another_coachs_file(
    demo_db: Database, tmp_path: Path
) -> None:
    doc = document.build(demo_db)
    employed = [p for p in doc["participants"] if p["employments"]][:2]
    for p in employed:  # give them a whole history
        pid = demo_db.read().execute("SELECT id FROM participant WHERE key = ?", (p["key"],)).fetchone()[0]
        participants.add_journal(demo_db, pid, {"on": TODAY, "kind": "meeting", "text": "Överlämning planerad."})
        participants.add_employer_contact(demo_db, pid, {"employer": p["employments"][0]["employer"], "on": TODAY})
    keys = [p["key"] for p in employed]
    out = tmp_path / "handover.json"
    code, text, err = run(
        "export", "all", "--participant", keys[0], "--participant", keys[1], "-o", str(out), "--db", str(demo_db.path)
    )
    assert code == 0, err
    assert "personuppgifter" in text
    handover = json.loads(out.read_text(encoding="utf-8"))
    assert [p["key"] for p in handover["participants"]] == keys
    assert handover["settings"] == {} and handover["surveys"] == [] and len(handover["coaches"]) == 1
    names = {j["employer"] for p in handover["participants"] for j in p["employments"]}
    assert {e["name"] for e in handover["employers"]} == names
    assert oct(out.stat().st_mode & 0o777) == "0o600"

    # the receiving coach's own file: her coach, her participant, her settings, her employer's phone
    receiver = fresh(tmp_path, "receiver")
    mine = caseload_gen.document(3, seed=21, today=TODAY)
    mine["coaches"] = [{"key": "c9", "name": "Robin Mottagare", "municipality": "Eksjö", "fte": 1.0}]
    for p in mine["participants"]:
        p["coach"] = "c9"
    mine["settings"]["sus_delay_months"] = "6"
    own = tmp_path / "mine.json"
    own.write_text(document.dumps(mine), encoding="utf-8")
    assert run("import", str(own), "--db", str(receiver))[0] == 0
    before = json.loads(export_text(receiver))

    code, text, err = run("import", str(out), "--db", str(receiver))
    assert code == 0, err
    after = json.loads(export_text(receiver))
    assert after["participants"][:3] == before["participants"]  # her own people untouched
    moved = {p["key"]: p for p in after["participants"][3:]}
    source = {p["key"]: p for p in json.loads(export_text(demo_db.path))["participants"]}
    assert list(moved) == keys
    for key in keys:
        assert moved[key] == source[key]  # the whole history: steps, employments, follow-ups, journal, contacts
        assert moved[key]["journal"] and moved[key]["employer_contacts"]
    assert after["settings"] == before["settings"]  # her team settings stay hers
    assert after["coaches"][0] == before["coaches"][0]
    theirs = {e["name"]: e for e in before["employers"]}
    for e in after["employers"]:
        if e["name"] in theirs and theirs[e["name"]]["phone"]:
            assert e["phone"] == theirs[e["name"]]["phone"]  # a known employer keeps her values


def test_handover_of_an_unknown_key_writes_nothing(demo_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "h.json"
    code, _out, err = run("export", "all", "--participant", "nobody", "-o", str(out), "--db", str(demo_db.path))
    assert code == 2 and "nobody" in err and not out.exists()


def test_handed_over_participants_join_the_receivers_own_coach(demo_db: Database, tmp_path: Path) -> None:
    key = document.build(demo_db)["participants"][0]["key"]
    out = tmp_path / "h.json"
    assert run("export", "all", "--participant", key, "-o", str(out), "--db", str(demo_db.path))[0] == 0
    receiver = Database(fresh(tmp_path, "robin"))
    receiver.open(now=NOW)
    try:
        participants.save_coach(receiver, {"name": "Robin Mottagare", "municipality": "Eksjö", "fte": 0.5})
        settings.put_many(receiver, {"sus_delay_months": "6"})
        summary = bulk.run(
            receiver,
            bulk.validate(readers.from_json("h.json", out.read_bytes()), bulk.known_coaches(receiver), today=TODAY),
            today=TODAY,
            now=NOW,
        )
        assert summary.added == [key] and not summary.coaches_added and not summary.settings_changed
        after = document.build(receiver)
        assert after["coaches"] == [{"key": "c1", "name": "Robin Mottagare", "municipality": "Eksjö", "fte": 0.5}]
        assert [p["coach"] for p in after["participants"]] == ["c1"]
        assert after["settings"]["sus_delay_months"] == "6"
    finally:
        receiver.close()


def test_a_cancelled_mark_without_an_exit_is_given_back(db: Database) -> None:
    doc = caseload_gen.document(40, seed=8, today=TODAY)
    person = next(p for p in doc["participants"] if p["exit"] and p["exit"]["reason"] == "illness")
    marked = {f["slot"] for j in person["employments"] for f in j["followups"] if f["cancelled_by_exit"]}
    assert marked
    person["exit"] = None  # a hand-edited file: the cancellations stay, the exit is gone
    import_doc(db, doc)
    found = next(p for p in document.build(db)["participants"] if p["key"] == person["key"])
    slots = [f for j in found["employments"] for f in j["followups"]]
    assert not any(f["cancelled_by_exit"] for f in slots)
    assert {f["status"] for f in slots if f["slot"] in marked} == {"planned"}


def test_the_employment_form_checks_the_first_day_as_the_import_does(db: Database) -> None:
    from coachtui.store.inputs import InputError

    pid = participants.add_participant(db, participant_data())  # enrolled 2026-02-02
    job = {"employer": "Kafé", "subsidised": False, "extent": 50}
    for start, message in (("2026-01-15", "före inskrivningsdagen"), ("2027-01-04", "högst 31 dagar fram i tiden")):
        with pytest.raises(InputError, match=message):
            followups.add_employment(db, pid, {**job, "start_on": start}, today=TODAY)
    jid = followups.add_employment(db, pid, {**job, "start_on": "2026-12-14"}, today=TODAY)  # three weeks ahead: ok
    with pytest.raises(InputError, match="före inskrivningsdagen"):
        followups.update_employment(db, jid, {**job, "start_on": "2026-01-15"}, today=TODAY)
    assert db.read().execute("SELECT start_on FROM employment").fetchall() == [("2026-12-14",)]


def test_the_fast_canonical_text_is_the_standard_librarys_byte_for_byte(demo_db: Database) -> None:
    odd = 'Tab\there, \x1b[31m ESC, \x01, DEL \x7f, \u2028, citat " \\ /, åäö 🙂, ﬁ'
    generated = caseload_gen.document(60, seed=4, today=TODAY)
    generated["participants"][0]["journal"].append({"on": TODAY.isoformat(), "kind": "other", "text": odd})
    generated["coaches"][0]["fte"] = 0.375
    for doc in (document.build(demo_db), generated, document.build(demo_db, [])):
        assert document.dumps(doc) == document.standard_dumps(doc)
    tiny = deepcopy(generated)
    tiny["coaches"][0]["fte"] = 0.00001  # the one value the two libraries write differently
    assert document.dumps(tiny) == document.standard_dumps(tiny) and "1e-05" in document.dumps(tiny)


@pytest.mark.parametrize("text", ['{"format": "coachtui/1", "participants": [NaN]}', '{"format": "\\ud800"}'])
def test_json_that_is_not_quite_json_is_refused_with_its_place(tmp_path: Path, text: str) -> None:
    path = tmp_path / "odd.json"
    path.write_text(text, encoding="utf-8")
    code, _out, err = run("import", str(path), "--db", str(fresh(tmp_path, "x")))
    assert code == 2 and "ingen giltig JSON (rad 1, kolumn" in err
