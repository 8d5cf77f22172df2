"""Import contracts: domain is pure, store never imports Textual, commands that read stay light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "coachtui"


def imports_of(folder: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0] if not node.module.startswith("coachtui") else node.module)
        found[str(path.relative_to(SRC))] = names
    return found


def test_store_never_imports_textual() -> None:
    for name, names in imports_of(SRC / "store").items():
        assert "textual" not in names and "rich" not in names, name
        assert not any(n.startswith(("coachtui.screens", "coachtui.widgets", "coachtui.app")) for n in names), name


def test_domain_is_pure() -> None:
    allowed_third_party: set[str] = set()
    forbidden = {"sqlite3", "sqlalchemy", "sqlmodel", "textual", "rich", "os", "pathlib", "io", "subprocess", "socket"}
    for name, names in imports_of(SRC / "domain").items():
        assert not (names & forbidden), (name, names & forbidden)
        project = {n for n in names if n.startswith("coachtui")}
        # i18n is a leaf (a lookup in bundled catalogues) so that domain messages are translatable
        assert all(n.startswith("coachtui.domain") or n == "coachtui.i18n" for n in project), (name, project)
        third = names - project - set(sys.stdlib_module_names) - {"__future__"}
        assert third <= allowed_third_party, (name, third)


def test_domain_never_reads_the_clock() -> None:
    for path in (SRC / "domain").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "date.today(" not in text and "datetime.now(" not in text, path


def test_store_import_is_light() -> None:
    """The read paths must not pull in SQLModel (0.7 s), the input models (0.35 s) or Textual."""
    code = (
        "import sys, coachtui.store.db, coachtui.store.participants, coachtui.store.followups;"
        "print(sorted(m for m in ('textual', 'sqlmodel', 'sqlalchemy', 'holidays', 'pydantic') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_hub_stays_out_of_the_caseload_and_reminders(db_path: Path) -> None:
    """Only ``coachtui hub`` and the Team screen import the hub (SQLAlchemy's PostgreSQL side, psycopg)."""
    from coachtui.store.db import Database
    from conftest import NOW

    database = Database(db_path)
    database.open(now=NOW)
    database.close()
    code = (
        "import io, sys\n"
        "from coachtui.cli import main\n"
        f"assert main(['reminders', '--db', {str(db_path)!r}], out=io.StringIO()) == 0\n"
        "import coachtui.app, coachtui.screens.caseload, coachtui.store.report_data, coachtui.commands.report\n"
        "print(sorted(m for m in sys.modules if m.startswith(('coachtui.hub', 'coachtui.services.hub', 'psycopg'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_hub_sql_stays_in_hub_and_its_reader_in_store() -> None:
    for folder in ("domain", "store", "screens", "widgets", "exports", "commands", "services"):
        for name, names in imports_of(SRC / folder).items():
            assert "psycopg" not in names, (folder, name)
    for name, names in imports_of(SRC / "hub").items():
        assert not any(n.startswith(("coachtui.screens", "coachtui.widgets", "coachtui.app")) for n in names), name
        assert "textual" not in names and "sqlite3" not in names, name


def test_only_the_table_definitions_import_sqlmodel() -> None:
    """store/models.py defines the tables once; nothing else imports SQLModel, and SQLAlchemy only the hub
    (PostgreSQL): the store writes with ``db.write()`` and SQL, services run no SQL of their own."""
    for folder in ("store", "services", "commands", "screens", "widgets", "exports", "domain"):
        for name, names in imports_of(SRC / folder).items():
            if name == "store/models.py":
                continue
            assert "sqlmodel" not in names, (folder, name)
            assert "sqlalchemy" not in names, (folder, name)  # the hub's SQL lives in hub/, the store's in store/
    assert not (SRC / "store" / "session.py").exists()


def test_writes_import_neither_sqlmodel_nor_sqlalchemy(db_path: Path) -> None:
    """Saving a participant (and every other kind of record a form saves) needs the input models, not an ORM."""
    code = (
        "import sys\n"
        "from datetime import date, datetime\n"
        "from pathlib import Path\n"
        "from coachtui.store.db import Database\n"
        "from coachtui.store import exits, fidelity, followups, participants, settings, surveys\n"
        f"db = Database(Path({str(db_path)!r}))\n"
        "db.open(now=datetime(2026, 11, 23, 9, 0))\n"
        "participants.save_coach(db, {'name': 'Kim', 'municipality': 'Eksjö', 'fte': 1})\n"
        "data = {'first_name': 'Anna', 'last_name': 'Berg', 'birth_year': 1990, 'gender': 'woman',\n"
        "        'municipality': 'Eksjö', 'program': 'SE', 'enrolled_on': '2026-01-12', 'sus_consent': True}\n"
        "pid = participants.add_participant(db, data)\n"
        "participants.update_participant(db, pid, {**data, 'first_name': 'Ann'},\n"
        "                                expected_version=participants.version(db, pid))\n"
        "participants.add_journal(db, pid, {'on': '2026-02-01', 'kind': 'meeting', 'text': 'Möte'})\n"
        "followups.add_employment(db, pid, {'employer': 'Bageriet AB', 'start_on': '2026-03-02',\n"
        "                         'subsidised': False, 'extent': 50})\n"
        "exits.register_exit(db, pid, {'on': '2026-11-20', 'reason': 'moved'}, date(2026, 11, 23))\n"
        "settings.put(db, 'lock_minutes', '4')\n"
        "surveys.mark_offered(db, pid, date(2026, 11, 2))\n"
        "key = fidelity.create_review(db, {'on': '2026-11-23'}, now=datetime(2026, 11, 23, 9, 0))\n"
        "fidelity.set_score(db, key, {'item': 1, 'score': 4}, now=datetime(2026, 11, 23, 9, 0))\n"
        "count = db.read().execute('SELECT count(*) FROM audit').fetchone()[0]\n"
        "print(count >= 9, sorted(m for m in ('sqlmodel', 'sqlalchemy', 'textual') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stdout.strip() == "True []", done.stderr
