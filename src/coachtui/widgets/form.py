"""Small reusable pieces for modal forms.

- `FormField`: a label, one control and an error line (hidden until there is an error). The label gets a
  "▶" marker while its control has focus, so focus is not shown by colour alone.
- `DateInput` / `MonthInput`: compact inputs that accept ``ÅÅÅÅ-MM-DD`` / ``ÅÅÅÅ-MM`` characters only.
- `control_value`: the value of an Input, TextArea, Select, Checkbox/Switch or SelectionList as plain Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from rich.segment import Segment
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.strip import Strip
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, Static, Switch
from textual.widgets.option_list import OptionDoesNotExist

from coachtui.i18n import _

MAX_EMPLOYER = 100  # store.inputs.MAX_NAME (not imported here: the caseload's first frame stays light)

T = TypeVar("T")

ERROR_MARK = "✗ "
FOCUS_MARK = "▶ "
LABEL_WIDTH = 26  # a form field's label column, unless its screen sets FORM_LABEL_WIDTH


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
    """A checkbox that shows "✓" only when ticked (Textual's shows a dim "X" when not: colour alone).
    The one checkbox look of every form."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "✓" if self.value else " "
        return super()._button


class EmployerInput(Input):
    """The employer name of a form, suggesting the names in the employer register (→ fills in), so "ICA"
    finds "ICA Nära Torget" instead of making a second employer. Used by every form that names one."""

    def __init__(self, value: str = "", *, names: Sequence[str] = (), id: str | None = "employer") -> None:
        super().__init__(
            value,
            compact=True,
            id=id,
            max_length=MAX_EMPLOYER,
            placeholder=_("kända namn föreslås, → fyller i"),
        )
        self.set_names(names)

    def set_names(self, names: Sequence[str]) -> None:
        self.suggester = SuggestFromList(list(names), case_sensitive=False) if names else None


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
    FormField .form-label { padding-right: 1; }
    FormField .form-control { width: 1fr; }
    FormField Input.form-control, FormField Select.form-control { max-width: 44; }
    FormField .field-hint { color: $text-muted; height: auto; }
    FormField .field-error { display: none; color: $text-error; }
    FormField.-invalid .field-error { display: block; }
    FormField.-invalid .form-label { text-style: bold; }
    FormField:focus-within .form-label { text-style: bold; }
    """

    def __init__(self, field: str, label: str, control: Widget, *, hint: str = "") -> None:
        super().__init__(id=f"field-{field}")
        self.field = field
        self.hint = hint  # a muted line under the control (above the error line)
        self.label_text = label
        self.control = control
        control.add_class("form-control")
        self.label = Label(self._label(False), classes="form-label")
        self.label_width = LABEL_WIDTH  # the screen's own, once composed

    def compose(self) -> ComposeResult:
        # the label's width: the screen's FORM_LABEL_WIDTH (a form with longer labels sets its own); the hint
        # and the error line start under the control
        self.label_width = int(getattr(self.screen, "FORM_LABEL_WIDTH", LABEL_WIDTH))
        self.label.styles.width = self.label_width
        with Horizontal():
            yield self.label
            yield self.control
        if self.hint:
            yield self._under(Static(self.hint, classes="field-hint", markup=False))
        yield self._under(Static("", classes="field-error", markup=False))  # shown with an error (-invalid)

    def on_mount(self) -> None:
        self.call_after_refresh(self.sync_marker)

    def sync_marker(self) -> None:
        """Show "▶" while focus is on the control or inside it (a Select's overlay)."""
        if not self.is_attached or not self.label.is_attached:
            return
        focused = self.screen.focused
        inside = focused is not None and (focused is self.control or self.control in focused.ancestors)
        self.label.update(self._label(inside))

    def _label(self, focused: bool) -> str:
        return (FOCUS_MARK if focused else "  ") + self.label_text

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.call_after_refresh(self.sync_marker)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.call_after_refresh(self.sync_marker)

    def _under(self, line: Static) -> Static:
        """``line`` across the field, starting under the control."""
        line.styles.padding = (0, 0, 0, self.label_width)
        return line

    @property
    def error(self) -> str:
        return str(self.query_one(".field-error", Static).content)

    def set_error(self, message: str | None) -> None:
        self.query_one(".field-error", Static).update(ERROR_MARK + message if message else "")
        self.set_class(bool(message), "-invalid")


def code_options(code_list: str) -> list[tuple[str, str]]:
    """A code list as Select options: (label in the user's language, code)."""
    from coachtui.domain import codes
    from coachtui.i18n import language

    lang = language()
    return [(codes.label(code_list, code, lang), code) for code in codes.CODE_LISTS[code_list]]


def control_value(widget: Widget) -> Any:
    """The value of a form control as plain Python (None for an empty Select)."""
    from textual.widgets import TextArea  # here: the screens that import this module mostly have none

    if isinstance(widget, Input):
        return widget.value.strip()
    if isinstance(widget, TextArea):
        return widget.text.strip()
    if isinstance(widget, Select):
        return None if widget.value is Select.NULL else widget.value
    if isinstance(widget, Checkbox | Switch):
        return bool(widget.value)
    if isinstance(widget, SelectionList):
        return list(widget.selected)
    raise TypeError(f"not a form control: {widget!r}")


def set_control_value(widget: Widget, value: Any) -> None:
    from textual.widgets import TextArea

    if isinstance(widget, Input):
        widget.value = "" if value is None else str(value)
    elif isinstance(widget, TextArea):
        widget.text = "" if value is None else str(value)
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
