"""The two stores behind one interface: SQLite (a file; the default) and PostgreSQL (psycopg 3;
`database: postgresql://user@host/dbname`, the password from DIGEST_DB_PASSWORD or libpq's
PGPASSWORD, never in the file).

The store's modules write their SQL once, in SQLite's dialect, and run it on either:
`PgConnection` gives a psycopg connection the few methods of `sqlite3.Connection` they use
(`execute`, `executemany`, `commit`, `with conn:` for a transaction) and rewrites the few
SQLite-only forms: `?` placeholders, `INSERT OR IGNORE` and `INSERT OR REPLACE`.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence, Sized
from types import TracebackType
from typing import Any, TypeVar

import psycopg

# Errors either store raises, for the store's `except` clauses.
DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, psycopg.Error)
CHUNK = 500  # ids per `IN (…)` list: well under either backend's limit on parameters

T = TypeVar("T")

# The primary key each table that `INSERT OR REPLACE` writes to conflicts on.
_KEYS = {
    "article_entities": ("article_id",),
    "article_vectors": ("article_id",),
    "translations": ("engine", "source_hash"),
}
_OR_IGNORE = re.compile(r"^\s*INSERT OR IGNORE INTO", re.IGNORECASE)
_OR_REPLACE = re.compile(r"^\s*INSERT OR REPLACE INTO (\w+) \(([^)]*)\)", re.IGNORECASE)


def to_postgres(sql: str) -> str:
    """One statement of the store's SQL in PostgreSQL's dialect."""
    out = sql.replace("%", "%%").replace("?", "%s")
    if _OR_IGNORE.match(out):
        out = _OR_IGNORE.sub("INSERT INTO", out) + " ON CONFLICT DO NOTHING"
    elif m := _OR_REPLACE.match(out):
        table, columns = m.group(1), [c.strip() for c in m.group(2).split(",")]
        keys = _KEYS[table]
        sets = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in keys)
        out = (
            _OR_REPLACE.sub(f"INSERT INTO {table} ({', '.join(columns)})", out)
            + f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {sets}"
        )
    return out


class PgConnection:
    """A psycopg connection with the methods of `sqlite3.Connection` the store uses. Each
    `execute` outside `with conn:` runs in the open transaction, as with sqlite3; `commit` ends
    it."""

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Sequence[object] = ()) -> psycopg.Cursor[Any]:
        cur = self.raw.cursor()
        cur.execute(to_postgres(sql), tuple(params))
        return cur

    def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> psycopg.Cursor[Any]:
        cur = self.raw.cursor()
        cur.executemany(to_postgres(sql), [tuple(r) for r in rows])
        return cur

    def commit(self) -> None:
        self.raw.commit()

    def rollback(self) -> None:
        self.raw.rollback()

    def close(self) -> None:
        self.raw.close()

    def __enter__(self) -> PgConnection:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is None:
            self.raw.commit()
        else:
            self.raw.rollback()


Connection = sqlite3.Connection | PgConnection


def is_postgres(conn: Connection) -> bool:
    """True for a PostgreSQL connection, where a few statements differ and processes share."""
    return isinstance(conn, PgConnection)


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """`items` in slices of `size`, for `IN (…)` lists."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def marks(items: Sized) -> str:
    """`?, ?, ?` for an `IN (…)` list of `items`."""
    return ", ".join("?" * len(items))


def connect_postgres(url: str, timeout: float = 10.0) -> PgConnection:
    """Open the PostgreSQL database at `url`; the password comes from DIGEST_DB_PASSWORD (or
    libpq's own PGPASSWORD / ~/.pgpass)."""
    extra: dict[str, Any] = {"connect_timeout": max(1, int(timeout))}
    if os.environ.get("DIGEST_DB_PASSWORD"):
        extra["password"] = os.environ["DIGEST_DB_PASSWORD"]
    raw = psycopg.connect(url, **extra)
    return PgConnection(raw)


def redact(url: str) -> str:
    """The address without a password, for messages."""
    return re.sub(r"://([^:@/]+):[^@/]*@", r"://\1:***@", url)
