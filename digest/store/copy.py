"""`digest db migrate-to`: copy an SQLite store into PostgreSQL, checked and resumable.

Each table is copied in key order, in batches, each batch its own transaction, rows already in
the target left as they are (`INSERT … ON CONFLICT DO NOTHING`): an interrupted copy is simply
run again. Then every table is checked: the same number of rows, and the same SHA-256 digest
of all its rows in key order (meaning vectors too, so the copy need not make them again). The
search index is not copied: it is derived from the articles and rebuilt by the next run.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from digest.store.backend import Connection, marks

# Every table, parents before children, with the key its rows are ordered and checked by.
TABLES = (
    ("articles", "id"),
    ("stories", "id"),
    ("story_articles", "article_id"),
    ("feeds", "url"),
    ("translations", "engine, source_hash"),
    ("article_entities", "article_id"),
    ("sends", "issue_date, recipient"),
    ("alerts", "story_id, recipient, day"),
    ("quarantine", "article_id"),
    ("article_vectors", "article_id, encoder"),  # so the copy need not make them again
)
BATCH = 2000


@dataclass(frozen=True)
class TableCheck:
    table: str
    copied: int  # rows written by this run (0 for a table copied before)
    source_rows: int
    target_rows: int
    same_digest: bool

    @property
    def ok(self) -> bool:
        return self.source_rows == self.target_rows and self.same_digest


def _columns(source: sqlite3.Connection, table: str) -> list[str]:
    return [str(r[1]) for r in source.execute(f"PRAGMA table_info({table})")]


def _rows(
    conn: Connection, table: str, columns: list[str], key: str
) -> Iterator[tuple[object, ...]]:
    cur = conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {key}")
    while batch := cur.fetchmany(BATCH):
        yield from (tuple(r) for r in batch)


def _digest(conn: Connection, table: str, columns: list[str], key: str) -> tuple[int, str]:
    """(row count, SHA-256 of every row in key order), values written out the same way
    whichever store they come from."""
    h = hashlib.sha256()
    count = 0
    for row in _rows(conn, table, columns, key):
        count += 1
        h.update(repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)).encode())
    conn.commit()
    return count, h.hexdigest()


def copy_store(
    source: sqlite3.Connection,
    target: Connection,
    progress: Callable[[str, int], None] | None = None,
) -> list[TableCheck]:
    """Copy every table of `source` into `target` (its schema already migrated), then check
    each; `progress(table, rows so far)` after each batch."""
    copied: dict[str, int] = {}
    for table, key in TABLES:
        columns = _columns(source, table)
        sql = f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) VALUES ({marks(columns)})"
        done = 0
        batch: list[tuple[object, ...]] = []
        for row in _rows(source, table, columns, key):
            batch.append(row)
            if len(batch) >= BATCH:
                done += _write(target, sql, batch)
                batch = []
                if progress is not None:
                    progress(table, done)
        done += _write(target, sql, batch)
        copied[table] = done
    target.execute(
        "SELECT setval(pg_get_serial_sequence('articles', 'id'),"
        " (SELECT coalesce(max(id), 0) + 1 FROM articles), false)"
    )  # new articles get ids after the copied ones
    target.commit()
    return check(source, target, copied)


def _write(target: Connection, sql: str, rows: list[tuple[object, ...]]) -> int:
    if not rows:
        return 0
    with target:
        cur = target.executemany(sql, rows)
    return max(0, cur.rowcount)


def check(
    source: sqlite3.Connection, target: Connection, copied: dict[str, int] | None = None
) -> list[TableCheck]:
    """Each table's row count and digest, in the source and in the target."""
    out: list[TableCheck] = []
    for table, key in TABLES:
        columns = _columns(source, table)
        n_source, d_source = _digest(source, table, columns, key)
        n_target, d_target = _digest(target, table, columns, key)
        out.append(TableCheck(table, (copied or {}).get(table, 0), n_source, n_target,
                              d_source == d_target))  # fmt: skip
    return out
