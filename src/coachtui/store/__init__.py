"""Data store: the only SQL of coachtui (besides the team hub's, ``hub/``). Never imports Textual.

One way to read, one way to write:

- **Reads**: ``db.read()`` (this thread's sqlite3 connection) and plain SQL in a store module
  (``participants``, ``followups``, ``exits``, ``surveys``, ``fidelity``, ``settings``, ``report_data``,
  ``document``…), returning NamedTuples, dataclasses or plain values: never ORM objects (building them costs
  ~30 µs each and the caseload lists thousands).
- **Writes**: ``with db.write() as conn:`` (``Database.write``: the start-up check must have passed, BEGIN
  IMMEDIATE, the file's identity checked, sqlite errors mapped to a clear ``StoreError``, COMMIT or ROLLBACK),
  then SQL in the store module (``db.insert``/``db.update`` for one row from plain values, or statements of
  its own), and ONE audit row by ``audit.record(conn, now, ...)`` on that same connection, so it commits or
  rolls back with what it describes. Input is validated before by the pydantic models of ``inputs`` (or
  ``fidelity_inputs``), never written straight into a table.
- **Tables** are defined once, as SQLModel classes in ``models`` (the schema the code is written against;
  ``tests/test_store_db.py`` holds them to the SQL), and created and migrated by the SQL of ``schema``
  (``db.migrate``). Nothing imports ``models`` at run time: a write needs neither SQLModel nor SQLAlchemy.

Start-up cost matters: ``db`` and the read paths use only the standard library (``coachtui reminders`` and
the caseload's first frame import neither pydantic nor SQLAlchemy); a write imports the input models
(pydantic) inside the function that needs them.
"""
