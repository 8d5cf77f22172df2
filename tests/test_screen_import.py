"""The import dialog: path → dry-run summary → confirm → participants in the database."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Input, Static

import caseload_gen
from coachtui.app import create_app
from coachtui.screens.confirm import ConfirmScreen
from coachtui.screens.import_dialog import ImportDialog
from coachtui.store import bulk, document
from coachtui.store.db import Database


def count(db: Database) -> int:
    return int(db.read().execute("SELECT count(*) FROM participant").fetchone()[0])


def result_text(dialog: ImportDialog) -> str:
    return str(dialog.query_one("#result", Static).render())


async def test_review_then_confirm_imports(db: Database, clock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "lista.json"
    source.write_text(document.dumps(caseload_gen.document(12, seed=4)), encoding="utf-8")
    app = create_app(db, clock)
    results: list[bulk.Summary | None] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        app.push_screen(ImportDialog(), results.append)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        assert dialog.query_one("#import", Button).disabled
        dialog.query_one("#path", Input).value = str(source)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = result_text(dialog)
        assert "Filen är granskad" in text and "Nya deltagare: 12" in text and "Provkörning" in text
        assert count(db) == 0  # the review wrote nothing
        assert not dialog.query_one("#import", Button).disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Importera 12 nya och ändra 0 deltagare?" in str(app.screen.question)
        await pilot.press("j")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ImportDialog)
    assert count(db) == 12
    assert len(results) == 1 and results[0] is not None and len(results[0].added) == 12


async def test_a_bad_file_lists_its_problems_and_cannot_be_imported(db: Database, clock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "fel.csv"
    bad.write_text(
        "Förnamn;Efternamn;Födelseår;Kön;Kommun;Program;Inskriven;SUS-samtycke\n"
        "Anna;A;1990;Kvinna;Gislaved;SE;2026-02-30;ja\n"
        ";B;1990;Okänt;Gislaved;SE;2025-01-01;ja\n",
        encoding="utf-8",
    )
    app = create_app(db, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        app.push_screen(ImportDialog(str(bad)))
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        await pilot.press("ctrl+g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = result_text(dialog)
        assert "✗ Filen kan inte läsas in; inget har ändrats (3 fel)" in text
        assert "rad 2: Inskriven: ogiltigt datum" in text
        assert (
            "rad 3: Förnamn: måste fyllas i" in text
            and "rad 3: Kön: okänt värde 'Okänt' (tillåtna: Kvinna (K), Man (M))" in text
        )
        assert dialog.query_one("#import", Button).disabled
        await pilot.press("ctrl+s")  # reviews again instead of importing
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is dialog
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ImportDialog)
    assert count(db) == 0


async def test_cancelling_the_confirmation_writes_nothing(db: Database, clock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "lista.json"
    source.write_text(document.dumps(caseload_gen.document(3, seed=4)), encoding="utf-8")
    app = create_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        app.push_screen(ImportDialog(str(source)))
        await pilot.pause()
        dialog = app.screen
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is dialog
    assert count(db) == 0
