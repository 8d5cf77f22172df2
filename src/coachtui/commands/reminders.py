"""``coachtui reminders``: the day's agenda as text (a terminal, a morning e-mail) or JSON (scripts).

Must start fast and never import Textual, SQLModel or pydantic: it reads with
plain SQL through ``store.followups.agenda``.
"""

from __future__ import annotations

import argparse

from coachtui.commands.context import Context, UsageError
from coachtui.domain import agenda as ag
from coachtui.domain.codes import label
from coachtui.i18n import _, language
from coachtui.store import followups


def run(ctx: Context, args: argparse.Namespace) -> int:
    day = args.date or ctx.today()
    days = int(args.days)
    if days < 0:
        raise UsageError(_("--days kan inte vara negativt."))
    db = ctx.open_db()
    try:
        if args.format == "json":
            ctx.out.write(followups.agenda_json(db, day, days) + "\n")
        else:
            items = followups.agenda(db, day, days)
            ctx.out.write(render_text(items, day, days))
    finally:
        db.close()
    return 0


def section_titles(days: int) -> dict[str, str]:
    return {
        ag.OVERDUE: _("Försenat"),
        ag.TODAY: _("Idag"),
        ag.WEEK: _("Denna vecka"),
        ag.COMING: _("Kommande {n} dagar", n=days),
    }


def late_text(days: int) -> str:
    if days <= 0:
        return ""
    return _("1 dag för sent") if days == 1 else _("{n} dagar för sent", n=days)


def render_text(items: list[followups.ReminderItem], day: object, days: int) -> str:
    """The agenda as plain text: a title, the counts, then the sections (empty ones say so)."""
    from datetime import date

    assert isinstance(day, date)
    lang = language()
    agenda = ag.sections(items, day, horizon=days, key=lambda i: (i.kind, i.participant_key))
    counts = agenda.counts()
    lines = [
        _("Påminnelser {weekday} {day}", weekday=ag.weekday_short(day, lang), day=day.isoformat()),
        _(
            "{overdue} försenade · {today} idag · {snoozed} snoozade",
            overdue=counts[ag.OVERDUE],
            today=counts[ag.TODAY],
            snoozed=counts["snoozed"],
        ),
    ]
    shown = [i for name in ag.SECTIONS for i in agenda.section(name)]
    name_width = max((len(i.name) for i in shown), default=0)
    # thousands of lines share a handful of kinds, days and lateness texts: each is formatted once
    kinds = {kind: label("reminder_kind", kind, lang) for kind in {i.kind for i in shown}}
    kind_width = max((len(text) for text in kinds.values()), default=0)
    kinds = {kind: text.ljust(kind_width) for kind, text in kinds.items()}
    dated: dict[date, str] = {}
    late: dict[int, str] = {}
    for name, title in section_titles(days).items():
        section = agenda.section(name)
        lines += ["", f"{title} ({len(section)})"]
        if not section:
            lines.append("  " + _("– inget –"))
        for item in section:
            due = dated.get(item.due_on)
            if due is None:
                due = dated[item.due_on] = f"{ag.weekday_short(item.due_on, lang)} {item.due_on.isoformat()}"
            lateness = late.get(item.overdue_days)
            if lateness is None:
                lateness = late[item.overdue_days] = late_text(item.overdue_days)
            parts = [item.name.ljust(name_width), kinds[item.kind], (item.slot or "").ljust(3), due]
            extra = [lateness]
            if item.moved_reason:
                extra.append(
                    _("flyttad från {day}: {reason}", day=item.original_due_on.isoformat(), reason=item.moved_reason)
                )
            if item.snoozed_until and item.snoozed_until > day:
                extra.append(_("snoozad till {day}", day=item.snoozed_until.isoformat()))
            line = "  " + "  ".join(parts)
            tail = ", ".join(e for e in extra if e)
            lines.append(f"{line}  {tail}".rstrip())
    return "\n".join(lines) + "\n"
