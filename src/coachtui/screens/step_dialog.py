"""Move a participant to the next or previous step: asks the date (default today) and an optional note.

Also holds :class:`FormDialog`, the small modal form the participant screen's dialogs share: fields are
validated with the store's input models before the dialog closes (nothing is written here), problems are
shown in Swedish under the fields, ctrl+s or enter saves, escape cancels (asking first when something was
typed).
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from coachtui.domain.steps import step_name
from coachtui.i18n import _, language
from coachtui.screens.base import CoachModal
from coachtui.store.inputs import InputError, StepIn, parse


class FormDialog(CoachModal[dict[str, Any] | None]):
    """A modal form returning its validated values as a dict, or None when cancelled."""

    DEFAULT_CSS = """
    FormDialog { align: center middle; }
    FormDialog > Vertical { width: 72; max-width: 100%; height: auto; max-height: 100%;
                            border: thick $accent; background: $surface; padding: 0 1; }
    FormDialog .title { text-style: bold; margin-bottom: 1; }
    FormDialog Label { margin-top: 0; color: $text-muted; }
    FormDialog Input, FormDialog Select { width: 1fr; }
    FormDialog TextArea { height: 6; }
    FormDialog #errors { color: $error; height: auto; display: none; }
    FormDialog #errors.-shown { display: block; }
    FormDialog .hint { color: $text-muted; }
    FormDialog Horizontal { height: auto; align-horizontal: right; }
    FormDialog Button { margin-left: 2; min-width: 10; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Avbryt"), id="form.cancel"),
        Binding("ctrl+s", "save", _("Spara"), id="form.save"),
    ]

    title_text = ""
    hint_text = ""  # defaults to "ctrl+s or enter saves · escape cancels"

    def __init__(self) -> None:
        super().__init__()
        self._initial: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="title", id="title")
            yield from self.fields()
            yield Static("", id="errors")
            yield Static(self.hint_text or _("ctrl+s eller enter sparar · escape avbryter"), classes="hint")
            with Horizontal():
                yield Button(_("Avbryt"), id="cancel")
                yield Button(_("Spara"), id="save", variant="primary")

    def fields(self) -> ComposeResult:
        """The form's labelled fields; each input's id is the input model's field name."""
        raise NotImplementedError
        yield

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        """Validate ``values`` (raise InputError) and return what the dialog hands back."""
        raise NotImplementedError

    def on_mount(self) -> None:
        self._initial = self.values()
        first = self.query("Input, Select, TextArea").first()
        first.focus()

    def changed(self) -> bool:
        return self._initial is not None and self.values() != self._initial

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        try:
            result = self.check(self.values())
        except InputError as problem:
            self.show_problems(problem)
            return
        self.dismiss(result)

    def show_problems(self, problem: InputError) -> None:
        errors = self.query_one("#errors", Static)
        errors.update("\n".join(f"✗ {p.message}" for p in problem.problems))
        errors.add_class("-shown")
        for widget in self.query("Input, Select, TextArea"):
            widget.remove_class("-invalid")
        first: Widget | None = None
        for p in problem.problems:
            found = self.query(f"#{p.field}") if p.field.isidentifier() else None
            if found:
                widget = found.first()
                widget.add_class("-invalid")
                first = first or widget
        if first is not None:
            first.focus()

    def action_cancel(self) -> None:
        if not self.changed():
            self.dismiss(None)
            return
        from coachtui.screens.confirm import ConfirmScreen

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(_("Kasta det du har skrivit?")), answered)

    # helpers for subclasses
    def text_of(self, widget_id: str) -> str:
        found = self.query_one(f"#{widget_id}")
        if isinstance(found, Input):
            return found.value
        if isinstance(found, TextArea):
            return found.text
        if isinstance(found, Select):
            return "" if found.value is Select.NULL else str(found.value)
        raise TypeError(widget_id)


class StepDialog(FormDialog):
    """Asks when the participant entered ``step`` (default today) and an optional note.

    Returns ``{"step": int, "on": "YYYY-MM-DD", "note": str}`` validated with ``StepIn``, or None.
    ``not_before`` (the date the current step began) is the earliest date accepted, so the new step
    really becomes the current one.
    """

    def __init__(self, step: int, *, from_step: int | None, not_before: date | None, default_on: date) -> None:
        super().__init__()
        self.step = step
        self.from_step = from_step
        self.not_before = not_before
        self.default_on = default_on
        name = step_name(step, language(), short=False)
        if from_step is not None and step < from_step:
            self.title_text = _("Tillbaka till steg {step}: {name}", step=step, name=name)
        else:
            self.title_text = _("Till steg {step}: {name}", step=step, name=name)

    def fields(self) -> ComposeResult:
        yield Label(_("Datum (ÅÅÅÅ-MM-DD)"))
        yield Input(self.default_on.isoformat(), id="on", max_length=10)
        yield Label(_("Anteckning (frivillig)"))
        yield Input("", id="note")

    def values(self) -> dict[str, Any]:
        return {"step": self.step, "on": self.text_of("on").strip(), "note": self.text_of("note").strip()}

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        from coachtui.store.inputs import Problem, field_label

        parsed = parse(StepIn, values)
        if self.not_before is not None and parsed.on < self.not_before:
            message = _("kan inte vara före {day}, då nuvarande steg började", day=self.not_before.isoformat())
            raise InputError([Problem("on", f"{field_label('on')}: {message}")])
        return {"step": parsed.step, "on": parsed.on.isoformat(), "note": parsed.note}
