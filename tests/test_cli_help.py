"""`--help` describes every option and argument (through the real entry point)."""

from __future__ import annotations

import io
import re

import pytest

from coachtui.cli import main


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["reminders"], ["--format {text,json}  utdata"]),
        (["export", "exits"], ["filformat (standard: csv)", "- skriver till terminalen"]),
        (["export", "finsam"], ["periodens första dag", "periodens sista dag", "utdata (standard: text)"]),
        (["export", "calendar"], ["första dag (standard: idag)", "sex månader fram", "fil eller mapp"]),
        (["export", "all"], ["fil att skriva", "bara json"]),
        (["import"], ["filen att läsa in"]),
        (["report"], ["periodens första dag", "utdata (standard: text)"]),
        (["backup"], ["fil eller mapp för kopian"]),
        (["restore"], ["säkerhetskopian att återställa från"]),
    ],
)
def test_help_describes_every_argument(
    command: list[str], expected: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        main([*command, "--help"], out=out, err=io.StringIO())
    assert exited.value.code == 0
    text = re.sub(r"\s+", " ", out.getvalue() + capsys.readouterr().out)
    for phrase in expected:
        assert re.sub(r"\s+", " ", phrase) in text, (command, phrase)
    assert "standard ut" not in text
