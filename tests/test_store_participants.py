"""Participants, steps and journal through the store: validated, nothing written on bad input."""

from __future__ import annotations

from datetime import date

import pytest

from coachtui.store import participants
from coachtui.store.db import Database
from coachtui.store.inputs import InputError
from conftest import TODAY, participant_data


def count(db: Database, table: str) -> int:
    return int(db.read().execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_add_participant_starts_in_step_1_on_the_enrolment_date(db: Database) -> None:
    pid = participants.add_participant(db, participant_data())
    detail = participants.participant(db, pid)
    assert detail.name == "Anna Andersson"
    assert [(s.step, s.on) for s in detail.steps] == [(1, date(2026, 2, 2))]
    assert detail.values["support_before"] == ["social_assistance"]
    assert detail.key.startswith("p-")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("enrolled_on", "2026-02-30", "Inskriven: ogiltigt datum"),
        ("first_name", "   ", "Förnamn: får inte vara tomt"),
        ("gender", "other", "Kön: okänd kod"),
        ("occupation_before_extent", 120, "Omfattning före: får vara högst 100"),
        ("birth_year", "nittonhundra", "Födelseår: måste vara ett heltal"),
        ("support_since", "2022-13", "Försörjning sedan: ogiltig månad"),
        ("referred_on", "2026-03-01", "Aktualiserad: kan inte vara efter inskrivningsdagen"),
        ("support_before", ["social_assistance", "lottery"], "Försörjning före: okänd kod"),
        ("sus_consent", "kanske", "SUS-samtycke: skriv ja eller nej"),
    ],
)
def test_bad_input_is_refused_with_a_swedish_message_and_nothing_written(
    db: Database, field: str, value: object, message: str
) -> None:
    before = (count(db, "participant"), count(db, "step_change"), count(db, "audit"))
    with pytest.raises(InputError) as caught:
        participants.add_participant(db, participant_data(**{field: value}))
    assert any(p.message.startswith(message) for p in caught.value.problems), caught.value.problems
    assert (count(db, "participant"), count(db, "step_change"), count(db, "audit")) == before


def test_every_bad_field_is_listed_at_once(db: Database) -> None:
    with pytest.raises(InputError) as caught:
        participants.add_participant(db, participant_data(first_name="", last_name="", enrolled_on="x"))
    assert {p.field for p in caught.value.problems} == {"first_name", "last_name", "enrolled_on"}


def test_labels_are_accepted_as_well_as_codes(db: Database) -> None:
    pid = participants.add_participant(
        db, participant_data(gender="Kvinna", education="Gymnasial", sus_consent="ja", support_before="A-kassa")
    )
    values = participants.participant(db, pid).values
    assert (values["gender"], values["education"], values["sus_consent"]) == ("woman", "upper_secondary", True)
    assert values["support_before"] == ["unemployment_insurance"]


def test_text_is_stored_exactly_as_typed(db: Database) -> None:
    pid = participants.add_participant(db, participant_data(last_name="O'Brien; DROP TABLE participant;--"))
    text = "Möte 🙂 مرحبا\n'; DELETE FROM journal_entry; --"
    participants.add_journal(db, pid, {"on": "2026-03-01", "kind": "meeting", "text": text})
    detail = participants.participant(db, pid)
    assert detail.values["last_name"] == "O'Brien; DROP TABLE participant;--"
    assert detail.journal[0].text == text


def test_steps_go_forward_and_back_and_the_latest_is_current(db: Database) -> None:
    pid = participants.add_participant(db, participant_data())
    participants.change_step(db, pid, {"step": 3, "on": "2026-04-01", "note": "Jobbsök"}, today=TODAY)
    participants.change_step(db, pid, {"step": 2, "on": "2026-05-01"}, today=TODAY)
    detail = participants.participant(db, pid)
    assert detail.current_step is not None
    assert (detail.current_step.step, detail.current_step.on) == (2, date(2026, 5, 1))
    with pytest.raises(InputError, match="Steg"):
        participants.change_step(db, pid, {"step": 6, "on": "2026-05-02"}, today=TODAY)


def test_a_step_date_is_neither_in_the_future_nor_before_the_current_step(db: Database) -> None:
    pid = participants.add_participant(db, participant_data())
    participants.change_step(db, pid, {"step": 2, "on": "2026-05-01"}, today=TODAY)
    steps_before = len(participants.participant(db, pid).steps)
    with pytest.raises(InputError, match="kan inte vara i framtiden"):
        participants.change_step(db, pid, {"step": 3, "on": "2026-11-24"}, today=TODAY)
    with pytest.raises(InputError, match="före 2026-05-01"):
        participants.change_step(db, pid, {"step": 3, "on": "2026-04-30"}, today=TODAY)
    assert len(participants.participant(db, pid).steps) == steps_before  # nothing written
    participants.change_step(db, pid, {"step": 3, "on": TODAY.isoformat()}, today=TODAY)  # today itself is fine


def test_journal_add_edit_delete(db: Database) -> None:
    pid = participants.add_participant(db, participant_data())
    entry = participants.add_journal(db, pid, {"on": "2026-03-01", "kind": "phone", "text": "Ringde"})
    participants.update_journal(db, entry, {"on": "2026-03-02", "kind": "meeting", "text": "Träffades"})
    assert [(j.on, j.kind, j.text) for j in participants.participant(db, pid).journal] == [
        (date(2026, 3, 2), "meeting", "Träffades")
    ]
    with pytest.raises(InputError, match="Text"):
        participants.update_journal(db, entry, {"on": "2026-03-02", "kind": "meeting", "text": "  "})
    participants.delete_journal(db, entry)
    assert participants.participant(db, pid).journal == []


def test_caseload_rows_show_step_followups_and_contact(db: Database) -> None:
    from coachtui.store import followups

    pid = participants.add_participant(db, participant_data())
    participants.add_journal(db, pid, {"on": "2026-10-01", "kind": "meeting", "text": "x"})
    followups.add_employment(
        db, pid, {"employer": "Bageriet AB", "start_on": "2026-10-15", "subsidised": False, "extent": 100}
    )
    (row,) = participants.caseload(db, today=TODAY)
    assert row.step == 5
    assert row.step_on == date(2026, 10, 15)
    assert row.last_contact_on == date(2026, 10, 1)
    assert row.next_followup_on == date(2026, 10, 22)  # W + 1 week
    assert row.overdue == 4  # V1-V4 (10-22, 10-29, 11-05, 11-12) are before 11-23; V5 is 11-26
    assert row.exited_on is None


def test_audit_log_holds_no_personal_data(db: Database) -> None:
    pid = participants.add_participant(db, participant_data(first_name="Zlatana", last_name="Unikesson"))
    participants.add_journal(db, pid, {"on": "2026-03-01", "kind": "phone", "text": "Zlatana ringde"})
    rows = db.read().execute("SELECT * FROM audit").fetchall()
    assert rows
    assert "Zlatana" not in repr(rows) and "Unikesson" not in repr(rows)


def test_the_caseload_finds_the_latest_contact_through_one_index_seek_per_participant(db: Database) -> None:
    """The last follow-up done comes from the partial index ix_followup_done (covering: no scan of a
    participant's follow-ups, no table look-up); at 10,000 participants this halves the whole read."""
    sql = participants._CASELOAD_SQL.format(where="")
    plan = [row[3] for row in db.read().execute(f"EXPLAIN QUERY PLAN {sql}", {"today": TODAY.isoformat()})]
    assert any("COVERING INDEX ix_followup_done" in step for step in plan), plan


def test_the_whole_caseload_read_in_one_step_equals_the_ordered_rows(db: Database) -> None:
    """The whole list comes as one JSON value (GIL released while SQLite builds it), sorted in Python: the
    same rows, values and order as the row-by-row query's ORDER BY (BINARY: code points, so "Zorn" < "andersson"
    < "Åberg" < "Östen"), exited participants included or not."""
    from coachtui.store import exits

    names = [("Östen", "Zorn"), ("Anna", "andersson"), ("Åsa", "Åberg"), ("Bo", "Östen"), ("Al", "Zorn")]
    ids = [participants.add_participant(db, participant_data(first_name=f, last_name=last)) for f, last in names]
    participants.add_journal(db, ids[0], {"on": "2026-10-01", "kind": "meeting", "text": "x"})
    work = {
        "reason": "unsubsidised_work",
        "occupation_after_kind": "unsubsidised_work",
        "occupation_after_extent": 75,
        "support_after": [],
    }
    exits.register_exit(db, ids[1], {"on": "2026-11-20", **work}, TODAY)
    for include_exited in (False, True):
        whole = participants.caseload(db, today=TODAY, include_exited=include_exited)
        ordered = participants.caseload(db, today=TODAY, include_exited=include_exited, limit=1000)
        assert whole == ordered
        assert [type(v) for v in whole[0]] == [type(v) for v in ordered[0]]
    assert [r.last_name for r in whole] == ["Zorn", "Zorn", "andersson", "Åberg", "Östen"]
    everyone = participants.caseload(db, today=TODAY, include_exited=True)
    assert [r.exited_on for r in everyone].count(date(2026, 11, 20)) == 1
    assert next(r for r in everyone if r.id == ids[0]).last_contact_on == date(2026, 10, 1)
