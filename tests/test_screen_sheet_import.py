"""The import wizard for a coach's own sheet: columns recognised, unknown ones mapped or skipped, preview, import."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, DataTable, Input, Select, Static

from coachtui.app import create_app
from coachtui.screens.confirm import ConfirmScreen
from coachtui.screens.import_dialog import ImportDialog
from coachtui.services import sheet_import
from coachtui.store.db import Database

SHEET = [
    "Min lista hösten 2025",
    "",
    "Namn;Född;Kön;Inskrivningsdatum;Steg;Mobilen;Handläggare AF",
    "Anna Andersson;1990;K;1/9 2025;3 Jobbsökande;070-111;Eva",
    "Bo Berg;1985;M;15.1.2025;2;070-222;Eva",
]


def write(tmp_path: Path, lines: list[str], name: str = "lista.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def text_of(dialog: ImportDialog, selector: str) -> str:
    return str(dialog.query_one(selector, Static).render())


async def open_dialog(app, pilot, path: Path) -> ImportDialog:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    app.push_screen(ImportDialog(str(path)))
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, ImportDialog)
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return dialog


async def test_unknown_columns_are_mapped_and_skipped_then_previewed_and_imported(  # type: ignore[no-untyped-def]
    db: Database, clock, tmp_path: Path
) -> None:
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_dialog(app, pilot, write(tmp_path, SHEET))
        assert "Steg 2 av 3" in text_of(dialog, "#step")
        columns = text_of(dialog, "#columns")
        assert "Rubrikraden är rad 3" in columns and "✓ Namn → Namn (förnamn och efternamn);" in columns
        assert "✓ Inskrivningsdatum → Inskriven" in columns
        selects = list(dialog.query(Select))
        assert [s.name for s in selects] == ["Mobilen", "Handläggare AF"]
        assert app.focused is selects[0]
        assert dialog.query_one("#import", Button).disabled
        await pilot.press("ctrl+g")  # nothing chosen yet: a hint, no review
        await pilot.pause()
        assert "✗ Välj vad varje okänd kolumn ska bli" in text_of(dialog, "#result")
        selects[0].value = "phone"
        selects[1].value = sheet_import.SKIP
        await pilot.pause()
        await pilot.press("ctrl+g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Steg 3 av 3" in text_of(dialog, "#step"), text_of(dialog, "#result")
        result = text_of(dialog, "#result")
        assert "Filen är granskad" in result and "Nya deltagare: 2" in result
        assert "Standardvärde Kommun: Gislaved (rader: 2)" in result and "SUS-påminnelser som skapas: 0" in result
        table = dialog.query_one("#preview", DataTable)
        assert table.display and table.row_count == 2
        assert table.get_row_at(0)[:3] == ["Anna Andersson", "1990", "Kvinna"] and table.get_row_at(0)[-1] == "070-111"
        assert db.read().execute("SELECT count(*) FROM participant").fetchone()[0] == 0
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("j")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ImportDialog)
    rows = db.read().execute("SELECT first_name, phone FROM participant ORDER BY id").fetchall()
    assert rows == [("Anna", "070-111"), ("Bo", "070-222")]


async def test_choosing_with_the_keyboard_and_changing_a_choice_needs_a_new_review(  # type: ignore[no-untyped-def]
    db: Database, clock, tmp_path: Path
) -> None:
    app = create_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(app, pilot, write(tmp_path, SHEET))
        first, second = list(dialog.query(Select))
        await pilot.press("enter", "down", "enter")  # the list opens on its first choice: Hoppa över
        await pilot.pause()
        assert first.value == sheet_import.SKIP
        second.focus()
        await pilot.press("enter", "down", "down", "enter")  # the second: a journal entry
        await pilot.pause()
        assert second.value == sheet_import.JOURNAL
        await pilot.press("ctrl+g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not dialog.query_one("#import", Button).disabled
        first.value = "phone"
        await pilot.pause()
        assert dialog.query_one("#import", Button).disabled  # the preview is no longer what will be written
        assert not dialog.query_one("#preview", DataTable).display
        await pilot.press("ctrl+s")  # reviews again with the new choice
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Filen är granskad" in text_of(dialog, "#result")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ImportDialog)
    assert db.read().execute("SELECT count(*) FROM participant").fetchone()[0] == 0


async def test_a_sheet_of_known_columns_goes_straight_to_the_review(  # type: ignore[no-untyped-def]
    db: Database, clock, tmp_path: Path
) -> None:
    lines = [SHEET[0], *(line.rsplit(";", 2)[0] for line in SHEET[2:])]
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_dialog(app, pilot, write(tmp_path, lines))
        assert "Steg 3 av 3" in text_of(dialog, "#step")
        assert "✓ Steg → Steg" in text_of(dialog, "#columns") and not list(dialog.query(Select))
        assert "Standardvärde Steg datum: importdagen 2026-11-23 (rader: 2)" in text_of(dialog, "#result")


async def test_a_bad_cell_names_row_and_header_and_editing_the_path_starts_over(  # type: ignore[no-untyped-def]
    db: Database, clock, tmp_path: Path
) -> None:
    bad = [SHEET[2].rsplit(";", 2)[0], "Anna Andersson;1990;Q;1/9 2025;3"]
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_dialog(app, pilot, write(tmp_path, bad))
        result = text_of(dialog, "#result")
        assert "(1 fel)" in result and "rad 2: Kön: okänt värde 'Q' (tillåtna: Kvinna (K), Man (M))" in result
        assert dialog.query_one("#import", Button).disabled
        path = dialog.query_one("#path", Input)
        path.value = str(write(tmp_path, SHEET, "annan.csv"))
        await pilot.pause()
        assert text_of(dialog, "#columns") == ""
        path.focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(list(dialog.query(Select))) == 2
