"""Shown once, when the database has no coach yet: who are you, where, and how much of a post."""

from __future__ import annotations

from coachtui.i18n import _
from coachtui.screens.coach_form import CoachForm


class FirstStartScreen(CoachForm):
    """The coach form with a welcome. Cancelling is allowed: it is asked again on the next start."""

    SUBMIT_ON_ENTER = True  # like every other form: enter saves

    def title_text(self) -> str:
        return _("Välkommen till coachtui")

    def hint_text(self) -> str:
        return _("ctrl+s eller enter sparar · escape avbryter")

    def intro_text(self) -> str:
        return _(
            "Ange ditt namn, din kommun och hur stor del av en heltid du arbetar som coach."
            " Det kan ändras senare under Inställningar: coach (ctrl+p)."
        )
