"""Tests for the key bar at the bottom of every screen (`KeyBar`)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input

from coachtui.widgets.keybar import KeyBar


class BarApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Hjälp"),
        Binding("n", "new", "Ny"),
        Binding("e", "exit_form", "Avslut"),
        Binding("1", "step(1)", "Steg", key_display="1-5"),
        Binding("2", "step(2)", "Steg 2", show=False),
        Binding("x", "hidden", "Dold"),
        Binding("ctrl+p", "command_palette", "Kommandon", show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.done: list[str] = []
        self.exit_allowed: bool | None = True

    def compose(self) -> ComposeResult:
        yield Input(id="box")
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "hidden":
            return False  # not shown at all
        if action == "exit_form":
            return self.exit_allowed  # None: shown dimmed
        return True

    def action_new(self) -> None:
        self.done.append("new")

    def action_help(self) -> None:
        self.done.append("help")

    def line(self) -> str:
        return str(self.query_one(KeyBar).render().plain)


async def test_shows_shown_keys_once_per_action_with_help_and_palette_pinned_right() -> None:
    app = BarApp()
    async with app.run_test(size=(80, 5)) as pilot:
        app.set_focus(None)
        await pilot.pause()
        line = app.line()
        assert line.startswith(" n Ny  e Avslut  1-5 Steg ")
        assert "Steg 2" not in line and "Dold" not in line  # show=False, and check_action False
        assert line.rstrip().endswith("▏ f1 Hjälp  ^p Kommandon")
        assert len(line) == 80


async def test_disabled_key_is_dimmed_and_bar_follows_binding_changes() -> None:
    app = BarApp()
    async with app.run_test(size=(80, 5)) as pilot:
        app.set_focus(None)
        await pilot.pause()
        bar = app.query_one(KeyBar)
        text = bar.render()
        start = text.plain.index("e Avslut")
        assert not any(span.style and "dim" in str(span.style) for span in text.spans if span.start <= start < span.end)

        app.exit_allowed = None
        app.refresh_bindings()
        await pilot.pause()
        text = bar.render()
        start = text.plain.index("e Avslut")
        assert any("dim" in str(span.style) for span in text.spans if span.start <= start < span.end)


async def test_narrow_bar_drops_keys_on_the_left_but_keeps_help_in_view() -> None:
    app = BarApp()
    async with app.run_test(size=(40, 5)) as pilot:
        app.set_focus(None)
        await pilot.pause()
        line = app.line()
        assert "f1 Hjälp" in line and "^p Kommandon" in line
        assert "1-5 Steg" not in line
        assert len(line) <= 40


async def test_clicking_a_key_presses_it() -> None:
    app = BarApp()
    async with app.run_test(size=(80, 5)) as pilot:
        app.set_focus(None)
        await pilot.pause()
        line = app.line()
        await pilot.click(KeyBar, offset=(line.index("n Ny") + 1, 0))
        await pilot.click(KeyBar, offset=(line.index("f1 Hjälp") + 1, 0))
        await pilot.pause()
        assert app.done == ["new", "help"]
