"""Team settings kept in the ``setting`` table (key → text)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from coachtui.domain import survey
from coachtui.store import audit
from coachtui.store.db import Database

DEFAULTS: Final[dict[str, str]] = {
    "sus_delay_months": "3",
    "efterstod_template": "",  # empty: the default template of domain.schedule
    "target_participants_per_year": "28",
    "target_share_work_or_studies": "0.5",
    "retention_years": "0",  # 0: off
    "lock_minutes": "5",  # an encrypted database locks after this many idle minutes (decimals allowed; 0: never)
    "store_personnummer": "0",  # 1: a personnummer may be stored per participant (shown masked, never exported)
    "fidelity_goal": "90",  # the IPS fidelity review's goal in points (of 125)
    **survey.SETTING_DEFAULTS,  # the NNS questionnaire: goals as 0..1 fractions ("" = none), reminder days
    "hub_url": "",  # the team hub's libpq URL, never with a password (services.hub)
    "hub_last_push": "",  # the last hub push as JSON: when, how many, a fingerprint per pseudonym (services.hub)
    "export_folder": "",  # where the views save exports, calendars and reports; empty: the home folder
}


def get(db: Database, key: str) -> str:
    row = db.read().execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row is not None else DEFAULTS.get(key, "")


def get_int(db: Database, key: str) -> int:
    return int(get(db, key) or DEFAULTS[key])


def write(conn: sqlite3.Connection, key: str, value: str) -> None:
    """Store one setting inside the caller's write transaction (``db.write()``); no audit row of its own."""
    conn.execute(
        "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def put(db: Database, key: str, value: str) -> None:
    with db.write() as conn:
        write(conn, key, value)
        audit.record(conn, db.clock.now(), "setting changed", key)


def export_folder(db: Database) -> Path:
    """The folder the views save files in (the coach chooses it in the Export view, key o)."""
    value = get(db, "export_folder").strip()
    return Path(value).expanduser() if value else Path.home()


def sus_delay_months(db: Database) -> int:
    """The team's SUS delay for work and studies in months (default 3; a bad value counts as the default)."""
    try:
        return max(0, get_int(db, "sus_delay_months"))
    except ValueError:
        return int(DEFAULTS["sus_delay_months"])


TEAM_KEYS: Final = (
    "sus_delay_months",
    "target_participants_per_year",
    "target_share_work_or_studies",
    "lock_minutes",
    "fidelity_goal",
    *survey.SETTING_DEFAULTS,
)


def put_many(db: Database, values: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """Write several settings in ONE write transaction with ONE audit row naming the changed keys (never the
    values). Returns ``{key: (old, new)}`` of those that changed (old: the stored text, else the default); when
    none changed nothing is written, not even the audit row. A key outside DEFAULTS raises KeyError."""
    unknown = sorted(set(values) - set(DEFAULTS))
    if unknown:
        raise KeyError(f"unknown settings: {', '.join(unknown)}")
    changed: dict[str, tuple[str, str]] = {}
    with db.write() as conn:
        for key, value in values.items():
            row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
            old = str(row[0]) if row is not None else DEFAULTS[key]
            if old != value:
                changed[key] = (old, value)
                write(conn, key, value)
        if changed:
            audit.record(
                conn, db.clock.now(), "settings changed", "setting", count=len(changed), detail=",".join(changed)
            )
    return changed


def save_team(db: Database, data: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """Validate the settings form's values (``inputs.TeamSettingsIn``, the share in per cent) and save the
    team settings together with ``put_many``. Raises InputError naming every bad field; then nothing is written."""
    from coachtui.store.inputs import TeamSettingsIn, parse

    return put_many(db, parse(TeamSettingsIn, data).as_settings())
