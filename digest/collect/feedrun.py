"""Fetching a set of feeds concurrently: each feed gives an outcome with articles or an error.

A worker fetches one feed (conditionally), parses it, and for `full_text` feeds fetches and
extracts the pages of entries not stored before. Workers never touch the database: the caller
stores each outcome as it arrives, so one bad feed never spoils another.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import UTC, datetime

from digest.collect.feeds import parse_feed
from digest.collect.fetch import Fetcher
from digest.collect.fulltext import extract_text
from digest.models import Article, FeedConfig, FeedState, FetchStatus
from digest.text.basics import content_hash, gate
from digest.text.bounds import cap


@dataclass(frozen=True)
class FeedOutcome:
    """status: ok | not_modified | failed | deferred (the server asked us to wait)."""

    feed: FeedConfig
    status: FetchStatus
    articles: tuple[Article, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str = ""
    etag: str | None = None
    last_modified: str | None = None
    retry_after: str | None = None
    entries: int = 0
    encoding: str = ""  # what the body was decoded from, and why


FULL_TEXT_CHARS = 100_000  # as limits.article_chars' default: a page's text, cut at a paragraph


def _full_text(article: Article, fetcher: Fetcher) -> tuple[Article, str]:
    """The article with its page's text as body; unchanged (with a warning) if that fails."""
    if not article.url:
        return article, ""
    page = fetcher.get(article.url)
    if page.status != "ok":
        return article, f"full text of {article.url}: {page.error or page.status}; summary kept"
    text, _ = cap(gate(extract_text(page.body, article.url)), FULL_TEXT_CHARS)
    if len(text) <= len(article.body):
        return article, f"full text of {article.url}: nothing longer than the summary; kept it"
    body_hash = content_hash(f"{article.title}\n{text}")
    return dataclasses.replace(article, body=text, content_hash=body_hash), ""


def fetch_feed(
    feed: FeedConfig,
    state: FeedState | None,
    known: Collection[str],
    fetcher: Fetcher,
    now: datetime | None = None,
    max_chars: int = 100_000,
) -> FeedOutcome:
    """Fetch and parse one feed. Never raises for anything the network or the feed does."""
    now = now or datetime.now(UTC)
    if state and state.retry_after and state.retry_after > now.isoformat(timespec="seconds"):
        return FeedOutcome(
            feed, "deferred", error=f"server asked to wait until {state.retry_after}",
            retry_after=state.retry_after,
        )  # fmt: skip
    got = fetcher.get(
        feed.url, state.etag if state else None, state.last_modified if state else None
    )
    if got.status == "not_modified":
        return FeedOutcome(feed, "not_modified")
    if got.status != "ok":
        retry = got.retry_after.isoformat(timespec="seconds") if got.retry_after else None
        return FeedOutcome(feed, got.status, error=got.error, retry_after=retry)
    parsed = parse_feed(got.body, got.headers.get("content-type"), feed, now, max_chars)
    if parsed.error:
        return FeedOutcome(feed, "failed", warnings=parsed.warnings, error=parsed.error)
    articles = list(parsed.articles)
    warnings = list(parsed.warnings)
    if feed.full_text:
        for i, article in enumerate(articles):
            if article.source in known:
                continue
            articles[i], warning = _full_text(article, fetcher)
            if warning:
                warnings.append(warning)
    return FeedOutcome(
        feed,
        "ok",
        tuple(articles),
        tuple(warnings),
        etag=got.etag,
        last_modified=got.last_modified,
        entries=len(parsed.articles),
        encoding=f"{parsed.encoding} ({parsed.encoding_reason})" if parsed.encoding else "",
    )


def fetch_all(
    feeds: Collection[FeedConfig],
    states: Mapping[str, FeedState],
    known: Mapping[str, Collection[str]],
    fetcher: Fetcher,
    workers: int,
    max_chars: int = 100_000,
) -> Iterator[FeedOutcome]:
    """Outcomes of all `feeds`, as they complete, at most `workers` at a time."""
    if not feeds:
        return
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(feeds)))) as pool:
        futures = {
            pool.submit(
                fetch_feed, f, states.get(f.url), known.get(f.url, ()), fetcher, None, max_chars
            ): f
            for f in feeds
        }
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # a bug in parsing one feed must not stop the others
                feed = futures[future]
                yield FeedOutcome(feed, "failed", error=f"internal error: {exc!r}")
