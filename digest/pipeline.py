"""The one place where the stages meet: collect → store → cluster → render → archive.

Each stage commits on its own, so a run that stops part-way leaves every finished stage in
place and the next run picks up from there. Re-running is always safe.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from digest.cluster.stories import assign
from digest.collect.feedrun import FeedOutcome, fetch_all
from digest.collect.fetch import Fetcher
from digest.collect.seeds import load_seeds
from digest.config import Config
from digest.deliver.archive import ArchiveResult, write_files
from digest.deliver.email import Delivery, Sender, send_issue
from digest.errors import StoreError
from digest.models import Article, FeedConfig, StoredArticle
from digest.render import entities, pages
from digest.render.bilingual import TranslationInfo, wanted
from digest.render.entities import Entities
from digest.render.issues import Issue, IssueStory, build_issues, build_stories
from digest.render.pages import PageContext
from digest.store import db, feedstate
from digest.text.summary import summary
from digest.translate import models
from digest.translate.argos import ArgosEngine
from digest.translate.base import Engine
from digest.translate.models import Model
from digest.translate.service import OTHER, translate_all


@dataclass(frozen=True)
class SourceOutcome:
    """One source's result. Seed files: new | unchanged | updated | duplicate | failed.
    Feeds: ok | not_modified | failed | deferred (the server asked us to come back later)."""

    source: str
    status: str
    detail: str = ""
    kind: str = "seed"
    new: int = 0


@dataclass(frozen=True)
class CollectReport:
    outcomes: tuple[SourceOutcome, ...]

    @property
    def failed(self) -> tuple[SourceOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status in ("failed", "deferred"))

    def count(self, status: str, kind: str | None = None) -> int:
        return sum(1 for o in self.outcomes if o.status == status and kind in (None, o.kind))

    @property
    def new_articles(self) -> int:
        return sum(o.new for o in self.outcomes)


def collect_seeds(config: Config, conn: sqlite3.Connection) -> list[SourceOutcome]:
    """Read the seed folder and store what is new. A broken file is reported, not fatal."""
    if not config.seeds_dir.is_dir():
        return [SourceOutcome(str(config.seeds_dir), "skipped", "no seed folder there")]
    loaded = load_seeds(config.seeds_dir)
    outcomes = [SourceOutcome(e.source, "failed", e.problem) for e in loaded.errors]
    result = db.add_articles(conn, loaded.articles)
    outcomes += [SourceOutcome(s, "new", new=1) for s in result.new]
    outcomes += [SourceOutcome(s, "unchanged") for s in result.unchanged]
    outcomes += [SourceOutcome(s, "updated") for s in result.updated]
    outcomes += [SourceOutcome(s, "duplicate", f"same text as {t}") for s, t in result.duplicates]
    return sorted(outcomes, key=lambda o: o.source)


def all_feeds(config: Config, conn: sqlite3.Connection) -> list[FeedConfig]:
    """The feeds in config.yaml, then those imported from OPML; config wins on a shared URL."""
    feedstate.register(conn, config.feeds, "config")
    listed = {f.url for f in config.feeds}
    return [*config.feeds, *(f for f in feedstate.imported(conn) if f.url not in listed)]


def _store_feed(conn: sqlite3.Connection, outcome: FeedOutcome) -> SourceOutcome:
    feed = outcome.feed
    label = f"{feed.name} <{feed.url}>"
    warning = "; ".join(outcome.warnings)
    if outcome.status != "ok":
        feedstate.record(
            conn, feed.url, outcome.status, error=outcome.error, retry_after=outcome.retry_after
        )
        detail = outcome.error or ("304, nothing new" if outcome.status == "not_modified" else "")
        return SourceOutcome(label, outcome.status, detail, "feed")
    result = db.add_articles(conn, outcome.articles)
    feedstate.record(
        conn, feed.url, "ok", warning=warning, etag=outcome.etag,
        last_modified=outcome.last_modified, entries=outcome.entries, new=len(result.new),
    )  # fmt: skip
    detail = (
        f"{len(result.new)} new, {len(result.unchanged)} unchanged, {len(result.updated)} updated,"
        f" {len(result.duplicates)} duplicate" + (f"; warning: {warning}" if warning else "")
    )
    return SourceOutcome(label, "ok", detail, "feed", len(result.new))


def collect_feeds(
    config: Config,
    conn: sqlite3.Connection,
    fetcher: Fetcher,
    progress: Callable[[int, int], None] | None = None,
) -> list[SourceOutcome]:
    """Fetch every feed concurrently; store each feed's articles in its own transaction.
    `progress(done, total)` is called as each feed finishes."""
    feeds = all_feeds(config, conn)
    states = {s.url: s for s in feedstate.states(conn)}
    known = {
        f.url: {s.article.source for s in db.articles(conn, "WHERE feed_url = ?", (f.url,))}
        for f in feeds
        if f.full_text
    }
    outcomes: list[SourceOutcome] = []
    for outcome in fetch_all(feeds, states, known, fetcher, config.fetch.concurrency):
        try:
            outcomes.append(_store_feed(conn, outcome))
        except StoreError as exc:
            label = f"{outcome.feed.name} <{outcome.feed.url}>"
            outcomes.append(SourceOutcome(label, "failed", str(exc), "feed"))
        if progress is not None:
            progress(len(outcomes), len(feeds))
    return sorted(outcomes, key=lambda o: o.source)


def collect(
    config: Config,
    conn: sqlite3.Connection,
    fetcher: Fetcher | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> CollectReport:
    """Collect the seeds, then the feeds (through `fetcher`, needed when feeds are listed)."""
    outcomes = collect_seeds(config, conn)
    if fetcher is not None:
        outcomes += collect_feeds(config, conn, fetcher, progress)
    return CollectReport(tuple(outcomes))


def pivots(
    config: Config,
    conn: sqlite3.Connection,
    articles: Sequence[StoredArticle],
    engine_map: dict[str, Engine] | None = None,
) -> dict[int, Article]:
    """Title and summary of each article in the `cluster.match_through` source language,
    machine-translated (and cached), to compare across languages. Empty without a model."""
    pair = config.cluster.match_through
    if not pair:
        return {}
    engine_map = engine_map if engine_map is not None else engines(config)
    if pair not in engine_map:
        return {}
    source, target = pair.split("-")
    chosen = [s for s in articles if s.article.language == source]
    texts = {s.id: (s.article.title, summary(s.article)) for s in chosen}
    items = [(t, source) for pair_texts in texts.values() for t in pair_texts if t]
    table, _ = translate_all(items, {pair: engine_map[pair]}, conn, config.translate.glossary)
    out: dict[int, Article] = {}
    for s in chosen:
        title, lead = texts[s.id]
        t_title, t_lead = table.get((title, source)), table.get((lead, source))
        if t_title is None or t_lead is None or t_title.flag or t_lead.flag:
            continue  # no usable translation: the language-free signals still apply
        out[s.id] = replace(s.article, title=t_title.text, body=t_lead.text, language=target)
    return out


@dataclass(frozen=True)
class ClusterReport:
    assigned: int
    days: frozenset[str]  # publication days of the articles assigned: the issues that change


def cluster(
    config: Config, conn: sqlite3.Connection, engine_map: dict[str, Engine] | None = None
) -> ClusterReport:
    """Assign every article not yet in a story, comparing it with the stored articles inside
    the window around it (only those are read)."""
    pending = db.unclustered(conn)
    if not pending:
        return ClusterReport(0, frozenset())
    window = timedelta(days=config.cluster.window_days)
    first = date.fromisoformat(min(s.article.day for s in pending)) - window
    last = date.fromisoformat(max(s.article.day for s in pending)) + window
    nearby = db.articles(
        conn,
        "WHERE substr(published, 1, 10) BETWEEN ? AND ?"
        " AND id IN (SELECT article_id FROM story_articles)",
        (first.isoformat(), last.isoformat()),
    )
    story_of = db.story_ids(conn, [s.id for s in nearby])
    existing = [(s, story_of[s.id]) for s in nearby]
    through = pivots(config, conn, [*pending, *nearby], engine_map)
    memberships = assign(pending, existing, config.cluster, pivots=through)
    assigned = db.save_memberships(conn, memberships)
    return ClusterReport(assigned, frozenset(s.article.day for s in pending))


def issues(conn: sqlite3.Connection, keywords: Sequence[str] = ()) -> list[Issue]:
    return build_issues(build_stories(db.articles(conn), db.memberships(conn)), keywords)


class LazyEngine:
    """An installed model's engine, loaded only when something is not in the cache."""

    def __init__(self, model: Model, config: Config) -> None:
        self.model = model
        self.config = config
        self.label = model.label
        self._engine: Engine | None = None

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        if self._engine is None:
            self._engine = ArgosEngine(self.model, self.config.translate)
        return self._engine.translate_batch(texts)


def engines(config: Config) -> dict[str, Engine]:
    """An engine for each configured direction with a model installed. Build it once per run
    and pass it to every stage: a model is loaded only when first needed, and only once."""
    found: dict[str, Engine] = {}
    for pair in config.translate.pairs:
        model = models.find(config.translate.models_dir, pair)
        if model is not None:
            found[pair] = LazyEngine(model, config)
    return found


@dataclass(frozen=True)
class RenderReport:
    issues: list[Issue]
    archive: ArchiveResult
    translation: TranslationInfo
    translated: int  # texts the engines translated in this run (the rest came from the cache)


def translate(
    config: Config,
    conn: sqlite3.Connection,
    stories: list[IssueStory],
    engine_map: dict[str, Engine] | None = None,
) -> tuple[TranslationInfo, int]:
    """Translate what `stories` need (titles, summaries; full texts if configured)."""
    if engine_map is None:
        engine_map = engines(config)
    items = wanted(stories)
    if config.translate.full_text:
        items += [
            (a.stored.article.body, a.stored.article.language)
            for s in stories
            for a in s.articles
            if a.stored.article.source in s.new_sources
        ]
    table, fresh = translate_all(items, engine_map, conn, config.translate.glossary)
    labels = tuple(sorted(e.label for e in engine_map.values()))
    needed = {f"{lang}-{OTHER[lang]}" for _, lang in items}
    missing = sorted(p for p in needed if p not in engine_map and p in config.translate.pairs)
    return TranslationInfo(labels, tuple(missing), table), fresh


def render(
    config: Config,
    conn: sqlite3.Connection,
    date: str | None = None,
    engine_map: dict[str, Engine] | None = None,
    changed: frozenset[str] | None = None,
) -> RenderReport:
    """Translate and write the archive, then the index: the issue of `date` with its
    neighbours; or, given `changed` days, those and any issue missing from the archive;
    otherwise every issue."""
    all_issues = issues(conn, config.render.keywords)
    dates: set[str] | None = None if date is None else {date}
    if date is None and changed is not None:
        dates = set(changed) | {
            i.date for i in all_issues
            if not (config.archive_dir / i.date / "digest.json").exists()
        }  # fmt: skip
    chosen = pages.dates_to_write(all_issues, dates)
    stories = [s for i in all_issues if i.date in chosen for s in i.stories]
    info, fresh = translate(config, conn, stories, engine_map)
    ctx = page_context(config, conn, stories, info)
    result = write_files(config.archive_dir, pages.archive_files(all_issues, ctx, dates))
    return RenderReport(all_issues, result, info, fresh)


def _top(stories: list[IssueStory], n: int) -> list[IssueStory]:
    """The first `n` stories of each issue (stories come in issue order, ranked)."""
    seen: dict[str, int] = {}
    out = []
    for story in stories:
        seen[story.issue_date] = seen.get(story.issue_date, 0) + 1
        if seen[story.issue_date] <= n:
            out.append(story)
    return out


def page_context(
    config: Config, conn: sqlite3.Connection, stories: list[IssueStory], info: TranslationInfo
) -> PageContext:
    """Settings, translations and each story's entities (from its original article)."""
    found: dict[str, Entities] = {}
    if config.render.entities:
        originals = {
            s.story_id: next((a for a in s.articles if a.original), s.articles[0]).stored
            for s in _top(stories, config.render.entities_top)
        }
        known = entities.for_articles(conn, originals.values())
        found = {sid: known[stored.id] for sid, stored in originals.items()}
    return PageContext(
        site_title=config.site_title,
        info=info,
        language=config.render.language,
        keywords=config.render.keywords,
        entities=found,
        base_url=config.render.base_url.rstrip("/"),
    )


def send(
    config: Config,
    conn: sqlite3.Connection,
    sender: Sender,
    date: str | None = None,
    engine_map: dict[str, Engine] | None = None,
    all_issues: list[Issue] | None = None,
) -> tuple[str | None, list[Delivery]]:
    """Email the issue of `date` (default: the newest) to every recipient not yet sent it.
    `all_issues` spares reading the store again when the caller has just built them."""
    if all_issues is None:
        all_issues = issues(conn, config.render.keywords)
    chosen = [i for i in all_issues if date is None or i.date == date]
    if not chosen:
        return None, []
    issue = chosen[-1]
    info, _ = translate(config, conn, list(issue.stories), engine_map)
    ctx = page_context(config, conn, list(issue.stories), info)
    text = pages.issue_text(issue, ctx)
    html = pages.issue_email_html(issue, ctx)
    return issue.date, send_issue(conn, config.email, issue.date, text, html, sender)
