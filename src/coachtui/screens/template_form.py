"""Settings: the team's efterstöd template (the slots a new employment gets).

Each row is a slot: a short name (V1, T1, S …), a kind (besök, telefon,
avslutande samtal), a base (W: weeks from the first working day; A: calendar
months from the first day of work) and an offset. Validated with
``domain.schedule.validate_template`` before it is saved; only new employments
use it. Dismisses with True when saved, None when cancelled.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Select, Static

from coachtui.domain import schedule
from coachtui.i18n import _
from coachtui.screens.base import CoachModal
from coachtui.store import followups
from coachtui.store.db import StoreError
from coachtui.widgets.form import code_options


class SlotRow(Horizontal):
    """One editable slot."""

    DEFAULT_CSS = """
    SlotRow { height: 3; }
    SlotRow Input.name { width: 10; }
    SlotRow Select.kind { width: 27; }
    SlotRow Select.base { width: 18; }
    SlotRow Input.offset { width: 9; }
    SlotRow Button { min-width: 5; width: 5; }
    """

    def __init__(self, slot: schedule.TemplateSlot | None = None) -> None:
        super().__init__(classes="slot-row")
        self.slot = slot

    def compose(self) -> ComposeResult:
        slot = self.slot
        yield Input(slot.slot if slot else "", classes="name", max_length=8, placeholder=_("Namn"))
        yield Select(
            code_options("followup_kind"),
            value=slot.kind if slot else schedule.VISIT,
            allow_blank=False,
            classes="kind",
        )
        yield Select(
            [(_("W veckor"), schedule.BASE_W), (_("A månader"), schedule.BASE_A)],
            value=slot.base if slot else schedule.BASE_W,
            allow_blank=False,
            classes="base",
        )
        yield Input(str(slot.offset) if slot else "", classes="offset", max_length=4, restrict=r"-?\d*")
        yield Button("✕", classes="remove", tooltip=_("Ta bort raden"))

    def raw(self) -> tuple[str, str, str, str]:
        """What the row shows: name, kind, base and offset as typed."""
        return (
            self.query_one("Input.name", Input).value.strip(),
            str(self.query_one("Select.kind", Select).value),
            str(self.query_one("Select.base", Select).value),
            self.query_one("Input.offset", Input).value.strip(),
        )

    def read(self, position: int) -> tuple[schedule.TemplateSlot | None, str | None]:
        """The slot, or a problem with the offset."""
        name, kind, base, text = self.raw()
        try:
            offset = int(text)
        except ValueError:
            return None, _("Rad {n}: förskjutningen ska vara ett heltal.", n=position)
        return schedule.TemplateSlot(name, kind, base, offset), None


class TemplateForm(CoachModal[bool | None]):
    DEFAULT_CSS = """
    TemplateForm { align: center middle; }
    TemplateForm > Vertical { width: 78; max-width: 100%; height: 100%; max-height: 100%;
                              border: thick $accent; background: $surface; padding: 0 1; }
    TemplateForm .title { text-style: bold; }
    TemplateForm .hint { color: $text-muted; }
    TemplateForm #rows { height: 1fr; }
    TemplateForm #errors { color: $error; height: auto; max-height: 6; }
    TemplateForm #buttons { height: 3; align-horizontal: right; }
    TemplateForm #buttons Button { margin-left: 1; min-width: 8; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Avbryt"), id="template.cancel"),
        Binding("ctrl+s", "save", _("Spara"), id="template.save"),
        Binding("ctrl+n", "add_row", _("Ny rad"), id="template.add_row"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Efterstödsmall"), classes="title")
            yield Static(
                _(
                    "W = veckor från första arbetsdagen (W), A = kalendermånader från första anställningsdagen."
                    " Exakt ett avslutande samtal, med bas A. Gäller nya anställningar."
                ),
                classes="hint",
            )
            yield VerticalScroll(id="rows")
            yield Static("", id="errors")
            with Horizontal(id="buttons"):
                yield Button(_("Ny rad"), id="add")
                yield Button(_("Standardmall"), id="default")
                yield Button(_("Avbryt"), id="cancel")
                yield Button(_("Spara"), id="save", variant="primary")

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        try:
            slots = followups.template(self.db)
        except schedule.TemplateError as exc:  # a broken stored template: start from the default
            self.app.call_from_thread(self._show_problems, exc.problems)
            slots = schedule.DEFAULT_TEMPLATE
        self.app.call_from_thread(self._fill, slots)

    _saved: list[tuple[str, str, str, str]] | None = None  # the stored template, as the rows show it

    def _rows(self) -> list[tuple[str, str, str, str]]:
        return [row.raw() for row in self.query(SlotRow)]

    def _fill(self, slots: tuple[schedule.TemplateSlot, ...]) -> None:
        if self._saved is None:
            self._saved = [(s.slot, s.kind, s.base, str(s.offset)) for s in slots]
        rows = self.query_one("#rows", VerticalScroll)
        rows.remove_children()
        rows.mount_all([SlotRow(slot) for slot in slots])
        self.call_after_refresh(self._focus_first)

    def _focus_first(self) -> None:
        found = self.query("SlotRow Input.name")
        if found:
            found.first().focus()

    def slots(self) -> tuple[list[schedule.TemplateSlot], list[str]]:
        slots: list[schedule.TemplateSlot] = []
        problems: list[str] = []
        for position, row in enumerate(self.query(SlotRow), start=1):
            slot, problem = row.read(position)
            if problem:
                problems.append(problem)
            elif slot is not None:
                slots.append(slot)
        if not problems:
            problems = schedule.validate_template(slots)
        return slots, problems

    def _show_problems(self, problems: list[str]) -> None:
        self.query_one("#errors", Static).update("\n".join(f"✗ {p}" for p in problems))

    @on(Button.Pressed, "#add")
    def action_add_row(self) -> None:
        row = SlotRow()
        self.query_one("#rows", VerticalScroll).mount(row)
        self.call_after_refresh(lambda: row.query_one("Input.name", Input).focus())

    @on(Button.Pressed, "#default")
    def _default(self) -> None:
        self._fill(schedule.DEFAULT_TEMPLATE)
        self.notify(_("Standardmallen är ifylld; spara för att använda den."))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self._saved is None or self._rows() == self._saved:
            self.dismiss(None)
            return
        from coachtui.screens.confirm import ConfirmScreen

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(_("Kasta det du har skrivit?")), answered)

    @on(Button.Pressed, ".remove")
    def _remove(self, event: Button.Pressed) -> None:
        row = event.button.parent
        if isinstance(row, SlotRow):
            row.remove()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        slots, problems = self.slots()
        if problems:
            self._show_problems(problems)
            return
        self._save(slots)

    @work(thread=True, exclusive=True, group="template.save")
    def _save(self, slots: list[schedule.TemplateSlot]) -> None:
        try:
            followups.save_template(self.db, slots)
        except schedule.TemplateError as exc:
            self.app.call_from_thread(self._show_problems, exc.problems)
            return
        except StoreError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.notify, _("Efterstödsmallen är sparad. Den gäller nya anställningar."))
        self.app.call_from_thread(self.dismiss, True)
