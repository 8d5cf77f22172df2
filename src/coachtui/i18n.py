"""Translation layer.

Every user-facing string is written in Swedish and passed through ``_()``;
the English catalogue lives in ``locale/en/*.json`` (one file per area, keys are
the Swedish strings). ``tests/test_i18n.py`` checks that every ``_("...")`` in
the source has an English entry with the same placeholders.

The language is chosen once per process, before the UI modules are imported
(the CLI does it first thing), because key bindings are built at import time.
"""

from __future__ import annotations

import json
from functools import cache

LANGUAGES = ("sv", "en")
_state = {"lang": "sv"}


def set_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _state["lang"] = lang


def language() -> str:
    return _state["lang"]


@cache
def catalogue(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    if lang == "sv":
        return merged
    from importlib import resources  # only English needs the catalogues

    folder = resources.files("coachtui") / "locale" / lang
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            merged.update(json.loads(entry.read_text(encoding="utf-8")))
    return merged


def _(msgid: str, /, **values: object) -> str:
    """Translate a Swedish message and fill in its ``{placeholders}``."""
    text = msgid if _state["lang"] == "sv" else catalogue(_state["lang"]).get(msgid, msgid)
    return text.format(**values) if values else text
