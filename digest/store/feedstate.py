"""Per-feed state in SQLite: the validators for conditional GET, last success and error,
counts, and feeds imported from OPML (which join the ones listed in config.yaml)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from datetime import UTC, datetime

from digest.errors import StoreError
from digest.models import FeedConfig, FeedState, FetchStatus
from digest.store.backend import DB_ERRORS, Connection


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def register(conn: Connection, feeds: Iterable[FeedConfig], origin: str) -> list[str]:
    """Record feeds (from config or an OPML import); return the URLs that were new."""
    added: list[str] = []
    try:
        with conn:
            for f in feeds:
                values = (f.name, f.language, int(f.full_text), json.dumps(list(f.tags)))
                row = conn.execute("SELECT origin FROM feeds WHERE url = ?", (f.url,)).fetchone()
                if row is None:
                    cur = conn.execute(
                        "INSERT OR IGNORE INTO feeds (name, language, full_text, tags, origin,"
                        " url) VALUES (?, ?, ?, ?, ?, ?)",
                        (*values, origin, f.url),
                    )  # another collector may have recorded it since the SELECT: no error
                    if cur.rowcount:
                        added.append(f.url)
                elif origin == "config" or row[0] != "config":  # config.yaml has the last word
                    conn.execute(
                        "UPDATE feeds SET name = ?, language = ?, full_text = ?, tags = ?,"
                        " origin = ? WHERE url = ?",
                        (*values, origin, f.url),
                    )
    except DB_ERRORS as exc:
        raise StoreError(f"cannot record feeds: {exc}") from None
    return added


def imported(conn: Connection) -> list[FeedConfig]:
    """Feeds added by `digest feeds import`, to be collected with those in config.yaml."""
    rows = conn.execute(
        "SELECT url, name, language, full_text, tags FROM feeds WHERE origin != 'config'"
        " ORDER BY url"
    )
    return [FeedConfig(u, n, lang, bool(ft), tuple(json.loads(t))) for u, n, lang, ft, t in rows]


def get(conn: Connection, url: str) -> FeedState | None:
    return next((s for s in states(conn) if s.url == url), None)


def states(conn: Connection) -> list[FeedState]:
    rows = conn.execute(
        "SELECT f.url, f.name, f.origin, f.etag, f.last_modified, f.last_attempt,"
        " f.last_success, f.last_status, f.last_error, f.last_warning, f.retry_after,"
        " f.entries_seen, f.articles_new,"
        " (SELECT count(*) FROM articles a WHERE a.feed_url = f.url), f.disabled, f.failures,"
        " f.last_encoding"
        " FROM feeds f ORDER BY f.name, f.url"
    )
    names = [f.name for f in dataclasses.fields(FeedState)]
    return [FeedState(**dict(zip(names, row, strict=True))) for row in rows]


def disabled(conn: Connection) -> set[str]:
    """URLs of the feeds `digest feeds disable` has switched off."""
    return {str(r[0]) for r in conn.execute("SELECT url FROM feeds WHERE disabled = 1")}


def _change(
    conn: Connection, url: str, sql: str, params: tuple[object, ...], config_too: bool = False
) -> str:
    """Apply a change to one feed the user added (or, `config_too`, one listed in config.yaml);
    returns an empty string, or why it cannot be done."""
    row = conn.execute("SELECT origin FROM feeds WHERE url = ?", (url,)).fetchone()
    if row is None:
        return f"no feed {url} is known (see: digest feeds status)"
    if row[0] == "config" and not config_too:
        return f"{url} is listed in config.yaml: change it there"
    try:
        with conn:
            conn.execute(sql, (*params, url))
    except DB_ERRORS as exc:
        raise StoreError(f"cannot change the feed {url}: {exc}") from None
    return ""


def remove(conn: Connection, url: str) -> str:
    """Forget a feed (its articles stay in the store and the archive)."""
    return _change(conn, url, "DELETE FROM feeds WHERE url = ?", ())


def set_disabled(conn: Connection, url: str, off: bool) -> str:
    """Switch a feed off or on, wherever it is listed (kept in the store, beside config.yaml's
    own `enabled`)."""
    return _change(conn, url, "UPDATE feeds SET disabled = ? WHERE url = ?", (int(off),), True)


def rename(conn: Connection, url: str, name: str) -> str:
    return _change(conn, url, "UPDATE feeds SET name = ? WHERE url = ?", (name,))


def record(
    conn: Connection,
    url: str,
    status: FetchStatus,
    *,
    error: str = "",
    warning: str = "",
    etag: str | None = None,
    last_modified: str | None = None,
    retry_after: str | None = None,
    entries: int = 0,
    new: int = 0,
    encoding: str = "",
) -> None:
    """Record one fetch of a feed. Validators are replaced only by a successful fetch."""
    now = _now()
    ok = status in ("ok", "not_modified")
    with conn:
        conn.execute(
            "UPDATE feeds SET last_attempt = ?, last_status = ?,"
            " last_success = CASE WHEN ? THEN ? ELSE last_success END,"
            " last_error = CASE WHEN ? THEN NULL ELSE ? END,"
            " last_warning = CASE WHEN ? THEN ? ELSE last_warning END,"
            " etag = CASE WHEN ? = 'ok' THEN ? ELSE etag END,"
            " last_modified = CASE WHEN ? = 'ok' THEN ? ELSE last_modified END,"
            " retry_after = ?,"
            " entries_seen = entries_seen + ?, articles_new = articles_new + ?,"
            " failures = CASE WHEN ? = 'failed' THEN failures + 1"
            " WHEN ? THEN 0 ELSE failures END,"
            " last_encoding = COALESCE(?, last_encoding)"
            " WHERE url = ?",
            (now, status, ok, now, ok, error or None, ok, warning or None,
             status, etag, status, last_modified, retry_after, entries, new, status, ok,
             encoding or None, url),
        )  # fmt: skip
