"""Reading import files (.json, .csv, .xlsx) for ``coachtui import`` and the app's import dialog.

- ``.json``: a coachtui/1 document (DATA-FORMAT.md) as participant records for
  ``store.bulk``. Unknown keys are errors.
- ``.csv``: the rows of the sheet as text cells. The separator (``;``, ``,`` or
  tab) is the one most used on one of the first lines (or Excel's ``sep=;`` line); UTF-8 with or without BOM, or
  Windows-1252 (what older Swedish Excel saves) detected and converted.
- ``.xlsx``: the rows of the first sheet (openpyxl, read-only). Date cells,
  numbers and booleans are read as their ISO/plain text.

A file with another name is recognised by its content. What the columns of a
sheet mean (header row, synonyms, Swedish value forms, defaults) is
``services.sheet_import``'s business: one mapping for the command line and the app.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from coachtui.exports.files import MAX_INPUT_BYTES, source_problem, unquote_cell
from coachtui.i18n import _
from coachtui.store import document as doc
from coachtui.store.bulk import Incoming, Record
from coachtui.store.inputs import InputError, Problem

_DELIMITERS: Final = (";", ",", "\t")
Rows = list[tuple[int, list[str]]]  # (row number in the sheet, cells)


def _file_error(name: str, message: str) -> InputError:
    return InputError([Problem("file", f"{name}: {message}")])


def load(path: Path) -> Incoming | Rows:
    """A document's records (.json) or a sheet's rows (.csv, .xlsx); InputError for a file that is neither."""
    name = path.name
    problem = source_problem(path)  # a regular file of at most 50 MB, looked at before any byte is read
    if problem is not None:
        raise _file_error(name, problem)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise _file_error(name, _("filen finns inte")) from None
    except IsADirectoryError:
        raise _file_error(name, _("är en mapp, inte en fil")) from None
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise _file_error(name, _("filen är tom"))
    kind = _kind(path, data)
    if kind == "json":
        return from_json(name, data)
    return _xlsx_rows(path) if kind == "xlsx" else _csv_rows(name, data)


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
    """A participant of a document named by its place in the list, never by its key (it may be a personnummer)."""
    return _("deltagare nr {n}", n=index)


# --- csv and xlsx ------------------------------------------------------------------------


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
    lines = [line for line in text.splitlines()[:50] if line.strip()][:20]
    if lines and lines[0].casefold().startswith("sep=") and len(lines[0].strip()) == 5:
        delimiter = lines[0].strip()[4]  # Excel's own "sep=;" line
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = "\n" + text  # the sheet's row numbers stay those of the file
    else:
        # the line with the most separators decides: a title row above the header may have none
        delimiter = max(_DELIMITERS, key=lambda d: max((line.count(d) for line in lines), default=0))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = [(n, [unquote_cell(cell) for cell in cells]) for n, cells in enumerate(reader, 1)]  # our export's '=
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
