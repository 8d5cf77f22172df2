"""Small reusable pieces for modal forms.

- `FormField`: a label, one control and an error line (hidden until there is an error). The label gets a
  "▶" marker while its control has focus, so focus is not shown by colour alone.
- `DateInput` / `MonthInput`: compact inputs that accept ``ÅÅÅÅ-MM-DD`` / ``ÅÅÅÅ-MM`` characters only.
- `control_value`: the value of an Input, Select, Checkbox/Switch or SelectionList as plain Python.
- `FormModal`: a modal form that saves in a thread worker through a store function, shows every
  ``InputError`` problem under its field, focuses the first bad field, and asks before throwing away changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, TypeVar

from rich.segment import Segment
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static, Switch
from textual.widgets.option_list import OptionDoesNotExist

from coachtui.i18n import _
from coachtui.screens.base import CoachModal
from coachtui.store.db import StoreError
from coachtui.store.inputs import InputError, Problem
from coachtui.widgets.commands import PaletteCommand, ScreenCommands

T = TypeVar("T")

ERROR_MARK = "✗ "
FOCUS_MARK = "▶ "


class DateInput(Input):
    """A one-line input for an ISO date (ÅÅÅÅ-MM-DD)."""

    def __init__(self, value: str = "", *, id: str | None = None) -> None:
        super().__init__(
            value=value, placeholder=_("ÅÅÅÅ-MM-DD"), restrict=r"[0-9-]*", max_length=10, compact=True, id=id
        )


class MonthInput(Input):
    """A one-line input for a year and month (ÅÅÅÅ-MM)."""

    def __init__(self, value: str = "", *, id: str | None = None) -> None:
        super().__init__(value=value, placeholder=_("ÅÅÅÅ-MM"), restrict=r"[0-9-]*", max_length=7, compact=True, id=id)


class MarkedCheckbox(Checkbox):
    """A checkbox that shows "X" only when ticked (Textual's shows a dim "X" when not: colour alone)."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "X" if self.value else " "
        return super()._button


class MarkedSelectionList(SelectionList[str]):
    """A selection list whose boxes show "X" only when selected (not by colour alone)."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 4 or segments[1].text != "X":
            return strip
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        if selection.value in self.selected:
            return strip
        segments[1] = Segment(" ", segments[1].style, segments[1].control)
        return Strip(segments, strip.cell_length)


class FormField(Vertical):
    """One labelled control with an error line under it. The id is ``field-<field>``."""

    DEFAULT_CSS = """
    FormField { height: auto; margin-bottom: 0; }
    FormField > Horizontal { height: auto; }
    FormField .form-label { width: 26; padding-right: 1; }
    FormField .form-control { width: 1fr; }
    FormField Input.form-control, FormField Select.form-control { max-width: 44; }
    FormField .field-error { display: none; color: $text-error; padding-left: 26; }
    FormField.-invalid .field-error { display: block; }
    FormField.-invalid .form-label { text-style: bold; }
    FormField:focus-within .form-label { text-style: bold; }
    """

    def __init__(self, field: str, label: str, control: Widget) -> None:
        super().__init__(id=f"field-{field}")
        self.field = field
        self.label_text = label
        self.control = control
        control.add_class("form-control")

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(self._label(False), classes="form-label")
            yield self.control
        yield Static("", classes="field-error")

    def on_mount(self) -> None:
        self.call_after_refresh(self.sync_marker)

    def sync_marker(self) -> None:
        """Show "▶" while focus is on the control or inside it (a Select's overlay)."""
        if not self.is_attached:
            return
        focused = self.screen.focused
        inside = focused is not None and (focused is self.control or self.control in focused.ancestors)
        self.query_one(".form-label", Label).update(self._label(inside))

    def _label(self, focused: bool) -> str:
        return (FOCUS_MARK if focused else "  ") + self.label_text

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.call_after_refresh(self.sync_marker)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.call_after_refresh(self.sync_marker)

    @property
    def error(self) -> str:
        return str(self.query_one(".field-error", Static).content)

    def set_error(self, message: str | None) -> None:
        self.query_one(".field-error", Static).update(ERROR_MARK + message if message else "")
        self.set_class(bool(message), "-invalid")


def control_value(widget: Widget) -> Any:
    """The value of a form control as plain Python (None for an empty Select)."""
    if isinstance(widget, Input):
        return widget.value.strip()
    if isinstance(widget, Select):
        return None if widget.value is Select.NULL else widget.value
    if isinstance(widget, Checkbox | Switch):
        return bool(widget.value)
    if isinstance(widget, SelectionList):
        return list(widget.selected)
    raise TypeError(f"not a form control: {widget!r}")


def set_control_value(widget: Widget, value: Any) -> None:
    if isinstance(widget, Input):
        widget.value = "" if value is None else str(value)
    elif isinstance(widget, Select):
        widget.value = Select.NULL if value is None else value
    elif isinstance(widget, Checkbox | Switch):
        widget.value = bool(value)
    elif isinstance(widget, SelectionList):
        widget.deselect_all()
        for item in value or ():
            widget.select(item)
    else:
        raise TypeError(f"not a form control: {widget!r}")


class FormModal(CoachModal[T | None]):
    """A modal form. Subclasses compose `FormField`s inside ``#form-body`` and implement `save`.

    `save(values)` runs in a thread worker and returns the result the modal is dismissed with; it raises
    InputError (shown per field, nothing saved) or StoreError (shown as a notification).
    """

    DEFAULT_CSS = """
    FormModal { align: center middle; }
    FormModal > #form-frame { width: 84; max-width: 100%; height: auto; max-height: 100%;
                              border: round $accent; background: $surface; padding: 0 1; }
    FormModal #form-title { text-style: bold; height: auto; }
    FormModal #form-intro { color: $text-muted; height: auto; }
    FormModal #form-body { height: auto; }
    FormModal #form-summary { display: none; color: $text-error; height: auto; }
    FormModal #form-summary.-shown { display: block; }
    FormModal #form-buttons { height: auto; align-horizontal: right; }
    FormModal #form-buttons Button { margin-left: 2; min-width: 12; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", _("Spara"), id="form.save"),
        Binding("escape", "cancel", _("Avbryt"), id="form.cancel"),
    ]
    COMMANDS: ClassVar = {ScreenCommands}

    def __init__(self) -> None:
        super().__init__()
        self._clean: dict[str, Any] | None = None
        self._saving = False

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
        summary = self.query_one("#form-summary", Static)
        count = len(problems)
        lines = [ERROR_MARK + _("{n} fel: inget är sparat. Rätta de markerade fälten.", n=count)] if count else []
        lines += [ERROR_MARK + m for m in rest]
        summary.update("\n".join(lines))
        summary.set_class(bool(lines), "-shown")
        self.call_after_refresh(self.fit_body)
        if first is not None:
            first.control.focus()
            first.scroll_visible(animate=False)
        elif lines:
            summary.scroll_visible(animate=False)

    def clear_problems(self) -> None:
        self.show_problems([])

    # --- actions -----------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "form-save":
            event.stop()
            self.action_save()
        elif event.button.id == "form-cancel":
            event.stop()
            self.action_cancel()

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
        except StoreError as exc:
            self.app.call_from_thread(self._failed, [], str(exc))
        else:
            self.app.call_from_thread(self._saved, result)

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
