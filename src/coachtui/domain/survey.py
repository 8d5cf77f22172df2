"""The NNS participant questionnaire ("Indikatorer för finansiell samordning"): the sheet, the report, the reminder.

The seven questions and the two scales are the questionnaire's own wording (the method description, section
8.3 "Enkät deltagare"): they are data, never reworded and never translated, so the English app shows them in
Swedish too. A sheet is anonymous: nothing in it names or links to a participant.

- A sheet has exactly 7 answers, question 1-7 in order, each 1-6 (the six boxes left to right) or None
  (skipped); at least one is answered (:func:`validate_answers`).
- The report (:func:`build`) counts the sheets dated in a period: per question the answers in the top three
  boxes (4, 5, 6) against those answered, the share rounded half up to 3 decimals (0.0 when none), ``all``
  pooling every answered question of every sheet, each against the team's goal (``met`` None when there is no
  goal or nothing was answered), and the same per respondent (woman, man, unstated).
- The reminder (:func:`reminder_due`): a participant enrolled at least N days (default 90) with no
  questionnaire handed out and no exit is due to get one, from enrolled_on + N days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any, Final, NamedTuple

from coachtui.i18n import _

#: The questions, exactly as printed on the sheet (line breaks of the print joined by single spaces).
QUESTIONS: Final[tuple[str, ...]] = (
    "Får du stöd på ett sätt som är till stor nytta för dig?",
    "Är du med och bestämmer vilket stöd du skall få?",
    "Får stödet ta den tid du behöver?",
    "Stödjer insatsen dig i kontakterna med myndigheterna och vården?",
    "Har det stöd du fått hjälpt dig att utveckla sätt att hantera din situation?",
    "Känner du dig mer redo att kunna arbeta eller studera jämfört med innan du fick kontakt med oss?",
    "Upplever du att personalen tar tillvara dina erfarenheter, kunskaper och synpunkter?",
)
COUNT: Final = len(QUESTIONS)
#: The six boxes of questions 1-4, left to right (answers 1-6).
FREQUENCY_SCALE: Final[tuple[str, ...]] = ("Aldrig", "Sällan", "Ibland", "Ofta", "För det mesta", "Alltid")
#: The six boxes of questions 5-7, left to right (answers 1-6).
EXTENT_SCALE: Final[tuple[str, ...]] = (
    "Inte alls",
    "Till liten del",
    "Delvis",
    "Till stor del",
    "Till mycket stor del",
    "Helt och hållet",
)
TOP3: Final[frozenset[int]] = frozenset({4, 5, 6})
LOWEST: Final = 1
HIGHEST: Final = 6

KINDS: Final[tuple[str, ...]] = ("ongoing", "exit")
RESPONDENTS: Final[tuple[str, ...]] = ("woman", "man", "unstated")

#: The goals seen in the method description: 70 % overall, 75 % on questions 1 and 5, 85 % on question 7.
DEFAULT_GOAL_ALL: Final = 0.7
DEFAULT_GOALS: Final[tuple[float | None, ...]] = (0.75, None, None, None, 0.75, None, 0.85)
DEFAULT_REMINDER_DAYS: Final = 90


def scale(question: int) -> tuple[str, ...]:
    """The six box labels of ``question`` (1-7)."""
    if not 1 <= question <= COUNT:
        raise ValueError(question)
    return FREQUENCY_SCALE if question <= 4 else EXTENT_SCALE


def kind_label(kind: str) -> str:
    return {"ongoing": _("Pågåendeenkät"), "exit": _("Avslutsenkät")}.get(kind, kind)


def respondent_label(respondent: str) -> str:
    return {"woman": _("Kvinna"), "man": _("Man"), "unstated": _("Vill inte svara")}.get(respondent, respondent)


# --- the sheet -------------------------------------------------------------------------------


class SheetError(ValueError):
    """A sheet that cannot be stored; ``message`` is one translated line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def validate_answers(answers: Sequence[Any]) -> tuple[int | None, ...]:
    """The 7 answers as ints or None; raises :class:`SheetError` for anything else (8 answers, a 7, "x",
    all skipped)."""
    if isinstance(answers, (str, bytes)) or not isinstance(answers, Sequence):
        raise SheetError(_("Svaren måste vara en lista med 7 värden."))
    if len(answers) != COUNT:
        raise SheetError(_("En enkät har 7 frågor, inte {n}.", n=len(answers)))
    checked: list[int | None] = []
    for number, value in enumerate(answers, start=1):
        if value is None:
            checked.append(None)
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not LOWEST <= value <= HIGHEST:
            raise SheetError(
                _("Fråga {q}: svaret måste vara 1-6 eller tomt (överhoppad), inte {value}.", q=number, value=value)
            )
        checked.append(value)
    if all(value is None for value in checked):
        raise SheetError(_("Enkäten har inga svar: minst en fråga måste vara besvarad."))
    return tuple(checked)


class Sheet(NamedTuple):
    """One paper sheet as the report needs it."""

    on: date
    kind: str
    respondent: str
    answers: tuple[int | None, ...]
    municipality: str = ""
    program: str = ""


# --- the report ------------------------------------------------------------------------------


def share(top3: int, answered: int) -> float:
    """top3 / answered rounded half up to 3 decimals; 0.0 when nothing was answered."""
    if answered <= 0:
        return 0.0
    from decimal import ROUND_HALF_UP, Decimal  # not at import: the reminders' start-up reads this module

    return float((Decimal(top3) / Decimal(answered)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP))


class Goals(NamedTuple):
    """The team's goals as fractions: ``all`` and one per question (None: no goal)."""

    all: float | None = DEFAULT_GOAL_ALL
    questions: tuple[float | None, ...] = DEFAULT_GOALS

    def question(self, number: int) -> float | None:
        return self.questions[number - 1]


class Figure(NamedTuple):
    answered: int
    top3: int
    goal: float | None

    @property
    def share(self) -> float:
        return share(self.top3, self.answered)

    @property
    def met(self) -> bool | None:
        if self.goal is None or self.answered == 0:
            return None
        return self.share >= self.goal

    def as_json(self) -> dict[str, Any]:
        return {"answered": self.answered, "top3": self.top3, "share": self.share, "goal": self.goal, "met": self.met}


class Part(NamedTuple):
    """The figures of one group of sheets: one per question and ``all`` pooled."""

    questions: tuple[Figure, ...]
    all: Figure

    def as_json(self) -> dict[str, Any]:
        return {
            "questions": [{"question": n, **f.as_json()} for n, f in enumerate(self.questions, start=1)],
            "all": self.all.as_json(),
        }


def _part(sheets: Iterable[Sheet], goals: Goals) -> Part:
    answered = [0] * COUNT
    top3 = [0] * COUNT
    for sheet in sheets:
        for index, value in enumerate(sheet.answers):
            if value is not None:
                answered[index] += 1
                if value in TOP3:
                    top3[index] += 1
    figures = tuple(Figure(answered[i], top3[i], goals.questions[i]) for i in range(COUNT))
    return Part(figures, Figure(sum(answered), sum(top3), goals.all))


class SurveyReport(NamedTuple):
    start: date
    end: date
    kind: str | None
    responses: dict[str, int]
    total: Part
    by_respondent: dict[str, Part]

    def as_json(self) -> dict[str, Any]:
        """The object of ``coachtui survey report --format json`` (DATA-FORMAT.md), keys in contract order."""
        part = self.total.as_json()
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "kind": self.kind,
            "responses": {**self.responses, "total": sum(self.responses.values())},
            "questions": part["questions"],
            "all": part["all"],
            "by_respondent": {r: self.by_respondent[r].as_json() for r in RESPONDENTS},
        }


def build(
    sheets: Iterable[Sheet],
    start: date,
    end: date,
    *,
    goals: Goals | None = None,
    kind: str | None = None,
    municipality: str | None = None,
    program: str | None = None,
) -> SurveyReport:
    """The report of the sheets dated ``start``..``end`` (inclusive), narrowed by kind, municipality
    (case-insensitive) and programme when given."""
    goals = goals or Goals()
    wanted = municipality.casefold() if municipality is not None else None
    chosen = [
        s
        for s in sheets
        if start <= s.on <= end
        and (kind is None or s.kind == kind)
        and (wanted is None or s.municipality.casefold() == wanted)
        and (program is None or s.program == program)
    ]
    groups: dict[str, list[Sheet]] = {r: [] for r in RESPONDENTS}
    for sheet in chosen:
        groups.setdefault(sheet.respondent, []).append(sheet)
    return SurveyReport(
        start,
        end,
        kind,
        {r: len(groups[r]) for r in RESPONDENTS},
        _part(chosen, goals),
        {r: _part(groups[r], goals) for r in RESPONDENTS},
    )


# --- settings --------------------------------------------------------------------------------

GOAL_ALL_KEY: Final = "survey_goal_all"
GOAL_KEYS: Final[tuple[str, ...]] = tuple(f"survey_goal_q{n}" for n in range(1, COUNT + 1))
REMINDER_DAYS_KEY: Final = "survey_reminder_days"


def _goal_text(goal: float | None) -> str:
    return "" if goal is None else repr(goal)


#: The settings' defaults (text as the ``setting`` table keeps it; "" = no goal).
SETTING_DEFAULTS: Final[dict[str, str]] = {
    GOAL_ALL_KEY: _goal_text(DEFAULT_GOAL_ALL),
    **{key: _goal_text(goal) for key, goal in zip(GOAL_KEYS, DEFAULT_GOALS, strict=True)},
    REMINDER_DAYS_KEY: str(DEFAULT_REMINDER_DAYS),
}


def _goal(text: str, default: float | None) -> float | None:
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return default
    return value if 0 <= value <= 1 else default


def goals_from_settings(values: Mapping[str, str]) -> Goals:
    """The goals from the stored settings; an unreadable value counts as its default."""
    return Goals(
        _goal(values.get(GOAL_ALL_KEY, SETTING_DEFAULTS[GOAL_ALL_KEY]), DEFAULT_GOAL_ALL),
        tuple(
            _goal(values.get(key, SETTING_DEFAULTS[key]), default)
            for key, default in zip(GOAL_KEYS, DEFAULT_GOALS, strict=True)
        ),
    )


def reminder_days(text: str) -> int:
    """The reminder's N from its setting; an unreadable or negative value counts as the default (90)."""
    try:
        days = int(text.strip())
    except ValueError:
        return DEFAULT_REMINDER_DAYS
    return days if days >= 0 else DEFAULT_REMINDER_DAYS


# --- the reminder ----------------------------------------------------------------------------


def reminder_due(
    enrolled_on: date, offered_on: date | None, exited: bool, today: date, days: int = DEFAULT_REMINDER_DAYS
) -> date | None:
    """The due date of the ``survey`` reminder (enrolled_on + ``days``) when the participant has been enrolled
    at least ``days`` days by ``today``, has not been handed the questionnaire and has not exited; else None."""
    if offered_on is not None or exited:
        return None
    due = enrolled_on + timedelta(days=days)
    return due if due <= today else None
