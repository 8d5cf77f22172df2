"""The fidelity view, driven with Pilot: a whole review scored with the keyboard and compared with last year's,
suggestions entered only on "f", notes, new/pick/edit/delete review, help, and the layout at 80×24."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from coachtui.app import CoachApp, create_app
from coachtui.screens.confirm import ConfirmScreen
from coachtui.screens.fidelity import FidelityScreen
from coachtui.screens.fidelity_note_form import FidelityNoteForm
from coachtui.screens.fidelity_pick import FidelityPick
from coachtui.screens.fidelity_review_form import FidelityReviewForm
from coachtui.screens.help import HelpScreen
from coachtui.store import fidelity
from coachtui.store.db import Database
from conftest import DISK_FULL, NOW, fail_disk_full, messages, settle

SIZE = (110, 40)


def last_years_review(db: Database) -> None:
    """f-2025: every item 3 (75 points, fair)."""
    key = fidelity.create_review(db, {"on": "2025-11-20", "kind": "external"}, now=NOW)
    for item in range(1, 26):
        fidelity.set_score(db, key, {"item": item, "score": 3}, now=NOW)


def add_active(db: Database, n: int) -> None:
    with db.write() as conn:
        for i in range(n):
            conn.execute(
                "INSERT INTO participant(key, coach_id, first_name, last_name, birth_year, gender, municipality,"
                " program, enrolled_on, sus_consent, education) VALUES (?, 1, 'A', 'B', 1990, 'man', 'Gislaved',"
                " 'IPS', '2026-03-01', 1, 'unknown')",
                (f"k{i}",),
            )


async def open_view(app: CoachApp, pilot: Pilot[None]) -> FidelityScreen:
    await settle(app, pilot)
    app.action_fidelity()
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, FidelityScreen)
    return screen


def text(screen: FidelityScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


def cell(screen: FidelityScreen, item: int, column: str) -> str:
    table = screen.query_one("#fid-items", DataTable)
    return str(table.get_cell(f"i-{item}", column))


def stored(db: Database, key: str) -> dict[int, int]:
    found = fidelity.review(db, key)
    assert found is not None
    return found.scores


async def new_review(app: CoachApp, pilot: Pilot[None], *, on: str | None = None) -> None:
    await pilot.press("n")
    await settle(app, pilot)
    form = app.screen
    assert isinstance(form, FidelityReviewForm)
    if on is not None:
        form.query_one("#on", Input).value = on
    await pilot.press("enter")
    await settle(app, pilot)


async def test_the_palette_opens_the_view(db: Database, clock: Any) -> None:
    app = create_app(db, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Programtrohet")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, FidelityScreen)
        assert text(app.screen, "#fid-head") == "Ingen skattning för 2026 ännu."
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, FidelityScreen)


async def test_a_whole_review_scored_with_the_keyboard_and_compared_with_last_year(db: Database, clock: Any) -> None:
    last_years_review(db)
    app = create_app(db, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(app, pilot)
        assert "f-2025" in [str(c.label) for c in screen.query_one("#fid-items", DataTable).columns.values()]
        await pilot.press("3")  # no review this year yet: nothing is written
        await settle(app, pilot)
        assert "Skapa en skattning först (n)." in messages(app)
        await new_review(app, pilot)
        assert screen.current_key == "f-2026"
        # 1-5 on each row; the cursor moves on by itself, over the groups' headings
        keys = ["4"] * 10 + ["5"] * 10 + ["2"] * 5
        for key in keys:
            await pilot.press(key)
        await settle(app, pilot)
        assert stored(db, "f-2026") == {i: int(k) for i, k in zip(range(1, 26), keys, strict=True)}
        assert text(screen, "#fid-head") == "f-2026 · 2026-11-23 · egen skattning — 100 av 125 poäng · god"
        assert text(screen, "#fid-sub") == "25 av 25 punkter skattade · målet 90 nått"
        assert cell(screen, 1, "r-f-2025") == "3"
        assert cell(screen, 1, "change") == "▲ +1"
        assert cell(screen, 25, "change") == "▼ −1"
        # the cursor stays on the last item; 0 takes its score away: the total runs, the band needs all 25
        await pilot.press("0")
        await settle(app, pilot)
        assert 25 not in stored(db, "f-2026")
        assert text(screen, "#fid-head").endswith("— 98 av 125 poäng · ej klar")
        assert text(screen, "#fid-sub") == "24 av 25 punkter skattade · målet 90 nått"
        assert cell(screen, 25, "score") == "·"
        # up to item 24 and backspace too; then a new score on it
        await pilot.press("up", "backspace")
        await settle(app, pilot)
        assert 24 not in stored(db, "f-2026")
        await pilot.press("1")
        await settle(app, pilot)
        assert stored(db, "f-2026")[24] == 1


async def test_a_suggestion_is_entered_only_on_f(db: Database, clock: Any) -> None:
    add_active(db, 7)  # the fixture's coach works 40 %: 17.5 per full-time post, score 5
    app = create_app(db, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(app, pilot)
        await new_review(app, pilot)
        assert cell(screen, 1, "suggested") == "→ 5"
        assert "7 aktiva / 0,4 tjänst = 17,5 per heltid (idag)" in text(screen, "#fid-basis")
        assert stored(db, "f-2026") == {}  # shown, not entered
        await pilot.press("f")
        await settle(app, pilot)
        assert stored(db, "f-2026") == {1: 5}
        await pilot.press("down", "f")  # item 2 has no suggestion
        await settle(app, pilot)
        assert "Inget förslag för punkt 2." in messages(app)
        assert "inget förslag (ankarna finns i teamets manual)" in text(screen, "#fid-basis")
        assert stored(db, "f-2026") == {1: 5}


async def test_a_note_per_item(db: Database, clock: Any) -> None:
    app = create_app(db, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(app, pilot)
        await new_review(app, pilot)
        await pilot.press("down", "down", "a")  # item 3
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FidelityNoteForm)
        await pilot.press(*"Jobba på det")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        found = fidelity.review(db, "f-2026")
        assert found is not None and found.notes == {3: "Jobba på det"}
        assert cell(screen, 3, "note") == "✎"
        assert "Anteckning: Jobba på det" in text(screen, "#fid-basis")
        await pilot.press("enter")  # enter on the row opens the note too; escape closes it unchanged
        await settle(app, pilot)
        assert isinstance(app.screen, FidelityNoteForm)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen


async def test_pick_edit_and_delete_a_review(db: Database, clock: Any) -> None:
    last_years_review(db)
    app = create_app(db, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(app, pilot)
        await new_review(app, pilot)
        await pilot.press("5")
        await settle(app, pilot)
        # v: pick last year's review; its scores become the ones shown and scored
        await pilot.press("v")
        await settle(app, pilot)
        assert isinstance(app.screen, FidelityPick)
        await pilot.press("down", "enter")  # newest first: the second is f-2025
        await settle(app, pilot)
        assert screen.current_key == "f-2025"
        assert text(screen, "#fid-head").startswith("f-2025 · 2025-11-20 · extern granskning — 75 av 125 poäng")
        # e: change its date
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FidelityReviewForm)
        form.query_one("#on", Input).value = "2025-11-21"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        found = fidelity.review(db, "f-2025")
        assert found is not None and found.on.isoformat() == "2025-11-21" and found.kind == "external"
        # ctrl+d asks; n keeps it, j deletes it and the view goes back to this year's
        await pilot.press("ctrl+d")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(app, pilot)
        assert fidelity.review(db, "f-2025") is not None
        await pilot.press("ctrl+d")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen), app.screen
        await pilot.press("j")
        await settle(app, pilot)
        assert fidelity.review(db, "f-2025") is None, messages(app)
        assert screen.current_key == "f-2026"
        assert "Skattningen är raderad." in messages(app)


async def test_help_says_the_manual_holds_the_anchors(db: Database, clock: Any) -> None:
    app = create_app(db, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_view(app, pilot)
        await pilot.press("f1")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "ankarna för varje poäng finns i teamets egen manual" in app.screen.view_help


async def test_the_goal_from_the_team_settings(db: Database, clock: Any) -> None:
    from coachtui.store import settings

    settings.put(db, "fidelity_goal", "110")
    app = create_app(db, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(app, pilot)
        await new_review(app, pilot)
        await pilot.press("4")
        await settle(app, pilot)
        assert text(screen, "#fid-sub") == "1 av 25 punkter skattade · 106 poäng kvar till målet 110"


async def test_fits_80x24(db: Database, clock: Any) -> None:
    last_years_review(db)
    for year in (2022, 2023, 2024):
        fidelity.create_review(db, {"on": f"{year}-11-20"}, now=NOW)
    app = create_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_view(app, pilot)
        await new_review(app, pilot)
        table = screen.query_one("#fid-items", DataTable)
        assert table.region.height >= 10 and table.region.right <= 80
        assert table.virtual_size.width <= table.region.width  # no sideways scrolling at 80 columns
        labels = [str(c.label) for c in table.columns.values()]
        assert "f-2025" in labels and "f-2024" in labels and "f-2023" not in labels  # two earlier ones fit
        for selector in ("#fid-head", "#fid-sub", "#fid-basis"):
            region = screen.query_one(selector).region
            assert region.height >= 1 and region.bottom <= 23, selector
        await pilot.press("5")
        await settle(app, pilot)
        assert stored(db, "f-2026") == {1: 5}


async def test_the_goal_is_edited_in_the_team_settings_form(db: Database, clock: Any) -> None:
    from coachtui.screens.settings_form import SettingsForm

    app = create_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.action_team_settings()
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, SettingsForm)
        goal = form.query_one("#fidelity_goal", Input)
        assert goal.value == "90"
        goal.value = "126"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form  # refused, nothing written
        assert fidelity.goal(db) == 90
        goal.value = "95"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is not form
        assert fidelity.goal(db) == 95
        screen = await open_view(app, pilot)
        assert text(screen, "#fid-sub").endswith("mål 95 poäng")


async def test_ctrl_r_reloads_and_escape_closes_the_picker(db: Database, clock: Any) -> None:
    app = create_app(db, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(app, pilot)
        await new_review(app, pilot)
        fidelity.set_score(db, "f-2026", {"item": 2, "score": 4}, now=NOW)  # another window scores item 2
        assert cell(screen, 2, "score") == "·"
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert cell(screen, 2, "score") == "4"
        await pilot.press("v")
        await settle(app, pilot)
        assert isinstance(app.screen, FidelityPick)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen and screen.current_key == "f-2026"


async def test_a_failed_write_says_so_and_shows_what_the_file_holds(
    db: Database, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(db, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(app, pilot)
        await new_review(app, pilot)
        monkeypatch.setattr(fidelity, "set_score", fail_disk_full)
        await pilot.press("4")
        await settle(app, pilot)
        assert DISK_FULL in " ".join(messages(app))
        assert stored(db, "f-2026") == {}
        assert cell(screen, 1, "score") == "·"  # the shown 4 is taken back
        assert text(screen, "#fid-head").endswith("— 0 av 125 poäng · ej klar")
