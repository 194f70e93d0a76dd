"""What every page needs besides its issue: settings, translations, and the entities of each
issue's top stories (from the story's original article; found once, kept in the store)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable

from digest.config import Config
from digest.models import FeedState, StoredArticle
from digest.render import entities
from digest.render.bilingual import TranslationInfo
from digest.render.entities import Entities
from digest.render.issues import IssueStory
from digest.render.pages import PageContext
from digest.store import feedstate
from digest.store.backend import Connection


def _top(stories: list[IssueStory], n: int) -> list[IssueStory]:
    """The first `n` stories of each issue (stories come in issue order, ranked)."""
    seen: dict[str, int] = {}
    out = []
    for story in stories:
        seen[story.issue_date] = seen.get(story.issue_date, 0) + 1
        if seen[story.issue_date] <= n:
            out.append(story)
    return out


def _originals(stories: Iterable[IssueStory]) -> dict[str, StoredArticle]:
    return {
        s.story_id: next((a for a in s.articles if a.original), s.articles[0]).stored
        for s in stories
    }


def page_context(
    config: Config,
    conn: Connection,
    stories: list[IssueStory],
    info: TranslationInfo,
    every: Iterable[IssueStory] = (),
    health: tuple[FeedState, ...] | None = None,
) -> PageContext:
    """Settings, translations and the entities of the top stories of `stories` (from each
    one's original article, found now if need be), and of `every` other story where already
    found (for the names page). `health`: the failing feeds (`failing_feeds`), when the
    caller has read them already."""
    found: dict[str, Entities] = {}
    known: dict[str, Entities] = {}
    if config.render.entities:
        originals = _originals(_top(stories, config.render.entities_top))
        by_id = entities.for_articles(conn, originals.values())
        found = {sid: by_id[stored.id] for sid, stored in originals.items()}
        others = _originals(every)
        cached = entities.for_articles(conn, others.values(), extract_missing=False)
        known = {sid: cached[stored.id] for sid, stored in others.items() if stored.id in cached}
    return PageContext(
        site_title=config.site_title,
        info=info,
        language=config.render.language,
        keywords=config.render.keywords,
        entities=found,
        known_entities=known,
        base_url=config.render.base_url.rstrip("/"),
        health=failing_feeds(conn, config.fetch.max_failures) if health is None else health,
        timezone=config.schedule.timezone,
    )


def failing_feeds(conn: Connection, max_failures: int) -> tuple[FeedState, ...]:
    """Feeds failing more runs in a row than `fetch.max_failures` and not disabled: the
    health note the newest issue and the email carry."""
    return tuple(f for f in feedstate.states(conn) if not f.disabled and f.failures > max_failures)


# In the archive: a digest of what its pages were rendered with (a digest only, so a web server
# serving the archive gives away no keyword and no failing feed's address)
STATE_FILE = ".digest-state"


def render_state(config: Config, engines: Iterable[str], health: Iterable[FeedState] = ()) -> str:
    """Everything besides the stories that changes what a page shows: the render and issue
    settings, the site title, the translation engines installed (labels with versions), and
    the feeds in the health note."""
    state = {
        "render": dataclasses.asdict(config.render),
        "issue": dataclasses.asdict(config.issue),
        "site_title": config.site_title,
        "timezone": config.schedule.timezone,
        "translate": {"full_text": config.translate.full_text,
                      "glossary": list(config.translate.glossary),
                      "engines": sorted(engines)},
        "health": sorted(f"{f.url} {f.failures}" for f in health),  # a count changed: rewritten
    }  # fmt: skip
    text = json.dumps(state, ensure_ascii=False, sort_keys=True)
    return f"sha256:{hashlib.sha256(text.encode()).hexdigest()}\n"
