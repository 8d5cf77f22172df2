"""The NNS questionnaire's rules, against figures worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from coachtui.domain import survey
from coachtui.domain.survey import Goals, Sheet, SheetError

OCT1, OCT31 = date(2026, 10, 1), date(2026, 10, 31)

# Four ongoing sheets in October, one the day before, one exit sheet in October.
A = Sheet(date(2026, 10, 5), "ongoing", "woman", (5, 6, 4, None, 3, 6, 6), "Gislaved", "SE")
B = Sheet(date(2026, 10, 12), "ongoing", "woman", (3, 4, None, None, 2, 5, 3), "Gislaved", "SE")
C = Sheet(date(2026, 10, 31), "ongoing", "man", (6, 6, 6, 6, 6, 6, 6), "Vaggeryd", "IPS")
D = Sheet(OCT1, "ongoing", "unstated", (None, None, 1, None, None, None, 4), "Gislaved", "SE")
BEFORE = Sheet(date(2026, 9, 30), "ongoing", "woman", (6, 6, 6, 6, 6, 6, 6), "Gislaved", "SE")
EXIT = Sheet(date(2026, 10, 20), "exit", "man", (1, 1, 1, 1, 1, 1, 1), "Gislaved", "SE")
ALL = [A, B, C, D, BEFORE, EXIT]


def test_the_questions_keep_the_sheets_wording() -> None:
    assert len(survey.QUESTIONS) == 7
    assert survey.QUESTIONS[0] == "Får du stöd på ett sätt som är till stor nytta för dig?"
    assert survey.QUESTIONS[6] == "Upplever du att personalen tar tillvara dina erfarenheter, kunskaper och synpunkter?"
    assert survey.scale(1) == ("Aldrig", "Sällan", "Ibland", "Ofta", "För det mesta", "Alltid")
    assert survey.scale(4) == survey.scale(1)
    assert survey.scale(5) == (
        "Inte alls",
        "Till liten del",
        "Delvis",
        "Till stor del",
        "Till mycket stor del",
        "Helt och hållet",
    )
    assert survey.scale(7) == survey.scale(5)
    with pytest.raises(ValueError):
        survey.scale(8)


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        ([1, 2, 3, 4, 5, 6, 1, 2], "7 frågor, inte 8"),
        ([1, 2, 3], "7 frågor, inte 3"),
        ([1, 2, 3, 7, 5, 6, 1], "Fråga 4: svaret måste vara 1-6"),
        ([0, 2, 3, 4, 5, 6, 1], "Fråga 1"),
        (["5", 2, 3, 4, 5, 6, 1], "Fråga 1"),
        ([True, 2, 3, 4, 5, 6, 1], "Fråga 1"),
        ([None] * 7, "minst en fråga"),
        ("1234561", "lista med 7 värden"),
    ],
)
def test_a_bad_sheet_is_refused_with_one_clear_line(answers: object, words: str) -> None:
    with pytest.raises(SheetError) as caught:
        survey.validate_answers(answers)  # type: ignore[arg-type]
    assert words in caught.value.message
    assert "\n" not in caught.value.message


def test_a_good_sheet_keeps_its_skipped_answers() -> None:
    assert survey.validate_answers([5, None, 1, 6, None, None, 4]) == (5, None, 1, 6, None, None, 4)
    assert survey.validate_answers((None, None, None, None, None, None, 6)) == (None,) * 6 + (6,)


def test_share_rounds_half_up_to_three_decimals() -> None:
    assert survey.share(1, 16) == 0.063  # 0.0625: round() would give 0.062
    assert survey.share(13, 16) == 0.813  # 0.8125
    assert survey.share(2, 3) == 0.667
    assert survey.share(1, 3) == 0.333
    assert survey.share(3, 4) == 0.75
    assert survey.share(0, 5) == 0.0
    assert survey.share(0, 0) == 0.0


def test_the_report_of_a_month_worked_out_by_hand() -> None:
    report = survey.build(ALL, OCT1, OCT31, kind="ongoing").as_json()
    assert list(report) == ["from", "to", "kind", "responses", "questions", "all", "by_respondent"]
    assert report["from"] == "2026-10-01" and report["to"] == "2026-10-31" and report["kind"] == "ongoing"
    assert report["responses"] == {"woman": 2, "man": 1, "unstated": 1, "total": 4}
    expected = [
        # question, answered, top3, share, goal, met
        (1, 3, 2, 0.667, 0.75, False),
        (2, 3, 3, 1.0, None, None),
        (3, 3, 2, 0.667, None, None),  # D's 1 counts as answered, not in the top three
        (4, 1, 1, 1.0, None, None),  # only C answered
        (5, 3, 1, 0.333, 0.75, False),
        (6, 3, 3, 1.0, None, None),
        (7, 4, 3, 0.75, 0.85, False),
    ]
    got = [(q["question"], q["answered"], q["top3"], q["share"], q["goal"], q["met"]) for q in report["questions"]]
    assert got == expected
    assert list(report["questions"][0]) == ["question", "answered", "top3", "share", "goal", "met"]
    # all pools the 20 answered questions, 15 of them in the top three: 0.75 >= 0.7
    assert report["all"] == {"answered": 20, "top3": 15, "share": 0.75, "goal": 0.7, "met": True}


def test_by_respondent_worked_out_by_hand() -> None:
    by = survey.build(ALL, OCT1, OCT31, kind="ongoing").as_json()["by_respondent"]
    assert list(by) == ["woman", "man", "unstated"]
    woman = by["woman"]  # A and B
    assert woman["questions"][0] == {"question": 1, "answered": 2, "top3": 1, "share": 0.5, "goal": 0.75, "met": False}
    # A: 6 answered, 5 in the top three; B: 5 answered, 2 in the top three -> 7/11 = 0.6363…
    assert woman["all"] == {"answered": 11, "top3": 7, "share": 0.636, "goal": 0.7, "met": False}
    man = by["man"]  # C only
    assert man["all"] == {"answered": 7, "top3": 7, "share": 1.0, "goal": 0.7, "met": True}
    assert man["questions"][6]["met"] is True
    unstated = by["unstated"]  # D skipped question 1: a goal, nothing answered -> met null
    assert unstated["questions"][0] == {
        "question": 1,
        "answered": 0,
        "top3": 0,
        "share": 0.0,
        "goal": 0.75,
        "met": None,
    }
    assert unstated["all"] == {"answered": 2, "top3": 1, "share": 0.5, "goal": 0.7, "met": False}


def test_kind_and_period_and_filters_narrow_the_sheets() -> None:
    both = survey.build(ALL, OCT1, OCT31).as_json()
    assert both["kind"] is None
    assert both["responses"] == {"woman": 2, "man": 2, "unstated": 1, "total": 5}  # the exit sheet too
    assert both["questions"][0]["answered"] == 4 and both["questions"][0]["top3"] == 2
    exits = survey.build(ALL, OCT1, OCT31, kind="exit").as_json()
    assert exits["responses"]["total"] == 1 and exits["all"] == {
        "answered": 7,
        "top3": 0,
        "share": 0.0,
        "goal": 0.7,
        "met": False,
    }
    gislaved = survey.build(ALL, OCT1, OCT31, kind="ongoing", municipality="gislaved").as_json()
    assert gislaved["responses"]["total"] == 3  # A, B, D (case ignored)
    ips = survey.build(ALL, OCT1, OCT31, program="IPS").as_json()
    assert ips["responses"] == {"woman": 0, "man": 1, "unstated": 0, "total": 1}
    september = survey.build(ALL, date(2026, 9, 1), date(2026, 9, 30)).as_json()
    assert september["responses"]["total"] == 1


def test_an_empty_period_gives_zeros_and_no_verdict() -> None:
    report = survey.build(ALL, date(2025, 1, 1), date(2025, 12, 31)).as_json()
    assert report["responses"] == {"woman": 0, "man": 0, "unstated": 0, "total": 0}
    assert all(q["answered"] == 0 and q["share"] == 0.0 and q["met"] is None for q in report["questions"])
    assert [q["goal"] for q in report["questions"]] == [0.75, None, None, None, 0.75, None, 0.85]
    assert report["all"] == {"answered": 0, "top3": 0, "share": 0.0, "goal": 0.7, "met": None}
    assert report["by_respondent"]["woman"]["all"]["met"] is None


def test_a_share_equal_to_the_goal_meets_it_and_goals_come_from_the_settings() -> None:
    sheets = [Sheet(OCT1, "ongoing", "woman", (a, None, None, None, None, None, None)) for a in (4, 5, 6, 1)]
    report = survey.build(sheets, OCT1, OCT31).as_json()
    assert report["questions"][0]["share"] == 0.75 and report["questions"][0]["met"] is True
    goals = survey.goals_from_settings({"survey_goal_all": "0.8", "survey_goal_q1": "", "survey_goal_q2": "0,5"})
    assert goals == Goals(0.8, (None, 0.5, None, None, 0.75, None, 0.85))
    report = survey.build(sheets, OCT1, OCT31, goals=goals).as_json()
    assert report["questions"][0]["goal"] is None and report["questions"][0]["met"] is None
    assert report["all"]["goal"] == 0.8 and report["all"]["met"] is False
    assert survey.goals_from_settings({"survey_goal_all": "x"}).all == 0.7  # unreadable: the default
    assert survey.reminder_days("120") == 120 and survey.reminder_days("") == 90 and survey.reminder_days("-1") == 90


def test_the_reminder_rule() -> None:
    enrolled = date(2026, 8, 1)
    due = date(2026, 10, 30)  # + 90 days
    assert survey.reminder_due(enrolled, None, False, date(2026, 10, 29)) is None  # 89 days
    assert survey.reminder_due(enrolled, None, False, due) == due
    assert survey.reminder_due(enrolled, None, False, date(2027, 1, 1)) == due
    assert survey.reminder_due(enrolled, date(2026, 11, 2), False, date(2027, 1, 1)) is None  # handed out
    assert survey.reminder_due(enrolled, None, True, date(2027, 1, 1)) is None  # exited
    assert survey.reminder_due(enrolled, None, False, date(2026, 8, 31), days=30) == date(2026, 8, 31)
