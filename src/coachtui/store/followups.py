"""Employments and their efterstöd follow-ups: commands and queries."""

from __future__ import annotations

from datetime import date
from typing import Any

from coachtui.domain import schedule
from coachtui.store import settings
from coachtui.store.db import Database
from coachtui.store.inputs import EmploymentIn, parse


def template(db: Database) -> tuple[schedule.TemplateSlot, ...]:
    """The team's efterstöd template (the default one until a team edits it)."""
    text = settings.get(db, "efterstod_template")
    return schedule.template_from_json(text) if text else schedule.DEFAULT_TEMPLATE


def followup_rows(
    employment_id: int,
    participant_id: int,
    start: date,
    slots: tuple[schedule.TemplateSlot, ...],
    *,
    recorded_from: date | None = None,
) -> list[dict[str, Any]]:
    """Row values for the follow-ups of one employment.

    With ``recorded_from`` (imports of history), slots due before that date are
    stored as ``unrecorded`` instead of flooding the overdue list.
    """
    rows = []
    for planned in schedule.generate(start, slots):
        status = "unrecorded" if recorded_from is not None and planned.due_on < recorded_from else "planned"
        rows.append(
            {
                "employment_id": employment_id,
                "participant_id": participant_id,
                "kind": planned.kind,
                "slot": planned.slot,
                "due_on": planned.due_on,
                "original_due_on": planned.original_due_on,
                "status": status,
            }
        )
    return rows


def add_employment(
    db: Database,
    participant_id: int,
    data: dict[str, Any],
    *,
    to_step_5: bool = True,
    recorded_from: date | None = None,
) -> int:
    """Register an employment, generate its follow-ups and (unless told not to) move to step 5."""
    from sqlalchemy import insert

    from coachtui.store.models import Employment, Followup, Participant, StepChange
    from coachtui.store.participants import _get, employer_id
    from coachtui.store.session import audit, unit_of_work

    values = parse(EmploymentIn, data)
    slots = template(db)
    with unit_of_work(db) as session:
        _get(session, Participant, participant_id)
        job = Employment(
            participant_id=participant_id,
            employer_id=employer_id(session, values.employer),
            start_on=values.start_on,
            end_on=values.end_on,
            subsidised=values.subsidised,
            extent=values.extent,
        )
        session.add(job)
        session.flush()
        assert job.id is not None
        rows = followup_rows(job.id, participant_id, values.start_on, slots, recorded_from=recorded_from)
        session.execute(insert(Followup), rows)
        if to_step_5:
            session.add(StepChange(participant_id=participant_id, step=5, on=values.start_on))
        audit(session, "employment added", "employment", count=len(rows))
        return job.id
