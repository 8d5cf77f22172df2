"""Command-palette entries contributed by a screen.

Textual 8 lets an App add system commands but not a Screen; a screen that sets
``COMMANDS = {ScreenCommands}`` and defines ``palette_commands()`` gets its
actions listed (and searchable) in the palette.
"""

from __future__ import annotations

from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

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
