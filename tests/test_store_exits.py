"""Exits in the store: validation in context, follow-ups kept or cancelled, edit, undo, SUS mark, audit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coachtui.domain.exports import finsam_counts
from coachtui.store import exits, followups, participants, settings
from coachtui.store.db import Database, StoreError
from coachtui.store.inputs import InputError
from conftest import TODAY, participant_data

WORK = {
    "reason": "unsubsidised_work",
    "occupation_after_kind": "unsubsidised_work",
    "occupation_after_extent": 75,
    "support_after": [],
}


def add(db: Database, **overrides: object) -> int:
    return participants.add_participant(db, participant_data(**overrides))


def employed(db: Database, start: str = "2026-10-05") -> int:
    pid = add(db)
    followups.add_employment(db, pid, {"employer": "Bageriet AB", "start_on": start, "subsidised": False, "extent": 50})
    return pid


def followup_states(db: Database, pid: int) -> list[tuple[str, str, str]]:
    return [
        (r[0], r[1], r[2])
        for r in db.read().execute(
            "SELECT due_on, status, note FROM followup WHERE participant_id = ? ORDER BY due_on", (pid,)
        )
    ]


def count(db: Database, table: str) -> int:
    return int(db.read().execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_register_stores_the_exit_and_an_audit_row_without_names(db: Database) -> None:
    pid = add(db, first_name="Zelda", last_name="Quist")
    exit_id = exits.register_exit(db, pid, {"on": "2026-11-20", **WORK}, TODAY)
    found = exits.exit_of(db, pid)
    assert found is not None and found.id == exit_id
    assert (found.on, found.reason, found.occupation_after_extent) == (date(2026, 11, 20), "unsubsidised_work", 75)
    assert found.support_after == () and found.sus_registered_on is None
    audit = db.read().execute("SELECT action, entity, count, detail FROM audit ORDER BY id DESC").fetchone()
    assert audit[:3] == ("exit registered", "exit", 1)
    every = " ".join(str(c) for r in db.read().execute("SELECT * FROM audit") for c in r)
    assert "Zelda" not in every and "Quist" not in every


def test_exit_before_enrolment_is_refused_and_nothing_written(db: Database) -> None:
    pid = add(db, enrolled_on="2026-02-02")
    with pytest.raises(InputError) as caught:
        exits.register_exit(db, pid, {"on": "2026-02-01", **WORK}, TODAY)
    assert [p.field for p in caught.value.problems] == ["on"]
    assert "inskrivningsdagen 2026-02-02" in caught.value.problems[0].message
    assert count(db, "exit") == 0
    exits.register_exit(db, pid, {"on": "2026-02-02", **WORK}, TODAY)  # the enrolment day itself is fine
    assert count(db, "exit") == 1


def test_exit_at_most_31_days_ahead(db: Database) -> None:
    first, second = add(db), add(db)
    with pytest.raises(InputError) as caught:
        exits.register_exit(db, first, {"on": (TODAY + timedelta(days=32)).isoformat(), **WORK}, TODAY)
    assert caught.value.problems[0].field == "on"
    exits.register_exit(db, second, {"on": (TODAY + timedelta(days=31)).isoformat(), **WORK}, TODAY)
    assert count(db, "exit") == 1


def test_reason_is_required_and_must_agree_with_the_occupation(db: Database) -> None:
    pid = add(db)
    with pytest.raises(InputError) as caught:
        exits.register_exit(db, pid, {"on": "2026-11-20"}, TODAY)
    assert [p.field for p in caught.value.problems] == ["reason"]
    with pytest.raises(InputError) as caught:  # every problem at once
        exits.register_exit(db, pid, {"on": "2020-01-01"}, TODAY)
    assert sorted(p.field for p in caught.value.problems) == ["on", "reason"]
    with pytest.raises(InputError) as caught:
        exits.register_exit(
            db, pid, {"on": "2026-11-20", "reason": "subsidised_work", "occupation_after_kind": "none"}, TODAY
        )
    assert caught.value.problems[0].field == "occupation_after_kind"
    assert count(db, "exit") == 0


def test_a_second_exit_is_refused(db: Database) -> None:
    pid = add(db)
    exits.register_exit(db, pid, {"on": "2026-11-20", **WORK}, TODAY)
    with pytest.raises(StoreError):
        exits.register_exit(db, pid, {"on": "2026-11-21", **WORK}, TODAY)


def test_work_keeps_the_follow_ups_after_the_exit(db: Database) -> None:
    pid = employed(db)
    before = followup_states(db, pid)
    assert exits.followups_to_cancel(db, pid, date(2026, 11, 20), "unsubsidised_work") == 0
    exits.register_exit(db, pid, {"on": "2026-11-20", **WORK}, TODAY)
    assert followup_states(db, pid) == before


def test_other_reasons_cancel_planned_follow_ups_after_the_exit_date_only(db: Database) -> None:
    pid = employed(db)
    after = [d for d, status, _ in followup_states(db, pid) if d > "2026-11-20" and status == "planned"]
    assert after
    assert exits.followups_to_cancel(db, pid, date(2026, 11, 20), "moved") == len(after)
    exits.register_exit(db, pid, {"on": "2026-11-20", "reason": "moved"}, TODAY)
    states = followup_states(db, pid)
    assert [(d, s, n) for d, s, n in states if d > "2026-11-20"] == [(d, "skipped", "Avslutad: Flytt") for d in after]
    assert all(s == "planned" and n == "" for d, s, n in states if d <= "2026-11-20")
    detail = db.read().execute("SELECT detail FROM audit ORDER BY id DESC").fetchone()[0]
    assert detail == f"followups cancelled: {len(after)}"


def test_edit_gives_back_and_reapplies_the_rule(db: Database) -> None:
    pid = employed(db)
    original = followup_states(db, pid)
    exits.register_exit(db, pid, {"on": "2026-11-20", "reason": "illness"}, TODAY)
    assert any(s == "skipped" for _, s, _ in followup_states(db, pid))
    exits.update_exit(db, pid, {"on": "2026-11-20", **WORK}, TODAY)
    assert followup_states(db, pid) == original
    exits.update_exit(db, pid, {"on": "2026-12-15", "reason": "moved"}, TODAY)
    states = followup_states(db, pid)
    assert all((s == "skipped") == (d > "2026-12-15") for d, s, _ in states)
    found = exits.exit_of(db, pid)
    assert found is not None and (found.on, found.reason) == (date(2026, 12, 15), "moved")
    actions = [r[0] for r in db.read().execute("SELECT action FROM audit WHERE entity = 'exit' ORDER BY id")]
    assert actions == ["exit registered", "exit changed", "exit changed"]


def test_edit_keeps_the_sus_registration_date(db: Database) -> None:
    pid = add(db)
    exits.register_exit(db, pid, {"on": "2026-11-02", **WORK, "sus_registered_on": "2026-11-10"}, TODAY)
    exits.update_exit(db, pid, {"on": "2026-11-03", **WORK}, TODAY)
    found = exits.exit_of(db, pid)
    assert found is not None and found.sus_registered_on == date(2026, 11, 10)


def test_undo_removes_the_exit_and_gives_back_the_follow_ups(db: Database) -> None:
    pid = employed(db)
    original = followup_states(db, pid)
    exits.register_exit(db, pid, {"on": "2026-11-20", "reason": "moved"}, TODAY)
    restored = exits.undo_exit(db, pid)
    assert restored == sum(1 for d, _, _ in original if d > "2026-11-20")
    assert exits.exit_of(db, pid) is None
    assert followup_states(db, pid) == original
    assert db.read().execute("SELECT action FROM audit ORDER BY id DESC").fetchone()[0] == "exit undone"
    with pytest.raises(StoreError):
        exits.undo_exit(db, pid)


def test_undo_gives_back_only_what_the_exit_cancelled(db: Database) -> None:
    pid = employed(db)
    first_after = (
        db.read()
        .execute(
            "SELECT id, due_on FROM followup WHERE participant_id = ? AND due_on > '2026-11-20' ORDER BY due_on", (pid,)
        )
        .fetchone()
    )
    followups.skip(db, int(first_after[0]), "Avslutad: semester")  # the coach's own words, like the exit's note
    exits.register_exit(db, pid, {"on": "2026-11-20", "reason": "moved"}, TODAY)
    flagged = (
        db.read()
        .execute("SELECT count(*) FROM followup WHERE participant_id = ? AND cancelled_by_exit", (pid,))
        .fetchone()[0]
    )
    assert flagged == sum(1 for d, s, _ in followup_states(db, pid) if s == "skipped") - 1
    exits.undo_exit(db, pid)
    states = {d: (s, n) for d, s, n in followup_states(db, pid)}
    assert states[first_after[1]] == ("skipped", "Avslutad: semester")
    assert all(s == "planned" for d, (s, _) in states.items() if d != first_after[1])


def test_mark_registered_in_sus(db: Database) -> None:
    pid = add(db)
    exits.register_exit(db, pid, {"on": "2026-11-02", **WORK}, TODAY)
    with pytest.raises(InputError) as caught:
        exits.mark_sus_registered(db, pid, date(2026, 11, 1), today=TODAY)
    assert caught.value.problems[0].field == "sus_registered_on"
    with pytest.raises(InputError):
        exits.mark_sus_registered(db, pid, TODAY + timedelta(days=1), today=TODAY)
    exits.mark_sus_registered(db, pid, TODAY, today=TODAY)
    found = exits.exit_of(db, pid)
    assert found is not None and found.sus_registered_on == TODAY
    exits.mark_sus_registered(db, pid, None)
    found = exits.exit_of(db, pid)
    assert found is not None and found.sus_registered_on is None
    actions = [r[0] for r in db.read().execute("SELECT action FROM audit WHERE entity = 'exit' ORDER BY id")]
    assert actions[-2:] == ["exit registered in SUS", "exit SUS registration removed"]


def test_mark_without_an_exit_is_refused(db: Database) -> None:
    with pytest.raises(StoreError):
        exits.mark_sus_registered(db, add(db), TODAY)


def test_exit_records_in_a_period_with_everything_the_export_needs(db: Database) -> None:
    first = add(db, first_name="Eva", support_before=["social_assistance", "sickness_benefit"])
    second = add(db, first_name="Bo", gender="man", sus_consent=False)
    exits.register_exit(db, first, {"on": "2026-07-01", **WORK, "support_after": ["activity_support"]}, TODAY)
    exits.register_exit(db, second, {"on": "2026-06-30", "reason": "moved"}, TODAY)
    records = exits.exit_records(db, date(2026, 7, 1), date(2026, 12, 31))
    assert [r.first_name for r in records] == ["Eva"]
    rec = records[0]
    assert rec.support_before == ("social_assistance", "sickness_benefit")
    assert rec.support_after == ("activity_support",)
    assert (rec.occupation_after.kind, rec.occupation_after.extent) == ("unsubsidised_work", 75)
    assert rec.enrolled_on == date(2026, 2, 2) and rec.sus_consent
    assert [r.first_name for r in exits.exit_records(db)] == ["Bo", "Eva"]


def test_finsam_people_in_a_period(db: Database) -> None:
    add(db, gender="woman", enrolled_on="2026-02-02")
    left = add(db, gender="man", enrolled_on="2026-02-02", sus_consent=False)
    add(db, gender="man", enrolled_on="2026-07-02")
    exits.register_exit(db, left, {"on": "2026-05-01", "reason": "moved"}, TODAY)
    start, end = date(2026, 6, 1), date(2026, 6, 30)
    counts = finsam_counts(exits.finsam_people(db, start, end), start, end)
    assert counts.participants == {"woman": 1, "man": 0, "total": 1}
    counts = finsam_counts(exits.finsam_people(db, date(2026, 1, 1), end), date(2026, 1, 1), end)
    assert counts.participants == {"woman": 1, "man": 1, "total": 2}
    assert counts.anonymous == {"woman": 0, "man": 1}


def test_delay_comes_from_the_settings(db: Database) -> None:
    assert exits.delay_months(db) == 3
    settings.put(db, "sus_delay_months", "6")
    assert exits.delay_months(db) == 6
    assert exits.exit_context(db, add(db)).delay_months == 6


def test_the_demo_has_exits_of_each_kind(demo_db: Database) -> None:
    records = sorted(exits.exit_records(demo_db), key=lambda r: r.exited_on)
    assert len(records) == 4
    studies, work, job_seeking, moved = records
    assert work.reason == "unsubsidised_work" and work.sus_consent and work.sus_registered_on is None
    assert work.sus_exit_on() < TODAY  # a SUS reminder is due
    assert studies.sus_registered_on is not None and studies.sus_consent
    assert not job_seeking.sus_consent
    assert moved.reason == "moved" and moved.sus_exit_on() == moved.exited_on
