"""The participant's columns are listed once (domain.record); the table and the input model have every one."""

from __future__ import annotations

from coachtui.domain import record
from coachtui.store import document
from coachtui.store.inputs import ParticipantIn
from coachtui.store.models import Participant


def test_the_table_and_the_input_model_have_every_column_of_the_one_list() -> None:
    table = set(Participant.model_fields)
    model = set(ParticipantIn.model_fields)
    missing = [c for c in record.PARTICIPANT_COLUMNS if c not in table or c not in model]
    assert missing == []


def test_the_document_takes_its_participant_keys_from_the_one_list() -> None:
    keys = document.PARTICIPANT_KEYS
    assert keys[2 : 2 + len(record.PARTICIPANT_SCALARS)] == record.PARTICIPANT_SCALARS
    assert keys[-len(record.PARTICIPANT_ADDITIONS) :] == record.PARTICIPANT_ADDITIONS
    assert document.SCALAR_KEYS == record.PARTICIPANT_SCALARS
