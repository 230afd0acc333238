"""Delivery tracking after award: a contract register, quarterly returns, ratings and reports.

Nothing in the tender engine imports this package; it imports the engine. SQLAlchemy, Alembic,
openpyxl and matplotlib are imported only here, so `svauthor check` never pays for them.
"""
