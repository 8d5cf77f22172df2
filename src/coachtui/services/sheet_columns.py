"""The columns and value forms of a coach's own spreadsheet (pure: no IO, no database).

One table, :data:`FIELDS`, lists every field a sheet column can hold: its code,
the kind of value and the headers it is recognised by (the Swedish header first,
then common synonyms). Headers match ignoring case, spaces and punctuation
("SUS-samtycke" = "sus samtycke" = "SUSsamtycke"), as the code too
("first_name"). :func:`convert` turns one cell's text into the contract's value
or raises :class:`BadValue` with a message for people; only code-list, date and
number cells echo the value, cut to :data:`ECHO_MAX` characters (never a name,
a phone number or a note).
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from typing import Any, Final

from coachtui.domain import codes
from coachtui.domain.steps import STEPS
from coachtui.i18n import _, language

ECHO_MAX: Final = 30
MIN_HEADERS: Final = 3  # a header row has at least this many recognised column names

#: (code, kind, headers): the Swedish header first, then synonyms seen in coaches' own sheets
FIELDS: Final[tuple[tuple[str, str, tuple[str, ...]], ...]] = (
    ("key", "text", ("Nyckel", "ID", "Deltagar-id", "Löpnummer")),
    ("coach", "text", ("Coach", "Handledare", "Jobbcoach", "Ansvarig coach")),
    ("name", "name", ("Namn", "Deltagare", "Deltagarens namn", "Fullständigt namn", "Förnamn Efternamn")),
    ("name_last_first", "name_last_first", ("Efternamn, förnamn", "Efternamn och förnamn")),
    ("first_name", "text", ("Förnamn",)),
    ("last_name", "text", ("Efternamn",)),
    ("birth_year", "year", ("Födelseår", "Född", "Födelse år", "År född")),
    ("gender", "gender", ("Kön",)),
    ("municipality", "text", ("Kommun", "Hemkommun", "Bostadskommun")),
    ("program", "program", ("Program", "Metod", "Insats")),
    ("referred_on", "date", ("Aktualiserad", "Aktualiseringsdatum", "Remissdatum", "Anvisad", "Anvisningsdatum")),
    ("enrolled_on", "date", ("Inskriven", "Inskrivningsdatum", "Startdatum", "Inskrivningsdag", "Start")),
    ("sus_consent", "yesno", ("SUS-samtycke", "Samtycke", "Samtycke SUS", "Samtycke till SUS")),
    ("education", "education", ("Utbildningsnivå", "Utbildning")),
    ("support_since", "month", ("Försörjning sedan",)),
    ("support_before", "support", ("Försörjning före", "Försörjning", "Ersättning")),
    ("occupation_before_kind", "occupation", ("Sysselsättning före", "Sysselsättning")),
    ("occupation_before_extent", "extent", ("Omfattning före",)),
    ("step", "step", ("Steg", "Nuvarande steg", "Aktuellt steg")),
    ("step_on", "date", ("Steg datum", "Stegdatum", "Datum steg", "Steg sedan")),
    ("employment_employer", "text", ("Arbetsgivare", "Företag", "Arbetsplats")),
    (
        "employment_start_on",
        "date",
        ("Första arbetsdag", "Anställd från", "Anställningsdatum", "Anställd", "Anställning start"),
    ),
    ("employment_end_on", "date", ("Anställning slutdatum", "Anställd till", "Slutdatum", "Anställning slut")),
    ("employment_subsidised", "yesno", ("Subventionerad", "Lönebidrag", "Lönestöd", "Subventionerad anställning")),
    ("employment_extent", "extent", ("Anställning omfattning", "Omfattning", "Arbetstid", "Sysselsättningsgrad")),
    ("exit_on", "date", ("Avslutsdatum", "Utskriven", "Avslutad", "Utskrivningsdatum", "Avslut")),
    ("exit_reason", "reason", ("Avslutsorsak", "Orsak", "Utskrivningsorsak", "Anledning")),
    ("exit_occupation_after_kind", "occupation", ("Sysselsättning efter",)),
    ("exit_occupation_after_extent", "extent", ("Omfattning efter",)),
    ("exit_support_after", "support", ("Försörjning efter",)),
    ("exit_sus_registered_on", "date", ("Registrerad i SUS", "SUS-registrerad", "Utskriven i SUS", "SUS-datum")),
    ("phone", "phone", ("Telefon", "Tel", "Telefonnummer", "Mobil", "Mobilnummer")),
    ("journal", "journal", ("Anteckningar", "Anteckning", "Kommentar", "Kommentarer", "Noteringar", "Övrigt")),
)
KIND: Final[dict[str, str]] = {code: kind for code, kind, _h in FIELDS}
#: fields that can be given by more than one column (each cell becomes its own value)
REPEATABLE: Final = frozenset({"journal"})
#: kinds whose bad values are echoed in messages (code lists, dates, numbers)
_ECHO: Final = frozenset(
    {"date", "year", "month", "extent", "step", "gender", "program", "education", "support", "occupation", "reason"}
)


def norm(text: str) -> str:
    """A header for matching: case, spaces and punctuation ignored."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


HEADERS: Final[dict[str, str]] = {}
for _field, _kind, _headers in FIELDS:
    HEADERS.setdefault(norm(_field), _field)
    for _header in _headers:
        HEADERS.setdefault(norm(_header), _field)


def field_for(header: str) -> str | None:
    """The field code a column header (or a field name given to ``--map``) stands for."""
    return HEADERS.get(norm(header))


def header(code: str) -> str:
    """The Swedish header a column of ``code`` is best given (what a missing column is called)."""
    return next(h[0] for c, _k, h in FIELDS if c == code)


def field_label(code: str) -> str:
    """The field's name for people (Swedish, English with --lang en)."""
    labels = {
        "key": _("Nyckel"),
        "coach": _("Coach"),
        "name": _("Namn (förnamn och efternamn)"),
        "name_last_first": _("Namn (efternamn, förnamn)"),
        "first_name": _("Förnamn"),
        "last_name": _("Efternamn"),
        "birth_year": _("Födelseår"),
        "gender": _("Kön"),
        "municipality": _("Kommun"),
        "program": _("Program"),
        "referred_on": _("Aktualiserad"),
        "enrolled_on": _("Inskriven"),
        "sus_consent": _("SUS-samtycke"),
        "education": _("Utbildningsnivå"),
        "support_since": _("Försörjning sedan"),
        "support_before": _("Försörjning före"),
        "occupation_before_kind": _("Sysselsättning före"),
        "occupation_before_extent": _("Omfattning före"),
        "step": _("Steg"),
        "step_on": _("Steg datum"),
        "employment_employer": _("Arbetsgivare"),
        "employment_start_on": _("Första arbetsdag"),
        "employment_end_on": _("Anställning slutdatum"),
        "employment_subsidised": _("Subventionerad"),
        "employment_extent": _("Anställning omfattning"),
        "exit_on": _("Avslutsdatum"),
        "exit_reason": _("Avslutsorsak"),
        "exit_occupation_after_kind": _("Sysselsättning efter"),
        "exit_occupation_after_extent": _("Omfattning efter"),
        "exit_support_after": _("Försörjning efter"),
        "exit_sus_registered_on": _("Registrerad i SUS"),
        "phone": _("Telefon"),
        "journal": _("Journalanteckning"),
    }
    return labels.get(code, code)


def nearest(header: str, n: int = 3) -> list[str]:
    """The Swedish labels of the fields whose headers are closest to ``header``."""
    found: list[str] = []
    for match in difflib.get_close_matches(norm(header), list(HEADERS), n=8, cutoff=0.5):
        label = field_label(HEADERS[match])
        if label not in found:
            found.append(label)
    return found[:n]


# --- values -----------------------------------------------------------------------------


class BadValue(ValueError):
    """A cell that cannot be read; ``str()`` is the message (without the row and header)."""


def echo(text: str) -> str:
    """A bad value as shown in a message: cut to :data:`ECHO_MAX` characters."""
    return text if len(text) <= ECHO_MAX else text[: ECHO_MAX - 1] + "…"


def _allowed(code_list: str) -> str:
    lang = language()
    return ", ".join(codes.label(code_list, c, lang) for c in codes.CODE_LISTS[code_list])


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_SWEDISH = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(text: str) -> date:
    """ISO, ``d/m yyyy``, ``d/m/yyyy``, ``d.m.yyyy``, ``d-m-yyyy`` or ``yyyymmdd`` (a date cell arrives as ISO)."""
    value = text.strip()
    found = _ISO.match(value)
    parts: tuple[int, int, int] | None = None
    if found:
        parts = (int(found.group(1)), int(found.group(2)), int(found.group(3)))
    elif found := _SWEDISH.match(value):
        parts = (int(found.group(3)), int(found.group(2)), int(found.group(1)))
    elif found := _COMPACT.match(value):
        parts = (int(found.group(1)), int(found.group(2)), int(found.group(3)))
    if parts is not None:
        try:
            return date(*parts)
        except ValueError:
            pass
    raise BadValue(_("ogiltigt datum {value!r}: skriv t.ex. 2025-09-01, 1/9 2025 eller 20250901", value=echo(value)))


_YES: Final = frozenset({"ja", "j", "x", "✓", "✔", "☑", "1", "sant", "true", "yes", "y"})
_NO: Final = frozenset({"nej", "n", "0", "falskt", "false", "no", "-"})


def parse_yes_no(text: str) -> bool:
    value = text.strip().casefold()
    if value in _YES:
        return True
    if value in _NO or not value:
        return False
    raise BadValue(_("skriv ja eller nej (x eller ✓ betyder ja, tomt betyder nej)"))


_GENDER: Final = {"k": "woman", "kvinna": "woman", "m": "man", "man": "man", "woman": "woman", "kv": "woman"}
_PROGRAM: Final = {"supportedemployment": "SE"}
_EDUCATION: Final = {
    "grundskola": "compulsory",
    "förgymnasial": "compulsory",
    "gymnasium": "upper_secondary",
    "gymnasieskola": "upper_secondary",
    "högskola": "post_secondary",
    "universitet": "post_secondary",
    "okänd": "unknown",
    "saknas": "unknown",
}
_SUPPORT: Final = {
    "sjukpenning": "sickness_benefit",
    "rehabiliteringspenning": "sickness_benefit",
    "aktivitetsstöd": "activity_support",
    "utvecklingsersättning": "activity_support",
    "akassa": "unemployment_insurance",
    "ekonomisktbistånd": "social_assistance",
}
_NO_SUPPORT: Final = frozenset({"ingen", "inga", "ingenoffentligförsörjning", "nopublicsupport"})
_OCCUPATION: Final = {"arbetssökande": "job_seeking", "jobbsökande": "job_seeking", "studerar": "studies"}
#: "work" is a placeholder: subsidised or not follows the row's employment
_REASON: Final = {
    "arbete": "work",
    "jobb": "work",
    "work": "work",
    "anställning": "work",
    "osubventioneratarbete": "unsubsidised_work",
    "subventioneratarbete": "subsidised_work",
    "utbildning": "studies",
    "flyttat": "moved",
    "sjuk": "illness",
    "föräldraledig": "parental_leave",
    "arbetssökande": "job_seeking",
}


def _code(code_list: str, text: str, extra: dict[str, str]) -> str:
    found = codes.code_for(code_list, text) or extra.get(norm(text))
    if found is None:
        raise BadValue(_("okänt värde {value!r} (tillåtna: {allowed})", value=echo(text), allowed=_allowed(code_list)))
    return found


def _gender(text: str) -> str:
    found = _GENDER.get(text.strip().casefold())
    if found is None:
        allowed = _("Kvinna (K), Man (M)")
        raise BadValue(_("okänt värde {value!r} (tillåtna: {allowed})", value=echo(text.strip()), allowed=allowed))
    return found


_STEP_NUMBER = re.compile(r"^(?:steg\s*)?([1-5])(?![0-9])[\s.:)\-]*(.*)$", re.IGNORECASE)


def parse_step(text: str) -> int:
    """``3``, ``3 Jobbsökande``, ``Steg 3`` or ``Jobbsökande`` (a step's short or long name, either language)."""
    value = text.strip()
    found = _STEP_NUMBER.match(value)
    if found:
        return int(found.group(1))
    wanted = norm(value)
    for step, names in STEPS.items():
        if wanted in {norm(n) for n in names}:
            return step
    lang = language()
    allowed = ", ".join(f"{n} {STEPS[n][2 if lang == 'en' else 0]}" for n in STEPS)
    raise BadValue(_("okänt steg {value!r} (tillåtna: {allowed})", value=echo(value), allowed=allowed))


def parse_extent(text: str) -> int:
    """Percent of full time: ``50``, ``50 %``, ``37,5`` (rounded), ``heltid``, ``halvtid``."""
    value = text.strip().casefold()
    named = {"heltid": 100, "halvtid": 50, "deltid": None}
    if value in named and named[value] is not None:
        return int(named[value] or 0)
    number_text = value.removesuffix("procent").strip().removesuffix("%").strip().replace(",", ".")
    try:
        number = float(number_text)
    except ValueError:
        number = -1.0
    if 0 <= number <= 100:
        return int(number + 0.5)
    raise BadValue(_("ogiltig omfattning {value!r}: skriv procent av heltid, 0-100", value=echo(text.strip())))


def parse_year(text: str) -> int:
    value = text.strip()
    if re.fullmatch(r"\d{4}", value) and 1900 <= int(value) <= 2100:
        return int(value)
    raise BadValue(_("ogiltigt år {value!r}: skriv fyra siffror, t.ex. 1990", value=echo(value)))


def parse_month(text: str) -> str:
    value = text.strip()
    found = re.fullmatch(r"(\d{4})-(\d{1,2})", value)
    if found and 1 <= int(found.group(2)) <= 12:
        return f"{found.group(1)}-{int(found.group(2)):02d}"
    try:
        day = parse_date(value)
    except BadValue:
        raise BadValue(_("ogiltig månad {value!r}: skriv t.ex. 2022-03", value=echo(value))) from None
    return f"{day.year}-{day.month:02d}"


def parse_support(text: str) -> list[str]:
    if norm(text) in _NO_SUPPORT:
        return []
    found: list[str] = []
    for item in re.split(r"[|,;]", text):
        if not item.strip() or norm(item) in _NO_SUPPORT:
            continue
        code = _code("support", item.strip(), _SUPPORT)
        if code not in found:
            found.append(code)
    return found


def split_name(text: str, *, last_first: bool = False) -> tuple[str, str]:
    """(first, last) of "Förnamn Efternamn" (split at the last space) or "Efternamn, Förnamn";
    ``last_first`` (a column "Efternamn, förnamn"): "Efternamn Förnamn" split at the first space."""
    value = " ".join(text.split())
    if "," in value:
        last, _sep, first = value.partition(",")
        first, last = first.strip(), last.strip()
    elif last_first:
        last, _sep, first = value.partition(" ")
    else:
        first, _sep, last = value.rpartition(" ")
    if not first or not last:
        raise BadValue(_('skriv förnamn och efternamn ("Anna Andersson" eller "Andersson, Anna")'))
    return first, last


def parse_phone(text: str) -> str:
    """As written; a number cell that lost its leading 0 (701234567) gets it back."""
    value = parse_text(text, 40)
    if value.isdigit() and 6 <= len(value) <= 9 and not value.startswith("0"):
        return "0" + value
    return value


def parse_text(text: str, limit: int) -> str:
    value = text.strip()
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
        raise BadValue(_("får inte innehålla styrtecken"))
    if len(value) > limit:
        raise BadValue(_("för lång text (högst {n} tecken)", n=limit))
    return value


def convert(code: str, text: str) -> Any:
    """The value of a non-blank cell of the column holding ``code``; BadValue when it is none."""
    kind = KIND[code]
    if kind == "date":
        return parse_date(text).isoformat()
    if kind == "yesno":
        return parse_yes_no(text)
    if kind == "year":
        return parse_year(text)
    if kind == "gender":
        return _gender(text)
    if kind == "program":
        return _code("program", text, _PROGRAM)
    if kind == "education":
        return _code("education", text, _EDUCATION)
    if kind == "occupation":
        return _code("occupation", text, _OCCUPATION)
    if kind == "reason":
        return _code("exit_reason", text, _REASON)
    if kind == "support":
        return parse_support(text)
    if kind == "month":
        return parse_month(text)
    if kind == "extent":
        return parse_extent(text)
    if kind == "step":
        return parse_step(text)
    if kind == "name":
        return split_name(text)
    if kind == "name_last_first":
        return split_name(text, last_first=True)
    if kind == "phone":
        return parse_phone(text)
    if kind == "journal":
        return parse_text(text, 20_000)
    return parse_text(text, 200)


def echoes(code: str) -> bool:
    """Whether a bad value of this field may be shown in a message."""
    return KIND[code] in _ECHO


def help_text() -> str:
    """The columns and value forms of a coach's sheet, for ``coachtui import --help``."""
    lines = [_("Kolumner i ett eget kalkylark (skiftläge, mellanslag och skiljetecken spelar ingen roll):")]
    for code, _kind, headers in FIELDS:
        lines.append(f"  {code:<29} {', '.join(headers)}")
    lines += [
        "",
        _("Värden:"),
        "  " + _("datum: datumceller, 2025-09-01, 1/9 2025, 1.9.2025 eller 20250901"),
        "  " + _("Kön: K, M, kvinna, man"),
        "  " + _("ja/nej: ja, nej, x, ✓, 1, 0, sant, falskt; tomt = nej"),
        "  " + _('Steg: 3, "3 Jobbsökande" eller "Jobbsökande"'),
        "  " + _('Namn: "Förnamn Efternamn" (delas vid sista mellanslaget) eller "Efternamn, Förnamn"'),
        "  " + _("kodlistor: koden eller den svenska eller engelska benämningen, valfritt skiftläge; listor med |"),
        "",
        _("Standardvärden när ett värde saknas (nämns i sammanfattningen):"),
        *_wrapped(
            _(
                "Kommun: coachens kommun; Program: SE; Utbildningsnivå: Saknas/okänd; Sysselsättning före: Ingen;"
                " Subventionerad: nej; Omfattning: 100; Sysselsättning efter ett avslut till arbete: anställningens"
                " omfattning; steg utan datum: importdagen; SUS-samtycke: nej"
            )
        ),
        "",
        *_wrapped(
            _(
                'Andra kolumner: --map "RUBRIK=FÄLT" (FÄLT journal: cellen blir en journalanteckning, typ Övrigt,'
                " daterad importdagen) eller --skip-column RUBRIK."
            ),
            indent="",
        ),
    ]
    return "\n".join(lines) + "\n"


def _wrapped(text: str, indent: str = "  ") -> list[str]:
    import textwrap

    return textwrap.wrap(text, 100, initial_indent=indent, subsequent_indent=indent)
