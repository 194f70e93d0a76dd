"""The send ledger: which issue went to which recipient, so each is emailed once."""

from __future__ import annotations

from datetime import UTC, datetime

from digest.errors import StoreError
from digest.models import DeliveryStatus
from digest.store.backend import DB_ERRORS, Connection


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def ledger(conn: Connection, date: str, recipient: str) -> tuple[str, str] | None:
    """(status, message id) of the issue of `date` to `recipient`, or None if never tried."""
    row = conn.execute(
        "SELECT status, message_id FROM sends WHERE issue_date = ? AND recipient = ?",
        (date, recipient),
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


def record(
    conn: Connection, date: str, recipient: str, status: DeliveryStatus, message_id: str,
    attempts: int = 0, error: str = "",
) -> None:  # fmt: skip
    """Record an attempt to send the issue of `date` to `recipient` (attempts add up)."""
    try:
        with conn:
            conn.execute(
                "INSERT INTO sends (issue_date, recipient, status, message_id, attempts,"
                " last_error, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(issue_date, recipient) DO UPDATE SET status = excluded.status,"
                " attempts = sends.attempts + excluded.attempts,"
                " last_error = excluded.last_error, updated_at = excluded.updated_at",
                (date, recipient, status, message_id, attempts, error or None, _now()),
            )
    except DB_ERRORS as exc:
        raise StoreError(f"cannot record the delivery to {recipient}: {exc}") from None


def first_sent(conn: Connection) -> dict[str, str]:
    """When each issue was first emailed to anyone (ISO 8601, UTC), by issue date."""
    rows = conn.execute(
        "SELECT issue_date, MIN(updated_at) FROM sends WHERE status = 'sent' GROUP BY issue_date"
    )
    return {str(d): str(t) for d, t in rows}


def first_sent_to(conn: Connection, recipient: str) -> str | None:
    """The oldest edition ever sent to `recipient`, or None if none was."""
    row = conn.execute(
        "SELECT MIN(issue_date) FROM sends WHERE recipient = ? AND status = 'sent'", (recipient,)
    ).fetchone()
    return None if row is None or row[0] is None else str(row[0])
