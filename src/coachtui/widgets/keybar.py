"""The keys of the current screen on the bottom line: one widget drawing one line of text.

Textual's Footer mounts a widget per key and restyles each one twice on every
focus or binding change; with a dozen keys that was the largest single cost of
the first frame. This bar draws the same line (shown bindings, one per action,
disabled ones dimmed; help and the command palette always in view on the right) and is only
repainted when the bindings change. Clicking a key presses it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.screen import Screen


#: Actions drawn on the right, always in view, in this order.
PINNED = ("help", "command_palette")


class KeyBar(Widget):
    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key", "keybar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str]] = []  # (first cell, end cell, key) of each drawn key

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def keys(self) -> tuple[list[tuple[Binding, bool]], list[tuple[Binding, bool]]]:
        """The shown bindings of the focused chain, one per action, with whether each is enabled: the
        screen's (left) and help and the command palette (right, always in view)."""
        left: dict[str, tuple[Binding, bool]] = {}
        right: dict[str, tuple[Binding, bool]] = {}
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            pinned = binding.action.removeprefix("app.") in PINNED
            if binding.show or pinned:
                side = right if pinned else left
                side.setdefault(binding.action, (binding, enabled))
        return list(left.values()), sorted(
            right.values(), key=lambda item: PINNED.index(item[0].action.removeprefix("app."))
        )

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        text_style = self.get_component_rich_style("keybar--description")
        dim = text_style + Style(dim=True)

        def item(binding: Binding, enabled: bool) -> Text:
            shown = Text(f" {self.app.get_key_display(binding)} ", style=key_style if enabled else dim)
            shown.append(f"{binding.description} ", style=text_style if enabled else dim)
            return shown

        left, right = self.keys()
        pieces = [(binding.key, item(binding, enabled)) for binding, enabled in right]
        room = self.size.width - sum(piece.cell_len for _key, piece in pieces) - (1 if pieces else 0)
        line = Text(no_wrap=True, end="")
        spans: list[tuple[int, int, str]] = []
        for binding, enabled in left:
            piece = item(binding, enabled)
            if line.cell_len + piece.cell_len > room:
                break  # the rest are in the help (F1) and the command palette
            spans.append((line.cell_len, line.cell_len + piece.cell_len, binding.key))
            line.append_text(piece)
        if pieces:
            line.append(" " * max(0, room - line.cell_len))
            line.append("▏", style=text_style)
        for key, piece in pieces:
            spans.append((line.cell_len, line.cell_len + piece.cell_len, key))
            line.append_text(piece)
        self._spans = spans
        return line

    def on_click(self, event: events.Click) -> None:
        for first, end, key in self._spans:
            if first <= event.x < end:
                self.app.simulate_key(key)
                return
