"""newsbot: government and ministry news, cleaned and archived in SQLite."""

__version__ = "0.1.0"
