"""``coachtui hub init | add-coach | add-lead | push | report | survey-report``: the team hub in PostgreSQL.

The password is never an argument: libpq reads PGPASSWORD or ~/.pgpass; when neither has it and standard
input is a terminal, it is asked for (getpass). Exit 0 on success, 1 with one line when the hub cannot be
reached or refuses (nothing changed, here or there), 2 for bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from coachtui import jsontext
from coachtui.commands.context import Context, UsageError
from coachtui.i18n import _

if TYPE_CHECKING:
    from coachtui.exports.report import Section


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser, parser_class: type) -> None:  # type: ignore[type-arg]
    """The ``hub`` subcommands (called by cli.build_parser)."""
    hub = sub.add_parser("hub", parents=[common], help=_("teamets gemensamma databas (PostgreSQL)"))
    hub_sub = hub.add_subparsers(dest="what", metavar=_("VAD"), required=True, parser_class=parser_class)
    url_help = _("hubbens adress, postgresql://användare@server:port/databas (aldrig med lösenord)")
    ini = hub_sub.add_parser("init", parents=[common], help=_("skapa eller uppgradera hubben (databasens ägare)"))
    ini.add_argument("--url", required=True, help=url_help)
    coach = hub_sub.add_parser("add-coach", parents=[common], help=_("låt en inloggning skicka för en coach"))
    coach.add_argument("--url", required=True, help=url_help)
    coach.add_argument("--coach", required=True, metavar=_("NYCKEL"), help=_("coachens nyckel, t.ex. c1"))
    coach.add_argument("--login", required=True, metavar=_("ROLL"), help=_("inloggningen i PostgreSQL"))
    lead = hub_sub.add_parser("add-lead", parents=[common], help=_("låt en inloggning läsa hela hubben"))
    lead.add_argument("--url", required=True, help=url_help)
    lead.add_argument("--login", required=True, metavar=_("ROLL"), help=_("inloggningen i PostgreSQL"))
    push = hub_sub.add_parser("push", parents=[common], help=_("skicka din deltagarlista, pseudonymiserad"))
    push.add_argument("--url", help=_("hubbens adress (standard: den senast använda)"))
    rep = hub_sub.add_parser("report", parents=[common], help=_("rapport till finansiären över hela teamet"))
    rep.add_argument("--url", required=True, help=url_help)
    rep.add_argument("--from", dest="from_", type=_date, metavar="D", help=_("periodens första dag (ÅÅÅÅ-MM-DD)"))
    rep.add_argument("--to", type=_date, metavar="D", help=_("periodens sista dag (ÅÅÅÅ-MM-DD)"))
    rep.add_argument("--municipality", metavar="M", help=_("bara deltagare i kommunen M"))
    rep.add_argument("--program", choices=("SE", "IPS", "SEd"), help=_("bara deltagare i programmet"))
    rep.add_argument("--coach", metavar=_("NYCKEL"), help=_("bara coachens deltagare"))
    rep.add_argument("--format", choices=("text", "json", "csv", "xlsx"), default="text", help=_("utdataformat"))
    rep.add_argument(
        "-o", "--output", metavar=_("FIL"), help=_("fil för xlsx (standard: coachtui-teamrapport-<period>.xlsx)")
    )
    srep = hub_sub.add_parser("survey-report", parents=[common], help=_("NNS-enkätens svar mot målen över hela teamet"))
    srep.add_argument("--url", required=True, help=url_help)
    srep.add_argument("--from", dest="from_", type=_date, metavar="D", help=_("periodens första dag (ÅÅÅÅ-MM-DD)"))
    srep.add_argument("--to", type=_date, metavar="D", help=_("periodens sista dag (ÅÅÅÅ-MM-DD)"))
    srep.add_argument(
        "--kind", choices=("ongoing", "exit"), help=_("pågåendeenkät (ongoing) eller avslutsenkät (exit)")
    )
    srep.add_argument("--municipality", metavar="M", help=_("bara enkäter från kommunen M"))
    srep.add_argument("--program", choices=("SE", "IPS", "SEd"), help=_("bara enkäter från programmet"))
    srep.add_argument("--coach", metavar=_("NYCKEL"), help=_("bara coachens enkäter"))
    srep.add_argument("--format", choices=("text", "json", "csv"), default="text", help=_("utdataformat"))


def _csv(extra: list[Section]) -> str:
    """The per-coach and per-municipality tables after the report's csv (same layout: ``;``, CRLF)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for section in extra:
        writer.writerow([])
        writer.writerow([section.title, *section.headers])
        writer.writerows(section.rows)
    return buffer.getvalue()


def _date(text: str) -> object:
    from coachtui.commands.context import parse_date

    return parse_date(text)


def prompt(where: str) -> str | None:
    """Ask for the hub password on the terminal; None when standard input is not one."""
    if not sys.stdin.isatty():
        return None
    import getpass

    return getpass.getpass(_("Lösenord till hubben {url}: ", url=where))


def run(ctx: Context, args: argparse.Namespace) -> int:
    from coachtui.hub.errors import HubError

    try:
        return _run(ctx, args)
    except HubError as exc:
        print(f"coachtui: {exc} " + _("Inget ändrades."), file=ctx.err)
        return 1
    except ValueError as exc:  # a bad URL or an unknown filter: the message is Swedish
        raise UsageError(str(exc)) from None
    except ImportError:
        raise UsageError(_("Hubben kräver tillägget: pip install 'coachtui[hub]'")) from None


def _run(ctx: Context, args: argparse.Namespace) -> int:
    from coachtui.services import hub

    if args.what == "init":
        before, after = hub.init(args.url, prompt)
        if before == after:
            ctx.out.write(_("Hubben är redan förberedd (version {v}); behörigheterna är förnyade.", v=after) + "\n")
        else:
            ctx.out.write(_("Hubben är förberedd: version {before} → {after}.", before=before, after=after) + "\n")
        return 0
    if args.what == "add-coach":
        added = hub.add_coach(args.url, args.coach, args.login, prompt)
        text = (
            _("{login} får nu skicka för coach {coach}.", login=args.login, coach=args.coach)
            if added
            else _("{login} fick redan skicka för coach {coach}.", login=args.login, coach=args.coach)
        )
        ctx.out.write(text + "\n")
        return 0
    if args.what == "add-lead":
        hub.add_lead(args.url, args.login, prompt)
        ctx.out.write(_("{login} får nu läsa hela hubben.", login=args.login) + "\n")
        return 0
    if args.what == "push":
        return _push(ctx, args)
    if args.what == "survey-report":
        return _survey_report(ctx, args)
    return _report(ctx, args)


def _push(ctx: Context, args: argparse.Namespace) -> int:
    from coachtui.services import hub
    from coachtui.store import settings

    db = ctx.open_db()
    try:
        url = args.url or settings.get(db, hub.URL_SETTING)
        if not url:
            raise UsageError(_("Ange hubbens adress med --url (den sparas till nästa gång)."))
        done = hub.push(db, url, prompt)
    finally:
        db.close()
    ctx.out.write(
        _(
            "Skickat till hubben: {n} deltagare ({new} nya, {erased} borttagna), {surveys} enkäter, "
            "{reviews} granskningar.",
            n=done.participants,
            new=done.new,
            erased=done.erased,
            surveys=done.surveys,
            reviews=done.reviews,
        )
        + "\n"
    )
    return 0


def _report(ctx: Context, args: argparse.Namespace) -> int:

    from coachtui.commands.report import period_note
    from coachtui.exports import files
    from coachtui.exports import report as render
    from coachtui.services import hub

    period = ctx.period(args.from_, args.to)
    result = hub.report(
        args.url,
        period,
        ctx.today(),
        municipality=args.municipality,
        program=args.program,
        coach=args.coach,
        prompt=prompt,
    )
    note = period_note(args.from_ is not None, args.to is not None)
    extra = hub.breakdown_sections(result)
    if args.format == "json":
        ctx.out.write(jsontext.dumps(hub.report_json(result)))
    elif args.format == "xlsx":
        from coachtui.exports.report_xlsx import workbook_bytes

        default = files.default_name("teamrapport", period.start, period.end, "xlsx")
        target = args.output or Path.cwd() / default
        workbook = workbook_bytes(result.report, extra, title=_("Teamets rapport till finansiären"))
        path = files.write_private(target, workbook, db_path=ctx.db_path)  # never over a data file
        ctx.out.write(_("Skrev {path}", path=path) + "\n")
    elif args.format == "csv":
        ctx.out.write(render.to_csv(result.report, period_note=note) + _csv(extra))
    else:
        lines = [render.to_text(result.report, period_note=note).rstrip("\n")]
        for section in extra:
            lines.append("")
            lines.extend(render.table_text(section))
        ctx.out.write("\n".join(lines) + "\n")
    return 0


def _survey_report(ctx: Context, args: argparse.Namespace) -> int:
    """``survey report`` over everything on the hub, then one table (json: object) per coach and municipality."""

    from coachtui.exports import report as tables
    from coachtui.exports import survey as render
    from coachtui.services import hub

    period = ctx.period(args.from_, args.to)
    result = hub.survey_report(
        args.url,
        period,
        kind=args.kind,
        municipality=args.municipality,
        program=args.program,
        coach=args.coach,
        prompt=prompt,
    )
    extra = hub.survey_breakdown_sections(result)
    town = result.municipality
    if args.format == "json":
        ctx.out.write(jsontext.dumps(hub.survey_report_json(result)))
    elif args.format == "csv":
        ctx.out.write(render.to_csv(result.report, municipality=town, program=args.program) + _csv(extra))
    else:
        lines = [render.to_text(result.report, municipality=town, program=args.program).rstrip("\n")]
        for section in extra:
            lines.append("")
            lines.extend(tables.table_text(section))
        ctx.out.write("\n".join(lines) + "\n")
    return 0
