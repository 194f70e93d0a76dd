"""Who does what when several processes share one PostgreSQL store: a collector claims each
feed it fetches (an advisory lock per feed, tried without waiting: a feed another collector is
fetching is skipped this time), and grouping, translation, rendering and sending run under one
database-held lock, one process at a time. Advisory locks belong to the database session, so a
killed process leaves none behind. On SQLite the run's lock file already does all this: every
feed is claimed and the exclusive section is free."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from digest.store.backend import Connection, is_postgres

RUN_LOCK = 4_242_002  # the lock the grouping-to-sending part of a run holds


def _key(url: str) -> int:
    """A feed's lock key: 63 bits of a hash of its URL, as PostgreSQL's signed bigint."""
    return int.from_bytes(hashlib.sha256(url.encode()).digest()[:8], "big") >> 1


def _one(conn: Connection, sql: str, params: tuple[object, ...] = ()) -> object:
    row = conn.execute(sql, params).fetchone()
    assert row is not None  # a SELECT of one function always gives a row
    return row[0]


def claim(conn: Connection, urls: Iterable[str]) -> set[str]:
    """The feeds of `urls` this process may fetch now (on PostgreSQL, those no other collector
    holds); hold them until `release`."""
    urls = list(urls)
    if not is_postgres(conn):
        return set(urls)
    got = {u for u in urls if _one(conn, "SELECT pg_try_advisory_lock(?)", (_key(u),))}
    conn.commit()
    return got


def release(conn: Connection, urls: Iterable[str]) -> None:
    if not is_postgres(conn):
        return
    for url in urls:
        conn.execute("SELECT pg_advisory_unlock(?)", (_key(url),))
    conn.commit()


def held(conn: Connection) -> int:
    """How many advisory locks any session holds on this database (for tests and doctors)."""
    if not is_postgres(conn):
        return 0
    count = _one(
        conn,
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
        " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    )
    conn.commit()
    return int(str(count))


@contextmanager
def exclusive(conn: Connection) -> Iterator[None]:
    """Hold the run lock for the duration, waiting for another process to finish first. What
    the section left uncommitted is committed when it ends well, rolled back when it fails (a
    failed statement would refuse the unlock)."""
    if not is_postgres(conn):
        yield
        return
    conn.execute("SELECT pg_advisory_lock(?)", (RUN_LOCK,))
    conn.commit()
    try:
        yield
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.execute("SELECT pg_advisory_unlock(?)", (RUN_LOCK,))
        conn.commit()
