"""The team's settings ("Inställningar: team"): the SUS delay, the report's two yearly targets, the idle
lock of an encrypted file and the fidelity review's goal.

Opened from the command palette (``CoachApp.action_team_settings``). Its last line shows the team hub's address
(the setting ``hub_url``, never a password) and opens the Team screen (ctrl+o, the button or the palette), where
the address is set and the caseload pushed; back here the line shows the address saved there. The values are
validated together
(``inputs.TeamSettingsIn``) and saved in one transaction with one audit row (``settings.save_team``); the
share is typed in per cent and kept as the 0..1 fraction. Dismisses with ``{key: (old, new)}`` of what
changed, or None when cancelled. The report and the reminders read the settings on their next load.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button, Input, Static

from coachtui.i18n import _
from coachtui.screens.form_modal import FormModal
from coachtui.store import settings
from coachtui.store.inputs import field_label
from coachtui.widgets.commands import PaletteCommand
from coachtui.widgets.form import FormField

if TYPE_CHECKING:
    from coachtui.app import CoachApp

SHARE_KEY = "target_share_work_or_studies"  # kept as a fraction; the form's field is target_share_percent
#: the NNS questionnaire's goals: kept as fractions ("" = no goal for a question), shown in per cent
GOAL_KEYS = ("survey_goal_all", *(f"survey_goal_q{n}" for n in range(1, 8)))


def _number(text: str) -> float | None:
    """A stored setting as a number (a comma or a dot), None when it is not a finite number."""
    try:
        number = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def plain(number: float) -> str:
    """A number the Swedish way, without needless decimals: 5.0 -> "5", 1.5 -> "1,5", 37.5 -> "37,5"."""
    return f"{round(number, 4):g}".replace(".", ",")


def form_text(key: str, stored: str) -> str:
    """What the form shows for a stored setting (the share in per cent); an unreadable value shows the default."""
    if key in GOAL_KEYS and key != "survey_goal_all" and not stored.strip():
        return ""  # no goal for this question
    number = _number(stored)
    if number is None:
        default = settings.DEFAULTS[key]
        if not default:
            return ""
        number = float(default)
    if key == SHARE_KEY or key in GOAL_KEYS:
        number *= 100
    return plain(number)


def change_text(key: str, old: str, new: str) -> str:
    """One changed setting in words, for the notification after saving."""

    def shown(text: str) -> str:
        number = _number(text)
        if number is None:
            return text or "–"
        if key == SHARE_KEY or key in GOAL_KEYS:
            return f"{plain(number * 100)} %"
        if key == "lock_minutes":
            return _("aldrig") if number == 0 else _("{n} min", n=plain(number))
        return plain(number)

    labels = {
        "sus_delay_months": _("SUS-fördröjning (månader)"),
        "target_participants_per_year": _("Mål deltagare per år"),
        SHARE_KEY: _("Mål andel till arbete eller studier"),
        "lock_minutes": _("Låsning"),
        "fidelity_goal": _("Mål programtrohet"),
        "survey_goal_all": _("Enkätmål alla frågor"),
        **{f"survey_goal_q{n}": _("Enkätmål fråga {n}", n=n) for n in range(1, 8)},
        "survey_reminder_days": _("Enkätpåminnelse (dagar)"),
    }
    return f"{labels.get(key, key)} {shown(old)} → {shown(new)}"


#: the team hub's address, shown (and set on the Team screen), not one of the form's values
HUB_URL_KEY = "hub_url"


def hub_line(url: str) -> str:
    """The form's line about the team hub: its address, or that none is set."""
    if url:
        return _("Teamets hubb: {url}", url=url)
    return _("Teamets hubb: ingen adress angiven.")


class SettingsForm(FormModal[dict[str, tuple[str, str]]]):
    """The team settings; saved together or not at all."""

    DEFAULT_CSS = """
    SettingsForm #hub-line { height: auto; margin: 1 0 0 0; }
    SettingsForm #open-team { margin: 0 0 1 0; }
    """
    FORM_LABEL_WIDTH = 28  # "Enkätmål alla frågor (%)" on one line
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+o", "team", _("Team"), id="settings.team"),
    ]

    def title_text(self) -> str:
        return _("Inställningar: team")

    def intro_text(self) -> str:
        return _("Gäller hela teamet; rapporten och påminnelserna följer direkt.")

    def compose_fields(self) -> ComposeResult:
        yield FormField(
            "sus_delay_months",
            _("SUS-fördröjning (mån)"),
            Input(compact=True, id="sus_delay_months", max_length=4, restrict=r"[0-9]*"),
            hint=_("0-12; väntan efter avslut till arbete/studier"),
        )
        yield FormField(
            "target_participants_per_year",
            _("Mål deltagare/år"),
            Input(compact=True, id="target_participants_per_year", max_length=6, restrict=r"[0-9]*"),
            hint=_("Heltal 0-1000; räknas om för rapportens period"),
        )
        yield FormField(
            "target_share_percent",
            _("Mål arbete/studier (%)"),
            Input(compact=True, id="target_share_percent", max_length=8, restrict=r"[0-9,.% ]*"),
            hint=_("0-100 %; andel avslut till arbete/studier"),
        )
        yield FormField(
            "lock_minutes",
            _("Låsning efter (min)"),
            Input(compact=True, id="lock_minutes", max_length=8, restrict=r"[0-9,.]*"),
            hint=_("0-240, 1,5 går; gäller krypterad fil; 0: aldrig"),
        )
        yield FormField(
            "fidelity_goal",
            _("Mål programtrohet"),
            Input(compact=True, id="fidelity_goal", max_length=3, restrict=r"[0-9]*"),
            hint=_("0-125 poäng i årets IPS-skattning"),
        )
        yield FormField(
            "survey_goal_all",
            _("Enkätmål alla frågor (%)"),
            Input(compact=True, id="survey_goal_all", max_length=8, restrict=r"[0-9,.% ]*"),
            hint=_("NNS-enkäten: andel i de tre översta rutorna, 0-100 %"),
        )
        for n in range(1, 8):
            yield FormField(
                f"survey_goal_q{n}",
                _("Enkätmål fråga {n} (%)", n=n),
                Input(compact=True, id=f"survey_goal_q{n}", max_length=8, restrict=r"[0-9,.% ]*"),
                hint=_("Tomt: inget eget mål för frågan") if n == 1 else "",
            )
        yield FormField(
            "survey_reminder_days",
            _("Enkätpåminnelse (dagar)"),
            Input(compact=True, id="survey_reminder_days", max_length=4, restrict=r"[0-9]*"),
            hint=_("Påminn om enkäten så många dagar efter inskrivning (0-3650)"),
        )
        yield Static(hub_line(""), id="hub-line", markup=False)
        yield Button(_("Team: hubbens adress, skicka (ctrl+o)"), id="open-team", compact=True)

    def on_mount(self) -> None:
        self.query_one("#sus_delay_months", Input).focus()
        self.mark_clean()
        self._load()

    @work(thread=True, exclusive=True, group="settings-load")
    def _load(self) -> None:
        stored = {key: settings.get(self.db, key) for key in settings.TEAM_KEYS}
        url = settings.get(self.db, HUB_URL_KEY)
        self.app.call_from_thread(self._fill, stored)
        self.app.call_from_thread(self._show_hub, url)

    def _show_hub(self, url: str) -> None:
        self.query_one("#hub-line", Static).update(hub_line(url))

    def on_screen_resume(self) -> None:
        """Back from the Team screen: the address may have been saved there (the typed values stay)."""
        self._load_hub()

    @work(thread=True, exclusive=True, group="settings-hub")
    def _load_hub(self) -> None:
        url = settings.get(self.db, HUB_URL_KEY)
        self.app.call_from_thread(self._show_hub, url)

    def action_team(self) -> None:
        """The Team screen over the form (escape there comes back here, with what was typed)."""
        from coachtui.screens.team import TeamScreen

        self.app.push_screen(TeamScreen())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "open-team":
            event.stop()
            self.action_team()
            return
        super().on_button_pressed(event)

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield from super().palette_commands()
        yield (_("Team"), _("Teamets hubb: adressen och skicka deltagarlistan (ctrl+o)"), self.action_team)

    def _fill(self, stored: dict[str, str]) -> None:
        shown = {
            "sus_delay_months": form_text("sus_delay_months", stored["sus_delay_months"]),
            "target_participants_per_year": form_text(
                "target_participants_per_year", stored["target_participants_per_year"]
            ),
            "target_share_percent": form_text(SHARE_KEY, stored[SHARE_KEY]),
            "lock_minutes": form_text("lock_minutes", stored["lock_minutes"]),
            "fidelity_goal": form_text("fidelity_goal", stored["fidelity_goal"]),
            **{key: form_text(key, stored[key]) for key in GOAL_KEYS},
            "survey_reminder_days": form_text("survey_reminder_days", stored["survey_reminder_days"]),
        }
        for name, text in shown.items():
            self.query_one(f"#{name}", Input).value = text
        self.mark_clean()

    def save(self, values: dict[str, Any]) -> dict[str, tuple[str, str]]:
        return settings.save_team(self.db, values)

    def help_markdown(self) -> str:
        return (
            _(
                "## Inställningar: team\n"
                "- **{sus}**: så många månader efter ett avslut till arbete eller studier skrivs deltagaren ut"
                " i SUS (andra avslut: direkt). Påminnelserna följer värdet.\n"
                "- **{target}** och **{share}**: rapportens mål.\n"
                "- **{lock}**: en krypterad fil låses efter så många minuter utan tangent eller mus (0: aldrig).\n\n"
                "**ctrl+s** sparar alla på en gång (inget sparas om något värde är fel) · **escape** avbryter.",
                sus=field_label("sus_delay_months"),
                target=field_label("target_participants_per_year"),
                share=field_label("target_share_percent"),
                lock=field_label("lock_minutes"),
            )
            + _(
                "\n\n**{goal}**: målet för programtrohetsskalan (IPS-25, högst 125 poäng); sparas med de andra.",
                goal=field_label("fidelity_goal"),
            )
            + _(
                "\n\nNNS-enkäten: **Enkätmål** i procent för alla frågor och per fråga (tomt: inget mål för frågan);"
                " **Enkätpåminnelse**: så många dagar efter inskrivningen påminns du om att lämna enkäten."
            )
            + _(
                "\n\n**ctrl+o** öppnar **Team**: teamets hubb, där hubbens adress sparas och deltagarlistan skickas"
                " pseudonymiserad. Lösenordet sparas aldrig här (~/.pgpass eller PGPASSWORD)."
            )
            + super().help_markdown()
        )


def open_team_settings(app: CoachApp) -> None:
    """Push the settings form (not a second one) and tell what changed once it is saved."""
    if isinstance(app.screen, SettingsForm):
        return

    def saved(changes: dict[str, tuple[str, str]] | None) -> None:
        if changes is None:
            return
        if not changes:
            app.notify(_("Inget ändrades."), title=_("Inställningar: team"))
            return
        lines = [change_text(key, old, new) for key, (old, new) in changes.items()]
        app.notify("\n".join(lines), title=_("Inställningarna är sparade"), markup=False)  # stored text may hold "["
        if "lock_minutes" in changes and app.idle_lock is not None:
            minutes = _number(changes["lock_minutes"][1]) or 0.0
            app.idle_lock.start(max(0.0, minutes) * 60)

    app.push_screen(SettingsForm(), saved)
