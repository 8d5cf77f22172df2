"""The five SE steps (EUSE five-stage model) and caseload capacity."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Final, NamedTuple

# step -> (sv short, sv long, en short, en long)
STEPS: Final[Mapping[int, tuple[str, str, str, str]]] = {
    1: ("Överenskommelse", "Överenskommelse med klient", "Engagement", "Client engagement"),
    2: ("Yrkesprofil", "Yrkesprofil", "Profile", "Vocational profile"),
    3: ("Jobbsökande", "Jobbsökande / Hitta arbetsplats", "Job finding", "Job finding"),
    4: ("Arbetsgivare", "Arbetsgivarengagemang", "Employer", "Employer engagement"),
    5: ("Stöd", "Stöd på & utanför arbetet", "Support", "On- and off-the-job support"),
}
FIRST_STEP: Final = 1
LAST_STEP: Final = 5
CASELOAD_PER_FTE: Final = 20


def step_name(step: int, lang: str = "sv", *, short: bool = True) -> str:
    sv_short, sv_long, en_short, en_long = STEPS[step]
    if lang == "en":
        return en_short if short else en_long
    return sv_short if short else sv_long


def next_step(step: int) -> int | None:
    return step + 1 if step < LAST_STEP else None


def previous_step(step: int) -> int | None:
    return step - 1 if step > FIRST_STEP else None


class StepChange(NamedTuple):
    step: int
    on: date


def current_step(changes: Sequence[StepChange]) -> StepChange | None:
    """The step in force: the latest change by date (later entries win on the same day)."""
    latest: StepChange | None = None
    for change in changes:
        if latest is None or change.on >= latest.on:
            latest = change
    return latest


def step_dates(changes: Sequence[StepChange]) -> dict[int, date]:
    """The date each step was last entered (steps may be revisited)."""
    entered: dict[int, date] = {}
    for change in sorted(changes, key=lambda c: c.on):
        entered[change.step] = change.on
    return entered


def capacity(fte: float) -> int:
    """Caseload capacity: 20 participants per full-time post, rounded down."""
    return int(CASELOAD_PER_FTE * fte + 1e-9)


def fidelity_caseload_points(caseload_per_fte: float) -> int:
    """IPS fidelity item 1 (caseload size per full-time coach): ≤20: 5, 21-25: 4, 26-30: 3, 31-40: 2, 41+: 1, on the
    figure rounded half up to a whole number (DATA-FORMAT.md; the one rule is ``domain.fidelity.per_fte_score``)."""
    from coachtui.domain.fidelity import per_fte_score

    return per_fte_score(caseload_per_fte)


def caseload_points(active: int, fte: float) -> int:
    """Fidelity points for ``active`` participants carried on ``fte`` of a post."""
    if fte <= 0:
        return 1
    return fidelity_caseload_points(active / fte)
