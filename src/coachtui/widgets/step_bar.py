"""The five SE steps in one bar: number and short name on the first line, the date entered on the second.

The current step is marked with a symbol (``▶``) AND a style, so it shows on monochrome terminals and to
colour-blind users too. Steps never entered show ``–``. The bar shares the width equally between the five
steps; names are shortened with ``…`` and dates drop the century (then the year) when space runs out, so it
fits 80 columns and narrower.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from coachtui.domain.steps import LAST_STEP, STEPS, step_name

CURRENT_MARK = "▶"
NOT_ENTERED = "–"
ELLIPSIS = "…"
STEP_COUNT = len(STEPS)


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis (the bar's names are plain, one cell a letter)."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    if width == 1:
        return text[:1]
    out = ""
    for char in text:
        if cell_len(out + char) > width - 1:
            break
        out += char
    return out + ELLIPSIS


def _date_text(day: date | None, width: int) -> str:
    if day is None:
        return NOT_ENTERED
    full = day.isoformat()
    if len(full) <= width:
        return full
    if width >= 8:
        return full[2:]  # 26-03-01
    return full[5:]  # 03-01


@dataclass(frozen=True, slots=True)
class StepCell:
    step: int
    title: str  # mark + number + (shortened) name, fitted to the cell
    entered: str  # the date text, fitted to the cell
    current: bool
    was_entered: bool


def step_cells(entered: Mapping[int, date], current: int | None, width: int, lang: str = "sv") -> list[StepCell]:
    """The five cells of the bar for a total ``width`` (five equal cells with a one-cell gap between)."""
    cell = max(3, (width - STEP_COUNT + 1) // STEP_COUNT)
    cells = []
    for step in range(1, LAST_STEP + 1):
        is_current = step == current
        mark = CURRENT_MARK if is_current else " "
        name = f" {step_name(step, lang)}" if cell >= 6 else ""
        title = _fit(f"{mark}{step}{name}", cell)
        day = entered.get(step)
        # the date lines up with the step number (after the mark) when there is room for it
        entered_text = " " + _date_text(day, cell - 1) if cell >= 6 else _date_text(day, cell)
        cells.append(StepCell(step, title, _fit(entered_text, cell), is_current, day is not None))
    return cells


def step_bar_lines(entered: Mapping[int, date], current: int | None, width: int, lang: str = "sv") -> tuple[str, str]:
    """The bar as two plain lines (what a monochrome terminal shows)."""
    cells = step_cells(entered, current, width, lang)
    cell = max(3, (width - STEP_COUNT + 1) // STEP_COUNT)
    first = " ".join(c.title.ljust(cell) for c in cells).rstrip()
    second = " ".join(c.entered.ljust(cell) for c in cells).rstrip()
    return first, second


class StepBar(Widget):
    """Shows the participant's steps; give it the dates with :meth:`show`."""

    DEFAULT_CSS = """
    StepBar {
        height: 2;
        width: 1fr;
        & > .step-bar--current { text-style: bold reverse; }
        & > .step-bar--entered { text-style: none; }
        & > .step-bar--missing { color: $text-muted; }
        & > .step-bar--date { color: $text-muted; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "step-bar--current",
        "step-bar--entered",
        "step-bar--missing",
        "step-bar--date",
    }

    current: reactive[int | None] = reactive(None)

    def __init__(
        self, *, lang: str = "sv", name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.lang = lang
        self.entered: dict[int, date] = {}

    def show(self, entered: Mapping[int, date], current: int | None) -> None:
        self.entered = dict(entered)
        self.current = current
        self.refresh()

    def plain_lines(self) -> tuple[str, str]:
        return step_bar_lines(self.entered, self.current, self.size.width or 80, self.lang)

    def render(self) -> Text:
        width = self.size.width or 80
        cell = max(3, (width - STEP_COUNT + 1) // STEP_COUNT)
        current_style = self.get_component_rich_style("step-bar--current")
        entered_style = self.get_component_rich_style("step-bar--entered")
        missing_style = self.get_component_rich_style("step-bar--missing")
        date_style = self.get_component_rich_style("step-bar--date")
        titles = Text(no_wrap=True, overflow="crop")
        dates = Text(no_wrap=True, overflow="crop")
        for index, c in enumerate(step_cells(self.entered, self.current, width, self.lang)):
            if index:
                titles.append(" ")
                dates.append(" ")
            style = current_style if c.current else entered_style if c.was_entered else missing_style
            titles.append(c.title.ljust(cell), style)
            dates.append(c.entered.ljust(cell), current_style if c.current else date_style)
        titles.append("\n")
        titles.append_text(dates)
        return titles
