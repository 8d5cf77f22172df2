"""Programtrohet: the year's IPS fidelity review (IPS-25), scored item by item with the keyboard.

The table lists the 25 items grouped as the scale groups them (staffing, organisation, services) with the
review's score, the score coachtui suggests from its own records (never entered until the coach presses
``f`` on the row: "Använd förslaget"), the earlier reviews item by item (a column each, newest nearest) and a
change marker against the latest earlier review. The head shows the running total, the band (only when all
25 are scored) and the distance to the team's goal; the line under the table the highlighted item's basis
and note. Only the items' short titles are shown: the team's own manual holds the scoring anchors.

Opened from the command palette ("Programtrohet", ``CoachApp.action_fidelity``). Reads and writes run in
thread workers through ``store.fidelity``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Header, Static

from coachtui.domain import fidelity as rules
from coachtui.i18n import _
from coachtui.screens.base import CoachScreen
from coachtui.store import fidelity
from coachtui.store.db import StoreError
from coachtui.widgets.commands import PaletteCommand, ScreenCommands
from coachtui.widgets.keybar import KeyBar

EARLIER_COLUMNS = 3  # earlier reviews shown beside the current one
UNSCORED = "·"


@dataclass
class Loaded:
    reviews: list[fidelity.Review]
    goal: int
    suggestions: dict[int, rules.Suggestion] | None = None  # None: keep the ones shown
    message: str = ""


def change_marker(now: int | None, before: int | None) -> str:
    """The change from the latest earlier review, by symbol and number (never by colour alone)."""
    if now is None or before is None:
        return ""
    if now > before:
        return f"▲ +{now - before}"
    if now < before:
        return f"▼ −{before - now}"
    return "="


def goal_text(total: int, goal: int) -> str:
    missing = rules.distance_to_goal(total, goal)
    if missing == 0:
        return _("målet {goal} nått", goal=goal)
    return _("{n} poäng kvar till målet {goal}", n=missing, goal=goal)


class FidelityScreen(CoachScreen):
    DEFAULT_CSS = """
    FidelityScreen > Vertical { padding: 0 1; }
    FidelityScreen #fid-head { height: auto; text-style: bold; }
    FidelityScreen #fid-sub { height: auto; color: $text-muted; }
    FidelityScreen #fid-items { height: 1fr; }
    FidelityScreen #fid-basis { height: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("Tillbaka"), show=False, id="fidelity.back"),
        *(
            Binding(str(n), f"score({n})", _("Poäng"), show=n == 1, key_display="1-5", id=f"fidelity.{n}")
            for n in range(1, 6)
        ),
        Binding("0", "score(0)", _("Ta bort poängen"), show=False, id="fidelity.clear"),
        Binding("backspace", "score(0)", _("Ta bort poängen"), show=False, id="fidelity.clear2"),
        Binding("f", "use_suggestion", _("Använd förslaget"), id="fidelity.suggestion"),
        Binding("a", "note", _("Anteckning"), id="fidelity.note"),
        Binding("n", "new_review", _("Ny skattning"), id="fidelity.new"),
        Binding("v", "pick_review", _("Välj skattning"), id="fidelity.pick"),
        Binding("e", "edit_review", _("Ändra datum/typ"), show=False, id="fidelity.edit"),
        Binding("ctrl+d", "delete_review", _("Radera skattningen"), show=False, id="fidelity.delete"),
        Binding("ctrl+r", "reload", _("Uppdatera"), show=False, id="fidelity.reload"),
    ]
    COMMANDS: ClassVar = {ScreenCommands}

    def __init__(self) -> None:
        super().__init__()
        self.reviews: list[fidelity.Review] = []
        self.goal = rules.DEFAULT_GOAL
        self.suggestions: dict[int, rules.Suggestion] = {}
        self.current_key: str | None = None
        self.row_items: list[int | None] = []  # the item of each table row (None: a group's heading)
        self._chosen = False  # the coach picked a review: keep it over "this year's"

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield Static("", id="fid-head", markup=False)
            yield Static("", id="fid-sub", markup=False)
            yield DataTable(id="fid-items", cursor_type="row", zebra_stripes=False)
            yield Static("", id="fid-basis", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = _("Programtrohet (IPS-25)")
        self.query_one("#fid-items", DataTable).focus()
        self._load()

    def on_screen_resume(self) -> None:
        if self.reviews or self.current_key is not None:
            self._load()  # the goal may have changed in the settings

    # --- derived values ------------------------------------------------------------------------------------

    @property
    def current(self) -> fidelity.Review | None:
        return next((r for r in self.reviews if r.key == self.current_key), None)

    def earlier(self) -> list[fidelity.Review]:
        """The reviews before the current one (all of them when there is none), newest first."""
        found = self.current
        if found is None:
            return list(reversed(self.reviews))[:EARLIER_COLUMNS]
        before = self.reviews[: self.reviews.index(found)]
        return list(reversed(before))[:EARLIER_COLUMNS]

    def this_years(self) -> str | None:
        year = self.today().year
        mine = [r for r in self.reviews if r.on.year == year]
        return mine[-1].key if mine else None

    def focused_item(self) -> int | None:
        table = self.query_one("#fid-items", DataTable)
        row = table.cursor_row
        return self.row_items[row] if 0 <= row < len(self.row_items) else None

    # --- loading -------------------------------------------------------------------------------------------

    def action_reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="fidelity-load")
    def _load(self) -> None:
        try:
            loaded = Loaded(
                fidelity.reviews(self.db),
                fidelity.goal(self.db),
                {s.item: s for s in fidelity.suggestions(self.db, self.today())},
            )
        except StoreError as problem:
            self.app.call_from_thread(self.notify, f"✗ {problem}", severity="error")
            return
        self.app.call_from_thread(self._show, loaded)
        # the first score's write would import the input models (pydantic): done here, after the first frame,
        # so that a digit key is saved at once
        import coachtui.store.fidelity_inputs  # noqa: F401

    def _show(self, loaded: Loaded) -> None:
        self.reviews = loaded.reviews
        self.goal = loaded.goal
        if loaded.suggestions is not None:
            self.suggestions = loaded.suggestions
        if self.current_key not in [r.key for r in self.reviews]:
            self._chosen = False  # deleted (here or in another window)
        if not self._chosen:
            self.current_key = self.this_years()
        self._render_table()
        if loaded.message:
            self.notify(loaded.message)

    def _render_table(self) -> None:
        table = self.query_one("#fid-items", DataTable)
        row = table.cursor_row
        room = max(0, (self.size.width - 39 - 24) // 8)  # keep the titles at least 24 wide (80 columns: 2)
        earlier = self.earlier()[:room]
        current = self.current
        # what the other columns take (their widths, one cell of padding each side, the scrollbar, the margin)
        title_width = max(24, min(48, self.size.width - 39 - 8 * len(earlier)))
        table.clear(columns=True)
        table.add_column("#", width=2, key="item")
        table.add_column(_("Punkt"), width=title_width, key="title")
        table.add_column(_("Poäng"), width=5, key="score")
        table.add_column(_("Förslag"), width=7, key="suggested")
        for review in earlier:
            table.add_column(review.key, width=6, key=f"r-{review.key}")
        table.add_column(_("Ändr."), width=5, key="change")
        table.add_column("✎", width=1, key="note")
        self.row_items = []
        newest = self.earlier()[:1]  # the change is against it even when no earlier column fits
        last = newest[0] if newest else None
        for group, items in rules.GROUPS:
            blanks = [""] * (len(earlier) + 4)
            table.add_row("", Text(rules.group_title(group).upper(), style="bold"), *blanks, key=f"g-{group}")
            self.row_items.append(None)
            for item in items:
                score = current.scores.get(item) if current else None
                suggestion = self.suggestions.get(item)
                cells: list[str | Text] = [
                    str(item),
                    rules.title(item),
                    Text(str(score) if score is not None else UNSCORED, justify="center"),
                    f"→ {suggestion.score}" if suggestion else "",
                ]
                cells += [str(r.scores.get(item, "–")) for r in earlier]
                cells.append(change_marker(score, last.scores.get(item) if last else None))
                cells.append("✎" if current and item in current.notes else "")
                table.add_row(*cells, key=f"i-{item}")
                self.row_items.append(item)
        if row <= 0 or row >= len(self.row_items):
            row = 1  # the first item, under the first heading
        table.move_cursor(row=row, animate=False)
        self._show_head()
        self._show_basis()

    def _show_head(self) -> None:
        head = self.query_one("#fid-head", Static)
        sub = self.query_one("#fid-sub", Static)
        current = self.current
        if current is None:
            head.update(_("Ingen skattning för {year} ännu.", year=self.today().year))
            sub.update(_("n: ny skattning · v: välj en tidigare · mål {goal} poäng", goal=self.goal))
            return
        done = rules.summary(current.scores, self.goal)
        head.update(
            _(
                "{key} · {on} · {kind} — {total} av {max} poäng · {band}",
                key=current.key,
                on=current.on.isoformat(),
                kind=rules.kind_title(current.kind),
                total=done.total,
                max=rules.MAX_TOTAL,
                band=rules.band_title(done.band),
            )
        )
        sub.update(
            _("{scored} av 25 punkter skattade · {goal}", scored=done.scored, goal=goal_text(done.total, self.goal))
        )

    def _show_basis(self) -> None:
        basis = self.query_one("#fid-basis", Static)
        item = self.focused_item()
        if item is None:
            basis.update(_("Siffra 1-5 ger poäng · f använder förslaget · a anteckning · F1 hjälp"))
            return
        lines: list[str] = []
        suggestion = self.suggestions.get(item)
        if suggestion is not None:
            basis_text = rules.basis_text(suggestion)
            lines.append(_("Förslag {score}: {basis} · f: använd förslaget", score=suggestion.score, basis=basis_text))
        else:
            title = rules.title(item)
            lines.append(_("{item}. {title}: inget förslag (ankarna finns i teamets manual)", item=item, title=title))
        current = self.current
        if current is not None and item in current.notes:
            lines.append(_("Anteckning: {note}", note=current.notes[item]))
        basis.update("\n".join(lines))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_basis()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_note()

    # --- scoring -------------------------------------------------------------------------------------------

    def _needs_review(self) -> fidelity.Review | None:
        current = self.current
        if current is None:
            self.notify(_("Skapa en skattning först (n)."), severity="warning")
        return current

    def action_score(self, score: int) -> None:
        item = self.focused_item()
        current = self._needs_review()
        if current is None or item is None:
            return
        self._score(current, item, score or None)
        if score:
            self._next_item()

    def _score(self, current: fidelity.Review, item: int, score: int | None) -> None:
        """Show the score at once (the head's total and band too), then write it in a worker; a failed write
        says so and reloads what the file holds."""
        if score is None:
            current.scores.pop(item, None)
        else:
            current.scores[item] = score
        table = self.query_one("#fid-items", DataTable)
        table.update_cell(f"i-{item}", "score", Text(str(score) if score else UNSCORED, justify="center"))
        last = self.earlier()[:1]
        before = last[0].scores.get(item) if last else None
        table.update_cell(f"i-{item}", "change", change_marker(score, before))
        self._show_head()
        self._write_score(current.key, item, score)

    def _next_item(self) -> None:
        table = self.query_one("#fid-items", DataTable)
        row = table.cursor_row + 1
        while row < len(self.row_items) and self.row_items[row] is None:
            row += 1
        if row < len(self.row_items):
            table.move_cursor(row=row, animate=False)

    def action_use_suggestion(self) -> None:
        item = self.focused_item()
        current = self._needs_review()
        if current is None or item is None:
            return
        suggestion = self.suggestions.get(item)
        if suggestion is None:
            self.notify(_("Inget förslag för punkt {item}.", item=item), severity="warning")
            return
        self._score(current, item, suggestion.score)

    @work(thread=True, group="fidelity-write")
    def _write_score(self, key: str, item: int, score: int | None) -> None:
        try:
            fidelity.set_score(self.db, key, {"item": item, "score": score}, now=self.now())
        except StoreError as problem:  # InputError included: shown, nothing written
            self.app.call_from_thread(self.notify, f"✗ {problem}", severity="error", title=_("Inte sparat"))
            self.app.call_from_thread(self._load)
            return

    # --- notes and reviews ---------------------------------------------------------------------------------

    def action_note(self) -> None:
        item = self.focused_item()
        current = self._needs_review()
        if current is None or item is None:
            return
        from coachtui.screens.fidelity_note_form import FidelityNoteForm

        def saved(note: str | None) -> None:
            if note is not None:
                self._load()

        self.app.push_screen(FidelityNoteForm(current.key, item, current.notes.get(item, "")), saved)

    def action_new_review(self) -> None:
        from coachtui.screens.fidelity_review_form import FidelityReviewForm

        self.app.push_screen(FidelityReviewForm(on=self.today()), self._switch_to)

    def action_edit_review(self) -> None:
        current = self._needs_review()
        if current is None:
            return
        from coachtui.screens.fidelity_review_form import FidelityReviewForm

        form = FidelityReviewForm(key=current.key, on=current.on, kind=current.kind, note=current.note)
        self.app.push_screen(form, self._switch_to)

    def _switch_to(self, key: str | None) -> None:
        if key is None:
            return
        self.current_key = key
        self._chosen = True
        self._load()

    def action_pick_review(self) -> None:
        if not self.reviews:
            self.notify(_("Det finns ingen skattning att välja. n skapar en."), severity="warning")
            return
        from coachtui.screens.fidelity_pick import FidelityPick

        choices = []
        for review in reversed(self.reviews):
            done = rules.summary(review.scores, self.goal)
            label = _(
                "{on}  {key}  {kind}  {total}/125  {band}",
                on=review.on.isoformat(),
                key=review.key,
                kind=rules.kind_title(review.kind),
                total=done.total,
                band=rules.band_title(done.band),
            )
            choices.append((review.key, label))
        self.app.push_screen(FidelityPick(choices, self.current_key), self._picked)

    def _picked(self, key: str | None) -> None:
        if key is None:
            return
        self.current_key = key
        self._chosen = True
        self._render_table()

    def action_delete_review(self) -> None:
        current = self._needs_review()
        if current is None:
            return
        from coachtui.screens.confirm import ConfirmScreen

        question = _(
            "Radera skattningen {key} ({on}) med alla poäng och anteckningar? Det går inte att ångra.",
            key=current.key,
            on=current.on.isoformat(),
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(current.key)

        self.app.push_screen(ConfirmScreen(question, yes=_("Radera")), answered)

    @work(thread=True, group="fidelity-write")  # not the loads' group: a reload on resume must not cancel it
    def _delete(self, key: str) -> None:
        try:
            fidelity.delete_review(self.db, key, now=self.now())
            loaded = Loaded(fidelity.reviews(self.db), fidelity.goal(self.db), message=_("Skattningen är raderad."))
        except StoreError as problem:
            self.app.call_from_thread(self.notify, f"✗ {problem}", severity="error")
            return
        self.app.call_from_thread(self._show, loaded)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    # --- help and palette ----------------------------------------------------------------------------------

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            (_("Ny skattning"), _("Programtrohet: skapa årets skattning (n)"), self.action_new_review),
            (_("Välj skattning"), _("Programtrohet: visa en tidigare skattning (v)"), self.action_pick_review),
            (_("Ändra skattningens datum och typ"), _("Programtrohet (e)"), self.action_edit_review),
            (_("Radera skattningen"), _("Programtrohet: frågar först (ctrl+d)"), self.action_delete_review),
        ]

    def help_markdown(self) -> str:
        return _(
            "## Programtrohet (IPS-25)\n"
            "Coach och chef skattar skalans 25 punkter en gång om året, 1-5 poäng var (högst 125)."
            " Här visas bara punkternas korta namn: **ankarna för varje poäng finns i teamets egen manual**.\n\n"
            "- **1-5**: poäng på raden (markören går vidare till nästa punkt) · **0** / **backsteg**: ta bort"
            " poängen\n"
            "- **↑ ↓**: flytta mellan punkterna\n"
            '- **f**: använd förslaget ("Använd förslaget"): coachtui föreslår poäng för punkt 1, 15, 17 och'
            " 23 ur sina egna uppgifter; underlaget visas under tabellen. Inget förs in förrän du trycker f.\n"
            "- **a** / **enter**: anteckning till punkten (✎ visar att det finns en)\n"
            "- **n**: ny skattning (datum, egen eller extern) · **v**: välj en tidigare · **e**: ändra datum"
            " och typ · **ctrl+d**: radera skattningen (frågar först)\n\n"
            "Nivåer: 115-125 föredömlig, 100-114 god, 74-99 godtagbar, 73 eller lägre inte IPS (bara när alla"
            " 25 är skattade). Målet ställs in under Inställningar: team. Tidigare skattningar står bredvid,"
            " punkt för punkt; ▲ / ▼ visar ändringen mot den senaste av dem."
        )
