"""The hub's schema in PostgreSQL: versioned tables, row-level security, the two group roles.

Everything lives in the schema ``coachtui`` of the team's database. Every table carries ``coach_key``; the
policies compare it with ``coach_login`` (login → coach key, written by ``hub add-coach``), so that a coach's
login reads and writes only the rows of the coaches it was added for, even with psql, and a lead's login (a
member of ``coachtui_lead``) reads everything and writes nothing. ``FORCE ROW LEVEL SECURITY`` puts the table
owner under the policies too (the owner gets its own policy, for ``hub init`` and administration).
``init`` is safe to run twice and upgrades an older hub: the tables come in numbered steps (``hub_version``),
the policies and grants are dropped and made again every time.
"""

from __future__ import annotations

from typing import Any, Final

SCHEMA: Final = "coachtui"
COACH_ROLE: Final = "coachtui_coach"
LEAD_ROLE: Final = "coachtui_lead"

# Step 1: the caseload's figures.
V1: Final = """
CREATE TABLE coachtui.coach_login (
    login TEXT NOT NULL,
    coach_key TEXT NOT NULL,
    PRIMARY KEY (login, coach_key)
);
CREATE TABLE coachtui.coach (
    coach_key TEXT PRIMARY KEY,
    municipality TEXT NOT NULL,
    fte DOUBLE PRECISION NOT NULL CHECK (fte > 0 AND fte <= 1),
    pushed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    participants INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE coachtui.participant (
    pseudonym TEXT PRIMARY KEY,
    coach_key TEXT NOT NULL,
    birth_year INTEGER NOT NULL,
    gender TEXT NOT NULL CHECK (gender IN ('woman', 'man')),
    municipality TEXT NOT NULL,
    program TEXT NOT NULL CHECK (program IN ('SE', 'IPS', 'SEd')),
    referred_on DATE,
    enrolled_on DATE NOT NULL,
    sus_consent BOOLEAN NOT NULL,
    education TEXT NOT NULL,
    support_since TEXT,
    support_before TEXT[] NOT NULL DEFAULT '{}',
    occupation_before_kind TEXT NOT NULL,
    occupation_before_extent INTEGER NOT NULL CHECK (occupation_before_extent BETWEEN 0 AND 100)
);
CREATE INDEX ix_participant_coach ON coachtui.participant (coach_key);
CREATE TABLE coachtui.step (
    coach_key TEXT NOT NULL,
    pseudonym TEXT NOT NULL,
    step INTEGER NOT NULL CHECK (step BETWEEN 1 AND 5),
    on_date DATE NOT NULL
);
CREATE INDEX ix_step_coach ON coachtui.step (coach_key);
CREATE TABLE coachtui.employment (
    coach_key TEXT NOT NULL,
    pseudonym TEXT NOT NULL,
    number INTEGER NOT NULL,
    start_on DATE NOT NULL,
    end_on DATE,
    subsidised BOOLEAN NOT NULL,
    extent INTEGER NOT NULL CHECK (extent BETWEEN 0 AND 100),
    PRIMARY KEY (pseudonym, number)
);
CREATE INDEX ix_employment_coach ON coachtui.employment (coach_key);
CREATE TABLE coachtui.followup (
    coach_key TEXT NOT NULL,
    pseudonym TEXT NOT NULL,
    employment INTEGER NOT NULL,
    slot TEXT NOT NULL,
    kind TEXT NOT NULL,
    due_on DATE NOT NULL,
    status TEXT NOT NULL,
    done_on DATE
);
CREATE INDEX ix_followup_coach ON coachtui.followup (coach_key);
CREATE INDEX ix_followup_done ON coachtui.followup (done_on, pseudonym) WHERE status = 'done';
CREATE TABLE coachtui.exit (
    pseudonym TEXT PRIMARY KEY,
    coach_key TEXT NOT NULL,
    on_date DATE NOT NULL,
    reason TEXT NOT NULL,
    occupation_after_kind TEXT NOT NULL,
    occupation_after_extent INTEGER NOT NULL CHECK (occupation_after_extent BETWEEN 0 AND 100),
    support_after TEXT[] NOT NULL DEFAULT '{}',
    sus_registered_on DATE
);
CREATE INDEX ix_exit_coach ON coachtui.exit (coach_key);
"""

# Step 2 (December 2026): the NNS answer sheets and the IPS fidelity reviews, without their notes.
V2: Final = """
CREATE TABLE coachtui.survey (
    coach_key TEXT NOT NULL,
    key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('ongoing', 'exit')),
    on_date DATE NOT NULL,
    municipality TEXT NOT NULL,
    program TEXT NOT NULL,
    respondent TEXT NOT NULL CHECK (respondent IN ('woman', 'man', 'unstated')),
    q1 INTEGER CHECK (q1 BETWEEN 1 AND 6),
    q2 INTEGER CHECK (q2 BETWEEN 1 AND 6),
    q3 INTEGER CHECK (q3 BETWEEN 1 AND 6),
    q4 INTEGER CHECK (q4 BETWEEN 1 AND 6),
    q5 INTEGER CHECK (q5 BETWEEN 1 AND 6),
    q6 INTEGER CHECK (q6 BETWEEN 1 AND 6),
    q7 INTEGER CHECK (q7 BETWEEN 1 AND 6),
    PRIMARY KEY (coach_key, key)
);
CREATE TABLE coachtui.fidelity_review (
    coach_key TEXT NOT NULL,
    key TEXT NOT NULL,
    on_date DATE NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('self', 'external')),
    PRIMARY KEY (coach_key, key)
);
CREATE TABLE coachtui.fidelity_score (
    coach_key TEXT NOT NULL,
    review_key TEXT NOT NULL,
    item INTEGER NOT NULL CHECK (item BETWEEN 1 AND 25),
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    PRIMARY KEY (coach_key, review_key, item)
);
"""

# Step 3 (December 2026): the team settings the reports use (yearly targets, the questionnaire's goals), as the
# coach's file had them at its last push: JSON text of `store.hub_source.REPORT_SETTINGS`, '{}' before any.
V3: Final = """
ALTER TABLE coachtui.coach ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
"""

# Step 4 (December 2026): what a 100,000-participant hub's report and row-level security need.
# - the done follow-ups by participant and date: continued support is found from the exits (few) through it
#   (an index-only scan instead of reading every follow-up);
# - the exits by date: a half year's exits without reading all years';
# - `my_coaches()`: the coach keys of the session's login as one array, for the policies. A policy
#   ``coach_key = ANY ((SELECT coachtui.my_coaches())::text[])`` is computed ONCE per statement (an InitPlan) and can
#   drive the tables' coach_key indexes, where ``coach_key IN (SELECT ...)`` is a subplan tested on every row.
#   STABLE, SECURITY INVOKER: it reads coach_login under coach_login's own policy (the login's rows only).
V4: Final = """
CREATE INDEX IF NOT EXISTS ix_followup_done_after ON coachtui.followup (pseudonym, done_on) WHERE status = 'done';
CREATE INDEX IF NOT EXISTS ix_exit_on ON coachtui.exit (on_date);
CREATE OR REPLACE FUNCTION coachtui.my_coaches() RETURNS text[] LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(l.coach_key ORDER BY l.coach_key), '{}') FROM coachtui.coach_login l
    WHERE l.login = session_user
$$;
"""

STEPS: Final[tuple[str, ...]] = (V1, V2, V3, V4)
LATEST: Final = len(STEPS)

#: the tables a push writes, children first (the order of the deletes)
DATA_TABLES: Final[tuple[str, ...]] = (
    "step",
    "followup",
    "employment",
    "exit",
    "participant",
    "survey",
    "fidelity_score",
    "fidelity_review",
    "coach",
)
#: the tables of each step, for the policies
TABLES_BY_STEP: Final[tuple[tuple[str, ...], ...]] = (
    ("coach_login", "coach", "participant", "step", "employment", "followup", "exit"),
    ("survey", "fidelity_review", "fidelity_score"),
)

_ROLES = f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{COACH_ROLE}') THEN
        CREATE ROLE {COACH_ROLE} NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{LEAD_ROLE}') THEN
        CREATE ROLE {LEAD_ROLE} NOLOGIN;
    END IF;
END
$$
"""

#: the coach keys the session's login may push for (a subquery under coach_login's own policy)
MY_COACHES: Final = "SELECT l.coach_key FROM coachtui.coach_login l WHERE l.login = session_user"
#: the policies' test of a row's coach: the login's keys computed once per statement (step 4's function)
MINE: Final = f"coach_key = ANY ((SELECT {SCHEMA}.my_coaches())::text[])"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _policies(table: str, owner: str) -> list[str]:
    t = f"{SCHEMA}.{table}"
    sql = [
        f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {t} FORCE ROW LEVEL SECURITY",
    ]
    for name in ("hub_owner", "hub_coach", "hub_lead", "hub_read"):
        sql.append(f"DROP POLICY IF EXISTS {name} ON {t}")
    sql.append(f"CREATE POLICY hub_owner ON {t} FOR ALL TO {_ident(owner)} USING (true) WITH CHECK (true)")
    sql.append(f"CREATE POLICY hub_lead ON {t} FOR SELECT TO {LEAD_ROLE} USING (true)")
    if table == "coach_login":
        sql.append(f"CREATE POLICY hub_coach ON {t} FOR SELECT TO {COACH_ROLE} USING (login = session_user)")
        sql.append(f"GRANT SELECT ON {t} TO {COACH_ROLE}, {LEAD_ROLE}")
    else:
        sql.append(f"CREATE POLICY hub_coach ON {t} FOR ALL TO {COACH_ROLE} USING ({MINE}) WITH CHECK ({MINE})")
        sql.append(f"GRANT SELECT ON {t} TO {LEAD_ROLE}")
        sql.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {t} TO {COACH_ROLE}")
    return sql


def _statements(script: str) -> list[str]:
    """The statements of a step, split at the ";" that end a line (a function's body keeps its own)."""
    return [s.strip() for s in script.split(";\n") if s.strip()]


def version(conn: Any) -> int:
    """The hub's schema version, 0 for a database without a hub."""
    from sqlalchemy import text

    found = conn.execute(text("SELECT to_regclass('coachtui.hub_version')")).scalar()
    if found is None:
        return 0
    return int(conn.execute(text("SELECT coalesce(max(version), 0) FROM coachtui.hub_version")).scalar() or 0)


def init(conn: Any) -> tuple[int, int]:
    """Create or upgrade the hub in the open transaction of ``conn`` (a database owner's connection).

    Returns (version before, version after). Safe to run twice and from two places at once (an advisory lock).
    """
    from sqlalchemy import text

    conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('coachtui hub init'))"))
    owner = str(conn.execute(text("SELECT current_user")).scalar())
    conn.execute(text(_ROLES))
    conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
    conn.execute(
        text(f"CREATE TABLE IF NOT EXISTS {SCHEMA}.hub_version (version INTEGER PRIMARY KEY, at TIMESTAMPTZ NOT NULL)")
    )
    before = version(conn)
    for number, step in enumerate(STEPS, start=1):
        if number <= before:
            continue
        for statement in _statements(step):
            conn.execute(text(statement))
        conn.execute(text(f"INSERT INTO {SCHEMA}.hub_version VALUES ({number}, now())"))
    statements = [
        f"REVOKE ALL ON SCHEMA {SCHEMA} FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA {SCHEMA} TO {COACH_ROLE}, {LEAD_ROLE}",
        f"REVOKE ALL ON FUNCTION {SCHEMA}.my_coaches() FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {SCHEMA}.my_coaches() TO {COACH_ROLE}",
        *_policies_version(owner),
    ]
    for tables in TABLES_BY_STEP:
        for table in tables:
            statements.extend(_policies(table, owner))
    for statement in statements:
        conn.execute(text(statement))
    return before, LATEST


def _policies_version(owner: str) -> list[str]:
    t = f"{SCHEMA}.hub_version"
    return [
        f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {t} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS hub_owner ON {t}",
        f"DROP POLICY IF EXISTS hub_read ON {t}",
        f"CREATE POLICY hub_owner ON {t} FOR ALL TO {_ident(owner)} USING (true) WITH CHECK (true)",
        f"CREATE POLICY hub_read ON {t} FOR SELECT TO {COACH_ROLE}, {LEAD_ROLE} USING (true)",
        f"GRANT SELECT ON {t} TO {COACH_ROLE}, {LEAD_ROLE}",
    ]


def add_coach(conn: Any, login: str, coach: str) -> bool:
    """Let ``login`` push for ``coach``; False when it already could. The login must exist."""
    from sqlalchemy import text

    conn.execute(text(f"GRANT {COACH_ROLE} TO {_ident(login)}"))
    added = conn.execute(
        text(f"INSERT INTO {SCHEMA}.coach_login VALUES (:login, :coach) ON CONFLICT DO NOTHING RETURNING 1"),
        {"login": login, "coach": coach},
    ).scalar()
    return added is not None


def add_lead(conn: Any, login: str) -> None:
    from sqlalchemy import text

    conn.execute(text(f"GRANT {LEAD_ROLE} TO {_ident(login)}"))


def login_exists(conn: Any, login: str) -> bool:
    from sqlalchemy import text

    return conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": login}).scalar() is not None
