"""Team settings: the input model of the settings form and ``settings.put_many``/``save_team`` (one
transaction, one audit row without values, nothing written when a value is bad)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from coachtui.screens.lock import lock_seconds
from coachtui.store import followups, report_data, settings
from coachtui.store.db import Database
from coachtui.store.inputs import InputError, TeamSettingsIn, parse
from conftest import TODAY

GOOD = {
    "sus_delay_months": "4",
    "target_participants_per_year": "30",
    "target_share_percent": "37,5",
    "lock_minutes": "1,5",
}


def stored(db: Database) -> dict[str, str]:
    return {str(k): str(v) for k, v in db.read().execute("SELECT key, value FROM setting").fetchall()}


def audit_rows(db: Database) -> list[tuple[Any, ...]]:
    return [
        tuple(r)
        for r in db.read().execute("SELECT action, entity, count, detail FROM audit WHERE action = 'settings changed'")
    ]


def problems(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(InputError) as caught:
        parse(TeamSettingsIn, data)
    return {p.field: p.message for p in caught.value.problems}


# --- the input model ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (GOOD, {"sus_delay_months": "4", "target_participants_per_year": "30",
                "target_share_work_or_studies": "0.375", "lock_minutes": "1.5"}),
        ({"sus_delay_months": "0", "target_participants_per_year": "0", "target_share_percent": "0",
          "lock_minutes": "0"},
         {"sus_delay_months": "0", "target_participants_per_year": "0", "target_share_work_or_studies": "0",
          "lock_minutes": "0"}),
        ({"sus_delay_months": "12", "target_participants_per_year": "1000", "target_share_percent": "100 %",
          "lock_minutes": "240"},
         {"sus_delay_months": "12", "target_participants_per_year": "1000", "target_share_work_or_studies": "1",
          "lock_minutes": "240"}),
        ({"sus_delay_months": "3", "target_participants_per_year": "28", "target_share_percent": "50%",
          "lock_minutes": "0.25"},
         {"sus_delay_months": "3", "target_participants_per_year": "28", "target_share_work_or_studies": "0.5",
          "lock_minutes": "0.25"}),
    ],
)  # fmt: skip
def test_good_values_become_the_texts_the_store_keeps(typed: dict[str, str], expected: dict[str, str]) -> None:
    assert parse(TeamSettingsIn, typed).as_settings() == expected


def test_values_outside_the_ranges_are_refused_naming_each_field() -> None:
    found = problems(
        {
            "sus_delay_months": "13",
            "target_participants_per_year": "1001",
            "target_share_percent": "100,5",
            "lock_minutes": "240,5",
        }
    )
    assert found == {
        "sus_delay_months": "SUS-fördröjning (månader): får vara högst 12",
        "target_participants_per_year": "Mål deltagare per år: får vara högst 1000",
        "target_share_percent": "Mål andel till arbete eller studier (%): får vara högst 100",
        "lock_minutes": "Låsning efter (minuter): får vara högst 240",
    }
    assert problems({**GOOD, "lock_minutes": "-1"}) == {"lock_minutes": "Låsning efter (minuter): måste vara minst 0"}


def test_blank_text_and_non_numbers_get_clear_messages() -> None:
    found = problems(
        {"sus_delay_months": "", "target_participants_per_year": "2,5", "target_share_percent": "hälften",
         "lock_minutes": "nan"}
    )  # fmt: skip
    assert found == {
        "sus_delay_months": "SUS-fördröjning (månader): måste fyllas i",
        "target_participants_per_year": "Mål deltagare per år: måste vara ett heltal",
        "target_share_percent": "Mål andel till arbete eller studier (%): måste vara ett tal",
        "lock_minutes": "Låsning efter (minuter): måste vara ett tal",
    }
    assert problems({**GOOD, "lock_minutes": " "}) == {"lock_minutes": "Låsning efter (minuter): måste fyllas i"}
    assert "target_share_percent" in problems({**GOOD, "target_share_percent": "inf"})
    missing = problems({"sus_delay_months": "3"})
    assert set(missing) == {"target_participants_per_year", "target_share_percent", "lock_minutes"}


@hypothesis_settings(max_examples=80, deadline=None)
@given(name=st.sampled_from(list(GOOD)), text=st.text(max_size=8))
def test_any_text_in_one_field_is_stored_within_its_range_or_refused_naming_that_field(name: str, text: str) -> None:
    try:
        saved = parse(TeamSettingsIn, {**GOOD, name: text}).as_settings()
    except InputError as exc:
        assert [p.field for p in exc.problems] == [name]
        return
    assert 0 <= int(saved["sus_delay_months"]) <= 12
    assert 0 <= int(saved["target_participants_per_year"]) <= 1000
    assert 0 <= float(saved["target_share_work_or_studies"]) <= 1
    assert 0 <= float(saved["lock_minutes"]) <= 240


# --- put_many and save_team -----------------------------------------------------------


def test_put_many_writes_the_changes_in_one_transaction_with_one_audit_row(db: Database) -> None:
    settings.put(db, "lock_minutes", "10")
    changes = settings.put_many(
        db,
        {"sus_delay_months": "4", "target_participants_per_year": "28", "lock_minutes": "2"},
    )
    assert changes == {"sus_delay_months": ("3", "4"), "lock_minutes": ("10", "2")}  # 28 is the default already
    assert stored(db) == {"sus_delay_months": "4", "lock_minutes": "2"}
    assert audit_rows(db) == [("settings changed", "setting", 2, "sus_delay_months,lock_minutes")]  # keys, no values


def test_put_many_without_a_change_writes_nothing(db: Database) -> None:
    before = db.read().execute("SELECT count(*) FROM audit").fetchone()[0]
    assert settings.put_many(db, {"sus_delay_months": "3", "target_share_work_or_studies": "0.5"}) == {}
    assert stored(db) == {}
    assert db.read().execute("SELECT count(*) FROM audit").fetchone()[0] == before


def test_put_many_refuses_an_unknown_key_before_writing(db: Database) -> None:
    with pytest.raises(KeyError):
        settings.put_many(db, {"sus_delay_months": "4", "colour": "red"})
    assert stored(db) == {}


def test_put_many_rolls_back_every_value_when_the_transaction_fails(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coachtui.store import audit

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        settings.put_many(db, {"sus_delay_months": "4", "lock_minutes": "2"})
    assert stored(db) == {}


def test_save_team_with_a_bad_value_writes_nothing(db: Database) -> None:
    before = db.read().execute("SELECT count(*) FROM audit").fetchone()[0]
    with pytest.raises(InputError) as caught:
        settings.save_team(db, {**GOOD, "target_share_percent": "120"})
    assert [p.field for p in caught.value.problems] == ["target_share_percent"]
    assert stored(db) == {}
    assert db.read().execute("SELECT count(*) FROM audit").fetchone()[0] == before


def test_saved_values_are_what_the_report_the_lock_and_the_reminders_read(demo_db: Database) -> None:
    def sus_dates() -> dict[str, date]:
        return {i.name: i.due_on for i in followups.agenda(demo_db, TODAY, 14) if i.is_sus_exit}

    # Anna ended to work on 2026-07-24 (3 months: 2026-10-24); Johan moved away (at once, whatever the delay)
    assert sus_dates() == {"Anna A.": date(2026, 10, 24), "Johan V.": date(2026, 11, 13)}
    changes = settings.save_team(demo_db, GOOD)
    assert set(changes) == {
        "sus_delay_months",
        "target_participants_per_year",
        "target_share_work_or_studies",
        "lock_minutes",
    }
    assert changes["target_share_work_or_studies"] == ("0.5", "0.375")
    team = report_data.team(demo_db)
    assert (team.target_participants_per_year, team.target_share_work_or_studies) == (30, 0.375)
    assert lock_seconds(demo_db) == 90
    assert settings.sus_delay_months(demo_db) == 4
    assert sus_dates() == {"Anna A.": date(2026, 11, 24), "Johan V.": date(2026, 11, 13)}
    assert audit_rows(demo_db)[-1][:3] == ("settings changed", "setting", 4)
    # the same values again: nothing changes and nothing is written
    assert settings.save_team(demo_db, GOOD) == {}
    assert len(audit_rows(demo_db)) == 1
