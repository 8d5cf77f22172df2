"""Importing a file: the one use case behind ``coachtui import`` and the app's import wizard.

1. :func:`open_source` reads the file: a coachtui/1 document (JSON) or a sheet
   (CSV/XLSX). For a sheet it finds the header row (the first row with at least
   three recognised column names; title and blank rows above it are skipped)
   and matches every column to a field (``sheet_columns``).
2. :meth:`Sheet.choose` applies the coach's choices: ``--map "HEADER=FIELD"``
   (FIELD ``journal``: each cell one journal entry) and ``--skip-column HEADER``
   on the command line, the column step of the wizard in the app.
3. :func:`prepare` reads every row in the coach's value forms, fills the
   defaults (each named once in the summary), optionally marks old exits as
   registered in SUS (``registered_before``), and validates everything through
   ``store.bulk``. All or nothing: an ``InputError`` lists every problem with
   its row number and the coach's own header; a row with a bad cell gets no
   further (follow-on) problems.
4. :func:`dry_run` and :func:`run`: what would be written (with the SUS
   reminders and efterstöd slots it creates) and the write itself, in one
   transaction (phone numbers and journal entries in the same one).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from coachtui.domain import codes
from coachtui.domain.sus import DEFAULT_DELAY_MONTHS, sus_exit_date
from coachtui.exports import readers
from coachtui.i18n import _, language
from coachtui.services import sheet_columns as cols
from coachtui.store import bulk
from coachtui.store import document as doc
from coachtui.store.db import Database
from coachtui.store.inputs import InputError, Problem

MAX_PROBLEMS: Final = 100
JOURNAL: Final = "journal"
SKIP: Final = "skip"
_EMPLOYMENT: Final = ("employer", "start_on", "end_on", "subsidised", "extent")
_EXIT: Final = ("on", "reason", "support_after", "sus_registered_on")
_REQUIRED: Final = ("birth_year", "gender", "enrolled_on")


# --- the sheet and its columns -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    index: int
    header: str  # as the coach wrote it
    field: str | None  # a field code, SKIP, or None (not recognised)
    chosen: bool = False  # mapped or skipped by the coach

    @property
    def targets(self) -> tuple[str, ...]:
        if self.field in ("name", "name_last_first"):
            return ("first_name", "last_name")
        return () if self.field in (None, SKIP) else (str(self.field),)


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str
    header_row: int
    columns: tuple[Column, ...]
    rows: list[tuple[int, list[str]]]  # the rows below the header, blank ones left out

    @property
    def unknown(self) -> list[Column]:
        return [c for c in self.columns if c.header and c.field is None]

    @property
    def recognised(self) -> list[Column]:
        return [c for c in self.columns if c.header and c.field is not None]

    def column(self, header: str) -> Column | None:
        wanted = cols.norm(header)
        return next((c for c in self.columns if c.header and cols.norm(c.header) == wanted), None)

    def choose(self, mapping: Mapping[str, str], skip: Iterable[str] = ()) -> Sheet:
        """The sheet with the coach's choices: header -> field (a code, a header, ``journal``), headers to skip."""
        where = _("rad {n}", n=self.header_row)
        problems: list[Problem] = []
        chosen: dict[int, str] = {}
        for header, wanted in mapping.items():
            column = self.column(header)
            target = cols.norm(wanted) if cols.norm(wanted) in (JOURNAL, SKIP) else cols.field_for(wanted)
            if column is None:
                problems.append(Problem(header, f"{where}: " + _("ingen kolumn {name!r} i filen", name=header)))
            elif target is None:
                near = ", ".join(cols.nearest(wanted)) or "–"
                problems.append(Problem(header, _("okänt fält {name!r} (närmast: {fields})", name=wanted, fields=near)))
            else:
                chosen[column.index] = target
        for header in skip:
            column = self.column(header)
            if column is None:
                problems.append(Problem(header, f"{where}: " + _("ingen kolumn {name!r} i filen", name=header)))
            else:
                chosen[column.index] = SKIP
        if problems:
            raise InputError(problems)
        columns = tuple(
            replace(c, field=chosen[c.index], chosen=True) if c.index in chosen else c for c in self.columns
        )
        return replace(self, columns=columns)

    def header_of(self, code: str) -> str | None:
        """The coach's header of the column holding ``code``."""
        return next((c.header for c in self.columns if code in c.targets), None)


@dataclass(frozen=True, slots=True)
class Source:
    """What a file holds: a document's records, or a sheet still to be read row by row."""

    name: str
    incoming: bulk.Incoming | None = None
    sheet: Sheet | None = None


def open_source(path: Path) -> Source:
    found = readers.load(path)
    if isinstance(found, bulk.Incoming):
        return Source(path.name, incoming=found)
    return Source(path.name, sheet=find_sheet(path.name, found))


def find_sheet(name: str, rows: readers.Rows) -> Sheet:
    filled = [(n, cells) for n, cells in rows if any(c.strip() for c in cells)]
    if not filled:
        raise InputError([Problem("file", f"{name}: {_('filen är tom')}")])

    def recognised(cells: list[str]) -> int:
        return len({cols.field_for(c) for c in cells if c.strip()} - {None})

    number, headers = next(((n, c) for n, c in filled if recognised(c) >= cols.MIN_HEADERS), filled[0])
    body = [(n, c) for n, c in filled if n > number]
    width = max([len(headers), *(len(c) for _n, c in body)])
    columns = []
    for i in range(width):
        header = " ".join(headers[i].strip().lstrip("\ufeff").split()) if i < len(headers) else ""
        if header:
            columns.append(Column(i, header, cols.field_for(header)))
        elif any(i < len(c) and c[i].strip() for _n, c in body):
            # values under no header: a column like any other unknown one, named by its place ("kolumn 7")
            columns.append(Column(i, _("kolumn {n}", n=i + 1), None))
    return Sheet(name, number, tuple(columns), body)


# --- context, defaults and the plan ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Context:
    today: date
    municipality: str | None = None  # the coach's: the default Kommun
    registered_before: date | None = None
    delay_months: int = DEFAULT_DELAY_MONTHS

    @classmethod
    def of(cls, db: Database | None, today: date, registered_before: date | None = None) -> Context:
        if db is None:
            return cls(today, None, registered_before)
        from coachtui.store import participants, settings

        coach = participants.coach(db)
        return cls(today, coach.municipality if coach else None, registered_before, settings.sus_delay_months(db))


@dataclass(frozen=True, slots=True)
class Extra:
    """What a row holds besides the document's fields."""

    phone: str | None = None
    journal: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Counts:
    sus: int = 0  # SUS reminders the import creates
    sus_overdue: int = 0  # of which already due
    slots: int = 0  # efterstöd slots created
    slots_planned: int = 0  # of which planned (the others are history: not recorded)


@dataclass
class Plan:
    name: str
    prepared: bulk.Prepared
    context: Context
    sheet: Sheet | None = None
    extras: list[Extra] = field(default_factory=list)  # by participant, as ``prepared.participants``
    defaults: Counter[str] = field(default_factory=Counter)
    registered: int = 0  # old exits marked as registered in SUS (registered_before)

    def default_lines(self) -> list[str]:
        values = {
            "municipality": self.context.municipality or "",
            "program": "SE",
            "education": codes.label("education", "unknown", language()),
            "occupation_before_kind": codes.label("occupation", "none", language()),
            "employment_subsidised": _("nej"),
            "employment_extent": "100 %",
            "exit_occupation_after_kind": _("anställningens omfattning"),
            "step_on": _("importdagen {day}", day=self.context.today.isoformat()),
            "sus_consent": _("nej"),
        }
        lines = [
            _("Standardvärde {field}: {value} (rader: {n})", field=cols.field_label(code), value=values[code], n=n)
            for code, n in self.defaults.items()
        ]
        if self.registered and self.context.registered_before is not None:
            lines.append(
                _(
                    "Registrerad i SUS: på SUS-datumet för {n} avslut före {day}",
                    n=self.registered,
                    day=self.context.registered_before.isoformat(),
                )
            )
        return lines


def prepare(source: Source, db: Database | None, context: Context) -> Plan:
    """Read, default and validate everything; InputError with every problem (nothing is written).

    ``db`` None: a database that does not exist yet (no coach, no participants)."""
    coaches = bulk.known_coaches(db) if db is not None else ()
    if source.incoming is not None:
        registered = _register_old_exits(source.incoming.records, context)
        prepared = bulk.validate(source.incoming, coaches, today=context.today)
        return Plan(source.name, prepared, context, registered=registered)
    assert source.sheet is not None
    return _prepare_sheet(source.sheet, coaches, context, db)


def _register_old_exits(records: Iterable[bulk.Record], context: Context) -> int:
    """Exits before ``registered_before`` without a SUS date: registered on their SUS exit date."""
    before = context.registered_before
    if before is None:
        return 0
    count = 0
    for record in records:
        ended = record.data.get("exit") if isinstance(record.data, dict) else None
        if not isinstance(ended, dict) or ended.get("sus_registered_on") not in (None, ""):
            continue
        try:
            on = date.fromisoformat(str(ended.get("on")))
            sus_on = sus_exit_date(on, str(ended.get("reason")), context.delay_months)
        except ValueError:
            continue  # reported by the validation
        if on < before:
            ended["sus_registered_on"] = sus_on.isoformat()
            count += 1
    return count


def _column_problems(sheet: Sheet, context: Context) -> list[Problem]:
    where = _("rad {n}", n=sheet.header_row)
    problems: list[Problem] = []
    for column in sheet.unknown:
        near = cols.nearest(column.header)
        text = (
            _("okänd kolumn {name!r} (närmast: {fields})", name=column.header, fields=", ".join(near))
            if near
            else _("okänd kolumn {name!r}", name=column.header)
        )
        problems.append(Problem(f"column:{column.header}", f"{where}: {text}"))
    seen: dict[str, Column] = {}
    for column in sheet.columns:
        for target in column.targets:
            if target in cols.REPEATABLE:
                continue
            first = seen.get(target)
            if first is None:
                seen[target] = column
            elif first.index != column.index:
                problems.append(
                    Problem(
                        column.header,
                        f"{where}: "
                        + _(
                            "kolumnerna {first!r} och {second!r} är båda {field}",
                            first=first.header,
                            second=column.header,
                            field=cols.field_label(target),
                        ),
                    )
                )
                break
    required = [*_REQUIRED]
    if "first_name" not in seen and "last_name" not in seen:
        problems.append(Problem("name", f"{where}: " + _("kolumnen {name!r} saknas", name=cols.header("name"))))
    else:
        required[:0] = ["first_name", "last_name"]
    if context.municipality is None and "municipality" not in seen:
        text = _(
            "kolumnen {name!r} saknas (utan den gäller coachens kommun, men det finns ingen coach än:"
            " starta coachtui en gång först)",
            name=cols.header("municipality"),
        )
        problems.append(Problem("municipality", f"{where}: {text}"))
    for code in required:
        if code not in seen:
            problems.append(Problem(code, f"{where}: " + _("kolumnen {name!r} saknas", name=cols.header(code))))
    if not sheet.rows and not problems:
        problems.append(Problem("file", f"{sheet.name}: " + _("inga deltagare, bara rubrikraden")))
    return problems


def _prepare_sheet(sheet: Sheet, coaches: Sequence[tuple[str, str]], context: Context, db: Database | None) -> Plan:
    problems = _column_problems(sheet, context)
    if problems:
        raise InputError(problems)
    existing: dict[str, dict[str, Any]] = {}
    if db is not None and sheet.header_of("key") is not None:
        existing = {key: p for key, (_id, p) in doc.read_participants(db.read()).items()}
    reader = _RowReader(sheet, context, existing)
    records: list[bulk.Record] = []
    extras: list[Extra] = []
    found: list[tuple[int, Problem]] = []
    numbers: dict[str, int] = {}
    for number, cells in sheet.rows:
        result = reader.read(number, cells)
        if isinstance(result, list):
            found.extend((number, p) for p in result)
            continue
        data, extra = result
        where = _("rad {n}", n=number)
        numbers[where] = number
        records.append(bulk.Record(where, data, flat=True))
        extras.append(extra)
    prepared: bulk.Prepared | None = None
    try:
        prepared = bulk.validate(bulk.Incoming([], records), coaches, today=context.today)
    except InputError as exc:
        found.extend(_in_sheet_terms(p, sheet, numbers) for p in exc.problems)
    if found or prepared is None:
        found.sort(key=lambda item: item[0])
        raise InputError([p for _n, p in found])
    return Plan(sheet.name, prepared, context, sheet, extras, reader.defaults, reader.registered)


def _in_sheet_terms(problem: Problem, sheet: Sheet, numbers: Mapping[str, int]) -> tuple[int, Problem]:
    """A problem found by ``store.bulk`` ("rad 3, avslut: Sysselsättning efter: …") told with the coach's header."""
    where, _sep, name = problem.field.rpartition(": ")
    row, _sep2, section = where.partition(", ")
    number = numbers.get(row)
    if number is None:
        return 0, problem
    prefix = {_("steg {n}", n=1): "step_", _("anställning {n}", n=1): "employment_", _("avslut"): "exit_"}.get(
        section, ""
    )
    code = f"{prefix}{name}" if prefix else name
    if code == "step_step":
        code = "step"
    if prefix == "exit_" and name.startswith("occupation_after"):
        code = f"exit_{name}"
    rest = problem.message.removeprefix(f"{where}: ")
    _label, _sep3, text = rest.partition(": ")
    header = sheet.header_of(code) or cols.field_label(code)
    return number, Problem(f"{row}: {code}", f"{row}: {header}: {text or rest}")


class _RowReader:
    """One row of the sheet in the document's shape, with the defaults filled (counted in ``defaults``)."""

    def __init__(self, sheet: Sheet, context: Context, existing: Mapping[str, dict[str, Any]]) -> None:
        self.sheet = sheet
        self.context = context
        self.existing = existing
        self.columns = [c for c in sheet.columns if c.field not in (None, SKIP)]
        self.present = {t for c in self.columns for t in c.targets}
        self.defaults: Counter[str] = Counter()
        self.registered = 0

    def _header(self, code: str) -> str:
        return self.sheet.header_of(code) or cols.field_label(code)

    def read(self, number: int, cells: list[str]) -> tuple[dict[str, Any], Extra] | list[Problem]:
        here = _("rad {n}", n=number)
        problems: list[Problem] = []

        def problem(code: str, message: str, header: str | None = None) -> None:
            problems.append(Problem(f"{here}: {code}", f"{here}: {header or self._header(code)}: {message}"))

        values: dict[str, Any] = {}
        journal: list[str] = []
        for column in self.columns:
            text = cells[column.index].strip() if column.index < len(cells) else ""
            if not text:
                continue
            code = str(column.field)
            try:
                value = cols.convert(code, text)
            except cols.BadValue as bad:
                problem(code, str(bad), column.header)
                continue
            if code == JOURNAL:
                journal.append(value)
            elif code in ("name", "name_last_first"):
                values["first_name"], values["last_name"] = value
            else:
                values[code] = value
        failed = {p.field.rpartition(": ")[2] for p in problems}
        if failed & {"name", "name_last_first"}:
            failed |= {"first_name", "last_name"}
        for code in ("first_name", "last_name", *_REQUIRED):
            if code not in values and code not in failed:
                problem(code, _("måste fyllas i"))
        old = self.existing.get(str(values.get("key", "")))
        if old is not None:  # a participant already in the file: what the sheet leaves out stays as it is
            for code in ("municipality", "program", "education", "referred_on", "support_since", "support_before"):
                if code not in values and old[code] is not None:
                    values[code] = old[code]
            if "sus_consent" not in self.present:
                values["sus_consent"] = old["sus_consent"]
            if "occupation_before_kind" not in values and "occupation_before_extent" not in values:
                values["occupation_before_kind"] = old["occupation_before"]["kind"]
                values["occupation_before_extent"] = old["occupation_before"]["extent"]
        if "municipality" not in values:
            if self.context.municipality is None:
                problem("municipality", _("måste fyllas i"))
            else:
                values["municipality"] = self.context.municipality
                self.defaults["municipality"] += 1
        if problems:
            return problems
        data = self._document(values, problem)
        if problems:
            return problems
        return data, Extra(values.get("phone"), tuple(journal))

    def _default(self, values: dict[str, Any], code: str, value: Any) -> None:
        if code not in values:
            values[code] = value
            self.defaults[code] += 1

    def _document(self, values: dict[str, Any], problem: Any) -> dict[str, Any]:
        self._default(values, "program", "SE")
        self._default(values, "education", "unknown")
        self._default(values, "occupation_before_kind", "none")
        if "sus_consent" not in values:
            values["sus_consent"] = False
            if "sus_consent" not in self.present:
                self.defaults["sus_consent"] += 1
        data: dict[str, Any] = {k: values[k] for k in ("key", "coach", *doc.SCALAR_KEYS) if k in values}
        data["occupation_before"] = {"kind": values["occupation_before_kind"]}
        if "occupation_before_extent" in values:
            data["occupation_before"]["extent"] = values["occupation_before_extent"]

        if "step" in values:
            if "step_on" not in values and values["step"] == 1:
                values["step_on"] = values["enrolled_on"]  # step 1 begins at the enrolment
            elif "step_on" not in values:
                values["step_on"] = self.context.today.isoformat()
                self.defaults["step_on"] += 1
            data["steps"] = [{"step": values["step"], "on": values["step_on"]}]
        elif "step_on" in values:
            problem("step", _("måste fyllas i när steget har ett datum"))

        job: dict[str, Any] | None = None
        given = [k for k in _EMPLOYMENT if f"employment_{k}" in values and values[f"employment_{k}"] is not False]
        if given:
            job = {k: values[f"employment_{k}"] for k in _EMPLOYMENT if f"employment_{k}" in values}
            if "employer" not in job:
                problem("employment_employer", _("måste fyllas i för en anställning"))
            elif "start_on" not in job:
                problem("employment_start_on", _("måste fyllas i för en anställning"))
            if "subsidised" not in job:
                job["subsidised"] = False
                if "employment_subsidised" not in self.present:
                    self.defaults["employment_subsidised"] += 1
            if "extent" not in job:
                job["extent"] = 100
                self.defaults["employment_extent"] += 1
            data["employments"] = [job]

        ended = {k: values[f"exit_{k}"] for k in _EXIT if f"exit_{k}" in values}
        after = {
            k: values[f"exit_occupation_after_{k}"]
            for k in ("kind", "extent")
            if f"exit_occupation_after_{k}" in values
        }
        if ended or after:
            if "on" not in ended:
                problem("exit_on", _("måste fyllas i för ett avslut"))
            if "reason" not in ended:
                problem("exit_reason", _("måste fyllas i för ett avslut"))
                return data
            if ended["reason"] == "work":
                ended["reason"] = (
                    "subsidised_work" if job is not None and job.get("subsidised") else "unsubsidised_work"
                )
            work = codes.occupation_after_exit(ended["reason"])
            if work is not None and "kind" not in after:
                after = {"kind": work, "extent": job["extent"] if job is not None else 100}
                self.defaults["exit_occupation_after_kind"] += 1
            elif "kind" in after and "extent" not in after and after["kind"] != "none":
                after["extent"] = job["extent"] if job is not None else 100
            if after:
                ended["occupation_after"] = after
            before = self.context.registered_before
            if before is not None and "on" in ended and "sus_registered_on" not in ended:
                on = date.fromisoformat(ended["on"])
                if on < before:
                    ended["sus_registered_on"] = sus_exit_date(
                        on, ended["reason"], self.context.delay_months
                    ).isoformat()
                    self.registered += 1
            data["exit"] = ended
        return data


# --- what it does ------------------------------------------------------------------------


def dry_run(db: Database | None, plan: Plan) -> tuple[bulk.Summary, Counts]:
    """What :func:`run` would write (``db`` None: a database that does not exist yet); writes nothing."""
    if db is None:
        prepared = plan.prepared
        coaches = [c["key"] for c in prepared.coaches] or (["c1"] if prepared.participants else [])
        summary = bulk.Summary(added=[t.doc["key"] for t in prepared.participants], coaches_added=coaches)
        summary.fidelity_changed = [r["key"] for r in prepared.fidelity_reviews]
        return summary, _counts(None, plan, summary)
    summary = bulk.dry_run(db, plan.prepared)
    return summary, _counts(db, plan, summary)


def _counts(db: Database | None, plan: Plan, summary: bulk.Summary) -> Counts:
    from coachtui.domain import schedule
    from coachtui.store.followups import template

    slots_template = template(db) if db is not None else schedule.DEFAULT_TEMPLATE
    old = {k: v for k, (_id, v) in doc.read_participants(db.read()).items()} if db is not None else {}
    touched = set(summary.added) | set(summary.changed)
    today = plan.context.today
    sus = overdue = slots = planned = 0
    for target in plan.prepared.participants:
        p = target.doc
        if p["key"] not in touched:
            continue
        before = old.get(p["key"])
        ended = p["exit"]
        consent = p["sus_consent"] or (ended is not None and ended["reason"] == "consent_withdrawn")
        unregistered = ended is not None and ended["sus_registered_on"] is None and consent
        if unregistered and (before is None or before["exit"] != ended or not before["sus_consent"]):
            assert ended is not None
            sus += 1
            due = sus_exit_date(date.fromisoformat(ended["on"]), ended["reason"], plan.context.delay_months)
            overdue += due <= today
        known = {(j["employer"], j["start_on"]) for j in before["employments"]} if before else set()
        for job in p["employments"]:
            if (job["employer"], job["start_on"]) in known:
                continue
            for slot in schedule.generate(date.fromisoformat(job["start_on"]), slots_template):
                slots += 1
                planned += slot.due_on >= today
    return Counts(sus, overdue, slots, planned)


def run(db: Database, plan: Plan, *, now: datetime) -> bulk.Summary:
    """Back up and write the whole file in one transaction (phone numbers and journal entries included)."""
    extras = [
        bulk.Extras(t.doc["key"], extra.phone, extra.journal)
        for t, extra in zip(plan.prepared.participants, plan.extras, strict=False)
        if extra.phone or extra.journal
    ]
    after = None
    if extras:

        def after(conn: sqlite3.Connection) -> None:
            bulk.write_extras(conn, extras, plan.context.today)

    summary = bulk.run(db, plan.prepared, today=plan.context.today, now=now, after=after)
    if extras and not summary.written:
        # nothing else changed (bulk wrote nothing): a new phone number or note is still written, in one transaction
        touched = bulk.save_extras(db, extras, plan.context.today, now=now)
        if touched:
            summary.changed = [k for k in summary.unchanged if k in touched]
            summary.unchanged = [k for k in summary.unchanged if k not in touched]
            summary.written = True
    return summary


# --- for people --------------------------------------------------------------------------


def summary_lines(plan: Plan, summary: bulk.Summary, counts: Counts | None, *, dry_run: bool) -> list[str]:
    lines = summary.lines(dry_run=dry_run)
    if counts is not None:
        lines.append(
            _(
                "SUS-påminnelser som skapas: {n} (varav {overdue} redan förfallna)",
                n=counts.sus,
                overdue=counts.sus_overdue,
            )
        )
        lines.append(
            _(
                "Efterstödstillfällen som skapas: {n} (varav {planned} planerade, resten historik)",
                n=counts.slots,
                planned=counts.slots_planned,
            )
        )
    return lines + plan.default_lines()


def problem_lines(problems: Sequence[Problem], limit: int = MAX_PROBLEMS) -> list[str]:
    """The first ``limit`` problems, then how many more there are."""
    lines = [p.message for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(_("… och {n} fel till", n=len(problems) - limit))
    return lines


def preview(plan: Plan, n: int = 5) -> tuple[list[str], list[list[str]]]:
    """The first ``n`` participants as they will be imported: column names and rows of text."""
    lang = language()
    headers = [
        _("Namn"),
        _("Född"),
        _("Kön"),
        _("Kommun"),
        _("Program"),
        _("Inskriven"),
        _("Steg"),
        _("Anställning"),
        _("Avslut"),
        _("Telefon"),
    ]
    rows = []
    for target, extra in zip(plan.prepared.participants[:n], plan.extras or [Extra()] * n, strict=False):
        p = target.doc
        step = p["steps"][-1] if p["steps"] else None
        job = p["employments"][-1] if p["employments"] else None
        ended = p["exit"]
        rows.append(
            [
                f"{p['first_name']} {p['last_name']}",
                str(p["birth_year"]),
                codes.label("gender", p["gender"], lang),
                p["municipality"],
                p["program"],
                p["enrolled_on"],
                f"{step['step']} ({step['on']})" if step else "",
                f"{job['employer']} {job['start_on']} {job['extent']} %" if job else "",
                f"{ended['on']} {codes.label('exit_reason', ended['reason'], lang)}" if ended else "",
                extra.phone or "",
            ]
        )
    return headers, rows
