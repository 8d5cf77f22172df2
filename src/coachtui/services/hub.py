"""The team hub's use cases, shared by ``coachtui hub ...`` and the Team screen.

A push reads the file (`store.hub_source`), gives participants never pushed a random pseudonym in memory,
replaces the coach's rows on the hub in ONE transaction and only after the hub committed keeps the new
pseudonyms, the hub's address and a note of the push in the local file. A failed push changes nothing on
either side and raises `HubError` with a one-line Swedish reason.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from coachtui.i18n import _

if TYPE_CHECKING:
    from coachtui.domain.report import Period, Report
    from coachtui.domain.survey import SurveyReport
    from coachtui.exports.report import Section
    from coachtui.hub.connect import PasswordPrompt
    from coachtui.store.db import Database
    from coachtui.store.hub_source import HubParticipant

URL_SETTING = "hub_url"
LAST_PUSH_SETTING = "hub_last_push"


# --- administration -----------------------------------------------------------------------


def init(url: str, prompt: PasswordPrompt | None = None) -> tuple[int, int]:
    from coachtui.hub import connect, schema

    with connect.transaction(connect.check_url(url), prompt) as conn:
        return schema.init(conn)


def _ready(conn: Any) -> None:
    from coachtui.hub import schema
    from coachtui.hub.errors import HubRefused

    if schema.version(conn) == 0:
        raise HubRefused(_("Hubben är inte förberedd: kör coachtui hub init först."))


def add_coach(url: str, coach: str, login: str, prompt: PasswordPrompt | None = None) -> bool:
    from coachtui.hub import connect, schema
    from coachtui.hub.errors import HubRefused

    with connect.transaction(connect.check_url(url), prompt) as conn:
        _ready(conn)
        if not schema.login_exists(conn, login):
            raise HubRefused(
                _("Inloggningen {login} finns inte i PostgreSQL (skapa den med CREATE ROLE).", login=login)
            )
        return schema.add_coach(conn, login, coach)


def add_lead(url: str, login: str, prompt: PasswordPrompt | None = None) -> None:
    from coachtui.hub import connect, schema
    from coachtui.hub.errors import HubRefused

    with connect.transaction(connect.check_url(url), prompt) as conn:
        _ready(conn)
        if not schema.login_exists(conn, login):
            raise HubRefused(
                _("Inloggningen {login} finns inte i PostgreSQL (skapa den med CREATE ROLE).", login=login)
            )
        schema.add_lead(conn, login)


# --- push ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PushOutcome:
    at: datetime
    coaches: tuple[str, ...]
    participants: int
    new: int  # participants that got their pseudonym with this push
    erased: int  # participants on the hub before that are gone now
    surveys: int
    reviews: int


def _digest(p: HubParticipant) -> str:
    """A short fingerprint of what is sent for one participant (to tell what changed since the last push)."""
    values = (
        p.coach, p.birth_year, p.gender, p.municipality, p.program, p.referred_on, p.enrolled_on, p.sus_consent,
        p.education, p.support_since, p.support_before, p.occupation_before_kind, p.occupation_before_extent,
        p.steps, p.employments, p.followups, p.exit,
    )  # fmt: skip
    return hashlib.blake2b(repr(values).encode(), digest_size=6).hexdigest()


def last_push(db: Database) -> dict[str, Any] | None:
    from coachtui.store import settings

    text = settings.get(db, LAST_PUSH_SETTING)
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def push(
    db: Database,
    url: str,
    prompt: PasswordPrompt | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> PushOutcome:
    from coachtui.hub import connect
    from coachtui.hub import push as hub_push
    from coachtui.store import hub_source

    url = connect.check_url(url)
    db.guard()  # a file that cannot be written refuses before the hub is touched (it keeps the pseudonyms)
    say = progress or (lambda _line: None)
    say(_("Läser datafilen …"))
    source = hub_source.read(db)
    given = {p.local_id: hub_source.new_pseudonym() for p in source.participants if p.pseudonym is None}
    names = {p.local_id: p.pseudonym or given[p.local_id] for p in source.participants}
    before = last_push(db) or {}
    earlier = set(before.get("digests", {}))
    say(_("Ansluter till hubben …"))
    with connect.transaction(url, prompt) as conn:
        _ready(conn)
        pushed = hub_push.push(conn, source, names, progress=say)
        say(_("Sparar på hubben …"))
    # the hub committed: now (and only now) the local file keeps the pseudonyms and the note of the push
    digests = {names[p.local_id]: _digest(p) for p in source.participants}
    note = {"at": pushed.at.isoformat(timespec="seconds"), "participants": pushed.participants, "digests": digests}
    hub_source.record_push(
        db,
        given,
        {URL_SETTING: url, LAST_PUSH_SETTING: json.dumps(note, separators=(",", ":"))},
        count=pushed.participants,
        at=pushed.at.astimezone().replace(tzinfo=None),
    )
    return PushOutcome(
        pushed.at,
        pushed.coaches,
        pushed.participants,
        len(given),
        len(earlier - set(digests)),
        pushed.surveys,
        pushed.reviews,
    )


# --- the Team screen's status -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TeamStatus:
    url: str
    last_at: datetime | None
    last_count: int
    new: int = 0  # participants never pushed
    changed: int = 0  # pushed, changed since
    erased: int = 0  # pushed, erased since

    @property
    def changes(self) -> int:
        return self.new + self.changed + self.erased


def status(db: Database) -> TeamStatus:
    """The hub's address, the last push and what changed in the file since (read only, no hub connection)."""
    from coachtui.store import hub_source, settings

    url = settings.get(db, URL_SETTING)
    note = last_push(db)
    source = hub_source.read(db)
    if note is None:
        return TeamStatus(url, None, 0, new=len(source.participants))
    digests: dict[str, str] = note.get("digests", {})
    new = changed = 0
    seen = set()
    for p in source.participants:
        if p.pseudonym is None or p.pseudonym not in digests:
            new += 1
            continue
        seen.add(p.pseudonym)
        changed += int(digests[p.pseudonym] != _digest(p))
    try:
        at: datetime | None = datetime.fromisoformat(str(note.get("at")))
    except ValueError:
        at = None
    return TeamStatus(url, at, int(note.get("participants", 0)), new, changed, len(set(digests) - seen))


def save_url(db: Database, url: str) -> str:
    """Keep the hub's address in the settings (ValueError with a Swedish reason for a bad one)."""
    from coachtui.hub.connect import check_url
    from coachtui.store import settings

    checked = check_url(url) if url.strip() else ""
    settings.put_many(db, {URL_SETTING: checked})
    return checked


# --- report -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HubReport:
    report: Report
    by_coach: dict[str, Report]
    by_municipality: dict[str, Report]
    municipalities: list[str] = field(default_factory=list)
    fidelity: dict[str, Any] | None = None  # the latest review over the coaches in scope (`fidelity.latest`'s shape)
    survey: SurveyReport | None = None  # the NNS questionnaire over the sheets of the period and filters


class UnknownFilter(ValueError):
    """A --municipality or --coach the hub has no participants for (message in Swedish)."""


def _targets(saved: dict[str, str]) -> tuple[int, float]:
    """The yearly targets of the pushed settings; a missing or bad value counts as the default (as on one file)."""
    from coachtui.store.settings import DEFAULTS

    def number(key: str, kind: type[int] | type[float]) -> float:
        try:
            return kind(saved.get(key, DEFAULTS[key]))
        except ValueError:
            return kind(DEFAULTS[key])

    return int(number("target_participants_per_year", int)), float(number("target_share_work_or_studies", float))


def report(
    url: str,
    period: Period,
    today: date,
    *,
    municipality: str | None = None,
    program: str | None = None,
    coach: str | None = None,
    prompt: PasswordPrompt | None = None,
) -> HubReport:
    """`domain.report.build` over everything on the hub (or one coach), plus one report per coach and municipality."""
    from coachtui.domain import report as rules
    from coachtui.domain import survey as survey_rules
    from coachtui.hub import connect
    from coachtui.hub import report as hub_report
    from coachtui.services.fidelity import latest_summary

    with connect.transaction(connect.check_url(url), prompt, read_only=True) as conn:
        _ready(conn)
        data = hub_report.load(conn, period, today, program)
        sheets = hub_report.sheets(conn, period.start, period.end)
        review = hub_report.latest_review(conn, coach if coach in data.fte else None)
    fte = data.fte
    if coach is not None:
        if coach not in fte:
            raise UnknownFilter(
                _("Ingen coach {key!r} på hubben. Coacher: {choices}", key=coach, choices=", ".join(fte) or "–")
            )
        fte = {coach: fte[coach]}
    if municipality is not None:
        known = {m.casefold(): m for m in data.municipalities}
        if municipality.strip().casefold() not in known:
            raise UnknownFilter(
                _(
                    "Ingen deltagare i kommunen {name!r}. Kommuner: {choices}",
                    name=municipality,
                    choices=", ".join(data.municipalities) or "–",
                )
            )
        municipality = known[municipality.strip().casefold()]
    saved = data.team_settings(fte)  # the team settings of the latest push in scope (defaults when none)
    per_year, share = _targets(saved)

    def team(keys: list[str]) -> rules.Team:
        total = sum(fte[k] for k in keys if k in fte)
        return rules.Team(total or 1.0, per_year, share)

    def counts(groups: Iterable[tuple[str, str]]) -> rules.Tally:
        total = rules.Tally()
        for group in groups:
            found = data.groups.get(group)
            if found is not None:
                total.add(found)
        return total

    def build(groups: Iterable[tuple[str, str]], keys: list[str], town: str | None) -> rules.Report:
        return rules.finish(counts(groups), period, today=today, team=team(keys), municipality=town, program=program)

    town_key = municipality.casefold() if municipality is not None else None
    # every group in scope: the coach filter, then the municipality (case-insensitively, as `domain.report.matches`)
    scope = sorted(
        g
        for g in {*data.groups, *data.counted}
        if (coach is None or g[0] == coach) and town_key in (None, g[1].casefold())
    )
    whole = build(scope, list(fte), municipality)
    by_coach = {key: build([g for g in scope if g[0] == key], [key], municipality) for key in fte}
    # a municipality with someone the report reads (whatever the programme), one spelling as on one file
    towns = {g[1].casefold() for g in scope if g in data.counted}
    by_municipality = {}
    for folded in sorted(towns):
        groups = [g for g in scope if g[1].casefold() == folded]
        spelled = min(g[1] for g in groups if g in data.counted)
        by_municipality[spelled] = build(groups, list(fte), spelled)
    survey = survey_rules.build(
        [sheet for key, sheet in sheets if coach is None or key == coach],
        period.start,
        period.end,
        goals=survey_rules.goals_from_settings(saved),
        municipality=municipality,
        program=program,
    )
    latest = latest_summary(review.key, review.on, review.scores) if review is not None else None
    return HubReport(whole, by_coach, by_municipality, data.municipalities, latest, survey)


@dataclass(frozen=True, slots=True)
class HubSurveyReport:
    report: SurveyReport
    by_coach: dict[str, SurveyReport]
    by_municipality: dict[str, SurveyReport]
    municipality: str | None = None  # the filter as the sheets spell it


def survey_report(
    url: str,
    period: Period,
    *,
    kind: str | None = None,
    municipality: str | None = None,
    program: str | None = None,
    coach: str | None = None,
    prompt: PasswordPrompt | None = None,
) -> HubSurveyReport:
    """`domain.survey.build` over the hub's sheets of the period (or one coach's), plus one per coach and
    municipality; the goals are the team settings of the latest push in scope (the defaults when none)."""
    from coachtui.domain import survey as rules
    from coachtui.hub import connect
    from coachtui.hub import report as hub_report

    with connect.transaction(connect.check_url(url), prompt, read_only=True) as conn:
        _ready(conn)
        fte, settings = hub_report.coaches(conn)
        towns = hub_report.survey_municipalities(conn)
        sheets = hub_report.sheets(conn, period.start, period.end)
    if coach is not None:
        if coach not in fte:
            raise UnknownFilter(
                _("Ingen coach {key!r} på hubben. Coacher: {choices}", key=coach, choices=", ".join(fte) or "–")
            )
        fte = {coach: fte[coach]}
    if municipality is not None:
        known = {m.casefold(): m for m in towns}
        found = known.get(municipality.strip().casefold())
        if found is None:
            raise UnknownFilter(
                _(
                    "Ingen enkät från kommunen {name!r}. Kommuner: {choices}",
                    name=municipality,
                    choices=", ".join(sorted(known.values())) or "–",
                )
            )
        municipality = found
    goals = rules.goals_from_settings(hub_report.team_settings(settings, fte))

    def build(group: list[rules.Sheet], town: str | None = municipality) -> rules.SurveyReport:
        return rules.build(group, period.start, period.end, goals=goals, kind=kind, municipality=town, program=program)

    chosen = [(k, s) for k, s in sheets if k in fte]
    per_coach: dict[str, list[rules.Sheet]] = {key: [] for key in fte}
    per_town: dict[str, list[rules.Sheet]] = {}
    for key, sheet in chosen:
        per_coach[key].append(sheet)
        if municipality is None or sheet.municipality.casefold() == municipality.casefold():
            per_town.setdefault(sheet.municipality.casefold(), []).append(sheet)
    by_municipality = {}
    for group in sorted(per_town.values(), key=lambda g: (g[0].municipality.casefold(), g[0].municipality)):
        town = min(s.municipality for s in group)
        by_municipality[town] = build(group, town)
    return HubSurveyReport(
        build([s for _k, s in chosen]),
        {key: build(group) for key, group in per_coach.items()},
        by_municipality,
        municipality,
    )


def survey_report_json(result: HubSurveyReport) -> dict[str, Any]:
    return {
        **result.report.as_json(),
        "by_coach": {key: r.as_json() for key, r in result.by_coach.items()},
        "by_municipality": {key: r.as_json() for key, r in result.by_municipality.items()},
    }


def survey_breakdown_sections(result: HubSurveyReport) -> list[Section]:
    """The per-coach and per-municipality tables: sheets, answers, top three, the share against the goal."""
    from coachtui.exports import survey as render
    from coachtui.exports.report import Section

    headers = (_("Enkäter"), _("Svar"), _("Topp 3"), _("Andel"), _("Mål"), _("Uppnått"))

    def row(label: str, one: SurveyReport) -> tuple[str, ...]:
        pooled = one.total.all
        return (
            label,
            str(sum(one.responses.values())),
            str(pooled.answered),
            str(pooled.top3),
            render.share_text(pooled),
            render.percent(pooled.goal),
            render.met_text(pooled.met),
        )

    return [
        Section("by_coach", _("Per coach"), headers, tuple(row(k, r) for k, r in result.by_coach.items())),
        Section(
            "by_municipality", _("Per kommun"), headers, tuple(row(k, r) for k, r in result.by_municipality.items())
        ),
    ]


def report_json(result: HubReport) -> dict[str, Any]:
    from coachtui.exports.report import CONTRACT_KEYS, as_json

    def eight(one: Report) -> dict[str, Any]:
        full = as_json(one)
        return {key: full[key] for key in CONTRACT_KEYS}

    document = as_json(result.report, fidelity=result.fidelity)
    if result.survey is not None:
        document["survey"] = result.survey.as_json()  # after the existing keys, as `coachtui report` has it
    return {
        **document,
        "by_coach": {key: eight(r) for key, r in result.by_coach.items()},
        "by_municipality": {key: eight(r) for key, r in result.by_municipality.items()},
    }


def breakdown_sections(result: HubReport) -> list[Section]:
    """The per-coach and per-municipality tables: participants by gender, exits, to work."""
    from coachtui.domain import codes
    from coachtui.domain.report import GENDERS
    from coachtui.exports.report import Section, percent
    from coachtui.i18n import language

    headers = (
        *(codes.label("gender", g, language()) for g in GENDERS),
        _("Deltagare"),
        _("Avslutade"),
        _("Till arbete"),
        _("Andel till arbete (%)"),
    )

    def row(label: str, one: Report) -> tuple[str, ...]:
        return (
            label,
            *(str(one.participants[g]) for g in GENDERS),
            str(one.participants["total"]),
            str(one.exits["total"]),
            str(one.to_work["total"].count),
            percent(one.to_work["total"].share),
        )

    return [
        Section("by_coach", _("Per coach"), headers, tuple(row(k, r) for k, r in result.by_coach.items())),
        Section(
            "by_municipality", _("Per kommun"), headers, tuple(row(k, r) for k, r in result.by_municipality.items())
        ),
    ]
