"""Tests for the virtualised `VirtualTable` widget."""

from __future__ import annotations

from datetime import date

import pytest
from textual.app import App, ComposeResult
from textual.message import Message

from coachtui.widgets.table import (
    Column,
    Row,
    VirtualTable,
    compute_column_widths,
    fit_cell,
    text_sort_key,
)

COLUMNS = (
    Column("id", "Id", 6, "right"),
    Column("name", "Namn", 0),
    Column("step", "Steg", 10),
    Column("next", "Nästa", 10),
)


def make_rows(count: int) -> list[Row]:
    return [
        Row(
            key=i,
            cells=(str(i), f"Deltagare {i}", f"Steg {i % 4 + 1}", f"2025-{i % 12 + 1:02d}-01"),
            sort_values=(i, None, i % 4, date(2025, i % 12 + 1, 1)),
        )
        for i in range(count)
    ]


class TableApp(App[None]):
    def __init__(self, columns: tuple[Column, ...] = COLUMNS, empty_text: str = "Inga deltagare") -> None:
        super().__init__()
        self.columns = columns
        self.empty_text = empty_text
        self.messages: list[Message] = []

    def compose(self) -> ComposeResult:
        yield VirtualTable(self.columns, empty_text=self.empty_text, id="table")

    def on_virtual_table_row_selected(self, message: VirtualTable.RowSelected) -> None:
        self.messages.append(message)

    def on_virtual_table_cursor_moved(self, message: VirtualTable.CursorMoved) -> None:
        self.messages.append(message)

    @property
    def table(self) -> VirtualTable:
        return self.screen.query_one("#table", VirtualTable)

    def selected_keys(self) -> list[object]:
        return [m.key for m in self.messages if isinstance(m, VirtualTable.RowSelected)]

    def moved_keys(self) -> list[object]:
        return [m.key for m in self.messages if isinstance(m, VirtualTable.CursorMoved)]


def line(table: VirtualTable, y: int) -> str:
    return table.render_line(y).text


def visible_keys(table: VirtualTable) -> list[str]:
    """The id cell (first column) of every visible data line."""
    return [line(table, y)[2:8].strip() for y in range(1, table.scrollable_content_region.height)]


# ---------------------------------------------------------------------- pure helpers


def test_fit_cell_pads_truncates_and_aligns() -> None:
    assert fit_cell("Anna", 6) == "Anna  "
    assert fit_cell("42", 5, "right") == "   42"
    assert fit_cell("Annika Andersson", 8) == "Annika …"
    assert fit_cell("abc", 1) == "…"
    assert fit_cell("abc", 0) == ""
    assert fit_cell("rad1\nrad2", 9) == "rad1 rad2"


def test_column_widths_flexible_column_takes_the_spare_width() -> None:
    widths = compute_column_widths(COLUMNS, 80)
    # gutter 2 + 3 separators + widths == 80
    assert 2 + 3 + sum(widths) == 80
    assert widths[0] == 6 and widths[2] == 10 and widths[3] == 10
    assert widths[1] == 80 - 2 - 3 - 26


def test_column_widths_shrink_to_header_width_on_narrow_terminals() -> None:
    columns = (Column("a", "Namn", 30), Column("b", "Handläggare", 30), Column("c", "Flex", 0))
    widths = compute_column_widths(columns, 40)
    assert 2 + 2 + sum(widths) == 40
    assert widths[2] == 8
    assert widths[0] >= len("Namn") and widths[1] >= len("Handläggare")
    # Too narrow for even the headers: never below the header width, the line is cropped instead.
    tiny = compute_column_widths(columns, 10)
    assert tiny == (4, 11, 8)


def test_text_sort_key_uses_swedish_order() -> None:
    names = ["Örjan", "anna", "Åsa", "Ärla", "Zlatan", "Bo", "Émile"]
    assert sorted(names, key=text_sort_key) == ["anna", "Bo", "Émile", "Zlatan", "Åsa", "Ärla", "Örjan"]


def test_column_rejects_negative_width() -> None:
    with pytest.raises(ValueError):
        Column("x", "X", -1)


# ---------------------------------------------------------------------- widget


async def test_renders_visible_lines_of_10000_rows_without_per_row_widgets() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        widgets_before = len(list(app.screen.walk_children()))
        table.set_rows(make_rows(10_000))
        await pilot.pause()

        assert table.row_count == 10_000
        # Structural check: the rows are data, not widgets, and the scroll height is rows + header.
        assert len(table.children) == 0
        assert len(list(app.screen.walk_children())) == widgets_before
        assert table.virtual_size.height == 10_001

        header = line(table, 0)
        assert header.startswith("      Id Namn")
        assert "Steg" in header and "Nästa" in header
        assert line(table, 1).startswith("▶      0 Deltagare 0 ")
        assert line(table, 2).startswith("       1 Deltagare 1 ")
        assert "Steg 2" in line(table, 2) and "2025-02-01" in line(table, 2)
        assert all(len(line(table, y)) == table.scrollable_content_region.width for y in range(24))
        assert table.cursor_key == 0


async def test_set_rows_before_mount() -> None:
    class EarlyApp(TableApp):
        def compose(self) -> ComposeResult:
            table = VirtualTable(COLUMNS, id="table")
            table.set_rows(make_rows(5))
            yield table

    app = EarlyApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.table.row_count == 5
        assert "Deltagare 4" in line(app.table, 5)


async def test_cursor_keys() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        table.set_rows(make_rows(10_000))
        table.focus()
        await pilot.pause()
        page = table.scrollable_content_region.height - 1  # the header line does not scroll

        await pilot.press("up")
        assert table.cursor_row == 0
        await pilot.press("down", "down")
        await pilot.pause()
        assert table.cursor_row == 2
        assert line(table, 3).startswith("▶ ")
        assert line(table, 1).startswith("  ")

        await pilot.press("pagedown")
        await pilot.pause()
        assert table.cursor_row == 2 + page
        assert table.scroll_y > 0
        # The cursor stays visible, on the last line.
        assert line(table, page).startswith("▶ ")

        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == 9_999
        assert table.cursor_key == 9_999
        assert visible_keys(table)[-1] == "9999"
        assert line(table, page).startswith("▶   9999 ")

        await pilot.press("pageup")
        await pilot.pause()
        assert table.cursor_row == 9_999 - page
        assert line(table, 1).startswith("▶ ")

        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0
        assert table.scroll_y == 0
        assert visible_keys(table)[0] == "0"
        assert app.moved_keys()[-4:] == [2 + page, 9_999, 9_999 - page, 0]


async def test_enter_posts_row_selected_with_key() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        table.set_rows(make_rows(100))
        table.focus()
        await pilot.press("down", "down", "down", "enter")
        await pilot.pause()
        assert app.selected_keys() == [3]
        selected = next(m for m in app.messages if isinstance(m, VirtualTable.RowSelected))
        assert isinstance(selected, VirtualTable.RowSelected)
        assert selected.row.cells[1] == "Deltagare 3"
        assert selected.control is table


async def test_cursor_moved_only_when_the_key_changes() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        rows = make_rows(50)
        table.set_rows(rows)
        await pilot.pause()
        assert app.moved_keys() == [0]
        table.set_rows(rows)  # same key under the cursor: no message
        table.cursor_row = 0
        await pilot.pause()
        assert app.moved_keys() == [0]
        assert table.move_cursor_to_key(7)
        assert not table.move_cursor_to_key(999)
        table.set_rows([])
        await pilot.pause()
        assert app.moved_keys() == [0, 7, None]
        assert table.cursor_key is None


async def test_sort_by_values_toggles_and_puts_none_last() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        rows = [
            Row("a", ("1", "Örjan", "", "2025-03-01"), sort_values=(1, "Örjan", None, date(2025, 3, 1))),
            Row("b", ("2", "anna", "", "—"), sort_values=(2, "anna", None, None)),
            Row("c", ("10", "Åsa", "", "2024-12-24"), sort_values=(10, "Åsa", None, date(2024, 12, 24))),
            Row("d", ("3", "Bo", "", "2025-01-15"), sort_values=(3, "Bo", None, date(2025, 1, 15))),
        ]
        table.set_rows(rows)
        table.move_cursor_to_key("c")
        await pilot.pause()

        table.sort_by("next")
        assert [r.key for r in table.rows] == ["c", "d", "a", "b"]
        assert table.sort_column == "next" and not table.sort_reverse
        assert "Nästa ▲" in line(table, 0)
        assert table.cursor_key == "c"  # the cursor follows its row

        table.sort_by("next")  # same column again: descending, None still last
        assert [r.key for r in table.rows] == ["a", "d", "c", "b"]
        assert "Nästa ▼" in line(table, 0)
        assert table.cursor_key == "c"
        assert table.cursor_row == 2

        table.sort_by("id")  # ints from sort_values, not "10" < "2"
        assert [r.key for r in table.rows] == ["a", "b", "d", "c"]
        assert "Id ▲" in line(table, 0) and "▼" not in line(table, 0)

        table.sort_by("name", reverse=True)
        assert [r.key for r in table.rows] == ["a", "c", "d", "b"]  # Ö, Å, B, a

        with pytest.raises(KeyError):
            table.sort_by("nope")

        table.clear_sort()
        assert table.sort_column is None
        assert "▲" not in line(table, 0) and "▼" not in line(table, 0)


async def test_sort_is_stable_and_uses_cells_without_sort_values() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)):
        table = app.table
        rows = [Row(i, (str(i), name, "", "")) for i, name in enumerate(["bo", "Anna", "Bo", "anna", "Cecilia"])]
        table.set_rows(rows)
        table.sort_by("name")
        assert [r.key for r in table.rows] == [1, 3, 0, 2, 4]
        table.sort_by("name")
        assert [r.key for r in table.rows] == [4, 0, 2, 1, 3]


async def test_active_sort_is_applied_to_new_rows() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)):
        table = app.table
        rows = make_rows(20)
        table.set_rows(rows)
        table.sort_by("id", reverse=True)
        table.set_rows(rows[:5])
        assert [r.key for r in table.rows] == [4, 3, 2, 1, 0]


async def test_set_rows_keeps_cursor_on_same_key_after_filtering() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        rows = make_rows(10_000)
        table.set_rows(rows)
        await pilot.pause()
        assert table.move_cursor_to_key(5_001)
        await pilot.pause()
        assert table.scroll_y > 0

        odd = [row for row in rows if isinstance(row.key, int) and row.key % 2 == 1]
        table.set_rows(odd)
        await pilot.pause()
        assert table.cursor_key == 5_001
        assert table.cursor_row == 2_500
        assert any(line(table, y).startswith("▶   5001 ") for y in range(1, 24))

        # The key disappears: the cursor stays at the same position (clamped).
        table.set_rows([row for row in odd if row.key != 5_001])
        assert table.cursor_row == 2_500
        assert table.cursor_key == 5_003

        # Filter down to a few rows: the scroll position is clamped and the rows are visible.
        table.set_rows(rows[:3])
        await pilot.pause()
        assert table.cursor_row == 2
        assert table.scroll_y == 0
        assert visible_keys(table)[:4] == ["0", "1", "2", ""]

        table.set_rows(rows, keep_key=False)
        await pilot.pause()
        assert table.cursor_row == 0 and table.scroll_y == 0


async def test_truncates_long_cells_with_ellipsis() -> None:
    columns = (Column("name", "Namn", 10), Column("note", "Anteckning", 0))
    app = TableApp(columns)
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.table
        table.set_rows([Row(1, ("Maximilian Andersson-Lindqvist", "x" * 100))])
        await pilot.pause()
        text = line(table, 1)
        assert text.startswith("▶ Maximilia… x")
        assert text.endswith("x…")
        assert len(text) == table.scrollable_content_region.width == 40


async def test_narrow_terminal_never_wraps() -> None:
    columns = (
        Column("name", "Namn", 30),
        Column("coach", "Handläggare", 25),
        Column("step", "Steg", 20),
        Column("next", "Nästa uppföljning", 20),
    )
    app = TableApp(columns)
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.table
        table.set_rows([Row(1, ("Anna Andersson", "Karin Karlsson", "Matchning", "2025-01-01"))])
        await pilot.pause()
        width = table.scrollable_content_region.width
        assert all(len(line(table, y)) == width for y in range(10))
        assert "Handläggare" in line(table, 0)


async def test_empty_text_shown_when_there_are_no_rows() -> None:
    app = TableApp(empty_text="Inga deltagare matchar filtret")
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        await pilot.pause()
        assert line(table, 1).strip() == "Inga deltagare matchar filtret"
        assert table.cursor_key is None and table.highlighted_row is None
        table.focus()
        await pilot.press("down", "end", "enter")
        assert app.selected_keys() == []

        table.set_rows(make_rows(2))
        assert "Deltagare 0" in line(table, 1)
        table.clear()
        table.empty_text = "Tomt"
        assert line(table, 1).strip() == "Tomt"
        assert line(table, 2).strip() == ""


async def test_cursor_row_is_styled_and_marked() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        table.set_rows([Row(1, ("1", "Anna", "", "")), Row(2, ("2", "Bo", "", ""), style="bold")])
        table.focus()
        await pilot.pause()
        cursor_style = table.get_component_rich_style("virtual-table--cursor")
        first = next(iter(table.render_line(1))).style
        second = next(iter(table.render_line(2))).style
        assert first is not None and second is not None
        assert first.bgcolor == cursor_style.bgcolor
        assert second.bold
        assert second.bgcolor != cursor_style.bgcolor


async def test_mouse_click_moves_cursor_and_second_click_selects() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        table.set_rows(make_rows(100))
        await pilot.pause()
        await pilot.click("#table", offset=(10, 4))  # line 4 = row 3
        await pilot.pause()
        assert table.cursor_row == 3
        assert app.selected_keys() == []
        await pilot.click("#table", offset=(10, 4))
        await pilot.pause()
        assert app.selected_keys() == [3]

        await pilot.double_click("#table", offset=(10, 6))  # row 5: one click moves, the second selects
        await pilot.pause()
        assert table.cursor_row == 5
        assert app.selected_keys() == [3, 5]

        await pilot.click("#table", offset=(10, 0))  # header "Namn": sort by name
        await pilot.pause()
        assert table.sort_column == "name"
        assert table.cursor_key == 5


async def test_set_columns_relayouts_and_drops_a_vanished_sort() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        table.set_rows(make_rows(10))
        table.sort_by("next", reverse=True)
        table.move_cursor_to_key(9)
        table.set_columns((Column("id", "Nr", 4, "right"), Column("name", "Namn", 0)))
        await pilot.pause()
        assert table.sort_column is None
        assert line(table, 0).startswith("    Nr Namn")
        assert line(table, 1).startswith("▶    9 Deltagare 9")  # the order of the last sort is kept
        await pilot.click("#table", offset=(8, 0))
        assert table.sort_column == "name"
