"""A seedable generator of realistic coachtui/1 documents (for import tests and benchmarks).

``document(n, seed=..., today=...)`` returns a document with one coach and ``n``
invented participants spread over the five steps: about 40 % employed (some
jobs ended), about 30 % exited with reasons that fit their occupation, some SUS
registrations, step notes now and then. The whole record (DATA-FORMAT.md
additions): phones, journal entries of every kind, employer contacts, the day
the questionnaire was handed out, efterstöd follow-ups in every status (done,
skipped by the coach, cancelled by a non-work exit, unrecorded history,
planned), the employers list and the team settings. Every value passes the
import's validation and is what the app itself would store (so an import keeps
it as it is); the document is in the canonical form of ``store.document``.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

FIRST = ["Anna", "Erik", "Sara", "Johan", "Fatima", "Lars", "Maria", "Ali", "Elin", "Mikael", "Hanna", "Åsa", "Örjan"]
LAST = ["Andersson", "Berg", "Carlsson", "Dahl", "Ekström", "Falk", "Holm", "Lind", "Nordin", "Åberg", "Öhman"]
EMPLOYERS = ["Bageriet AB", "Lagerhuset i Vetlanda", "Kafé Linden", "Bilverkstan Syd", "ICA Nära Torget"]
MUNICIPALITIES = ["Gislaved", "Vetlanda", "Eksjö", "Nässjö"]
SUPPORT = [
    "sickness_benefit",
    "activity_compensation",
    "sickness_compensation",
    "unemployment_insurance",
    "activity_support",
    "establishment_allowance",
    "social_assistance",
]
JOURNAL_KINDS = ["meeting", "phone", "visit", "employer_contact", "other"]
JOURNAL_TEXTS = ["Träffades på biblioteket.", "Ringde om schemat.", "Besök på arbetsplatsen.", "Pratade med chefen."]
OTHER_REASONS = ["studies", "job_seeking", "continued_rehabilitation", "moved", "parental_leave", "illness", "other"]


def _participant(i: int, rnd: random.Random, today: date, coach: str) -> dict[str, Any]:
    enrolled = today - timedelta(days=rnd.randint(60, 1500))
    referred = enrolled - timedelta(days=rnd.randint(5, 60)) if rnd.random() < 0.8 else None
    kind = rnd.choice(["none", "none", "job_seeking", "studies", "subsidised_work"])
    steps: list[dict[str, Any]] = [{"step": 1, "on": enrolled.isoformat()}]
    day = enrolled
    for step in range(2, rnd.randint(1, 5) + 1):
        day = day + timedelta(days=rnd.randint(7, 60))
        entry: dict[str, Any] = {"step": step, "on": min(day, today).isoformat()}
        if rnd.random() < 0.1:
            entry["note"] = rnd.choice(["Yrkesprofil klar.", "Studiebesök på lagret.", "Tillbaka från sjukskrivning"])
        steps.append(entry)
    employments: list[dict[str, Any]] = []
    if len(steps) >= 4 and rnd.random() < 0.8:
        start = date.fromisoformat(steps[-1]["on"]) + timedelta(days=rnd.randint(0, 30))
        start = min(start, today)
        ended = start + timedelta(days=rnd.randint(30, 400)) if rnd.random() < 0.3 else None
        employments.append(
            {
                "employer": rnd.choice(EMPLOYERS),
                "start_on": start.isoformat(),
                "end_on": ended.isoformat() if ended else None,
                "subsidised": rnd.random() < 0.5,
                "extent": rnd.choice([25, 50, 75, 100]),
            }
        )
    exit_ = None
    if rnd.random() < 0.3:
        last = max([date.fromisoformat(steps[-1]["on"])] + [date.fromisoformat(e["start_on"]) for e in employments])
        on = min(last + timedelta(days=rnd.randint(1, 200)), today)
        if employments and rnd.random() < 0.25:  # left for another reason while in work: later slots cancelled
            reason = "illness"
            after = {"kind": "none", "extent": 0}
        elif employments:
            reason = "subsidised_work" if employments[0]["subsidised"] else "unsubsidised_work"
            after = {"kind": reason, "extent": employments[0]["extent"]}
        else:
            reason = rnd.choice(OTHER_REASONS)
            after = {"kind": "studies", "extent": 100} if reason == "studies" else {"kind": "none", "extent": 0}
        registered = min(on + timedelta(days=rnd.randint(0, 100)), today) if rnd.random() < 0.5 else None
        exit_ = {
            "on": on.isoformat(),
            "reason": reason,
            "occupation_after": after,
            "support_after": sorted(rnd.sample(SUPPORT, rnd.randint(0, 1))),
            "sus_registered_on": registered.isoformat() if registered else None,
        }
    for job in employments:
        job["followups"] = _followups(rnd, date.fromisoformat(job["start_on"]), exit_, today)
    journal = sorted(
        (
            {
                "on": min(enrolled + timedelta(days=rnd.randint(0, 300)), today).isoformat(),
                "kind": rnd.choice(JOURNAL_KINDS),
                "text": rnd.choice(JOURNAL_TEXTS),
            }
            for _ in range(rnd.randint(0, 3))
        ),
        key=lambda j: j["on"],
    )
    contacts = sorted(
        (
            {
                "on": min(date.fromisoformat(job["start_on"]) + timedelta(days=rnd.randint(0, 60)), today).isoformat(),
                "employer": job["employer"],
                "person": rnd.choice(["", "Eva på lagret", "Platschefen"]),
                "note": rnd.choice(["", "Allt går bra.", "Vill ha fler timmar."]),
            }
            for job in employments
            if rnd.random() < 0.6
        ),
        key=lambda c: c["on"],
    )
    offered = min(enrolled + timedelta(days=rnd.randint(30, 120)), today) if rnd.random() < 0.4 else None
    return {
        "key": f"p-{i:05d}",
        "coach": coach,
        "first_name": rnd.choice(FIRST),
        "last_name": rnd.choice(LAST),
        "birth_year": enrolled.year - rnd.randint(18, 64),
        "gender": rnd.choice(["woman", "man"]),
        "municipality": rnd.choice(MUNICIPALITIES),
        "program": rnd.choice(["SE", "SE", "IPS", "SEd"]),
        "referred_on": referred.isoformat() if referred else None,
        "enrolled_on": enrolled.isoformat(),
        "sus_consent": rnd.random() < 0.85,
        "education": rnd.choice(["compulsory", "upper_secondary", "post_secondary", "unknown"]),
        "support_since": f"{enrolled.year - rnd.randint(0, 5)}-{rnd.randint(1, 12):02d}"
        if rnd.random() < 0.7
        else None,
        "support_before": sorted(rnd.sample(SUPPORT, rnd.randint(0, 2)), key=SUPPORT.index),
        "occupation_before": {"kind": kind, "extent": 0 if kind == "none" else rnd.choice([25, 50, 100])},
        "steps": steps,
        "employments": employments,
        "exit": exit_,
        "phone": rnd.choice(["", "070-123 45 67", "+46 70 765 43 21", "0371-123 45"]),
        "journal": journal,
        "employer_contacts": contacts,
        "survey_offered_on": offered.isoformat() if offered else None,
    }


def _followups(rnd: random.Random, start: date, exit_: dict[str, Any] | None, today: date) -> list[dict[str, Any]]:
    """The efterstöd of one employment as the app stores it: past slots done (on their day or a day later),
    skipped by the coach or unrecorded; future ones planned, or cancelled by a non-work exit before them."""
    from coachtui.domain.schedule import generate

    exit_on = date.fromisoformat(exit_["on"]) if exit_ is not None else None
    cancels = exit_ is not None and exit_["reason"] == "illness"
    rows = []
    for slot in generate(start):
        status, done_on, note, cancelled = "planned", None, "", False
        if cancels and exit_on is not None and slot.due_on > exit_on:
            status, note, cancelled = "skipped", "Avslutad: Sjukdom", True
        elif slot.due_on <= today:
            status = rnd.choice(["done", "done", "skipped", "unrecorded"])
            if status == "done":
                done_on = min(slot.due_on + timedelta(days=rnd.randint(0, 1)), today).isoformat()
                note = rnd.choice(["", "Bra samtal."])
            elif status == "skipped":
                note = "Sjuk den dagen."
        rows.append(
            {
                "slot": slot.slot,
                "kind": slot.kind,
                "due_on": slot.due_on.isoformat(),
                "original_due_on": slot.original_due_on.isoformat(),
                "status": status,
                "done_on": done_on,
                "note": note,
                "cancelled_by_exit": cancelled,
            }
        )
    return rows


def document(n: int, *, seed: int = 1, today: date = date(2026, 11, 23)) -> dict[str, Any]:
    """A coachtui/1 document with one coach and ``n`` participants."""
    rnd = random.Random(seed)
    coach = {"key": "c1", "name": "Kim Coach", "municipality": "Gislaved", "fte": 0.4}
    return {
        "format": "coachtui/1",
        "coaches": [coach],
        "participants": [_participant(i, rnd, today, "c1") for i in range(1, n + 1)],
        "employers": [
            {"name": name, "phone": f"0371-{100 + i}", "note": "Kontakt via växeln." if i % 2 else ""}
            for i, name in enumerate(sorted(EMPLOYERS))
        ],
        "surveys": _surveys(n // 10, random.Random(seed + 1000), today),
        "fidelity_reviews": [],
        "settings": {
            "sus_delay_months": "3",
            "efterstod_template": "",
            "target_participants_per_year": "30",
            "target_share_work_or_studies": "0.55",
            "retention_years": "2",
            "fidelity_goal": "90",
            "survey_goal_all": "0.7",
            "survey_goal_q1": "0.75",
            "survey_goal_q2": "",
            "survey_goal_q3": "",
            "survey_goal_q4": "",
            "survey_goal_q5": "0.75",
            "survey_goal_q6": "",
            "survey_goal_q7": "0.85",
            "survey_reminder_days": "90",
        },
    }


def _surveys(n: int, rnd: random.Random, today: date) -> list[dict[str, Any]]:
    """``n`` anonymous NNS answer sheets (their own random stream: the participants stay as they were)."""
    sheets = []
    for i in range(1, n + 1):
        answers = [rnd.choice([None, 1, 2, 3, 4, 5, 6, 6, 5]) for _ in range(7)]
        answers[rnd.randrange(7)] = rnd.randint(1, 6)  # at least one answered
        sheets.append(
            {
                "key": f"s-{i:04d}",
                "kind": rnd.choice(["ongoing", "ongoing", "exit"]),
                "on": (today - timedelta(days=rnd.randint(0, 400))).isoformat(),
                "coach": rnd.choice(["c1", None]),
                "municipality": rnd.choice(["Gislaved", "Vaggeryd"]),
                "program": rnd.choice(["SE", "IPS", "SEd"]),
                "respondent": rnd.choice(["woman", "man", "unstated"]),
                "answers": answers,
            }
        )
    return sheets
