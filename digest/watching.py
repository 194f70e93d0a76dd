"""`digest watch test "TERMS" …`: which stories of the last days watch terms would have matched,
and why, before a reader's terms go into `email.recipients` (#21). Reads the store only, without
the run lock, as `digest search` does."""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta

from digest.config import Config, Recipient
from digest.deliver.alerts import matching
from digest.deliver.alerts import with_vectors as matching_vectors
from digest.errors import CONFIG_ERROR, OK
from digest.log import say
from digest.store import alerts, db

DAYS = 7


def watch(args: argparse.Namespace, config: Config, today: date | None = None) -> int:
    terms = tuple(t for t in (" ".join(str(a).split()) for a in args.terms) if t)
    if not terms:
        say('watch    give at least one term: digest watch test "Tokayev Gazprom"', file=sys.stderr)
        return CONFIG_ERROR
    if not 1 <= args.days <= 366:
        say(f"watch    --days must be from 1 to 366, not {args.days}", file=sys.stderr)
        return CONFIG_ERROR
    if not config.shared_store and not config.database.exists():
        say(f"watch    no database at {config.database}: run `digest run` first", file=sys.stderr)
        return CONFIG_ERROR
    first = ((today or date.today()) - timedelta(days=args.days - 1)).isoformat()
    conn = db.connect(config.store, config.database_timeout)
    try:
        stories = alerts.articles_of(conn, alerts.recent_stories(conn, "", first))
        stories = matching_vectors(conn, stories) if args.meaning else stories
    finally:
        conn.close()
    found = matching([Recipient("test", terms, meaning=args.meaning)], stories)
    if not found:
        print(f"no story of the last {args.days} days matches {', '.join(map(repr, terms))}")
        return OK
    for _, sid, hits in found:
        articles = stories[sid]
        latest = max(articles, key=lambda s: (s.article.moment, s.id))
        outlets = ", ".join(dict.fromkeys(s.article.shown_outlet for s in articles))
        print(f"{latest.article.day}  {latest.article.title}")
        print(f"            {outlets} ({len(articles)} articles) · story {sid}")
        print(f"            matched {'; '.join(h.said() for h in hits)}")
    stories_said = "1 story" if len(found) == 1 else f"{len(found)} stories"
    print(f"{stories_said} of the last {args.days} days would have raised an alert")
    return OK
