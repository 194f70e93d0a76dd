"""The issues as the store holds them: every article in its daily edition (`editions`), each
story with its members, read once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from datetime import time as dtime
from zoneinfo import ZoneInfo

from digest.config import Config
from digest.render import editions
from digest.render.issues import Issue, build_issues, build_stories
from digest.store import db, sends
from digest.store.backend import Connection


def zone_cutoff(config: Config) -> tuple[ZoneInfo, dtime]:
    hour, minute = (int(x) for x in config.issue.cutoff.split(":"))
    return ZoneInfo(config.schedule.timezone), dtime(hour, minute)


def issues(
    conn: Connection, keywords: Sequence[str] = (), config: Config | None = None
) -> list[Issue]:
    """Every issue, from the store. With `config`, articles go into daily editions with its
    cut-off, and one that arrived after its edition was emailed goes into a later one, marked
    late (`render.editions`); without, each article is in the issue of its own day."""
    stored = db.articles(conn)
    placed = None
    if config is not None:
        zone, cutoff = zone_cutoff(config)
        collected, sent = db.collected_times(conn), sends.first_sent(conn)
        placed = editions.assign(stored, collected, sent, zone, cutoff)
    return build_issues(build_stories(stored, db.memberships(conn), placed), keywords)


def choose_issue(
    config: Config, all_issues: list[Issue], date: str | None, now: datetime | None = None
) -> Issue | None:
    """The issue of `date`, else the latest closed edition (one still open, today's or one
    dated ahead by a wrong date, never goes out in its place)."""
    zone, cutoff = zone_cutoff(config)
    latest = editions.latest_closed((i.date for i in all_issues), now or datetime.now(zone),
                                    zone, cutoff)  # fmt: skip
    chosen = [i for i in all_issues if (i.date == date if date else i.date == latest)]
    return chosen[-1] if chosen else None


def due(
    config: Config, conn: Connection, all_issues: list[Issue], now: datetime | None = None
) -> list[tuple[Issue, list[str]]]:
    """The closed editions not yet sent to some recipient, oldest first (`editions.due`)."""
    latest = choose_issue(config, all_issues, None, now)
    if latest is None:
        return []
    recipients = {r: sends.first_sent_to(conn, r) for r in config.email.to}
    by_date = {i.date: i for i in all_issues}
    sent = {(d, r) for d in by_date for r in recipients
            if (sends.ledger(conn, d, r) or ("",))[0] in ("sent", "empty")}  # fmt: skip
    return [(by_date[d], todo) for d, todo in editions.due(by_date, latest.date, recipients, sent)]


def preview_send(config: Config, conn: Connection) -> list[tuple[str, list[str]]]:
    """What `send` would do now: each edition due, with the recipients not yet sent it."""
    return [(i.date, todo) for i, todo in due(config, conn, issues(conn, config.render.keywords,
                                                                    config))]  # fmt: skip
