"""``coachtui reminders``: the day's agenda as text (a terminal, a morning e-mail) or JSON (scripts).

Must start fast and never import Textual, SQLModel or pydantic: it reads with
plain SQL through ``store.followups.agenda``.
"""

from __future__ import annotations

import argparse
from datetime import date

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
            ctx.out.write(render_text(followups.agenda_lines(db, day, days), day, days))
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


def render_text(items: list[followups.AgendaLine], day: date, days: int) -> str:
    """The agenda as plain text: a title, the counts, then the sections (empty ones say so).

    ``items`` come in the agenda's order (due date, kind, participant), which is each section's order
    (``domain.agenda.sections``: overdue ones most days late first); dates stay ISO text, each distinct
    one formatted once (thousands of lines share a few hundred days).
    """
    from datetime import timedelta

    lang = language()
    today = day.isoformat()
    sunday = ag.week_end(day).isoformat()
    last = (day + timedelta(days=days)).isoformat()
    week_last = min(sunday, last)
    overdue: list[followups.AgendaLine] = []
    due_today: list[followups.AgendaLine] = []
    week: list[followups.AgendaLine] = []
    coming: list[followups.AgendaLine] = []
    snoozed = 0
    for item in items:
        due = item.due_on
        if due <= today and item.snoozed_until is not None and item.snoozed_until > today:
            snoozed += 1
        elif due < today:
            overdue.append(item)
        elif due == today:
            due_today.append(item)
        elif due <= week_last:
            week.append(item)
        elif due <= last:
            coming.append(item)
    sections = {ag.OVERDUE: overdue, ag.TODAY: due_today, ag.WEEK: week, ag.COMING: coming}
    lines = [
        _("Påminnelser {weekday} {day}", weekday=ag.weekday_short(day, lang), day=today),
        _(
            "{overdue} försenade · {today} idag · {snoozed} snoozade",
            overdue=len(overdue),
            today=len(due_today),
            snoozed=snoozed,
        ),
    ]
    shown = [i for section in sections.values() for i in section]
    name_width = max((len(i.name) for i in shown), default=0)
    kinds = {kind: label("reminder_kind", kind, lang) for kind in {i.kind for i in shown}}
    kind_width = max((len(text) for text in kinds.values()), default=0)
    kinds = {kind: text.ljust(kind_width) for kind, text in kinds.items()}
    dated: dict[str, tuple[str, str]] = {}  # due date -> (weekday and date, lateness)
    for name, title in section_titles(days).items():
        section = sections[name]
        lines += ["", f"{title} ({len(section)})"]
        if not section:
            lines.append("  " + _("– inget –"))
        for item in section:
            found = dated.get(item.due_on)
            if found is None:
                on = date.fromisoformat(item.due_on)
                found = dated[item.due_on] = (
                    f"{ag.weekday_short(on, lang)} {item.due_on}",
                    late_text((day - on).days),
                )
            due_text, lateness = found
            extra = [lateness] if lateness else []
            reason = item.moved_reason or (_template_move(item, lang) if item.sequence == 0 else None)
            if reason:
                extra.append(_("flyttad från {day}: {reason}", day=item.original_due_on, reason=reason))
            if item.snoozed_until and item.snoozed_until > today:
                extra.append(_("snoozad till {day}", day=item.snoozed_until))
            line = f"  {item.name.ljust(name_width)}  {kinds[item.kind]}  {(item.slot or '').ljust(3)}  {due_text}"
            lines.append(f"{line}  {', '.join(extra)}".rstrip())
    return "\n".join(lines) + "\n"


def _template_move(item: followups.AgendaLine, lang: str) -> str | None:
    """The holiday or weekend day a template moved a follow-up off (``store.followups.agenda``'s rule)."""
    if item.due_on == item.original_due_on:
        return None
    from coachtui.domain.workdays import non_working_reason

    return non_working_reason(date.fromisoformat(item.original_due_on), lang)
