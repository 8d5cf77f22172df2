"""The team hub: a team's PostgreSQL database that each coach pushes a pseudonymised copy of their caseload to.

Only PostgreSQL SQL lives here (SQLAlchemy 2 Core + psycopg 3, the ``hub`` extra). Nothing in the local app
imports this package unless the hub is used.
"""
