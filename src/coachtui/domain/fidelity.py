"""The IPS fidelity review (programtrohetsskalan, IPS-25): items, bands, totals and suggested scores.

The scale is the 25-item Supported Employment Fidelity Scale (IPS-25), in the 2008 edition of Becker,
Swanson, Bond and Merrens (Dartmouth Psychiatric Research Center; revised 2019 with the same items and
anchors). Its manual is copyrighted: coachtui shows only the items' short titles; the team's own manual
holds the scoring anchors. The four items coachtui can suggest from its own records are scored with the
anchors in :data:`ANCHORS`, the one table of them.

Pure functions on plain values: the store reads the figures (``store/fidelity.py``), the CLI and the
fidelity view show the results.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from coachtui.i18n import _

ITEMS: Final = tuple(range(1, 26))
MIN_SCORE: Final = 1
MAX_SCORE: Final = 5
MAX_TOTAL: Final = len(ITEMS) * MAX_SCORE  # 125
DEFAULT_GOAL: Final = 90
KINDS: Final = ("self", "external")

#: the scale's three groups, as the scale groups its items
GROUPS: Final[tuple[tuple[str, tuple[int, ...]], ...]] = (
    ("staffing", (1, 2, 3)),
    ("organisation", tuple(range(4, 12))),
    ("services", tuple(range(12, 26))),
)

#: (band code, lowest total); a band holds the totals from its lowest up to the next band's lowest - 1
BANDS: Final[tuple[tuple[str, int], ...]] = (("exemplary", 115), ("good", 100), ("fair", 74), ("not_ips", 25))

# Suggested items: item -> (figure, ((lowest value, score), ...) highest value first). A value gets the score
# of the first row whose lowest value it reaches (for items 1 and 15 a lower figure is better).
# IPS-25 (Supported Employment Fidelity Scale, 2008 edition, revised 2019):
# - item 1 caseload size: active participants per full-time coach, rounded half up to a whole number:
#   ≤ 20 → 5, 21-25 → 4, 26-30 → 3, 31-40 → 2, 41+ → 1 (DATA-FORMAT.md's rule; lower is better);
# - item 15 rapid search for a competitive job: median days from enrolment to the first employer contact,
#   whole days: ≤ 30 → 5, 31-60 → 4, 61-150 → 3, 151-270 → 2, more → 1 (lower is better);
# - item 17 job development, frequent employer contact: employer contacts per week per full-time post
#   (the scale: "6 or more per week" 5, 5 per week 4, 3-4 per week 3, 2 per week 2, fewer 1);
# - item 23 time-unlimited follow-along supports: per cent of the employed with efterstöd still going four
#   months after the start (the scale: 3 = at least half of the working clients have contact for at least four
#   months, 4 = (nearly) all of them, 2 = fewer than half, 1 = none after the first month). Its 5 ("monthly for
#   a year or more") needs a year of records a four-month figure cannot show, so coachtui never suggests it;
#   90 % is coachtui's reading of "(nearly) all".
ANCHORS: Final[Mapping[int, tuple[str, tuple[tuple[float, int], ...]]]] = {
    1: ("per_fte", ((41, 1), (31, 2), (26, 3), (21, 4), (0, 5))),
    15: ("days", ((271, 1), (151, 2), (61, 3), (31, 4), (0, 5))),
    17: ("per_week", ((6, 5), (5, 4), (3, 3), (2, 2), (0, 1))),
    23: ("percent", ((90, 4), (50, 3), (1, 2), (0, 1))),
}
SUGGESTED_ITEMS: Final = tuple(ANCHORS)


def group_title(group: str) -> str:
    return {"staffing": _("Bemanning"), "organisation": _("Organisation"), "services": _("Tjänster")}[group]


def item_group(item: int) -> str:
    for group, items in GROUPS:
        if item in items:
            return group
    raise ValueError(item)


def title(item: int) -> str:
    """The item's short title (never the manual's anchor texts)."""
    titles = {
        1: _("Antal deltagare per coach"),
        2: _("Coacherna arbetar bara med arbete"),
        3: _("Samma coach genom hela processen"),
        4: _("Coachen ingår i behandlingsteamet"),
        5: _("Täta kontakter med behandlingsteamet"),
        6: _("Samverkan med arbetslivsinriktad rehabilitering"),
        7: _("Egen enhet för arbetsstödet"),
        8: _("Arbetsledarens roll"),
        9: _("Inga uteslutningskriterier"),
        10: _("Verksamheten inriktad på arbete"),
        11: _("Ledningens stöd för IPS"),
        12: _("Vägledning om ersättningar och arbete"),
        13: _("Öppenhet om funktionsnedsättning"),
        14: _("Löpande kartläggning i arbete"),
        15: _("Snabb jobbsökning"),
        16: _("Individuell jobbsökning"),
        17: _("Arbetsgivarkontakter: hur ofta"),
        18: _("Arbetsgivarkontakter: kvalitet"),
        19: _("Olika slags arbeten"),
        20: _("Olika arbetsgivare"),
        21: _("Arbeten på den öppna marknaden"),
        22: _("Individuellt efterstöd"),
        23: _("Tidsobegränsat efterstöd"),
        24: _("Stöd ute i samhället"),
        25: _("Uppsökande arbete och återkontakt"),
    }
    return titles[item]


def band_title(band: str | None) -> str:
    if band is None:
        return _("ej klar")
    return {
        "exemplary": _("föredömlig"),
        "good": _("god"),
        "fair": _("godtagbar"),
        "not_ips": _("inte IPS"),
    }[band]


def kind_title(kind: str) -> str:
    return {"self": _("egen skattning"), "external": _("extern granskning")}[kind]


# --- totals and bands ------------------------------------------------------------------------------------


def scored(scores: Mapping[int, int]) -> int:
    return sum(1 for item in ITEMS if scores.get(item) is not None)


def total(scores: Mapping[int, int]) -> int:
    """The sum of the scored items (a partial review's total is the sum so far)."""
    return sum(int(scores[item]) for item in ITEMS if scores.get(item) is not None)


def band_of_total(points: int) -> str:
    """The band of a whole review's total (25-125)."""
    if not len(ITEMS) * MIN_SCORE <= points <= MAX_TOTAL:
        raise ValueError(points)
    for band, lowest in BANDS:
        if points >= lowest:
            return band
    raise ValueError(points)  # unreachable: not_ips starts at 25


def band(scores: Mapping[int, int]) -> str | None:
    """The band, only when all 25 items are scored; None for a partial review."""
    if scored(scores) < len(ITEMS):
        return None
    return band_of_total(total(scores))


def distance_to_goal(points: int, goal: int) -> int:
    """Points still missing to reach the goal (0 when reached or passed)."""
    return max(0, goal - points)


@dataclass(frozen=True, slots=True)
class Summary:
    scored: int
    total: int
    band: str | None
    to_goal: int


def summary(scores: Mapping[int, int], goal: int) -> Summary:
    points = total(scores)
    return Summary(scored(scores), points, band(scores), distance_to_goal(points, goal))


# --- suggested scores ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A score coachtui suggests for ``item``, from ``value`` over the period ``start``..``end``.

    ``counts`` is the basis shown beside it (e.g. {"active": 7} and {"fte": 0.4}); the coach confirms it or not.
    """

    item: int
    value: float
    score: int
    start: date | None
    end: date
    counts: Mapping[str, float] = field(default_factory=dict)


def half_up(value: float | Decimal, places: int = 0) -> Decimal:
    """``value`` rounded half up (17.45 → 17.5 at one place; 20.5 → 21), on its decimal text (no binary drift)."""
    exponent = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(exponent, rounding=ROUND_HALF_UP)


def anchor_score(item: int, value: float) -> int:
    """The score of ``value`` on ``item``'s anchors (:data:`ANCHORS`)."""
    _figure, rows = ANCHORS[item]
    for lowest, points in rows:
        if value >= lowest:
            return points
    return MIN_SCORE


def per_fte_score(per_fte: float) -> int:
    """Item 1's score of a caseload per full-time post: the one-decimal figure rounded half up to a whole number,
    then banded (20.4 → 20 → 5, 20.5 → 21 → 4). The caseload view and the report use it too."""
    return anchor_score(1, float(half_up(half_up(per_fte, 1))))


def caseload(active: int, fte: float, today: date) -> Suggestion | None:
    """Item 1: active participants per full-time post (one decimal), scored on the value rounded half up to a
    whole number. No coach (fte 0) or nobody active: no suggestion."""
    if fte <= 0 or active <= 0:
        return None
    value = half_up(Decimal(active) / Decimal(str(fte)), 1)
    return Suggestion(1, float(value), per_fte_score(float(value)), None, today, {"active": active, "fte": fte})


def rapid_job_search(days: Sequence[int], enrolled: int, start: date, end: date) -> Suggestion | None:
    """Item 15: the median of ``days`` (enrolment to first employer contact, one per participant enrolled in the
    period who has one), in whole days rounded half up. ``enrolled``: everyone enrolled in the period."""
    if not days:
        return None
    import statistics  # here: the caseload's first frame uses this module's caseload rule, not this

    median = half_up(statistics.median(max(0, d) for d in days))
    value = float(median)
    return Suggestion(15, value, anchor_score(15, value), start, end, {"with_contact": len(days), "enrolled": enrolled})


def job_development(contacts: int, fte: float, start: date, end: date) -> Suggestion | None:
    """Item 17: employer contacts per week per full-time post over ``start``..``end`` (one decimal).
    Without a coach, or without a single contact logged, no suggestion (no records is not "no contacts")."""
    weeks = ((end - start).days + 1) / 7
    if fte <= 0 or contacts <= 0 or weeks <= 0:
        return None
    value = float(half_up(Decimal(contacts) / Decimal(str(weeks)) / Decimal(str(fte)), 1))
    return Suggestion(17, value, anchor_score(17, value), start, end, {"contacts": contacts, "fte": fte})


def follow_along(employed: int, still_supported: int, start: date, end: date) -> Suggestion | None:
    """Item 23: the share (per cent, whole) of the ``employed`` (jobs started in ``start``..``end``, each at least
    four months ago) with efterstöd still going four months after the start."""
    if employed <= 0:
        return None
    value = float(half_up(Decimal(100 * still_supported) / Decimal(employed)))
    return Suggestion(
        23, value, anchor_score(23, value), start, end, {"employed": employed, "supported": still_supported}
    )


def _number(value: float, places: int = 1) -> str:
    from coachtui.i18n import language

    text = f"{value:.{places}f}"
    return text.replace(".", ",") if language() == "sv" else text


def basis_text(found: Suggestion) -> str:
    """What a suggestion is made from, in words: the figure, the counts and the period."""
    c = found.counts
    period = f"{found.start.isoformat() if found.start else '…'}–{found.end.isoformat()}"
    if found.item == 1:
        return _(
            "{active} aktiva / {fte} tjänst = {value} per heltid (idag)",
            active=int(c["active"]),
            fte=_number(float(c["fte"]), 2).rstrip("0").rstrip(",."),
            value=_number(found.value),
        )
    if found.item == 15:
        return _(
            "median {value} dagar till första arbetsgivarkontakt; {n} av {enrolled} inskrivna {period}",
            value=int(found.value),
            n=int(c["with_contact"]),
            enrolled=int(c["enrolled"]),
            period=period,
        )
    if found.item == 17:
        return _(
            "{value} arbetsgivarkontakter per vecka och heltid ({n} st, {period})",
            value=_number(found.value),
            n=int(c["contacts"]),
            period=period,
        )
    return _(
        "{value} % har efterstöd 4 månader efter start ({n} av {employed}; anställda {period})",
        value=int(found.value),
        n=int(c["supported"]),
        employed=int(c["employed"]),
        period=period,
    )
