"""Every user-facing string goes through ``_()`` and has a complete English entry.

Run ``python tests/test_i18n.py src/coachtui/x.py ...`` to print the missing
entries of some files as JSON, ready to translate.
"""

from __future__ import annotations

import ast
import json
import string
import sys
from pathlib import Path

from coachtui.i18n import _, catalogue, set_language

SRC = Path(__file__).resolve().parents[1] / "src" / "coachtui"


def msgids(files: list[Path]) -> dict[str, str]:
    """Swedish msgid -> where it is used, for every literal ``_("...")`` call."""
    found: dict[str, str] = {}
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value, f"{path.relative_to(SRC)}:{node.lineno}")
    return found


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def source_files() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_every_message_has_an_english_translation() -> None:
    english = catalogue("en")
    missing = {m: where for m, where in msgids(source_files()).items() if m not in english}
    assert not missing, f"missing English entries: {json.dumps(missing, ensure_ascii=False, indent=1)}"


def test_english_entries_keep_the_placeholders() -> None:
    english = catalogue("en")
    wrong = [m for m, en in english.items() if fields(m) != fields(en)]
    assert not wrong, f"placeholders differ: {wrong}"


def test_no_unused_english_entries() -> None:
    used = msgids(source_files())
    unused = sorted(set(catalogue("en")) - set(used))
    assert not unused, f"unused English entries: {unused}"


def test_no_msgid_is_in_two_catalogue_files() -> None:
    seen: dict[str, str] = {}
    clashes = []
    for path in sorted((SRC / "locale" / "en").glob("*.json")):
        for key in json.loads(path.read_text(encoding="utf-8")):
            if key in seen:
                clashes.append((key, seen[key], path.name))
            seen[key] = path.name
    assert not clashes


def test_switching_language_translates_and_fills_placeholders() -> None:
    set_language("en")
    try:
        assert _("högst {n} tecken", n=3) == "at most 3 characters"
    finally:
        set_language("sv")
    assert _("högst {n} tecken", n=3) == "högst 3 tecken"


if __name__ == "__main__":
    english = catalogue("en")
    wanted = msgids([Path(p).resolve() for p in sys.argv[1:]] or source_files())
    print(json.dumps({m: "" for m in wanted if m not in english}, ensure_ascii=False, indent=1))
