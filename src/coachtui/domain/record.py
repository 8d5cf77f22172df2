"""The one list of a participant's own columns (DATA-FORMAT.md, "Import / full export document").

The schema (``store.schema``/``store.models``), the input model (``store.inputs.ParticipantIn``), the document
(``store.document``), the readers and the bulk import all take the participant's columns from here;
``tests/test_domain_record.py`` checks that the table and the input model have every one of them.
"""

from __future__ import annotations

from typing import Final

#: the participant's own values, as the document names them, in the contract's order
PARTICIPANT_SCALARS: Final = (
    "first_name",
    "last_name",
    "birth_year",
    "gender",
    "municipality",
    "program",
    "referred_on",
    "enrolled_on",
    "sus_consent",
    "education",
    "support_since",
    "support_before",
)
#: the document's nested ``occupation_before`` as the table keeps it
OCCUPATION_BEFORE_COLUMNS: Final = ("occupation_before_kind", "occupation_before_extent")
#: every own column of the participant table that the document carries (not the key, coach, row version…)
PARTICIPANT_COLUMNS: Final = (*PARTICIPANT_SCALARS, *OCCUPATION_BEFORE_COLUMNS)
#: the December 2026 additions on a participant, after ``exit``, in the contract's order
PARTICIPANT_ADDITIONS: Final = ("phone", "journal", "employer_contacts", "survey_offered_on")
