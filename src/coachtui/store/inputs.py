"""Validating input models: every value passes here before it reaches a table.

Messages are Swedish (English with --lang en) and name the field. Dates must be
ISO ``YYYY-MM-DD`` and exist (2026-02-30 is refused); codes must be in the
code lists; extents are 0-100; names are non-empty after trimming.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from coachtui.domain import codes, people
from coachtui.i18n import _
from coachtui.store.db import StoreError

MAX_NAME = 100
MAX_TEXT = 20_000


@dataclass(frozen=True, slots=True)
class Problem:
    field: str  # the field's code name (or "row 3: exit_on" for files)
    message: str  # translated, starts with the field's label

    def __str__(self) -> str:
        return self.message


class InputError(StoreError):
    """Invalid input: nothing was written. ``problems`` lists every field at fault."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(p.message for p in self.problems))


def field_label(name: str) -> str:
    labels = {
        "name": _("Namn"),
        "municipality": _("Kommun"),
        "fte": _("Tjänstgöringsgrad"),
        "first_name": _("Förnamn"),
        "last_name": _("Efternamn"),
        "birth_year": _("Födelseår"),
        "gender": _("Kön"),
        "program": _("Program"),
        "referred_on": _("Aktualiserad"),
        "enrolled_on": _("Inskriven"),
        "sus_consent": _("SUS-samtycke"),
        "education": _("Utbildningsnivå"),
        "support_since": _("Försörjning sedan"),
        "support_before": _("Försörjning före"),
        "support_after": _("Försörjning efter"),
        "occupation_before_kind": _("Sysselsättning före"),
        "occupation_before_extent": _("Omfattning före"),
        "occupation_after_kind": _("Sysselsättning efter"),
        "occupation_after_extent": _("Omfattning efter"),
        "step": _("Steg"),
        "on": _("Datum"),
        "note": _("Anteckning"),
        "kind": _("Typ"),
        "text": _("Text"),
        "employer": _("Arbetsgivare"),
        "start_on": _("Första arbetsdag"),
        "end_on": _("Slutdatum"),
        "subsidised": _("Subventionerad"),
        "extent": _("Omfattning"),
        "reason": _("Avslutsorsak"),
        "sus_registered_on": _("Registrerad i SUS"),
        "person": _("Kontaktperson"),
        "phone": _("Telefon"),
        "personnummer": _("Personnummer"),
        "sus_delay_months": _("SUS-fördröjning (månader)"),
        "target_participants_per_year": _("Mål deltagare per år"),
        "target_share_percent": _("Mål andel till arbete eller studier (%)"),
        "lock_minutes": _("Låsning efter (minuter)"),
        "fidelity_goal": _("Mål programtrohet (poäng)"),
        "item": _("Punkt"),
        "score": _("Poäng"),
        "scores": _("Poäng"),
        "notes": _("Anteckningar"),
        "answers": _("Svar"),
        "respondent": _("Svarande"),
        "survey_goal_all": _("Enkätmål, alla frågor (%)"),
        **{f"survey_goal_q{n}": _("Enkätmål, fråga {n} (%)", n=n) for n in range(1, 8)},
        "survey_reminder_days": _("Enkätpåminnelse efter (dagar)"),
    }
    return labels.get(name, name)


# --- reusable field types -------------------------------------------------------------

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc, the control characters
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


ECHO_MAX = 30


def _echo(value: Any) -> Any:
    """A bad value as messages show it: text cut to ``ECHO_MAX`` characters (it may be a note in the wrong place)."""
    if isinstance(value, str) and len(value) > ECHO_MAX:
        return value[: ECHO_MAX - 1] + "…"
    return value


def _iso_date(value: Any) -> Any:
    if value.__class__ is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:  # the common case, ÅÅÅÅ-MM-DD already: the checks below would give the same date
            return date.fromisoformat(value)
        except ValueError:
            pass
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _ISO.match(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
    raise ValueError(_("ogiltigt datum {value!r}: skriv ÅÅÅÅ-MM-DD med en dag som finns", value=_echo(value)))


def _month(value: Any) -> Any:
    if value is None:
        return None
    text = str(value).strip()
    if text == "":
        return None
    found = _MONTH.match(text)
    if found and 1 <= int(found.group(2)) <= 12:
        return text
    raise ValueError(_("ogiltig månad {value!r}: skriv ÅÅÅÅ-MM", value=_echo(value)))


_TRUE = {"true", "1", "ja", "j", "yes", "y", "sant"}
_FALSE = {"false", "0", "nej", "n", "no", "falskt"}


def _yes_no(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().casefold()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise ValueError(_("skriv ja eller nej"))


def _name(value: Any) -> Any:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(_("får inte vara tomt"))
    text = " ".join(value.split())
    if _CONTROL.search(text):
        raise ValueError(_("får inte innehålla styrtecken"))
    if len(text) > MAX_NAME:
        raise ValueError(_("högst {n} tecken", n=MAX_NAME))
    return text


def _optional_text(value: Any) -> Any:
    """Blank text is no value (None); other values pass on as text."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _required_text(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        raise ValueError(_("får inte vara tom"))  # en anteckning, en text
    return value.strip() if isinstance(value, str) else value


def _no_nul(value: Any) -> Any:
    """SQLite's text functions stop at a NUL character: it is refused in free text."""
    if isinstance(value, str) and "\x00" in value:
        raise ValueError(_("får inte innehålla styrtecken"))
    return value


def _code(code_list: str) -> BeforeValidator:
    def check(value: Any) -> Any:
        if isinstance(value, str):
            found = codes.code_for(code_list, value)
            if found is not None:
                return found
        allowed = ", ".join(codes.CODE_LISTS[code_list])
        raise ValueError(_("okänd kod {value!r} (tillåtna: {allowed})", value=_echo(value), allowed=allowed))

    return BeforeValidator(check)


def _code_list(code_list: str) -> BeforeValidator:
    def check(value: Any) -> Any:
        if value is None or value == "":
            return []
        items = value.split("|") if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            raise ValueError(_("måste vara en lista"))
        result: list[str] = []
        for item in items:
            found = codes.code_for(code_list, str(item)) if isinstance(item, str) else None
            if found is None:
                allowed = ", ".join(codes.CODE_LISTS[code_list])
                raise ValueError(_("okänd kod {value!r} (tillåtna: {allowed})", value=_echo(item), allowed=allowed))
            if found not in result:
                result.append(found)
        return result

    return BeforeValidator(check)


MAX_PHONE = 30
_PHONE = re.compile(r"^[0-9+\- ]*$")


def _phone(value: Any) -> Any:
    """A phone number as the coach writes it, checked loosely: digits, spaces, ``+`` and ``-`` (blank: none)."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(_("måste vara text"))
    text = " ".join(value.split())
    if not _PHONE.match(text):
        raise ValueError(_("bara siffror, mellanslag, + och -"))
    if len(text) > MAX_PHONE:
        raise ValueError(_("högst {n} tecken", n=MAX_PHONE))
    return text


MAX_KEY = 100


def key_problem(value: str) -> str | None:
    """What is wrong with a record key of a file (participant, coach, survey…), or None: not blank, at most
    :data:`MAX_KEY` characters, no control characters (NUL, ESC…)."""
    if not value.strip():
        return _("måste fyllas i")
    if len(value.strip()) > MAX_KEY:
        return _("högst {n} tecken", n=MAX_KEY)
    if _CONTROL.search(value):
        return _("får inte innehålla styrtecken")
    return None


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
OptionalDate = Annotated[date | None, BeforeValidator(_iso_date)]
Month = Annotated[str | None, BeforeValidator(_month)]
YesNo = Annotated[bool, BeforeValidator(_yes_no)]
Name = Annotated[str, BeforeValidator(_name)]
Extent = Annotated[int, Field(ge=0, le=100)]
Text = Annotated[str, BeforeValidator(_no_nul), Field(max_length=MAX_TEXT)]
Phone = Annotated[str, BeforeValidator(_phone)]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @classmethod
    def cross_problems(cls, v: Mapping[str, Any]) -> list[tuple[str, str]]:
        """The checks between fields, as (field, message): each runs only when every field it needs is in
        ``v`` (the fields that are valid), so one save shows them next to the fields' own errors (``parse``)."""
        return []

    @model_validator(mode="after")
    def _consistent(self) -> Any:
        found = type(self).cross_problems(self.__dict__)
        if found:  # parse() lists every one; model_validate alone reports the first
            raise _field_error(*found[0])
        return self


class CoachIn(_Input):
    name: Name
    municipality: Name
    fte: Annotated[float, Field(gt=0, le=1)]


class ParticipantIn(_Input):
    first_name: Name
    last_name: Name
    birth_year: Annotated[int, Field(ge=1900, le=2100)]
    gender: Annotated[str, _code("gender")]
    municipality: Name
    program: Annotated[str, _code("program")]
    referred_on: OptionalDate = None
    enrolled_on: IsoDate
    sus_consent: YesNo
    education: Annotated[str, _code("education")] = "unknown"
    support_since: Month = None
    support_before: Annotated[list[str], _code_list("support")] = []
    occupation_before_kind: Annotated[str, _code("occupation")] = "none"
    occupation_before_extent: Extent = 0
    personnummer: Annotated[str | None, BeforeValidator(_optional_text)] = None
    phone: Phone = ""

    @field_validator("personnummer")
    @classmethod
    def _personnummer(cls, value: str | None, info: ValidationInfo) -> str | None:
        """Canonical 12 digits; the century of a 10-digit form is taken from the enrolment date."""
        enrolled_on = info.data.get("enrolled_on")
        if value is None or enrolled_on is None:
            return value  # a bad enrolment date is reported on its own; the number is checked once it is fixed
        from coachtui.domain import personnummer

        canonical = personnummer.parse(value, enrolled_on)
        birth_year = info.data.get("birth_year")
        born = personnummer.birth_date(canonical).year
        if birth_year is not None and born != birth_year:
            raise ValueError(
                _("numret ger födelseåret {year}, men födelseåret är {birth_year}", year=born, birth_year=birth_year)
            )
        return canonical

    @classmethod
    def cross_problems(cls, v: Mapping[str, Any]) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        enrolled_on = v.get("enrolled_on")
        if enrolled_on is not None and v.get("referred_on") is not None and v["referred_on"] > enrolled_on:
            found.append(("referred_on", _("kan inte vara efter inskrivningsdagen")))
        if enrolled_on is not None and "birth_year" in v and not people.age_allowed(v["birth_year"], enrolled_on):
            low, high = people.possible_ages(v["birth_year"], enrolled_on)
            found.append(
                (
                    "birth_year",
                    _(
                        "ger åldern {low}-{high} år vid inskrivning (tillåtet {min}-{max})",
                        low=low,
                        high=high,
                        min=people.AGE_MIN,
                        max=people.AGE_MAX,
                    ),
                )
            )
        kind, extent = v.get("occupation_before_kind"), v.get("occupation_before_extent")
        if kind is not None and extent is not None and not codes.extent_fits(kind, extent):
            found.append(("occupation_before_extent", _("ska vara 0 när sysselsättningen är ingen")))
        return found


class StepIn(_Input):
    step: Annotated[int, Field(ge=1, le=5)]
    on: IsoDate
    note: Text = ""


class JournalIn(_Input):
    on: IsoDate
    kind: Annotated[str, _code("journal_kind")]
    text: Annotated[str, BeforeValidator(_required_text), BeforeValidator(_no_nul), Field(max_length=MAX_TEXT)]


class EmploymentIn(_Input):
    employer: Name
    start_on: IsoDate
    end_on: OptionalDate = None
    subsidised: YesNo
    extent: Extent

    @classmethod
    def cross_problems(cls, v: Mapping[str, Any]) -> list[tuple[str, str]]:
        if v.get("end_on") is not None and v.get("start_on") is not None and v["end_on"] < v["start_on"]:
            return [("end_on", _("kan inte vara före första arbetsdagen"))]
        return []


class FollowupDoneIn(_Input):
    """A follow-up done on ``on`` (issue 4)."""

    on: IsoDate
    note: Text = ""


class FollowupSkipIn(_Input):
    """A follow-up skipped: the note (why) is required (issue 4)."""

    note: Annotated[str, BeforeValidator(_required_text), Field(max_length=MAX_TEXT)]


class FollowupMoveIn(_Input):
    """A follow-up rescheduled to ``on``; ``note`` is the reason, kept with the original date (issue 4)."""

    on: IsoDate
    note: Annotated[
        str, BeforeValidator(lambda v: " ".join(v.split()) if isinstance(v, str) else v), Field(max_length=MAX_NAME)
    ] = ""


class EmployerContactIn(_Input):
    employer: Name
    on: IsoDate
    person: Annotated[str, Field(max_length=MAX_NAME)] = ""
    note: Text = ""


class OfferedIn(_Input):
    """The day the NNS questionnaire was handed to a participant (a document's ``survey_offered_on``)."""

    survey_offered_on: OptionalDate = None


class EmployerIn(_Input):
    """An employer of a document's ``employers`` list."""

    name: Name
    phone: Phone = ""
    note: Text = ""


FOLLOWUP_STATUSES = ("planned", "done", "skipped", "unrecorded")


class FollowupIn(_Input):
    """An efterstöd slot as a document carries it (DATA-FORMAT.md "The whole record")."""

    slot: Annotated[str, BeforeValidator(_name), Field(max_length=20)]
    kind: Annotated[str, _code("followup_kind")]
    due_on: IsoDate
    original_due_on: IsoDate
    status: Annotated[str, BeforeValidator(lambda v: v if v in FOLLOWUP_STATUSES else _bad_status(v))]
    done_on: OptionalDate = None
    note: Text = ""
    cancelled_by_exit: YesNo = False

    @classmethod
    def cross_problems(cls, v: Mapping[str, Any]) -> list[tuple[str, str]]:
        status = v.get("status")
        if status is None:
            return []
        found: list[tuple[str, str]] = []
        if "done_on" in v:
            if status == "done" and v["done_on"] is None:
                found.append(("done_on", _("måste fyllas i när uppföljningen är gjord")))
            if status != "done" and v["done_on"] is not None:
                found.append(("done_on", _("bara för en gjord uppföljning")))
        if v.get("cancelled_by_exit") and status != "skipped":
            found.append(("cancelled_by_exit", _("bara för en överhoppad uppföljning")))
        return found


def _bad_status(value: Any) -> Any:
    raise ValueError(_("okänd kod {value!r} (tillåtna: {allowed})", value=value, allowed=", ".join(FOLLOWUP_STATUSES)))


class ExitIn(_Input):
    on: IsoDate
    reason: Annotated[str, _code("exit_reason")]
    occupation_after_kind: Annotated[str, _code("occupation")] = "none"
    occupation_after_extent: Extent = 0
    support_after: Annotated[list[str], _code_list("support")] = []
    sus_registered_on: OptionalDate = None

    @classmethod
    def cross_problems(cls, v: Mapping[str, Any]) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        reason, kind = v.get("reason"), v.get("occupation_after_kind")
        expected = codes.occupation_after_exit(reason) if reason is not None else None
        if expected is not None and kind is not None and kind != expected:
            found.append(
                (
                    "occupation_after_kind",
                    _(
                        "måste vara {kind} när avslutsorsaken är {reason}",
                        kind=codes.label("occupation", expected, _lang()),
                        reason=codes.label("exit_reason", reason, _lang()),
                    ),
                )
            )
        extent = v.get("occupation_after_extent")
        if kind is not None and extent is not None and not codes.extent_fits(kind, extent):
            found.append(("occupation_after_extent", _("ska vara 0 när sysselsättningen är ingen")))
        registered, on = v.get("sus_registered_on"), v.get("on")
        if registered is not None and on is not None and registered < on:
            found.append(("sus_registered_on", _("kan inte vara före avslutsdatumet")))
        return found


# --- dates against the participant and today (forms and imports: one rule) -------------

#: How far ahead an exit or a first day of work may be dated (a planned exit at the end of the month).
MAX_DAYS_AHEAD = 31


def _before_enrolment(label: str, enrolled_on: date) -> str:
    return _("{label}: kan inte vara före inskrivningsdagen {enrolled}", label=label, enrolled=enrolled_on.isoformat())


def _ahead(label: str, latest: date) -> str:
    return _(
        "{label}: högst {n} dagar fram i tiden (senast {latest})",
        label=label,
        n=MAX_DAYS_AHEAD,
        latest=latest.isoformat(),
    )


def exit_date_problems(
    on: date | None, registered: date | None, enrolled_on: date, today: date | None
) -> list[Problem]:
    """An exit date not before enrolment nor beyond today + :data:`MAX_DAYS_AHEAD`; a SUS registration not in
    the future. (The exit form and imports; ``today`` None leaves out the checks against today.)"""
    from datetime import timedelta

    problems: list[Problem] = []
    if on is not None:
        if on < enrolled_on:
            problems.append(Problem("on", _before_enrolment(_("Avslutsdatum"), enrolled_on)))
        latest = today + timedelta(days=MAX_DAYS_AHEAD) if today is not None else None
        if latest is not None and on > latest:
            problems.append(Problem("on", _ahead(_("Avslutsdatum"), latest)))
    if registered is not None and today is not None and registered > today:
        problems.append(Problem("sus_registered_on", _("Registrerad i SUS: kan inte vara i framtiden")))
    return problems


def step_date_problems(on: date, enrolled_on: date | None, today: date | None) -> list[Problem]:
    """A step is not dated in the future, nor before enrolment (the step form and imports)."""
    problems: list[Problem] = []
    if today is not None and on > today:
        problems.append(Problem("on", f"{field_label('on')}: " + _("kan inte vara i framtiden")))
    if enrolled_on is not None and on < enrolled_on:
        problems.append(Problem("on", _before_enrolment(field_label("on"), enrolled_on)))
    return problems


def employment_date_problems(start_on: date, enrolled_on: date, today: date | None) -> list[Problem]:
    """A first day of work not before enrolment nor beyond today + :data:`MAX_DAYS_AHEAD` (the employment form
    and imports)."""
    from datetime import timedelta

    problems: list[Problem] = []
    if start_on < enrolled_on:
        problems.append(Problem("start_on", _before_enrolment(field_label("start_on"), enrolled_on)))
    latest = today + timedelta(days=MAX_DAYS_AHEAD) if today is not None else None
    if latest is not None and start_on > latest:
        problems.append(Problem("start_on", _ahead(field_label("start_on"), latest)))
    return problems


def _filled(value: Any) -> Any:
    """A number typed in a form: blank is "must be filled in" (not "must be a number")."""
    if isinstance(value, str) and not value.strip():
        raise ValueError(_("måste fyllas i"))
    return value


def _decimal(value: Any) -> Any:
    """A decimal number as typed: "1,5" or "1.5" (a finite number; text that is none is refused)."""
    if not isinstance(value, str):
        return value
    _filled(value)
    try:
        number = float(value.strip().replace(",", "."))
    except ValueError:
        raise ValueError(_("måste vara ett tal")) from None
    if not math.isfinite(number):
        raise ValueError(_("måste vara ett tal"))
    return number


def _percent(value: Any) -> Any:
    """A percentage as typed: "50", "50 %", "37,5" (the "%" sign is optional)."""
    return _decimal(value.strip().removesuffix("%")) if isinstance(value, str) else value


def _setting_text(number: float) -> str:
    """A number as the ``setting`` table keeps it: "5", "1.5", "0.375" (a dot, no trailing ".0")."""
    text = repr(round(number, 6) + 0.0)  # + 0.0: never "-0"
    return text.removesuffix(".0")


def _goal_percent(value: Any) -> Any:
    """A question's goal in per cent as typed: blank is "no goal" (kept as ""), else 0-100."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None if value is None else ""
    number = _percent(value)
    if not isinstance(number, (int, float)) or isinstance(number, bool):
        raise ValueError(_("måste vara ett tal"))
    if not 0 <= number <= 100:
        raise ValueError(_("måste vara 0-100 eller tomt (inget mål)"))
    return float(number)


DelayMonths = Annotated[int, BeforeValidator(_filled), Field(ge=0, le=12)]
PeoplePerYear = Annotated[int, BeforeValidator(_filled), Field(ge=0, le=1000)]


class TeamSettingsIn(_Input):
    """The team settings of the settings form, in the form's units (the share in per cent, 0-100)."""

    sus_delay_months: DelayMonths
    target_participants_per_year: PeoplePerYear
    target_share_percent: Annotated[float, BeforeValidator(_percent), Field(ge=0, le=100)]
    lock_minutes: Annotated[float, BeforeValidator(_decimal), Field(ge=0, le=240)]
    fidelity_goal: Annotated[int | None, BeforeValidator(_filled), Field(ge=0, le=125)] = None  # None: unchanged

    # The NNS questionnaire (left out: not in the form, kept as stored). A question's goal may be blank: none.
    survey_goal_all: Annotated[float | None, BeforeValidator(_percent), Field(ge=0, le=100)] = None
    survey_goal_q1: Annotated[float | str | None, BeforeValidator(_goal_percent)] = None
    survey_goal_q2: Annotated[float | str | None, BeforeValidator(_goal_percent)] = None
    survey_goal_q3: Annotated[float | str | None, BeforeValidator(_goal_percent)] = None
    survey_goal_q4: Annotated[float | str | None, BeforeValidator(_goal_percent)] = None
    survey_goal_q5: Annotated[float | str | None, BeforeValidator(_goal_percent)] = None
    survey_goal_q6: Annotated[float | str | None, BeforeValidator(_goal_percent)] = None
    survey_goal_q7: Annotated[float | str | None, BeforeValidator(_goal_percent)] = None
    survey_reminder_days: Annotated[int | None, BeforeValidator(_filled), Field(ge=0, le=3650)] = None

    def as_settings(self) -> dict[str, str]:
        """key → text as ``store.settings`` keeps them (the shares as 0..1 fractions; "" = no goal)."""
        values = {
            "sus_delay_months": str(self.sus_delay_months),
            "target_participants_per_year": str(self.target_participants_per_year),
            "target_share_work_or_studies": _setting_text(self.target_share_percent / 100),
            "lock_minutes": _setting_text(self.lock_minutes),
        }
        if self.fidelity_goal is not None:
            values["fidelity_goal"] = str(self.fidelity_goal)
        if self.survey_goal_all is not None:
            values["survey_goal_all"] = _setting_text(self.survey_goal_all / 100)
        for n in range(1, 8):
            goal = getattr(self, f"survey_goal_q{n}")
            if goal is not None:
                values[f"survey_goal_q{n}"] = "" if goal == "" else _setting_text(float(goal) / 100)
        if self.survey_reminder_days is not None:
            values["survey_reminder_days"] = str(self.survey_reminder_days)
        return values


def _template(value: Any) -> Any:
    """A stored efterstöd template: "" (the default one) or its JSON, valid by ``domain.schedule``'s rules."""
    if not isinstance(value, str):
        raise ValueError(_("måste vara text"))
    if value.strip():
        from coachtui.domain import schedule

        try:
            schedule.template_from_json(value)
        except schedule.TemplateError as exc:
            raise ValueError(" ".join(exc.problems)) from None
    return value


def _goal_fraction(value: Any) -> Any:
    """A stored questionnaire goal: "" (no goal) or a fraction 0..1."""
    if isinstance(value, str) and not value.strip():
        return ""
    number = _decimal(value)
    if not isinstance(number, (int, float)) or isinstance(number, bool) or not 0 <= number <= 1:
        raise ValueError(_("måste vara 0-1 eller tomt (inget mål)"))
    return float(number)


class SharedSettingsIn(_Input):
    """The team settings a document carries (``store.document.SETTINGS_KEYS``), as ``store.settings`` keeps
    them (text; the share as the 0..1 fraction). Each is optional: a document writes only what it carries."""

    sus_delay_months: DelayMonths | None = None
    efterstod_template: Annotated[str, BeforeValidator(_template)] | None = None
    target_participants_per_year: PeoplePerYear | None = None
    target_share_work_or_studies: Annotated[float, BeforeValidator(_decimal), Field(ge=0, le=1)] | None = None
    retention_years: Annotated[int, BeforeValidator(_filled), Field(ge=0, le=100)] | None = None
    fidelity_goal: Annotated[int, BeforeValidator(_filled), Field(ge=0, le=125)] | None = None
    survey_goal_all: Annotated[float, BeforeValidator(_decimal), Field(ge=0, le=1)] | None = None
    survey_goal_q1: Annotated[float | str, BeforeValidator(_goal_fraction)] | None = None
    survey_goal_q2: Annotated[float | str, BeforeValidator(_goal_fraction)] | None = None
    survey_goal_q3: Annotated[float | str, BeforeValidator(_goal_fraction)] | None = None
    survey_goal_q4: Annotated[float | str, BeforeValidator(_goal_fraction)] | None = None
    survey_goal_q5: Annotated[float | str, BeforeValidator(_goal_fraction)] | None = None
    survey_goal_q6: Annotated[float | str, BeforeValidator(_goal_fraction)] | None = None
    survey_goal_q7: Annotated[float | str, BeforeValidator(_goal_fraction)] | None = None
    survey_reminder_days: Annotated[int, BeforeValidator(_filled), Field(ge=0, le=3650)] | None = None

    def as_settings(self, keys: Any) -> dict[str, str]:
        """key → text as ``store.settings`` keeps them, for ``keys``."""
        found: dict[str, str] = {}
        for key in keys:
            value = getattr(self, key)
            found[key] = _setting_text(value) if isinstance(value, float) else str(value)
        return found


def _lang() -> str:
    from coachtui.i18n import language

    return language()


class _FieldError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _field_error(field: str, message: str) -> _FieldError:
    return _FieldError(field, message)


# --- parsing ---------------------------------------------------------------------------

M = TypeVar("M", bound=BaseModel)


def parse(model: type[M], data: Mapping[str, Any], *, where: str = "") -> M:
    """Validate ``data`` into ``model`` or raise InputError naming every field at fault: the fields' own
    errors and the checks between fields (``cross_problems``, on the fields that are valid) together, so one
    save shows them all."""
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        problems = problems_of(exc, where=where)  # a cross check the model raised is among those added below
        cross = getattr(model, "cross_problems", None)
        if cross is not None:
            bad = {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
            prefix = f"{where}: " if where else ""
            for field, message in cross(_valid_fields(model, data, bad)):
                problem = Problem(f"{prefix}{field}", f"{prefix}{field_label(field)}: {message}")
                if problem not in problems:
                    problems.append(problem)
        raise InputError(problems) from None


def _valid_fields(model: type[BaseModel], data: Mapping[str, Any], bad: set[str]) -> dict[str, Any]:
    """The fields of ``data`` (or their defaults) that are valid on their own, validated; not those in ``bad``."""
    found: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in bad:
            continue
        if name not in data:
            if not info.is_required():
                found[name] = info.get_default(call_default_factory=True)
            continue
        try:
            found[name] = _field_adapter(model, name).validate_python(data[name])
        except ValidationError:
            continue
    return found


_ADAPTERS: dict[tuple[type[BaseModel], str], Any] = {}


def _field_adapter(model: type[BaseModel], name: str) -> Any:
    """A validator of one field of ``model`` alone (its type and constraints; built once)."""
    key = (model, name)
    if key not in _ADAPTERS:
        from pydantic import TypeAdapter

        info = model.model_fields[name]
        kind: Any = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        _ADAPTERS[key] = TypeAdapter(kind)
    return _ADAPTERS[key]


def field_problem(model: type[BaseModel], name: str, value: Any) -> str | None:
    """The message (with the field's label) of ``value`` as field ``name`` of ``model`` on its own, or None
    when it is valid: cheap (no other field, no database), for a form to check one field as it changes."""
    info = model.model_fields.get(name)
    if info is None:
        return None
    if value is None or value == "":  # the forms leave a blank out: the default, or "måste fyllas i"
        return f"{field_label(name)}: {_('måste fyllas i')}" if info.is_required() else None
    try:
        _field_adapter(model, name).validate_python(value)
    except ValidationError as exc:
        found = problems_of(exc)
        return f"{field_label(name)}: {found[0].message.split(': ', 1)[-1]}" if found else None
    return None


def problems_of(exc: ValidationError, *, where: str = "") -> list[Problem]:
    problems: list[Problem] = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"] if not isinstance(p, int)) or ""
        ctx = err.get("ctx") or {}
        cause = ctx.get("error")
        if isinstance(cause, _FieldError):
            field = cause.field
        message = _message(err["type"], ctx, cause)
        label = field_label(field) if field else _("Formuläret")
        prefix = f"{where}: " if where else ""
        problems.append(Problem(f"{prefix}{field}", f"{prefix}{label}: {message}"))
    return problems


def _message(kind: str, ctx: dict[str, Any], cause: object) -> str:
    if isinstance(cause, ValueError):
        return str(cause)
    if kind == "missing":
        return _("måste fyllas i")
    if kind == "extra_forbidden":
        return _("okänt fält")
    if kind in ("string_too_short",):
        return _("får inte vara tomt")
    if kind == "string_too_long":
        return _("för lång text (högst {n} tecken)", n=ctx.get("max_length", MAX_TEXT))
    if kind.startswith("int_"):
        return _("måste vara ett heltal")
    if kind.startswith("float_"):
        return _("måste vara ett tal")
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        limit = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt"))))
        words = {
            "greater_than_equal": _("måste vara minst {n}", n=limit),
            "greater_than": _("måste vara större än {n}", n=limit),
            "less_than_equal": _("får vara högst {n}", n=limit),
            "less_than": _("måste vara mindre än {n}", n=limit),
        }
        return words[kind]
    if kind.startswith("string_"):
        return _("måste vara text")
    return _("ogiltigt värde")
