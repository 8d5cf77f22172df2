from __future__ import annotations

from datetime import date

import pytest

from coachtui.domain import codes, steps


@pytest.mark.parametrize(
    ("per_fte", "points"), [(0, 5), (20, 5), (20.5, 4), (25, 4), (26, 3), (30, 3), (31, 2), (40, 2), (41, 1), (99, 1)]
)
def test_fidelity_caseload_points(per_fte: float, points: int) -> None:
    assert steps.fidelity_caseload_points(per_fte) == points


def test_capacity_is_20_per_full_time_post() -> None:
    assert steps.capacity(1.0) == 20
    assert steps.capacity(0.4) == 8
    assert steps.capacity(0.7) == 14
    assert steps.capacity(0.1) == 2


def test_caseload_points_scale_with_fte() -> None:
    assert steps.caseload_points(8, 0.4) == 5  # 20 per full time
    assert steps.caseload_points(10, 0.4) == 4  # 25 per full time
    assert steps.caseload_points(11, 0.4) == 3  # 27.5
    assert steps.caseload_points(9, 0.4) == 4  # 22.5


def test_steps_move_both_ways_and_the_latest_wins() -> None:
    assert steps.next_step(1) == 2 and steps.next_step(5) is None
    assert steps.previous_step(3) == 2 and steps.previous_step(1) is None
    changes = [
        steps.StepChange(1, date(2026, 1, 1)),
        steps.StepChange(3, date(2026, 3, 1)),
        steps.StepChange(2, date(2026, 4, 1)),
    ]
    assert steps.current_step(changes) == steps.StepChange(2, date(2026, 4, 1))
    assert steps.step_dates(changes) == {1: date(2026, 1, 1), 3: date(2026, 3, 1), 2: date(2026, 4, 1)}
    assert steps.step_name(3) == "Jobbsökande" and steps.step_name(3, "en") == "Job finding"


def test_code_lists_match_the_contract() -> None:
    assert list(codes.GENDER) == ["woman", "man"]
    assert list(codes.PROGRAM) == ["SE", "IPS", "SEd"]
    assert list(codes.EDUCATION) == ["compulsory", "upper_secondary", "post_secondary", "unknown"]
    assert list(codes.OCCUPATION) == ["none", "unsubsidised_work", "subsidised_work", "studies", "job_seeking"]
    assert list(codes.EXIT_REASON) == [
        "unsubsidised_work",
        "subsidised_work",
        "studies",
        "job_seeking",
        "continued_rehabilitation",
        "moved",
        "parental_leave",
        "illness",
        "consent_withdrawn",
        "unplanned",
        "other",
        "registration_error",
    ]
    assert list(codes.SUPPORT) == [
        "sickness_benefit",
        "activity_compensation",
        "sickness_compensation",
        "unemployment_insurance",
        "activity_support",
        "establishment_allowance",
        "social_assistance",
    ]
    assert list(codes.REMINDER_KIND) == ["visit", "call", "closing_call", "sus_exit", "survey"]  # survey: Additions
    for table in codes.CODE_LISTS.values():
        for sv, en in table.values():
            assert sv and en


def test_labels_and_lookup_in_both_languages() -> None:
    assert codes.label("exit_reason", "moved") == "Flytt"
    assert codes.label("exit_reason", "moved", "en") == "Moved"
    assert codes.code_for("gender", "KVINNA") == "woman"
    assert codes.code_for("gender", "woman") == "woman"
    assert codes.code_for("gender", "other") is None
