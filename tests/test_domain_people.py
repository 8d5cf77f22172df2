"""The rules about a person and the caseload's flags, on plain values (domain/people.py, domain/caseload.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coachtui.domain import codes, people
from coachtui.domain.caseload import NO_CONTACT_DAYS, Flags, flags
from coachtui.i18n import set_language
from coachtui.store.inputs import InputError, ParticipantIn, parse
from conftest import participant_data

TODAY = date(2026, 12, 2)


def test_initials_with_dots_and_the_erase_confirmation_accepts_any_spelling() -> None:
    assert people.initials("anna", "andersson") == "A.A."
    assert people.initials("Åsa", " Öberg ") == "Å.Ö."
    assert people.initials_match("aö", "Anna", "Östberg")
    assert people.initials_match(" A.Ö. ", "Anna", "Östberg")
    assert people.initials_match("a ö", "Anna", "Östberg")
    assert not people.initials_match("AB", "Anna", "Östberg")
    assert not people.initials_match("", "Anna", "Östberg")
    assert not people.initials_match("..", "Anna", "Östberg")


@pytest.mark.parametrize(
    ("birth_year", "allowed"),
    [
        (2011, False),  # 14 or 15 in 2026
        (2010, True),  # 15 or 16: may be 16
        (1959, True),  # 66 or 67
        (1958, True),  # 67 or 68: may be 67
        (1957, False),  # 68 or 69
    ],
)
def test_the_age_rule_allows_whoever_can_be_16_to_67_on_the_enrolment_day(birth_year: int, allowed: bool) -> None:
    on = date(2026, 6, 1)
    low, high = people.possible_ages(birth_year, on)
    assert high - low == 1 and high == 2026 - birth_year
    assert people.age_allowed(birth_year, on) is allowed


def test_the_form_message_names_the_ages_and_the_limits_the_check_uses() -> None:
    set_language("sv")
    with pytest.raises(InputError) as refused:
        parse(ParticipantIn, participant_data(birth_year=1957, enrolled_on="2026-06-01"))
    assert "68-69 år" in str(refused.value) and f"{people.AGE_MIN}-{people.AGE_MAX}" in str(refused.value)
    assert parse(ParticipantIn, participant_data(birth_year=1958, enrolled_on="2026-06-01")).birth_year == 1958


def test_the_exit_and_occupation_rules() -> None:
    assert codes.occupation_after_exit("unsubsidised_work") == "unsubsidised_work"
    assert codes.occupation_after_exit("subsidised_work") == "subsidised_work"
    assert codes.occupation_after_exit("studies") is None
    assert codes.extent_fits("none", 0) and not codes.extent_fits("none", 50)
    assert codes.extent_fits("unsubsidised_work", 75)
    assert not codes.exit_cancels_followups("unsubsidised_work")
    assert codes.exit_cancels_followups("moved") and codes.exit_cancels_followups("studies")
    assert all(codes.exit_cancels_followups(r) is (r not in codes.WORK_REASONS) for r in codes.EXIT_REASON)


def _flags(**changes: object) -> Flags:
    values: dict[str, object] = {
        "exited": False,
        "sus_consent": True,
        "overdue_count": 0,
        "last_contact_on": TODAY,
        "enrolled_on": date(2026, 1, 5),
        "today": TODAY,
    }
    values.update(changes)
    return flags(**values)  # type: ignore[arg-type]


def test_the_caseload_flags() -> None:
    assert _flags() == Flags(False, False, False)
    assert _flags(sus_consent=False).consent_missing
    assert _flags(overdue_count=2).overdue
    assert not _flags(last_contact_on=TODAY - timedelta(days=NO_CONTACT_DAYS)).no_contact
    assert _flags(last_contact_on=TODAY - timedelta(days=NO_CONTACT_DAYS + 1)).no_contact
    # never a contact: counted from the enrolment
    assert _flags(last_contact_on=None, enrolled_on=TODAY - timedelta(days=NO_CONTACT_DAYS + 1)).no_contact
    assert not _flags(last_contact_on=None, enrolled_on=TODAY - timedelta(days=3)).no_contact
    # an exited participant needs nothing
    assert _flags(exited=True, sus_consent=False, overdue_count=3, last_contact_on=None) == Flags(False, False, False)
