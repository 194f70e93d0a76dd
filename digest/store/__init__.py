"""The store: one SQLite database on disk, schema by numbered migrations."""
