"""The fidelity review's input models (``store.fidelity`` imports them only when it writes or validates: the
read paths stay free of pydantic)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from coachtui.domain import fidelity as rules
from coachtui.i18n import _
from coachtui.store.inputs import MAX_TEXT, InputError, IsoDate, Problem, Text, _Input, _no_nul, parse

__all__ = ["InputError", "NoteIn", "Problem", "ReviewDocIn", "ReviewIn", "ScoreIn", "parse"]


def _kind(value: Any) -> Any:
    if isinstance(value, str) and value.strip() in rules.KINDS:
        return value.strip()
    raise ValueError(_("okänd typ {value!r} (tillåtna: self, external)", value=value))


def _whole(value: Any) -> Any:
    """A score or an item as an integer: 5 or "5", never 4.5, True or "fem"."""
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(_("måste vara ett heltal"))
    if isinstance(value, str):
        text = value.strip()
        if not text.isdigit():
            raise ValueError(_("måste vara ett heltal"))
        return int(text)
    return value


Item = Annotated[int, BeforeValidator(_whole), Field(ge=1, le=25)]
Score = Annotated[int, BeforeValidator(_whole), Field(ge=rules.MIN_SCORE, le=rules.MAX_SCORE)]


class ReviewIn(_Input):
    on: IsoDate
    kind: Annotated[str, BeforeValidator(_kind)] = "self"
    note: Text = ""


class ScoreIn(_Input):
    """One item's score; None clears it (the note stays)."""

    item: Item
    score: Score | None = None


class NoteIn(_Input):
    item: Item
    note: Annotated[str, BeforeValidator(_no_nul), Field(max_length=MAX_TEXT)] = ""


def _item_key(text: Any) -> int:
    item = int(text) if isinstance(text, str) and text.isdigit() else 0
    if not 1 <= item <= len(rules.ITEMS):
        raise ValueError(_("punkt {item!r} finns inte (1-25)", item=text))
    return item


def _scores(value: Any) -> Any:
    """``{"1": 5, ...}`` → ``{1: 5, ...}``: items "1"-"25", scores whole numbers 1-5, with clear messages."""
    if not isinstance(value, dict):
        raise ValueError(_("måste vara ett objekt"))
    result: dict[int, int] = {}
    for text, score in value.items():
        item = _item_key(text)
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            raise ValueError(_("punkt {item}: {score!r} är inte 1-5", item=item, score=score))
        result[item] = score
    return result


def _notes(value: Any) -> Any:
    if not isinstance(value, dict):
        raise ValueError(_("måste vara ett objekt"))
    result: dict[int, str] = {}
    for text, note in value.items():
        item = _item_key(text)
        if not isinstance(note, str) or "\x00" in note or len(note) > MAX_TEXT:
            raise ValueError(_("punkt {item}: ogiltig anteckning", item=item))
        result[item] = note
    return result


class ReviewDocIn(_Input):
    """One object of the document's ``fidelity_reviews`` list (the contract's keys, plus ``notes``)."""

    key: Annotated[str, BeforeValidator(lambda v: v.strip() if isinstance(v, str) else v), Field(min_length=1)]
    on: IsoDate
    kind: Annotated[str, BeforeValidator(_kind)]
    scores: Annotated[dict[int, int], BeforeValidator(_scores), Field(default_factory=dict)]
    note: Text = ""
    notes: Annotated[dict[int, str], BeforeValidator(_notes), Field(default_factory=dict)]
