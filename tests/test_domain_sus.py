from datetime import date

import pytest

from coachtui.domain.codes import DELAYED_SUS_REASONS, EXIT_REASON
from coachtui.domain.sus import DEFAULT_DELAY_MONTHS, sus_exit_date

EXITED = date(2026, 3, 10)

EXPECTED = {
    "unsubsidised_work": date(2026, 6, 10),
    "subsidised_work": date(2026, 6, 10),
    "studies": date(2026, 6, 10),
    "job_seeking": EXITED,
    "continued_rehabilitation": EXITED,
    "moved": EXITED,
    "parental_leave": EXITED,
    "illness": EXITED,
    "consent_withdrawn": EXITED,
    "unplanned": EXITED,
    "other": EXITED,
    "registration_error": EXITED,
}


def test_expected_covers_every_exit_reason() -> None:
    assert set(EXPECTED) == set(EXIT_REASON)
    assert {r for r, d in EXPECTED.items() if d != EXITED} == DELAYED_SUS_REASONS


@pytest.mark.parametrize("reason", list(EXIT_REASON))
def test_sus_exit_date_for_every_reason(reason: str) -> None:
    assert sus_exit_date(EXITED, reason) == EXPECTED[reason]


def test_default_delay_is_three_months() -> None:
    assert DEFAULT_DELAY_MONTHS == 3


def test_month_end_clamping() -> None:
    assert sus_exit_date(date(2026, 11, 30), "unsubsidised_work") == date(2027, 2, 28)
    assert sus_exit_date(date(2027, 11, 30), "studies") == date(2028, 2, 29)
    assert sus_exit_date(date(2026, 5, 31), "subsidised_work") == date(2026, 8, 31)


def test_custom_delay() -> None:
    assert sus_exit_date(date(2026, 1, 31), "studies", delay_months=1) == date(2026, 2, 28)
    assert sus_exit_date(date(2026, 1, 31), "studies", delay_months=6) == date(2026, 7, 31)
    assert sus_exit_date(date(2026, 1, 31), "studies", delay_months=0) == date(2026, 1, 31)
    assert sus_exit_date(date(2026, 1, 31), "consent_withdrawn", delay_months=6) == date(2026, 1, 31)


def test_consent_withdrawn_exits_at_once() -> None:
    assert sus_exit_date(date(2026, 11, 30), "consent_withdrawn") == date(2026, 11, 30)


def test_unknown_reason_and_negative_delay_are_rejected() -> None:
    with pytest.raises(ValueError, match="unknown exit reason"):
        sus_exit_date(EXITED, "retired")
    with pytest.raises(ValueError, match="delay_months"):
        sus_exit_date(EXITED, "studies", delay_months=-1)
