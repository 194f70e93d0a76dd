"""The alert ledger (#21): which story went to which watcher on which day, and up to which of
its articles, so each watcher gets a story at most once a day and only for news they have not
been sent. Like the send ledger, `sending` is recorded before a delivery and `sent` the moment
the server accepts it."""

from __future__ import annotations

from datetime import UTC, datetime

from digest.errors import StoreError
from digest.models import DeliveryStatus, StoredArticle
from digest.store.backend import DB_ERRORS, Connection, chunks, marks
from digest.store.db import select_where


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def recent_stories(conn: Connection, collected_since: str, published_since: str) -> list[str]:
    """The stories an article joined that was collected at or after `collected_since` (UTC,
    ISO 8601) and published on or after `published_since` (a date), oldest id first."""
    rows = conn.execute(
        "SELECT DISTINCT sa.story_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
        " WHERE a.collected_at >= ? AND a.published >= ? ORDER BY sa.story_id",
        (collected_since, published_since),
    )
    return [str(r[0]) for r in rows]


def articles_of(conn: Connection, story_ids: list[str]) -> dict[str, list[StoredArticle]]:
    """Each story's articles, oldest first."""
    found: dict[str, list[StoredArticle]] = {}
    for chunk in chunks(story_ids):
        inside = (
            f"SELECT article_id, story_id FROM story_articles WHERE story_id IN ({marks(chunk)})"
        )
        members = dict(conn.execute(inside, tuple(chunk)).fetchall())
        where = f"WHERE id IN (SELECT article_id FROM ({inside}) AS m)"
        for stored in select_where(conn, where, tuple(chunk)):
            found.setdefault(str(members[stored.id]), []).append(stored)
    return found


def ledger(
    conn: Connection, story_id: str, recipient: str
) -> tuple[int, dict[str, tuple[str, str]]]:
    """The newest article of the story already sent to `recipient` (0: none), and by day the
    (status, message id) of each alert tried."""
    rows = conn.execute(
        "SELECT day, article_id, status, message_id FROM alerts"
        " WHERE story_id = ? AND recipient = ?",
        (story_id, recipient),
    ).fetchall()
    sent = max((int(r[1]) for r in rows if r[2] == "sent"), default=0)
    return sent, {str(r[0]): (str(r[2]), str(r[3])) for r in rows}


def record(
    conn: Connection, story_id: str, recipient: str, day: str, article_id: int,
    status: DeliveryStatus, message_id: str, attempts: int = 0, error: str = "",
) -> None:  # fmt: skip
    try:
        with conn:
            conn.execute(
                "INSERT INTO alerts (story_id, recipient, day, article_id, status, message_id,"
                " attempts, last_error, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(story_id, recipient, day) DO UPDATE SET status = excluded.status,"
                " article_id = excluded.article_id, attempts = alerts.attempts + excluded.attempts,"
                " last_error = excluded.last_error, updated_at = excluded.updated_at",
                (story_id, recipient, day, article_id, status, message_id, attempts,
                 error or None, _now()),
            )  # fmt: skip
    except DB_ERRORS as exc:
        raise StoreError(f"cannot record the alert to {recipient}: {exc}") from None
