"""The search table: an SQLite FTS5 index over each article's word stems (the stems are made by
the caller, so «Абаева», «Абаеву» and «Абаев» are one term), keyed by article id and stamped
with the article's content hash (a changed article is indexed again)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from digest.models import StoredArticle
from digest.store import db


def stale(conn: sqlite3.Connection, limit: int = 5000) -> list[StoredArticle]:
    """Up to `limit` articles not indexed yet, or changed since they were."""
    return db.select_where(
        conn,
        "WHERE id NOT IN (SELECT a.id FROM articles a JOIN article_search s ON s.rowid = a.id"
        " AND s.content_hash = a.content_hash)",
        limit=limit,
    )


def put(conn: sqlite3.Connection, rows: Iterable[tuple[int, str, str]]) -> int:
    """Index (article id, content hash, space-separated terms) rows; return how many."""
    rows = list(rows)
    with conn:
        conn.executemany("DELETE FROM article_search WHERE rowid = ?", [(r[0],) for r in rows])
        conn.executemany(
            "INSERT INTO article_search (rowid, content_hash, terms) VALUES (?, ?, ?)", rows
        )
    return len(rows)


@dataclass(frozen=True)
class Filters:
    """What `digest search` narrows by: publication days (inclusive), outlet, language."""

    since: str = ""
    until: str = ""
    outlet: str = ""
    language: str = ""


def match(conn: sqlite3.Connection, query: str, filters: Filters, limit: int = 200) -> list[int]:
    """Ids of the articles matching the FTS5 `query`, best first (bm25), narrowed by
    `filters`; never a quarantined article."""
    where = ["article_search MATCH ?", "a.id NOT IN (SELECT article_id FROM quarantine)"]
    params: list[object] = [query]
    if filters.since:
        where.append("substr(a.published, 1, 10) >= ?")
        params.append(filters.since)
    if filters.until:
        where.append("substr(a.published, 1, 10) <= ?")
        params.append(filters.until)
    if filters.outlet:
        where.append("(lower(a.outlet) = lower(?) OR lower(a.via) = lower(?))")
        params += [filters.outlet, filters.outlet]
    if filters.language:
        where.append("a.language = ?")
        params.append(filters.language)
    rows = conn.execute(
        "SELECT a.id FROM article_search JOIN articles a ON a.id = article_search.rowid"
        f" WHERE {' AND '.join(where)} ORDER BY rank LIMIT ?",
        (*params, limit),
    )
    return [int(r[0]) for r in rows]
