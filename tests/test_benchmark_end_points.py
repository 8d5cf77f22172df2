"""The end-to-end benchmark stops its clock only when the terminal received what the coach waits for."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import terminal

HEADER = b"\x1b[1;1H\x1b[38;2;1;2;3m Aktiva 10 av 20\x1b[0m\x1b[3;1H  Namn    Prog"
INPUT_ECHO = b"\x1b[2;1H\x1b[7m \xc3\x96hman1999\x1b[0m"
INFO = "\x1b[3;1H Filter «Öhman1999» · visar 1 av 10".encode()
ROW = b"\x1b[5;1H\xe2\x96\xb6 \x1b[1mLars \x1b[0m\x1b[1m\xc3\x96hman1999\x1b[0m  SE"


def test_screen_text_drops_escapes_and_breaks_lines_at_cursor_moves() -> None:
    text = terminal.screen_text(HEADER + b"\x1b]0;title\x07" + ROW)
    assert "Aktiva 10 av 20" in text
    assert "\x1b" not in text and "title" not in text
    assert "Namn    Prog\n" in text  # a cursor placement ends the run of text before it
    assert "Lars Öhman1999" in text  # styles inside a cell do not split the name


def test_the_last_filter_key_needs_the_row_not_the_echo_or_the_info_line() -> None:
    done = terminal.filter_done("Öhman1999", "Lars Öhman1999", final=True)
    assert not done(terminal.screen_text(INPUT_ECHO))
    assert not done(terminal.screen_text(INPUT_ECHO + INFO))  # the rows have not been written yet
    assert done(terminal.screen_text(INPUT_ECHO + INFO + ROW))


def test_a_start_is_not_done_before_rows_nor_loaded_before_the_summary() -> None:
    assert "Lars Öhman1999" not in terminal.screen_text(HEADER)
    assert not terminal.loaded(terminal.screen_text(b"\x1b[1;1H L\xc3\xa4ser in deltagarlistan"))
    assert terminal.loaded(terminal.screen_text(HEADER))


def test_a_real_start_in_a_pseudo_terminal_waits_for_the_rows(demo_db: object, tmp_path: Path) -> None:
    """The demo caseload started on a pty: the clock stops on the first row, which comes after the header."""
    path = Path(demo_db.path)  # type: ignore[attr-defined]
    first_row, _target = terminal.first_names(path)
    term = terminal.Terminal(terminal.app_cmd(), terminal.environment(path))
    try:
        term.wait_for(lambda text: first_row in text, timeout=60)
        text = terminal.screen_text(bytes(term.raw))
        assert text.index("Namn") < text.rindex(first_row)
        with pytest.raises(TimeoutError):  # a name nobody has is never "shown"
            term.wait_for(lambda text: "Ingen Alls Finns" in text, timeout=0.5)
    finally:
        term.close()
