"""The pure export rules: contract order, SUS date, consent filter, period edges, Finsam counting."""

from __future__ import annotations

from datetime import date

import pytest

from coachtui.domain.codes import Occupation
from coachtui.domain.exports import (
    EXIT_FIELDS,
    ExitRecord,
    ExitRow,
    FinsamPerson,
    exit_row,
    exit_rows,
    finsam_counts,
    in_sus,
)


def record(**overrides: object) -> ExitRecord:
    values: dict[str, object] = {
        "exit_id": 1,
        "participant_id": 1,
        "participant_key": "p-001",
        "first_name": "Anna",
        "last_name": "Andersson",
        "birth_year": 1999,
        "gender": "woman",
        "municipality": "Gislaved",
        "program": "SE",
        "enrolled_on": date(2025, 2, 1),
        "sus_consent": True,
        "education": "upper_secondary",
        "support_before": ("social_assistance",),
        "occupation_before": Occupation("none", 0),
        "exited_on": date(2025, 12, 19),
        "reason": "subsidised_work",
        "occupation_after": Occupation("subsidised_work", 50),
        "support_after": (),
        "sus_registered_on": None,
    }
    values.update(overrides)
    return ExitRecord(**values)  # type: ignore[arg-type]


def test_row_fields_and_json_keys_follow_the_contract_order() -> None:
    assert ExitRow._fields == EXIT_FIELDS
    assert list(exit_row(record()).as_json()) == list(EXIT_FIELDS)


def test_json_object_of_the_contract_example() -> None:
    data = exit_row(record()).as_json()
    assert data == {
        "participant": "p-001",
        "first_name": "Anna",
        "last_name": "Andersson",
        "birth_year": 1999,
        "gender": "woman",
        "municipality": "Gislaved",
        "program": "SE",
        "enrolled_on": "2025-02-01",
        "exited_on": "2025-12-19",
        "reason": "subsidised_work",
        "sus_exit_on": "2026-03-19",
        "education": "upper_secondary",
        "support_before": ["social_assistance"],
        "support_after": [],
        "occupation_before": {"kind": "none", "extent": 0},
        "occupation_after": {"kind": "subsidised_work", "extent": 50},
        "days_in_program": (date(2025, 12, 19) - date(2025, 2, 1)).days,
    }
    assert data["days_in_program"] == 321


@pytest.mark.parametrize(
    ("reason", "delay", "expected"),
    [
        ("unsubsidised_work", 3, date(2026, 3, 19)),
        ("studies", 3, date(2026, 3, 19)),
        ("studies", 6, date(2026, 6, 19)),
        ("subsidised_work", 0, date(2025, 12, 19)),
        ("moved", 3, date(2025, 12, 19)),
        ("consent_withdrawn", 3, date(2025, 12, 19)),
    ],
)
def test_sus_exit_on_uses_the_team_delay_for_work_and_studies_only(reason: str, delay: int, expected: date) -> None:
    assert exit_row(record(reason=reason), delay_months=delay).sus_exit_on == expected


def test_only_participants_in_sus_are_exported() -> None:
    rows = exit_rows(
        [
            record(exit_id=1, participant_key="p-yes"),
            record(exit_id=2, participant_key="p-no", sus_consent=False),
            record(exit_id=3, participant_key="p-withdrawn", sus_consent=False, reason="consent_withdrawn"),
        ],
        start=None,
        end=None,
    )
    assert [r.participant for r in rows] == ["p-yes", "p-withdrawn"]
    assert in_sus(False, "consent_withdrawn") and not in_sus(False, "moved") and in_sus(True, None)


def test_registered_exits_are_left_out_unless_asked_for() -> None:
    records = [
        record(exit_id=1, participant_key="p-new"),
        record(exit_id=2, participant_key="p-done", sus_registered_on=date(2026, 3, 20)),
    ]
    assert [r.participant for r in exit_rows(records, start=None, end=None)] == ["p-new"]
    both = exit_rows(records, start=None, end=None, include_registered=True)
    assert sorted(r.participant for r in both) == ["p-done", "p-new"]


def test_period_is_inclusive_at_both_ends() -> None:
    days = [date(2026, 1, 1), date(2026, 1, 2), date(2026, 6, 29), date(2026, 6, 30), date(2026, 7, 1)]
    days.insert(0, date(2025, 12, 31))
    records = [record(exit_id=i, participant_key=f"p-{d}", exited_on=d) for i, d in enumerate(days)]
    rows = exit_rows(records, start=date(2026, 1, 1), end=date(2026, 6, 30))
    assert [r.exited_on for r in rows] == days[1:5]


def test_rows_are_ordered_by_exit_date() -> None:
    records = [
        record(exit_id=1, participant_key="late", exited_on=date(2026, 3, 1)),
        record(exit_id=2, participant_key="early", exited_on=date(2026, 1, 5)),
    ]
    assert [r.participant for r in exit_rows(records, start=None, end=None)] == ["early", "late"]


def test_pseudonymise_keeps_initials_and_birth_year_only() -> None:
    row = exit_row(record(first_name=" åsa", last_name="Öberg"), pseudonymise=True)
    assert (row.first_name, row.last_name, row.birth_year) == ("Å", "Ö", 1999)
    assert row.participant == "p-001"


def person(gender: str, enrolled: date, exited: date | None = None, *, consent: bool = True, reason: str | None = None):  # type: ignore[no-untyped-def]
    return FinsamPerson(gender, enrolled, consent, exited, reason if exited else None)


def test_finsam_counts_participants_enrolled_at_some_day_of_the_period() -> None:
    start, end = date(2026, 1, 1), date(2026, 6, 30)
    people = [
        person("woman", date(2025, 5, 1)),  # still enrolled
        person("woman", date(2026, 6, 30)),  # enrolled on the last day
        person("man", date(2025, 5, 1), date(2026, 1, 1)),  # exited on the first day
        person("man", date(2025, 5, 1), date(2025, 12, 31)),  # exited the day before: not counted
        person("man", date(2026, 7, 1)),  # enrolled after: not counted
        person("man", date(2026, 2, 1), date(2026, 3, 1), consent=False, reason="moved"),  # anonymous
        person("woman", date(2026, 2, 1), consent=False),  # anonymous
    ]
    counts = finsam_counts(people, start, end)
    assert counts.participants == {"woman": 3, "man": 2, "total": 5}
    assert counts.anonymous == {"woman": 1, "man": 1}
    data = counts.as_json()
    assert list(data) == ["from", "to", "participants", "anonymous"]
    assert list(data["participants"]) == ["woman", "man", "total"]
    assert list(data["anonymous"]) == ["woman", "man"]
    assert (data["from"], data["to"]) == ("2026-01-01", "2026-06-30")


def test_consent_withdrawn_is_never_counted_as_anonymous() -> None:
    people = [person("woman", date(2025, 1, 1), date(2026, 2, 1), consent=False, reason="consent_withdrawn")]
    counts = finsam_counts(people, date(2026, 1, 1), date(2026, 6, 30))
    assert counts.participants["total"] == 1
    assert counts.anonymous == {"woman": 0, "man": 0}


def test_finsam_refuses_a_reversed_period() -> None:
    with pytest.raises(ValueError):
        finsam_counts([], date(2026, 2, 1), date(2026, 1, 1))


def test_half_years_of_the_exports_screen() -> None:
    """The exports screen's period keys use the report's half-year rule."""
    from coachtui.domain.report import Period, half_year, shift

    assert half_year(date(2026, 11, 23)) == Period(date(2026, 7, 1), date(2026, 12, 31))
    assert half_year(date(2026, 6, 30)) == Period(date(2026, 1, 1), date(2026, 6, 30))
    second = Period(date(2026, 7, 1), date(2026, 12, 31))
    assert shift(second, -1) == Period(date(2026, 1, 1), date(2026, 6, 30))
    assert shift(second, 1) == Period(date(2027, 1, 1), date(2027, 6, 30))
    assert shift(Period(date(2026, 1, 1), date(2026, 6, 30)), -1) == Period(date(2025, 7, 1), date(2025, 12, 31))


def test_record_helpers_agree_with_the_row() -> None:
    rec = record()._replace(reason="studies")
    assert rec.sus_exit_on(3) == exit_row(rec).sus_exit_on
    assert rec.in_sus
