"""What every screen of coachtui shares: typed access to the app's database and clock."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar, cast

from textual.screen import ModalScreen, Screen

from coachtui.store.db import Database

if TYPE_CHECKING:
    from coachtui.app import CoachApp

T = TypeVar("T")


class CoachScreen(Screen[None]):
    @property
    def coach_app(self) -> CoachApp:
        return cast("CoachApp", self.app)

    @property
    def db(self) -> Database:
        return self.coach_app.db

    def today(self) -> date:
        return self.coach_app.today()

    def now(self) -> datetime:
        return self.coach_app.clock.now()


class CoachModal(ModalScreen[T]):
    @property
    def db(self) -> Database:
        return cast("CoachApp", self.app).db

    def today(self) -> date:
        return cast("CoachApp", self.app).today()

    def now(self) -> datetime:
        return cast("CoachApp", self.app).clock.now()
