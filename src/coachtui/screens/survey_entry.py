"""Quick entry of NNS paper sheets: one sheet in a few seconds with the keyboard only.

The seven questions are shown with their exact wording (Swedish in both languages: they are the
questionnaire's own text) and, per question, the six boxes of its scale; each scale's six labels head its
group. A digit 1-6 ticks a box of the current question and moves to the next; ``-`` or space skips it;
backspace goes back one question and clears it; up/down move. Enter (or ctrl+s) saves the sheet and starts
the next one with the same kind, respondent, date, municipality and programme (``t`` kind, ``k``/``m``/``v``
respondent, ``p`` programme, ``d`` date, ``o`` municipality). A bad sheet (all skipped) is refused with a
clear message and nothing is written.

``SurveyEntry()`` enters new sheets and dismisses with how many were saved; ``SurveyEntry(sheet_id)`` edits
one sheet and dismisses with 1 once saved (None when cancelled).
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from coachtui.domain import codes
from coachtui.domain import survey as rules
from coachtui.domain.agenda import DateInputError, parse_day
from coachtui.i18n import _
from coachtui.screens.base import CoachModal
from coachtui.store.db import StoreError
from coachtui.widgets.commands import PaletteCommand, ScreenCommands
from coachtui.widgets.keybar import KeyBar

BOX = "☐"
TICKED = "☒"
PROGRAMS = tuple(codes.PROGRAM)
WIDE = 90  # from this width the answer's label is shown beside its boxes


def scale_line(first: int) -> str:
    """ "1 Aldrig · 2 Sällan …": the six boxes of the group of questions starting at ``first``, left to right."""
    return " · ".join(f"{n} {text}" for n, text in enumerate(rules.scale(first), start=1))


def boxes(answer: int | None) -> str:
    return " ".join(TICKED if answer == n else BOX for n in range(1, 7))


class Sheet(Widget, can_focus=True):
    """The seven questions with their boxes; the current question is marked ▶ (and bold)."""

    DEFAULT_CSS = """
    Sheet { height: auto; padding: 0 0; }
    Sheet:focus { background-tint: $foreground 4%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"answer({n})", str(n), show=False, id=f"survey_entry.answer_{n}") for n in range(1, 7)),
        Binding("minus,space", "answer(0)", _("Hoppa över"), key_display="-", id="survey_entry.skip"),
        Binding("backspace", "back", _("Backa"), show=False, id="survey_entry.back"),
        Binding("up", "move(-1)", _("Upp"), show=False, id="survey_entry.up"),
        Binding("down", "move(1)", _("Ned"), show=False, id="survey_entry.down"),
    ]

    def __init__(self, answers: list[int | None] | None = None) -> None:
        super().__init__(id="sheet")
        self.answers: list[int | None] = list(answers) if answers else [None] * rules.COUNT
        self.reached = rules.COUNT if answers else 0  # questions 1..reached have been answered or skipped
        self.current = 0 if not answers else rules.COUNT  # 0-6: a question; 7: all done

    def clear(self) -> None:
        self.answers = [None] * rules.COUNT
        self.reached = 0
        self.current = 0
        self.refresh(layout=True)

    def load(self, answers: list[int | None]) -> None:
        self.answers = list(answers)
        self.reached = rules.COUNT
        self.current = rules.COUNT
        self.refresh(layout=True)

    @property
    def empty(self) -> bool:
        """Nothing answered (skipped questions alone make no sheet)."""
        return all(a is None for a in self.answers)

    @property
    def started(self) -> bool:
        return self.reached > 0 or not self.empty

    def action_answer(self, value: int) -> None:
        if self.current >= rules.COUNT:
            self.app.bell()
            return
        self.answers[self.current] = value or None
        self.current += 1
        self.reached = max(self.reached, self.current)
        self.refresh(layout=True)

    def action_back(self) -> None:
        if self.current == 0:
            return
        self.current -= 1
        self.answers[self.current] = None
        self.reached = min(self.reached, self.current)
        self.refresh(layout=True)

    def action_move(self, delta: int) -> None:
        self.current = max(0, min(rules.COUNT, self.current + delta))
        self.refresh(layout=True)

    def _table(self, first: int, last: int) -> Table:
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(width=1)
        table.add_column(width=1, justify="right")
        table.add_column(ratio=1)
        table.add_column(width=11)
        wide = self.size.width >= WIDE  # at 80 columns the ticked box alone shows the answer
        if wide:
            table.add_column(width=20)
        for index in range(first, last):
            here = index == self.current
            answer = self.answers[index]
            if answer is not None:
                state = Text(rules.scale(index + 1)[answer - 1], style="bold")
            elif index < self.reached:
                state = Text(_("– hoppad"), style="dim")
            else:
                state = Text("")
            style = "bold" if here else ""
            cells = [
                Text("▶" if here else "", style="bold"),
                Text(str(index + 1), style=style),
                Text(rules.QUESTIONS[index], style=style),
                Text(boxes(answer), style=style),
            ]
            table.add_row(*cells, state) if wide else table.add_row(*cells)
        return table

    def render(self) -> Group:
        done = self.current >= rules.COUNT
        last = Text.assemble(
            ("▶ " if done else "  ", "bold"),
            (_("Klar: enter sparar och börjar nästa enkät"), "bold" if done else "dim"),
        )
        return Group(
            Text(scale_line(1), style="dim italic"),
            self._table(0, 4),
            Text(scale_line(5), style="dim italic"),
            self._table(4, rules.COUNT),
            last,
        )


class SurveyEntry(CoachModal[int | None]):
    DEFAULT_CSS = """
    SurveyEntry { align: center middle; }
    SurveyEntry > #entry-frame { width: 100; max-width: 100%; height: auto; max-height: 100%;
                                 border: round $accent; background: $surface; padding: 0 1; }
    SurveyEntry #entry-title { text-style: bold; height: auto; }
    SurveyEntry #entry-settings { height: auto; color: $text; }
    SurveyEntry #entry-status { height: auto; color: $text-muted; }
    SurveyEntry #entry-status.-error { color: $text-error; text-style: bold; }
    SurveyEntry #entry-edit { height: auto; display: none; }
    SurveyEntry #entry-edit.-shown { display: block; }
    SurveyEntry #entry-edit Label { width: 12; padding-top: 0; }
    SurveyEntry #entry-edit Input { width: 24; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,ctrl+s", "save", _("Spara"), key_display="enter", id="survey_entry.save"),
        Binding("t", "toggle_kind", _("Typ"), id="survey_entry.kind"),
        Binding("k", "respondent('woman')", _("Kvinna"), id="survey_entry.woman"),
        Binding("m", "respondent('man')", _("Man"), id="survey_entry.man"),
        Binding("v", "respondent('unstated')", _("Vill inte svara"), id="survey_entry.unstated"),
        Binding("p", "cycle_program", _("Program"), id="survey_entry.program"),
        Binding("d", "edit('on')", _("Datum"), id="survey_entry.date"),
        Binding("o", "edit('municipality')", _("Kommun"), id="survey_entry.municipality"),
        Binding("escape", "close", _("Stäng"), id="survey_entry.close"),
        Binding("f1", "app.help", _("Hjälp"), id="survey_entry.help"),
    ]
    COMMANDS: ClassVar = {ScreenCommands}
    REMEMBERED: ClassVar = ("kind", "respondent", "program", "on", "municipality")

    def __init__(self, sheet_id: int | None = None, *, defaults: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.sheet_id = sheet_id
        self.saved = 0
        self.kind = "ongoing"
        self.respondent = "unstated"
        self.program = "SE"
        self.on = ""
        self.municipality = ""
        self.editing: str | None = None
        self._saving = False  # the save worker is running
        self._pending: list[dict[str, Any]] = []  # sheets queued for it, in order
        self._loaded_values: dict[str, Any] | None = None  # the edited sheet as it was stored
        if defaults:
            for name in self.REMEMBERED:
                if defaults.get(name):
                    setattr(self, name, defaults[name])

    def compose(self) -> ComposeResult:
        with Vertical(id="entry-frame"):
            yield Static("", id="entry-title", markup=False)
            yield Static("", id="entry-settings", markup=False)
            with Horizontal(id="entry-edit"):
                yield Label("", id="entry-edit-label")
                yield Input(compact=True, id="entry-edit-input", max_length=40)
            yield Sheet()
            yield Static("", id="entry-status", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(Sheet).focus()
        if not self.on:
            self.on = self.today().isoformat()
        self._show_settings()
        self._set_status(_("Siffra 1-6 kryssar en ruta, - eller mellanslag hoppar över, backsteg backar."))
        self._load()

    @work(thread=True, exclusive=True, group="survey-entry-load")
    def _load(self) -> None:
        from coachtui.store import participants, surveys

        row = surveys.sheet(self.db, self.sheet_id) if self.sheet_id is not None else None
        owner = participants.coach(self.db) if not self.municipality else None
        self.app.call_from_thread(self._loaded, row, owner.municipality if owner else "")

    def _loaded(self, row: Any, municipality: str) -> None:
        if row is not None:
            self.kind, self.respondent, self.program = row.kind, row.respondent, row.program
            self.on, self.municipality = row.on.isoformat(), row.municipality
            self.query_one(Sheet).load(list(row.answers))
            self._loaded_values = self.values()
        elif municipality and not self.municipality:
            self.municipality = municipality
        self._show_settings()

    # --- display ----------------------------------------------------------------------

    def _show_settings(self) -> None:
        if self.sheet_id is not None:
            title = _("NNS-enkät: ändra enkät")
        else:
            title = _("NNS-enkät: mata in pappersenkäter ({n} sparade)", n=self.saved)
        self.query_one("#entry-title", Static).update(title)
        self.query_one("#entry-settings", Static).update(
            _(
                "Typ (t): {kind} · Svarande (k/m/v): {respondent} · Program (p): {program}"
                " · Datum (d): {on} · Kommun (o): {municipality}",
                kind=rules.kind_label(self.kind),
                respondent=rules.respondent_label(self.respondent),
                program=self.program,
                on=self.on,
                municipality=self.municipality or "–",
            )
        )

    def _set_status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#entry-status", Static)
        status.update(text)
        status.set_class(error, "-error")

    # --- actions ----------------------------------------------------------------------

    def action_toggle_kind(self) -> None:
        self.kind = "exit" if self.kind == "ongoing" else "ongoing"
        self._show_settings()

    def action_respondent(self, respondent: str) -> None:
        self.respondent = respondent
        self._show_settings()

    def action_cycle_program(self) -> None:
        self.program = (
            PROGRAMS[(PROGRAMS.index(self.program) + 1) % len(PROGRAMS)] if self.program in PROGRAMS else "SE"
        )
        self._show_settings()

    def action_edit(self, name: str) -> None:
        self.editing = name
        self.query_one("#entry-edit-label", Label).update(_("Datum") if name == "on" else _("Kommun"))
        box = self.query_one("#entry-edit-input", Input)
        box.value = self.on if name == "on" else self.municipality
        self.query_one("#entry-edit").add_class("-shown")
        box.focus()
        self._set_status(_("enter: klart · escape: ångra"))

    def _end_edit(self) -> None:
        self.editing = None
        self.query_one("#entry-edit").remove_class("-shown")
        self.query_one(Sheet).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if self.editing == "on":
            try:
                day = parse_day(text, self.today())
            except DateInputError as exc:
                self._set_status(exc.message, error=True)
                return
            if day > self.today():
                self._set_status(_("Datumet {day} har inte kommit än.", day=day.isoformat()), error=True)
                return
            self.on = day.isoformat()
        elif self.editing == "municipality":
            if not text:
                self._set_status(_("Kommun: får inte vara tomt"), error=True)
                return
            self.municipality = " ".join(text.split())
        self._end_edit()
        self._show_settings()
        self._set_status("")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.editing is None or action == "close"  # while editing, keys type into the field

    def values(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "on": self.on,
            "municipality": self.municipality,
            "program": self.program,
            "respondent": self.respondent,
            "answers": list(self.query_one(Sheet).answers),
        }

    def action_save(self) -> None:
        """Queue the sheet and start the next at once (a fast typist never waits); one worker saves the queue
        in order. Editing one sheet saves it and closes."""
        sheet = self.query_one(Sheet)
        if sheet.empty:  # the domain's rule, told before anything is queued; back to question 1
            self._set_status(_("Enkäten har inga svar: minst en fråga måste vara besvarad."), error=True)
            sheet.action_move(-rules.COUNT)
            return
        if self.sheet_id is not None and self._saving:
            return
        self._pending.append(self.values())
        if self.sheet_id is None:
            sheet.clear()
        if not self._saving:
            self._saving = True
            self._drain()

    def _next_pending(self) -> dict[str, Any] | None:
        """The next queued sheet (on the UI thread); None ends the worker."""
        if not self._pending:
            self._saving = False
            return None
        return self._pending.pop(0)

    @work(thread=True, group="survey-entry-save")
    def _drain(self) -> None:
        from coachtui.store import surveys
        from coachtui.store.inputs import InputError

        while True:
            values = self.app.call_from_thread(self._next_pending)
            if values is None:
                return
            try:
                if self.sheet_id is None:
                    row = surveys.add_sheet(self.db, values)
                else:
                    row = surveys.update_sheet(self.db, self.sheet_id, values)
            except InputError as exc:
                self.app.call_from_thread(self._failed, "\n".join(p.message for p in exc.problems), values)
                return
            except StoreError as exc:
                self.app.call_from_thread(self._failed, str(exc), values)
                return
            self.app.call_from_thread(self._done, row.key)

    def _failed(self, message: str, values: dict[str, Any]) -> None:
        """Nothing of this sheet was written: it comes back into the form (unless the coach is typing the next
        one) with the reason; sheets queued after it stay queued for the next enter."""
        self._saving = False
        sheet = self.query_one(Sheet)
        if not sheet.started:
            sheet.load(list(values["answers"]))
        self._set_status(_("✗ Inte sparad: {reason}", reason=message), error=True)

    def _done(self, key: str) -> None:
        self.saved += 1
        if self.sheet_id is not None:
            self.dismiss(1)
            return
        self._show_settings()
        self._set_status(_("✓ {key} sparad. Nästa enkät: samma typ, svarande och datum.", key=key))

    def action_close(self) -> None:
        if self.editing is not None:
            self._end_edit()
            self._set_status("")
            return
        if self._saving:
            self._set_status(_("Sparar fortfarande – försök igen om en sekund."), error=True)
            return
        sheet = self.query_one(Sheet)
        edited = self.sheet_id is not None and self._loaded_values not in (None, self.values())
        if edited or (self.sheet_id is None and sheet.started):
            from coachtui.screens.confirm import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self.dismiss(self.saved if self.sheet_id is None else None)

            question = (
                _("Ändringarna i enkäten är inte sparade. Stäng ändå?")
                if edited
                else _("Den påbörjade enkäten är inte sparad. Stäng ändå?")
            )
            self.app.push_screen(ConfirmScreen(question, yes=_("Stäng")), answered)
            return
        self.dismiss(self.saved if self.sheet_id is None else None)

    # --- help and palette -------------------------------------------------------------

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            (_("Enkät: spara och börja nästa"), "enter", self.action_save),
            (_("Enkät: byt typ (pågående/avslut)"), "t", self.action_toggle_kind),
            (_("Enkät: svarande kvinna"), "k", lambda: self.action_respondent("woman")),
            (_("Enkät: svarande man"), "m", lambda: self.action_respondent("man")),
            (_("Enkät: svarande vill inte svara"), "v", lambda: self.action_respondent("unstated")),
            (_("Enkät: byt program"), "p", self.action_cycle_program),
            (_("Enkät: ändra datum"), "d", lambda: self.action_edit("on")),
            (_("Enkät: ändra kommun"), "o", lambda: self.action_edit("municipality")),
        ]

    def help_markdown(self) -> str:
        return _(
            "## Mata in NNS-enkäter\n"
            "Frågorna står ordagrant som på pappersenkäten (på svenska även i den engelska versionen).\n\n"
            "- **1**-**6**: kryssa rutan (1 längst till vänster) och gå till nästa fråga\n"
            "- **-** eller **mellanslag**: hoppa över frågan · **backsteg**: backa och sudda\n"
            "- **pil upp/ned**: gå till en fråga för att ändra den\n"
            "- **enter** (eller **ctrl+s**): spara och börja nästa enkät; frågor som inte fyllts i räknas som"
            " överhoppade, men minst en måste vara besvarad\n"
            "- **k** / **m** / **v**: svarande kvinna / man / vill inte svara · **t**: pågående- eller avslutsenkät\n"
            "- **p**: program · **d**: datum · **o**: kommun (gäller även följande enkäter)\n"
            "- **escape**: stäng (frågar först om en påbörjad enkät inte är sparad)\n\n"
            "Enkäterna är anonyma: inget kopplar dem till en deltagare."
        )
