"""Rows for the SUS exit export and the Uppföljning Finsam counts, from plain values.

Pure: no IO, no SQL, no Textual. ``store.exits`` reads the values, the
``exports`` package writes them as csv/xlsx/json/text.

Readings of the rules (DOMAIN.md, DATA-FORMAT.md):

- An exit is exported for SUS when the participant is *in SUS*: they gave SUS
  consent, or their exit reason is ``consent_withdrawn`` (withdrawing consent
  is itself registered in SUS as the exit, at once, even when the coach has
  since unticked the consent).
- ``anonymous`` (Finsam and report) counts the participants who are not in
  SUS. A person who withdrew consent was registered in SUS and is "never
  re-registered as anonymous": they are counted among ``participants`` but
  never in ``anonymous``, whatever their consent flag says now.
- ``sus_exit_on`` is ``domain.sus.sus_exit_date`` (the team's delay for work
  and studies, else the exit date itself).
- ``days_in_program`` = exited_on − enrolled_on, in days.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final, NamedTuple

from coachtui.domain.codes import Occupation
from coachtui.domain.sus import DEFAULT_DELAY_MONTHS, sus_exit_date

#: The keys of one ``export exits --format json`` object, in the contract's order.
EXIT_FIELDS: Final[tuple[str, ...]] = (
    "participant",
    "first_name",
    "last_name",
    "birth_year",
    "gender",
    "municipality",
    "program",
    "enrolled_on",
    "exited_on",
    "reason",
    "sus_exit_on",
    "education",
    "support_before",
    "support_after",
    "occupation_before",
    "occupation_after",
    "days_in_program",
)

GENDERS: Final[tuple[str, ...]] = ("woman", "man")


class ExitRecord(NamedTuple):
    """One exit with its participant, as stored (the input of every export; thousands per export,
    so a NamedTuple: a frozen dataclass took ten times longer to build)."""

    exit_id: int
    participant_id: int
    participant_key: str
    first_name: str
    last_name: str
    birth_year: int
    gender: str
    municipality: str
    program: str
    enrolled_on: date
    sus_consent: bool
    education: str
    support_before: tuple[str, ...]
    occupation_before: Occupation
    exited_on: date
    reason: str
    occupation_after: Occupation
    support_after: tuple[str, ...]
    sus_registered_on: date | None

    @property
    def in_sus(self) -> bool:
        return in_sus(self.sus_consent, self.reason)

    def sus_exit_on(self, delay_months: int = DEFAULT_DELAY_MONTHS) -> date:
        return sus_exit_date(self.exited_on, self.reason, delay_months)


class ExitRow(NamedTuple):
    """One row of the SUS exit export: the contract's fields, in its order."""

    participant: str
    first_name: str
    last_name: str
    birth_year: int
    gender: str
    municipality: str
    program: str
    enrolled_on: date
    exited_on: date
    reason: str
    sus_exit_on: date
    education: str
    support_before: tuple[str, ...]
    support_after: tuple[str, ...]
    occupation_before: Occupation
    occupation_after: Occupation
    days_in_program: int

    def as_json(self) -> dict[str, Any]:
        """The contract's object: keys in order, ISO dates, codes, lists of codes."""
        return {
            "participant": self.participant,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "birth_year": self.birth_year,
            "gender": self.gender,
            "municipality": self.municipality,
            "program": self.program,
            "enrolled_on": self.enrolled_on.isoformat(),
            "exited_on": self.exited_on.isoformat(),
            "reason": self.reason,
            "sus_exit_on": self.sus_exit_on.isoformat(),
            "education": self.education,
            "support_before": list(self.support_before),
            "support_after": list(self.support_after),
            "occupation_before": self.occupation_before.as_json(),
            "occupation_after": self.occupation_after.as_json(),
            "days_in_program": self.days_in_program,
        }


def in_sus(sus_consent: bool, reason: str | None) -> bool:
    """Whether a participant is registered in SUS (see the module docstring)."""
    return sus_consent or reason == "consent_withdrawn"


def initial(name: str) -> str:
    """The first letter of a name (upper case), for pseudonymised exports."""
    stripped = name.strip()
    return stripped[:1].upper() if stripped else ""


def exit_row(record: ExitRecord, *, delay_months: int = DEFAULT_DELAY_MONTHS, pseudonymise: bool = False) -> ExitRow:
    row = ExitRow(
        participant=record.participant_key,
        first_name=record.first_name,
        last_name=record.last_name,
        birth_year=record.birth_year,
        gender=record.gender,
        municipality=record.municipality,
        program=record.program,
        enrolled_on=record.enrolled_on,
        exited_on=record.exited_on,
        reason=record.reason,
        sus_exit_on=record.sus_exit_on(delay_months),
        education=record.education,
        support_before=record.support_before,
        support_after=record.support_after,
        occupation_before=record.occupation_before,
        occupation_after=record.occupation_after,
        days_in_program=(record.exited_on - record.enrolled_on).days,
    )
    if pseudonymise:
        row = row._replace(first_name=initial(row.first_name), last_name=initial(row.last_name))
    return row


def exit_rows(
    records: Iterable[ExitRecord],
    *,
    start: date | None,
    end: date | None,
    delay_months: int = DEFAULT_DELAY_MONTHS,
    include_registered: bool = False,
    pseudonymise: bool = False,
) -> list[ExitRow]:
    """The export rows: exits on ``start``..``end`` (inclusive; None = open), in SUS only,
    leaving out those already registered unless ``include_registered``; ordered by exit date."""
    chosen = [
        r
        for r in records
        if _in_period(r, start, end) and r.in_sus and (include_registered or r.sus_registered_on is None)
    ]
    chosen.sort(key=lambda r: (r.exited_on, r.last_name.casefold(), r.first_name.casefold(), r.exit_id))
    return [exit_row(r, delay_months=delay_months, pseudonymise=pseudonymise) for r in chosen]


def registered_left_out(records: Iterable[ExitRecord], *, start: date | None, end: date | None) -> int:
    """How many exits :func:`exit_rows` leaves out as already registered in SUS (without building rows)."""
    return sum(1 for r in records if _in_period(r, start, end) and r.in_sus and r.sus_registered_on is not None)


def _in_period(record: ExitRecord, start: date | None, end: date | None) -> bool:
    return (start is None or record.exited_on >= start) and (end is None or record.exited_on <= end)


# --- Uppföljning Finsam ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FinsamPerson:
    """What the Finsam count needs of one participant."""

    gender: str
    enrolled_on: date
    sus_consent: bool
    exited_on: date | None = None
    exit_reason: str | None = None


@dataclass(frozen=True, slots=True)
class FinsamCounts:
    start: date
    end: date
    participants: dict[str, int]  # woman, man, total
    anonymous: dict[str, int]  # woman, man

    def as_json(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "participants": {
                "woman": self.participants["woman"],
                "man": self.participants["man"],
                "total": self.participants["total"],
            },
            "anonymous": {"woman": self.anonymous["woman"], "man": self.anonymous["man"]},
        }


def enrolled_during(person: FinsamPerson, start: date, end: date) -> bool:
    """Enrolled at some day of ``start``..``end``: enrolled by the end, not exited before the start."""
    return person.enrolled_on <= end and (person.exited_on is None or person.exited_on >= start)


def finsam_counts(people: Sequence[FinsamPerson], start: date, end: date) -> FinsamCounts:
    """Participants in individual activities during the period, by gender, and the anonymous ones."""
    if end < start:
        raise ValueError("end before start")
    participants = {"woman": 0, "man": 0, "total": 0}
    anonymous = {"woman": 0, "man": 0}
    for person in people:
        if not enrolled_during(person, start, end):
            continue
        if person.gender in GENDERS:
            participants[person.gender] += 1
        participants["total"] += 1
        if not in_sus(person.sus_consent, person.exit_reason) and person.gender in GENDERS:
            anonymous[person.gender] += 1
    return FinsamCounts(start, end, participants, anonymous)
