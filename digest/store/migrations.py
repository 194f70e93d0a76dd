"""Numbered schema migrations, only ever appended. Each applied one is recorded in the database."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from digest.store.backend import Connection, is_postgres

MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "articles and stories",
        """
        CREATE TABLE articles (
            id            INTEGER PRIMARY KEY,
            source        TEXT NOT NULL UNIQUE,
            content_hash  TEXT NOT NULL,
            published     TEXT NOT NULL,
            title         TEXT NOT NULL,
            title_derived INTEGER NOT NULL DEFAULT 0,
            body          TEXT NOT NULL,
            language      TEXT NOT NULL,
            outlet        TEXT NOT NULL DEFAULT '',
            via           TEXT NOT NULL DEFAULT '',
            cites         TEXT NOT NULL DEFAULT '[]',
            author        TEXT NOT NULL DEFAULT '',
            url           TEXT NOT NULL DEFAULT '',
            collected_at  TEXT NOT NULL
        );
        CREATE INDEX articles_published ON articles(published);
        CREATE INDEX articles_content_hash ON articles(content_hash);
        CREATE TABLE stories (
            id         TEXT PRIMARY KEY,
            created_at TEXT NOT NULL
        );
        CREATE TABLE story_articles (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            story_id   TEXT NOT NULL REFERENCES stories(id),
            score      REAL NOT NULL,
            matched_id INTEGER REFERENCES articles(id),
            why        TEXT NOT NULL DEFAULT '{}',
            joined_at  TEXT NOT NULL
        );
        CREATE INDEX story_articles_story ON story_articles(story_id);
        """,
    ),
    (
        2,
        "feeds: per-feed state, and where each article came from",
        """
        CREATE TABLE feeds (
            url            TEXT PRIMARY KEY,
            name           TEXT NOT NULL,
            language       TEXT NOT NULL DEFAULT '',
            full_text      INTEGER NOT NULL DEFAULT 0,
            tags           TEXT NOT NULL DEFAULT '[]',
            origin         TEXT NOT NULL DEFAULT 'config',
            etag           TEXT,
            last_modified  TEXT,
            last_attempt   TEXT,
            last_success   TEXT,
            last_status    TEXT,
            last_error     TEXT,
            last_warning   TEXT,
            retry_after    TEXT,
            entries_seen   INTEGER NOT NULL DEFAULT 0,
            articles_new   INTEGER NOT NULL DEFAULT 0
        );
        ALTER TABLE articles ADD COLUMN feed_url TEXT;
        ALTER TABLE articles ADD COLUMN guid TEXT;
        ALTER TABLE articles ADD COLUMN published_estimated INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX articles_feed ON articles(feed_url);
        """,
    ),
    (
        3,
        "translation cache",
        """
        CREATE TABLE translations (
            engine       TEXT NOT NULL,
            source_hash  TEXT NOT NULL,
            source_text  TEXT NOT NULL,
            target_text  TEXT NOT NULL,
            source_label TEXT NOT NULL,
            flag         TEXT NOT NULL DEFAULT '',
            created_at   TEXT NOT NULL,
            PRIMARY KEY (engine, source_hash)
        );
        """,
    ),
    (
        4,
        "entities and the email send ledger",
        """
        CREATE TABLE article_entities (
            article_id   INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            content_hash TEXT NOT NULL,
            data         TEXT NOT NULL
        );
        CREATE TABLE sends (
            issue_date  TEXT NOT NULL,
            recipient   TEXT NOT NULL,
            status      TEXT NOT NULL,
            message_id  TEXT NOT NULL,
            attempts    INTEGER NOT NULL DEFAULT 0,
            last_error  TEXT,
            updated_at  TEXT NOT NULL,
            PRIMARY KEY (issue_date, recipient)
        );
        """,
    ),
    (
        5,
        "quarantine for stored rows later code cannot handle",
        """
        CREATE TABLE quarantine (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            reason     TEXT NOT NULL,
            found_at   TEXT NOT NULL
        );
        """,
    ),
    (
        6,
        "feeds a user can disable, and their failures in a row",
        """
        ALTER TABLE feeds ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE feeds ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
        """,
    ),
    (
        7,
        "the encoding a feed was last decoded from, and why",
        """
        ALTER TABLE feeds ADD COLUMN last_encoding TEXT;
        """,
    ),
    (
        8,
        "the encoding each article was decoded from, and why",
        """
        ALTER TABLE articles ADD COLUMN encoding TEXT;
        """,
    ),
    (
        9,
        "a full-text index of stems; entities found again in their dictionary form",
        """
        CREATE VIRTUAL TABLE article_search USING fts5(
            terms, content_hash UNINDEXED, tokenize = 'unicode61 remove_diacritics 0'
        );
        DELETE FROM article_entities;
        """,
    ),
    (
        10,
        "each article's meaning vector, with the encoder that made it",
        """
        CREATE TABLE article_vectors (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            encoder    TEXT NOT NULL,
            vector     BLOB NOT NULL
        );
        """,
    ),
    (
        11,
        "the alert ledger: which story went to which watcher, on which day, up to which article",
        """
        CREATE TABLE alerts (
            story_id   TEXT NOT NULL,
            recipient  TEXT NOT NULL,
            day        TEXT NOT NULL,
            article_id INTEGER NOT NULL,
            status     TEXT NOT NULL,
            message_id TEXT NOT NULL,
            attempts   INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (story_id, recipient, day)
        );
        """,
    ),
]

# Where PostgreSQL needs other SQL than the rewriting below gives: the search index is a table
# with a tsvector (the 'simple' configuration: the terms are stems already) and a GIN index. Its
# key is a column named `rowid`, like FTS5's, so the store's queries are the same on both.
POSTGRES = {
    9: """
        CREATE TABLE article_search (
            rowid        BIGINT PRIMARY KEY,
            content_hash TEXT NOT NULL,
            terms        TEXT NOT NULL,
            tsv          tsvector GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED
        );
        CREATE INDEX article_search_tsv ON article_search USING GIN (tsv);
        DELETE FROM article_entities;
        """,
}
MIGRATION_LOCK = 4_242_001  # the advisory lock two processes migrating one database take


def for_postgres(version: int, sql: str) -> str:
    """A migration in PostgreSQL's dialect: 64-bit integers, an identity column for article
    ids, double precision for scores."""
    if version in POSTGRES:
        return POSTGRES[version]
    sql = re.sub(r"\bid(\s+)INTEGER PRIMARY KEY", r"id\1BIGINT GENERATED BY DEFAULT AS IDENTITY"
                 " PRIMARY KEY", sql)  # fmt: skip
    sql = re.sub(r"\bINTEGER\b", "BIGINT", sql)
    sql = re.sub(r"\bBLOB\b", "BYTEA", sql)
    return re.sub(r"\bREAL\b", "DOUBLE PRECISION", sql)


def applied(conn: Connection) -> list[int]:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    return [row[0] for row in conn.execute("SELECT version FROM schema_migrations ORDER BY 1")]


def migrate(conn: Connection) -> list[int]:
    """Apply the migrations not yet recorded, each in its own transaction; return those applied.
    On PostgreSQL under an advisory lock, so two processes starting at once migrate once."""
    postgres = is_postgres(conn)
    if postgres:
        conn.execute("SELECT pg_advisory_lock(?)", (MIGRATION_LOCK,))
    try:
        return _migrate(conn, postgres)
    finally:
        if postgres:
            conn.execute("SELECT pg_advisory_unlock(?)", (MIGRATION_LOCK,))
            conn.commit()


def _migrate(conn: Connection, postgres: bool) -> list[int]:
    done = set(applied(conn))
    conn.commit()
    new: list[int] = []
    for version, name, sql in MIGRATIONS:
        if version in done:
            continue
        if postgres:
            sql = for_postgres(version, sql)
        with conn:
            for statement in sql.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (version, name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
        new.append(version)
    return new
