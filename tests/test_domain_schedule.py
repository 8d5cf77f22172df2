import json
from datetime import date, timedelta
from itertools import pairwise

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from coachtui.domain.schedule import (
    DEFAULT_TEMPLATE,
    Extension,
    PlannedSlot,
    TemplateError,
    TemplateSlot,
    extend,
    first_working_day,
    generate,
    plan,
    template_from_json,
    template_to_json,
    validate_template,
)
from coachtui.domain.workdays import is_working_day


def _due(start: date) -> dict[str, date]:
    return {p.slot: p.due_on for p in generate(start)}


def _by_slot(start: date, template: tuple[TemplateSlot, ...] = DEFAULT_TEMPLATE) -> dict[str, PlannedSlot]:
    return {p.slot: p for p in generate(start, template)}


def test_worked_example_thursday_15_january_2026() -> None:
    planned = generate(date(2026, 1, 15))
    assert [(p.slot, p.kind, p.due_on) for p in planned] == [
        ("V1", "visit", date(2026, 1, 22)),
        ("V2", "visit", date(2026, 1, 29)),
        ("V3", "visit", date(2026, 2, 5)),
        ("V4", "visit", date(2026, 2, 12)),
        ("V5", "visit", date(2026, 2, 26)),
        ("V6", "visit", date(2026, 3, 12)),
        ("V7", "visit", date(2026, 4, 9)),
        ("T1", "call", date(2026, 5, 7)),
        ("T2", "call", date(2026, 6, 4)),
        ("T3", "call", date(2026, 7, 2)),
        ("S", "closing_call", date(2026, 7, 15)),
    ]
    assert all(p.original_due_on == p.due_on and not p.moved for p in planned)
    assert all(p.moved_reason_sv is None and p.moved_reason_en is None for p in planned)


def test_default_template_shape() -> None:
    assert [(t.slot, t.kind, t.base, t.offset) for t in DEFAULT_TEMPLATE] == [
        ("V1", "visit", "W", 1),
        ("V2", "visit", "W", 2),
        ("V3", "visit", "W", 3),
        ("V4", "visit", "W", 4),
        ("V5", "visit", "W", 6),
        ("V6", "visit", "W", 8),
        ("V7", "visit", "W", 12),
        ("T1", "call", "W", 16),
        ("T2", "call", "W", 20),
        ("T3", "call", "W", 24),
        ("S", "closing_call", "A", 6),
    ]
    assert validate_template(DEFAULT_TEMPLATE) == []


def test_visit_on_good_friday_moves_back_and_may_day_call_moves_back() -> None:
    slots = _by_slot(date(2026, 1, 9))  # a Friday
    v7 = slots["V7"]
    assert v7.original_due_on == date(2026, 4, 3)
    assert v7.due_on == date(2026, 4, 2)  # Thu: 1 day back beats Tue 04-07, 4 days ahead
    assert v7.moved
    assert (v7.moved_reason_sv, v7.moved_reason_en) == ("Långfredagen", "Good Friday")
    t1 = slots["T1"]
    assert (t1.original_due_on, t1.due_on, t1.moved_reason_sv) == (
        date(2026, 5, 1),
        date(2026, 4, 30),
        "Första maj",
    )
    assert slots["V6"].due_on == date(2026, 3, 6)  # untouched neighbours
    assert not slots["V6"].moved


def test_tie_moves_to_the_later_day() -> None:
    v1 = _by_slot(date(2025, 12, 30))["V1"]  # W Tuesday -> V1 on Trettondedag jul (a Tuesday)
    assert v1.original_due_on == date(2026, 1, 6)
    assert v1.due_on == date(2026, 1, 7)  # Mon 01-05 and Wed 01-07 are equidistant
    assert v1.moved_reason_sv == "Trettondedag jul"
    assert v1.moved_reason_en == "Epiphany"


def test_visit_on_midsommarafton_moves_to_thursday() -> None:
    t2 = _by_slot(date(2026, 1, 30))["T2"]
    assert (t2.original_due_on, t2.due_on, t2.moved_reason_sv) == (
        date(2026, 6, 19),
        date(2026, 6, 18),
        "Midsommarafton",
    )


def test_julafton_and_nyarsafton_slots_move() -> None:
    assert plan("V1", "visit", date(2026, 12, 24)).due_on == date(2026, 12, 23)
    assert plan("V1", "visit", date(2026, 12, 24)).moved_reason_sv == "Julafton"
    assert plan("T1", "call", date(2026, 12, 31)).due_on == date(2026, 12, 30)
    assert plan("T1", "call", date(2026, 12, 31)).moved_reason_en == "New Year's Eve"
    # A closing call on nyårsafton only moves forward, over the new year.
    closing = plan("S", "closing_call", date(2026, 12, 31))
    assert closing.due_on == date(2027, 1, 4)
    assert closing.moved_reason_sv == "Nyårsafton"


def test_slot_on_saturday_goes_back_to_friday_unless_friday_is_off() -> None:
    assert plan("V1", "visit", date(2026, 1, 17)).due_on == date(2026, 1, 16)
    assert plan("V1", "visit", date(2026, 1, 17)).moved_reason_sv == "lördag"
    # Sat 2026-05-02 after Första maj: Thu 04-30 and Mon 05-04 are 2 days away; later wins.
    assert plan("V1", "visit", date(2026, 5, 2)).due_on == date(2026, 5, 4)


def test_start_on_saturday_counts_weeks_from_monday() -> None:
    start = date(2026, 1, 17)
    assert first_working_day(start) == date(2026, 1, 19)
    slots = _by_slot(start)
    assert slots["V1"].due_on == date(2026, 1, 26)
    assert slots["T3"].due_on == date(2026, 7, 6)
    assert slots["S"].original_due_on == date(2026, 7, 17)  # from A, not from W
    assert slots["S"].due_on == date(2026, 7, 17)


def test_start_on_holiday_monday_counts_weeks_from_tuesday() -> None:
    start = date(2026, 4, 6)  # Annandag påsk
    assert first_working_day(start) == date(2026, 4, 7)
    due = _due(start)
    assert due["V1"] == date(2026, 4, 14)
    assert due["V2"] == date(2026, 4, 21)
    assert due["S"] == date(2026, 10, 6)


def test_closing_call_on_weekend_moves_forward_only() -> None:
    start = date(2026, 1, 4)  # a Sunday: W is Monday 01-05
    slots = _by_slot(start)
    assert slots["V1"].due_on == date(2026, 1, 12)
    s = slots["S"]
    assert s.original_due_on == date(2026, 7, 4)  # Saturday
    assert s.due_on == date(2026, 7, 6)  # Monday, not the nearer Friday 07-03
    assert (s.moved_reason_sv, s.moved_reason_en) == ("lördag", "Saturday")


def test_closing_call_clamps_to_month_end() -> None:
    s = _by_slot(date(2026, 8, 31))["S"]
    assert s.original_due_on == date(2027, 2, 28)  # a Sunday
    assert s.due_on == date(2027, 3, 1)
    assert s.moved_reason_sv == "söndag"


def test_closing_call_clamps_to_leap_day() -> None:
    s = _by_slot(date(2027, 8, 31))["S"]
    assert s.original_due_on == date(2028, 2, 29)
    assert s.due_on == date(2028, 2, 29)
    assert not s.moved


def test_slots_do_not_depend_on_each_other() -> None:
    # Each slot is computed from A and the template only: dropping V1 (as if it were
    # done late or not at all) leaves every other date unchanged.
    start = date(2026, 1, 9)
    without_v1 = tuple(t for t in DEFAULT_TEMPLATE if t.slot != "V1")
    full = _by_slot(start)
    partial = _by_slot(start, without_v1)
    assert set(partial) == set(full) - {"V1"}
    assert all(partial[name] == full[name] for name in partial)


def test_custom_template_is_ordered_by_due_date() -> None:
    template = (
        TemplateSlot("S", "closing_call", "A", 3),
        TemplateSlot("M1", "call", "A", 1),
        TemplateSlot("B", "visit", "W", 0),
        TemplateSlot("B2", "visit", "W", 2),
    )
    planned = generate(date(2026, 1, 15), template)
    assert [(p.slot, p.due_on) for p in planned] == [
        ("B", date(2026, 1, 15)),
        ("B2", date(2026, 1, 29)),
        ("M1", date(2026, 2, 16)),  # 02-15 is a Sunday: nearest is Monday
        ("S", date(2026, 4, 15)),
    ]


def test_generate_rejects_an_invalid_template() -> None:
    with pytest.raises(TemplateError) as caught:
        generate(date(2026, 1, 15), (TemplateSlot("V1", "visit", "W", 1),))
    assert caught.value.problems == ["Mallen ska ha exakt ett avslutande samtal (har 0)."]


# --- extending -------------------------------------------------------------


def _existing(start: date) -> list[tuple[str, str]]:
    return [(p.slot, p.kind) for p in generate(start)]


def test_extend_once() -> None:
    start = date(2026, 1, 15)
    result = extend(start, _existing(start))
    assert result == Extension(
        demoted=("S",),
        new_slot=PlannedSlot(
            slot="X1",
            kind="closing_call",
            due_on=date(2026, 8, 17),  # 08-15 is a Saturday: forward to Monday
            original_due_on=date(2026, 8, 15),
            moved_reason_sv="lördag",
            moved_reason_en="Saturday",
        ),
    )


def test_extend_twice() -> None:
    start = date(2026, 1, 15)
    existing = [(name, "call" if name == "S" else kind) for name, kind in _existing(start)]
    existing.append(("X1", "closing_call"))
    result = extend(start, existing)
    assert result.demoted == ("X1",)
    assert result.new_slot.slot == "X2"
    assert result.new_slot.kind == "closing_call"
    assert result.new_slot.original_due_on == date(2026, 9, 15)
    assert result.new_slot.due_on == date(2026, 9, 15)
    assert not result.new_slot.moved


def test_extend_computes_from_a_not_from_the_previous_slot() -> None:
    start = date(2026, 7, 31)
    first = extend(start, _existing(start))
    assert first.new_slot.original_due_on == date(2027, 2, 28)  # clamped, a Sunday
    assert first.new_slot.due_on == date(2027, 3, 1)
    second = extend(start, [("S", "call"), ("X1", "closing_call")])
    # A + 8 months, not 02-28 + 1 month (03-28).
    assert second.new_slot.original_due_on == date(2027, 3, 31)
    assert second.new_slot.due_on == date(2027, 3, 31)


def test_extend_uses_the_template_closing_offset() -> None:
    template = (
        TemplateSlot("V1", "visit", "W", 1),
        TemplateSlot("S", "closing_call", "A", 9),
    )
    start = date(2026, 1, 15)
    result = extend(start, [("V1", "visit"), ("S", "closing_call")], template)
    assert result.demoted == ("S",)
    assert result.new_slot.slot == "X1"
    assert result.new_slot.original_due_on == date(2026, 11, 15)  # A + 10 months, a Sunday
    assert result.new_slot.due_on == date(2026, 11, 16)


def test_extend_numbers_after_the_highest_existing_extension() -> None:
    start = date(2026, 1, 15)
    result = extend(start, [("S", "call"), ("X1", "call"), ("X3", "closing_call")])
    assert result.demoted == ("X3",)
    assert result.new_slot.slot == "X4"
    assert result.new_slot.original_due_on == date(2026, 11, 15)  # A + 6 + 4 months


def test_extend_without_a_closing_call_demotes_nothing() -> None:
    result = extend(date(2026, 1, 15), [])
    assert result.demoted == ()
    assert result.new_slot.slot == "X1"
    assert result.new_slot.due_on == date(2026, 8, 17)


# --- template validation and JSON -------------------------------------------


def test_validate_template_reports_every_problem() -> None:
    template = (
        TemplateSlot("V1", "visit", "W", 1),
        TemplateSlot("V1", "visit", "W", 2),
        TemplateSlot("", "visit", "W", 3),
        TemplateSlot("Q", "meeting", "W", 1),
        TemplateSlot("R", "call", "D", 1),
        TemplateSlot("N", "call", "W", -2),
        TemplateSlot("X2", "call", "A", 4),
        TemplateSlot("S", "closing_call", "W", 26),
        TemplateSlot("S2", "closing_call", "A", 6),
    )
    assert validate_template(template) == [
        "Namnet V1 finns 2 gånger.",
        "Rad 3: namnet saknas.",
        "Q: okänd typ 'meeting' (visit, call eller closing_call).",
        "R: okänd bas 'D' (W = veckor från första arbetsdagen, A = månader från första anställningsdagen).",
        "N: förskjutningen får inte vara negativ (-2).",
        "X2: namn som X1, X2 … är reserverade för förlängningar.",
        "S: avslutande samtal räknas i månader från första anställningsdagen (bas A).",
        "Mallen ska ha exakt ett avslutande samtal (har 2).",
    ]


def test_validate_empty_template() -> None:
    assert validate_template(()) == [
        "Mallen är tom.",
        "Mallen ska ha exakt ett avslutande samtal (har 0).",
    ]


def test_validate_accepts_offset_zero_and_month_based_calls() -> None:
    template = (
        TemplateSlot("B", "visit", "W", 0),
        TemplateSlot("M4", "call", "A", 4),
        TemplateSlot("S", "closing_call", "A", 12),
    )
    assert validate_template(template) == []


def test_json_round_trip_default_template() -> None:
    text = template_to_json(DEFAULT_TEMPLATE)
    assert json.loads(text)[0] == {"slot": "V1", "kind": "visit", "base": "W", "offset": 1}
    assert json.loads(text)[-1] == {"slot": "S", "kind": "closing_call", "base": "A", "offset": 6}
    assert template_from_json(text) == DEFAULT_TEMPLATE


def test_json_round_trip_keeps_non_ascii_names() -> None:
    template = (TemplateSlot("Besök1", "visit", "W", 1), TemplateSlot("Slut", "closing_call", "A", 9))
    text = template_to_json(template)
    assert "Besök1" in text
    assert template_from_json(text) == template


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ("[{", ["Mallen är inte giltig JSON: Expecting property name enclosed in double quotes (rad 1)."]),
        ('{"slot": "V1"}', ["Mallen ska vara en lista av rader."]),
        ("[1]", ["Rad 1: ska vara ett objekt med slot, kind, base och offset."]),
        ('[{"slot": "S", "kind": "closing_call", "base": "A"}]', ["Rad 1: saknar offset."]),
        (
            '[{"slot": "S", "kind": "closing_call", "base": "A", "offset": 6, "note": "x"}]',
            ["Rad 1: okända fält note."],
        ),
        (
            '[{"slot": "S", "kind": "closing_call", "base": "A", "offset": "6"}]',
            ["Rad 1: offset ska vara ett heltal."],
        ),
        (
            '[{"slot": "S", "kind": "closing_call", "base": "A", "offset": true}]',
            ["Rad 1: offset ska vara ett heltal."],
        ),
        (
            '[{"slot": 1, "kind": "closing_call", "base": "A", "offset": 6}]',
            ["Rad 1: slot, kind och base ska vara text."],
        ),
        (
            '[{"slot": "V1", "kind": "visit", "base": "W", "offset": 1}]',
            ["Mallen ska ha exakt ett avslutande samtal (har 0)."],
        ),
    ],
)
def test_template_from_json_errors(text: str, problems: list[str]) -> None:
    with pytest.raises(TemplateError) as caught:
        template_from_json(text)
    assert caught.value.problems == problems
    assert isinstance(caught.value, ValueError)
    assert str(caught.value) == "; ".join(problems)


# --- properties --------------------------------------------------------------


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)))
def test_default_schedule_properties(start: date) -> None:
    planned = generate(start)
    w = first_working_day(start)
    assert is_working_day(w)
    assert start <= w <= start + timedelta(days=5)
    # Ordered by due date, which for the default template is template order, strictly.
    assert [p.slot for p in planned] == [t.slot for t in DEFAULT_TEMPLATE]
    dues = [p.due_on for p in planned]
    assert all(a < b for a, b in pairwise(dues))
    for p, t in zip(planned, DEFAULT_TEMPLATE, strict=True):
        assert is_working_day(p.due_on)
        assert p.moved == (p.moved_reason_sv is not None) == (p.moved_reason_en is not None)
        if t.base == "W":
            assert p.original_due_on == w + timedelta(weeks=t.offset)
        else:
            assert p.original_due_on == start + relativedelta(months=t.offset)
        if p.kind == "closing_call":
            # Forward only; the longest run of non-working days is 5 (22-26 Dec when julafton is a Monday).
            assert p.original_due_on <= p.due_on <= p.original_due_on + timedelta(days=5)
        else:
            # Nearest: at most half of that 5-day run, rounded up.
            assert abs((p.due_on - p.original_due_on).days) <= 3
