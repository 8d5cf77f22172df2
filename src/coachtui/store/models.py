"""SQLModel tables: the latest schema (``schema.py``) as Python classes, the one definition of the tables.

The SQL in ``schema.py`` creates and migrates the file; these classes name every
table and column with its type, default and keys. ``tests/test_store_db.py``
checks that both agree column by column. Nothing imports this module at run
time: reads and writes are plain SQL on the connection (see the store package's
docstring), so neither SQLModel nor SQLAlchemy is loaded by coachtui's own use.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class Coach(SQLModel, table=True):
    __tablename__ = "coach"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    name: str
    municipality: str
    fte: float


class Participant(SQLModel, table=True):
    __tablename__ = "participant"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    coach_id: int = Field(foreign_key="coach.id", index=True)
    first_name: str
    last_name: str
    birth_year: int
    gender: str
    municipality: str
    program: str
    referred_on: date | None = None
    enrolled_on: date
    sus_consent: bool
    education: str
    support_since: str | None = None
    support_before: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    occupation_before_kind: str = "none"
    occupation_before_extent: int = 0
    personnummer: str | None = None  # 12 digits; only when the setting store_personnummer is on
    phone: str = ""
    survey_offered_on: date | None = None
    pseudonym: str | None = None  # the hub's name for this participant (random; made at the first push)
    version: int = 0  # bumped by every write of the participant's own columns


class StepChange(SQLModel, table=True):
    __tablename__ = "step_change"
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", ondelete="CASCADE")
    step: int
    on: date
    note: str = ""


class JournalEntry(SQLModel, table=True):
    __tablename__ = "journal_entry"
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", ondelete="CASCADE")
    on: date
    kind: str
    text: str = ""


class Employer(SQLModel, table=True):
    __tablename__ = "employer"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    phone: str = ""
    note: str = ""


class EmployerContact(SQLModel, table=True):
    __tablename__ = "employer_contact"
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", ondelete="CASCADE")
    employer_id: int = Field(foreign_key="employer.id")
    on: date
    person: str = ""
    note: str = ""


class Employment(SQLModel, table=True):
    __tablename__ = "employment"
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", ondelete="CASCADE")
    employer_id: int = Field(foreign_key="employer.id")
    start_on: date
    end_on: date | None = None
    subsidised: bool
    extent: int


class Followup(SQLModel, table=True):
    __tablename__ = "followup"
    id: int | None = Field(default=None, primary_key=True)
    employment_id: int = Field(foreign_key="employment.id", ondelete="CASCADE")
    participant_id: int = Field(foreign_key="participant.id", ondelete="CASCADE")
    kind: str
    slot: str
    due_on: date
    original_due_on: date
    moved_reason: str = ""
    status: str = "planned"
    done_on: date | None = None
    note: str = ""
    snoozed_until: date | None = None
    sequence: int = 0
    cancelled_by_exit: bool = False


class Exit(SQLModel, table=True):
    __tablename__ = "exit"
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", unique=True, ondelete="CASCADE")
    on: date
    reason: str
    occupation_after_kind: str = "none"
    occupation_after_extent: int = 0
    support_after: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    sus_registered_on: date | None = None


class Audit(SQLModel, table=True):
    __tablename__ = "audit"
    id: int | None = Field(default=None, primary_key=True)
    at: str
    action: str
    entity: str = ""
    count: int = 0
    detail: str = ""


class Setting(SQLModel, table=True):
    __tablename__ = "setting"
    key: str = Field(primary_key=True)
    value: str


class Survey(SQLModel, table=True):
    """One anonymous NNS answer sheet: nothing links it to a participant."""

    __tablename__ = "survey"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    kind: str
    on: date
    coach_id: int | None = Field(default=None, foreign_key="coach.id")
    municipality: str
    program: str
    respondent: str
    q1: int | None = None
    q2: int | None = None
    q3: int | None = None
    q4: int | None = None
    q5: int | None = None
    q6: int | None = None
    q7: int | None = None


class FidelityReview(SQLModel, table=True):
    __tablename__ = "fidelity_review"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    on: date
    kind: str
    note: str = ""


class FidelityScore(SQLModel, table=True):
    __tablename__ = "fidelity_score"
    review_id: int = Field(foreign_key="fidelity_review.id", primary_key=True, ondelete="CASCADE")
    item: int = Field(primary_key=True)
    score: int | None = None
    note: str = ""
