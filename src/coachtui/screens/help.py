"""F1 / ?: the keys of the current view, then those that work everywhere."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from coachtui.i18n import _


def global_help() -> str:
    return (
        _(
            "## Överallt\n"
            "- **F1** eller **?**: den här hjälpen\n"
            "- **ctrl+p**: kommandopaletten (alla åtgärder och vyer)\n"
            "- **F2** deltagare · **F3** påminnelser · **F4** export · **F5** rapport (finns också i paletten)\n"
            "- **escape**: tillbaka / avbryt · **ctrl+q**: avsluta\n\n"
            "Data sparas bara på den här datorn. Säkerhetskopiera med `coachtui backup`."
        )
        + _(
            "\n\n**F2** visar alltid deltagarlistan (en öppen deltagare stängs). Datum i dialogerna: ÅÅÅÅ-MM-DD,"
            " *igår*, *i förrgår* eller en veckodag (för en gjord dag den senaste, för ett nytt datum nästa)."
        )
        + _(
            "\n\n**ctrl+z** ångrar den senaste ändringen: gjord, hoppa över, flytta, snooza, SUS klar, steg och"
            " borttagen anteckning (de tio senaste sedan start; även i paletten, *Ångra: …*). Har raden ändrats"
            " sedan dess ångras inget."
        )
    )


class HelpScreen(ModalScreen[None]):
    """Shows ``view_help`` (the current screen's ``help_markdown()``) and the global keys."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 80%; max-width: 90; height: 80%; border: round $accent;
                                  background: $surface; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", _("Stäng"), id="close"),
        Binding("f1", "close", _("Stäng"), show=False),
        Binding("question_mark", "close", _("Stäng"), show=False),
    ]

    def __init__(self, view_help: str = "") -> None:
        super().__init__()
        self.view_help = view_help

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(_("# Hjälp") + "\n\n" + self.view_help + "\n\n" + global_help())

    def action_close(self) -> None:
        self.dismiss(None)
