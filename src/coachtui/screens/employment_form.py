"""Register or change an employment: employer, first day of work, subsidised, extent, optional end.

A new employment gets its own efterstöd schedule from the team's template and
(checkbox, default on) moves the participant to step 5. Changing the first day
of work of an existing one regenerates the follow-ups still planned (done and
skipped ones stay), after a confirmation.

Dismisses with ``{"employment_id": int, "moved": int}`` once saved, or None. If the write fails the form
stays open with what was typed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.widgets import Input

from coachtui.i18n import _
from coachtui.screens.confirm import ConfirmScreen
from coachtui.screens.form_modal import FormModal
from coachtui.store import followups, participants
from coachtui.store.db import StoreError
from coachtui.store.inputs import EmploymentIn, InputError, Problem, employment_date_problems, field_problem, parse
from coachtui.widgets.form import DateInput, EmployerInput, FormField, MarkedCheckbox, set_control_value


def employment_data(values: dict[str, Any]) -> dict[str, Any]:
    """The form's values as store input: an empty end date is none, the step-5 box is not a field."""
    data = {k: v for k, v in values.items() if k != "to_step_5"}
    data["end_on"] = data.get("end_on") or None
    return data


class EmploymentForm(FormModal[dict[str, int]]):
    DEFAULT_CSS = """
    EmploymentForm MarkedCheckbox.form-control { border: none; padding: 0; height: 1; }
    """
    SUBMIT_ON_ENTER = True

    INPUT_MODEL = "EmploymentIn"  # a field in error is checked again as it changes

    def __init__(self, participant_id: int, employment_id: int | None = None) -> None:
        super().__init__()
        self.participant_id = participant_id
        self.employment_id = employment_id
        self.original: followups.EmploymentRow | None = None

    def title_text(self) -> str:
        return _("Ändra anställning") if self.employment_id is not None else _("Ny anställning")

    def hint_text(self) -> str:
        return _("ctrl+s eller enter sparar · escape avbryter")

    def compose_fields(self) -> ComposeResult:
        yield FormField("employer", _("Arbetsgivare"), EmployerInput())
        yield FormField("start_on", _("Första arbetsdag"), DateInput(id="start_on"))
        yield FormField(
            "extent", _("Omfattning %"), Input("100", compact=True, id="extent", max_length=3, restrict=r"\d*")
        )
        yield FormField("end_on", _("Slutdatum (frivilligt)"), DateInput(id="end_on"))
        yield FormField(
            "subsidised",
            _("Subventionerad"),
            MarkedCheckbox(_("Subventionerad (t.ex. lönebidrag)"), False, id="subsidised"),
        )
        if self.employment_id is None:
            yield FormField(
                "to_step_5",
                _("Steg 5"),
                MarkedCheckbox(_("Flytta dit (stöd på och utanför arbetet)"), True, id="to_step_5"),
            )

    def on_mount(self) -> None:
        self.query_one("#employer", Input).focus()
        self.mark_clean()
        self.load_employers()
        if self.employment_id is not None:
            self.load()

    @work(thread=True, group="employment-employers")
    def load_employers(self) -> None:
        """The register's employer names, suggested as the coach types (like the contact form)."""
        names = participants.employer_names(self.db)
        self.app.call_from_thread(self.query_one("#employer", EmployerInput).set_names, names)

    # --- loading -----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="employment-load")
    def load(self) -> None:
        assert self.employment_id is not None
        try:
            row = followups.employment(self.db, self.employment_id)
        except StoreError as exc:
            self.app.call_from_thread(self.gone, str(exc))
            return
        self.app.call_from_thread(self._fill, row)

    def _fill(self, row: followups.EmploymentRow) -> None:
        self.original = row
        values: dict[str, Any] = {
            "employer": row.employer,
            "start_on": row.start_on.isoformat(),
            "extent": row.extent,
            "end_on": row.end_on.isoformat() if row.end_on else "",
            "subsidised": row.subsidised,
        }
        for form_field in self.fields():
            set_control_value(form_field.control, values[form_field.field])
        self.mark_clean()

    # --- saving ------------------------------------------------------------------------

    def action_save(self) -> None:
        """Validate first; ask before a new first day of work moves planned follow-ups; then save."""
        if self._saving:
            return
        if self.employment_id is not None and self.original is None:
            return  # still loading
        self._saving = True  # set before the worker starts: a second ctrl+s cannot save twice
        self._check(self.values())

    @work(thread=True, exclusive=True, group="employment-check")
    def _check(self, values: dict[str, Any]) -> None:
        """Every problem at once: the fields' own, and a new first day of work against the enrolment date and
        today (checked again by the store when saving)."""
        data = employment_data(values)
        problems: list[Problem] = []
        start_on: date | None = None
        try:
            start_on = parse(EmploymentIn, data).start_on
        except InputError as exc:
            problems = list(exc.problems)
            if field_problem(EmploymentIn, "start_on", data.get("start_on")) is None:
                start_on = date.fromisoformat(str(data["start_on"]))
        if start_on is not None and (self.original is None or start_on != self.original.start_on):
            try:
                enrolled_on = participants.participant(self.db, self.participant_id).values["enrolled_on"]
            except StoreError as exc:
                self.app.call_from_thread(self._failed, problems, str(exc))
                return
            known = {p.field for p in problems}
            problems += [
                p for p in employment_date_problems(start_on, enrolled_on, self.today()) if p.field not in known
            ]
        if problems or start_on is None:
            self.app.call_from_thread(self._failed, problems, None)
        else:
            self.app.call_from_thread(self._confirm_then_save, values, start_on)

    def _confirm_then_save(self, values: dict[str, Any], start_on: date) -> None:
        self.clear_problems()
        original = self.original
        if original is None or start_on == original.start_on:
            self._save_in_thread(values)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._save_in_thread(values)
            else:
                self._saving = False

        question = _(
            "Ändra första arbetsdag från {old} till {new}? Uppföljningar som fortfarande är planerade"
            " räknas om från det nya datumet; gjorda och överhoppade behålls.",
            old=original.start_on.isoformat(),
            new=start_on.isoformat(),
        )
        self.app.push_screen(ConfirmScreen(question, yes=_("Räkna om")), answered)

    def save(self, values: dict[str, Any]) -> dict[str, int]:
        data = employment_data(values)
        if self.employment_id is None:
            employment_id = followups.add_employment(
                self.db, self.participant_id, data, to_step_5=bool(values.get("to_step_5", True)), today=self.today()
            )
            return {"employment_id": employment_id, "moved": 0}
        moved = followups.update_employment(self.db, self.employment_id, data, today=self.today())
        return {"employment_id": self.employment_id, "moved": moved}

    def _saved(self, result: dict[str, int]) -> None:
        moved = result["moved"]
        if self.employment_id is None:
            message = _("Anställningen är registrerad och efterstödet planerat.")
        elif moved:
            message = _("Anställningen är ändrad; {n} uppföljningar fick nya datum.", n=moved)
        else:
            message = _("Anställningen är ändrad.")
        self.notify(message)
        super()._saved(result)
