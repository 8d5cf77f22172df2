"""The questionnaire view (F6) and the quick entry of paper sheets, driven by the keyboard only."""

from __future__ import annotations

import csv
import io
import random
import stat
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from coachtui.app import CoachApp, create_app
from coachtui.domain import survey as rules
from coachtui.screens.confirm import ConfirmScreen
from coachtui.screens.participant import ParticipantScreen
from coachtui.screens.reminders import RemindersScreen
from coachtui.screens.survey import SurveyScreen, bar, bar_line
from coachtui.screens.survey_entry import Sheet, SurveyEntry
from coachtui.store import participants, surveys
from coachtui.store.db import Database
from conftest import DISK_FULL, TODAY, fail_disk_full, messages, participant_data, settle

SIZE = (100, 34)


def stored(db: Database) -> list[tuple[Any, ...]]:
    return [
        (s.key, s.kind, s.on.isoformat(), s.respondent, s.answers, s.municipality, s.program)
        for s in surveys.sheets(db, newest_first=False)
    ]


async def open_view(app: CoachApp, pilot: Any) -> SurveyScreen:
    await pilot.press("f6")
    await settle(app, pilot)
    assert isinstance(app.screen, SurveyScreen)
    return app.screen


async def open_entry(app: CoachApp, pilot: Any) -> SurveyEntry:
    await pilot.press("n")
    await settle(app, pilot)
    assert isinstance(app.screen, SurveyEntry)
    return app.screen


def keys_for(answers: list[int | None]) -> list[str]:
    return [str(a) if a is not None else random.choice(["minus", "space"]) for a in answers]


async def test_a_coach_enters_twenty_paper_sheets_with_the_keyboard_only(db: Database, clock: Any) -> None:
    rnd = random.Random(16)
    expected: list[tuple[str, tuple[int | None, ...]]] = []
    app = create_app(db, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_view(app, pilot)
        entry = await open_entry(app, pilot)
        respondent = "unstated"
        for number in range(20):
            answers: list[int | None] = [rnd.choice([None, 1, 2, 3, 4, 5, 6]) for _ in range(7)]
            answers[number % 7] = rnd.randint(1, 6)  # every sheet answers at least one question
            keys = keys_for(answers)
            if number % 5 == 0:  # the respondent changes now and then; otherwise it is remembered
                respondent = ("woman", "man", "unstated")[number % 3]
                keys.insert(0, {"woman": "k", "man": "m", "unstated": "v"}[respondent])
            if number == 12:
                keys.insert(0, "t")  # from here on: exit questionnaires
            await pilot.press(*keys, "enter")  # no pause between sheets: the queue keeps up
            expected.append((respondent, tuple(answers)))
        await settle(app, pilot)
        assert entry.saved == 20
        assert "20 sparade" in str(entry.query_one("#entry-title", Static).render())
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, SurveyScreen)
        assert "20 enkäter sparade." in messages(app)
    rows = stored(db)
    assert [r[0] for r in rows] == [f"s-{n:04d}" for n in range(1, 21)]
    assert [(r[3], r[4]) for r in rows] == expected
    assert [r[1] for r in rows] == ["ongoing"] * 12 + ["exit"] * 8
    assert {(r[2], r[5], r[6]) for r in rows} == {(TODAY.isoformat(), "Gislaved", "SE")}  # the coach's municipality


async def test_skip_back_move_and_the_remembered_settings(db: Database, clock: Any) -> None:
    app = create_app(db, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_view(app, pilot)
        entry = await open_entry(app, pilot)
        sheet = entry.query_one(Sheet)
        await pilot.press("m", "5", "space", "3", "backspace", "4")
        assert sheet.answers[:3] == [5, None, 4] and sheet.current == 3
        await pilot.press("up", "up", "6")  # back to question 2 and answer it
        assert sheet.answers[:3] == [5, 6, 4]
        await pilot.press("p", "d", "ctrl+u", *"2026-10-12", "enter", "o", "ctrl+u", *"Vaggeryd", "enter")
        settings = str(entry.query_one("#entry-settings", Static).render())
        assert "Man" in settings and "IPS" in settings and "2026-10-12" in settings and "Vaggeryd" in settings
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("9")  # not a box: nothing happens
        assert sheet.empty
        await pilot.press("escape")
        await settle(app, pilot)
        # opened again: the same kind, respondent, programme, date and municipality
        entry = await open_entry(app, pilot)
        await pilot.press("1", "enter")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
    rows = stored(db)
    assert rows[0] == ("s-0001", "ongoing", "2026-10-12", "man", (5, 6, 4, None, None, None, None), "Vaggeryd", "IPS")
    assert rows[1][2:] == ("2026-10-12", "man", (1,) + (None,) * 6, "Vaggeryd", "IPS")


async def test_bad_sheets_are_refused_with_a_clear_message_and_nothing_written(
    db: Database, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(db, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_view(app, pilot)
        entry = await open_entry(app, pilot)
        await pilot.press("minus", "minus", "minus", "minus", "minus", "minus", "minus", "enter")
        await settle(app, pilot)
        status = entry.query_one("#entry-status", Static)
        assert "minst en fråga måste vara besvarad" in str(status.render()) and status.has_class("-error")
        await pilot.press("enter")  # nothing answered at all
        await pilot.press("d", "ctrl+u", *"2099-01-01", "enter")  # a date to come
        assert "har inte kommit" in str(status.render())
        await pilot.press("escape")
        # a write the disk refuses: the sheet comes back, nothing is written
        monkeypatch.setattr(surveys, "add_sheet", fail_disk_full)
        await pilot.press("4", "5", "enter")
        await settle(app, pilot)
        assert DISK_FULL in str(status.render())
        assert entry.query_one(Sheet).answers[:2] == [4, 5]
        # escape with a started sheet asks first; "n" keeps the form
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(app, pilot)
        assert app.screen is entry
    assert surveys.count(db) == 0


async def test_the_view_shows_bars_with_numbers_edits_and_deletes_and_saves_csv(db: Database, clock: Any) -> None:
    surveys.add_sheet(db, {"kind": "ongoing", "on": "2026-10-05", "municipality": "Gislaved", "program": "SE",
                           "respondent": "woman", "answers": [5, 6, 4, None, 3, 6, 6]})  # fmt: skip
    surveys.add_sheet(db, {"kind": "exit", "on": "2026-10-06", "municipality": "Gislaved", "program": "SE",
                           "respondent": "man", "answers": [1, 1, 1, 1, 1, 1, 1]})  # fmt: skip
    app = create_app(db, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(app, pilot)
        chart = str(screen.query_one("#survey-chart", Static).render())
        assert "Fråga 1" in chart and "50,0 % (1 av 2)" in chart and "mål 75,0 %" in chart and "✗ nej" in chart
        assert "Alla frågor" in chart and "38,5 % (5 av 13)" in chart  # 5 of A's 6 answers, none of B's 7
        assert "2 (kvinnor 1, män 1" in str(screen.query_one("#survey-title", Static).render())
        wording = str(screen.query_one("#survey-wording", Static).render())
        assert all(question in wording for question in rules.QUESTIONS)
        await pilot.press("k")  # ongoing only
        await settle(app, pilot)
        chart = str(screen.query_one("#survey-chart", Static).render())
        assert "100,0 % (1 av 1)" in chart and "✓ ja" in chart
        await pilot.press("g")  # women
        chart = str(screen.query_one("#survey-chart", Static).render())
        assert "Kvinna" in chart
        await pilot.press("k", "k")  # both again
        await settle(app, pilot)
        # the list: newest first; enter edits, x deletes after asking
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SurveyEntry) and app.screen.query_one(Sheet).answers == [1] * 7
        await pilot.press("up", "6", "escape")  # changed: asks before throwing the change away
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen) and "inte sparade" in app.screen.question
        await pilot.press("n")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SurveyScreen)
        assert surveys.sheets(db)[0].answers == (1, 1, 1, 1, 1, 1, 6)
        await pilot.press("x")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(app, pilot)
        assert surveys.count(db) == 2
        await pilot.press("x", "j")
        await settle(app, pilot)
        assert [s.key for s in surveys.sheets(db)] == ["s-0001"]
        assert "Enkät s-0002 borttagen." in messages(app)
        await pilot.press("e")
        await settle(app, pilot)
    path = Path.home() / "coachtui-enkat-2026-07-01--2026-12-31.csv"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8").lstrip("\ufeff")), delimiter=";"))
    assert next(r for r in rows if r and r[0] == "1")[1] == rules.QUESTIONS[0]


def test_the_bar_always_has_the_goal_and_a_number_beside_it() -> None:
    figure = rules.Figure(answered=4, top3=3, goal=0.85)
    assert bar(figure) == "█" * 15 + "·┃···"  # 75 % filled; the goal 85 % ends in the 17th of 20 cells
    assert bar(rules.Figure(0, 0, 0.7)) == "·" * 20
    assert "75,0 % (3 av 4)" in bar_line("Fråga 7", figure) and "✗ nej" in bar_line("Fråga 7", figure)
    assert "– (0 av 0)" in bar_line("Fråga 2", rules.Figure(0, 0, None))


async def test_help_palette_and_the_80_by_24_screen(db: Database, clock: Any) -> None:
    app = create_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Enkät", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SurveyScreen)
        screen = app.screen
        help_text = screen.help_markdown()
        for key in ("**n**", "**enter**", "**x**", "**k**", "**g**", "**[**", "**y**", "**e**"):
            assert key in help_text
        assert len(list(screen.palette_commands())) == 9
        entry = await open_entry(app, pilot)
        assert "**1**-**6**" in entry.help_markdown() and len(entry.palette_commands()) == 8
        frame = entry.query_one("#entry-frame")
        assert frame.region.height <= 24 and entry.query_one("#entry-status").region.height >= 1
        await pilot.press("f1")
        await settle(app, pilot)
        assert "Mata in NNS-enkäter" in str(app.screen.query_one("Markdown").source)  # type: ignore[attr-defined]


async def test_enkat_lamnad_on_the_participant_and_in_the_reminders(db: Database, clock: Any) -> None:
    first = participants.add_participant(db, participant_data(enrolled_on="2026-02-02"))
    participants.add_participant(db, participant_data(first_name="Bo", enrolled_on="2026-03-02"))
    app = create_app(db, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, RemindersScreen)
        assert sorted(i.name for i in screen.items.values() if i.is_survey) == ["Anna A.", "Bo A."]
        table_keys = [str(r.key) for r in screen.query_one("VirtualTable").rows]  # type: ignore[attr-defined]
        assert f"q{first}" in table_keys
        screen.query_one("VirtualTable").move_cursor_to_key(f"q{first}")  # type: ignore[attr-defined]
        await pilot.press("z")  # a follow-up key on a questionnaire line says what to press instead
        await settle(app, pilot)
        assert "Det här gäller bara uppföljningar; l markerar enkäten lämnad." in messages(app)
        await pilot.press("l")
        await settle(app, pilot)
        assert [i.name for i in screen.items.values() if i.is_survey] == ["Bo A."]
        assert any("Anna A.: enkäten markerad som lämnad 2026-11-23." in m for m in messages(app))
        # on the participant: l
        bo = next(i for i in screen.items.values() if i.is_survey)
        app.push_screen(ParticipantScreen(bo.participant_id))
        await settle(app, pilot)
        await pilot.press("l")
        await settle(app, pilot)
        assert "Enkäten markerad som lämnad 2026-11-23." in messages(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert not [i for i in screen.items.values() if i.is_survey]
    offered = db.read().execute("SELECT survey_offered_on FROM participant ORDER BY id").fetchall()
    assert [r[0] for r in offered] == [TODAY.isoformat()] * 2
