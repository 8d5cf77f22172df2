"""The questionnaire's goals and reminder days in the team settings form, and the exit form's "avslutsenkät
lämnad" checkbox."""

from __future__ import annotations

import io
import json
from typing import Any

from textual.widgets import Input, Select

from coachtui.app import create_app
from coachtui.cli import main
from coachtui.screens.exit_form import ExitForm
from coachtui.screens.settings_form import SettingsForm, change_text, form_text
from coachtui.store import exits, participants, settings, surveys
from coachtui.store.db import Database
from coachtui.widgets.form import FormField, MarkedCheckbox
from conftest import TODAY, messages, participant_data, settle

SIZE = (100, 30)
GOALS = ("survey_goal_all", *(f"survey_goal_q{n}" for n in range(1, 8)))


async def test_goals_and_reminder_days_are_edited_in_the_team_settings(db: Database, clock: Any) -> None:
    app = create_app(db, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.action_team_settings()
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, SettingsForm)
        shown = {name: form.query_one(f"#{name}", Input).value for name in (*GOALS, "survey_reminder_days")}
        assert shown == {
            "survey_goal_all": "70",
            "survey_goal_q1": "75",
            "survey_goal_q2": "",
            "survey_goal_q3": "",
            "survey_goal_q4": "",
            "survey_goal_q5": "75",
            "survey_goal_q6": "",
            "survey_goal_q7": "85",
            "survey_reminder_days": "90",
        }
        form.query_one("#survey_goal_q1", Input).value = "120"
        form.query_one("#survey_goal_all", Input).value = ""
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert "0-100 eller tomt" in form.query_one("#field-survey_goal_q1", FormField).error
        assert "måste fyllas i" in form.query_one("#field-survey_goal_all", FormField).error
        assert db.read().execute("SELECT count(*) FROM setting WHERE key LIKE 'survey%'").fetchone()[0] == 0
        form.query_one("#survey_goal_all", Input).value = "80"
        form.query_one("#survey_goal_q1", Input).value = ""  # no goal for question 1
        form.query_one("#survey_goal_q2", Input).value = "60 %"
        form.query_one("#survey_reminder_days", Input).value = "120"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, SettingsForm)
        note = "\n".join(messages(app))
        assert "Enkätmål alla frågor 70 % → 80 %" in note and "Enkätpåminnelse (dagar) 90 → 120" in note
    assert settings.get(db, "survey_goal_all") == "0.8" and settings.get(db, "survey_goal_q1") == ""
    assert settings.get(db, "survey_goal_q2") == "0.6" and settings.get(db, "survey_reminder_days") == "120"
    goals = surveys.goals(db)
    assert goals.all == 0.8 and goals.questions[:2] == (None, 0.6) and surveys.reminder_days(db) == 120
    # the CLI reads them at once
    out = io.StringIO()
    assert main(["survey", "report", "--db", str(db.path), "--format", "json"], out=out) == 0
    doc = json.loads(out.getvalue())
    assert doc["all"]["goal"] == 0.8 and doc["questions"][0]["goal"] is None and doc["questions"][1]["goal"] == 0.6


def test_goal_texts_in_the_form_and_the_notification() -> None:
    assert form_text("survey_goal_q7", "0.85") == "85" and form_text("survey_goal_q2", "") == ""
    assert form_text("survey_goal_all", "x") == "70"  # unreadable: the default
    assert change_text("survey_goal_q3", "", "0.5") == "Enkätmål fråga 3 – → 50 %"


async def test_the_exit_form_marks_the_exit_questionnaire_handed_out(db: Database, clock: Any) -> None:
    pid = participants.add_participant(db, participant_data(enrolled_on="2026-02-02"))
    other = participants.add_participant(db, participant_data(first_name="Bo", enrolled_on="2026-02-02"))
    app = create_app(db, clock)
    async with app.run_test(size=SIZE) as pilot:
        for person, tick in ((pid, True), (other, False)):
            form = ExitForm(person)
            app.push_screen(form)
            await settle(app, pilot)
            form.query_one("#on", Input).value = "2026-11-20"
            form.query_one("#reason", Select).value = "job_seeking"
            if tick:
                box = form.query_one("#exit-survey", MarkedCheckbox)
                box.focus()
                await pilot.press("space")
                assert box.value is True
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert not isinstance(app.screen, ExitForm)
        assert "Avslutsenkäten är markerad som lämnad 2026-11-23." in messages(app)
    assert exits.exit_of(db, pid) is not None and exits.exit_of(db, other) is not None
    rows = db.read().execute("SELECT survey_offered_on FROM participant ORDER BY id").fetchall()
    assert [r[0] for r in rows] == [TODAY.isoformat(), None]
