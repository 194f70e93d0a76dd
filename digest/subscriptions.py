"""`digest feeds`: add, import, switch off, rename or forget feeds, and show each feed's state.
Feeds listed in config.yaml are known to the store too (`collect.intake.all_feeds`)."""

from __future__ import annotations

import argparse
import sys

from digest.collect.intake import all_feeds
from digest.collect.opml import read_opml
from digest.config import Config, check_feed
from digest.errors import CONFIG_ERROR, OK, PARTIAL
from digest.log import say
from digest.models import FeedConfig, language_tag
from digest.store import feedstate
from digest.store.backend import Connection


def feeds(args: argparse.Namespace, config: Config, conn: Connection) -> int:
    """One `digest feeds` action; `status` only reads (it runs beside a collection)."""
    if args.action == "status":
        return _status(config, conn)
    all_feeds(config, conn)  # config.yaml's feeds are known before any change
    if args.action in ("remove", "disable", "enable", "rename"):
        url: str = args.url
        if args.action == "remove":
            problem = feedstate.remove(conn, url)
        elif args.action == "rename":
            name = " ".join(str(args.name).split())
            problem = feedstate.rename(conn, url, name) if name else "the new name is empty"
        else:
            problem = feedstate.set_disabled(conn, url, args.action == "disable")
        if problem:
            say(f"feeds    {args.action}: {problem}", file=sys.stderr)
            return CONFIG_ERROR
        off_in_config = {f.url for f in config.feeds if not f.enabled}
        still = args.action == "enable" and url in off_in_config
        say(f"feeds    {args.action}: done for {url}"
            + (" (still off: enabled: false in config.yaml)" if still else ""))  # fmt: skip
        return OK
    if args.action == "add":
        feed = FeedConfig(args.url, args.name or args.url, language_tag(args.language))
        check_feed(feed, "digest feeds add", cli=True)
        if feedstate.get(conn, feed.url) is not None:  # known: nothing changes by adding again
            say(f"feeds    already known: {args.url} (to change its name: digest feeds rename"
                " URL NAME)")  # fmt: skip
            return OK
        feedstate.register(conn, [feed], "cli")
        say(f"feeds    added {args.url}")
        return OK
    if args.action == "import":
        feeds, skipped = read_opml(args.opml)
        for reason in skipped:
            say(f"feeds    skipped {reason}", file=sys.stderr)
        added = feedstate.register(conn, feeds, "opml")
        say(f"feeds    {len(added)} feed(s) added, {len(feeds) - len(added)} already known")
        return PARTIAL if skipped else OK
    return OK


def _status(config: Config, conn: Connection) -> int:
    states = feedstate.states(conn)
    known = {s.url for s in states}
    for f in config.feeds:
        if f.url not in known:
            print(f"{f.name} <{f.url}> [config]\n  not collected yet")
    if not states and not config.feeds:
        say("feeds    none: list some under feeds: in config.yaml, or digest feeds import")
    off_in_config = {f.url for f in config.feeds if not f.enabled}
    for s in states:
        off = " (disabled)" if s.disabled else ""
        if s.url in off_in_config:
            off = " (disabled: enabled: false in config.yaml)"
        print(f"{s.name} <{s.url}> [{s.origin}]{off}")
        print(f"  last success: {s.last_success or 'never'}")
        status = (s.last_status or "not yet").replace("_", " ")
        print(f"  last attempt: {s.last_attempt or 'never'} ({status})")
        print(f"  last error:   {s.last_error or 'none'}")
        if s.failures:
            print(f"  failing:      {s.failures} run(s) in a row")
        if s.last_encoding:
            print(f"  encoding:     {s.last_encoding}")
        if s.last_warning:
            print(f"  warning:      {s.last_warning}")
        if s.retry_after:
            print(f"  retry after:  {s.retry_after}")
        print(f"  articles:     {s.articles_stored} stored, {s.entries_seen} entries seen")
    return OK
