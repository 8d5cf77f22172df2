"""New participant and edit participant: one modal form over every ParticipantIn field.

``ParticipantForm()`` adds a participant (defaults: the coach's municipality, enrolled today) and
``ParticipantForm(participant_id)`` edits one. Validation is the store's (``add_participant`` /
``update_participant`` raise InputError): every problem is shown under its field and nothing is saved until
the whole form is valid. Returns the participant's id, or None when cancelled.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Select

from coachtui.domain import personnummer
from coachtui.i18n import _
from coachtui.screens.confirm import ConfirmScreen
from coachtui.screens.form_modal import FormModal
from coachtui.store import participants
from coachtui.store.db import StoreError
from coachtui.widgets.form import (
    DateInput,
    FormField,
    MarkedCheckbox,
    MarkedSelectionList,
    MonthInput,
    code_options,
    set_control_value,
)

#: Fields sent as None (stored empty) when left blank.
_OPTIONAL = ("referred_on", "support_since", "personnummer", "phone")


def participant_data(values: dict[str, Any]) -> dict[str, Any]:
    """The form's values as input for the store: blanks left out (so they read "måste fyllas i")."""
    data: dict[str, Any] = {}
    for key, value in values.items():
        if value is None or value == "":
            if key in _OPTIONAL:
                data[key] = None
            continue
        data[key] = value
    return data


class ParticipantForm(FormModal[int]):
    DEFAULT_CSS = """
    ParticipantForm MarkedSelectionList.form-control { height: auto; max-height: 9; max-width: 44; }
    ParticipantForm MarkedCheckbox.form-control { border: none; padding: 0; height: 1; }
    """

    INPUT_MODEL = "ParticipantIn"  # a field in error is checked again as it changes

    def __init__(self, participant_id: int | None = None) -> None:
        super().__init__()
        self.participant_id = participant_id
        self._masked_personnummer: str | None = None  # the stored number as shown (masked) when editing
        self.version: int | None = None  # participant.version when the form was filled (lost-update check)

    def title_text(self) -> str:
        return _("Ny deltagare") if self.participant_id is None else _("Ändra deltagare")

    def intro_text(self) -> str:
        return _("Förnamn och efternamn, eller bara initialer.")

    def compose_fields(self) -> ComposeResult:
        yield FormField("first_name", _("Förnamn/initial"), Input(compact=True, max_length=100, id="first_name"))
        yield FormField("last_name", _("Efternamn/initial"), Input(compact=True, max_length=100, id="last_name"))
        yield FormField(
            "phone",
            _("Telefon (valfritt)"),
            Input(compact=True, max_length=30, placeholder=_("t.ex. 070-123 45 67"), id="phone"),
        )
        yield FormField(
            "birth_year",
            _("Födelseår"),
            Input(compact=True, type="integer", max_length=4, placeholder=_("ÅÅÅÅ"), id="birth_year"),
        )
        yield FormField("gender", _("Kön"), Select(code_options("gender"), prompt=_("Välj"), compact=True, id="gender"))
        yield FormField("municipality", _("Kommun"), Input(compact=True, max_length=100, id="municipality"))
        yield FormField(
            "program", _("Program"), Select(code_options("program"), prompt=_("Välj"), compact=True, id="program")
        )
        yield FormField("referred_on", _("Aktualiserad (datum)"), DateInput(id="referred_on"))
        yield FormField("enrolled_on", _("Inskriven (datum)"), DateInput(self.today().isoformat(), id="enrolled_on"))
        yield FormField(
            "sus_consent", _("SUS-samtycke"), MarkedCheckbox(_("Skriftligt samtycke finns"), id="sus_consent")
        )
        yield FormField(
            "education",
            _("Utbildningsnivå"),
            Select(code_options("education"), value="unknown", allow_blank=False, compact=True, id="education"),
        )
        yield FormField("support_since", _("Försörjning sedan"), MonthInput(id="support_since"))
        yield FormField(
            "support_before",
            _("Försörjning före"),
            MarkedSelectionList(*code_options("support"), id="support_before"),
        )
        yield FormField(
            "occupation_before_kind",
            _("Sysselsättning före"),
            Select(
                code_options("occupation"),
                value="none",
                allow_blank=False,
                compact=True,
                id="occupation_before_kind",
            ),
        )
        yield FormField(
            "occupation_before_extent",
            _("Omfattning före (%)"),
            Input("0", compact=True, type="integer", max_length=3, id="occupation_before_extent"),
        )

    def on_mount(self) -> None:
        self.query_one("#first_name", Input).focus()
        self.mark_clean()
        self._load()

    @work(thread=True, exclusive=True)
    def _load(self) -> None:
        if participants.stores_personnummer(self.db):
            # mypy cannot pick the awaited return type of an async callback here; Textual awaits it
            self.app.call_from_thread(self._add_personnummer_field)  # type: ignore[arg-type]
        if self.participant_id is None:
            owner = participants.coach(self.db)
            if owner is not None:
                self.app.call_from_thread(self._fill, {"municipality": owner.municipality})
        else:
            try:
                version = participants.version(self.db, self.participant_id)
                detail = participants.participant(self.db, self.participant_id)
            except StoreError as exc:
                self.app.call_from_thread(self.gone, str(exc))
                return
            self.app.call_from_thread(self._fill, detail.values, version)

    async def _add_personnummer_field(self) -> bool:
        """The personnummer field, only when the team stores them (the setting is off by default)."""
        field = FormField(
            "personnummer",
            _("Personnummer"),
            Input(compact=True, max_length=13, placeholder=_("ÅÅÅÅMMDD-NNNN"), id="personnummer"),
        )
        await self.query_one("#form-body").mount(field, after="#field-birth_year")
        self.mark_clean()
        return True

    def _fill(self, values: dict[str, Any], version: int | None = None) -> None:
        if version is not None:
            self.version = version
        stored = values.get("personnummer")
        if stored:  # never shown in full: kept as it is while the masked text is left unchanged
            self._masked_personnummer = personnummer.mask(stored)
            values = {**values, "personnummer": self._masked_personnummer}
        for form_field in self.fields():
            if form_field.field in values:
                value = values[form_field.field]
                set_control_value(form_field.control, value.isoformat() if hasattr(value, "isoformat") else value)
        self.mark_clean()

    def save(self, values: dict[str, Any]) -> int:
        if self._masked_personnummer is not None and values.get("personnummer") == self._masked_personnummer:
            values = {k: v for k, v in values.items() if k != "personnummer"}  # unchanged: the store keeps it
        data = participant_data(values)
        if self.participant_id is None:
            return participants.add_participant(self.db, data)
        participants.update_participant(self.db, self.participant_id, data, expected_version=self.version)
        return self.participant_id

    def stale(self, message: str) -> None:
        """Someone else changed the participant since the form opened: ask, never overwrite silently."""
        self._saving = False

        def answered(keep_mine: bool | None) -> None:
            if keep_mine is None:
                return  # escape: back to the form, nothing lost, nothing saved
            if keep_mine:
                self.version = None  # save over the newer record, as the coach chose
                self.action_save()
            else:
                self._load()  # the newer values (and version) replace what was typed

        self.app.push_screen(StaleChoice(), answered)


class StaleChoice(ConfirmScreen):
    """Keep mine (save over the newer record) or reload; escape goes back to the form."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", _("Tillbaka"), id="cancel")]

    def __init__(self) -> None:
        super().__init__(
            _(
                "Deltagaren har ändrats någon annanstans (ett annat fönster eller en import) sedan du öppnade"
                " formuläret. Behålla dina ändringar och skriva över, eller läsa in de nya uppgifterna?"
            ),
            yes=_("Behåll mina"),
            no=_("Läs in nya"),
        )

    def action_back(self) -> None:
        self.dismiss(None)
