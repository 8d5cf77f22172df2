"""Choose the folder the views save files in (exports, Finsam counts, the calendar, the report); remembered in
the ``export_folder`` setting. Dismissed with the chosen folder, or None when cancelled."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input

from coachtui.i18n import _
from coachtui.screens.form_modal import FormModal
from coachtui.store import settings
from coachtui.store.inputs import InputError, Problem
from coachtui.widgets.form import FormField


class FolderDialog(FormModal[Path]):
    FORM_LABEL_WIDTH = 12
    SUBMIT_ON_ENTER = True

    def __init__(self, current: Path) -> None:
        super().__init__()
        self.current = current

    def title_text(self) -> str:
        return _("Mapp för exporter")

    def intro_text(self) -> str:
        return _("Exporter, Finsam-antal, kalendern och rapporten sparas här. ~ är din hemmapp.")

    def hint_text(self) -> str:
        return _("ctrl+s eller enter sparar · escape avbryter")

    def compose_fields(self) -> ComposeResult:
        yield FormField("folder", _("Mapp"), Input(str(self.current), compact=True, id="folder", max_length=1000))

    def on_mount(self) -> None:
        self.query_one("#folder", Input).focus()
        self.mark_clean()

    def save(self, values: dict[str, Any]) -> Path:
        text = str(values["folder"]).strip()
        folder = Path(text).expanduser() if text else Path.home()
        if not folder.is_dir():
            raise InputError([Problem("folder", _("Mapp: {path} finns inte", path=str(folder)))])
        if not os.access(folder, os.W_OK):
            raise InputError([Problem("folder", _("Mapp: du får inte skriva i {path}", path=str(folder)))])
        settings.put(self.db, "export_folder", str(folder))
        return folder
