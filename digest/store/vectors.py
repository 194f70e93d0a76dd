"""Each article's meaning vector (`text.meaning`), kept once per article with the encoder that
made it: a vector of another encoder (or version) counts as missing and is made again."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from digest.errors import StoreError
from digest.models import StoredArticle
from digest.store.backend import DB_ERRORS, Connection, chunks, marks
from digest.store.db import select_where

_MISSING = "WHERE id NOT IN (SELECT article_id FROM article_vectors WHERE encoder = ?)"


def missing(conn: Connection, encoder: str, limit: int) -> list[StoredArticle]:
    """Up to `limit` articles with no vector by `encoder`, oldest first (so a run stopped
    part-way resumes where it stopped)."""
    return select_where(conn, _MISSING, (encoder,), limit)


def count_missing(conn: Connection, encoder: str) -> int:
    row = conn.execute(
        "SELECT count(*) FROM articles WHERE id NOT IN"
        " (SELECT article_id FROM article_vectors WHERE encoder = ?)"
        " AND id NOT IN (SELECT article_id FROM quarantine)",
        (encoder,),
    ).fetchone()
    return int(row[0]) if row else 0


def save(conn: Connection, encoder: str, made: Iterable[tuple[int, bytes]]) -> None:
    """Keep the vectors `made` (article id, packed vector) by `encoder`, in one transaction."""
    try:
        with conn:
            conn.executemany(
                "INSERT OR REPLACE INTO article_vectors (article_id, encoder, vector)"
                " VALUES (?, ?, ?)",
                [(article_id, encoder, vector) for article_id, vector in made],
            )
    except DB_ERRORS as exc:
        raise StoreError(f"cannot store meaning vectors: {exc}; the next run makes them") from None


def of(conn: Connection, encoder: str, ids: Sequence[int]) -> dict[int, bytes]:
    """The stored vectors by `encoder` of the articles `ids` that have one."""
    found: dict[int, bytes] = {}
    for chunk in chunks(list(ids)):
        rows = conn.execute(
            "SELECT article_id, vector FROM article_vectors"
            f" WHERE encoder = ? AND article_id IN ({marks(chunk)})",
            (encoder, *chunk),
        )
        found.update({int(i): bytes(v) for i, v in rows})
    return found
