"""Data store: SQLite behind SQLModel. Never imports Textual.

Start-up cost matters (``import sqlmodel`` takes ~0.7 s), so this package is
split: ``db`` (sqlite3 connections, migrations) and ``queries`` (read paths)
use only the standard library; ``models`` and ``commands`` (SQLModel tables and
writes) are imported when something is written.
"""
