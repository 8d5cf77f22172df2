"""Register, edit or undo a participant's exit (avslut / utskrivning).

``ExitForm(participant_id)`` returns True when something was saved (or the exit
undone), None when cancelled. It shows whether the participant has SUS consent
and the computed SUS exit date (the team's delay, setting ``sus_delay_months``,
for work and studies; the exit date itself otherwise). Validation is the
store's (``store.exits.check_exit``): nothing is written until the form is
valid. Before an exit for a reason other than work cancels planned follow-ups
after the exit date, the coach is told how many and asked to confirm. An
existing exit is edited, and can be undone (with a confirmation).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Select, Static

from coachtui.domain import codes
from coachtui.domain.exports import in_sus
from coachtui.domain.sus import sus_exit_date
from coachtui.i18n import _, language
from coachtui.screens.confirm import ConfirmScreen
from coachtui.screens.form_modal import FormModal
from coachtui.store import exits
from coachtui.store.db import StoreError
from coachtui.store.exits import ExitContext
from coachtui.store.inputs import InputError
from coachtui.widgets.commands import PaletteCommand
from coachtui.widgets.form import (
    DateInput,
    FormField,
    MarkedCheckbox,
    MarkedSelectionList,
    code_options,
    set_control_value,
)

#: The occupation after that a reason implies (filled in when the coach picks the reason).
IMPLIED_OCCUPATION = {
    "unsubsidised_work": "unsubsidised_work",
    "subsidised_work": "subsidised_work",
    "studies": "studies",
    "job_seeking": "job_seeking",
}


def exit_data(values: dict[str, Any]) -> dict[str, Any]:
    """The form's values as store input: blanks left out (they read "måste fyllas i"), an empty extent is 0."""
    data: dict[str, Any] = {}
    for key, value in values.items():
        if value is None or value == "":
            if key == "occupation_after_extent":
                data[key] = 0
            continue
        data[key] = value
    return data


def consent_text(context: ExitContext) -> str:
    if context.sus_consent:
        return _("SUS-samtycke: ✓ ja")
    return _("SUS-samtycke: ✗ nej (räknas anonymt, exporteras inte till SUS)")


def sus_text(context: ExitContext | None, on_text: str, reason: str | None) -> str:
    """The line that tells when the exit is due in SUS."""
    if context is None:
        return ""
    try:
        on = date.fromisoformat(on_text)
    except ValueError:
        on = None
    if on is None or reason is None:
        return _("SUS-utskrivning: – (ange avslutsdatum och orsak)")
    if not in_sus(context.sus_consent, reason):
        return _("SUS-utskrivning: behövs inte (inget samtycke)")
    due = sus_exit_date(on, reason, context.delay_months)
    if due == on:
        return _("SUS-utskrivning: {due} (direkt)", due=due.isoformat())
    return _(
        "SUS-utskrivning: {due} ({months} mån efter avslutet: arbete/studier)",
        due=due.isoformat(),
        months=context.delay_months,
    )


class ExitForm(FormModal[bool]):
    DEFAULT_CSS = """
    ExitForm SelectionList.form-control { height: auto; max-height: 9; max-width: 44; }
    ExitForm #exit-info { height: auto; }
    ExitForm #exit-sus { height: auto; text-style: bold; padding-left: 2; }
    ExitForm #exit-survey { border: none; padding: 0 0 0 26; height: 1; }
    ExitForm #form-undo { display: none; }
    ExitForm.-editing #form-undo { display: block; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "undo_exit", _("Ångra avslut"), id="exit_form.undo"),
    ]

    INPUT_MODEL = "ExitIn"  # a field in error is checked again as it changes

    def __init__(self, participant_id: int) -> None:
        super().__init__()
        self.participant_id = participant_id
        self.context: ExitContext | None = None
        self._survey_handed_out = False  # the checkbox, read on the UI thread when saving
        self._extent_default = ""  # the extent this form last filled in by itself

    # --- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="form-frame"):
            yield Static(_("Avslut"), id="form-title")
            yield Static("", id="exit-info")
            with VerticalScroll(id="form-body", can_focus=False):  # focus goes to the first control at once
                yield FormField("on", _("Avslutsdatum"), DateInput(self.today().isoformat(), id="on"))
                yield FormField(
                    "reason",
                    _("Avslutsorsak"),
                    Select(code_options("exit_reason"), prompt=_("Välj"), compact=True, id="reason"),
                )
                yield FormField(
                    "occupation_after_kind",
                    _("Sysselsättning efter"),
                    Select(
                        code_options("occupation"),
                        value="none",
                        allow_blank=False,
                        compact=True,
                        id="occupation_after_kind",
                    ),
                )
                yield FormField(
                    "occupation_after_extent",
                    _("Omfattning efter (%)"),
                    Input("0", compact=True, type="integer", max_length=3, id="occupation_after_extent"),
                )
                yield FormField(
                    "support_after",
                    _("Försörjning efter (ingen vald = ingen offentlig försörjning)"),
                    MarkedSelectionList(*code_options("support"), id="support_after"),
                )
                # not a FormField: not an exit value; it sets the participant's survey_offered_on (NNS)
                yield MarkedCheckbox(_("Avslutsenkäten (NNS) lämnad idag"), id="exit-survey")
            yield Static("", id="exit-sus")
            yield Static("", id="form-summary")
            with Horizontal(id="form-buttons"):
                yield Button(_("Ångra avslut (ctrl+t)"), id="form-undo", variant="warning")
                yield Button(_("Avbryt"), id="form-cancel")
                yield Button(_("Spara (ctrl+s)"), id="form-save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#on", Input).focus()
        self.mark_clean()
        self._load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo_exit":
            return self.context is not None and self.context.exit is not None
        return True

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield from super().palette_commands()
        if self.context is not None and self.context.exit is not None:
            yield (_("Ångra avslut"), _("Ta bort avslutet; deltagaren blir aktiv igen (ctrl+t)"), self.action_undo_exit)

    # --- loading -----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="exit-load")
    def _load(self) -> None:
        try:
            context = exits.exit_context(self.db, self.participant_id)
        except StoreError as exc:
            self.app.call_from_thread(self.gone, str(exc))
            return
        self.app.call_from_thread(self._fill, context)

    def _fill(self, context: ExitContext) -> None:
        self.context = context
        editing = context.exit is not None
        self.set_class(editing, "-editing")
        title = _("Ändra avslut: {name}") if editing else _("Avslut: {name}")
        self.query_one("#form-title", Static).update(title.format(name=context.name))
        self.query_one("#exit-info", Static).update(
            _("Inskriven {enrolled}", enrolled=context.enrolled_on.isoformat()) + " · " + consent_text(context)
        )
        if context.exit is not None:
            found = context.exit
            values: dict[str, Any] = {
                "on": found.on.isoformat(),
                "reason": found.reason,
                "occupation_after_kind": found.occupation_after_kind,
                "occupation_after_extent": found.occupation_after_extent,
                "support_after": list(found.support_after),
            }
            with self.prevent(Select.Changed):
                for form_field in self.fields():
                    set_control_value(form_field.control, values[form_field.field])
        self.update_sus()
        self.mark_clean()
        self.refresh_bindings()

    # --- live feedback -----------------------------------------------------------------

    def update_sus(self) -> None:
        reason = self.query_one("#reason", Select).value
        text = sus_text(
            self.context, self.query_one("#on", Input).value.strip(), reason if isinstance(reason, str) else None
        )
        self.query_one("#exit-sus", Static).update(text)

    @on(Input.Changed, "#on")
    def _date_changed(self) -> None:
        self.update_sus()

    @on(Select.Changed, "#reason")
    def _reason_changed(self, event: Select.Changed) -> None:
        self.update_sus()
        implied = IMPLIED_OCCUPATION.get(str(event.value))
        if implied is None:
            return
        self.query_one("#occupation_after_kind", Select).value = implied
        extent = self.query_one("#occupation_after_extent", Input)
        working = implied in ("unsubsidised_work", "subsidised_work")
        current = self.context.employment_extent if self.context is not None else None
        default = str(current) if working and current else "100"
        if implied != "job_seeking" and extent.value.strip() in ("", "0", self._extent_default):
            extent.value = self._extent_default = default  # a value the coach typed stays

    @on(Select.Changed, "#occupation_after_kind")
    def _occupation_changed(self, event: Select.Changed) -> None:
        if event.value == "none":
            self.query_one("#occupation_after_extent", Input).value = "0"

    # --- saving ------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "form-undo":
            event.stop()
            self.action_undo_exit()
            return
        super().on_button_pressed(event)

    def action_save(self) -> None:
        """Validate first; ask before cancelling follow-ups; then save in a worker."""
        if self._saving:
            return
        self._saving = True
        self._survey_handed_out = self.query_one("#exit-survey", MarkedCheckbox).value
        self._check(self.values())

    @work(thread=True, exclusive=True, group="exit-check")
    def _check(self, values: dict[str, Any]) -> None:
        try:
            checked = exits.check_exit(self.db, self.participant_id, exit_data(values), self.today())
            count = exits.followups_to_cancel(self.db, self.participant_id, checked.on, checked.reason)
        except InputError as exc:
            self.app.call_from_thread(self._failed, exc.problems, None)
        except StoreError as exc:
            self.app.call_from_thread(self._failed, [], str(exc))
        else:
            self.app.call_from_thread(self._confirm_then_save, values, count, checked.reason)

    def _confirm_then_save(self, values: dict[str, Any], count: int, reason: str) -> None:
        self.clear_problems()
        if count == 0:
            self._save_in_thread(values)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._save_in_thread(values)
            else:
                self._saving = False

        question = _(
            "{n} planerade uppföljningar efter avslutsdatumet ställs in (orsak: {reason}). Spara avslutet?",
            n=count,
            reason=codes.label("exit_reason", reason, language()),
        )
        self.app.push_screen(ConfirmScreen(question, yes=_("Spara och ställ in")), answered)

    def save(self, values: dict[str, Any]) -> bool:
        data = exit_data(values)
        if self.context is not None and self.context.exit is not None:
            exits.update_exit(self.db, self.participant_id, data, self.today())
        else:
            exits.register_exit(self.db, self.participant_id, data, self.today())
        if self._survey_handed_out:
            from coachtui.store import surveys

            surveys.mark_offered(self.db, self.participant_id, self.today())
        return True

    def _saved(self, result: bool) -> None:
        self.notify(_("Avslutet är sparat."))
        if self._survey_handed_out:
            self.notify(_("Avslutsenkäten är markerad som lämnad {day}.", day=self.today().isoformat()))
        super()._saved(result)

    # --- undo --------------------------------------------------------------------------

    def action_undo_exit(self) -> None:
        if self.context is None or self.context.exit is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._undo()

        question = _(
            "Ångra avslutet för {name}? Deltagaren blir aktiv igen och uppföljningar som avslutet ställde in"
            " planeras igen.",
            name=self.context.name,
        )
        self.app.push_screen(ConfirmScreen(question, yes=_("Ångra avslutet")), answered)

    @work(thread=True, exclusive=True, group="exit-undo")
    def _undo(self) -> None:
        try:
            restored = exits.undo_exit(self.db, self.participant_id)
        except StoreError as exc:
            self.app.call_from_thread(self._failed, [], str(exc))
            return
        self.app.call_from_thread(self._undone, restored)

    def _undone(self, restored: int) -> None:
        self.notify(_("Avslutet är ångrat ({n} uppföljningar planerade igen).", n=restored))
        self.dismiss(True)
