"""The IPS-25 fidelity rules: items and groups, bands on every edge, totals, the four suggested scores."""

from __future__ import annotations

from datetime import date

import pytest

from coachtui.domain import fidelity
from coachtui.i18n import set_language

TODAY = date(2026, 11, 23)
START = date(2026, 8, 24)


def whole(total: int) -> dict[int, int]:
    """A whole review (all 25 items) adding up to ``total``."""
    assert 25 <= total <= 125
    scores = {item: 1 for item in fidelity.ITEMS}
    extra = total - 25
    for item in fidelity.ITEMS:
        add = min(4, extra)
        scores[item] += add
        extra -= add
    assert sum(scores.values()) == total
    return scores


def test_the_25_items_are_grouped_as_the_scale_groups_them() -> None:
    groups = dict(fidelity.GROUPS)
    assert groups == {"staffing": (1, 2, 3), "organisation": tuple(range(4, 12)), "services": tuple(range(12, 26))}
    assert [i for _g, items in fidelity.GROUPS for i in items] == list(range(1, 26))
    assert fidelity.item_group(3) == "staffing" and fidelity.item_group(4) == "organisation"
    assert fidelity.item_group(25) == "services"
    with pytest.raises(ValueError):
        fidelity.item_group(26)


def test_titles_are_short_and_translated() -> None:
    titles = [fidelity.title(i) for i in fidelity.ITEMS]
    assert len(set(titles)) == 25 and max(len(t) for t in titles) <= 48
    assert fidelity.title(1) == "Antal deltagare per coach"
    set_language("en")
    try:
        assert fidelity.title(1) == "Caseload size"
        assert fidelity.title(23) == "Time-unlimited follow-along supports"
        assert fidelity.group_title("services") == "Services"
    finally:
        set_language("sv")


@pytest.mark.parametrize(
    ("points", "expected"),
    [(125, "exemplary"), (115, "exemplary"), (114, "good"), (100, "good"), (99, "fair"), (74, "fair"),
     (73, "not_ips"), (25, "not_ips")],
)  # fmt: skip
def test_band_on_every_edge(points: int, expected: str) -> None:
    scores = whole(points)
    assert fidelity.total(scores) == points
    assert fidelity.band(scores) == expected
    assert fidelity.band_of_total(points) == expected


def test_a_total_outside_the_scale_has_no_band() -> None:
    for points in (24, 126):
        with pytest.raises(ValueError):
            fidelity.band_of_total(points)


def test_a_partial_review_has_a_total_but_no_band() -> None:
    scores = {item: 5 for item in range(1, 25)}  # 24 of 25: 120 points, but not a whole review
    assert fidelity.scored(scores) == 24
    assert fidelity.total(scores) == 120
    assert fidelity.band(scores) is None
    assert fidelity.band({}) is None and fidelity.total({}) == 0


def test_summary_and_distance_to_the_goal() -> None:
    assert fidelity.summary(whole(86), 90) == fidelity.Summary(25, 86, "fair", 4)
    assert fidelity.summary(whole(90), 90).to_goal == 0
    assert fidelity.summary(whole(101), 90).to_goal == 0
    assert fidelity.summary({1: 5, 2: 4}, 90) == fidelity.Summary(2, 9, None, 81)


# --- item 1: caseload size ---------------------------------------------------------------------------------


def test_part_time_coach_caseload() -> None:
    found = fidelity.caseload(7, 0.4, TODAY)
    assert found is not None
    assert (found.item, found.value, found.score) == (1, 17.5, 5)
    assert dict(found.counts) == {"active": 7, "fte": 0.4}
    assert found.end == TODAY


@pytest.mark.parametrize(
    ("active", "fte", "value", "score"),
    [
        (20, 1.0, 20.0, 5),
        (41, 2.0, 20.5, 4),  # 20.5 rounds half up to 21
        (8, 0.4, 20.0, 5),
        (9, 0.4, 22.5, 4),  # 22.5 -> 23
        (25, 1.0, 25.0, 4),
        (51, 2.0, 25.5, 3),  # 25.5 -> 26
        (30, 1.0, 30.0, 3),
        (61, 2.0, 30.5, 2),
        (40, 1.0, 40.0, 2),
        (81, 2.0, 40.5, 1),
        (41, 1.0, 41.0, 1),
        (7, 0.3, 23.3, 4),  # 23.333... shown with one decimal
        (2, 0.1, 20.0, 5),  # 0.1 of a post without binary drift
        (1, 0.7, 1.4, 5),
    ],
)
def test_caseload_bands_after_rounding_half_up(active: int, fte: float, value: float, score: int) -> None:
    found = fidelity.caseload(active, fte, TODAY)
    assert found is not None
    assert (found.value, found.score) == (value, score)


def test_caseload_without_data_suggests_nothing() -> None:
    assert fidelity.caseload(0, 1.0, TODAY) is None
    assert fidelity.caseload(5, 0.0, TODAY) is None


# --- item 15: rapid job search -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "value", "score"),
    [([30], 30, 5), ([31], 31, 4), ([60], 60, 4), ([61], 61, 3), ([150], 150, 3), ([151], 151, 2),
     ([270], 270, 2), ([271], 271, 1), ([10, 20, 400], 20, 5), ([30, 31], 31, 4), ([29, 30], 30, 5),
     ([-3], 0, 5)],
)  # fmt: skip
def test_rapid_job_search_median_days(days: list[int], value: int, score: int) -> None:
    found = fidelity.rapid_job_search(days, 5, date(2025, 11, 24), TODAY)
    assert found is not None
    assert (found.item, found.value, found.score) == (15, value, score)
    assert dict(found.counts) == {"with_contact": len(days), "enrolled": 5}
    assert (found.start, found.end) == (date(2025, 11, 24), TODAY)


def test_rapid_job_search_without_contacts_suggests_nothing() -> None:
    assert fidelity.rapid_job_search([], 4, date(2025, 11, 24), TODAY) is None


# --- item 17: job development ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("contacts", "fte", "value", "score"),
    [(78, 1.0, 6.0, 5), (65, 1.0, 5.0, 4), (64, 1.0, 4.9, 3), (39, 1.0, 3.0, 3), (38, 1.0, 2.9, 2),
     (26, 1.0, 2.0, 2), (25, 1.0, 1.9, 1), (1, 1.0, 0.1, 1), (26, 0.4, 5.0, 4), (32, 0.4, 6.2, 5)],
)  # fmt: skip
def test_job_development_contacts_per_week_per_post(contacts: int, fte: float, value: float, score: int) -> None:
    start = date(2026, 8, 24)  # 13 weeks
    end = date(2026, 11, 22)
    assert (end - start).days + 1 == 91
    found = fidelity.job_development(contacts, fte, start, end)
    assert found is not None
    assert (found.item, found.value, found.score) == (17, value, score)
    assert dict(found.counts) == {"contacts": contacts, "fte": fte}


def test_job_development_without_contacts_or_coach_suggests_nothing() -> None:
    assert fidelity.job_development(0, 1.0, START, TODAY) is None
    assert fidelity.job_development(10, 0.0, START, TODAY) is None


# --- item 23: time-unlimited follow-along ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("employed", "supported", "value", "score"),
    [(10, 10, 100, 4), (10, 9, 90, 4), (100, 89, 89, 3), (2, 1, 50, 3), (100, 49, 49, 2), (100, 1, 1, 2),
     (10, 0, 0, 1), (1000, 4, 0, 1)],
)  # fmt: skip
def test_follow_along_share_of_the_employed(employed: int, supported: int, value: int, score: int) -> None:
    found = fidelity.follow_along(employed, supported, date(2025, 7, 23), date(2026, 7, 23))
    assert found is not None
    assert (found.item, found.value, found.score) == (23, value, score)
    assert dict(found.counts) == {"employed": employed, "supported": supported}


def test_follow_along_without_jobs_suggests_nothing() -> None:
    assert fidelity.follow_along(0, 0, START, TODAY) is None


def test_one_anchor_table_covers_every_suggested_item() -> None:
    assert fidelity.SUGGESTED_ITEMS == (1, 15, 17, 23)
    for item in fidelity.SUGGESTED_ITEMS:
        _figure, rows = fidelity.ANCHORS[item]
        lows = [low for low, _score in rows]
        assert lows == sorted(lows, reverse=True) and lows[-1] == 0
        assert all(1 <= s <= 5 for _low, s in rows)


def test_the_caseload_view_and_the_report_use_the_same_rule() -> None:
    from coachtui.domain import steps

    for active, fte in ((8, 0.4), (41, 2.0), (51, 1.0), (7, 0.3), (102, 5.0), (81, 4.0), (3, 0.7)):
        found = fidelity.caseload(active, fte, TODAY)
        assert found is not None
        assert steps.caseload_points(active, fte) == found.score
    assert fidelity.per_fte_score(20.4) == 5  # rounded to 20 first
    assert fidelity.per_fte_score(20.45) == 4  # 20.5 at one decimal, then 21
