from datetime import date, timedelta

import pytest

from coachtui.domain.workdays import (
    holidays_of_year,
    is_working_day,
    nearest_working_day,
    next_working_day,
    non_working_label,
    non_working_reason,
)


def test_ordinary_weekday_is_working_day() -> None:
    assert is_working_day(date(2026, 1, 15))  # Thursday
    assert non_working_reason(date(2026, 1, 15)) is None
    assert non_working_reason(date(2026, 1, 15), "en") is None


def test_weekend_is_not_working_day_and_is_named() -> None:
    assert not is_working_day(date(2026, 1, 17))
    assert not is_working_day(date(2026, 1, 18))
    assert non_working_reason(date(2026, 1, 17)) == "lördag"
    assert non_working_reason(date(2026, 1, 18)) == "söndag"
    assert non_working_reason(date(2026, 1, 17), "en") == "Saturday"
    assert non_working_reason(date(2026, 1, 18), "en") == "Sunday"


@pytest.mark.parametrize(
    ("day", "sv", "en"),
    [
        (date(2026, 1, 1), "Nyårsdagen", "New Year's Day"),
        (date(2026, 1, 6), "Trettondedag jul", "Epiphany"),
        (date(2026, 4, 3), "Långfredagen", "Good Friday"),
        (date(2026, 4, 6), "Annandag påsk", "Easter Monday"),
        (date(2026, 5, 1), "Första maj", "May Day"),
        (date(2026, 5, 14), "Kristi himmelsfärdsdag", "Ascension Day"),
        (date(2025, 6, 6), "Nationaldagen", "National Day"),  # a Friday in 2025
        (date(2026, 6, 19), "Midsommarafton", "Midsummer Eve"),
        (date(2026, 12, 24), "Julafton", "Christmas Eve"),
        (date(2026, 12, 25), "Juldagen", "Christmas Day"),
        (date(2025, 12, 26), "Annandag jul", "Second Day of Christmas"),  # a Friday in 2025
        (date(2026, 12, 31), "Nyårsafton", "New Year's Eve"),
    ],
)
def test_weekday_holidays_and_eves_are_not_working_days(day: date, sv: str, en: str) -> None:
    assert day.weekday() < 5
    assert not is_working_day(day)
    assert non_working_reason(day) == sv
    assert non_working_reason(day, "en") == en
    assert non_working_label(day) == (sv, en)


def test_holiday_on_weekend_is_named_after_the_holiday() -> None:
    assert non_working_reason(date(2026, 6, 20)) == "Midsommardagen"  # Saturday
    assert non_working_reason(date(2026, 4, 5)) == "Påskdagen"  # Sunday
    assert non_working_reason(date(2026, 6, 6), "en") == "National Day"  # Saturday


@pytest.mark.parametrize("year", range(2020, 2036))
def test_midsommarafton_is_the_day_before_midsommardagen(year: int) -> None:
    names = holidays_of_year(year)
    midsommardagen = next(d for d, (sv, _) in names.items() if sv == "Midsommardagen")
    eve = midsommardagen - timedelta(days=1)
    assert eve.weekday() == 4
    assert names[eve] == ("Midsommarafton", "Midsummer Eve")
    assert not is_working_day(eve)


def test_sundays_are_not_listed_as_holidays() -> None:
    names = holidays_of_year(2026)
    # Only real holidays: 2026 has 16 (13 public + 3 eves), not 52 Sundays more.
    assert len(names) == 16
    assert date(2026, 1, 4) not in names  # an ordinary Sunday
    assert "Söndag" not in {sv for sv, _ in names.values()}


def test_days_before_and_after_christmas_are_working_days() -> None:
    assert is_working_day(date(2026, 12, 23))
    assert is_working_day(date(2026, 12, 28))
    assert is_working_day(date(2026, 12, 30))
    assert is_working_day(date(2027, 1, 4))


def test_next_working_day() -> None:
    assert next_working_day(date(2026, 1, 15)) == date(2026, 1, 15)
    assert next_working_day(date(2026, 1, 15), inclusive=False) == date(2026, 1, 16)
    assert next_working_day(date(2026, 1, 16), inclusive=False) == date(2026, 1, 19)
    assert next_working_day(date(2026, 4, 3)) == date(2026, 4, 7)  # Good Friday -> Tuesday after Easter
    assert next_working_day(date(2026, 12, 24)) == date(2026, 12, 28)
    assert next_working_day(date(2026, 12, 31)) == date(2027, 1, 4)  # over the year boundary


def test_nearest_working_day_is_the_day_itself_on_a_working_day() -> None:
    assert nearest_working_day(date(2026, 2, 12)) == date(2026, 2, 12)


def test_nearest_working_day_good_friday_goes_back() -> None:
    # Thu 04-02 is 1 day back; Tue 04-07 is 4 days ahead (Easter Monday is off too).
    assert nearest_working_day(date(2026, 4, 3)) == date(2026, 4, 2)


def test_nearest_working_day_easter_monday_goes_forward() -> None:
    assert nearest_working_day(date(2026, 4, 6)) == date(2026, 4, 7)


def test_nearest_working_day_saturday_goes_back_to_friday() -> None:
    assert nearest_working_day(date(2026, 1, 17)) == date(2026, 1, 16)


def test_nearest_working_day_saturday_after_holiday_friday() -> None:
    # Sat 2026-06-20: Fri 06-19 is midsommarafton, so Thu 06-18 (2 back) ties Mon 06-22 (2 ahead).
    assert nearest_working_day(date(2026, 6, 20)) == date(2026, 6, 22)
    # Sat 2026-05-02: Fri 05-01 is Första maj; Thu 04-30 (2 back) ties Mon 05-04 (2 ahead).
    assert nearest_working_day(date(2026, 5, 2)) == date(2026, 5, 4)


def test_nearest_working_day_sunday_goes_forward_to_monday() -> None:
    assert nearest_working_day(date(2026, 1, 18)) == date(2026, 1, 19)


def test_nearest_working_day_tie_takes_the_later_day() -> None:
    # Trettondedag jul 2026 is a Tuesday: Mon 01-05 and Wed 01-07 are both 1 day away.
    assert date(2026, 1, 6).weekday() == 1
    assert nearest_working_day(date(2026, 1, 6)) == date(2026, 1, 7)
    # Ascension Day (Thursday): Wed 05-13 and Fri 05-15 tie.
    assert nearest_working_day(date(2026, 5, 14)) == date(2026, 5, 15)


def test_nearest_working_day_in_the_longest_run() -> None:
    # 2029: Sat 22 - Wed 26 December are all off (julafton is a Monday): five days.
    assert [is_working_day(date(2029, 12, d)) for d in range(21, 28)] == [True] + [False] * 5 + [True]
    assert nearest_working_day(date(2029, 12, 22)) == date(2029, 12, 21)
    assert nearest_working_day(date(2029, 12, 23)) == date(2029, 12, 21)
    assert nearest_working_day(date(2029, 12, 24)) == date(2029, 12, 27)  # 3 either way: later
    assert nearest_working_day(date(2029, 12, 25)) == date(2029, 12, 27)
    assert nearest_working_day(date(2029, 12, 26)) == date(2029, 12, 27)


def test_year_without_holiday_data_still_knows_weekends_and_eves() -> None:
    # The holidays package starts Sweden in 1953.
    assert not is_working_day(date(1900, 12, 24))
    assert non_working_reason(date(1900, 12, 24)) == "Julafton"
    assert is_working_day(date(1900, 1, 1))  # no data: a Monday counts as working
    assert non_working_reason(date(1900, 1, 6)) == "lördag"


def test_the_holidays_are_those_of_the_holidays_package_every_year_from_1953_to_2100() -> None:
    """The package is the oracle (it is no longer imported by the app: it cost 0.3 s per command)."""
    from holidays.constants import DE_FACTO, PUBLIC
    from holidays.countries.sweden import Sweden

    for year in range(1953, 2101):
        sv = Sweden(years=year, include_sundays=False, categories=(PUBLIC, DE_FACTO), language="sv")
        en = Sweden(years=year, include_sundays=False, categories=(PUBLIC, DE_FACTO), language="en_US")
        expected = {
            day: (str(name), str(en[day]))
            for day, name in sv.items()
            if name != "Marie bebådelsedag"  # on a Sunday from 1953 to 1989: never a working day anyway
        }
        assert dict(holidays_of_year(year)) == expected, year


def test_easter_sunday_on_known_dates() -> None:
    from coachtui.domain.workdays import easter_sunday

    assert [easter_sunday(y) for y in (2024, 2025, 2026, 2038, 2285)] == [
        date(2024, 3, 31),
        date(2025, 4, 20),
        date(2026, 4, 5),
        date(2038, 4, 25),
        date(2285, 3, 22),
    ]
