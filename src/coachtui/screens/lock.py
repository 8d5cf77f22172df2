"""The idle lock of an encrypted database: after ``lock_minutes`` without a key or mouse event the screen
content is hidden until the passphrase is typed again.

``IdleLock`` runs only when the data file is encrypted (``CoachApp.on_mount``); the app records the time of
each key and mouse event in ``last_input``. The passphrase typed is compared with the one given at start,
held in memory by ``store.crypto`` (``crypto.matches``: digests compared in constant time).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Static

from coachtui.i18n import _
from coachtui.store import crypto, settings
from coachtui.store.db import Database
from coachtui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from coachtui.app import CoachApp

DEFAULT_MINUTES = 5.0


def lock_seconds(db: Database) -> float:
    """The setting ``lock_minutes`` in seconds (decimals allowed; 0 = never lock; unreadable = the default)."""
    try:
        minutes = float(settings.get(db, "lock_minutes").replace(",", "."))
    except ValueError:
        minutes = DEFAULT_MINUTES
    return max(0.0, minutes) * 60


class LockScreen(ModalScreen[None]):
    """Covers the whole app (opaque, no data) until the right passphrase is typed."""

    DEFAULT_CSS = """
    LockScreen { align: center middle; background: $background; }
    LockScreen > Vertical { width: 60; max-width: 95%; height: auto; border: thick $primary;
                            background: $surface; padding: 1 2; }
    LockScreen #lock-title { text-style: bold; }
    LockScreen Input { margin-top: 1; }
    LockScreen #lock-message { margin-top: 1; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # the app's keys to other views, the help and undo would show or change data: not while locked
        *(
            Binding(key, "blocked", show=False)
            for key in ("f1", "question_mark", "f2", "f3", "f4", "f5", "f6", "ctrl+z", "escape")
        ),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("■ coachtui är låst"), id="lock-title")
            yield Static(_("Skriv lösenfrasen och tryck enter för att fortsätta."))
            yield Input(password=True, placeholder=_("Lösenfras"), id="lock-passphrase")
            yield Static("", id="lock-message")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def action_blocked(self) -> None:
        """Keys that would leave the lock do nothing."""

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if crypto.matches(cast("CoachApp", self.app).db.path, event.value):
            self.dismiss(None)
            return
        event.input.value = ""
        self.query_one("#lock-message", Static).update(_("✗ Fel lösenfras. Försök igen."))


class IdleLock:
    """Pushes LockScreen after ``seconds`` without a key or mouse event."""

    def __init__(self, app: CoachApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds
        self.locked = False
        self.timer: Timer | None = None

    @classmethod
    def install(cls, app: CoachApp) -> IdleLock:
        """Start the lock; the setting is read on a worker thread, then the check runs on a timer."""
        lock = cls(app, DEFAULT_MINUTES * 60)

        def read_setting() -> None:
            seconds = DEFAULT_MINUTES * 60
            try:
                seconds = lock_seconds(app.db)
            finally:  # the file cannot be read: lock after the default time all the same
                app.call_from_thread(lock.start, seconds)

        app.run_worker(read_setting, thread=True, group="idle-lock", exit_on_error=False)
        return lock

    def start(self, seconds: float) -> None:
        self.seconds = seconds
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
        if seconds > 0:
            self.timer = self.app.set_interval(max(0.05, min(1.0, seconds / 4)), self.check)

    def idle_for(self) -> float:
        return time.monotonic() - self.app.last_input

    def check(self) -> None:
        if not self.locked and self.seconds > 0 and self.idle_for() >= self.seconds:
            self.lock()

    def lock(self) -> None:
        """Hide everything now (also from the command palette)."""
        if self.locked:
            return
        self.locked = True
        self.app.clear_notifications()  # a notification could name someone
        self.app.use_command_palette = False
        self.app.push_screen(LockScreen(), callback=self._unlocked)

    def _unlocked(self, _result: None) -> None:
        self.locked = False
        self.app.use_command_palette = True
        self.app.last_input = time.monotonic()
