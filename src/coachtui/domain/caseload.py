"""The caseload's flags on plain values: what needs the coach's attention for each active participant."""

from __future__ import annotations

from datetime import date
from typing import Final, NamedTuple

#: Days without a contact (journal entry or follow-up done) after which a participant is flagged.
NO_CONTACT_DAYS: Final = 30


class Flags(NamedTuple):
    consent_missing: bool  # no SUS consent
    overdue: bool  # a follow-up planned before today and not done
    no_contact: bool  # no contact in NO_CONTACT_DAYS days (counted from enrolment when there was none)


NONE: Final = Flags(False, False, False)


def flags(
    *,
    exited: bool,
    sus_consent: bool,
    overdue_count: int,
    last_contact_on: date | None,
    enrolled_on: date,
    today: date,
) -> Flags:
    """The flags of one participant on ``today``; an exited participant has none."""
    if exited:
        return NONE
    since = last_contact_on or enrolled_on
    return Flags(not sus_consent, overdue_count > 0, (today - since).days > NO_CONTACT_DAYS)
