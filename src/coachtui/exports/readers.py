"""Reading import files (.json, .csv, .xlsx) into participant records for ``store.bulk``.

- ``.json``: a coachtui/1 document (DATA-FORMAT.md). Unknown keys are errors.
- ``.csv``: one row per participant, first row the column headers. The separator
  (``;``, ``,`` or tab) is detected from the header row; UTF-8 with or without
  BOM, or Windows-1252 (what older Swedish Excel saves) detected and converted.
- ``.xlsx``: the first sheet, same columns (openpyxl, read-only). Date cells,
  numbers and booleans are read as their ISO/plain text.

A file with another name is recognised by its content. The flat columns of a
spreadsheet are listed once, in :data:`FLAT_COLUMNS`: the code (as in the
contract, nested objects flattened with ``_``) and the Swedish header; either
is accepted, case and ``-``/``_``/space ignored. Cells take codes or Swedish or
English labels ("Kvinna", "woman"); yes/no as ja/nej, true/false or 1/0; lists
separated by ``|``. Only the first name, last name, birth year, gender,
municipality, programme, enrolment date and SUS consent columns are required.

A row carries at most one step (``step``, ``step_on``: empty means the
enrolment date; every participant also gets step 1 at enrolment), one
employment and one exit (filled when any of its cells is). An empty ``key``
makes a new participant with a new key; an empty or missing ``coach`` means the
database's own coach; a coach is named by key or name.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from coachtui.exports import document as doc
from coachtui.i18n import _
from coachtui.store.bulk import Incoming, Record
from coachtui.store.inputs import InputError, Problem

#: (column code, Swedish header) of a spreadsheet row, in the order an export would write them
FLAT_COLUMNS: Final[tuple[tuple[str, str], ...]] = (
    ("key", "Nyckel"),
    ("coach", "Coach"),
    ("first_name", "Förnamn"),
    ("last_name", "Efternamn"),
    ("birth_year", "Födelseår"),
    ("gender", "Kön"),
    ("municipality", "Kommun"),
    ("program", "Program"),
    ("referred_on", "Aktualiserad"),
    ("enrolled_on", "Inskriven"),
    ("sus_consent", "SUS-samtycke"),
    ("education", "Utbildningsnivå"),
    ("support_since", "Försörjning sedan"),
    ("support_before", "Försörjning före"),
    ("occupation_before_kind", "Sysselsättning före"),
    ("occupation_before_extent", "Omfattning före"),
    ("step", "Steg"),
    ("step_on", "Steg datum"),
    ("employment_employer", "Arbetsgivare"),
    ("employment_start_on", "Första arbetsdag"),
    ("employment_end_on", "Anställning slutdatum"),
    ("employment_subsidised", "Subventionerad"),
    ("employment_extent", "Anställning omfattning"),
    ("exit_on", "Avslutsdatum"),
    ("exit_reason", "Avslutsorsak"),
    ("exit_occupation_after_kind", "Sysselsättning efter"),
    ("exit_occupation_after_extent", "Omfattning efter"),
    ("exit_support_after", "Försörjning efter"),
    ("exit_sus_registered_on", "Registrerad i SUS"),
)
REQUIRED_COLUMNS: Final = (
    "first_name",
    "last_name",
    "birth_year",
    "gender",
    "municipality",
    "program",
    "enrolled_on",
    "sus_consent",
)
_EMPLOYMENT: Final = ("employer", "start_on", "end_on", "subsidised", "extent")
_EXIT: Final = ("on", "reason", "support_after", "sus_registered_on")
_DELIMITERS: Final = (";", ",", "\t")
#: further Swedish headers seen in coaches' own sheets
ALIASES: Final[dict[str, str]] = {
    "Slutdatum": "employment_end_on",
    "Omfattning": "employment_extent",
    "Avslutad": "exit_on",
    "Steg datum": "step_on",
    "Stegdatum": "step_on",
}


def _norm(text: str) -> str:
    return " ".join(text.replace("_", " ").replace("-", " ").casefold().split())


_HEADERS: Final[dict[str, str]] = {}
for _code, _sv in FLAT_COLUMNS:
    _HEADERS[_norm(_code)] = _code
    _HEADERS[_norm(_sv)] = _code
for _alias, _code in ALIASES.items():
    _HEADERS[_norm(_alias)] = _code


def _file_error(name: str, message: str) -> InputError:
    return InputError([Problem("file", f"{name}: {message}")])


def read(path: Path) -> Incoming:
    """The records of an import file; InputError for a file that cannot be one."""
    name = path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _file_error(name, _("filen finns inte")) from None
    except IsADirectoryError:
        raise _file_error(name, _("är en mapp, inte en fil")) from None
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise _file_error(name, _("filen är tom"))
    kind = _kind(path, data)
    if kind == "json":
        return from_json(name, data)
    rows = _xlsx_rows(path) if kind == "xlsx" else _csv_rows(name, data)
    return from_rows(name, rows)


def _kind(path: Path, data: bytes) -> str:
    suffix = path.suffix.casefold()
    if suffix in (".json", ".csv", ".xlsx"):
        return suffix[1:]
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.lstrip(b" \t\r\n\xef\xbb\xbf").startswith(b"{"):
        return "json"
    return "csv"


# --- json --------------------------------------------------------------------------------


def from_json(name: str, data: bytes) -> Incoming:
    try:
        text = data.decode("utf-8-sig")
        document = _loads(text)
    except UnicodeDecodeError:
        raise _file_error(name, _("ingen giltig JSON (inte UTF-8)")) from None
    except json.JSONDecodeError as exc:
        raise _file_error(
            name, _("ingen giltig JSON (rad {line}, kolumn {col})", line=exc.lineno, col=exc.colno)
        ) from None
    if not isinstance(document, dict):
        raise _file_error(name, _("ett coachtui/1-dokument måste vara ett JSON-objekt"))
    problems = [Problem(str(k), f"{name}: {k}: {_('okänt fält')}") for k in document if k not in doc.DOCUMENT_KEYS]
    if document.get("format") != doc.FORMAT:
        problems.append(
            Problem(
                "format",
                f"{name}: format: "
                + _("måste vara {expected!r} (fanns {found!r})", expected=doc.FORMAT, found=document.get("format")),
            )
        )
    coaches = document.get("coaches", [])
    people = document.get("participants")
    employers = document.get("employers", [])
    surveys = document.get("surveys", [])
    reviews = document.get("fidelity_reviews", [])
    settings = document.get("settings", {})
    lists = (
        ("coaches", coaches),
        ("participants", people),
        ("employers", employers),
        ("surveys", surveys),
        ("fidelity_reviews", reviews),
    )
    for key, value in lists:
        if not isinstance(value, list):
            problems.append(Problem(key, f"{name}: {key}: {_('måste vara en lista')}"))
    if not isinstance(settings, dict):
        problems.append(Problem("settings", f"{name}: settings: {_('måste vara ett objekt')}"))
    if problems:
        raise InputError(problems)
    assert isinstance(coaches, list) and isinstance(people, list) and isinstance(employers, list)
    assert isinstance(surveys, list) and isinstance(reviews, list) and isinstance(settings, dict)
    return Incoming(
        [Record(_coach_where(c, i), c) for i, c in enumerate(coaches, start=1)],
        [Record(_participant_where(p, i), p) for i, p in enumerate(people, start=1)],
        employers=[Record(_("arbetsgivare nr {n}", n=i), e) for i, e in enumerate(employers, start=1)],
        surveys=surveys,
        fidelity_reviews=reviews,
        settings=settings,
    )


def _loads(text: str) -> Any:
    """JSON by orjson when installed (several times faster on a large document; it also refuses NaN, infinite
    numbers and lone surrogates, which the standard library lets through), else by the standard library. Both
    raise ``json.JSONDecodeError`` with the line and column."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - a dependency
        return json.loads(text)
    return orjson.loads(text)


def _coach_where(value: Any, index: int) -> str:
    key = value.get("key") if isinstance(value, dict) else None
    return f"coach {key}" if isinstance(key, str) and key.strip() else _("coach nr {n}", n=index)


def _participant_where(value: Any, index: int) -> str:
    key = value.get("key") if isinstance(value, dict) else None
    if isinstance(key, str) and key.strip():
        return key.strip()
    return _("deltagare nr {n}", n=index)


# --- csv and xlsx ------------------------------------------------------------------------

Rows = list[tuple[int, list[str]]]  # (row number in the sheet, cells)


def _csv_rows(name: str, data: bytes) -> Rows:
    if b"\x00" in data[:8192]:
        raise _file_error(name, _("inget kalkylark (en binär fil?); använd .csv, .xlsx eller .json"))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise _file_error(name, _("okänd teckenkodning; spara som CSV UTF-8")) from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(_DELIMITERS, key=first.count)
    try:
        rows = [(n, cells) for n, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1)]
    except csv.Error:
        raise _file_error(name, _("inget läsbart kalkylark (CSV)")) from None
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(path: Path) -> Rows:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises zipfile, KeyError and its own errors for a file that is no workbook
        raise _file_error(path.name, _("inget Excel-ark (.xlsx) som går att läsa")) from None
    try:
        sheet = book.worksheets[0]
        return [(n, [_cell(v) for v in row]) for n, row in enumerate(sheet.iter_rows(values_only=True), 1)]
    finally:
        book.close()


def from_rows(name: str, rows: Rows) -> Incoming:
    """Records from spreadsheet rows: the first non-empty row holds the headers."""
    rows = [(n, cells) for n, cells in rows if any(c.strip() for c in cells)]
    if not rows:
        raise _file_error(name, _("filen är tom"))
    header_row, headers = rows[0]
    where = _("rad {n}", n=header_row)
    problems: list[Problem] = []
    columns: list[str | None] = []
    for header in headers:
        text = header.strip().lstrip("\ufeff")
        code = _HEADERS.get(_norm(text))
        if not text:
            columns.append(None)
            continue
        if code is None:
            problems.append(Problem(text, f"{where}: " + _("okänd kolumn {name!r}", name=text)))
        elif code in columns:
            problems.append(Problem(code, f"{where}: " + _("kolumnen {name!r} finns två gånger", name=text)))
        columns.append(code)
    for code in REQUIRED_COLUMNS:
        if code not in columns:
            sv = dict(FLAT_COLUMNS)[code]
            problems.append(Problem(code, f"{where}: " + _("kolumnen {name!r} saknas", name=sv)))
    body = rows[1:]
    if not body and not problems:
        problems.append(Problem("file", f"{name}: " + _("inga deltagare, bara rubrikraden")))
    records: list[Record] = []
    for number, cells in body:
        here = _("rad {n}", n=number)
        values: dict[str, str] = {}
        for i, cell in enumerate(cells):
            text = cell.strip()
            if not text:
                continue
            code = columns[i] if i < len(columns) else None
            if code is None:
                problems.append(
                    Problem(f"{here}: {i + 1}", f"{here}: " + _("värde utan kolumnrubrik (kolumn {n})", n=i + 1))
                )
            else:
                values[code] = text
        records.append(Record(here, nested(values), flat=True))
    if problems:
        raise InputError(problems)
    return Incoming([], records)


def nested(values: dict[str, str]) -> dict[str, Any]:
    """A flat row (column code -> text) in the document's shape."""
    data: dict[str, Any] = {k: v for k, v in values.items() if k in ("key", "coach", *doc.SCALAR_KEYS)}
    occupation = {
        k: values[f"occupation_before_{k}"] for k in doc.OCCUPATION_KEYS if f"occupation_before_{k}" in values
    }
    if occupation:
        data["occupation_before"] = occupation
    if "step" in values or "step_on" in values:
        step: dict[str, Any] = {}
        if "step" in values:
            step["step"] = values["step"]
        if "step_on" in values:
            step["on"] = values["step_on"]
        data["steps"] = [step]
    job = {k: values[f"employment_{k}"] for k in _EMPLOYMENT if f"employment_{k}" in values}
    if job:
        data["employments"] = [job]
    ended: dict[str, Any] = {k: values[f"exit_{k}"] for k in _EXIT if f"exit_{k}" in values}
    after = {
        k: values[f"exit_occupation_after_{k}"] for k in doc.OCCUPATION_KEYS if f"exit_occupation_after_{k}" in values
    }
    if after:
        ended["occupation_after"] = after
    if ended:
        data["exit"] = ended
    return data
