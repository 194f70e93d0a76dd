"""SQLite access: open (WAL, migrated), add articles without ever storing one twice, read back."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg

from digest.errors import StoreError, make_folder
from digest.models import (
    Article,
    Membership,
    StoredArticle,
    day_problem,
    is_database_url,
    language_code,
)
from digest.store.backend import (
    DB_ERRORS,
    Connection,
    chunks,
    connect_postgres,
    marks,
    redact,
)
from digest.store.migrations import migrate

ARTICLE_COLUMNS = (
    "source, content_hash, published, title, title_derived, body, language,"
    " outlet, via, cites, author, url, feed_url, guid, published_estimated, encoding"
)
_PLACEHOLDERS = ", ".join("?" * (ARTICLE_COLUMNS.count(",") + 2))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def connect(path: Path | str, timeout: float = 10.0) -> Connection:
    """Open (creating if needed) the database with the schema up to date: an SQLite file at
    `path` in WAL mode, or the PostgreSQL database a `postgresql://` address names."""
    if is_database_url(path):
        return _connect_postgres(str(path), timeout)
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file: set database: in"
                         " config.yaml to a file's path (data/digest.sqlite3)")  # fmt: skip
    make_folder(path.parent, "database")
    try:
        conn = sqlite3.connect(path, timeout=timeout)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"{path}: cannot open the database: {exc}") from None
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
        migrate(conn)
    except sqlite3.OperationalError as exc:
        conn.close()
        raise StoreError(f"{path}: {sqlite_problem(exc)}") from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(
            f"{path}: the database is unusable ({exc}); move it aside and re-run to rebuild it"
            " from the sources"
        ) from None
    return conn


def sqlite_problem(exc: sqlite3.Error) -> str:
    """What an SQLite error means for the person running digest, and what to do."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return (f"the database is locked by another program ({text}): wait for it to finish,"
                " or stop it, and run again")  # fmt: skip
    if "full" in text:
        return f"the disk is full ({text}): free some space and run again; nothing was lost"
    if "readonly" in text or "read-only" in text:
        return f"the database cannot be written ({text}): check the file's permissions"
    return f"the database cannot be used now ({text})"


def _connect_postgres(url: str, timeout: float) -> Connection:
    where = redact(url)
    try:
        conn = connect_postgres(url, timeout)
    except psycopg.Error as exc:
        reason = " ".join(str(exc).split())
        raise StoreError(
            f"{where}: cannot connect to PostgreSQL ({reason}); check the address, that the"
            " server runs, and DIGEST_DB_PASSWORD"
        ) from None
    try:
        migrate(conn)
    except psycopg.Error as exc:
        conn.close()
        raise StoreError(f"{where}: cannot bring the schema up to date: {exc}") from None
    return conn


@dataclass(frozen=True)
class AddResult:
    """What adding a batch of articles did, per source."""

    new: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    duplicates: tuple[tuple[str, str], ...] = ()  # (source, source of the stored copy)


def _values(a: Article) -> tuple[object, ...]:
    return (
        a.source,
        a.content_hash,
        a.published,
        a.title,
        int(a.title_derived),
        a.body,
        a.language,
        a.outlet,
        a.via,
        json.dumps(list(a.cites), ensure_ascii=False),
        a.author,
        a.url,
        a.feed_url or None,
        a.guid or None,
        int(a.published_estimated),
        a.encoding or None,
    )


def add_articles(conn: Connection, articles: Iterable[Article]) -> AddResult:
    """Store new articles in one transaction. A source already stored with the same text is
    left alone; with a changed text it is updated in place, keeping its id, and grouped again
    (its story and meaning vector are of the old text), so the grouping stage finds it and the
    pages that show it are rewritten in the same run; the same text under another source is a
    duplicate and is not stored again."""
    new: list[str] = []
    unchanged: list[str] = []
    updated: list[str] = []
    duplicates: list[tuple[str, str]] = []
    try:
        with conn:
            for a in articles:
                row = conn.execute(
                    "SELECT content_hash FROM articles WHERE source = ?", (a.source,)
                ).fetchone()
                if row is not None and row[0] == a.content_hash:
                    unchanged.append(a.source)
                    continue
                twin = conn.execute(
                    "SELECT source FROM articles WHERE content_hash = ? AND source != ?",
                    (a.content_hash, a.source),
                ).fetchone()
                if twin is not None:
                    duplicates.append((a.source, twin[0]))
                    continue
                if row is None:
                    cur = conn.execute(
                        f"INSERT OR IGNORE INTO articles ({ARTICLE_COLUMNS}, collected_at)"
                        f" VALUES ({_PLACEHOLDERS})",
                        (*_values(a), _now()),
                    )  # another collector may have stored it since the SELECT: no error then
                    (new if cur.rowcount else unchanged).append(a.source)
                else:
                    sets = ", ".join(f"{c.strip()} = ?" for c in ARTICLE_COLUMNS.split(","))
                    conn.execute(
                        f"UPDATE articles SET {sets} WHERE source = ?", (*_values(a), a.source)
                    )
                    for table in ("story_articles", "article_vectors"):
                        conn.execute(
                            f"DELETE FROM {table} WHERE article_id ="
                            " (SELECT id FROM articles WHERE source = ?)",
                            (a.source,),
                        )
                    updated.append(a.source)
    except DB_ERRORS as exc:
        raise StoreError(
            f"cannot store articles: {exc}; nothing from this batch was kept"
        ) from None
    return AddResult(tuple(new), tuple(unchanged), tuple(updated), tuple(duplicates))


def _article(row: tuple[object, ...]) -> StoredArticle:
    (id_, source, chash, published, title, derived, body, lang, outlet, via, cites, author, url,
     feed_url, guid, estimated, encoding) = row  # fmt: skip
    return StoredArticle(
        id=int(str(id_)),
        article=Article(
            source=str(source),
            published=str(published),
            title=str(title),
            body=str(body),
            language=str(lang),
            outlet=str(outlet),
            via=str(via),
            cites=tuple(json.loads(str(cites))),
            author=str(author),
            url=str(url),
            title_derived=bool(derived),
            content_hash=str(chash),
            feed_url=str(feed_url or ""),
            guid=str(guid or ""),
            published_estimated=bool(estimated),
            encoding=str(encoding or ""),
        ),
    )


_HEALTHY = "id NOT IN (SELECT article_id FROM quarantine)"


def select_where(
    conn: Connection, where: str = "", params: tuple[object, ...] = (), limit: int | None = None
) -> list[StoredArticle]:
    """Articles matching `where` (for the store's own modules), never a quarantined one."""
    where = f"{where} AND {_HEALTHY}" if where else f"WHERE {_HEALTHY}"
    sql = f"SELECT id, {ARTICLE_COLUMNS} FROM articles {where} ORDER BY published, id"
    if limit is not None:
        sql, params = sql + " LIMIT ?", (*params, limit)
    return [_article(r) for r in conn.execute(sql, params)]


def articles(conn: Connection) -> list[StoredArticle]:
    """Every stored article, in publication order (then id)."""
    return select_where(conn)


def article(conn: Connection, article_id: int) -> StoredArticle | None:
    """One stored article by its id."""
    found = select_where(conn, "WHERE id = ?", (article_id,))
    return found[0] if found else None


def articles_of_feed(conn: Connection, feed_url: str) -> list[StoredArticle]:
    """The articles collected from one feed."""
    return select_where(conn, "WHERE feed_url = ?", (feed_url,))


def clustered_between(conn: Connection, first: str, last: str) -> list[StoredArticle]:
    """Articles already in a story, published from day `first` to day `last` (YYYY-MM-DD)."""
    return select_where(
        conn,
        "WHERE substr(published, 1, 10) BETWEEN ? AND ?"
        " AND id IN (SELECT article_id FROM story_articles)",
        (first, last),
    )


def unclustered(conn: Connection) -> list[StoredArticle]:
    """Articles not yet in a story."""
    return select_where(conn, "WHERE id NOT IN (SELECT article_id FROM story_articles)")


def memberships(conn: Connection) -> list[Membership]:
    rows = conn.execute(
        "SELECT article_id, story_id, score, matched_id, why FROM story_articles"
        " WHERE article_id NOT IN (SELECT article_id FROM quarantine) ORDER BY article_id"
    )
    return [
        Membership(int(a), str(s), float(sc), None if m is None else int(m), json.loads(w))
        for a, s, sc, m, w in rows
    ]


def save_memberships(conn: Connection, new: Iterable[Membership]) -> int:
    """Record story assignments in one transaction; an article already assigned keeps its story."""
    count = 0
    try:
        with conn:
            for m in new:
                conn.execute(
                    "INSERT OR IGNORE INTO stories (id, created_at) VALUES (?, ?)",
                    (m.story_id, _now()),
                )
                cur = conn.execute(
                    "INSERT OR IGNORE INTO story_articles"
                    " (article_id, story_id, score, matched_id, why, joined_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        m.article_id,
                        m.story_id,
                        m.score,
                        m.matched_id,
                        json.dumps(m.why, ensure_ascii=False),
                        _now(),
                    ),
                )
                count += cur.rowcount
    except DB_ERRORS as exc:
        raise StoreError(f"cannot store story assignments: {exc}") from None
    return count


def story_ids(conn: Connection, article_ids: list[int]) -> dict[int, str]:
    """The story of each of `article_ids` that has one."""
    out: dict[int, str] = {}
    for chunk in chunks(article_ids):
        rows = conn.execute(
            f"SELECT article_id, story_id FROM story_articles WHERE article_id IN ({marks(chunk)})",
            tuple(chunk),
        )
        out.update({int(a): str(s) for a, s in rows})
    return out


@dataclass(frozen=True)
class Quarantined:
    article_id: int
    source: str
    reason: str
    found_at: str


def _row_problem(published: str, language: str, today: date) -> str | None:
    try:
        day = date.fromisoformat(published[:10])
    except ValueError:
        return f"publication date {published!r} is not a date"
    problem = day_problem(day, today)
    if problem:
        return f"publication {problem}"
    try:
        language_code(language)
    except ValueError:
        return f"language {language!r} is not a language code"
    return None


def quarantine_bad_rows(conn: Connection, today: date | None = None) -> list[Quarantined]:
    """Set aside stored articles that later code cannot handle (from an older version, or
    edited by hand): a date out of range, an unknown language. They stay in the database,
    left out of everything else, until `digest doctor` deletes or releases them."""
    today = today or date.today()
    found: list[Quarantined] = []
    now = _now()
    for id_, source, published, language in conn.execute(
        f"SELECT id, source, published, language FROM articles WHERE {_HEALTHY}"
    ):
        reason = _row_problem(str(published), str(language), today)
        if reason:
            found.append(Quarantined(int(id_), str(source), reason, now))
    if found:
        try:
            with conn:
                conn.executemany(
                    "INSERT OR IGNORE INTO quarantine (article_id, reason, found_at)"
                    " VALUES (?, ?, ?)",
                    [(q.article_id, q.reason, q.found_at) for q in found],
                )
        except DB_ERRORS as exc:
            raise StoreError(f"cannot quarantine unusable rows: {exc}") from None
    return found


def quarantined(conn: Connection) -> list[Quarantined]:
    """The rows set aside, oldest first."""
    rows = conn.execute(
        "SELECT q.article_id, a.source, q.reason, q.found_at FROM quarantine q"
        " JOIN articles a ON a.id = q.article_id ORDER BY q.found_at, q.article_id"
    )
    return [Quarantined(int(i), str(s), str(r), str(f)) for i, s, r, f in rows]


def delete_quarantined(conn: Connection) -> int:
    """Delete the quarantined articles (and their story memberships); returns how many."""
    try:
        with conn:
            ids = [r[0] for r in conn.execute("SELECT article_id FROM quarantine")]
            conn.executemany("DELETE FROM story_articles WHERE article_id = ?", [(i,) for i in ids])
            conn.executemany(
                "DELETE FROM article_entities WHERE article_id = ?", [(i,) for i in ids]
            )
            conn.executemany("DELETE FROM article_search WHERE rowid = ?", [(i,) for i in ids])
            conn.executemany("DELETE FROM quarantine WHERE article_id = ?", [(i,) for i in ids])
            conn.executemany("DELETE FROM articles WHERE id = ?", [(i,) for i in ids])
    except DB_ERRORS as exc:
        raise StoreError(f"cannot delete quarantined rows: {exc}") from None
    return len(ids)


def collected_times(conn: Connection) -> dict[int, str]:
    """When each article was first stored (ISO 8601, UTC), by id."""
    return {int(i): str(c) for i, c in conn.execute("SELECT id, collected_at FROM articles")}
