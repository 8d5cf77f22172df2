"""`FormModal`: a modal form that saves in a thread worker through a store function, shows every
``InputError`` problem under its field, focuses the first bad field, and asks before throwing away changes.

A store write that fails (``StoreError``: disk full, busy or read-only file) is shown as a notification and
the form stays open with what the coach typed, so nothing is lost."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Select, SelectionList, Static

from coachtui.i18n import _
from coachtui.screens.base import CoachModal
from coachtui.store.db import StaleRecordError, StoreError
from coachtui.store.inputs import InputError, Problem
from coachtui.widgets.commands import PaletteCommand, ScreenCommands
from coachtui.widgets.form import ERROR_MARK, FormField, control_value
from coachtui.widgets.keybar import KeyBar

T = TypeVar("T")


class FormModal(CoachModal[T | None]):
    """A modal form. Subclasses compose `FormField`s inside ``#form-body`` and implement `save`.

    `save(values)` runs in a thread worker and returns the result the modal is dismissed with; it raises
    InputError (shown per field, nothing saved) or StoreError (shown as a notification).

    The default `compose` lays out `title_text`, `intro_text`, the fields of `compose_fields`, `hint_text`
    and the buttons; a form with more than that composes itself. With ``SUBMIT_ON_ENTER`` enter in a
    one-line input saves too.
    """

    DEFAULT_CSS = """
    FormModal { align: center middle; }
    FormModal > #form-frame { width: 84; max-width: 100%; height: auto; max-height: 100%;
                              border: round $accent; background: $surface; padding: 0 1; }
    FormModal #form-title { text-style: bold; height: auto; }
    FormModal #form-intro { color: $text-muted; height: auto; }
    FormModal #form-body { height: auto; }
    FormModal #form-hint { color: $text-muted; height: auto; }
    FormModal #form-summary { display: none; color: $text-error; height: auto; }
    FormModal #form-summary.-shown { display: block; }
    FormModal #form-buttons { height: auto; align-horizontal: right; }
    FormModal #form-buttons Button { margin-left: 2; min-width: 12; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", _("Spara"), id="form.save"),
        Binding("escape", "cancel", _("Avbryt"), id="form.cancel"),
        Binding("f1", "app.help", _("Hjälp"), id="form.help"),  # a modal screen hides the app's own keys
    ]
    COMMANDS: ClassVar = {ScreenCommands}
    SUBMIT_ON_ENTER: ClassVar[bool] = False
    #: The ``store.inputs`` model the fields are checked against: a field shown in error is checked again,
    #: alone and without the database, as soon as it changes (its error goes, or says what is still wrong).
    INPUT_MODEL: ClassVar[str] = ""

    def __init__(self) -> None:
        super().__init__()
        self._clean: dict[str, Any] | None = None
        self._saving = False
        self._shown_problems: dict[str, int] = {}  # the shown errors: how many messages per field
        self._summary_rest: list[str] = []  # the messages of no field, in the summary

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_body)

    def fit_body(self) -> None:
        """Let the scrolling body take what the screen has left, so the buttons stay visible at 80×24."""
        frame = self.query_one("#form-frame")
        body = self.query_one("#form-body")
        chrome = frame.styles.gutter.height + sum(
            child.outer_size.height for child in frame.children if child is not body and child.display
        )
        docked = sum(child.outer_size.height for child in self.children if child is not frame)
        body.styles.max_height = max(3, self.size.height - docked - chrome)

    # --- to implement ------------------------------------------------------------------

    def save(self, values: dict[str, Any]) -> T:  # pragma: no cover - abstract
        raise NotImplementedError

    def gone(self, message: str) -> None:
        """What the form was to edit no longer exists (erased meanwhile): say so and close."""
        self.notify(message, severity="error")
        self.dismiss(None)

    def help_markdown(self) -> str:
        """F1 in any form; a form with more to say adds to it."""
        return _(
            "## Formulär\n"
            "- **tab** / **shift+tab**: nästa / föregående fält (▶ visar var du är)\n"
            "- **ctrl+s**: spara · **escape**: avbryt (frågar först om du har ändrat något)\n"
            "- Ett fel visas under sitt fält och inget sparas förrän alla fält är rätt. Går det inte att spara"
            " (till exempel full disk) står formuläret kvar med det du har skrivit."
        )

    # --- layout (used by the default compose) -------------------------------------------

    def title_text(self) -> str:
        return ""

    def intro_text(self) -> str:
        return ""

    def hint_text(self) -> str:
        return ""

    def compose_fields(self) -> ComposeResult:
        """The form's `FormField`s (and anything else that belongs in the scrolling body)."""
        yield from ()

    def compose(self) -> ComposeResult:
        with Vertical(id="form-frame"):
            yield Static(self.title_text(), id="form-title", markup=False)
            intro = self.intro_text()
            if intro:
                yield Static(intro, id="form-intro", markup=False)
            with VerticalScroll(id="form-body", can_focus=False):  # focus goes to the first control at once
                yield from self.compose_fields()
            yield Static("", id="form-summary", markup=False)
            hint = self.hint_text()
            if hint:
                yield Static(hint, id="form-hint", markup=False)
            yield from self.buttons()
        yield KeyBar()

    # --- helpers -----------------------------------------------------------------------

    def buttons(self) -> ComposeResult:
        with Horizontal(id="form-buttons"):
            yield Button(_("Avbryt"), id="form-cancel")
            yield Button(_("Spara (ctrl+s)"), id="form-save", variant="primary")

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield (_("Spara formuläret"), _("Spara (ctrl+s)"), self.action_save)
        yield (_("Avbryt formuläret"), _("Stäng utan att spara (escape)"), self.action_cancel)

    def fields(self) -> list[FormField]:
        return list(self.query(FormField))

    def values(self) -> dict[str, Any]:
        """Every field's current value, by field name."""
        return {f.field: control_value(f.control) for f in self.fields()}

    def mark_clean(self) -> None:
        """Remember the current values as the unchanged state (call after filling the form)."""
        self._clean = self.values()

    @property
    def dirty(self) -> bool:
        return self._clean is not None and self.values() != self._clean

    def show_problems(self, problems: Sequence[Problem]) -> None:
        """Show each problem under its field (others in the summary) and focus the first bad field."""
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            by_field.setdefault(problem.field, []).append(problem.message)
        first: FormField | None = None
        shown: set[str] = set()
        for form_field in self.fields():
            messages = by_field.get(form_field.field)
            form_field.set_error("; ".join(messages) if messages else None)
            if messages:
                shown.add(form_field.field)
                if first is None:
                    first = form_field
        rest = [m for field, messages in by_field.items() if field not in shown for m in messages]
        self._shown_problems = {field: len(by_field[field]) for field in shown}
        self._summary_rest = rest
        self._show_summary()
        if first is not None:
            first.control.focus()
            first.scroll_visible(animate=False)
        elif problems:
            self.query_one("#form-summary", Static).scroll_visible(animate=False)

    def clear_problems(self) -> None:
        self.show_problems([])

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(SelectionList.SelectedChanged)
    def _changed_clears_its_error(self, event: Message) -> None:
        """A field in error is checked again as soon as its value changes (on its own, no database: see
        `INPUT_MODEL`): its error goes once the value is right, and the next save checks everything again;
        the summary line goes with the last error."""
        control = getattr(event, "control", None)
        form_field = next((a for a in getattr(control, "ancestors", ()) if isinstance(a, FormField)), None)
        if form_field is None or not form_field.has_class("-invalid"):
            return
        still = self.field_problem(form_field.field, control_value(form_field.control))
        if still:
            form_field.set_error(still)
            return
        form_field.set_error(None)
        self._shown_problems.pop(form_field.field, None)
        if not any(f.has_class("-invalid") for f in self.fields()):
            self._shown_problems, self._summary_rest = {}, []
        self._show_summary()

    def _show_summary(self) -> None:
        """The summary line: how many problems are still shown, then those of no field."""
        count = sum(self._shown_problems.values()) + len(self._summary_rest)
        lines = [ERROR_MARK + _("{n} fel: inget är sparat. Rätta de markerade fälten.", n=count)] if count else []
        lines += [ERROR_MARK + m for m in self._summary_rest]
        summary = self.query_one("#form-summary", Static)
        summary.update("\n".join(lines))
        summary.set_class(bool(lines), "-shown")
        self.call_after_refresh(self.fit_body)

    def field_problem(self, field: str, value: Any) -> str | None:
        """What is wrong with ``value`` as ``field`` on its own (None: nothing, or the form names no model)."""
        from coachtui.store import inputs

        model = getattr(inputs, self.INPUT_MODEL, None) if self.INPUT_MODEL else None
        return inputs.field_problem(model, field, value) if model is not None else None

    # --- actions -----------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "form-save":
            event.stop()
            self.action_save()
        elif event.button.id == "form-cancel":
            event.stop()
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.SUBMIT_ON_ENTER:
            event.stop()
            self.action_save()

    def action_save(self) -> None:
        if self._saving:
            return
        self._saving = True
        self._save_in_thread(self.values())

    @work(thread=True, exclusive=True, group="form-save")
    def _save_in_thread(self, values: dict[str, Any]) -> None:
        try:
            result = self.save(values)
        except InputError as exc:
            self.app.call_from_thread(self._failed, exc.problems, None)
        except StaleRecordError as exc:  # changed elsewhere since the form opened: the form decides (``stale``)
            self.app.call_from_thread(self.stale, str(exc))
        except StoreError as exc:
            self.app.call_from_thread(self._failed, [], str(exc))
        else:
            self.app.call_from_thread(self._saved, result)

    def stale(self, message: str) -> None:
        """The record changed since the form opened (nothing was saved); by default shown like any StoreError."""
        self._failed([], message)

    def _failed(self, problems: Sequence[Problem], message: str | None) -> None:
        self._saving = False
        self.show_problems(problems)
        if message:
            self.notify(message, severity="error", title=_("Inte sparat"))

    def _saved(self, result: T) -> None:
        self._saving = False
        self.dismiss(result)

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return
        from coachtui.screens.confirm import ConfirmScreen

        def answered(throw_away: bool | None) -> None:
            if throw_away:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(_("Du har ändrat i formuläret. Stänga utan att spara?"), yes=_("Stäng utan att spara")),
            answered,
        )
