"""F1 / ?: the keys of every view, in the user's language."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from coachtui.i18n import _


def help_text() -> str:
    return _(
        "# Hjälp\n\n"
        "## Överallt\n"
        "- **F1** eller **?**: den här hjälpen\n"
        "- **ctrl+p**: kommandopaletten (alla åtgärder)\n"
        "- **ctrl+q**: avsluta\n\n"
        "## Deltagarlistan\n"
        "- **n**: ny deltagare · **enter**: öppna · **e**: registrera avslut\n"
        "- **/**: filtrera (namn, kommun, program, steg) · **1-5**: bara ett steg · **0**: alla steg\n"
        "- **s**: sortera på nästa kolumn · **S**: byt riktning · **x**: visa/dölj avslutade\n"
        "- **r**: påminnelser\n\n"
        "Data sparas bara på den här datorn. Säkerhetskopiera med `coachtui backup`."
    )


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 80%; max-width: 90; height: 80%; border: round $accent;
                                  background: $surface; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", _("Stäng"), id="close"),
        Binding("f1", "dismiss", _("Stäng"), show=False),
        Binding("question_mark", "dismiss", _("Stäng"), show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(help_text())

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
