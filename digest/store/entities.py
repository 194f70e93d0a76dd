"""The entities cache's table: people, places and organisations found in an article, kept as
JSON beside the article's content hash (a changed article is looked at again)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from digest.store.backend import Connection, chunks, marks


def cached(conn: Connection, articles: Mapping[int, str]) -> dict[int, str]:
    """The stored entities (JSON) of each of `articles` (article id -> content hash) whose
    text has not changed since they were found; one query per few hundred articles."""
    found: dict[int, str] = {}
    for chunk in chunks(list(articles)):
        rows = conn.execute(
            "SELECT article_id, content_hash, data FROM article_entities"
            f" WHERE article_id IN ({marks(chunk)})",
            tuple(chunk),
        )
        found.update({int(i): str(d) for i, h, d in rows if articles[int(i)] == h})
    return found


def store(conn: Connection, found: Iterable[tuple[int, str]]) -> None:
    """Keep (article id, entities as JSON) pairs, stamped with the article's content hash."""
    with conn:
        conn.executemany(
            "INSERT OR REPLACE INTO article_entities (article_id, content_hash, data)"
            " SELECT ?, content_hash, ? FROM articles WHERE id = ?",
            [(i, d, i) for i, d in found],
        )
