"""From stories to daily issues. Pure: stories in, issues out.

An issue exists for every date that has articles. It carries the stories active that day, new
ones and updates to stories an earlier issue carried (with the date of that issue, to link
back), ranked together by their coverage that day (`_ranked`). Each story lists every article
published up to the issue's date and is headed by that day's most representative one (`lead`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from digest.models import Article, Membership, StoredArticle, Story, StoryArticle, StoryStatus
from digest.render.course import Rise, rising
from digest.render.explain import original_index, passages
from digest.text.basics import sentences
from digest.text.disagree import Disagreement, disagreements
from digest.text.summary import summary

EARLIER = 3  # earlier articles an issue lists besides the story's original (`shown`)


@dataclass(frozen=True)
class IssueStory:
    story_id: str
    status: StoryStatus
    first_issue: str  # the date of the issue that first carried the story
    # By language, as written: the headline of the issue's lead article (`lead`), in its own
    # language; the other comes by translation (`render.bilingual`)
    title: Mapping[str, str]
    articles: tuple[StoryArticle, ...]  # published on or before the issue date, oldest first
    new_sources: frozenset[str]  # the articles published on the issue date
    issue_date: str = ""
    keywords: tuple[str, ...] = ()  # the configured keywords the story's articles mention
    head: Article | None = None  # the lead article, whose summary `summary` is

    @cached_property
    def summary(self) -> Mapping[str, str]:
        """The lead article's summary, by its language; made when first asked for (only the
        issues written need it)."""
        return {self.head.language: summary(self.head)} if self.head is not None else {}

    @property
    def other_language(self) -> str:
        """The language of a story led by an article in neither Russian nor English, which
        digest does not translate ("" otherwise)."""
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
    def shown(self) -> tuple[StoryArticle, ...]:
        """The articles an issue lists: those it carries, the story's original, and the
        `EARLIER` latest of the rest (a story of a thousand articles does not fill every
        issue it runs in; its story page lists them all), oldest first."""
        own = [a for a in self.articles if a.day == self.issue_date or a.original]
        rest = [a for a in self.articles if a.day != self.issue_date and not a.original]
        keep = {id(a) for a in [*own, *rest[-EARLIER:]]}
        return tuple(a for a in self.articles if id(a) in keep)

    @property
    def earlier(self) -> int:
        """How many of the story's earlier articles an issue does not list (`shown`)."""
        return len(self.articles) - len(self.shown)

    @cached_property
    def why(self) -> dict[int, dict[str, object]]:
        """By article id: why each listed article (`shown`) joined, with the passages a new
        article retells. Computed on first use, so only for the issues actually written."""
        by_id = {a.stored.id: a for a in self.articles}
        return {a.stored.id: _why(a, by_id, self.issue_date) for a in self.shown}

    @cached_property
    def figures_differ(self) -> tuple[Disagreement, ...]:
        """Figures two outlets give differently for one fact on one day of the story
        (`text.disagree`), up to this issue. Computed on first use."""
        return disagreements([
            (a.stored.article.shown_outlet, a.stored.article.day,
             f"{a.stored.article.title}. {a.stored.article.body}", a.stored.article.language)
            for a in self.articles
        ])  # fmt: skip

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

    @cached_property
    def rising(self) -> tuple[Rise, ...]:
        """The stories whose coverage is rising on this issue's day (`course.rising`), found
        once for its pages, its email and its JSON."""
        return rising(((s.story_id, s.articles) for s in self.stories), self.date)


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
        members.sort(key=lambda pair: (pair[0].article.moment, pair[0].article.source))
        original = original_index([s.article for s, _ in members])
        items = tuple(
            StoryArticle(s, m, i == original, *editions.get(s.id, ("", False)))
            for i, (s, m) in enumerate(members)
        )
        stories.append(Story(id=story_id, articles=items))
    stories.sort(key=lambda s: (s.first_day, s.id))
    return stories


def _words(title: str) -> frozenset[str]:
    """A headline's words of four letters or more, cut to five (Russian endings aside)."""
    return frozenset(w[:5] for w in re.findall(r"\w{4,}", title.lower()))


def lead(articles: Sequence[StoryArticle], day: str) -> StoryArticle:
    """The article that heads the story in the issue of `day`: of that day's articles (the news
    the issue carries), the one whose headline shares the most words with the day's other
    headlines (the most representative), a real headline before one derived from a lead, then
    the story's first report, then the earliest; Russian or English before other languages."""
    today = [a for a in articles if a.day == day] or list(articles)
    words = {a.stored.id: _words(a.stored.article.title) for a in today}

    def rank(a: StoryArticle) -> tuple[int, int, int, int, datetime, str]:
        mine, own = words[a.stored.id], a.stored.article
        shared = sum(len(mine & words[o.stored.id]) for o in today if o is not a)
        ours = 0 if own.language in ("ru", "en") else 1  # the languages digest translates
        real = 1 if own.title_derived else 0
        return (ours, real, -shared, 0 if a.original else 1, own.moment, own.source)

    return min(today, key=rank)


def _why(item: StoryArticle, upto: Mapping[int, StoryArticle], day: str) -> dict[str, object]:
    """The stored reason for joining, plus the passages a new article shares with its match."""
    why = dict(item.membership.why)
    matched = upto.get(item.membership.matched_id or 0)
    if matched is not None and item.day == day:
        why["passages"] = passages(item.stored.article, matched.stored.article)
    return why


def _keywords(articles: Sequence[StoryArticle], keywords: Sequence[str]) -> tuple[str, ...]:
    text = " ".join(f"{a.stored.article.title} {a.stored.article.body}" for a in articles).lower()
    return tuple(k for k in keywords if k.strip() and k.lower() in text)


def _issue_story(story: Story, day: str, keywords: Sequence[str] = ()) -> IssueStory:
    upto = tuple(a for a in story.articles if a.day <= day)
    first = story.first_day
    head = lead(upto, day).stored.article  # both languages from it: as written, and translated
    return IssueStory(
        story_id=story.id,
        status="new" if first == day else "update",
        first_issue=first,
        title={head.language: head.title},
        articles=upto,
        new_sources=frozenset(a.stored.article.source for a in upto if a.day == day),
        issue_date=day,
        keywords=_keywords(upto, keywords),
        head=head,
    )


def _ranked(items: list[IssueStory]) -> list[IssueStory]:
    """One ranking for new stories and updates alike: a story with a keyword first; then the
    most outlets carrying it in this issue, the most articles in this issue, the most outlets
    in all, the most recently published (sorts are stable, applied last-first). A followed
    story's update that many outlets carry leads the issue; new or not does not count."""

    def today(i: IssueStory) -> tuple[int, int]:
        new = [a.stored.article for a in i.articles if a.stored.article.source in i.new_sources]
        return len({a.outlet or a.source for a in new}), len(new)

    items = sorted(items, key=lambda i: i.story_id)
    items.sort(key=lambda i: max(a.stored.article.moment for a in i.articles), reverse=True)
    items.sort(key=lambda i: (0 if i.keywords else 1, *(-n for n in today(i)), -len(i.outlets)))
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
