"""The exports mode: exits of the half-year with SUS status, mark registered, export files, change period."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from coachtui.app import CoachApp, create_app
from coachtui.clock import Clock
from coachtui.screens.confirm import ConfirmScreen
from coachtui.screens.exports import ExportsScreen, SusDateModal
from coachtui.store import exits, participants
from coachtui.store.db import Database
from coachtui.widgets.form import FormField
from coachtui.widgets.table import VirtualTable
from conftest import TODAY, participant_data, settle

WORK = {"reason": "unsubsidised_work", "occupation_after_kind": "unsubsidised_work", "occupation_after_extent": 100}


def fill(db: Database) -> dict[str, int]:
    ids = {
        name: participants.add_participant(db, participant_data(first_name=name, sus_consent=name != "Cia"))
        for name in ("Anna", "Bo", "Cia", "Dora")
    }
    exits.register_exit(db, ids["Anna"], {"on": "2026-08-03", **WORK}, TODAY)  # SUS due 2026-11-03: due
    exits.register_exit(db, ids["Bo"], {"on": "2026-11-02", **WORK}, TODAY)  # SUS due 2027-02-02: later
    exits.register_exit(db, ids["Cia"], {"on": "2026-09-01", "reason": "moved"}, TODAY)  # no consent
    exits.register_exit(db, ids["Dora"], {"on": "2026-03-02", "reason": "moved"}, TODAY)  # the half-year before
    return ids


async def open_exports(app: CoachApp, pilot: Pilot[Any]) -> ExportsScreen:
    await settle(app, pilot)
    await app.switch_mode("exports")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, ExportsScreen)
    return screen


def cells(screen: ExportsScreen) -> dict[str, tuple[str, ...]]:
    return {row.cells[0].split()[0]: row.cells for row in screen.query_one(VirtualTable).rows}


async def test_list_and_mark_registered_in_sus(db: Database, clock: Clock) -> None:
    ids = fill(db)
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await open_exports(app, pilot)
        shown = cells(screen)
        assert sorted(shown) == ["Anna", "Bo", "Cia"]  # the current half-year 2026-07-01..2026-12-31
        assert shown["Anna"][3] == "2026-11-03" and shown["Anna"][4].startswith("⚠ ej registrerad, dags")
        assert shown["Bo"][4].startswith("○ ej registrerad")
        assert shown["Cia"][4].startswith("– utan samtycke")
        assert "2 ej registrerade i SUS (1 ⚠ dags)" in str(screen.query_one("#summary").content)

        screen.query_one(VirtualTable).move_cursor_to_key(ids["Anna"])
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, SusDateModal)
        await pilot.press("enter")  # the date defaults to today
        await settle(app, pilot)
        assert app.screen is screen
        found = exits.exit_of(db, ids["Anna"])
        assert found is not None and found.sus_registered_on == TODAY
        assert cells(screen)["Anna"][4] == f"✓ registrerad {TODAY.isoformat()}"
        assert "· 1 ej registrerad i SUS (0 ⚠ dags)" in str(screen.query_one("#summary").content)  # singular

        # u removes the mark after a confirmation
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("j")
        await settle(app, pilot)
        found = exits.exit_of(db, ids["Anna"])
        assert found is not None and found.sus_registered_on is None

        # no consent: nothing to register
        screen.query_one(VirtualTable).move_cursor_to_key(ids["Cia"])
        await pilot.press("r")
        await pilot.pause()
        assert app.screen is screen


async def test_export_files_and_period(db: Database, clock: Clock) -> None:
    ids = fill(db)
    exits.mark_sus_registered(db, ids["Bo"], TODAY)
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await open_exports(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        path = Path.home() / "coachtui-avslut-2026-07-01--2026-12-31.csv"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        table = list(csv.reader(io.StringIO(path.read_bytes()[3:].decode("utf-8")), delimiter=";"))
        assert [r[1] for r in table[1:]] == ["Anna"]  # Bo is registered, Cia has no consent
        assert any(str(path) in str(n.message) and "1 redan registrerade" in str(n.message) for n in app._notifications)

        await pilot.press("a")  # registered ones too
        await pilot.press("c")
        await settle(app, pilot)
        table = list(csv.reader(io.StringIO(path.read_bytes()[3:].decode("utf-8")), delimiter=";"))
        assert sorted(r[1] for r in table[1:]) == ["Anna", "Bo"]
        await pilot.press("a")

        await pilot.press("j")
        await settle(app, pilot)
        data = json.loads((Path.home() / "coachtui-avslut-2026-07-01--2026-12-31.json").read_text())
        assert [d["first_name"] for d in data] == ["Anna"]

        await pilot.press("f")
        await settle(app, pilot)
        text = (Path.home() / "coachtui-finsam-2026-07-01--2026-12-31.txt").read_text()
        assert "Deltagare i individinriktade insatser: 3" in text

        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert sorted(cells(screen)) == ["Dora"]
        assert screen.query_one("#period-from").value == "2026-01-01"  # type: ignore[attr-defined]
    actions = [r[0] for r in db.read().execute("SELECT action FROM audit WHERE action LIKE 'export%' ORDER BY id")]
    assert actions == ["export exits", "export exits", "export exits", "export finsam"]


async def test_the_key_bar_shows_finsam_json_and_the_half_year_at_80_columns(db: Database, clock: Clock) -> None:
    from coachtui.i18n import set_language
    from coachtui.widgets.keybar import KeyBar

    fill(db)
    try:
        for lang, words in (("sv", ("Finsam", "JSON", "Halvår", "CSV")), ("en", ("Finsam", "JSON", "CSV"))):
            set_language(lang)
            app = create_app(db, clock)
            async with app.run_test(size=(80, 24)) as pilot:
                screen = await open_exports(app, pilot)
                bar = str(screen.query_one(KeyBar).render())
                assert all(word in bar for word in (*words, "[ ]")), (lang, bar)
                table = screen.query_one(VirtualTable)
                lines = [table.render_line(y).text for y in range(1, 1 + len(table.rows))]
                assert any("Anna Andersson " in line for line in lines), lines  # whole, not cut at 12
    finally:
        set_language("sv")


async def test_the_coach_chooses_the_export_folder_and_it_is_remembered(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    from coachtui.screens.folder_dialog import FolderDialog
    from coachtui.store import settings

    fill(db)
    target = tmp_path / "Exporter från coachtui"
    target.mkdir()
    app = create_app(db, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_exports(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, FolderDialog)
        assert dialog.query_one("#folder").value == str(Path.home())  # type: ignore[attr-defined]
        dialog.query_one("#folder").value = str(tmp_path / "saknas")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is dialog and "finns inte" in dialog.query_one("#field-folder", FormField).error
        dialog.query_one("#folder").value = str(target)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        assert settings.export_folder(db) == target
        await pilot.press("c")
        await settle(app, pilot)
        path = target / "coachtui-avslut-2026-07-01--2026-12-31.csv"
        assert path.exists()
        assert any(str(path) in str(n.message) for n in app._notifications)  # the whole path
    app = create_app(db, clock)  # remembered the next time
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_exports(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        assert (target / "coachtui-finsam-2026-07-01--2026-12-31.txt").exists()
