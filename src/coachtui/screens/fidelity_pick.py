"""Pick which fidelity review to show (all reviews, newest first); dismissed with its key or None."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coachtui.i18n import _


class FidelityPick(ModalScreen[str | None]):
    DEFAULT_CSS = """
    FidelityPick { align: center middle; }
    FidelityPick > Vertical { width: 64; max-width: 100%; height: auto; max-height: 90%;
                              border: round $accent; background: $surface; padding: 0 1; }
    FidelityPick OptionList { height: auto; max-height: 16; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Avbryt"), id="fidelity_pick.cancel"),
    ]

    def __init__(self, choices: list[tuple[str, str]], current: str | None) -> None:
        """``choices``: (key, label) newest first."""
        super().__init__()
        self.choices = choices
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Välj skattning (enter) · escape avbryter"), markup=False)
            yield OptionList(*(Option(label, id=key) for key, label in self.choices), id="reviews")

    def on_mount(self) -> None:
        options = self.query_one("#reviews", OptionList)
        options.focus()
        keys = [key for key, _label in self.choices]
        if self.current in keys:
            options.highlighted = keys.index(self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
