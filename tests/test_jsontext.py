"""The one JSON text: orjson's bytes are the standard library's, or the standard library writes them."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from coachtui import jsontext

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1e-5, 1e-4, 0.00015, 0.333, 1e15, 9.999e15, 1e16, 2.5e20]),
    st.text(),
    st.sampled_from(["åäö ÅÄÖ", "tab\tand\nnewline", '"quoted" \\ back', "\u2028\u2029", "\x00\x1f", "😀"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=8), inner, max_size=5)),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(values)
def test_the_text_is_the_standard_librarys_for_any_value(value: Any) -> None:
    assert jsontext.dumps(value) == json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def test_values_orjson_writes_otherwise_go_to_the_standard_library() -> None:
    for odd in (1e-5, 1e16, math.nan, math.inf, 2**64, {1: "a key that is not text"}, (1, 2)):
        assert jsontext.dumps([odd]) == json.dumps([odd], indent=2, ensure_ascii=False) + "\n"
    assert jsontext._alike({"share": 0.333, "n": [1, 2], "text": "å"})
    assert not jsontext._alike({"tiny": 1e-5})
