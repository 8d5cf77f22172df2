"""Shared fixtures. Tests never touch the user's data folder and time is frozen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from coachtui.clock import fixed_clock
from coachtui.i18n import set_language
from coachtui.store import participants
from coachtui.store.db import Database

TODAY = date(2026, 11, 23)  # a Monday
NOW = datetime(2026, 11, 23, 9, 0)


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every default path into a temporary folder and pin today and the language."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("COACHTUI_TODAY", TODAY.isoformat())
    monkeypatch.delenv("COACHTUI_DB", raising=False)
    monkeypatch.delenv("COACHTUI_LANG", raising=False)
    set_language("sv")


@pytest.fixture
def clock():  # type: ignore[no-untyped-def]
    return fixed_clock(TODAY)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "coachtui.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """An empty, migrated database with a coach (Kim Coach, Gislaved, 0.4)."""
    database = Database(db_path)
    database.open(now=NOW)
    participants.save_coach(database, {"name": "Kim Coach", "municipality": "Gislaved", "fte": 0.4})
    yield database
    database.close()


@pytest.fixture
def demo_db(tmp_path: Path) -> Iterator[Database]:
    """The demo caseload (25 invented people) dated around TODAY."""
    from coachtui.store import demo

    database = demo.create(tmp_path / "demo" / "demo.sqlite3", today=TODAY, now=NOW)
    yield database
    database.close()


def participant_data(**overrides: object) -> dict[str, object]:
    """Valid ParticipantIn values; override what a test is about."""
    data: dict[str, object] = {
        "first_name": "Anna",
        "last_name": "Andersson",
        "birth_year": 1999,
        "gender": "woman",
        "municipality": "Gislaved",
        "program": "SE",
        "referred_on": "2026-01-10",
        "enrolled_on": "2026-02-02",
        "sus_consent": True,
        "education": "upper_secondary",
        "support_since": "2022-03",
        "support_before": ["social_assistance"],
        "occupation_before_kind": "none",
        "occupation_before_extent": 0,
    }
    data.update(overrides)
    return data
