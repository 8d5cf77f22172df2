"""The one JSON text coachtui writes: ``json.dumps(value, indent=2, ensure_ascii=False)`` and a newline.

Every JSON output (the whole-record document, ``report``, ``hub report``, ``survey report``, the exports, the
fidelity review) is this text, so other tools can rely on its form. With an indent the standard library falls
back to its pure-Python encoder; orjson writes the same bytes natively, 10-25 times faster, for every value it
formats alike: strings, integers of 64 bits, and floats from 0.0001 up to 1e16 (orjson writes ``0.00001``
and ``1e16`` where the standard library writes ``1e-05`` and ``1e+16``; NaN and the infinities differ too).
:func:`dumps` looks at the value first and takes the standard library for anything else;
``tests/test_jsontext.py`` checks that both give the same bytes.
"""

from __future__ import annotations

import json
import math
from typing import Any

#: Floats orjson and the standard library write alike: 0 and those from 1e-4 up to 1e16 (either sign).
_SMALLEST, _LARGEST = 1e-4, 1e16
_INT64 = 2**63


def standard(value: Any) -> str:
    """The definition: the standard library's text."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def dumps(value: Any) -> str:
    """The canonical text of ``value`` (see the module), by orjson when the bytes are sure to be the same."""
    if not _alike(value):
        return standard(value)
    try:
        import orjson
    except ImportError:  # pragma: no cover - a dependency; without it the standard library gives the same text
        return standard(value)
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode() + "\n"
    except (TypeError, orjson.JSONEncodeError):  # a type orjson refuses: the standard library's rules decide
        return standard(value)


def _alike(value: Any) -> bool:
    """Whether orjson writes ``value`` exactly as the standard library does (an iterative walk: no recursion)."""
    pending = [value]
    while pending:
        item = pending.pop()
        kind = type(item)
        if kind is str or kind is bool or item is None:
            continue
        if kind is int:
            if not -_INT64 <= item < _INT64:
                return False
        elif kind is float:
            size = abs(item)
            if math.isnan(item) or not (size == 0 or _SMALLEST <= size < _LARGEST):
                return False
        elif kind is dict:
            if not all(type(k) is str for k in item):
                return False  # the standard library turns other keys into text; orjson refuses them
            pending.extend(item.values())
        elif kind is list or kind is tuple:
            pending.extend(item)
        else:
            return False  # a subclass or another type: the standard library's rules decide
    return True
