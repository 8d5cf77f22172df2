"""The coach's own settings: name, municipality and share of a full-time post (fte).

Used by the first start and from the command palette ("Inställningar: coach"). Returns the coach's id, or
None when cancelled.
"""

from __future__ import annotations

import math
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.widgets import Input

from coachtui.i18n import _
from coachtui.screens.form_modal import FormModal
from coachtui.store import participants
from coachtui.store.inputs import CoachIn, InputError, Problem, field_label, parse
from coachtui.widgets.form import FormField

DEFAULT_FTE = 1.0


def parse_fte(text: str) -> float | None:
    """Share of a full-time post from what a coach types: "100 %", "40", "40 %", "0,4", "0.4", "1".

    A number above 1 or one with "%" is a percentage. Returns None unless the share is above 0 and at most 1.
    """
    cleaned = text.strip().replace(",", ".").replace(" ", "").replace("\u00a0", "")
    percent = cleaned.endswith("%")
    cleaned = cleaned.rstrip("%")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    if percent or value > 1:
        value /= 100
    if not 0 < value <= 1:
        return None
    return round(value, 4)


def format_fte(fte: float) -> str:
    """1.0 -> "100 %", 0.4 -> "40 %", 0.375 -> "37,5 %"."""
    percent = round(fte * 100, 1)
    text = f"{percent:g}".replace(".", ",")
    return f"{text} %"


def coach_data(values: dict[str, Any]) -> dict[str, Any]:
    """Validate the form's values; raises InputError listing every field at fault (fte in words)."""
    fte = parse_fte(str(values.get("fte", "")))
    problems: list[Problem] = []
    data = {"name": values.get("name", ""), "municipality": values.get("municipality", ""), "fte": fte}
    try:
        parse(CoachIn, {**data, "fte": DEFAULT_FTE if fte is None else fte})
    except InputError as exc:
        problems.extend(exc.problems)
    if fte is None:
        problems.append(
            Problem(
                "fte",
                field_label("fte") + ": " + _("skriv en andel av heltid, till exempel 100 %, 40 % eller 0,4"),
            )
        )
    if problems:
        raise InputError(problems)
    return data


class CoachForm(FormModal[int]):
    """Name, municipality and fte of the database's coach (created or changed)."""

    def title_text(self) -> str:
        return _("Inställningar: coach")

    def intro_text(self) -> str:
        return _(
            "Ditt namn och din kommun används som standard för nya deltagare; tjänstgöringsgraden ger kapaciteten."
        )

    def compose_fields(self) -> ComposeResult:
        yield FormField("name", _("Ditt namn"), Input(compact=True, id="name", max_length=100))
        yield FormField("municipality", _("Kommun"), Input(compact=True, id="municipality", max_length=100))
        yield FormField(
            "fte",
            _("Andel av heltid (%)"),
            Input(format_fte(DEFAULT_FTE), compact=True, id="fte", max_length=10),
        )

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self.mark_clean()
        self._load()

    @work(thread=True, exclusive=True)
    def _load(self) -> None:
        found = participants.coach(self.db)
        if found is not None:
            self.app.call_from_thread(self._fill, found)

    def _fill(self, found: participants.CoachRow) -> None:
        self.query_one("#name", Input).value = found.name
        self.query_one("#municipality", Input).value = found.municipality
        self.query_one("#fte", Input).value = format_fte(found.fte)
        self.mark_clean()

    def save(self, values: dict[str, Any]) -> int:
        return participants.save_coach(self.db, coach_data(values))
