"""The entities cache's table: people, places and organisations found in an article, kept as
JSON beside the article's content hash (a changed article is looked at again)."""

from __future__ import annotations

from collections.abc import Iterable

from digest.store.backend import Connection


def cached(conn: Connection, article_id: int, content_hash: str) -> str | None:
    """The stored entities (JSON) of the article, if its text has not changed since."""
    row = conn.execute(
        "SELECT data FROM article_entities WHERE article_id = ? AND content_hash = ?",
        (article_id, content_hash),
    ).fetchone()
    return None if row is None else str(row[0])


def store(conn: Connection, found: Iterable[tuple[int, str]]) -> None:
    """Keep (article id, entities as JSON) pairs, stamped with the article's content hash."""
    with conn:
        conn.executemany(
            "INSERT OR REPLACE INTO article_entities (article_id, content_hash, data)"
            " SELECT ?, content_hash, ? FROM articles WHERE id = ?",
            [(i, d, i) for i, d in found],
        )
