"""Team: the team hub's address, the last push and what changed since, and a push on ctrl+t.

The address is the setting ``hub_url`` (never a password: libpq takes it from PGPASSWORD or ~/.pgpass). The
push is `services.hub.push` in a thread worker, with a progress line; when the hub cannot be reached or
refuses, one Swedish line says so and nothing changed, here or on the hub.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Input, Label, Static

from coachtui.i18n import _
from coachtui.screens.base import CoachScreen
from coachtui.store.db import StoreError
from coachtui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from coachtui.services.hub import PushOutcome, TeamStatus


class TeamScreen(CoachScreen):
    DEFAULT_CSS = """
    TeamScreen > Vertical { padding: 0 1; }
    TeamScreen #address { height: auto; }
    TeamScreen #address Label { padding: 1 1 0 0; }
    TeamScreen #url { width: 1fr; }
    TeamScreen #status { height: auto; margin: 1 0; }
    TeamScreen #progress { height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("Tillbaka"), id="team.back"),
        Binding("ctrl+t", "push", _("Skicka till hubben"), id="team.push"),
        Binding("ctrl+s", "save_url", _("Spara adressen"), id="team.save"),
        Binding("ctrl+r", "reload", _("Uppdatera"), id="team.reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pushing = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            with Horizontal(id="address"):
                yield Label(_("Hubbens adress:"))
                yield Input("", id="url", placeholder="postgresql://anna@server.kommun.se/team")
            yield Static("", id="status")
            yield Static("", id="progress")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = _("Team")
        self.action_reload()

    def help_markdown(self) -> str:
        return _(
            "## Team\n\nTeamets hubb är en gemensam PostgreSQL-databas som teamets rapporter görs från."
            " **ctrl+t** skickar din deltagarlista dit, pseudonymiserad: inga namn, personnummer, telefonnummer,"
            " arbetsgivare, journal eller anteckningar. Det du skickade förra gången ersätts, och den som"
            " raderats här försvinner från hubben. Skriv hubbens adress och spara med **ctrl+s**; lösenordet"
            " står aldrig här utan i ~/.pgpass (eller PGPASSWORD)."
        )

    # --- loading -----------------------------------------------------------------------

    def action_reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="team")
    def _load(self) -> None:
        from coachtui.services import hub

        state = hub.status(self.db)
        self.app.call_from_thread(self._show, state)

    def _show(self, state: TeamStatus) -> None:
        url = self.query_one("#url", Input)
        if not url.has_focus or not url.value:
            url.value = state.url
        lines = [_("Hubb: {url}", url=state.url) if state.url else _("○ Ingen hubb angiven ännu.")]
        if state.last_at is None:
            lines.append(_("Aldrig skickat. {n} deltagare att skicka.", n=state.new))
        else:
            lines.append(
                _(
                    "Senast skickat: {when}, {n} deltagare.",
                    when=state.last_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                    n=state.last_count,
                )
            )
            if state.changes:
                lines.append(
                    _(
                        "⚠ Ändrat sedan dess: {new} nya, {changed} ändrade, {erased} raderade.",
                        new=state.new,
                        changed=state.changed,
                        erased=state.erased,
                    )
                )
            else:
                lines.append(_("✓ Inget har ändrats sedan dess."))
        self.query_one("#status", Static).update("\n".join(lines))

    # --- actions -----------------------------------------------------------------------

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save_url()

    def action_save_url(self) -> None:
        self._save_url(self.query_one("#url", Input).value)

    @work(thread=True, exclusive=True, group="team")
    def _save_url(self, text: str) -> None:
        from coachtui.services import hub

        try:
            hub.save_url(self.db, text)
        except (ValueError, StoreError) as problem:
            self.app.call_from_thread(self.notify, f"✗ {problem}", severity="error")
            return
        self.app.call_from_thread(self.notify, _("Hubbens adress är sparad."))
        self.app.call_from_thread(self._show, hub.status(self.db))

    def action_push(self) -> None:
        if self.pushing:
            return
        url = self.query_one("#url", Input).value.strip()
        if not url:
            self.notify(_("✗ Skriv hubbens adress först."), severity="error")
            return
        self.pushing = True
        self._progress(_("Skickar …"))
        self._push(url)

    def _progress(self, line: str) -> None:
        self.query_one("#progress", Static).update(line)

    @work(thread=True, exclusive=True, group="team-push")
    def _push(self, url: str) -> None:
        from coachtui.services import hub

        def say(line: str) -> None:
            self.app.call_from_thread(self._progress, line)

        try:
            done = hub.push(self.db, url, progress=say)
        except Exception as problem:  # every failure is one line; nothing was changed
            self.app.call_from_thread(self._failed, _failure(problem))
            return
        self.app.call_from_thread(self._pushed, done, hub.status(self.db))

    def _failed(self, reason: str) -> None:
        self.pushing = False
        line = f"✗ {reason} " + _("Inget ändrades.")
        self._progress(line)
        self.notify(line, severity="error", timeout=15)

    def _pushed(self, done: PushOutcome, state: TeamStatus) -> None:
        self.pushing = False
        line = _("✓ Skickat: {n} deltagare ({new} nya, {erased} borttagna).", n=done.participants, new=done.new,
                 erased=done.erased)  # fmt: skip
        self._progress(line)
        self.notify(line)
        self._show(state)


def _failure(problem: Exception) -> str:
    """The reason to show: the hub's own Swedish lines, else a generic one (never a server's raw text)."""
    from coachtui.hub.errors import HubError

    if isinstance(problem, HubError | ValueError | StoreError):
        return str(problem)
    if isinstance(problem, ImportError):
        return _("Hubben kräver tillägget: pip install 'coachtui[hub]'")
    return _("Ett oväntat fel ({kind}).", kind=type(problem).__name__)
