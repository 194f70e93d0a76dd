"""Taking in what the sources bring: the seed folder and the feeds, each source's articles
stored in its own transaction, and a report of every source's outcome. Called by the pipeline;
the network comes in as a `Fetcher`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from digest.collect.feedrun import FeedOutcome, fetch_all
from digest.collect.fetch import Fetcher
from digest.collect.seeds import load_seeds
from digest.config import Config
from digest.errors import StoreError
from digest.models import FeedConfig, FeedState, SourceKind, SourceStatus
from digest.store import claims, db, feedstate
from digest.store.backend import Connection, chunks, is_postgres


@dataclass(frozen=True)
class SourceOutcome:
    """One source's result. Seed files: new | unchanged | updated | duplicate | failed.
    Feeds: ok | not_modified | failed | deferred (the server asked us to come back later)."""

    source: str
    status: SourceStatus
    detail: str = ""
    kind: SourceKind = "seed"
    new: int = 0
    chronic: int = 0  # a feed failing this many runs in a row (past fetch.max_failures)


@dataclass(frozen=True)
class CollectReport:
    outcomes: tuple[SourceOutcome, ...]

    @property
    def failed(self) -> tuple[SourceOutcome, ...]:
        return tuple(
            o for o in self.outcomes if o.status in ("failed", "deferred") and not o.chronic
        )

    @property
    def chronic(self) -> tuple[SourceOutcome, ...]:
        """Feeds that keep failing: reported, but no longer counted as something new failing."""
        return tuple(o for o in self.outcomes if o.chronic)

    def count(self, status: SourceStatus, kind: SourceKind | None = None) -> int:
        return sum(1 for o in self.outcomes if o.status == status and kind in (None, o.kind))

    @property
    def new_articles(self) -> int:
        return sum(o.new for o in self.outcomes)


def collect_seeds(config: Config, conn: Connection) -> list[SourceOutcome]:
    """Read the seed folder and store what is new. A broken file is reported, not fatal."""
    if not config.seeds_dir.is_dir():
        return [SourceOutcome(str(config.seeds_dir), "skipped", "no seed folder there")]
    loaded = load_seeds(config.seeds_dir, config.limits)
    outcomes = [SourceOutcome(e.source, "failed", e.problem) for e in loaded.errors]
    result = db.add_articles(conn, loaded.articles)
    outcomes += [SourceOutcome(s, "new", new=1) for s in result.new]
    outcomes += [SourceOutcome(s, "unchanged") for s in result.unchanged]
    outcomes += [SourceOutcome(s, "updated") for s in result.updated]
    outcomes += [SourceOutcome(s, "duplicate", f"same text as {t}") for s, t in result.duplicates]
    return sorted(outcomes, key=lambda o: o.source)


def all_feeds(config: Config, conn: Connection) -> list[FeedConfig]:
    """The feeds in config.yaml, then those imported from OPML, config winning on a shared URL;
    without those disabled (`enabled: false` in config.yaml, or `digest feeds disable`)."""
    feedstate.register(conn, config.feeds, "config")
    listed = {f.url for f in config.feeds}
    off = feedstate.disabled(conn)
    every = [*config.feeds, *(f for f in feedstate.imported(conn) if f.url not in listed)]
    return [f for f in every if f.url not in off and f.enabled]


def _store_feed(conn: Connection, outcome: FeedOutcome, max_failures: int = 3) -> SourceOutcome:
    feed = outcome.feed
    label = f"{feed.name} <{feed.url}>"
    warning = "; ".join(outcome.warnings)
    if outcome.status != "ok":
        feedstate.record(
            conn, feed.url, outcome.status, error=outcome.error, retry_after=outcome.retry_after
        )
        detail = outcome.error or ("304, nothing new" if outcome.status == "not_modified" else "")
        state = feedstate.get(conn, feed.url)
        failures = state.failures if state is not None else 0
        chronic = failures if outcome.status == "failed" and failures > max_failures else 0
        return SourceOutcome(label, outcome.status, detail, "feed", chronic=chronic)
    result = db.add_articles(conn, outcome.articles)
    feedstate.record(
        conn, feed.url, "ok", warning=warning, etag=outcome.etag,
        last_modified=outcome.last_modified, entries=outcome.entries, new=len(result.new),
        encoding=outcome.encoding,
    )  # fmt: skip
    detail = (
        f"{len(result.new)} new, {len(result.unchanged)} unchanged, {len(result.updated)} updated,"
        f" {len(result.duplicates)} duplicate" + (f"; warning: {warning}" if warning else "")
    )
    return SourceOutcome(label, "ok", detail, "feed", len(result.new))


def collect_feeds(
    config: Config,
    conn: Connection,
    fetcher: Fetcher,
    progress: Callable[[int, int], None] | None = None,
) -> list[SourceOutcome]:
    """Fetch every feed concurrently; store each feed's articles in its own transaction.
    `progress(done, total)` is called as each feed finishes. On a shared store the feeds go in
    rounds of a few at a time, each round claimed first (`store.claims`), so collectors on
    several machines split the list: a feed another collector holds, or fetched since this
    one started, is skipped."""
    every = all_feeds(config, conn)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    shared = is_postgres(conn)  # other collectors may be at work
    outcomes: list[SourceOutcome] = []
    for chunk in chunks(every, config.fetch.concurrency * 2 if shared else max(1, len(every))):
        mine = claims.claim(conn, [f.url for f in chunk])
        try:
            states = {s.url: s for s in feedstate.states(conn)}  # as peers left them
            done = {u for u in mine if shared and _attempted_since(states.get(u), started)}
            for f in chunk:
                if f.url not in mine or f.url in done:
                    why = "another collector is fetching it now" if f.url not in mine else (
                        "another collector fetched it during this run")  # fmt: skip
                    outcomes.append(SourceOutcome(f"{f.name} <{f.url}>", "skipped", why, "feed"))
            todo = [f for f in chunk if f.url in mine and f.url not in done]
            _collect_claimed(config, conn, fetcher, todo, states, outcomes, progress, len(every))
        finally:
            claims.release(conn, mine)
    return sorted(outcomes, key=lambda o: o.source)


def _attempted_since(state: FeedState | None, started: str) -> bool:
    """Fetched by another collector since this one started (asked on a shared store only)."""
    return state is not None and (state.last_attempt or "") >= started


def _collect_claimed(
    config: Config,
    conn: Connection,
    fetcher: Fetcher,
    feeds: list[FeedConfig],
    states: dict[str, FeedState],
    outcomes: list[SourceOutcome],
    progress: Callable[[int, int], None] | None,
    total: int,
) -> None:
    known = {
        f.url: {s.article.source for s in db.articles_of_feed(conn, f.url)}
        for f in feeds
        if f.full_text
    }
    for outcome in fetch_all(
        feeds, states, known, fetcher, config.fetch.concurrency, config.limits.article_chars
    ):
        try:
            outcomes.append(_store_feed(conn, outcome, config.fetch.max_failures))
        except StoreError as exc:
            label = f"{outcome.feed.name} <{outcome.feed.url}>"
            outcomes.append(SourceOutcome(label, "failed", str(exc), "feed"))
        if progress is not None:
            progress(len(outcomes), total)


def collect(
    config: Config,
    conn: Connection,
    fetcher: Fetcher | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> CollectReport:
    """Collect the seeds, then the feeds (through `fetcher`, needed when feeds are listed)."""
    outcomes = collect_seeds(config, conn)
    if fetcher is not None:
        outcomes += collect_feeds(config, conn, fetcher, progress)
    return CollectReport(tuple(outcomes))
