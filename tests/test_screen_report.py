"""The report mode (F5) driven by its keys: periods, filters, charts and the csv export."""

from __future__ import annotations

import csv
import io
import stat
from pathlib import Path

import pytest
from textual.widgets import Static

from coachtui.app import CoachApp, create_app
from coachtui.screens.report import ReportScreen, bars
from coachtui.store import exits, participants
from coachtui.store.db import Database
from conftest import TODAY, participant_data, settle


@pytest.fixture
def seeded(db: Database) -> Database:
    """H1 2026: Anna (Gislaved, SE) to work, Cilla (Gislaved, IPS) moved; Bo (Gnosjö, SE) still enrolled."""
    anna = participants.add_participant(db, participant_data(enrolled_on="2026-02-02"))
    cilla = participants.add_participant(db, participant_data(first_name="Cilla", program="IPS"))
    participants.add_participant(
        db,
        participant_data(
            first_name="Bo",
            gender="man",
            municipality="Gnosjö",
            referred_on=None,
            enrolled_on="2025-10-01",
            sus_consent=False,
        ),
    )
    exits.register_exit(
        db,
        anna,
        {
            "on": "2026-05-02",
            "reason": "unsubsidised_work",
            "occupation_after_kind": "unsubsidised_work",
            "occupation_after_extent": 100,
        },
        TODAY,
    )
    exits.register_exit(db, cilla, {"on": "2026-06-10", "reason": "moved"}, TODAY)
    return db


def text(app: CoachApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def row(table: str, label: str) -> list[str]:
    """The values after ``label`` (labels are followed by at least two spaces)."""
    for line in table.splitlines():
        stripped = line.strip()
        if stripped == label or stripped.startswith(label + "  "):
            return stripped[len(label) :].split()
    raise AssertionError(f"no row {label!r} in\n{table}")


async def test_keys_change_period_and_filters_and_e_exports(seeded: Database, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(seeded, clock)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("f5")
        await settle(app, pilot)
        assert isinstance(app.screen, ReportScreen)
        assert text(app, "#report-title").startswith("Rapport 2026-07-01 – 2026-12-31 (halvår)")
        # in H2 only Bo is enrolled
        assert row(text(app, "#table-participants"), "Deltagare") == ["0", "1", "1"]

        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert "2026-01-01 – 2026-06-30 (halvår)" in text(app, "#report-title")
        assert row(text(app, "#table-participants"), "Deltagare") == ["2", "1", "3"]
        assert row(text(app, "#table-duration"), "Avslutade") == ["2"]
        assert row(text(app, "#table-exit_reasons"), "Flytt") == ["1", "0", "1"]
        assert row(text(app, "#chart-reasons"), "Arbete (osubventionerat)") == ["█" * 30, "1"]
        assert row(text(app, "#chart-reasons"), "Sjukdom") == ["0"]  # no bar, the number still shown
        assert row(text(app, "#chart-occupation"), "Ingen, före") == ["█" * 30, "2"]
        assert row(text(app, "#chart-occupation"), "Osubventionerat arbete, efter") == ["█" * 15, "1"]
        assert row(text(app, "#table-occupation_after"), "Osubventionerat arbete") == ["1", "0", "1", "1,00"]

        await pilot.press("y")
        await settle(app, pilot)
        assert "2026-01-01 – 2026-12-31 (helår)" in text(app, "#report-title")
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert "2027-01-01 – 2027-12-31 (helår)" in text(app, "#report-title")
        await pilot.press("left_square_bracket", "y")
        await settle(app, pilot)
        assert "2026-07-01 – 2026-12-31 (halvår)" in text(app, "#report-title")  # back to today's half-year
        await pilot.press("left_square_bracket")
        await settle(app, pilot)

        await pilot.press("p")
        await settle(app, pilot)
        assert "Program: SE" in text(app, "#report-title")
        assert row(text(app, "#table-participants"), "Deltagare") == ["1", "1", "2"]
        await pilot.press("p")
        await settle(app, pilot)
        assert row(text(app, "#table-participants"), "Deltagare") == ["1", "0", "1"]  # IPS: Cilla
        await pilot.press("p", "p")
        await settle(app, pilot)
        assert "Program: alla" in text(app, "#report-title")

        await pilot.press("m")
        await settle(app, pilot)
        assert "Kommun: Gislaved" in text(app, "#report-title")
        await pilot.press("m")
        await settle(app, pilot)
        assert "Kommun: Gnosjö" in text(app, "#report-title")
        assert row(text(app, "#table-participants"), "Deltagare") == ["0", "1", "1"]
        assert row(text(app, "#table-participants"), "varav anonyma (utan SUS-samtycke)") == ["0", "1", "1"]

        await pilot.press("e")
        await settle(app, pilot)
        saved = Path.home() / "coachtui-rapport-Gnosjö-2026-01-01--2026-06-30.csv"
        assert saved.exists()
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600
        content = saved.read_text(encoding="utf-8")
        assert content.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(content.removeprefix("\ufeff"), newline=""), delimiter=";"))
        assert ["Kommun", "Gnosjö"] in rows and ["Deltagare", "0", "1", "1"] in rows
        assert any("Rapporten sparad" in str(n.message) for n in app._notifications)

        help_text = app.screen.help_markdown()
        assert all(key in help_text for key in ("**[**", "**]**", "**y**", "**p**", "**m**", "**e**"))

    # the report only reads: the database still holds the same exits
    assert seeded.read().execute("SELECT count(*) FROM exit").fetchone()[0] == 2


def test_bars_scale_to_the_largest_value_and_always_show_the_number() -> None:
    chart = bars("T", [("a", 4), ("bb", 1), ("c", 0)], width=8).splitlines()
    assert chart == ["T", "a   ████████ 4", "bb  ██ 1", "c   0"]
    assert bars("T", [("a", 0)]).splitlines()[1] == "a  0"
    tiny = bars("T", [("a", 1000), ("b", 1)], width=10).splitlines()
    assert tiny[2] == "b  █ 1"  # a non-zero value always gets at least one block
