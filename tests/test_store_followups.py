"""Employments, follow-ups and the agenda query (store.followups)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coachtui.domain import schedule
from coachtui.store import followups, participants, settings
from coachtui.store.db import Database, StoreError
from coachtui.store.inputs import InputError
from conftest import TODAY, participant_data, sus_exits_due


def _person(db: Database, **overrides: object) -> int:
    return participants.add_participant(db, participant_data(**overrides))


def _employ(db: Database, pid: int, start: str, **overrides: object) -> int:
    data: dict[str, object] = {"employer": "Bageriet AB", "start_on": start, "subsidised": True, "extent": 50}
    data.update(overrides)
    return followups.add_employment(db, pid, data)


def _rows(db: Database, employment_id: int) -> dict[str, tuple[str, str, str, str, int]]:
    cur = db.read().execute(
        "SELECT slot, kind, due_on, original_due_on, status, sequence FROM followup WHERE employment_id = ?",
        (employment_id,),
    )
    return {r[0]: (r[1], r[2], r[3], r[4], r[5]) for r in cur}


def _audit(db: Database) -> list[tuple[str, str, int, str]]:
    return [tuple(r) for r in db.read().execute("SELECT action, entity, count, detail FROM audit ORDER BY id")]


def _exit(db: Database, pid: int, on: str, reason: str, registered: str | None = None) -> None:
    with db.write() as conn:
        conn.execute(
            'INSERT INTO exit(participant_id, "on", reason, sus_registered_on) VALUES (?, ?, ?, ?)',
            (pid, on, reason, registered),
        )


def test_agenda_of_the_demo_has_every_overdue_item_in_the_contract_order(demo_db: Database) -> None:
    items = followups.agenda(demo_db, TODAY, 7)
    assert items, "the demo has employed participants with follow-ups"
    assert items == sorted(items, key=followups.sort_key)
    assert any(i.overdue_days > 0 for i in items)
    assert all(i.due_on <= TODAY + timedelta(days=7) for i in items)
    assert all(i.status == "planned" for i in items)
    for item in items:
        assert item.overdue_days == max(0, (TODAY - item.due_on).days)
        _first, initial = item.name.split(" ")
        assert len(initial) == 2 and initial.endswith(".")
    planned_overdue = (
        demo_db.read()
        .execute("SELECT count(*) FROM followup WHERE status = 'planned' AND due_on < ?", (TODAY.isoformat(),))
        .fetchone()[0]
    )
    assert sum(1 for i in items if i.due_on < TODAY and not i.is_sus_exit) == planned_overdue
    # and the demo's exits still to register in SUS (one of them a month late), from the exit table
    due = sus_exits_due(demo_db, TODAY + timedelta(days=7))
    assert any(on < TODAY for _key, _name, on in due)
    assert [(i.participant_key, i.name, i.due_on) for i in items if i.is_sus_exit] == due
    assert all(i.slot is None and i.followup_id is None for i in items if i.is_sus_exit)


def test_agenda_names_the_holiday_a_slot_moved_off(db: Database) -> None:
    pid = _person(db, first_name="Anna", last_name="Andersson")
    _employ(db, pid, "2026-12-17")  # V1 = W + 1 week = julafton, moved to 23 December
    items = followups.agenda(db, date(2026, 12, 20), 7)
    v1 = next(i for i in items if i.slot == "V1")
    assert (v1.due_on, v1.original_due_on) == (date(2026, 12, 23), date(2026, 12, 24))
    assert v1.moved_reason == "Julafton"
    assert v1.name == "Anna A."
    assert v1.participant_key.startswith("p-")
    without = followups.agenda(db, date(2026, 12, 20), 7, reasons=False)
    assert next(i for i in without if i.slot == "V1").moved_reason is None


def test_sus_exit_reminders(db: Database) -> None:
    studies = _person(db, first_name="Sara", last_name="Berg")
    moved = _person(db, first_name="Erik", last_name="Dahl")
    no_consent = _person(db, first_name="Ali", last_name="Holm", sus_consent=False)
    registered = _person(db, first_name="Ida", last_name="Lund")
    _exit(db, studies, "2026-08-20", "studies")  # + 3 months = 2026-11-20: three days overdue
    _exit(db, moved, "2026-12-01", "moved")  # at once: 2026-12-01
    _exit(db, no_consent, "2026-08-20", "studies")
    _exit(db, registered, "2026-08-20", "studies", registered="2026-11-20")
    items = followups.agenda(db, TODAY, 14)
    assert [(i.name, i.kind, i.slot, i.due_on, i.overdue_days) for i in items] == [
        ("Sara B.", "sus_exit", None, date(2026, 11, 20), 3),
        ("Erik D.", "sus_exit", None, date(2026, 12, 1), 0),
    ]
    assert all(i.original_due_on == i.due_on and i.status == "planned" for i in items)
    assert [i.name for i in followups.agenda(db, TODAY, 7)] == ["Sara B."]
    settings.put(db, "sus_delay_months", "4")
    assert [i.name for i in followups.agenda(db, TODAY, 7)] == []
    with db.write() as conn:  # registered (the exits store does this from the screen)
        conn.execute("UPDATE exit SET sus_registered_on = ? WHERE participant_id = ?", (TODAY.isoformat(), studies))
    assert [i.name for i in followups.agenda(db, TODAY, 14)] == ["Erik D."]


def test_done_skip_reschedule_snooze(db: Database) -> None:
    pid = _person(db)
    job = _employ(db, pid, "2026-10-15")
    ids = {r[0]: r[1] for r in db.read().execute("SELECT slot, id FROM followup WHERE employment_id = ?", (job,))}
    followups.mark_done(db, ids["V1"], date(2026, 10, 22), "Bra start", today=TODAY)
    with pytest.raises(StoreError, match="redan gjord"):
        followups.mark_done(db, ids["V1"], TODAY)
    with pytest.raises(StoreError, match="inte kommit"):
        followups.mark_done(db, ids["V2"], TODAY + timedelta(days=1), today=TODAY)
    with pytest.raises(InputError, match=r"Anteckning: får inte vara tom$"):
        followups.skip(db, ids["V2"], "  ")
    followups.skip(db, ids["V2"], "Sjuk")
    followups.reschedule(db, ids["V3"], date(2026, 11, 27), "Semester", today=TODAY)
    with pytest.raises(StoreError, match="redan passerat"):
        followups.reschedule(db, ids["V4"], date(2026, 11, 1), today=TODAY)
    rows = _rows(db, job)
    assert rows["V1"][3] == "done"
    assert rows["V2"][3] == "skipped" and rows["V2"][4] == 1
    assert rows["V3"][1:] == ("2026-11-27", "2026-11-05", "planned", 1)  # the original date stays
    detail = db.read().execute("SELECT done_on, note FROM followup WHERE id = ?", (ids["V1"],)).fetchone()
    assert tuple(detail) == ("2026-10-22", "Bra start")
    v3 = next(i for i in followups.agenda(db, TODAY, 14) if i.slot == "V3")
    assert (v3.moved_reason, v3.sequence) == ("Semester", 1)
    # a second reschedule bumps the sequence again and keeps the first original date
    followups.reschedule(db, ids["V3"], date(2026, 11, 30), "", today=TODAY)
    assert _rows(db, job)["V3"][1:] == ("2026-11-30", "2026-11-05", "planned", 2)
    # snooze an overdue one: until the next working day, still overdue
    overdue = next(i for i in followups.agenda(db, TODAY, 0) if i.overdue_days > 0 and i.followup_id is not None)
    assert overdue.followup_id is not None
    until = followups.snooze(db, overdue.followup_id, TODAY)
    assert until == date(2026, 11, 24)
    again = next(i for i in followups.agenda(db, TODAY, 0) if i.followup_id == overdue.followup_id)
    assert again.snoozed_until == until and again.overdue_days == overdue.overdue_days
    assert followups.snooze(db, overdue.followup_id, date(2026, 11, 27)) == date(2026, 11, 30)  # Friday → Monday
    with pytest.raises(StoreError, match="snoozas"):
        followups.snooze(db, ids["T3"], TODAY)
    actions = [a[0] for a in _audit(db)]
    for action in ("followup done", "followup skipped", "followup rescheduled", "followup snoozed"):
        assert action in actions
    assert not any("Anna" in str(row) or "Sjuk" in str(row) or "Semester" in str(row) for row in _audit(db))


def test_extend_adds_a_month_and_demotes_the_closing_call(db: Database) -> None:
    pid = _person(db)
    job = _employ(db, pid, "2026-06-01")
    first = followups.extend(db, pid, today=TODAY)
    assert (first.slot, first.due_on, first.demoted) == ("X1", date(2027, 1, 4), ("S",))  # 1 Jan is a holiday
    rows = _rows(db, job)
    assert rows["S"][0] == "call" and rows["S"][4] == 1
    assert rows["X1"][:4] == ("closing_call", "2027-01-04", "2027-01-01", "planned")
    second = followups.extend(db, pid, today=TODAY)
    assert (second.slot, second.demoted) == ("X2", ("X1",))
    rows = _rows(db, job)
    assert [s for s, r in rows.items() if r[0] == "closing_call"] == ["X2"]
    other = _person(db, first_name="Erik")
    with pytest.raises(StoreError, match="ingen anställning"):
        followups.extend(db, other, today=TODAY)


def test_change_start_regenerates_only_planned_slots(db: Database) -> None:
    pid = _person(db)
    job = _employ(db, pid, "2026-09-01")
    followups.extend(db, pid, today=TODAY)
    before = _rows(db, job)
    ids = {r[0]: r[1] for r in db.read().execute("SELECT slot, id FROM followup WHERE employment_id = ?", (job,))}
    followups.mark_done(db, ids["V1"], date(2026, 9, 8))
    followups.skip(db, ids["V2"], "Sjuk")
    values = followups.employment(db, job).values()
    moved = followups.update_employment(db, job, {**values, "start_on": date(2026, 9, 15)})
    after = _rows(db, job)
    assert after["V1"][1:4] == (*before["V1"][1:3], "done")
    assert after["V2"][1:3] == before["V2"][1:3]
    expected = {p.slot: p.due_on.isoformat() for p in schedule.generate(date(2026, 9, 15))}
    for slot in ("V3", "V4", "V5", "V6", "V7", "T1", "T2", "T3"):
        assert after[slot][1] == expected[slot]
        assert after[slot][4] == before[slot][4] + 1
    assert after["S"][0] == "call"  # the demoted closing call keeps its kind
    assert after["X1"][2] == "2027-04-15"  # A + 7 months
    assert moved == len(before) - 2
    assert followups.employment(db, job).start_on == date(2026, 9, 15)
    assert followups.update_employment(db, job, {**values, "start_on": date(2026, 9, 15)}) == 0
    assert "employment changed" in [a[0] for a in _audit(db)]


def test_a_second_employment_gets_its_own_schedule_and_step_5_once(db: Database) -> None:
    pid = _person(db)
    first = _employ(db, pid, "2026-03-02")
    second = _employ(db, pid, "2026-10-05", employer="Kafé Linden", subsidised=False, extent=100)
    assert len(_rows(db, first)) == len(_rows(db, second)) == len(schedule.DEFAULT_TEMPLATE)
    assert _rows(db, second)["V1"][1] == "2026-10-12"
    steps = db.read().execute("SELECT step FROM step_change WHERE participant_id = ? ORDER BY id", (pid,))
    assert [r[0] for r in steps] == [1, 5]
    assert [e.id for e in followups.employments(db, pid)] == [second, first]
    current = followups.current_employment(followups.employments(db, pid), TODAY)
    assert current is not None and current.employer == "Kafé Linden"
    other = _person(db, first_name="Erik")
    followups.add_employment(
        db, other, {"employer": "X AB", "start_on": "2026-10-05", "subsidised": "nej", "extent": 50}, to_step_5=False
    )
    assert db.read().execute("SELECT count(*) FROM step_change WHERE participant_id = ?", (other,)).fetchone()[0] == 1


def test_update_employment_validates(db: Database) -> None:
    pid = _person(db)
    job = _employ(db, pid, "2026-10-05")
    values = followups.employment(db, job).values()
    with pytest.raises(InputError, match="Slutdatum"):
        followups.update_employment(db, job, {**values, "end_on": "2026-01-01"})
    followups.update_employment(db, job, {**values, "extent": 75, "end_on": "2027-06-30"})
    row = followups.employment(db, job)
    assert (row.extent, row.end_on) == (75, date(2027, 6, 30))
    with pytest.raises(StoreError, match="finns inte"):
        followups.employment(db, job + 99)


def test_template_is_validated_and_used_for_new_employments(db: Database) -> None:
    assert followups.template(db) == schedule.DEFAULT_TEMPLATE
    short = (
        schedule.TemplateSlot("B1", "visit", "W", 1),
        schedule.TemplateSlot("S", "closing_call", "A", 3),
    )
    with pytest.raises(schedule.TemplateError):
        followups.save_template(db, [schedule.TemplateSlot("B1", "visit", "W", -1)])
    followups.save_template(db, short)
    assert followups.template(db) == short
    pid = _person(db)
    job = _employ(db, pid, "2026-10-05")
    assert sorted(_rows(db, job)) == ["B1", "S"]


def test_calendar_rows_have_initials_only(db: Database) -> None:
    pid = _person(db, first_name="Anna", last_name="Andersson")
    job = _employ(db, pid, "2026-11-02")
    rows = followups.calendar_rows(db, TODAY, TODAY + timedelta(days=60))
    assert rows and all(r.initials == "A.A." and r.employment_id == job for r in rows)
    assert all(TODAY <= r.due_on <= TODAY + timedelta(days=60) for r in rows)


def test_the_sql_sus_date_is_the_domain_rule_on_every_day() -> None:
    """``_sus_due_sql`` (used by the fast JSON agenda) equals domain.sus.sus_exit_date, month ends and
    leap years included, for every exit reason and several delays."""
    import sqlite3
    from datetime import timedelta

    from coachtui.domain.codes import EXIT_REASON
    from coachtui.domain.sus import sus_exit_date

    conn = sqlite3.connect(":memory:")
    conn.execute('CREATE TABLE e ("on" TEXT, reason TEXT)')
    days = [date(2023, 11, 1) + timedelta(days=n) for n in range(2 * 366 + 31)]
    conn.executemany("INSERT INTO e VALUES (?, ?)", [(d.isoformat(), r) for d in days for r in EXIT_REASON])
    for delay in (0, 1, 3, 6, 12):
        found = conn.execute(f'SELECT "on", reason, {followups._sus_due_sql(delay)} FROM e').fetchall()
        wrong = [
            (on, reason, due)
            for on, reason, due in found
            if due != sus_exit_date(date.fromisoformat(on), reason, delay).isoformat()
        ]
        assert not wrong, wrong[:5]


@pytest.mark.parametrize("days", [0, 7, 30])
def test_the_json_agenda_is_the_agenda(demo_db: Database, days: int) -> None:
    """What ``coachtui reminders --format json`` prints (built by SQLite) is agenda() item for item."""
    import json

    from coachtui.store import exits

    exits.register_exit(  # an exit to work on a month end: its SUS date is clamped
        demo_db,
        participants.caseload(demo_db, today=TODAY)[0].id,
        {"on": "2026-08-31", "reason": "studies", "occupation_after_kind": "studies", "occupation_after_extent": 50},
        TODAY,
    )
    expected = [item.to_json() for item in followups.agenda(demo_db, TODAY, days, reasons=False)]
    assert json.loads(followups.agenda_json(demo_db, TODAY, days)) == expected
    clamped = any(item["kind"] == "sus_exit" and item["due_on"] == "2026-11-30" for item in expected)
    assert clamped == (days >= 7)  # 31 August + 3 months = 30 November, inside the window from a week on


def test_a_withdrawn_consent_is_a_sus_exit_due_at_once(db: Database) -> None:
    """Withdrawing consent is itself the SUS exit (due at once), even when the consent box is unticked."""
    import json

    from coachtui.store import exits

    pid = participants.add_participant(db, participant_data(sus_consent=False))
    exits.register_exit(db, pid, {"on": "2026-11-20", "reason": "consent_withdrawn"}, TODAY)
    (item,) = [i for i in followups.agenda(db, TODAY, 7) if i.kind == "sus_exit"]
    assert (item.participant_id, item.due_on, item.overdue_days) == (pid, date(2026, 11, 20), 3)
    assert json.loads(followups.agenda_json(db, TODAY, 7)) == [i.to_json() for i in followups.agenda(db, TODAY, 7)]


def test_an_ended_employment_is_not_current_and_cannot_be_extended(db: Database) -> None:
    """The participant screen and "extend" share one rule: the latest employment that has not ended."""
    pid = _person(db)
    job = _employ(db, pid, "2026-03-02")
    with db.write() as conn:
        conn.execute("UPDATE employment SET end_on = '2026-10-30' WHERE id = ?", (job,))
    assert followups.current_employment(followups.employments(db, pid), TODAY) is None
    with pytest.raises(StoreError, match="ingen anställning"):
        followups.extend(db, pid, today=TODAY)
    assert followups.current_employment(followups.employments(db, pid), date(2026, 10, 30)) is not None
