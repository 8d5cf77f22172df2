"""The efterstöd template form: escape leaves at once when nothing changed, and asks before throwing changes away."""

from __future__ import annotations

from textual.widgets import Input

from coachtui.app import create_app
from coachtui.screens.confirm import ConfirmScreen
from coachtui.screens.template_form import SlotRow, TemplateForm
from coachtui.store import followups
from coachtui.store.db import Database


async def _open_template(app, pilot) -> TemplateForm:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("f3")
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("M")
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
    form = app.screen
    assert isinstance(form, TemplateForm)
    return form


async def test_escape_without_changes_closes(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_template(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, (TemplateForm, ConfirmScreen))


async def test_escape_with_changes_asks_and_keeps_them_until_answered(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        form = await _open_template(app, pilot)
        first = form.query(SlotRow).first()
        first.query_one("Input.offset", Input).value = "3"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # no: back to the form, the change still there
        await pilot.pause()
        assert app.screen is form and first.raw()[3] == "3"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("j")  # yes: throw the change away
        await pilot.pause()
        assert not isinstance(app.screen, (TemplateForm, ConfirmScreen))
    assert followups.template(db)[0].offset == 1  # nothing was saved
