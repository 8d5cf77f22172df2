"""A virtualised, keyboard-driven table built on Textual's Line API.

Textual's `DataTable` measures every cell, which makes 10,000 rows slow to fill and to refill on each filter
keystroke. `VirtualTable` instead keeps the rows as a plain list of already formatted strings, gives every
column a fixed width (computed from the column specs and the widget width, never from the cells) and renders
only the lines that are visible. Replacing all rows therefore costs O(1) widget work (plus a sort, if a sort
column is active), however many rows there are.

Layout of a line: a two-cell gutter (``"▶ "`` on the cursor row, so the cursor is not shown by colour alone),
then the cells separated by one space. Line 0 is a fixed header; row ``i`` lives on virtual line ``i + 1``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import ClassVar, Literal, NamedTuple, TypeAlias

from rich.cells import cell_len, set_cell_size
from rich.errors import StyleSyntaxError
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

__all__ = [
    "Column",
    "Row",
    "RowKey",
    "VirtualTable",
    "compute_column_widths",
    "fit_cell",
    "text_sort_key",
]

RowKey: TypeAlias = str | int
Align: TypeAlias = Literal["left", "right"]

GUTTER_WIDTH = 2
CURSOR_MARK = "▶ "
NO_MARK = "  "
SEPARATOR = " "
FLEX_MIN_WIDTH = 8
ELLIPSIS = "…"
SORT_ASCENDING = "▲"
SORT_DESCENDING = "▼"

_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")

# Swedish alphabetical order: ... x y z å ä ö. After casefold, map the letters that sort differently from
# their code points to characters just after "z" ("{", "|", "}"), and common accented letters to their base.
_SWEDISH_COLLATION = str.maketrans(
    {
        "å": "{",
        "ä": "|",
        "æ": "|",
        "ö": "}",
        "ø": "}",
        "á": "a",
        "à": "a",
        "â": "a",
        "é": "e",
        "è": "e",
        "ê": "e",
        "ë": "e",
        "í": "i",
        "ï": "i",
        "ó": "o",
        "ô": "o",
        "ú": "u",
        "ü": "y",
        "ç": "c",
        "ñ": "n",
    }
)

_NO_STYLE = Style()


@dataclass(frozen=True, slots=True)
class Column:
    """A table column.

    Attributes:
        key: Identifier used by `VirtualTable.sort_by`.
        label: Header text, already translated by the caller.
        width: Preferred width in cells; 0 means flexible (shares the remaining width, at least 8 cells).
        align: Alignment of the cells (and the header) in this column.
    """

    key: str
    label: str
    width: int = 0
    align: Align = "left"

    def __post_init__(self) -> None:
        if self.width < 0:
            raise ValueError(f"column width must be >= 0, got {self.width}")


class Row(NamedTuple):
    """A table row.

    Attributes:
        key: Stable identifier (participant id, follow-up id...), used to keep the cursor on the same row.
        cells: Already formatted plain strings, one per column (missing cells render empty).
        style: Optional Rich style (e.g. ``"bold"``) or component class name of the table for the whole row.
        sort_values: Optional values to sort by (dates, ints...) instead of the cell strings; ``None``
            values always sort last.
    """

    key: RowKey
    cells: tuple[str, ...]
    style: str = ""
    sort_values: tuple[object, ...] | None = None


def fit_cell(text: str, width: int, align: Align = "left") -> str:
    """Pad or truncate `text` (with "…") to exactly `width` cells, on one line."""
    if width <= 0:
        return ""
    if _CONTROL_CHARS.search(text):
        text = _CONTROL_CHARS.sub(" ", text)
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + ELLIPSIS
    padding = " " * (width - length)
    return padding + text if align == "right" else text + padding


def compute_column_widths(columns: Sequence[Column], total_width: int) -> tuple[int, ...]:
    """Compute the rendered width of each column for a table `total_width` cells wide.

    Fixed columns get their preferred width and flexible columns (width 0) share what is left (at least
    `FLEX_MIN_WIDTH` each). When the columns do not fit, the widest fixed columns are narrowed one cell at a
    time, but never below their header label; anything that still does not fit is cropped at the right edge.
    """
    if not columns:
        return ()
    available = total_width - GUTTER_WIDTH - len(SEPARATOR) * (len(columns) - 1)
    widths = [column.width if column.width > 0 else FLEX_MIN_WIDTH for column in columns]
    spare = available - sum(widths)
    if spare > 0:
        flexible = [index for index, column in enumerate(columns) if column.width == 0]
        if flexible:
            share, extra = divmod(spare, len(flexible))
            for position, index in enumerate(flexible):
                widths[index] += share + (1 if position < extra else 0)
    elif spare < 0:
        floors = [
            width if column.width == 0 else min(width, max(1, cell_len(column.label)))
            for column, width in zip(columns, widths, strict=True)
        ]
        excess = -spare
        indexes = range(len(widths))
        while excess > 0:
            widest = max(indexes, key=lambda index: (widths[index] > floors[index], widths[index]))
            if widths[widest] <= floors[widest]:
                break
            widths[widest] -= 1
            excess -= 1
    return tuple(widths)


_SORT_KEY_CACHE: dict[str, str] = {}
_SORT_KEY_CACHE_LIMIT = 50_000


def text_sort_key(text: str) -> str:
    """A case-insensitive key that puts Swedish å, ä, ö after z (in that order); results are cached."""
    key = _SORT_KEY_CACHE.get(text)
    if key is None:
        key = text.casefold()
        if not key.isascii():
            key = key.replace("å", "{").replace("ä", "|").replace("ö", "}")
            if not key.isascii():
                key = key.translate(_SWEDISH_COLLATION)
        if len(_SORT_KEY_CACHE) >= _SORT_KEY_CACHE_LIMIT:
            _SORT_KEY_CACHE.clear()
        _SORT_KEY_CACHE[text] = key
    return key


def _sort_rows(rows: Sequence[Row], index: int, reverse: bool) -> list[Row]:
    """Stable sort of `rows` by column `index`; rows whose value is None (or missing) come last."""
    present: list[tuple[object, Row]] = []
    missing: list[Row] = []
    append_present = present.append
    append_missing = missing.append
    cache_get = _SORT_KEY_CACHE.get
    for row in rows:
        values = row.sort_values if row.sort_values is not None else row.cells
        value = values[index] if index < len(values) else None
        if value is None:
            append_missing(row)
        elif isinstance(value, str):
            key = cache_get(value)
            append_present((text_sort_key(value) if key is None else key, row))
        else:
            append_present((value, row))
    try:
        present.sort(key=itemgetter(0), reverse=reverse)
    except TypeError:  # mixed, mutually incomparable types: group by type name, then by text
        present.sort(key=lambda pair: (type(pair[0]).__name__, str(pair[0])), reverse=reverse)
    result = [row for _, row in present]
    result.extend(missing)
    return result


_UNANNOUNCED = object()


@dataclass(slots=True)
class _Frame:
    """Values shared by all lines of one repaint."""

    width: int
    scroll_y: int
    base: Style
    header: Style
    cursor: Style
    empty: Style
    styles: dict[tuple[str, bool], Style] = field(default_factory=dict)


class VirtualTable(ScrollView, can_focus=True):
    """A table that renders only its visible lines, for lists of many thousands of rows.

    Give it columns with `set_columns` and rows with `set_rows`; move the cursor with the arrow keys,
    page up/down, home/end or the mouse; enter (or a click on the cursor row) posts `RowSelected`.
    """

    DEFAULT_CSS = """
    VirtualTable {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;

        &:focus {
            background-tint: $foreground 5%;
            & > .virtual-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .virtual-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .virtual-table--header {
            text-style: bold reverse;
        }
        & > .virtual-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .virtual-table--empty {
            color: $text-muted;
            text-style: italic;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-table--header",
        "virtual-table--cursor",
        "virtual-table--empty",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Up", show=False, id="virtual_table.cursor_up"),
        Binding("down", "cursor_down", "Down", show=False, id="virtual_table.cursor_down"),
        Binding("pageup", "cursor_page_up", "Page up", show=False, id="virtual_table.page_up"),
        Binding("pagedown", "cursor_page_down", "Page down", show=False, id="virtual_table.page_down"),
        Binding("home", "cursor_first", "First", show=False, id="virtual_table.first"),
        Binding("end", "cursor_last", "Last", show=False, id="virtual_table.last"),
        Binding("enter", "select_cursor", "Select", show=False, id="virtual_table.select"),
    ]

    class RowSelected(Message):
        """Posted when the cursor row is chosen (enter, or a click on the cursor row)."""

        def __init__(self, table: VirtualTable, index: int, row: Row) -> None:
            self.table = table
            self.index = index
            self.row = row
            self.key: RowKey = row.key
            super().__init__()

        @property
        def control(self) -> VirtualTable:
            return self.table

    class CursorMoved(Message):
        """Posted when the highlighted row changes to another key (key and row are None when empty)."""

        def __init__(self, table: VirtualTable, index: int, row: Row | None) -> None:
            self.table = table
            self.index = index
            self.row = row
            self.key: RowKey | None = None if row is None else row.key
            super().__init__()

        @property
        def control(self) -> VirtualTable:
            return self.table

    def __init__(
        self,
        columns: Sequence[Column] = (),
        *,
        empty_text: str = "",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._columns: tuple[Column, ...] = tuple(columns)
        self._rows: list[Row] = []
        self._cursor = 0
        self._announced: object = _UNANNOUNCED
        self._sort_column: str | None = None
        self._sort_reverse = False
        self._empty_text = empty_text
        self._widths: tuple[int, ...] = ()
        self._layout_width = -1
        self._frame: _Frame | None = None
        self.virtual_size = Size(0, 1)

    # ------------------------------------------------------------------ public API

    @property
    def columns(self) -> tuple[Column, ...]:
        return self._columns

    @property
    def rows(self) -> tuple[Row, ...]:
        """The rows in their current (possibly sorted) display order."""
        return tuple(self._rows)

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def empty_text(self) -> str:
        """Text shown (dimmed) when there are no rows; already translated by the caller."""
        return self._empty_text

    @empty_text.setter
    def empty_text(self, text: str) -> None:
        self._empty_text = text
        if not self._rows:
            self.refresh()

    @property
    def cursor_row(self) -> int:
        """Index (in display order) of the highlighted row; 0 when the table is empty."""
        return self._cursor

    @cursor_row.setter
    def cursor_row(self, index: int) -> None:
        self._move_cursor(index)

    @property
    def cursor_key(self) -> RowKey | None:
        """Key of the highlighted row, or None when the table is empty."""
        return self._rows[self._cursor].key if self._rows else None

    @property
    def highlighted_row(self) -> Row | None:
        """The highlighted row, or None when the table is empty."""
        return self._rows[self._cursor] if self._rows else None

    @property
    def sort_column(self) -> str | None:
        """Key of the column the rows are sorted by, or None."""
        return self._sort_column

    @property
    def sort_reverse(self) -> bool:
        """True when the sort is descending."""
        return self._sort_reverse

    def get_row(self, index: int) -> Row:
        """The row at `index` in display order (raises IndexError)."""
        return self._rows[index]

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Replace the columns; a sort on a column that no longer exists is dropped."""
        self._columns = tuple(columns)
        self._layout_width = -1
        if self._sort_column is not None and self._column_index(self._sort_column) is None:
            self._sort_column = None
            self._sort_reverse = False
        self.refresh()

    def set_rows(self, rows: Sequence[Row], *, keep_key: bool = True) -> None:
        """Replace all rows. Only the list is stored; nothing is measured.

        The active sort (if any) is applied to the new rows. With `keep_key` the cursor stays on the row with
        the same key if it is still present (otherwise at the same position, clamped); without it the cursor
        and the scroll position go back to the top.
        """
        old_key = self.cursor_key if keep_key else None
        new_rows = list(rows)
        if self._sort_column is not None:
            index = self._column_index(self._sort_column)
            if index is not None:
                new_rows = _sort_rows(new_rows, index, self._sort_reverse)
        self._rows = new_rows
        cursor = self._cursor if keep_key else 0
        if old_key is not None and not (cursor < len(new_rows) and new_rows[cursor].key == old_key):
            found = self._find_key(old_key)
            if found is not None:
                cursor = found
        self._cursor = max(0, min(cursor, len(new_rows) - 1))
        self.virtual_size = Size(0, len(new_rows) + 1)
        self.refresh()
        if not keep_key:
            self.scroll_to(y=0, animate=False, force=True)
        elif self.scroll_y > self.max_scroll_y:
            self.scroll_to(y=self.max_scroll_y, animate=False, force=True)
        self._scroll_cursor_into_view()
        self._announce_cursor()

    def clear(self) -> None:
        """Remove all rows."""
        self.set_rows((), keep_key=False)

    def sort_by(self, column_key: str, *, reverse: bool | None = None) -> None:
        """Sort the rows by a column (stable; None values last), keeping the cursor on the same row.

        With `reverse=None`, sorting again by the current sort column toggles the direction, and sorting by
        another column sorts ascending.
        """
        index = self._column_index(column_key)
        if index is None:
            raise KeyError(f"no column with key {column_key!r}")
        if reverse is None:
            reverse = not self._sort_reverse if column_key == self._sort_column else False
        key = self.cursor_key
        self._sort_column = column_key
        self._sort_reverse = reverse
        self._rows = _sort_rows(self._rows, index, reverse)
        if key is not None:
            found = self._find_key(key)
            if found is not None:
                self._cursor = found
        self.refresh()
        self._scroll_cursor_into_view()
        self._announce_cursor()

    def clear_sort(self) -> None:
        """Forget the sort column (the current order is kept; the header arrow disappears)."""
        self._sort_column = None
        self._sort_reverse = False
        self.refresh(Region(0, 0, self.size.width, 1))  # the header line does not scroll

    def move_cursor_to_key(self, key: RowKey) -> bool:
        """Move the cursor to the row with `key`; returns False (cursor unchanged) if there is none."""
        index = self._find_key(key)
        if index is None:
            return False
        self._move_cursor(index)
        return True

    # ------------------------------------------------------------------ actions

    def action_cursor_up(self) -> None:
        self._move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self._move_cursor(self._cursor + 1)

    def action_cursor_page_up(self) -> None:
        self._move_cursor(self._cursor - self._page_height())

    def action_cursor_page_down(self) -> None:
        self._move_cursor(self._cursor + self._page_height())

    def action_cursor_first(self) -> None:
        self._move_cursor(0)

    def action_cursor_last(self) -> None:
        self._move_cursor(len(self._rows) - 1)

    def action_select_cursor(self) -> None:
        if self._rows:
            self.post_message(self.RowSelected(self, self._cursor, self._rows[self._cursor]))

    # ------------------------------------------------------------------ events

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        x, y = offset
        if y == 0:
            column = self._column_at(x)
            if column is not None:
                self.sort_by(column.key)
                event.stop()
            return
        index = self.scroll_offset.y + y - 1
        if 0 <= index < len(self._rows):
            on_cursor = index == self._cursor
            self._move_cursor(index)
            # A double click is a click (chain 1) that moves the cursor, then one (chain 2) on the cursor row.
            if on_cursor and event.chain <= 2:
                self.action_select_cursor()
            event.stop()

    def _on_resize(self, event: events.Resize) -> None:
        self._layout_width = -1
        self._scroll_cursor_into_view()

    # ------------------------------------------------------------------ rendering

    def render_lines(self, crop: Region) -> list[Strip]:
        # Resolve the widget styles once per repaint instead of once per line.
        self._frame = self._make_frame()
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        frame = self._make_frame() if self._frame is None else self._frame
        width = frame.width
        if y == 0:
            return self._render_header(frame)
        rows = self._rows
        if not rows:
            if y == 1 and self._empty_text:
                text = set_cell_size(NO_MARK + fit_cell(self._empty_text, width - GUTTER_WIDTH), width)
                return Strip([Segment(text, frame.base + frame.empty)], width)
            return Strip.blank(width, frame.base)
        index = frame.scroll_y + y - 1
        if index >= len(rows):
            return Strip.blank(width, frame.base)
        return self._render_row(frame, index, rows[index])

    def _make_frame(self) -> _Frame:
        width = self.scrollable_content_region.width
        self._update_widths(width)
        return _Frame(
            width=width,
            scroll_y=self.scroll_offset.y,
            base=self.rich_style,
            header=self.get_component_rich_style("virtual-table--header"),
            cursor=self.get_component_rich_style("virtual-table--cursor"),
            empty=self.get_component_rich_style("virtual-table--empty"),
        )

    def _render_header(self, frame: _Frame) -> Strip:
        parts: list[str] = []
        for column, column_width in zip(self._columns, self._widths, strict=True):
            label = column.label
            if column.key == self._sort_column:
                arrow = SORT_DESCENDING if self._sort_reverse else SORT_ASCENDING
                if cell_len(label) + 2 <= column_width:
                    parts.append(fit_cell(f"{label} {arrow}", column_width, column.align))
                elif column_width >= 3:
                    parts.append(fit_cell(label, column_width - 2) + " " + arrow)
                else:
                    parts.append(fit_cell(arrow, column_width))
            else:
                parts.append(fit_cell(label, column_width, column.align))
        text = set_cell_size(NO_MARK + SEPARATOR.join(parts), frame.width)
        return Strip([Segment(text, frame.base + frame.header)], frame.width)

    def _render_row(self, frame: _Frame, index: int, row: Row) -> Strip:
        cells = row.cells
        cell_count = len(cells)
        parts = [
            fit_cell(cells[position] if position < cell_count else "", column_width, column.align)
            for position, (column, column_width) in enumerate(zip(self._columns, self._widths, strict=True))
        ]
        is_cursor = index == self._cursor
        text = set_cell_size((CURSOR_MARK if is_cursor else NO_MARK) + SEPARATOR.join(parts), frame.width)
        style_key = (row.style, is_cursor)
        style = frame.styles.get(style_key)
        if style is None:
            style = frame.base
            if row.style:
                style += self._resolve_row_style(row.style)
            if is_cursor:
                style += frame.cursor
            frame.styles[style_key] = style
        return Strip([Segment(text, style)], frame.width)

    def _resolve_row_style(self, name: str) -> Style:
        """A component class of this table (partial style) or else a Rich style definition."""
        style = self.get_component_rich_style(name, partial=True, default=_NO_STYLE)
        if style is not _NO_STYLE:
            return style
        try:
            return Style.parse(name)
        except StyleSyntaxError:
            return _NO_STYLE

    # ------------------------------------------------------------------ helpers

    def _column_index(self, column_key: str) -> int | None:
        for index, column in enumerate(self._columns):
            if column.key == column_key:
                return index
        return None

    def _update_widths(self, width: int) -> None:
        if width != self._layout_width or len(self._widths) != len(self._columns):
            self._widths = compute_column_widths(self._columns, width)
            self._layout_width = width

    def _column_at(self, x: int) -> Column | None:
        self._update_widths(self.scrollable_content_region.width)
        x -= GUTTER_WIDTH
        for column, column_width in zip(self._columns, self._widths, strict=True):
            if 0 <= x < column_width:
                return column
            x -= column_width + len(SEPARATOR)
        return None

    def _find_key(self, key: RowKey) -> int | None:
        for index, row in enumerate(self._rows):
            if row.key == key:
                return index
        return None

    def _page_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _move_cursor(self, index: int) -> None:
        if not self._rows:
            return
        index = max(0, min(index, len(self._rows) - 1))
        old = self._cursor
        if index != old:
            self._cursor = index
            self.refresh_line(old + 1)
            self.refresh_line(index + 1)
        self._scroll_cursor_into_view()
        self._announce_cursor()

    def _scroll_cursor_into_view(self) -> None:
        if not self._rows or self.scrollable_content_region.height <= 1:
            return
        self.scroll_to_region(
            Region(0, self._cursor + 1, 1, 1),
            spacing=Spacing(1, 0, 0, 0),
            animate=False,
            force=True,
            x_axis=False,
            immediate=True,
        )

    def _announce_cursor(self) -> None:
        key = self.cursor_key
        if self._announced is _UNANNOUNCED or self._announced != key:
            self._announced = key
            self.post_message(self.CursorMoved(self, self._cursor, self.highlighted_row))
