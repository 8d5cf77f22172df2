"""Register or change an employment: employer, first day of work, subsidised, extent, optional end.

A new employment gets its own efterstöd schedule from the team's template and
(checkbox, default on) moves the participant to step 5. Changing the first day
of work of an existing one regenerates the follow-ups still planned (done and
skipped ones stay), after a confirmation.

Dismisses with ``{"employment_id": int, "moved": int}`` once saved, or None.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label

from coachtui.i18n import _
from coachtui.screens.step_dialog import FormDialog
from coachtui.store import followups
from coachtui.store.db import StoreError
from coachtui.store.inputs import EmploymentIn, InputError, parse


class YesNoBox(Checkbox):
    """A checkbox whose mark is a ✓ or empty, not only a colour."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "✓" if self.value else " "

    def watch_value(self) -> None:
        self.refresh()


class EmploymentForm(FormDialog):
    DEFAULT_CSS = """
    EmploymentForm > Vertical { overflow-y: auto; }
    EmploymentForm .row { height: auto; align-horizontal: left; }
    EmploymentForm .row > Vertical { width: 1fr; height: auto; }
    EmploymentForm Checkbox { border: none; padding: 0; height: 1; }
    """

    def __init__(self, participant_id: int, employment_id: int | None = None) -> None:
        super().__init__()
        self.participant_id = participant_id
        self.employment_id = employment_id
        self.original: followups.EmploymentRow | None = None
        self.title_text = _("Ändra anställning") if employment_id is not None else _("Ny anställning")
        self._saving = False

    def fields(self) -> ComposeResult:
        yield Label(_("Arbetsgivare"))
        yield Input("", id="employer", max_length=100)
        with Horizontal(classes="row"):
            with Vertical():
                yield Label(_("Första arbetsdag"))
                yield Input("", id="start_on", max_length=10, placeholder=_("ÅÅÅÅ-MM-DD"))
            with Vertical():
                yield Label(_("Omfattning %"))
                yield Input("100", id="extent", max_length=3, restrict=r"\d*")
            with Vertical():
                yield Label(_("Slutdatum (frivilligt)"))
                yield Input("", id="end_on", max_length=10, placeholder=_("ÅÅÅÅ-MM-DD"))
        yield YesNoBox(_("Subventionerad (t.ex. lönebidrag)"), False, id="subsidised")
        if self.employment_id is None:
            yield YesNoBox(_("Flytta till steg 5 (stöd på och utanför arbetet)"), True, id="to_step_5")

    def on_mount(self) -> None:
        super().on_mount()
        if self.employment_id is not None:
            self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        assert self.employment_id is not None
        try:
            row = followups.employment(self.db, self.employment_id)
        except StoreError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            self.app.call_from_thread(self.dismiss, None)
            return
        self.app.call_from_thread(self._fill, row)

    def _fill(self, row: followups.EmploymentRow) -> None:
        self.original = row
        self.query_one("#employer", Input).value = row.employer
        self.query_one("#start_on", Input).value = row.start_on.isoformat()
        self.query_one("#extent", Input).value = str(row.extent)
        self.query_one("#end_on", Input).value = row.end_on.isoformat() if row.end_on else ""
        self.query_one("#subsidised", Checkbox).value = row.subsidised
        self._initial = self.values()

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "employer": self.text_of("employer").strip(),
            "start_on": self.text_of("start_on").strip(),
            "end_on": self.text_of("end_on").strip() or None,
            "subsidised": self.query_one("#subsidised", Checkbox).value,
            "extent": self.text_of("extent").strip(),
        }
        if self.employment_id is None:
            values["to_step_5"] = self.query_one("#to_step_5", Checkbox).value
        return values

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        data = {k: v for k, v in values.items() if k != "to_step_5"}
        parse(EmploymentIn, data)
        return values

    def action_save(self) -> None:
        if self._saving:
            return
        try:
            values = self.check(self.values())
        except InputError as problem:
            self.show_problems(problem)
            return
        if self.employment_id is not None and self.original is None:
            return  # still loading
        original = self.original
        new_start = parse(EmploymentIn, {k: v for k, v in values.items() if k != "to_step_5"}).start_on
        if original is not None and new_start != original.start_on:
            from coachtui.screens.confirm import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self._saving = True
                    self._save(values)

            question = _(
                "Ändra första arbetsdag från {old} till {new}? Uppföljningar som fortfarande är planerade"
                " räknas om från det nya datumet; gjorda och överhoppade behålls.",
                old=original.start_on.isoformat(),
                new=new_start.isoformat(),
            )
            self.app.push_screen(ConfirmScreen(question, yes=_("Räkna om")), answered)
            return
        self._saving = True  # set before the worker starts: a second ctrl+s cannot save twice
        self._save(values)

    @work(thread=True, exclusive=True, group="employment.save")
    def _save(self, values: dict[str, Any]) -> None:
        data = {k: v for k, v in values.items() if k != "to_step_5"}
        try:
            if self.employment_id is None:
                employment_id = followups.add_employment(
                    self.db, self.participant_id, data, to_step_5=bool(values.get("to_step_5", True))
                )
                moved = 0
                message = _("Anställningen är registrerad och efterstödet planerat.")
            else:
                employment_id = self.employment_id
                moved = followups.update_employment(self.db, employment_id, data)
                message = (
                    _("Anställningen är ändrad; {n} uppföljningar fick nya datum.", n=moved)
                    if moved
                    else _("Anställningen är ändrad.")
                )
        except InputError as problem:
            self._saving = False
            self.app.call_from_thread(self.show_problems, problem)
            return
        except StoreError as exc:
            self._saving = False
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.notify, message)
        self.app.call_from_thread(self.dismiss, {"employment_id": employment_id, "moved": moved})
