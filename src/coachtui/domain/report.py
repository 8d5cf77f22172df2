"""The figures of the report to the funder (DATA-FORMAT.md "report"), from plain values.

Pure: the store hands over one small `Person` per participant and the team's
settings; everything here is counting. `build` is `tally` (the additive counts of the people passing
the filters) then `finish` (the figures from the counts): the team hub counts its tallies in PostgreSQL,
per coach and municipality, and finishes their sums with the same code. Readings of the rules that the contract
leaves open:

- *In the period* means enrolled at some day of it: ``enrolled_on <= to`` and
  (no exit or ``exit.on >= from``).
- *Anonymous* means without SUS consent, except that a participant who exited
  with ``consent_withdrawn`` is never counted as anonymous (SUS never
  re-registers them as anonymous): they still count among the participants.
- *Exits in the period* (duration, exit reasons, occupation, to work) are exits
  with ``from <= exit.on <= to`` of participants that pass the filters; every
  exit reason counts, ``registration_error`` included (the coach fixes a wrong
  registration by undoing the exit).
- Every code of the exit_reason and occupation lists is present, zeros too, in
  the code lists' order.
- The adjusted to-work share leaves exits for reasons outside the person's
  control (`codes.OUTSIDE_CONTROL_REASONS`) out of the denominator.
- Continued-support markings: one per participant and calendar year with at
  least one efterstöd follow-up done after the exit date, the done date inside
  the period.
- Caseload: participants active on ``today`` (enrolled, not exited on or before
  ``today``) against `steps.capacity` of the coaches' summed fte.
- Targets: the yearly participant target pro rata for the period's days
  (``target × days / 365``, half up) against the period's participants; the
  share target against (exits to work or studies) / exits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final

from coachtui.domain.codes import (
    EXIT_REASON,
    GENDER,
    NO_OCCUPATION,
    OCCUPATION,
    OUTSIDE_CONTROL_REASONS,
    WORK_REASONS,
    Occupation,
)
from coachtui.domain.dates import add_months
from coachtui.domain.steps import capacity, caseload_points

GENDERS: Final[tuple[str, ...]] = tuple(GENDER)
BANDS: Final[tuple[str, ...]] = ("1-3", "4-6", "7-9", "10-12", "13-15", "16-18", "19-21", "22-24", "25-36", "37+")
WORK_OR_STUDIES_REASONS: Final[frozenset[str]] = WORK_REASONS | {"studies"}


# --- input ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Exit:
    on: date
    reason: str
    occupation_after: Occupation = NO_OCCUPATION


@dataclass(frozen=True, slots=True)
class Person:
    gender: str
    sus_consent: bool
    enrolled_on: date
    municipality: str = ""
    program: str = "SE"
    occupation_before: Occupation = NO_OCCUPATION
    exit: Exit | None = None
    #: done dates of efterstöd follow-ups done after the exit date
    continued_support: tuple[date, ...] = ()


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends before it starts: {self.start} – {self.end}")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def is_half_year(self) -> bool:
        return self == half_year(self.start)

    @property
    def is_year(self) -> bool:
        return self == whole_year(self.start)


@dataclass(frozen=True, slots=True)
class Team:
    """What the report needs about the team besides its participants."""

    fte: float = 1.0  # the coaches' summed fte
    target_participants_per_year: int = 28
    target_share_work_or_studies: float = 0.5


# --- periods ----------------------------------------------------------------------------


def half_year(day: date) -> Period:
    """1 January – 30 June or 1 July – 31 December around ``day``."""
    if day.month <= 6:
        return Period(date(day.year, 1, 1), date(day.year, 6, 30))
    return Period(date(day.year, 7, 1), date(day.year, 12, 31))


def whole_year(day: date) -> Period:
    return Period(date(day.year, 1, 1), date(day.year, 12, 31))


def shift(period: Period, steps: int) -> Period:
    """The period ``steps`` half-years (a whole year: years) before or after; others move by their length."""
    if period.is_year:
        return whole_year(date(period.start.year + steps, 1, 1))
    if period.is_half_year:
        return half_year(add_months(period.start, 6 * steps))
    length = period.end - period.start
    start = period.start + steps * timedelta(days=period.days)
    return Period(start, start + length)


def resolve_period(start: date | None, end: date | None, today: date) -> Period:
    """The period for given bounds: none → the current half-year; one → the half-year around it.

    Raises ValueError when ``end`` is before ``start``.
    """
    if start is None and end is None:
        return half_year(today)
    if start is None:
        assert end is not None
        return Period(min(half_year(end).start, end), end)
    if end is None:
        return Period(start, max(half_year(start).end, start))
    return Period(start, end)


# --- single figures ---------------------------------------------------------------------


def months_in_program(enrolled_on: date, exited_on: date) -> int:
    """The smallest m ≥ 1 with ``enrolled_on`` + m calendar months ≥ ``exited_on``.

    Months are added to the enrolment date itself (31 January + 1 month = 28/29
    February, + 2 months = 31 March), never step by step.
    """
    m = max(1, (exited_on.year - enrolled_on.year) * 12 + exited_on.month - enrolled_on.month)
    while m > 1 and add_months(enrolled_on, m - 1) >= exited_on:
        m -= 1
    while add_months(enrolled_on, m) < exited_on:
        m += 1
    return m


def band(months: int) -> str:
    """The report's band of months: 1-3 … 22-24 by quarters, then 25-36 and 37+."""
    if months <= 24:
        return BANDS[(max(months, 1) - 1) // 3]
    return "25-36" if months <= 36 else "37+"


def round_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded half up to a whole number (0 when the denominator is 0)."""
    if denominator <= 0:
        return 0
    return (2 * numerator + denominator) // (2 * denominator)


def share(count: int, total: int) -> float:
    return count / total if total else 0.0


def _zero() -> dict[str, int]:
    return dict.fromkeys(GENDERS, 0)


def _by_code(codes: Iterable[str]) -> dict[str, dict[str, int]]:
    return {code: _zero() for code in codes}


# --- the report -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Duration:
    exited: int
    total_days: int
    average_days: int
    bands: dict[str, int]


@dataclass(frozen=True, slots=True)
class Share:
    count: int
    exits: int
    share: float


@dataclass(frozen=True, slots=True)
class Caseload:
    on: date
    active: int
    fte: float
    capacity: int
    fidelity_points: int


@dataclass(frozen=True, slots=True)
class Targets:
    participants_per_year: int
    participants_for_period: int
    participants_actual: int
    share_work_or_studies: float
    share_work_or_studies_actual: float


@dataclass(frozen=True, slots=True)
class Report:
    period: Period
    municipality: str | None
    program: str | None
    participants: dict[str, int]  # woman, man, total
    anonymous: dict[str, int]  # woman, man
    duration: Duration
    exit_reasons: dict[str, dict[str, int]]
    occupation_before: dict[str, dict[str, int]]
    occupation_after: dict[str, dict[str, int]]
    #: full-time equivalents (sum of extents / 100) per occupation and gender
    fte_before: dict[str, dict[str, float]]
    fte_after: dict[str, dict[str, float]]
    exits: dict[str, int]  # woman, man, total
    to_work: dict[str, Share]  # woman, man, total
    to_work_adjusted: dict[str, Share]
    to_work_or_studies: dict[str, Share]
    to_work_or_studies_adjusted: dict[str, Share]
    continued_support: dict[int, int]  # calendar year -> participants
    caseload: Caseload
    targets: Targets


def matches(person: Person, *, municipality: str | None = None, program: str | None = None) -> bool:
    """Whether ``person`` passes the report's filters (municipality compared case-insensitively)."""
    if municipality is not None and person.municipality.casefold() != municipality.strip().casefold():
        return False
    return program is None or person.program == program


def in_period(person: Person, period: Period) -> bool:
    """Enrolled at some day of the period."""
    return person.enrolled_on <= period.end and (person.exit is None or person.exit.on >= period.start)


def is_anonymous(person: Person) -> bool:
    """Counted apart as anonymous: no SUS consent, unless consent was withdrawn at the exit."""
    if person.exit is not None and person.exit.reason == "consent_withdrawn":
        return False
    return not person.sus_consent


def is_active(person: Person, today: date) -> bool:
    return person.enrolled_on <= today and (person.exit is None or person.exit.on > today)


def _shares(counts: Mapping[str, int], exits: Mapping[str, int]) -> dict[str, Share]:
    return {key: Share(counts[key], exits[key], share(counts[key], exits[key])) for key in (*GENDERS, "total")}


@dataclass(slots=True)
class Tally:
    """The additive counts behind a report, for one group of people (all of them passing the filters).

    The tallies of disjoint groups add up (`add`) to the tally of their union, so the hub can count each coach's
    and municipality's group in PostgreSQL (GROUP BY) and `finish` makes the figures of any union of groups.
    """

    participants: dict[str, int] = field(default_factory=_zero)  # gender → in the period
    anonymous: dict[str, int] = field(default_factory=_zero)  # gender → in the period, anonymous
    active: int = 0  # active on ``today``
    #: exits in the period: reason → gender → exits
    reasons: dict[str, dict[str, int]] = field(default_factory=dict)
    #: exits in the period: occupation before (after) → gender → exits, and → gender → summed extent (per cent)
    before: dict[str, dict[str, int]] = field(default_factory=dict)
    before_extent: dict[str, dict[str, int]] = field(default_factory=dict)
    after: dict[str, dict[str, int]] = field(default_factory=dict)
    after_extent: dict[str, dict[str, int]] = field(default_factory=dict)
    days: int = 0  # exits in the period: summed days in the programme
    months: dict[int, int] = field(default_factory=dict)  # months in the programme (`months_in_program`) → exits
    continued: dict[int, int] = field(default_factory=dict)  # calendar year → participants with continued support

    def add(self, other: Tally) -> None:
        for g in GENDERS:
            self.participants[g] += other.participants[g]
            self.anonymous[g] += other.anonymous[g]
        self.active += other.active
        self.days += other.days
        for mine, theirs in (
            (self.reasons, other.reasons),
            (self.before, other.before),
            (self.before_extent, other.before_extent),
            (self.after, other.after),
            (self.after_extent, other.after_extent),
        ):
            for code, counts in theirs.items():
                into = mine.setdefault(code, _zero())
                for g, n in counts.items():
                    into[g] += n
        for mine_n, theirs_n in ((self.months, other.months), (self.continued, other.continued)):
            for key, n in theirs_n.items():
                mine_n[key] = mine_n.get(key, 0) + n


def tally(people: Iterable[Person], period: Period, *, today: date) -> Tally:
    """The counts of ``people`` (already narrowed to the report's filters) for ``period``."""
    t = Tally()
    for person in people:
        g = person.gender
        if in_period(person, period):
            t.participants[g] += 1
            if is_anonymous(person):
                t.anonymous[g] += 1
        if is_active(person, today):
            t.active += 1
        out = person.exit
        if out is None:
            continue
        years = {d.year for d in person.continued_support if d > out.on and d in period}
        for year in years:
            t.continued[year] = t.continued.get(year, 0) + 1
        if out.on not in period:
            continue
        t.days += (out.on - person.enrolled_on).days
        months = months_in_program(person.enrolled_on, out.on)
        t.months[months] = t.months.get(months, 0) + 1
        t.reasons.setdefault(out.reason, _zero())[g] += 1
        before = person.occupation_before
        t.before.setdefault(before.kind, _zero())[g] += 1
        t.before_extent.setdefault(before.kind, _zero())[g] += before.extent
        t.after.setdefault(out.occupation_after.kind, _zero())[g] += 1
        t.after_extent.setdefault(out.occupation_after.kind, _zero())[g] += out.occupation_after.extent
    return t


def build(
    people: Sequence[Person],
    period: Period,
    *,
    today: date,
    team: Team | None = None,
    municipality: str | None = None,
    program: str | None = None,
) -> Report:
    """Every figure of the report for ``period``, narrowed by ``municipality`` and ``program``."""
    chosen = [p for p in people if p.gender in GENDER and matches(p, municipality=municipality, program=program)]
    return finish(tally(chosen, period, today=today), period, today=today, team=team, municipality=municipality,
                  program=program)  # fmt: skip


def finish(
    counts: Tally,
    period: Period,
    *,
    today: date,
    team: Team | None = None,
    municipality: str | None = None,
    program: str | None = None,
) -> Report:
    """The report's figures from the counts of the people passing ``municipality`` and ``program``."""
    team = team or Team()
    participants = {**counts.participants, "total": sum(counts.participants.values())}
    anonymous = dict(counts.anonymous)

    def merged(codes: Iterable[str], found: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, int]]:
        out = _by_code(codes)
        for code, by_gender in found.items():
            into = out.setdefault(code, _zero())
            for g in GENDERS:
                into[g] += by_gender.get(g, 0)
        return out

    exit_reasons = merged(EXIT_REASON, counts.reasons)
    before = merged(OCCUPATION, counts.before)
    after = merged(OCCUPATION, counts.after)
    extent_before = merged(OCCUPATION, counts.before_extent)
    extent_after = merged(OCCUPATION, counts.after_extent)
    bands = dict.fromkeys(BANDS, 0)
    for months, n in counts.months.items():
        bands[band(months)] += n
    total_days = counts.days
    exits = {**_zero(), "total": 0}
    work = {**_zero(), "total": 0}
    work_or_studies = {**_zero(), "total": 0}
    outside = {**_zero(), "total": 0}
    for reason, by_gender in exit_reasons.items():
        for g in GENDERS:
            n = by_gender[g]
            for key in (g, "total"):
                exits[key] += n
                work[key] += n * int(reason in WORK_REASONS)
                work_or_studies[key] += n * int(reason in WORK_OR_STUDIES_REASONS)
                outside[key] += n * int(reason in OUTSIDE_CONTROL_REASONS)
    adjusted_exits = {key: exits[key] - outside[key] for key in exits}
    exited = exits["total"]

    markings: dict[int, int] = {year: 0 for year in range(period.start.year, period.end.year + 1)}
    for year, n in counts.continued.items():
        markings[year] += n

    active = counts.active
    share_actual = share(work_or_studies["total"], exits["total"])
    return Report(
        period=period,
        municipality=municipality,
        program=program,
        participants=participants,
        anonymous=anonymous,
        duration=Duration(exited, total_days, round_half_up(total_days, exited), bands),
        exit_reasons=exit_reasons,
        occupation_before=before,
        occupation_after=after,
        fte_before={k: {g: n / 100 for g, n in v.items()} for k, v in extent_before.items()},
        fte_after={k: {g: n / 100 for g, n in v.items()} for k, v in extent_after.items()},
        exits=exits,
        to_work=_shares(work, exits),
        to_work_adjusted=_shares(work, adjusted_exits),
        to_work_or_studies=_shares(work_or_studies, exits),
        to_work_or_studies_adjusted=_shares(work_or_studies, adjusted_exits),
        continued_support=markings,
        caseload=Caseload(today, active, team.fte, capacity(team.fte), caseload_points(active, team.fte)),
        targets=Targets(
            participants_per_year=team.target_participants_per_year,
            participants_for_period=round_half_up(team.target_participants_per_year * period.days, 365),
            participants_actual=participants["total"],
            share_work_or_studies=team.target_share_work_or_studies,
            share_work_or_studies_actual=share_actual,
        ),
    )
