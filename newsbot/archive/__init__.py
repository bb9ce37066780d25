"""The SQLite archive: schema (schema.py), opening (db.py), writing (writer.py), reading (export.py)."""
