"""The agenda's sections and the reschedule input (domain.agenda)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from coachtui.domain import agenda as ag
from coachtui.i18n import set_language


@dataclass(frozen=True)
class Item:
    name: str
    due_on: date
    snoozed_until: date | None = None


MONDAY = date(2026, 11, 23)


def _names(items: list[Item]) -> list[str]:
    return [i.name for i in items]


def test_sections_on_a_monday() -> None:
    items = [
        Item("late2", date(2026, 11, 20)),
        Item("late9", date(2026, 11, 14)),
        Item("today", MONDAY),
        Item("tue", date(2026, 11, 24)),
        Item("sun", date(2026, 11, 29)),
        Item("next-mon", date(2026, 11, 30)),
        Item("day14", date(2026, 12, 7)),
        Item("day15", date(2026, 12, 8)),
    ]
    result = ag.sections(items, MONDAY)
    assert _names(result.overdue) == ["late9", "late2"]  # most days late first
    assert _names(result.today) == ["today"]
    assert _names(result.week) == ["tue", "sun"]  # the rest of the ISO week, Sunday included
    assert _names(result.coming) == ["next-mon", "day14"]  # up to today + 14, not beyond
    assert result.counts() == {"overdue": 2, "today": 1, "week": 2, "coming": 2, "snoozed": 0}


def test_on_a_sunday_the_week_is_over_and_monday_is_coming() -> None:
    sunday = date(2026, 11, 29)
    items = [Item("sun", sunday), Item("mon", date(2026, 11, 30)), Item("sat", date(2026, 11, 28))]
    result = ag.sections(items, sunday)
    assert ag.week_end(sunday) == sunday
    assert _names(result.today) == ["sun"]
    assert result.week == []
    assert _names(result.coming) == ["mon"]
    assert _names(result.overdue) == ["sat"]


def test_on_a_friday_the_week_is_the_weekend() -> None:
    friday = date(2026, 11, 27)
    items = [Item("sat", date(2026, 11, 28)), Item("sun", date(2026, 11, 29)), Item("mon", date(2026, 11, 30))]
    result = ag.sections(items, friday)
    assert _names(result.week) == ["sat", "sun"]
    assert _names(result.coming) == ["mon"]


def test_a_week_crossing_the_new_year_uses_the_iso_week() -> None:
    tuesday = date(2026, 12, 29)  # ISO week 53 of 2026 ends Sunday 3 January 2027
    assert ag.week_end(tuesday) == date(2027, 1, 3)
    result = ag.sections([Item("jan2", date(2027, 1, 2)), Item("jan4", date(2027, 1, 4))], tuesday)
    assert _names(result.week) == ["jan2"]
    assert _names(result.coming) == ["jan4"]


def test_a_short_horizon_cuts_the_week_too() -> None:
    result = ag.sections([Item("wed", date(2026, 11, 25)), Item("fri", date(2026, 11, 27))], MONDAY, horizon=2)
    assert _names(result.week) == ["wed"]
    assert result.coming == []


def test_snoozed_items_leave_today_and_overdue_but_are_counted() -> None:
    items = [
        Item("snoozed", MONDAY, snoozed_until=date(2026, 11, 24)),
        Item("awake", MONDAY, snoozed_until=MONDAY),  # snoozed until today: back in Idag
        Item("late-snoozed", date(2026, 11, 20), snoozed_until=date(2026, 11, 24)),
    ]
    result = ag.sections(items, MONDAY)
    assert _names(result.today) == ["awake"]
    assert result.overdue == []  # snoozed: out of Försenat until the day it was snoozed to
    assert _names(result.snoozed) == ["late-snoozed", "snoozed"]
    assert result.counts()["snoozed"] == 2 and result.counts()["overdue"] == 0
    back = ag.sections(items, date(2026, 11, 24))
    assert _names(back.overdue) == ["late-snoozed", "snoozed", "awake"]  # the next day it is late again


def test_key_orders_items_of_the_same_day() -> None:
    items = [Item("b", MONDAY), Item("a", MONDAY)]
    assert _names(ag.sections(items, MONDAY, key=lambda i: (i.name,)).today) == ["a", "b"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        (" 2026-12-01 ", date(2026, 12, 1)),
        ("+1", date(2026, 11, 24)),
        ("+ 3", date(2026, 11, 26)),
        ("+3d", date(2026, 11, 26)),
        ("+1w", date(2026, 11, 30)),
        ("+2v", date(2026, 12, 7)),
        ("+1W", date(2026, 11, 30)),
        ("idag", MONDAY),
        ("imorgon", date(2026, 11, 24)),
        ("tomorrow", date(2026, 11, 24)),
        ("tisdag", date(2026, 11, 24)),
        ("tis", date(2026, 11, 24)),
        ("Fredag", date(2026, 11, 27)),
        ("fri", date(2026, 11, 27)),
        ("thursday", date(2026, 11, 26)),
        ("sön", date(2026, 11, 29)),
        ("måndag", date(2026, 11, 30)),  # today is a Monday: the next one
        ("mon", date(2026, 11, 30)),
        ("lör.", date(2026, 11, 28)),
    ],
)
def test_parse_day_forms(text: str, expected: date) -> None:
    assert ag.parse_day(text, MONDAY) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Skriv ett datum"),
        ("   ", "Skriv ett datum"),
        ("2026-02-30", "finns inte"),
        ("2026-13-01", "finns inte"),
        ("nästa vecka", "Förstår inte"),
        ("+1x", "Förstår inte"),
        ("-1", "Förstår inte"),
        ("1/12", "Förstår inte"),
        ("+2000", "för långt fram"),
    ],
)
def test_parse_day_refuses_with_a_swedish_message(text: str, fragment: str) -> None:
    with pytest.raises(ag.DateInputError) as caught:
        ag.parse_day(text, MONDAY)
    assert fragment in caught.value.message
    assert str(caught.value) == caught.value.message


def test_reschedule_refuses_the_past_and_the_far_future() -> None:
    assert ag.parse_reschedule("idag", MONDAY) == MONDAY
    with pytest.raises(ag.DateInputError, match="redan passerat"):
        ag.parse_reschedule("2026-11-20", MONDAY)
    with pytest.raises(ag.DateInputError, match="för långt fram"):
        ag.parse_reschedule("2035-01-01", MONDAY)


def test_done_date_defaults_to_today_and_a_weekday_means_the_last_one() -> None:
    assert ag.parse_done_on("", MONDAY) == MONDAY
    assert ag.parse_done_on("fredag", MONDAY) == date(2026, 11, 20)
    assert ag.parse_done_on("måndag", MONDAY) == MONDAY
    assert ag.parse_done_on("2026-11-02", MONDAY) == date(2026, 11, 2)
    with pytest.raises(ag.DateInputError, match="inte kommit"):
        ag.parse_done_on("+1", MONDAY)


def test_messages_follow_the_language() -> None:
    set_language("en")
    try:
        with pytest.raises(ag.DateInputError, match="Cannot read"):
            ag.parse_day("soon", MONDAY)
    finally:
        set_language("sv")


def test_weekdays() -> None:
    assert ag.weekday_short(MONDAY) == "mån"
    assert ag.weekday_short(MONDAY, "en") == "Mon"
    assert ag.weekday_number("Söndag") == 6
    assert ag.weekday_number("someday") is None


def test_yesterday_and_the_day_before_for_a_done_date() -> None:
    tuesday = date(2026, 11, 24)
    for text in ("igår", "i går", "IGÅR", "yesterday"):
        assert ag.parse_done_on(text, tuesday) == MONDAY, text
    for text in ("i förrgår", "förrgår", "the day before yesterday"):
        assert ag.parse_done_on(text, tuesday) == date(2026, 11, 22), text
    with pytest.raises(ag.DateInputError):
        ag.parse_reschedule("igår", tuesday)  # a new date cannot be in the past


def test_a_weekday_for_a_done_date_is_the_last_such_day() -> None:
    tuesday = date(2026, 11, 24)
    assert ag.parse_done_on("fredag", tuesday) == date(2026, 11, 20)  # last Friday, not a refused future date
    assert ag.parse_done_on("fre", tuesday) == date(2026, 11, 20)
    assert ag.parse_done_on("fre.", tuesday) == date(2026, 11, 20)
    assert ag.parse_done_on("Friday", tuesday) == date(2026, 11, 20)
    assert ag.parse_done_on("tisdag", tuesday) == tuesday
    assert ag.parse_done_on("onsdag", tuesday) == date(2026, 11, 18)
    assert ag.parse_reschedule("fredag", tuesday) == date(2026, 11, 27)  # a new date: the next one
