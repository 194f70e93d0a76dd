"""The issues as the store holds them: every article in its daily edition (`editions`), each
story with its members, read once."""

from __future__ import annotations

from collections.abc import Sequence
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
