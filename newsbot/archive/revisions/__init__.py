"""Alembic's script folder for the archive's schema (docs/migrations.md); migrations.py drives it, no alembic.ini."""
