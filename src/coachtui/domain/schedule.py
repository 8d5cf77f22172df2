"""The efterstöd (follow-up) schedule: a team-editable template turned into dated slots.

Terms:

* ``A`` (``start``): the participant's first day of work.
* ``W``: the first working day on or after ``A``.
* A template slot is counted either in weeks from ``W`` (base ``"W"``) or in
  calendar months from ``A`` (base ``"A"``; a day missing in the target month
  becomes that month's last day, e.g. 31 August + 6 months = 28/29 February).
  Every slot is computed from ``A``/``W`` directly, never chained from another
  slot, so doing a visit late never moves later slots.
* A slot whose computed (original) date is not a working day moves: visits and
  calls to the nearest working day (the later one on a tie), the closing call
  forward only (the first working day on or after it).

Template rules (see :func:`validate_template`): unique non-blank slot names,
kinds from ``codes.FOLLOWUP_KIND``, base ``"W"`` or ``"A"``, offsets >= 0, and
exactly one closing call, which must have base ``"A"`` (extending counts in
months from the closing call's offset). Names ``X1``, ``X2``, ... are reserved
for extensions.

Extending (:func:`extend`) adds a call each further month: the n-th extension
is slot ``Xn`` at ``A + (m + n)`` months, where ``m`` is the template's closing
call offset; it becomes the closing call and the previous closing call becomes
an ordinary call.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from coachtui.domain.codes import FOLLOWUP_KIND
from coachtui.domain.dates import add_months
from coachtui.domain.workdays import is_working_day, nearest_working_day, next_working_day, non_working_label
from coachtui.i18n import _

BASE_W: Final = "W"  # offset in weeks from W, the first working day on or after A
BASE_A: Final = "A"  # offset in calendar months from A, the first day of work
BASES: Final = (BASE_W, BASE_A)
CLOSING_CALL: Final = "closing_call"
CALL: Final = "call"
VISIT: Final = "visit"
EXTENSION_PREFIX: Final = "X"
_EXTENSION_NAME: Final = re.compile(r"X(\d+)")
_JSON_KEYS: Final = ("slot", "kind", "base", "offset")


@dataclass(frozen=True, slots=True)
class TemplateSlot:
    """One slot of a team's template.

    ``slot``: short name ("V1", "T2", "S"); ``kind``: a ``codes.FOLLOWUP_KIND`` code
    ("visit", "call", "closing_call"); ``base``: ``"W"`` (``offset`` in weeks from W)
    or ``"A"`` (``offset`` in calendar months from A).
    """

    slot: str
    kind: str
    base: str
    offset: int


#: The default template: visits weekly in month 1, fortnightly in month 2, once in
#: month 3; calls every fourth week in months 4-6; the closing call at A + 6 months.
DEFAULT_TEMPLATE: Final[tuple[TemplateSlot, ...]] = (
    TemplateSlot("V1", VISIT, BASE_W, 1),
    TemplateSlot("V2", VISIT, BASE_W, 2),
    TemplateSlot("V3", VISIT, BASE_W, 3),
    TemplateSlot("V4", VISIT, BASE_W, 4),
    TemplateSlot("V5", VISIT, BASE_W, 6),
    TemplateSlot("V6", VISIT, BASE_W, 8),
    TemplateSlot("V7", VISIT, BASE_W, 12),
    TemplateSlot("T1", CALL, BASE_W, 16),
    TemplateSlot("T2", CALL, BASE_W, 20),
    TemplateSlot("T3", CALL, BASE_W, 24),
    TemplateSlot("S", CLOSING_CALL, BASE_A, 6),
)


@dataclass(frozen=True, slots=True)
class PlannedSlot:
    """A dated slot: ``due_on`` is a working day; ``original_due_on`` is the date the
    template gives before moving; ``moved_reason_*`` names the holiday or weekend day
    that made it move (None when it did not move)."""

    slot: str
    kind: str
    due_on: date
    original_due_on: date
    moved_reason_sv: str | None
    moved_reason_en: str | None

    @property
    def moved(self) -> bool:
        return self.due_on != self.original_due_on


@dataclass(frozen=True, slots=True)
class Extension:
    """What extending changes: ``demoted`` slots change kind from closing_call to call;
    ``new_slot`` is the new closing call to add."""

    demoted: tuple[str, ...]
    new_slot: PlannedSlot


class TemplateError(ValueError):
    """An invalid template; ``problems`` are messages in Swedish."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems: list[str] = list(problems)


def plan(slot: str, kind: str, original: date) -> PlannedSlot:
    """Place a slot whose template date is ``original``: a closing call moves forward
    to a working day, any other kind to the nearest working day (later on a tie)."""
    if is_working_day(original):
        return PlannedSlot(slot, kind, original, original, None, None)
    due = next_working_day(original) if kind == CLOSING_CALL else nearest_working_day(original)
    reason = non_working_label(original)
    sv, en = reason if reason is not None else (None, None)
    return PlannedSlot(slot, kind, due, original, sv, en)


def first_working_day(start: date) -> date:
    """W: the first working day on or after ``start`` (A)."""
    return next_working_day(start)


def original_date(start: date, slot: TemplateSlot) -> date:
    """The unmoved date of ``slot`` for first day of work ``start``."""
    if slot.base == BASE_W:
        return first_working_day(start) + timedelta(weeks=slot.offset)
    if slot.base == BASE_A:
        return add_months(start, slot.offset)
    raise TemplateError([_unknown_base(slot)])


def generate(start: date, template: Sequence[TemplateSlot] = DEFAULT_TEMPLATE) -> list[PlannedSlot]:
    """All slots of ``template`` for first day of work ``start``, ordered by due date
    (template order on the same date). Raises :class:`TemplateError` for an invalid template."""
    _check(template)
    planned = [plan(s.slot, s.kind, original_date(start, s)) for s in template]
    return sorted(planned, key=lambda p: p.due_on)


def extend(
    start: date,
    existing: Sequence[tuple[str, str]],
    template: Sequence[TemplateSlot] = DEFAULT_TEMPLATE,
) -> Extension:
    """Extend a schedule by one month.

    ``existing`` is every slot of the participant's schedule as (slot name, kind),
    whatever its status. The new slot is ``Xn`` (n = one more than the highest
    existing ``X`` number, else 1) at ``A + (m + n)`` months, m being the
    template's closing-call offset in months; it is the new closing call and moves
    forward only. Every existing closing call (normally one) is demoted to a call.
    """
    _check(template)
    closing = next(s for s in template if s.kind == CLOSING_CALL)
    numbers = [int(m.group(1)) for name, _kind in existing if (m := _EXTENSION_NAME.fullmatch(name))]
    n = max(numbers, default=0) + 1
    original = add_months(start, closing.offset + n)
    demoted = tuple(name for name, kind in existing if kind == CLOSING_CALL)
    return Extension(demoted, plan(f"{EXTENSION_PREFIX}{n}", CLOSING_CALL, original))


def _unknown_base(slot: TemplateSlot) -> str:
    return _(
        "{slot}: okänd bas {base!r} (W = veckor från första arbetsdagen, A = månader från första anställningsdagen).",
        slot=slot.slot,
        base=slot.base,
    )


def validate_template(slots: Sequence[TemplateSlot]) -> list[str]:
    """Problems with a template, in Swedish; empty when it is valid.

    Checks: non-blank unique names, names ``X<number>`` reserved for extensions,
    known kind and base, offsets >= 0, exactly one closing call and that it has
    base ``"A"`` (months from A, so that extending can add one month at a time).
    """
    problems: list[str] = []
    if not slots:
        problems.append(_("Mallen är tom."))
    counts = Counter(s.slot for s in slots)
    for name, count in counts.items():
        if name.strip() and count > 1:
            problems.append(_("Namnet {name} finns {count} gånger.", name=name, count=count))
    for position, s in enumerate(slots, start=1):
        if not s.slot.strip():
            problems.append(_("Rad {position}: namnet saknas.", position=position))
            continue
        if _EXTENSION_NAME.fullmatch(s.slot):
            problems.append(_("{slot}: namn som X1, X2 … är reserverade för förlängningar.", slot=s.slot))
        if s.kind not in FOLLOWUP_KIND:
            problems.append(_("{slot}: okänd typ {kind!r} (visit, call eller closing_call).", slot=s.slot, kind=s.kind))
        if s.base not in BASES:
            problems.append(_unknown_base(s))
        if s.offset < 0:
            problems.append(_("{slot}: förskjutningen får inte vara negativ ({offset}).", slot=s.slot, offset=s.offset))
        if s.kind == CLOSING_CALL and s.base != BASE_A:
            problems.append(
                _("{slot}: avslutande samtal räknas i månader från första anställningsdagen (bas A).", slot=s.slot)
            )
    closings = sum(1 for s in slots if s.kind == CLOSING_CALL)
    if closings != 1:
        problems.append(_("Mallen ska ha exakt ett avslutande samtal (har {n}).", n=closings))
    return problems


def _check(template: Sequence[TemplateSlot]) -> None:
    problems = validate_template(template)
    if problems:
        raise TemplateError(problems)


def template_to_json(slots: Sequence[TemplateSlot]) -> str:
    """The template as stored in the settings row:
    ``[{"slot": "V1", "kind": "visit", "base": "W", "offset": 1}, ...]``."""
    rows = [{"slot": s.slot, "kind": s.kind, "base": s.base, "offset": s.offset} for s in slots]
    return json.dumps(rows, ensure_ascii=False)


def template_from_json(text: str) -> tuple[TemplateSlot, ...]:
    """Parse and validate a stored template; raises :class:`TemplateError` (Swedish problems)."""
    try:
        data: object = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TemplateError(
            [_("Mallen är inte giltig JSON: {msg} (rad {line}).", msg=exc.msg, line=exc.lineno)]
        ) from exc
    if not isinstance(data, list):
        raise TemplateError([_("Mallen ska vara en lista av rader.")])
    problems: list[str] = []
    slots: list[TemplateSlot] = []
    for position, row in enumerate(data, start=1):
        if not isinstance(row, dict):
            problems.append(
                _("Rad {position}: ska vara ett objekt med slot, kind, base och offset.", position=position)
            )
            continue
        missing = [key for key in _JSON_KEYS if key not in row]
        unknown = sorted(str(key) for key in row if key not in _JSON_KEYS)
        if missing:
            problems.append(_("Rad {position}: saknar {names}.", position=position, names=", ".join(missing)))
        if unknown:
            problems.append(_("Rad {position}: okända fält {names}.", position=position, names=", ".join(unknown)))
        if missing or unknown:
            continue
        slot, kind, base, offset = (row[key] for key in _JSON_KEYS)
        if not (isinstance(slot, str) and isinstance(kind, str) and isinstance(base, str)):
            problems.append(_("Rad {position}: slot, kind och base ska vara text.", position=position))
            continue
        if not isinstance(offset, int) or isinstance(offset, bool):
            problems.append(_("Rad {position}: offset ska vara ett heltal.", position=position))
            continue
        slots.append(TemplateSlot(slot, kind, base, offset))
    if problems:
        raise TemplateError(problems)
    result = tuple(slots)
    _check(result)
    return result
