"""Every figure of the report on small hand-made caseloads."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from coachtui.domain.codes import EXIT_REASON, OCCUPATION, Occupation
from coachtui.domain.report import (
    BANDS,
    Exit,
    Period,
    Person,
    Team,
    band,
    build,
    half_year,
    months_in_program,
    resolve_period,
    round_half_up,
    shift,
    whole_year,
)

H1 = Period(date(2026, 1, 1), date(2026, 6, 30))
TODAY = date(2026, 5, 15)
NO_OCCUPATION = Occupation()


def person(
    gender: str = "woman",
    enrolled: date = date(2026, 2, 1),
    exit_on: date | None = None,
    reason: str = "unsubsidised_work",
    *,
    consent: bool = True,
    municipality: str = "Gislaved",
    program: str = "SE",
    before: Occupation = NO_OCCUPATION,
    after: Occupation = NO_OCCUPATION,
    continued: tuple[date, ...] = (),
) -> Person:
    out = Exit(exit_on, reason, after) if exit_on else None
    return Person(gender, consent, enrolled, municipality, program, before, out, continued)


# --- months and bands -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("enrolled", "exited", "months", "expected_band"),
    [
        (date(2026, 1, 15), date(2026, 1, 15), 1, "1-3"),  # the same day still counts as one month
        (date(2026, 1, 15), date(2026, 4, 15), 3, "1-3"),  # exactly 3 months
        (date(2026, 1, 15), date(2026, 4, 16), 4, "4-6"),  # 3 months + 1 day
        (date(2026, 1, 15), date(2026, 7, 15), 6, "4-6"),
        (date(2026, 1, 15), date(2026, 7, 16), 7, "7-9"),
        (date(2026, 1, 15), date(2028, 1, 15), 24, "22-24"),
        (date(2026, 1, 15), date(2028, 1, 16), 25, "25-36"),
        (date(2026, 1, 15), date(2029, 1, 15), 36, "25-36"),  # exactly 36 months
        (date(2026, 1, 15), date(2029, 1, 16), 37, "37+"),  # 36 months + 1 day
        (date(2026, 1, 31), date(2026, 2, 28), 1, "1-3"),  # 31 Jan + 1 month = 28 Feb (clamped)
        (date(2026, 1, 31), date(2026, 3, 1), 2, "1-3"),
        (date(2026, 1, 31), date(2026, 3, 31), 2, "1-3"),  # + 2 months from 31 Jan itself = 31 Mar
        (date(2026, 1, 31), date(2026, 4, 30), 3, "1-3"),  # + 3 months = 30 Apr (clamped)
        (date(2026, 1, 31), date(2026, 5, 1), 4, "4-6"),
        (date(2024, 1, 31), date(2024, 2, 29), 1, "1-3"),  # leap year
        (date(2025, 11, 30), date(2026, 2, 28), 3, "1-3"),
    ],
)
def test_months_in_program_and_band(enrolled: date, exited: date, months: int, expected_band: str) -> None:
    assert months_in_program(enrolled, exited) == months
    assert band(months) == expected_band


def test_months_in_program_matches_its_definition() -> None:
    enrolled = date(2024, 1, 31)
    for offset in range(0, 1200, 7):
        exited = enrolled + timedelta(days=offset)
        smallest = next(m for m in range(1, 100) if enrolled + relativedelta(months=m) >= exited)
        assert months_in_program(enrolled, exited) == smallest, exited


def test_month_counting_never_steps_month_by_month() -> None:
    # stepping 31 Jan → 28 Feb → 28 Mar would call 29-31 March "3 months"
    assert months_in_program(date(2026, 1, 31), date(2026, 3, 29)) == 2


def test_bands_cover_every_month_once() -> None:
    seen = [band(m) for m in range(1, 50)]
    assert [b for b in BANDS if b in seen] == list(BANDS)
    assert seen[:3] == ["1-3"] * 3 and seen[24:36] == ["25-36"] * 12 and seen[36:] == ["37+"] * 13


@pytest.mark.parametrize(
    ("total", "count", "expected"),
    [(5, 2, 3), (7, 2, 4), (4, 2, 2), (1, 3, 0), (2, 3, 1), (0, 0, 0), (10, 0, 0), (1, 2, 1), (3, 2, 2)],
)
def test_round_half_up(total: int, count: int, expected: int) -> None:
    assert round_half_up(total, count) == expected


# --- periods ----------------------------------------------------------------------------


def test_half_years_and_years() -> None:
    assert half_year(date(2026, 6, 30)) == H1
    assert half_year(date(2026, 7, 1)) == Period(date(2026, 7, 1), date(2026, 12, 31))
    assert whole_year(date(2026, 3, 3)) == Period(date(2026, 1, 1), date(2026, 12, 31))
    assert shift(H1, -1) == Period(date(2025, 7, 1), date(2025, 12, 31))
    assert shift(H1, 1) == Period(date(2026, 7, 1), date(2026, 12, 31))
    assert shift(whole_year(TODAY), -1) == whole_year(date(2025, 1, 1))
    odd = Period(date(2026, 1, 10), date(2026, 1, 19))
    assert shift(odd, 1) == Period(date(2026, 1, 20), date(2026, 1, 29))
    assert H1.days == 181


def test_resolve_period() -> None:
    assert resolve_period(None, None, TODAY) == H1
    assert resolve_period(date(2026, 2, 1), None, TODAY) == Period(date(2026, 2, 1), date(2026, 6, 30))
    assert resolve_period(None, date(2026, 9, 30), TODAY) == Period(date(2026, 7, 1), date(2026, 9, 30))
    with pytest.raises(ValueError):
        resolve_period(date(2026, 3, 1), date(2026, 2, 1), TODAY)


# --- participants -----------------------------------------------------------------------


def test_participants_enrolled_at_some_day_of_the_period() -> None:
    people = [
        person("woman", date(2025, 3, 1)),  # enrolled before the period, still in
        person("man", date(2025, 3, 1), date(2025, 12, 31), "moved"),  # left the day before: out
        person("man", date(2025, 3, 1), date(2026, 1, 1), "moved"),  # left on the first day: in
        person("woman", date(2026, 6, 30)),  # enrolled on the last day: in
        person("woman", date(2026, 7, 1)),  # enrolled after: out
        person("man", date(2026, 2, 1), consent=False),
        person("woman", date(2026, 2, 1), consent=False),
        person("woman", date(2026, 2, 1), date(2026, 3, 1), "consent_withdrawn", consent=False),
    ]
    report = build(people, H1, today=TODAY)
    assert report.participants == {"woman": 4, "man": 2, "total": 6}
    # consent withdrawn: counted as a participant, never as anonymous
    assert report.anonymous == {"woman": 1, "man": 1}


def test_enrolled_before_the_period_and_exited_in_it_counts_in_duration() -> None:
    people = [person("woman", date(2025, 1, 10), date(2026, 2, 10), "studies")]
    report = build(people, H1, today=TODAY)
    assert report.participants["total"] == 1
    assert report.duration.exited == 1
    assert report.duration.total_days == (date(2026, 2, 10) - date(2025, 1, 10)).days == 396
    assert report.duration.bands["13-15"] == 1  # 13 months


# --- duration ---------------------------------------------------------------------------


def test_duration_totals_average_half_up_and_bands() -> None:
    people = [
        person("woman", date(2026, 3, 1), date(2026, 3, 3), "other"),  # 2 days, 1 month
        person("man", date(2026, 3, 1), date(2026, 3, 4), "other"),  # 3 days, 1 month
        person("man", date(2026, 3, 1), date(2026, 7, 4), "other"),  # exited after the period: not counted
    ]
    d = build(people, H1, today=TODAY).duration
    assert (d.exited, d.total_days) == (2, 5)
    assert d.average_days == 3  # 2.5 rounds half up (banker's rounding would give 2)
    assert d.bands == {**dict.fromkeys(BANDS, 0), "1-3": 2}
    assert list(d.bands) == list(BANDS)


def test_duration_with_no_exits_is_zero() -> None:
    d = build([person()], H1, today=TODAY).duration
    assert (d.exited, d.total_days, d.average_days) == (0, 0, 0)
    assert set(d.bands.values()) == {0}


# --- exit reasons, occupation, to work --------------------------------------------------


def exits_caseload() -> list[Person]:
    return [
        person(
            "woman",
            exit_on=date(2026, 4, 1),
            reason="unsubsidised_work",
            before=Occupation("none", 0),
            after=Occupation("unsubsidised_work", 50),
        ),
        person(
            "woman",
            exit_on=date(2026, 4, 2),
            reason="subsidised_work",
            before=Occupation("studies", 25),
            after=Occupation("subsidised_work", 100),
        ),
        person("woman", exit_on=date(2026, 4, 3), reason="illness", after=Occupation("none", 0)),
        person("woman", exit_on=date(2026, 4, 4), reason="studies", after=Occupation("studies", 75)),
        person(
            "man",
            exit_on=date(2026, 4, 5),
            reason="unsubsidised_work",
            before=Occupation("unsubsidised_work", 25),
            after=Occupation("unsubsidised_work", 50),
        ),
        person("man", exit_on=date(2026, 4, 6), reason="moved"),
        person("man", exit_on=date(2026, 4, 7), reason="job_seeking", after=Occupation("job_seeking", 0)),
        person("man", exit_on=date(2025, 12, 1), reason="unsubsidised_work"),  # before the period
    ]


def test_exit_reasons_by_gender_every_code_present() -> None:
    r = build(exits_caseload(), H1, today=TODAY)
    assert list(r.exit_reasons) == list(EXIT_REASON)
    assert r.exit_reasons["unsubsidised_work"] == {"woman": 1, "man": 1}
    assert r.exit_reasons["subsidised_work"] == {"woman": 1, "man": 0}
    assert r.exit_reasons["moved"] == {"woman": 0, "man": 1}
    assert r.exit_reasons["registration_error"] == {"woman": 0, "man": 0}
    assert sum(c["woman"] + c["man"] for c in r.exit_reasons.values()) == 7
    assert r.exits == {"woman": 4, "man": 3, "total": 7}


def test_occupation_before_and_after_with_full_time_equivalents() -> None:
    r = build(exits_caseload(), H1, today=TODAY)
    assert list(r.occupation_before) == list(OCCUPATION) == list(r.occupation_after)
    assert r.occupation_before["none"] == {"woman": 3, "man": 2}
    assert r.occupation_before["studies"] == {"woman": 1, "man": 0}
    assert r.occupation_before["unsubsidised_work"] == {"woman": 0, "man": 1}
    assert r.occupation_after["unsubsidised_work"] == {"woman": 1, "man": 1}
    assert r.occupation_after["subsidised_work"] == {"woman": 1, "man": 0}
    assert r.occupation_after["none"] == {"woman": 1, "man": 1}
    assert r.fte_after["unsubsidised_work"] == {"woman": 0.5, "man": 0.5}  # two half-time jobs = one full time
    assert r.fte_after["subsidised_work"] == {"woman": 1.0, "man": 0.0}
    assert r.fte_after["studies"] == {"woman": 0.75, "man": 0.0}
    assert r.fte_before["studies"] == {"woman": 0.25, "man": 0.0}


def test_to_work_shares_plain_and_without_reasons_outside_control() -> None:
    r = build(exits_caseload(), H1, today=TODAY)
    assert (r.to_work["woman"].count, r.to_work["woman"].share) == (2, 2 / 4)
    assert (r.to_work["man"].count, r.to_work["man"].share) == (1, 1 / 3)
    assert (r.to_work["total"].count, r.to_work["total"].exits) == (3, 7)
    # illness (woman) and moved (man) are outside the person's control
    assert (r.to_work_adjusted["woman"].exits, r.to_work_adjusted["woman"].share) == (3, 2 / 3)
    assert (r.to_work_adjusted["man"].exits, r.to_work_adjusted["man"].share) == (2, 1 / 2)
    assert r.to_work_or_studies["woman"].count == 3
    assert r.to_work_or_studies["total"].share == 4 / 7
    assert r.to_work_or_studies_adjusted["total"].share == 4 / 5
    assert r.targets.share_work_or_studies_actual == 4 / 7


def test_shares_with_zero_exits_are_zero() -> None:
    r = build([person("woman"), person("man", exit_on=date(2026, 5, 1), reason="moved")], H1, today=TODAY)
    assert r.to_work["woman"].share == 0.0 and r.to_work["woman"].exits == 0
    assert r.to_work["man"].share == 0.0 and r.to_work["man"].exits == 1
    assert r.to_work_adjusted["man"].share == 0.0 and r.to_work_adjusted["man"].exits == 0
    assert r.targets.share_work_or_studies_actual == 0.0
    empty = build([], H1, today=TODAY)
    assert empty.to_work["total"].share == 0.0 and empty.participants == {"woman": 0, "man": 0, "total": 0}


# --- continued support, caseload, targets -----------------------------------------------


def test_continued_support_one_marking_per_person_and_year() -> None:
    period = Period(date(2025, 1, 1), date(2026, 6, 30))
    people = [
        person(
            "woman",
            date(2024, 1, 1),
            date(2025, 3, 1),
            "unsubsidised_work",
            continued=(date(2025, 3, 8), date(2025, 4, 8), date(2026, 1, 8)),
        ),
        person(
            "man",
            date(2024, 1, 1),
            date(2025, 12, 1),
            "subsidised_work",
            continued=(date(2025, 12, 10), date(2026, 7, 1)),
        ),  # the July one is after the period
        person(
            "man", date(2024, 1, 1), date(2025, 12, 1), "studies", continued=(date(2025, 12, 1),)
        ),  # on the exit day itself: not after the exit
        person("woman", date(2024, 1, 1), continued=(date(2025, 5, 5),)),  # no exit: not continued support
    ]
    r = build(people, period, today=TODAY)
    assert r.continued_support == {2025: 2, 2026: 1}


def test_caseload_against_capacity_and_targets() -> None:
    people = [
        person("woman", date(2026, 1, 10)),
        person("man", date(2026, 1, 10)),
        person("man", date(2026, 1, 10), date(2026, 5, 15), "moved"),  # exited today: not active
        person("man", date(2026, 5, 16)),  # enrolled tomorrow: not active yet
    ]
    team = Team(fte=0.4, target_participants_per_year=28, target_share_work_or_studies=0.35)
    r = build(people, H1, today=TODAY, team=team)
    assert (r.caseload.active, r.caseload.capacity, r.caseload.fte) == (2, 8, 0.4)
    assert r.caseload.fidelity_points == 5
    assert r.targets.participants_per_year == 28
    assert r.targets.participants_for_period == 14  # 28 × 181 / 365 = 13.9
    assert r.targets.participants_actual == 4  # the one enrolled tomorrow is in the period
    assert r.targets.share_work_or_studies == 0.35


def test_municipality_and_program_narrow_every_figure() -> None:
    people = [
        person("woman", municipality="Gislaved", program="SE", exit_on=date(2026, 3, 1), continued=(date(2026, 3, 2),)),
        person("man", municipality="Gnosjö", program="SE", exit_on=date(2026, 3, 1)),
        person("man", municipality="Gislaved", program="IPS", exit_on=date(2026, 3, 1), reason="moved"),
        person("woman", municipality="Gislaved", program="IPS", consent=False),
    ]
    r = build(people, H1, today=TODAY, municipality="gislaved", program="IPS")
    assert r.participants == {"woman": 1, "man": 1, "total": 2}
    assert r.anonymous == {"woman": 1, "man": 0}
    assert r.exits == {"woman": 0, "man": 1, "total": 1}
    assert r.exit_reasons["moved"]["man"] == 1 and r.exit_reasons["unsubsidised_work"]["woman"] == 0
    assert r.continued_support == {2026: 0}
    assert r.caseload.active == 1
    by_town = build(people, H1, today=TODAY, municipality="Gnosjö")
    assert by_town.participants == {"woman": 0, "man": 1, "total": 1}
    assert by_town.to_work["man"].share == 1.0
    se = build(people, H1, today=TODAY, program="SE")
    assert se.exits["total"] == 2 and se.continued_support == {2026: 1}


def test_the_tallies_of_disjoint_groups_add_up_to_the_report_of_all() -> None:
    """What the hub relies on: count each (coach, municipality) group apart, add the tallies, `finish` them:
    the same report as `build` over everyone, for the whole, a municipality and a programme."""
    import random

    from coachtui.domain.report import Tally, finish, matches, tally

    rnd = random.Random(7)
    reasons = [*EXIT_REASON, "an_unknown_code"]
    kinds = list(OCCUPATION)
    people = []
    for _ in range(400):
        enrolled = date(2023, 1, 1) + timedelta(days=rnd.randrange(1300))
        exit_on = enrolled + timedelta(days=rnd.randrange(0, 1200)) if rnd.random() < 0.6 else None
        done = () if exit_on is None else tuple(exit_on + timedelta(days=rnd.randrange(-30, 400)) for _ in range(3))
        people.append(
            person(
                rnd.choice(["woman", "man"]),
                enrolled,
                exit_on,
                rnd.choice(reasons),
                consent=rnd.random() < 0.8,
                municipality=rnd.choice(["Gislaved", "GISLAVED", "Vetlanda"]),
                program=rnd.choice(["SE", "IPS"]),
                before=Occupation(rnd.choice(kinds), rnd.choice([0, 25, 50, 100])),
                after=Occupation(rnd.choice(kinds), rnd.choice([0, 50, 75])),
                continued=done if rnd.random() < 0.5 else (),
            )
        )
    groups = [people[i::5] for i in range(5)]  # five "coaches"
    for period in (Period(date(2026, 1, 1), date(2026, 6, 30)), Period(date(2023, 1, 1), date(2026, 12, 31))):
        for town, program in ((None, None), ("gislaved", None), (None, "IPS")):
            total = Tally()
            for group in groups:
                total.add(tally([p for p in group if matches(p, municipality=town, program=program)], period,
                                today=TODAY))  # fmt: skip
            got = finish(total, period, today=TODAY, team=Team(2.0), municipality=town, program=program)
            want = build(people, period, today=TODAY, team=Team(2.0), municipality=town, program=program)
            assert got == want
            assert want.duration.exited > 0 and sum(want.continued_support.values()) > 0
