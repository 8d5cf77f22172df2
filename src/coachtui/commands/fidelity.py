"""``coachtui fidelity report [--format text|json]``: the IPS fidelity reviews and today's suggested scores.

json is DATA-FORMAT.md's object (``services.fidelity.report``); text shows the goal, every review's total and
band, the latest three reviews item by item, and the suggested scores with their basis. The suggestions are
never written into a review: the team decides.
"""

from __future__ import annotations

import argparse
from typing import Any

from coachtui import jsontext
from coachtui.commands.context import Context
from coachtui.i18n import _

SHOWN_REVIEWS = 3  # item by item in the text report


def run(ctx: Context, args: argparse.Namespace) -> int:
    from coachtui.domain import fidelity as rules
    from coachtui.services import fidelity
    from coachtui.store import fidelity as store

    db = ctx.open_db()
    try:
        result = fidelity.report(db, ctx.today())
        suggestions = store.suggestions(db, ctx.today()) if args.format == "text" else []
    finally:
        db.close()
    if args.format == "json":
        ctx.out.write(jsontext.dumps(result))
        return 0
    ctx.out.write(to_text(result, [(s.item, s.score, rules.basis_text(s)) for s in suggestions]))
    return 0


def to_text(result: dict[str, Any], suggested: list[tuple[int, int, str]]) -> str:
    from coachtui.domain import fidelity as rules

    goal = int(result["goal"])
    lines = [_("Programtrohet (IPS-25), mål {goal} av {max} poäng", goal=goal, max=rules.MAX_TOTAL), ""]
    reviews = result["reviews"]
    if not reviews:
        lines.append(_("Ingen skattning ännu."))
    for r in reviews:
        band = rules.band_title(r["band"])
        status = (
            _("{band}, {n} kvar till målet", band=band, n=rules.distance_to_goal(r["total"], goal))
            if r["band"] is not None and r["total"] < goal
            else band
        )
        if r["band"] is None:
            status = _("ej klar: {n} av 25 punkter", n=r["scored"])
        kind = rules.kind_title(r["kind"])
        lines.append(f"{r['on']}  {r['key']:<10} {kind:<18} {r['total']:>3}/{r['max']}  {status}")
    shown = reviews[-SHOWN_REVIEWS:]
    if shown:
        lines.append("")
        header = f"{'':>3} {_('Punkt'):<48}" + "".join(f" {r['on']:>10}" for r in shown)
        lines.append(header.rstrip())
        for group, items in rules.GROUPS:
            lines.append(rules.group_title(group))
            for item in items:
                cells = "".join(f" {r['scores'].get(str(item), '–'):>10}" for r in shown)
                lines.append(f"{item:>3} {rules.title(item):<48}{cells}".rstrip())
    lines.append("")
    if suggested:
        lines.append(_("Förslag ur coachtuis egna uppgifter (teamet avgör poängen):"))
        for item, score, basis in suggested:
            lines.append(f"{item:>3} {rules.title(item):<48} {score}  {basis}")
    else:
        lines.append(_("Inga förslag: det finns inga uppgifter att räkna på ännu."))
    return "\n".join(lines) + "\n"
