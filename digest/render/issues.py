"""From stories to daily issues. Pure: stories in, issues out.

An issue exists for every date that has articles. It carries the stories active that day:
new stories first, then updates to stories an earlier issue carried (with the date of that
issue, to link back). Each story lists every article published up to the issue's date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from digest.models import Membership, StoredArticle, Story, StoryArticle, StoryStatus
from digest.render.explain import original_index, passages
from digest.text.basics import sentences
from digest.text.summary import summary


@dataclass(frozen=True)
class IssueStory:
    story_id: str
    status: StoryStatus
    first_issue: str  # the date of the issue that first carried the story
    # By language, as written: Russian and English where an article is in them, else the one
    # language of a story written in neither (digest translates only between ru and en)
    title: Mapping[str, str]
    summary: Mapping[str, str]
    articles: tuple[StoryArticle, ...]  # published on or before the issue date, oldest first
    new_sources: frozenset[str]  # the articles published on the issue date
    issue_date: str = ""
    keywords: tuple[str, ...] = ()  # the configured keywords the story's articles mention

    @property
    def other_language(self) -> str:
        """The language of a story with no Russian or English article ("" otherwise)."""
        return next((lang for lang in self.title if lang not in ("ru", "en")), "")

    @cached_property
    def keyword_passage(self) -> str:
        """A sentence showing a keyword, when neither the title nor the summary does (so the
        badge is never a word nowhere in view). Computed for the issues actually written."""
        shown = " ".join([*self.title.values(), *self.summary.values()]).lower()
        hidden = [k for k in self.keywords if k.lower() not in shown]
        if not hidden:
            return ""
        for item in self.articles:
            for sentence in sentences(item.stored.article.body[:20_000]):
                if any(k.lower() in sentence.lower() for k in hidden):
                    return sentence.strip()[:400]
        return ""

    @cached_property
    def why(self) -> dict[int, dict[str, object]]:
        """By article id: why it joined, with the passages a new article retells. Computed on
        first use, so only for the issues actually written."""
        return {a.stored.id: _why(a, self.articles, self.issue_date) for a in self.articles}

    @property
    def original_title(self) -> str:
        """The headline as written: Russian, else English, else the story's own language."""
        return next(iter(self.title.values()), "")

    @property
    def outlets(self) -> tuple[str, ...]:
        seen: list[str] = []
        for a in self.articles:
            name = a.stored.article.outlet
            if name and name not in seen:
                seen.append(name)
        return tuple(seen)


@dataclass(frozen=True)
class Issue:
    date: str
    stories: tuple[IssueStory, ...]
    previous: str | None
    next: str | None

    @property
    def article_count(self) -> int:
        return sum(len(s.new_sources) for s in self.stories)


def build_stories(
    stored: Iterable[StoredArticle],
    memberships: Iterable[Membership],
    editions: Mapping[int, tuple[str, bool]] | None = None,
) -> list[Story]:
    """Group stored articles into stories, marking each story's original. `editions`: by
    article id, the issue that carries it and whether it came late (`render.editions`);
    without it each article is in the issue of its own day."""
    editions = editions or {}
    by_id = {s.id: s for s in stored}
    groups: dict[str, list[tuple[StoredArticle, Membership]]] = defaultdict(list)
    for m in memberships:
        if m.article_id in by_id:
            groups[m.story_id].append((by_id[m.article_id], m))
    stories: list[Story] = []
    for story_id, members in groups.items():
        members.sort(key=lambda pair: (pair[0].article.published, pair[0].id))
        original = original_index([s.article for s, _ in members])
        items = tuple(
            StoryArticle(s, m, i == original, *editions.get(s.id, ("", False)))
            for i, (s, m) in enumerate(members)
        )
        stories.append(Story(id=story_id, articles=items))
    stories.sort(key=lambda s: (s.first_day, s.id))
    return stories


def _summary(articles: Sequence[StoryArticle], language: str) -> str:
    """The summary of the story's original in `language` (the caller names a language some
    article is written in)."""
    own = [a for a in articles if a.stored.article.language == language]
    original = next((a for a in own if a.original), own[0])
    return summary(original.stored.article)


def _title(articles: Sequence[StoryArticle], language: str) -> str:
    """The story's title in `language`, as written (never a translation): the first headline
    of an article in that language, preferring a real headline over one derived from a lead."""
    own = [a.stored.article for a in articles if a.stored.article.language == language]
    real = [a for a in own if not a.title_derived]
    return (real or own)[0].title


def _why(item: StoryArticle, upto: Sequence[StoryArticle], day: str) -> dict[str, object]:
    """The stored reason for joining, plus the passages a new article shares with its match."""
    why = dict(item.membership.why)
    matched = next((o for o in upto if o.stored.id == item.membership.matched_id), None)
    if matched is not None and item.day == day:
        why["passages"] = passages(item.stored.article, matched.stored.article)
    return why


def _keywords(articles: Sequence[StoryArticle], keywords: Sequence[str]) -> tuple[str, ...]:
    text = " ".join(f"{a.stored.article.title} {a.stored.article.body}" for a in articles).lower()
    return tuple(k for k in keywords if k.strip() and k.lower() in text)


def _issue_story(story: Story, day: str, keywords: Sequence[str] = ()) -> IssueStory:
    upto = tuple(a for a in story.articles if a.day <= day)
    first = story.first_day
    langs = [a.stored.article.language for a in upto]
    shown = [lang for lang in ("ru", "en") if lang in langs] or langs[:1]
    return IssueStory(
        story_id=story.id,
        status="new" if first == day else "update",
        first_issue=first,
        title={lang: _title(upto, lang) for lang in shown},
        summary={lang: _summary(upto, lang) for lang in shown},
        articles=upto,
        new_sources=frozenset(a.stored.article.source for a in upto if a.day == day),
        issue_date=day,
        keywords=_keywords(upto, keywords),
    )


def _ranked(items: list[IssueStory]) -> list[IssueStory]:
    """Stories with a keyword first, then new stories before updates; within those, more
    outlets first, then the most recently published (sorts are stable, applied last-first)."""
    items = sorted(items, key=lambda i: i.story_id)
    items.sort(key=lambda i: max(a.stored.article.published for a in i.articles), reverse=True)
    items.sort(
        key=lambda i: (0 if i.keywords else 1, 0 if i.status == "new" else 1, -len(i.outlets))
    )
    return items


def build_issues(stories: Sequence[Story], keywords: Sequence[str] = ()) -> list[Issue]:
    """One issue per date with articles, oldest first, linked to their neighbours."""
    by_day: dict[str, list[Story]] = defaultdict(list)
    for story in stories:
        for day in story.days:
            by_day[day].append(story)
    days = sorted(by_day)
    issues: list[Issue] = []
    for i, day in enumerate(days):
        active = _ranked([_issue_story(s, day, keywords) for s in by_day[day]])
        issues.append(
            Issue(
                date=day,
                stories=tuple(active),
                previous=days[i - 1] if i > 0 else None,
                next=days[i + 1] if i + 1 < len(days) else None,
            )
        )
    return issues
