"""The caseload screen: pure row building/filtering, every key on a seeded database, and 10,000 rows."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

from coachtui.app import create_app
from coachtui.screens.caseload import (
    CaseloadScreen,
    build_entries,
    flag_consent,
    flag_no_contact,
    flag_overdue,
    select_rows,
    summarise,
    summary_text,
)
from coachtui.store import participants
from coachtui.store.db import Database
from coachtui.store.participants import CaseloadRow
from conftest import NOW, TODAY, participant_data, run_from_palette


def _row(pid: int, **overrides: object) -> CaseloadRow:
    values: dict[str, object] = {
        "id": pid,
        "key": f"p-{pid}",
        "first_name": "Anna",
        "last_name": "Andersson",
        "program": "SE",
        "municipality": "Gislaved",
        "enrolled_on": TODAY - timedelta(days=100),
        "sus_consent": True,
        "step": 2,
        "step_on": TODAY - timedelta(days=40),
        "next_followup_on": None,
        "overdue": 0,
        "last_contact_on": TODAY - timedelta(days=3),
        "exited_on": None,
    }
    values.update(overrides)
    return CaseloadRow(**values)  # type: ignore[arg-type]


# --- pure functions -------------------------------------------------------------------------


def test_build_entries_formats_cells_and_flags() -> None:
    rows = [
        _row(1),
        _row(
            2,
            first_name="Örjan",
            last_name="Åberg",
            sus_consent=False,
            overdue=2,
            next_followup_on=TODAY - timedelta(days=2),
            last_contact_on=TODAY - timedelta(days=31),
            step=5,
        ),
        _row(3, last_contact_on=None, enrolled_on=TODAY - timedelta(days=10), step=None, step_on=None),
        _row(4, exited_on=TODAY - timedelta(days=20), sus_consent=False, overdue=1),
    ]
    entries = build_entries(rows, TODAY, "sv")
    first, second, third, fourth = entries
    assert first.row.cells[:5] == ("Anna Andersson", "SE", "2 Yrkesprofil", "40", "100")
    assert first.row.cells[7] == ""
    assert second.row.cells[7] == f"{flag_consent()} {flag_overdue()} {flag_no_contact()}"
    assert second.row.cells[5] == (TODAY - timedelta(days=2)).isoformat()
    assert (second.consent_missing, second.overdue, second.no_contact) == (True, True, True)
    # never contacted but enrolled only 10 days ago: no flag; no step: a dash
    assert third.row.cells[2] == "–" and not third.no_contact
    # exited: no flags, days counted to the exit date, exit date in the last cell, dimmed
    assert fourth.exited and fourth.row.cells[7] == "" and fourth.row.style == "dim"
    assert fourth.row.cells[4] == "80" and fourth.row.cells[8] == (TODAY - timedelta(days=20)).isoformat()
    assert "åberg" in second.haystack and "stöd" in second.haystack


def test_english_step_names_and_flags() -> None:
    from coachtui.i18n import set_language

    set_language("en")
    entries = build_entries([_row(1, last_contact_on=None)], TODAY, "en")
    assert entries[0].row.cells[2] == "2 Profile"
    assert entries[0].row.cells[7] == "○C"


def test_projection_picks_cells_and_sort_values() -> None:
    from coachtui.screens.caseload import column_index, project

    assert column_index(["name", "program", "step"]) is None
    index = column_index(["name", "contact", "exited"])
    assert index == (0, 6, 8)
    entry = build_entries([_row(1, exited_on=TODAY)], TODAY, "sv")[0]
    row = project(entry.row, index)
    assert row.cells == (entry.row.cells[0], entry.row.cells[6], TODAY.isoformat())
    assert row.sort_values == ("Andersson Anna", TODAY - timedelta(days=3), TODAY)
    assert select_rows([entry], show_exited=True, rows=[row]) == [row]


def test_select_rows_filters_words_step_and_exited() -> None:
    rows = [
        _row(1, first_name="Anna", last_name="Berg", municipality="Vetlanda", step=3),
        _row(2, first_name="Erik", last_name="Berg", municipality="Eksjö", program="IPS", step=3),
        _row(3, first_name="Sara", last_name="Dahl", municipality="Vetlanda", step=1),
        _row(4, first_name="Anna", last_name="Lind", exited_on=TODAY),
    ]
    entries = build_entries(rows, TODAY, "sv")

    def keys(**kwargs: object) -> list[object]:
        return [row.key for row in select_rows(entries, **kwargs)]  # type: ignore[arg-type]

    assert keys() == [1, 2, 3]
    assert keys(show_exited=True) == [1, 2, 3, 4]
    assert keys(query="ANNA") == [1]
    assert keys(query="anna", show_exited=True) == [1, 4]
    assert keys(query="berg vetlanda") == [1]  # every word, any field
    assert keys(query="ips") == [2]
    assert keys(query="jobbsök") == [1, 2]  # the step's name
    assert keys(step=3) == [1, 2]
    assert keys(step=3, query="erik") == [2]
    assert keys(query="nobody") == []


def test_summary_counts_and_capacity() -> None:
    rows = [
        _row(1, overdue=1),
        _row(2, sus_consent=False),
        _row(3, last_contact_on=TODAY - timedelta(days=60)),
        _row(4, exited_on=TODAY, overdue=3),
    ]
    summary = summarise(build_entries(rows, TODAY, "sv"), 0.4)
    assert (summary.active, summary.capacity, summary.points) == (3, 8, 5)
    assert (summary.overdue, summary.no_contact, summary.consent_missing) == (1, 1, 1)
    text = summary_text(summary)
    assert text.startswith("Aktiva 3 av 8 platser · IPS-poäng 5/5")
    assert f"{flag_overdue()} 1 försenade" in text
    assert f"{flag_overdue()} 1 ·" in summary_text(summary, wide=False)
    crowded = summarise(build_entries([_row(i) for i in range(1, 12)], TODAY, "sv"), 0.4)
    assert summary_text(crowded).startswith("Aktiva 11 av 8 platser · IPS-poäng 3/5 · ✓ inget försenat")  # 27.5 each
    assert "ingen coach" in summary_text(summarise([], None))


# --- on a seeded database ------------------------------------------------------------------


async def _ready(app: object, pilot: object) -> CaseloadScreen:
    await pilot.pause()  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, CaseloadScreen)
    return screen


def _names(screen: CaseloadScreen) -> list[str]:
    return [row.cells[0] for row in screen.table.rows]


async def test_the_start_up_check_waits_until_the_whole_caseload_is_shown(demo_db: Database, clock: object) -> None:
    """The quick_check (held by `coachtui` at start) starts once the caseload is fully shown, not before."""
    started: list[bool] = []
    checked = demo_db._check_now

    def check() -> None:
        started.append(app.screen.loaded if isinstance(app.screen, CaseloadScreen) else False)
        checked()

    demo_db._check_now = check  # type: ignore[method-assign]
    thread = demo_db.verify_in_background(hold=30.0)
    app = create_app(demo_db, clock)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 36)) as pilot:
        await _ready(app, pilot)
        thread.join()
        assert started == [True]
        assert app.shown.is_set()


async def test_caseload_lists_the_active_participants(demo_db: Database, clock: object) -> None:
    app = create_app(demo_db, clock)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _ready(app, pilot)
        active = participants.caseload(demo_db, today=TODAY)
        assert screen.table.row_count == len(active) > 0
        assert set(_names(screen)) == {r.name for r in active}
        summary = str(screen.query_one("#summary").content)
        assert summary.startswith(f"Aktiva {len(active)} av 20 platser · IPS-poäng")
        overdue = sum(1 for r in active if r.overdue)
        assert f"{flag_overdue()} {overdue} försenade" in summary
        assert [c.key for c in screen.table.columns][:3] == ["name", "program", "step"]


async def test_filter_by_typing_debounced_and_escape_clears(demo_db: Database, clock: object) -> None:
    app = create_app(demo_db, clock)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _ready(app, pilot)
        total = screen.table.row_count
        target = participants.caseload(demo_db, today=TODAY)[0]
        await pilot.press("slash")
        assert screen.focused is screen.query_one("#filter")
        await pilot.press(*target.last_name.lower())
        await pilot.pause()
        expected = [
            r.name
            for r in participants.caseload(demo_db, today=TODAY)
            if target.last_name.lower() in f"{r.name} {r.municipality} {r.program}".lower()
        ]
        assert sorted(_names(screen)) == sorted(expected)
        assert "Filter «" in str(screen.query_one("#filter-info").content)
        await pilot.press("enter")  # keeps the filter, back to the table
        assert screen.focused is screen.table
        assert screen.table.row_count == len(expected)
        await pilot.press("escape")
        await pilot.pause()
        assert screen.table.row_count == total
        assert not screen.query_one("#filter").has_class("-shown")
        # a filter that matches nobody says so
        await pilot.press("slash", "z", "z", "q")
        await pilot.pause()
        assert screen.table.row_count == 0
        await pilot.press("escape")
        await pilot.pause()
        assert screen.table.row_count == total


async def test_digits_filter_by_step(demo_db: Database, clock: object) -> None:
    app = create_app(demo_db, clock)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _ready(app, pilot)
        active = participants.caseload(demo_db, today=TODAY)
        for step in (1, 3, 5):
            await pilot.press(str(step))
            await pilot.pause()
            assert sorted(_names(screen)) == sorted(r.name for r in active if r.step == step)
            assert all(row.cells[2].startswith(f"{step} ") for row in screen.table.rows)
        await pilot.press("0")
        await pilot.pause()
        assert screen.table.row_count == len(active)


async def test_sort_keys_cycle_columns_and_reverse(demo_db: Database, clock: object) -> None:
    app = create_app(demo_db, clock)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _ready(app, pilot)
        table = screen.table
        await pilot.press("s")
        assert (table.sort_column, table.sort_reverse) == ("name", False)
        await pilot.press("s", "s")
        assert table.sort_column == "step"
        steps = [row.sort_values[2] for row in table.rows]  # type: ignore[index]
        assert steps == sorted(steps)
        await pilot.press("S")
        assert (table.sort_column, table.sort_reverse) == ("step", True)
        steps = [row.sort_values[2] for row in table.rows]  # type: ignore[index]
        assert steps == sorted(steps, reverse=True)
        for _ in range(5):
            await pilot.press("s")
        assert table.sort_column == "flags"
        await pilot.press("s")
        assert table.sort_column == "name"  # wraps around
        await pilot.pause()
        assert "Namn ▲" in "".join(seg.text for seg in table.render_line(0))


async def test_x_toggles_exited_with_exit_date(demo_db: Database, clock: object) -> None:
    active = participants.caseload(demo_db, today=TODAY)
    leaving = active[0]
    with demo_db.write() as conn:
        conn.execute(
            'INSERT INTO exit(participant_id, "on", reason) VALUES (?, ?, ?)',
            (leaving.id, (TODAY - timedelta(days=3)).isoformat(), "moved"),
        )
    everyone = participants.caseload(demo_db, today=TODAY, include_exited=True)
    exited = {r.id: r.exited_on for r in everyone if r.exited_on is not None}
    assert len(exited) > 1, "the demo has exits of its own besides the one added here"
    app = create_app(demo_db, clock)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _ready(app, pilot)
        assert leaving.name not in _names(screen)
        assert screen.table.row_count == len(active) - 1
        assert not {r.key for r in screen.table.rows} & exited.keys()
        await pilot.press("x")
        await pilot.pause()
        assert screen.table.columns[-1].key == "exited"
        row = next(r for r in screen.table.rows if r.key == leaving.id)
        assert row.cells[-1] == (TODAY - timedelta(days=3)).isoformat()
        assert screen.table.row_count == len(everyone)
        for r in screen.table.rows:  # every exited participant with their exit date, the others without
            assert r.cells[-1] == (exited[r.key].isoformat() if r.key in exited else "–"), r
        assert "med avslutade" in str(screen.query_one("#filter-info").content)
        await pilot.press("x")
        await pilot.pause()
        assert leaving.name not in _names(screen)
        assert screen.table.row_count == len(active) - 1
        assert screen.table.columns[-1].key == "flags"


async def test_x_at_80_columns_drops_the_follow_up_column(demo_db: Database, clock: object) -> None:
    leaving = participants.caseload(demo_db, today=TODAY)[1]
    with demo_db.write() as conn:
        conn.execute(
            'INSERT INTO exit(participant_id, "on", reason) VALUES (?, ?, ?)', (leaving.id, "2026-11-02", "studies")
        )
    app = create_app(demo_db, clock)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        keys = [c.key for c in screen.table.columns]
        assert "next" not in keys and keys[-1] == "exited"
        row = next(r for r in screen.table.rows if r.key == leaving.id)
        assert len(row.cells) == len(keys)
        assert row.cells[keys.index("contact")] == (
            leaving.last_contact_on.isoformat() if leaving.last_contact_on else "–"
        )
        assert row.cells[-1] == "2026-11-02"
        await pilot.press("s")  # sorting works on the projected rows too
        assert screen.table.sort_column == "name"
        await pilot.press("x")
        await pilot.pause()
        assert "next" in [c.key for c in screen.table.columns]
        assert leaving.id not in [r.key for r in screen.table.rows]


async def test_enter_opens_the_participant(demo_db: Database, clock: object) -> None:
    app = create_app(demo_db, clock)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _ready(app, pilot)
        await pilot.press("down")
        chosen = screen.table.cursor_key
        from coachtui.screens import participant as participant_module

        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, participant_module.ParticipantScreen)
        assert app.screen.participant_id == chosen


async def test_e_opens_exit_registration_for_the_highlighted(demo_db: Database, clock: object) -> None:
    app = create_app(demo_db, clock)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _ready(app, pilot)
        chosen = screen.table.cursor_key
        from coachtui.screens import exit_form

        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, exit_form.ExitForm)
        assert app.screen.participant_id == chosen


async def test_r_switches_to_reminders(demo_db: Database, clock: object) -> None:
    app = create_app(demo_db, clock)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 36)) as pilot:
        await _ready(app, pilot)
        await pilot.press("r")
        await pilot.pause()
        assert app.current_mode == "reminders"


async def test_palette_lists_the_screen_commands(demo_db: Database, clock: object) -> None:
    app = create_app(demo_db, clock)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _ready(app, pilot)
        titles = [title for title, _help, _callback in screen.palette_commands()]
        for wanted in (
            "Ny deltagare",
            "Öppna deltagare",
            "Filtrera deltagare",
            "Registrera avslut",
            "Visa/dölj avslutade",
            "Vänd sorteringen",
            "Inställningar: coach",
            "Sortera efter Steg",
        ):
            assert wanted in titles
        callback = dict((t, c) for t, _h, c in screen.palette_commands())["Visa steg 2: Yrkesprofil"]
        callback()
        await pilot.pause()
        assert screen.step_filter == 2
        # the palette itself finds them
        await run_from_palette(app, pilot, "ny deltagare")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert type(app.screen).__name__ == "ParticipantForm"


async def test_first_start_asks_for_the_coach_once(tmp_path: Path, clock: object) -> None:
    from coachtui.screens.first_start import FirstStartScreen

    db = Database(tmp_path / "empty.sqlite3")
    db.open(now=NOW)
    app = create_app(db, clock)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FirstStartScreen)
        assert form.query_one("#fte").value == "100 %"
        await pilot.press("ctrl+s")  # empty name and municipality
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "måste fyllas i" in form.query_one("#field-name").error or "tomt" in form.query_one("#field-name").error
        assert participants.coach(db) is None
        form.query_one("#name").value = "Kim Coach"
        form.query_one("#municipality").value = "Eksjö"
        form.query_one("#fte").value = "40 %"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        saved = participants.coach(db)
        assert saved is not None and (saved.name, saved.municipality, saved.fte) == ("Kim Coach", "Eksjö", 0.4)
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        assert str(screen.query_one("#summary").content).startswith("Aktiva 0 av 8")
        assert "Inga deltagare ännu" in screen.table.empty_text
    db.close()


async def test_resume_reloads_after_a_change_elsewhere(db: Database, clock: object) -> None:
    participants.add_participant(db, participant_data(first_name="Ulla"))
    app = create_app(db, clock)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _ready(app, pilot)
        assert _names(screen) == ["Ulla Andersson"]
        participants.add_participant(db, participant_data(first_name="Vera", last_name="Berg"))
        from coachtui.screens.confirm import ConfirmScreen

        app.push_screen(ConfirmScreen("?"))
        await pilot.pause()
        await pilot.press("escape")
        await _ready(app, pilot)
        assert _names(screen) == ["Ulla Andersson", "Vera Berg"]


# --- 10,000 participants -------------------------------------------------------------------


def bulk_fill(db: Database, count: int, *, seed: int = 3) -> None:
    """Insert ``count`` invented participants fast (executemany), with steps, journal, exits and follow-ups."""
    rnd = random.Random(seed)
    first = ["Anna", "Erik", "Sara", "Johan", "Fatima", "Lars", "Maria", "Ali", "Elin", "Åsa", "Örjan"]
    last = ["Andersson", "Berg", "Carlsson", "Dahl", "Ekström", "Öhman", "Åberg", "Lind"]
    owner = participants.coach(db)
    assert owner is not None
    people, steps, journal, exits, employments, followups = [], [], [], [], [], []
    for i in range(1, count + 1):
        enrolled = TODAY - timedelta(days=rnd.randint(10, 900))
        people.append(
            (
                i,
                f"p-bulk{i}",
                owner.id,
                rnd.choice(first),
                f"{rnd.choice(last)}{i}",
                rnd.randint(1960, 2005),
                rnd.choice(["woman", "man"]),
                rnd.choice(["Vetlanda", "Eksjö", "Nässjö", "Gislaved"]),
                rnd.choice(["SE", "IPS", "SEd"]),
                enrolled.isoformat(),
                rnd.random() > 0.2,
            )
        )
        steps.append((i, 1, enrolled.isoformat()))
        step = rnd.randint(1, 5)
        if step > 1:
            steps.append((i, step, (enrolled + timedelta(days=5)).isoformat()))
        if rnd.random() < 0.7:
            journal.append((i, (TODAY - timedelta(days=rnd.randint(0, 90))).isoformat()))
        if rnd.random() < 0.1:
            exits.append((i, (TODAY - timedelta(days=rnd.randint(0, 300))).isoformat()))
        if step == 5:
            employments.append((i, i, (TODAY - timedelta(days=30)).isoformat()))
            for k in range(3):
                due = (TODAY + timedelta(days=7 * k - 7)).isoformat()
                followups.append((i, i, f"w{k}", due, due))
    with db.write() as conn:
        conn.executemany(
            "INSERT INTO participant(id, key, coach_id, first_name, last_name, birth_year, gender, municipality,"
            " program, enrolled_on, sus_consent, education) VALUES (?,?,?,?,?,?,?,?,?,?,?,'unknown')",
            people,
        )
        conn.executemany('INSERT INTO step_change(participant_id, step, "on") VALUES (?,?,?)', steps)
        conn.executemany(
            "INSERT INTO journal_entry(participant_id, \"on\", kind, text) VALUES (?,?,'meeting','x')", journal
        )
        conn.executemany("INSERT INTO exit(participant_id, \"on\", reason) VALUES (?,?,'moved')", exits)
        conn.execute("INSERT INTO employer(id, name) VALUES (1, 'Bulk AB')")
        conn.executemany(
            "INSERT INTO employment(id, participant_id, employer_id, start_on, subsidised, extent)"
            " VALUES (?,?,1,?,0,100)",
            employments,
        )
        conn.executemany(
            "INSERT INTO followup(employment_id, participant_id, kind, slot, due_on, original_due_on)"
            " VALUES (?,?,'visit',?,?,?)",
            followups,
        )


async def test_a_large_caseload_is_shown_whole_and_filters(db: Database, clock: object) -> None:
    """Every active participant of a large file is in the table and the filters narrow it. Its speed is
    measured end to end by benchmarks/run.py (10,000 and 50,000), never by a wall clock in the tests."""
    bulk_fill(db, 2_000)
    rows = participants.caseload(db, today=TODAY, include_exited=True)
    entries = build_entries(rows, TODAY, "sv")
    assert len(entries) == 2_000
    anna = select_rows(entries, query="anna")
    assert 0 < len(anna) < len(select_rows(entries))
    app = create_app(db, clock)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _ready(app, pilot)
        active = sum(1 for e in entries if not e.exited)
        assert screen.table.row_count == active
        screen.query_text = "anna"
        screen.apply_filter()
        assert screen.table.row_count == len(anna) < active
        screen.query_text = ""
        screen.apply_filter()
        await pilot.press("3")
        await pilot.pause()
        assert 0 < screen.table.row_count < active


def test_the_first_frame_written_to_the_terminal_holds_the_rows(demo_db: Database) -> None:
    """Started on a pseudo-terminal, the rows come in the first frame written, with the header and the key bar
    (Textual's start-up batch drops its first frame; without the table's repaint on show, a frame with the
    header and the key bar only went first and the rows a layout pass later)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import terminal

    path = Path(demo_db.path)
    first_row, _target = terminal.first_names(path)
    term = terminal.Terminal(terminal.app_cmd(), terminal.environment(path))
    try:
        term.wait_for(lambda text: first_row in text and "Kommandon" in text, timeout=60)
        text = terminal.screen_text(bytes(term.raw))
        assert text.index("coachtui") < text.index(first_row) < text.index("Kommandon")
    finally:
        term.close()
