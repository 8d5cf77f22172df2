"""Command-palette entries contributed by a screen.

Textual 8 lets an App add system commands but not a Screen; a screen that sets
``COMMANDS = {ScreenCommands}`` and defines ``palette_commands()`` gets its
actions listed (and searchable) in the palette.
"""

from __future__ import annotations

from typing import Any

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from coachtui.i18n import _

PaletteCommand = tuple[str, str, Any]  # (title, help, callback)


class ScreenCommands(Provider):
    """Command-palette entries of the calling screen: its ``palette_commands()`` (title, help, callback)."""

    def _commands(self) -> list[PaletteCommand]:
        get = getattr(self.screen, "palette_commands", None)
        return list(get()) if callable(get) else []

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)


class CoachCommandPalette(CommandPalette):
    """Textual's command palette with its own texts in the app's language (placeholder, "no matches")."""

    def __init__(self) -> None:
        super().__init__(placeholder=_("Sök bland kommandon …"), id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual 8 writes "No matches found" inline here; this is its method with the text translated.
        self._stop_no_matches_countdown()

        def _show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(_("Inga träffar"), style="not bold")), disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, _show_no_matches)
