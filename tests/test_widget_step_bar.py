"""The step bar: five steps, the current one marked with a symbol and a style, the date each was entered."""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from textual.app import App, ComposeResult

from coachtui.widgets.step_bar import CURRENT_MARK, NOT_ENTERED, StepBar, step_bar_lines, step_cells

ENTERED = {1: date(2026, 2, 2), 2: date(2026, 3, 1), 3: date(2026, 5, 4)}


def test_current_step_is_marked_with_a_symbol_and_dates_are_shown_at_80_columns() -> None:
    top, bottom = step_bar_lines(ENTERED, 3, 80)
    assert top.count(CURRENT_MARK) == 1
    assert f"{CURRENT_MARK}3 Jobbsökande" in top
    for step, name in ((2, "Yrkesprofil"), (4, "Arbetsgivare"), (5, "Stöd")):
        assert f"{step} {name}" in top
    assert "1 Överenskom" in top  # shortened to fit its fifth of the width
    assert bottom.split() == ["2026-02-02", "2026-03-01", "2026-05-04", NOT_ENTERED, NOT_ENTERED]
    assert cell_len(top) <= 80 and cell_len(bottom) <= 80


def test_each_date_sits_under_its_step() -> None:
    top, bottom = step_bar_lines(ENTERED, 3, 100)
    for step, day in ENTERED.items():
        column = top.index(f"{step} ")
        assert bottom[column - 1 : column + 11].strip() == day.isoformat()


def test_narrow_widths_shorten_names_and_dates_but_keep_the_mark() -> None:
    for width in (60, 45, 30, 20):
        top, bottom = step_bar_lines(ENTERED, 2, width)
        assert cell_len(top) <= width and cell_len(bottom) <= width
        assert f"{CURRENT_MARK}2" in top
        assert all(f"{step}" in top for step in range(1, 6))
    _, bottom = step_bar_lines(ENTERED, 2, 50)
    assert "26-03-01" in bottom.split()  # the century goes first
    _, bottom = step_bar_lines(ENTERED, 2, 30)
    assert "03-01" in bottom.split()  # then the year


def test_revisited_and_never_entered_steps() -> None:
    cells = step_cells({1: date(2026, 1, 5), 3: date(2026, 4, 1), 2: date(2026, 6, 1)}, 2, 120)
    assert [c.current for c in cells] == [False, True, False, False, False]
    assert [c.was_entered for c in cells] == [True, True, True, False, False]
    assert "Yrkesprofil" in cells[1].title and cells[1].title.startswith(CURRENT_MARK)


def test_english_names() -> None:
    top, _ = step_bar_lines(ENTERED, 1, 100, "en")
    assert f"{CURRENT_MARK}1 Engagement" in top and "5 Support" in top


class BarApp(App[None]):
    def compose(self) -> ComposeResult:
        yield StepBar(id="bar")


async def test_widget_renders_two_lines_with_the_current_step_styled() -> None:
    app = BarApp()
    async with app.run_test(size=(80, 4)) as pilot:
        bar = app.query_one(StepBar)
        bar.show(ENTERED, 3)
        await pilot.pause()
        rendered = bar.render()
        lines = rendered.plain.split("\n")
        assert [line.rstrip() for line in lines] == list(bar.plain_lines())
        assert lines[0].count(CURRENT_MARK) == 1
        start = rendered.plain.index(CURRENT_MARK)
        styles = [span.style for span in rendered.spans if span.start <= start < span.end]
        assert any(getattr(style, "reverse", False) and getattr(style, "bold", False) for style in styles)
        other = rendered.plain.index("1 ")
        other_styles = [span.style for span in rendered.spans if span.start <= other < span.end]
        assert not any(getattr(style, "reverse", False) for style in other_styles)
