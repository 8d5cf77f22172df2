"""The ``coachtui`` command.

The parser is the contract of DATA-FORMAT.md and the issues; each leaf command's
work lives in ``coachtui.commands.<name>.run(ctx, args)``, imported only when
that command runs (``reminders`` and the exports never import Textual).
Exit status: 0 success, 1 a problem found or an unexpected error, 2 bad input
with a one-line reason. Never a traceback (``COACHTUI_DEBUG=1`` shows one).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from coachtui.commands.context import Context, UsageError, parse_date
from coachtui.i18n import _, set_language

#: argparse's own words in Swedish (English is argparse's own language).
ARGPARSE_SV = {
    "usage: ": "användning: ",
    "positional arguments": "argument",
    "options": "flaggor",
    "show this help message and exit": "visa den här hjälpen och avsluta",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ogiltigt val: %(value)r (välj bland %(choices)s)",
    "invalid %(type)s value: %(value)r": "ogiltigt värde: %(value)r",
    "the following arguments are required: %s": "det här saknas: %s",
    "unrecognized arguments: %s": "okända argument: %s",
    "expected one argument": "ett värde behövs",
    "expected at least one argument": "minst ett värde behövs",
    "expected at most one argument": "högst ett värde får anges",
    "ambiguous option: %(option)s could match %(matches)s": "tvetydig flagga: %(option)s kan vara %(matches)s",
    "not allowed with argument %s": "går inte ihop med %s",
    "one of the arguments %s is required": "ett av %s behövs",
    "can't open '%(filename)s': %(error)s": "kan inte öppna '%(filename)s': %(error)s",
    "ignored explicit argument %r": "värdet %r ignorerades",
}


def _argparse_text(message: str) -> str:
    """Translate argparse's own messages; also spares gettext's look-ups on disk (~30 ms a start)."""
    from coachtui.i18n import language

    return ARGPARSE_SV.get(message, message) if language() == "sv" else message


argparse._ = _argparse_text  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _import_help(parser: argparse.ArgumentParser) -> str:
    """``import --help`` with the table of the sheet's columns and value forms (built only when asked for)."""
    from coachtui.services.sheet_columns import help_text

    return argparse.ArgumentParser.format_help(parser) + "\n" + help_text()


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help=_("databasfil (annars COACHTUI_DB eller användarens datamapp)"),
    )
    common.add_argument(
        "--lang", choices=("sv", "en"), default=argparse.SUPPRESS, help=_("språk: sv (standard) eller en")
    )

    parser = _Parser(
        prog="coachtui",
        parents=[common],
        description=_("Deltagare, efterstöd och SUS-avslut för SE/IPS-coacher."),
        epilog=_("COACHTUI_TODAY=ÅÅÅÅ-MM-DD låser dagens datum (för utbildning och tester)."),
    )
    sub = parser.add_subparsers(dest="command", metavar=_("KOMMANDO"), parser_class=_Parser)

    sub.add_parser("demo", parents=[common], help=_("öppna appen på en ny demodatabas med påhittade deltagare"))

    rem = sub.add_parser("reminders", parents=[common], help=_("dagens att göra: efterstöd och SUS-utskrivningar"))
    rem.add_argument("--date", type=parse_date, help=_("dagens datum (standard: idag)"))
    rem.add_argument("--days", type=int, default=7, help=_("visa planerat upp till så många dagar framåt (7)"))
    rem.add_argument("--format", choices=("text", "json"), default="text", help=_("utdata: text eller json"))

    exp = sub.add_parser("export", parents=[common], help=_("exportera avslut, Finsam-antal, kalender eller allt"))
    exp_sub = exp.add_subparsers(dest="what", metavar=_("VAD"), required=True, parser_class=_Parser)
    ex = exp_sub.add_parser("exits", parents=[common], help=_("avslut att föra in i SUS"))
    ex.add_argument(
        "--from", dest="from_", type=parse_date, metavar="D", help=_("första avslutsdag (standard: hela historiken)")
    )
    ex.add_argument("--to", type=parse_date, metavar="D", help=_("sista avslutsdag (standard: idag)"))
    ex.add_argument("--format", choices=("csv", "xlsx", "json"), default="csv", help=_("filformat (standard: csv)"))
    ex.add_argument(
        "-o",
        "--output",
        metavar=_("FIL"),
        help=_("fil att skriva (standard: coachtui-avslut-<period>.<format> här; - skriver till terminalen)"),
    )
    ex.add_argument(
        "--include-registered", action="store_true", help=_("ta med avslut som redan är registrerade i SUS")
    )
    ex.add_argument("--pseudonymise", action="store_true", help=_("bara initialer och födelseår"))
    fin = exp_sub.add_parser("finsam", parents=[common], help=_("deltagarantal per kön för Uppföljning Finsam"))
    fin.add_argument(
        "--from", dest="from_", type=parse_date, metavar="D", required=True, help=_("periodens första dag")
    )
    fin.add_argument("--to", type=parse_date, metavar="D", required=True, help=_("periodens sista dag"))
    fin.add_argument("--format", choices=("text", "csv", "json"), default="text", help=_("utdata (standard: text)"))
    fin.add_argument("-o", "--output", metavar=_("FIL"), help=_("fil att skriva (standard: terminalen)"))
    al = exp_sub.add_parser("all", parents=[common], help=_("hela databasen som coachtui/1-dokument"))
    al.add_argument("--format", choices=("json",), default="json", help=_("filformat (bara json)"))
    al.add_argument("-o", "--output", metavar=_("FIL"), help=_("fil att skriva"))
    al.add_argument(
        "--participant",
        action="append",
        metavar=_("NYCKEL"),
        help=_("bara den deltagaren, för överlämning till en kollega (kan upprepas)"),
    )
    cal = exp_sub.add_parser("calendar", parents=[common], help=_("planerat efterstöd som kalenderfil (.ics)"))
    cal.add_argument("--from", dest="from_", type=parse_date, metavar="D", help=_("första dag (standard: idag)"))
    cal.add_argument("--to", type=parse_date, metavar="D", help=_("sista dag (standard: sex månader fram)"))
    cal.add_argument(
        "-o", "--output", metavar=_("FIL"), help=_("fil eller mapp att skriva till; - skriver till terminalen")
    )

    imp = sub.add_parser(
        "import",
        parents=[common],
        help=_("läs in deltagare från .json, .csv eller .xlsx"),
    )
    imp.format_help = lambda: _import_help(imp)  # type: ignore[method-assign]
    imp.add_argument("file", metavar=_("FIL"), help=_("filen att läsa in (.json, .csv eller .xlsx)"))
    imp.add_argument("--dry-run", action="store_true", help=_("visa vad som skulle ändras, skriv inget"))
    imp.add_argument(
        "--map",
        action="append",
        metavar=_("RUBRIK=FÄLT"),
        help=_("läs kolumnen RUBRIK som FÄLT (ett fältnamn eller journal); kan upprepas"),
    )
    imp.add_argument(
        "--skip-column", action="append", metavar=_("RUBRIK"), help=_("hoppa över kolumnen RUBRIK; kan upprepas")
    )
    imp.add_argument(
        "--registered-before",
        type=parse_date,
        metavar="D",
        help=_("avslut före D utan SUS-datum räknas som registrerade i SUS (gammal historik blir inga påminnelser)"),
    )

    rep = sub.add_parser("report", parents=[common], help=_("rapport till finansiären"))
    rep.add_argument("--from", dest="from_", type=parse_date, metavar="D", help=_("periodens första dag"))
    rep.add_argument("--to", type=parse_date, metavar="D", help=_("periodens sista dag"))
    rep.add_argument("--municipality", metavar="M")
    rep.add_argument("--program", choices=("SE", "IPS", "SEd"))
    rep.add_argument(
        "--format", choices=("text", "json", "csv", "xlsx"), default="text", help=_("utdata (standard: text)")
    )
    rep.add_argument(
        "-o", "--output", metavar=_("FIL"), help=_("fil för xlsx (standard: coachtui-rapport-<period>.xlsx)")
    )

    fid = sub.add_parser("fidelity", parents=[common], help=_("programtrohetsskalan (IPS-25): skattningar och förslag"))
    fid_sub = fid.add_subparsers(dest="what", metavar=_("VAD"), required=True, parser_class=_Parser)
    fid_rep = fid_sub.add_parser("report", parents=[common], help=_("skattningarnas summa och nivå, förslag"))
    fid_rep.add_argument("--format", choices=("text", "json"), default="text")
    sur = sub.add_parser("survey", parents=[common], help=_("NNS-enkäten (Indikatorer för finansiell samordning)"))
    sur_sub = sur.add_subparsers(dest="what", metavar=_("VAD"), required=True, parser_class=_Parser)
    srep = sur_sub.add_parser("report", parents=[common], help=_("enkätens svar mot teamets mål"))
    srep.add_argument("--from", dest="from_", type=parse_date, metavar="D")
    srep.add_argument("--to", type=parse_date, metavar="D")
    srep.add_argument(
        "--kind", choices=("ongoing", "exit"), help=_("pågåendeenkät (ongoing) eller avslutsenkät (exit)")
    )
    srep.add_argument("--municipality", metavar="M")
    srep.add_argument("--program", choices=("SE", "IPS", "SEd"))
    srep.add_argument("--format", choices=("text", "json", "csv"), default="text")

    bak = sub.add_parser("backup", parents=[common], help=_("säkerhetskopiera databasen"))
    bak.add_argument(
        "dest", nargs="?", metavar=_("MÅL"), help=_("fil eller mapp för kopian (standard: säkerhetskopiemappen)")
    )
    res = sub.add_parser("restore", parents=[common], help=_("återställ från en säkerhetskopia"))
    res.add_argument("file", metavar=_("FIL"), help=_("säkerhetskopian att återställa från"))
    res.add_argument("--yes", action="store_true", help=_("fråga inte (för skript)"))
    sub.add_parser("check", parents=[common], help=_("kontrollera databasens skick"))
    era = sub.add_parser("erase", parents=[common], help=_("radera en deltagare för gott (som i appen)"))
    era.add_argument("key", metavar=_("NYCKEL"))
    era.add_argument("--yes", action="store_true", help=_("fråga inte efter initialerna (för skript)"))
    enc = sub.add_parser(
        "encrypt", parents=[common], help=_("kryptera datafilen med en lösenfras (kräver coachtui[encryption])")
    )
    enc.add_argument(
        "--remove-plain-backups",
        action="store_true",
        help=_("ta bort de okrypterade säkerhetskopiorna när krypteringen har lyckats"),
    )
    sub.add_parser("decrypt", parents=[common], help=_("ta bort krypteringen av datafilen"))
    from coachtui.commands import hub

    hub.add_parser(sub, common, _Parser)
    return parser


#: leaf command -> module in coachtui.commands with run(ctx, args) -> int
HANDLERS = {
    None: "app",
    "demo": "app",
    "reminders": "reminders",
    "export exits": "export_exits",
    "export finsam": "export_finsam",
    "export all": "export_all",
    "export calendar": "export_calendar",
    "import": "import_file",
    "report": "report",
    "fidelity report": "fidelity",
    "survey report": "survey",
    "backup": "backup",
    "restore": "backup",
    "check": "backup",
    "erase": "erase",
    "encrypt": "encryption",
    "decrypt": "encryption",
    "hub": "hub",
}


def _pre_language(argv: Sequence[str]) -> str:
    lang = os.environ.get("COACHTUI_LANG", "sv")
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return lang if lang in ("sv", "en") else "sv"


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    os.umask(0o077)  # everything we create (data, backups, exports) is private
    args_list = list(sys.argv[1:] if argv is None else argv)
    out = out or sys.stdout
    err = err or sys.stderr
    set_language(_pre_language(args_list))
    try:
        args = build_parser().parse_args(args_list)
        from coachtui.clock import clock_from_env
        from coachtui.store.paths import resolve_db_path

        try:
            clock = clock_from_env()
        except ValueError:
            raise UsageError(_("COACHTUI_TODAY måste vara ett datum ÅÅÅÅ-MM-DD.")) from None
        ctx = Context(resolve_db_path(getattr(args, "db", None)), clock, getattr(args, "lang", "sv"), out, err)
        leaf = f"{args.command} {args.what}" if args.command in ("export", "fidelity", "survey") else args.command
        if leaf != "demo":  # an encrypted data file: its passphrase, before anything opens it
            from coachtui.commands.encryption import unlock

            unlock(ctx, args)
        module = importlib.import_module(f"coachtui.commands.{HANDLERS[leaf]}")
        return int(module.run(ctx, args))
    except UsageError as exc:
        print(f"coachtui: {exc}", file=err)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the user never sees a traceback (it could hold personal data)
        return _unexpected(exc, err)


def _unexpected(exc: Exception, err: TextIO) -> int:
    from coachtui.store.db import StoreError
    from coachtui.store.inputs import InputError

    if isinstance(exc, InputError):
        for problem in exc.problems:
            print(f"coachtui: {problem.message}", file=err)
        return 2
    if isinstance(exc, StoreError):
        print(f"coachtui: {exc}", file=err)
        return 2
    if isinstance(exc, OverflowError | RecursionError | UnicodeError):  # a value out of range: bad input
        print(
            _("coachtui: ett värde går inte att använda ({kind}); inget ändrades.", kind=exc.__class__.__name__),
            file=err,
        )
        return 2
    if isinstance(exc, OSError):
        print(f"coachtui: {_('Filfel')}: {exc.strerror or exc.__class__.__name__}", file=err)
        return 1
    if os.environ.get("COACHTUI_DEBUG"):
        raise exc
    print(
        _(
            "coachtui: ett oväntat fel ({kind}). Inget mer skrevs. Kör med COACHTUI_DEBUG=1 för detaljer.",
            kind=exc.__class__.__name__,
        ),
        file=err,
    )
    return 1
