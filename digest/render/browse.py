"""The archive beyond the daily issues: a page (and JSON) for each story across its days, the
search page with its static index, and the list of stories by person, organisation and place.
Pure: issues in, (path, text) files out."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from digest.render import course, pages
from digest.render.bilingual import LANGUAGES, story_texts
from digest.render.contract import article_json, course_json, index_json, issue_json, story_json
from digest.render.entities import Entities
from digest.render.i18n import Strings
from digest.render.issues import Issue, IssueStory
from digest.render.pages import PageContext, environment
from digest.text.words import terms

TOPS = 3  # headlines per issue on the index
LEAD_CHARS = 300  # of each article's text, for the search page (the lead; whole texts: the CLI)


@dataclass(frozen=True)
class Appearance:
    story: IssueStory  # as its latest issue shows it: every article up to that day
    issues: tuple[str, ...]  # every issue carrying it, oldest first


def appearances(issues: Sequence[Issue]) -> dict[str, Appearance]:
    """Each story's latest form and the issues it appears in, by story id."""
    latest: dict[str, IssueStory] = {}
    days: dict[str, list[str]] = {}
    for issue in sorted(issues, key=lambda i: i.date):
        for story in issue.stories:
            latest[story.story_id] = story
            days.setdefault(story.story_id, []).append(issue.date)
    return {sid: Appearance(latest[sid], tuple(days[sid])) for sid in latest}


def headline(story: IssueStory, ctx: PageContext) -> str:
    """The story's headline as its latest issue and story page show it (`StoryTexts.head`)."""
    return story_texts(story, ctx.info).head.text or ""


def known(ctx: PageContext) -> dict[str, Entities]:
    """Every story's entities found so far (this run's and the stored ones), by story id."""
    return {**ctx.known_entities, **ctx.entities}


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def story_files(
    every: Mapping[str, Appearance], ctx: PageContext, dates: Collection[str] | None = None
) -> Iterator[tuple[str, str]]:
    """`stories/<id>.html` and `.json` for every story in the issues of `dates` (all when None):
    every article across its days, the first report and the rewrites, and its issues."""
    s = Strings(ctx.language)
    template = environment().get_template("story.html")
    ents = known(ctx)
    for sid, seen in every.items():
        if dates is not None and not set(seen.issues) & set(dates):
            continue
        story = seen.story
        data = story_json(story, ctx.info, ents)
        data["articles"] = [article_json(a, story) for a in story.articles]  # every one
        del data["earlier_articles"]
        data["issues"] = list(seen.issues)
        shape = course.of_story(story.articles)
        data["course"] = course_json(shape)
        for article in data["articles"]:
            article.pop("in_this_issue", None)
        label = s.t("course_chart", start=shape.days[0].day, end=shape.days[-1].day)
        html = template.render(
            story=story, seen=seen, ctx=ctx, s=s, site_title=ctx.site_title,
            course=shape, chart=course.chart(shape, label), chart_label=label,
            texts=story_texts(story, ctx.info), ents=ents.get(sid),
            when=lambda a: pages.shown_time(a, ctx.timezone, s),
        )  # fmt: skip
        yield f"stories/{sid}.html", html
        yield f"stories/{sid}.json", _json(data)


def _story_terms(story: IssueStory, title: str, ents: Entities | None, cut: set[str]) -> set[str]:
    """The terms a story is found by on the search page; `cut` gains the endings its words'
    stems leave off (`text.words.endings`)."""
    found: set[str] = set()
    shown = [*story.title.items(), *((k, v) for k, v in story.summary.items() if k in LANGUAGES)]
    for lang, text in [*shown, ("ru", title)]:
        if text:
            found.update(terms(text, lang or "en"))
    for item in story.articles:  # every outlet's headline and lead; whole texts: `digest search`
        a = item.stored.article
        text = f"{a.title}\n{a.body[:LEAD_CHARS]}\n{a.outlet} {a.via} {a.author}"
        found.update(terms(text, a.language, cut))
    if ents is not None:
        names = " ".join((*ents.people, *ents.organisations, *ents.places))
        found.update(terms(names, "ru"))
    return found


def search_index(every: Mapping[str, Appearance], ctx: PageContext) -> str:
    """`search-index.js`: the stories (id, headline, first issue, issues, outlets) and, for
    each term of their articles' headlines and leads, outlets and names, the stories holding
    it (full texts are searched by `digest search`, which reads the store). A script, not
    JSON, so that the search page can load it from file:// too (browsers refuse fetch())."""
    stories: list[list[object]] = []
    postings: dict[str, list[int]] = {}
    cut: set[str] = set()
    ents = known(ctx)
    newest_first = sorted(every.items(), key=lambda kv: kv[1].issues[-1], reverse=True)
    for n, (sid, seen) in enumerate(newest_first):
        title = headline(seen.story, ctx)
        stories.append([sid, title, seen.issues[0], list(seen.issues),
                        ", ".join(seen.story.outlets)])  # fmt: skip
        for term in sorted(_story_terms(seen.story, title, ents.get(sid), cut)):
            postings.setdefault(term, []).append(n)
    # Sorted, so the same archive gives the same bytes; each list as gaps between story
    # numbers (smaller numbers, a smaller file), summed back by the page.
    postings = {t: [n - p for n, p in zip(ns, [0, *ns[:-1]], strict=True)]
                for t, ns in sorted(postings.items())}  # fmt: skip
    data = json.dumps({"stories": stories, "terms": postings, "endings": sorted(cut)},
                      ensure_ascii=False, separators=(",", ":"))  # fmt: skip
    return f"window.DIGEST_SEARCH = {data};\n"


def search_page(ctx: PageContext) -> str:
    s = Strings(ctx.language)
    return environment().get_template("search.html").render(ctx=ctx, s=s, site_title=ctx.site_title)


def entity_page(
    seen: Mapping[str, Appearance], ctx: PageContext, found: Mapping[str, Entities]
) -> str:
    """`entities.html`: each person, organisation and place once, with the stories naming it
    (from the entities found for the stories' original articles, `found` by story id)."""
    # kind -> entity key -> the stories naming it, by story id (each story once)
    kinds: dict[str, dict[str, dict[str, Appearance]]] = {"people": {}, "organisations": {},
                                                          "places": {}}  # fmt: skip
    shown: dict[str, str] = {}  # key -> the fullest form seen («Касым-Жомарт Токаев»)
    for sid, ents in found.items():
        if sid not in seen:
            continue
        for kind, names in (("people", ents.people), ("organisations", ents.organisations),
                            ("places", ents.places)):  # fmt: skip
            for name in names:
                # A person named in full in one story and by surname in another is one person.
                key = kind + ":" + (name.split()[-1] if kind == "people" else name).lower()
                if len(name) > len(shown.get(key, "")):
                    shown[key] = name
                kinds[kind].setdefault(key, {})[sid] = seen[sid]
    s = Strings(ctx.language)
    until = max((a.issues[-1] for a in seen.values()), default="")

    def spark(stories: Iterable[Appearance]) -> Markup:
        counts = course.weekly((i.stored.article.day for a in stories for i in a.story.articles),
                               until)  # fmt: skip
        label = s.t("mentions_week", weeks=len(counts), until=until,
                    counts=", ".join(map(str, counts)))  # fmt: skip
        return course.sparkline(counts, label)

    ordered = {
        kind: sorted(
            ((shown[k], list(v.values()), spark(v.values())) for k, v in by_key.items()),
            key=lambda row: (-len(row[1]), row[0].lower()),
        )  # fmt: skip
        for kind, by_key in kinds.items()
    }
    heads = {sid: headline(a.story, ctx) for sid, a in seen.items() if sid in found}
    return (
        environment()
        .get_template("entities.html")
        .render(kinds=ordered, heads=heads, ctx=ctx, s=s, site_title=ctx.site_title)
    )


def archive_files(
    issues: list[Issue],
    ctx: PageContext,
    dates: Collection[str] | None = None,
    every: Mapping[str, Appearance] | None = None,
) -> Iterator[tuple[str, str]]:
    """The archive's files as (path inside the archive, text), made one at a time as they are
    written (a year of pages is never all in memory): the issues (all, or those in `dates`
    and their neighbours), the pages of their stories, then the search page and its index,
    the names page, the feed and the index, the index last. `every`: the issues'
    `appearances`, when the caller has them already."""
    every = every if every is not None else appearances(issues)
    wanted = pages.dates_to_write(issues, dates)
    for issue in issues:
        if issue.date not in wanted:
            continue
        yield f"{issue.date}/index.html", pages.issue_html(issue, ctx)
        yield f"{issue.date}/digest.md", pages.issue_markdown(issue, ctx)
        yield f"{issue.date}/digest.txt", pages.issue_text(issue, ctx)
        yield f"{issue.date}/digest.json", _json(issue_json(issue, ctx.info, ctx.entities))
        for story in issue.stories:  # what only this page needed: free it as it goes
            story.__dict__.pop("why", None)
    yield from story_files(every, ctx, None if dates is None else wanted)
    heads = {s.story_id: headline(s, ctx) for i in issues for s in i.stories[:TOPS]}
    yield "search-index.js", search_index(every, ctx)
    yield "search.html", search_page(ctx)
    yield "entities.html", entity_page(every, ctx, known(ctx))
    yield "feed.xml", pages.feed_xml(issues, ctx)
    yield "index.json", _json(index_json(issues, ctx.site_title))
    yield "index.html", pages.index_html(issues, ctx, heads, TOPS)
