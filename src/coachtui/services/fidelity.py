"""The fidelity report (``coachtui fidelity report``, the fidelity view, ``report``'s ``fidelity`` key).

The JSON object is DATA-FORMAT.md's: ``goal``, ``reviews`` by date (key, on, kind, scored, total, max, band,
scores) and ``suggested`` (item → ``{"value", "score"}``, plus the additive ``"basis"``: the counts and the
period the figure is made from).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from coachtui.domain import fidelity as rules
from coachtui.store import fidelity as store
from coachtui.store.db import Database


def review_summary(found: store.Review) -> dict[str, Any]:
    return {
        "key": found.key,
        "on": found.on.isoformat(),
        "kind": found.kind,
        "scored": rules.scored(found.scores),
        "total": rules.total(found.scores),
        "max": rules.MAX_TOTAL,
        "band": rules.band(found.scores),
        "scores": {str(item): found.scores[item] for item in sorted(found.scores)},
    }


def suggestion_doc(found: rules.Suggestion) -> dict[str, Any]:
    basis: dict[str, Any] = {"from": found.start.isoformat() if found.start else None, "to": found.end.isoformat()}
    basis.update(found.counts)
    return {"value": found.value, "score": found.score, "basis": basis}


def report(db: Database, today: date) -> dict[str, Any]:
    return {
        "goal": store.goal(db),
        "reviews": [review_summary(r) for r in store.reviews(db)],
        "suggested": {str(s.item): suggestion_doc(s) for s in store.suggestions(db, today)},
    }


def latest(db: Database) -> dict[str, Any] | None:
    """The latest review's key, date, total and band (``report --format json``'s ``fidelity``), None when none."""
    found = store.reviews(db)
    if not found:
        return None
    last = found[-1]
    return latest_summary(last.key, last.on, last.scores)


def latest_summary(key: str, on: date, scores: Mapping[int, int]) -> dict[str, Any]:
    """``report``'s ``fidelity`` object of one review (also the hub report's, from the hub's rows)."""
    return {"key": key, "on": on.isoformat(), "total": rules.total(scores), "band": rules.band(scores)}
