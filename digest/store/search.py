"""The search table: an SQLite FTS5 index over each article's word stems (the stems are made by
the caller, so «Абаева», «Абаеву» and «Абаев» are one term), keyed by article id and stamped
with the article's content hash (a changed article is indexed again). On PostgreSQL the same
terms are a tsvector with a GIN index, queried with a tsquery."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from digest.models import StoredArticle
from digest.store import db
from digest.store.backend import Connection, is_postgres


def stale(conn: Connection, limit: int = 5000) -> list[StoredArticle]:
    """Up to `limit` articles not indexed yet, or changed since they were."""
    return db.select_where(
        conn,
        "WHERE id NOT IN (SELECT a.id FROM articles a JOIN article_search s ON s.rowid = a.id"
        " AND s.content_hash = a.content_hash)",
        limit=limit,
    )


def put(conn: Connection, rows: Iterable[tuple[int, str, str]]) -> int:
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


def _narrowed(filters: Filters) -> tuple[list[str], list[object]]:
    """The conditions on `articles a` that `filters` (and the quarantine) set, and their values."""
    where = ["a.id NOT IN (SELECT article_id FROM quarantine)"]
    params: list[object] = []
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
    return where, params


def passing(conn: Connection, filters: Filters) -> set[int]:
    """Ids of the articles `filters` leave (what `match` narrows its word matches to)."""
    where, params = _narrowed(filters)
    return {
        int(r[0])
        for r in conn.execute(f"SELECT a.id FROM articles a WHERE {' AND '.join(where)}", params)
    }


def match(
    conn: Connection, groups: list[list[str]], filters: Filters, limit: int = 200
) -> list[int]:
    """Ids of the articles holding, for every one of `groups`, one of its terms; best first
    (bm25 in SQLite, ts_rank in PostgreSQL), narrowed by `filters`; never a quarantined
    article. Terms are letters and digits only (quoting them keeps query syntax out)."""
    postgres = is_postgres(conn)
    if postgres:
        text = " & ".join("(" + " | ".join(f"'{t}'" for t in group) + ")" for group in groups)
        where = ["s.tsv @@ to_tsquery('simple', ?)"]
        order = "ts_rank(s.tsv, to_tsquery('simple', ?)) DESC, a.id"
    else:
        text = " AND ".join("(" + " OR ".join(f'"{t}"' for t in group) + ")" for group in groups)
        where = ["article_search MATCH ?"]
        order = "rank"
    narrowed, params = _narrowed(filters)
    where += narrowed
    params = [text, *params]
    rows = conn.execute(
        "SELECT a.id FROM article_search s JOIN articles a ON a.id = s.rowid"
        f" WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ?",
        (*params, *([text] if postgres else []), limit),
    )
    return [int(r[0]) for r in rows]
