"""Code lists of the coachtui/1 contract with Swedish and English labels.

Codes are English snake_case and never change meaning (DATA-FORMAT.md); labels
are what people see. Labels live here as data (sv, en) so that the domain stays
pure; the UI picks the language.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, Final, Literal, NamedTuple

Label = tuple[str, str]  # (sv, en)

GENDER: Final[Mapping[str, Label]] = {
    "woman": ("Kvinna", "Woman"),
    "man": ("Man", "Man"),
}

PROGRAM: Final[Mapping[str, Label]] = {
    "SE": ("SE", "SE"),
    "IPS": ("IPS", "IPS"),
    "SEd": ("SEd", "SEd"),
}

EDUCATION: Final[Mapping[str, Label]] = {
    "compulsory": ("Förgymnasial", "Compulsory school or less"),
    "upper_secondary": ("Gymnasial", "Upper secondary"),
    "post_secondary": ("Eftergymnasial", "Post-secondary"),
    "unknown": ("Saknas/okänd", "Missing/unknown"),
}

SUPPORT: Final[Mapping[str, Label]] = {
    "sickness_benefit": ("Sjukpenning/rehabiliteringspenning", "Sickness benefit"),
    "activity_compensation": ("Aktivitetsersättning", "Activity compensation"),
    "sickness_compensation": ("Sjukersättning", "Sickness compensation"),
    "unemployment_insurance": ("A-kassa", "Unemployment insurance"),
    "activity_support": ("Aktivitetsstöd/utvecklingsersättning", "Activity support"),
    "establishment_allowance": ("Etableringsersättning", "Establishment allowance"),
    "social_assistance": ("Försörjningsstöd", "Social assistance"),
}
NO_SUPPORT_LABEL: Final[Label] = ("Ingen offentlig försörjning", "No public support")

OCCUPATION: Final[Mapping[str, Label]] = {
    "none": ("Ingen", "None"),
    "unsubsidised_work": ("Osubventionerat arbete", "Unsubsidised work"),
    "subsidised_work": ("Subventionerat arbete", "Subsidised work"),
    "studies": ("Studier", "Studies"),
    "job_seeking": ("Aktivt arbetssökande", "Actively job seeking"),
}

EXIT_REASON: Final[Mapping[str, Label]] = {
    "unsubsidised_work": ("Arbete (osubventionerat)", "Work (unsubsidised)"),
    "subsidised_work": ("Arbete (subventionerat)", "Work (subsidised)"),
    "studies": ("Studier", "Studies"),
    "job_seeking": ("Aktivt arbetssökande", "Actively job seeking"),
    "continued_rehabilitation": ("Fortsatt rehabilitering", "Continued rehabilitation"),
    "moved": ("Flytt", "Moved"),
    "parental_leave": ("Föräldraledighet", "Parental leave"),
    "illness": ("Sjukdom", "Illness"),
    "consent_withdrawn": ("Medgivande återtaget", "Consent withdrawn"),
    "unplanned": ("Utan mätning", "Left unplanned"),
    "other": ("Övrigt", "Other"),
    "registration_error": ("Felregistrering", "Registration error"),
}

#: Exit reasons that count as "to work".
WORK_REASONS: Final[frozenset[str]] = frozenset({"unsubsidised_work", "subsidised_work"})
#: Exit reasons whose SUS exit waits for the team's delay (work and studies).
DELAYED_SUS_REASONS: Final[frozenset[str]] = WORK_REASONS | {"studies"}
#: Exit reasons outside the person's control (left out of the adjusted to-work share).
OUTSIDE_CONTROL_REASONS: Final[frozenset[str]] = frozenset(
    {"continued_rehabilitation", "moved", "parental_leave", "illness"}
)


def occupation_after_exit(reason: str) -> str | None:
    """The occupation after an exit that its reason fixes (work: that work), or None when the reason leaves it free."""
    return reason if reason in WORK_REASONS else None


def extent_fits(kind: str, extent: int) -> bool:
    """No occupation ("none") has the extent 0; any other kind may have any extent."""
    return kind != "none" or extent == 0


def exit_cancels_followups(reason: str) -> bool:
    """An exit for a reason other than work cancels the efterstöd planned after it (work keeps its support)."""
    return reason not in WORK_REASONS


FOLLOWUP_KIND: Final[Mapping[str, Label]] = {
    "visit": ("Besök", "Visit"),
    "call": ("Telefon", "Phone call"),
    "closing_call": ("Avslutande samtal", "Closing call"),
}

REMINDER_KIND: Final[Mapping[str, Label]] = {
    **FOLLOWUP_KIND,
    "sus_exit": ("SUS-utskrivning", "SUS exit registration"),
    "survey": ("Enkät att lämna", "Questionnaire to hand out"),
}

REMINDER_STATUS: Final[Mapping[str, Label]] = {
    "planned": ("Planerad", "Planned"),
    "done": ("Gjord", "Done"),
    "skipped": ("Överhoppad", "Skipped"),
}

JOURNAL_KIND: Final[Mapping[str, Label]] = {
    "meeting": ("Möte", "Meeting"),
    "phone": ("Telefon", "Phone"),
    "visit": ("Besök", "Visit"),
    "employer_contact": ("Arbetsgivarkontakt", "Employer contact"),
    "other": ("Övrigt", "Other"),
}

CodeListName = Literal[
    "gender",
    "program",
    "education",
    "support",
    "occupation",
    "exit_reason",
    "followup_kind",
    "reminder_kind",
    "reminder_status",
    "journal_kind",
]

CODE_LISTS: Final[Mapping[str, Mapping[str, Label]]] = {
    "gender": GENDER,
    "program": PROGRAM,
    "education": EDUCATION,
    "support": SUPPORT,
    "occupation": OCCUPATION,
    "exit_reason": EXIT_REASON,
    "followup_kind": FOLLOWUP_KIND,
    "reminder_kind": REMINDER_KIND,
    "reminder_status": REMINDER_STATUS,
    "journal_kind": JOURNAL_KIND,
}


class Occupation(NamedTuple):
    """An ``OCCUPATION`` code and its extent in percent of full time (before enrolment, after the exit)."""

    kind: str = "none"
    extent: int = 0

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "extent": self.extent}


NO_OCCUPATION: Final = Occupation()


@cache  # the lists are constants; exports ask for the same few labels thousands of times
def label(code_list: str, code: str, lang: str = "sv") -> str:
    """The label of ``code`` in ``code_list`` (the code itself when unknown)."""
    pair = CODE_LISTS[code_list].get(code)
    if pair is None:
        return code
    return pair[1] if lang == "en" else pair[0]


def code_for(code_list: str, text: str) -> str | None:
    """The code for a code or a label in either language (case-insensitive), else None."""
    if text in CODE_LISTS[code_list]:  # the common case (files, forms): the exact code
        return text
    wanted = text.strip().casefold()
    for code, (sv, en) in CODE_LISTS[code_list].items():
        if wanted in (code.casefold(), sv.casefold(), en.casefold()):
            return code
    return None
