"""``coachtui fidelity report`` and ``report --format json``'s ``fidelity`` key, through main() and the entry point."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coachtui.cli import main
from coachtui.store import fidelity
from coachtui.store.db import Database
from conftest import NOW


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def whole_review(db: Database, on: str, total: int, kind: str = "self") -> str:
    key = fidelity.create_review(db, {"on": on, "kind": kind}, now=NOW)
    extra = total - 25
    for item in range(1, 26):
        add = min(4, extra)
        extra -= add
        fidelity.set_score(db, key, {"item": item, "score": 1 + add}, now=NOW)
    return key


def add_active(db: Database, n: int) -> None:
    with db.write() as conn:
        for i in range(n):
            conn.execute(
                "INSERT INTO participant(key, coach_id, first_name, last_name, birth_year, gender, municipality,"
                " program, enrolled_on, sus_consent, education) VALUES (?, 1, 'A', 'B', 1990, 'man', 'Gislaved',"
                " 'IPS', '2026-03-01', 1, 'unknown')",
                (f"k{i}",),
            )


@pytest.mark.parametrize(
    ("total", "band"),
    [(125, "exemplary"), (115, "exemplary"), (114, "good"), (100, "good"), (99, "fair"), (74, "fair"),
     (73, "not_ips"), (25, "not_ips")],
)  # fmt: skip
def test_json_totals_and_bands_on_every_edge(db: Database, total: int, band: str) -> None:
    whole_review(db, "2026-01-20", total)
    code, out, err = run("fidelity", "report", "--format", "json", "--db", str(db.path))
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert list(doc) == ["goal", "reviews", "suggested"]
    [review] = doc["reviews"]
    assert list(review) == ["key", "on", "kind", "scored", "total", "max", "band", "scores"]
    assert (review["scored"], review["total"], review["max"], review["band"]) == (25, total, 125, band)
    assert sum(review["scores"].values()) == total and list(review["scores"]) == [str(i) for i in range(1, 26)]


def test_json_partial_review_has_null_band_reviews_by_date_and_item_1_suggested(db: Database) -> None:
    fidelity.create_review(db, {"on": "2026-01-20", "kind": "external"}, now=NOW)
    fidelity.set_score(db, "f-2026", {"item": 1, "score": 5}, now=NOW)
    whole_review(db, "2025-01-10", 96)
    add_active(db, 7)  # on the fixture's 0.4 coach: 17.5 per full-time post
    code, out, _err = run("fidelity", "report", "--format", "json", "--db", str(db.path))
    assert code == 0
    doc = json.loads(out)
    assert doc["goal"] == 90
    assert [r["key"] for r in doc["reviews"]] == ["f-2025", "f-2026"]
    assert doc["reviews"][1] == {
        "key": "f-2026", "on": "2026-01-20", "kind": "external", "scored": 1, "total": 5, "max": 125, "band": None,
        "scores": {"1": 5},
    }  # fmt: skip
    assert {k: doc["suggested"]["1"][k] for k in ("value", "score")} == {"value": 17.5, "score": 5}


def test_text_report_shows_totals_items_and_the_basis(db: Database) -> None:
    whole_review(db, "2025-01-10", 86)
    add_active(db, 7)
    code, out, _err = run("fidelity", "report", "--db", str(db.path))
    assert code == 0
    assert "mål 90 av 125 poäng" in out
    assert "86/125  godtagbar, 4 kvar till målet" in out
    assert "Bemanning" in out and "Tjänster" in out
    assert "7 aktiva / 0,4 tjänst = 17,5 per heltid (idag)" in out
    code, out, _err = run("fidelity", "report", "--db", str(db.path), "--lang", "en")
    assert "Caseload size" in out and "86/125  fair, 4 short of the goal" in out


def test_text_report_without_anything(db: Database) -> None:
    code, out, _err = run("fidelity", "report", "--db", str(db.path))
    assert code == 0
    assert "Ingen skattning ännu." in out and "Inga förslag" in out


def test_bad_format_is_a_usage_error(db: Database) -> None:
    code, _out, err = run("fidelity", "report", "--format", "csv", "--db", str(db.path))
    assert code == 2 and err.startswith("coachtui: ")
    code, _out, err = run("fidelity", "--db", str(db.path))
    assert code == 2


def test_report_json_has_the_latest_fidelity_review_after_the_other_keys(db: Database) -> None:
    code, out, _err = run("report", "--format", "json", "--db", str(db.path))
    assert code == 0 and json.loads(out)["fidelity"] is None
    whole_review(db, "2025-01-10", 101)
    code, out, _err = run("report", "--format", "json", "--db", str(db.path))
    doc = json.loads(out)
    assert list(doc)[-2:] == ["fidelity", "survey"]  # the two additional keys, after the others
    assert doc["fidelity"] == {"key": "f-2025", "on": "2025-01-10", "total": 101, "band": "good"}
    fidelity.create_review(db, {"on": "2026-01-20"}, now=NOW)
    code, out, _err = run("report", "--format", "json", "--db", str(db.path))
    assert json.loads(out)["fidelity"] == {"key": "f-2026", "on": "2026-01-20", "total": 0, "band": None}


def test_the_real_entry_point(db: Database) -> None:
    whole_review(db, "2026-01-20", 90)
    db.close()
    done = subprocess.run(
        [sys.executable, "-m", "coachtui", "fidelity", "report", "--format", "json", "--db", str(db.path)],
        capture_output=True,
        text=True,
        env={**os.environ},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["reviews"][0]["total"] == 90


# --- the document's fidelity_reviews --------------------------------------------------------------------------


def test_export_all_and_import_carry_the_reviews_byte_for_byte(db: Database, tmp_path: Path) -> None:
    key = whole_review(db, "2025-01-10", 96)
    fidelity.set_note(db, key, {"item": 7, "note": "Egen enhet saknas"}, now=NOW)
    fidelity.create_review(db, {"on": "2026-01-20", "kind": "external"}, now=NOW)
    fidelity.set_score(db, "f-2026", {"item": 3, "score": 2}, now=NOW)
    code, text, err = run("export", "all", "--format", "json", "-o", "-", "--db", str(db.path))
    assert code == 0, err
    doc = json.loads(text)
    assert list(doc) == ["format", "coaches", "participants", "employers", "surveys", "fidelity_reviews", "settings"]
    assert doc["fidelity_reviews"][1] == {
        "key": "f-2026", "on": "2026-01-20", "kind": "external", "scores": {"3": 2}, "note": "",
    }  # fmt: skip
    assert doc["fidelity_reviews"][0]["notes"] == {"7": "Egen enhet saknas"}
    source = tmp_path / "all.json"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "fresh" / "data.sqlite3"
    code, out, err = run("import", str(source), "--db", str(target))
    assert code == 0, err
    assert "Programtrohetsskattningar nya eller ändrade: f-2025, f-2026" in out
    code, again, _err = run("export", "all", "--format", "json", "-o", "-", "--db", str(target))
    assert again == text
    code, out, _err = run("import", str(source), "--db", str(target))  # the same file again: nothing to change
    assert code == 0 and "Programtrohetsskattningar" not in out


def test_import_of_a_bad_review_writes_nothing(db: Database, tmp_path: Path) -> None:
    source = tmp_path / "bad.json"
    bad = [{"key": "f-2026", "on": "2026-01-20", "kind": "self", "scores": {"1": 6, "26": 3}, "note": ""}]
    source.write_text(
        json.dumps({"format": "coachtui/1", "coaches": [], "participants": [], "fidelity_reviews": bad}),
        encoding="utf-8",
    )
    code, _out, err = run("import", str(source), "--db", str(db.path))
    assert code == 2
    assert "fidelity_reviews[1]: Poäng: punkt 1: 6 är inte 1-5" in err
    assert db.read().execute("SELECT count(*) FROM fidelity_review").fetchone()[0] == 0
