"""``coachtui survey report``: the NNS questionnaire against the team's goals, as text, json or csv.

The period is chosen as for ``coachtui report``: without ``--from``/``--to`` the current half-year, with only
one of them the half-year around it. A municipality no sheet names is refused (a typo would give zeros).
"""

from __future__ import annotations

import argparse
from typing import Any

from coachtui.commands.context import Context, UsageError
from coachtui.i18n import _


def survey_object(
    db: Any, start: Any, end: Any, *, kind: str | None, municipality: str | None, program: str | None
) -> dict[str, Any]:
    """The contract's object (shared with ``coachtui report --format json``'s ``survey`` key)."""
    from coachtui.store import surveys

    return surveys.report(db, start, end, kind=kind, municipality=municipality, program=program).as_json()


def resolve_municipality(db: Any, name: str | None) -> str | None:
    """``name`` as the sheets spell it (case ignored); UsageError when no sheet names it."""
    if name is None:
        return None
    from coachtui.store import surveys

    known = {m.casefold(): m for m in surveys.municipalities(db)}
    found = known.get(name.strip().casefold())
    if found is None:
        choices = ", ".join(sorted(known.values())) or "–"
        raise UsageError(_("Ingen enkät från kommunen {name!r}. Kommuner: {choices}", name=name, choices=choices))
    return found


def run(ctx: Context, args: argparse.Namespace) -> int:
    from coachtui.exports import survey as render
    from coachtui.store import surveys

    period = ctx.period(args.from_, args.to)
    db = ctx.open_db()
    try:
        municipality = resolve_municipality(db, args.municipality)
        result = surveys.report(
            db, period.start, period.end, kind=args.kind, municipality=municipality, program=args.program
        )
    finally:
        db.close()
    ctx.out.write(render.render(result, args.format, municipality=municipality, program=args.program))
    return 0
