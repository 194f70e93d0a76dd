"""HTML, Markdown, plain text, email HTML and the Atom feed, from the Jinja templates in
`templates/`: HTML autoescaped, Markdown through `md_escape`, undefined names an error."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import css_inline
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from digest import __version__
from digest.models import Article, FeedState
from digest.render.bilingual import TranslationInfo, story_texts
from digest.render.contract import missing_note
from digest.render.entities import Entities
from digest.render.explain import why_line
from digest.render.i18n import Strings
from digest.render.issues import Issue, IssueStory
from digest.text.basics import gate

# The project's top-level templates/ folder, mapped into the package as `digest.templates`
# (pyproject.toml), so a wheel carries it and an editable install reads it in place.
TEMPLATES = Path(str(files("digest.templates")))
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


@dataclass(frozen=True)
class PageContext:
    """What every page needs besides its issue."""

    site_title: str = "Digest"
    info: TranslationInfo = field(default_factory=TranslationInfo)
    language: str = "en"  # of the page chrome
    keywords: tuple[str, ...] = ()
    entities: Mapping[str, Entities] = field(default_factory=dict)  # by story id
    known_entities: Mapping[str, Entities] = field(default_factory=dict)  # every story's, if found
    base_url: str = ""  # absolute address of the archive, for email links and the feed
    health: tuple[FeedState, ...] = ()  # feeds failing past fetch.max_failures (newest issue)
    timezone: str = "UTC"  # every time shown is in it (`schedule.timezone`)


def md_escape(text: object) -> str:
    """Escape Markdown and inline-HTML syntax so source text shows as plain text."""
    s = _MD_SPECIAL.sub(r"\\\1", str(text))
    s = s.replace("&", "&amp;")
    s = re.sub(r"^(\s*)(\d+)([.)])", r"\1\2\\\3", s, flags=re.MULTILINE)  # «1.» is no list
    return re.sub(r"^(\s*)([-=+])", r"\1\\\2", s, flags=re.MULTILINE)  # nor «- », «===»


def highlight(text: object, keywords: tuple[str, ...]) -> Markup:
    """The text escaped, with each keyword wrapped in <mark> (case-insensitive)."""
    escaped = str(escape(str(text)))
    for word in sorted({k for k in keywords if k.strip()}, key=len, reverse=True):
        pattern = re.compile(re.escape(str(escape(word))), re.IGNORECASE)
        escaped = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped)
    return Markup(escaped)


def shown_time(article: Article, zone: str, s: Strings) -> tuple[str, str]:
    """When an article was published, in the reader's zone (`schedule.timezone`), so that "who
    reported first" reads right across outlets; and a note: the outlet's own time where its zone
    differs, or that the time is that of fetching (the source gave none)."""
    if len(article.published) <= 10:  # a day without a time (a seed)
        return article.published, ""
    own = article.moment
    local = own.astimezone(ZoneInfo(zone))
    text = local.strftime("%Y-%m-%d %H:%M")
    if article.published_estimated:
        return text, s.t("time_fetched")
    if own.utcoffset() != local.utcoffset():
        return text, s.t("time_outlet", time=own.strftime("%H:%M"), zone=own.strftime("%z"))
    return text, ""


def differ_line(story: IssueStory) -> str:
    """«КП: 30 млрд долларов, Lada.kz: 25 млрд долларов («инвестиции»)» for each fact the
    story's outlets give different figures for (`IssueStory.figures_differ`)."""
    return "; ".join(
        ", ".join(f"{outlet}: {figure}" for outlet, figure in d.figures) + f" («{d.about}»)"
        for d in story.figures_differ
    )


def paragraphs(body: str) -> list[str]:
    return [p for p in body.split("\n\n") if p.strip()]


@lru_cache(maxsize=4)
def environment(folder: Path = TEMPLATES) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=select_autoescape(["html", "xml"], default_for_string=False, default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["mark"] = highlight
    env.globals.update(paragraphs=paragraphs, version=__version__, why_line=why_line,
                       differ_line=differ_line)  # fmt: skip
    return env


def _issue(template: str, issue: Issue, ctx: PageContext) -> str:
    return (
        environment()
        .get_template(template)
        .render(
            issue=issue,
            ctx=ctx,
            site_title=ctx.site_title,
            s=Strings(ctx.language),
            when=lambda a: shown_time(a, ctx.timezone, Strings(ctx.language)),
            note=missing_note(ctx.info, Strings(ctx.language)) if ctx.info.missing else "",
            texts={st.story_id: story_texts(st, ctx.info) for st in issue.stories},
            rising=issue.rising,
        )
    )


def issue_html(issue: Issue, ctx: PageContext | None = None) -> str:
    return _issue("issue.html", issue, ctx or PageContext())


def issue_markdown(issue: Issue, ctx: PageContext | None = None) -> str:
    return _issue("issue.md", issue, ctx or PageContext())


def issue_text(issue: Issue, ctx: PageContext | None = None) -> str:
    return _issue("issue.txt", issue, ctx or PageContext())


def issue_email_html(issue: Issue, ctx: PageContext | None = None) -> str:
    """The issue as email-safe HTML: one column, CSS inlined into style attributes."""
    html = _issue("email.html", issue, ctx or PageContext())
    return str(css_inline.inline(html))


def index_html(
    issues: list[Issue], ctx: PageContext, heads: Mapping[str, str], tops: int = 3
) -> str:
    """The archive's index: every issue, newest first, with its counts and the headlines of its
    first `tops` stories (`heads`, by story id)."""
    newest_first = sorted(issues, key=lambda i: i.date, reverse=True)
    return (
        environment()
        .get_template("index.html")
        .render(
            issues=newest_first,
            ctx=ctx,
            site_title=ctx.site_title,
            s=Strings(ctx.language),
            heads=heads,
            tops=tops,
        )  # fmt: skip
    )


def feed_xml(issues: list[Issue], ctx: PageContext | None = None, limit: int = 50) -> str:
    """An Atom feed of the newest issues; links are relative unless `base_url` is set. Written
    by ElementTree, every text through `text.basics.gate` first: whatever a source held, a
    feed reader gets well-formed XML."""
    ctx = ctx or PageContext()
    s = Strings(ctx.language)
    newest_first = sorted(issues, key=lambda i: i.date, reverse=True)[:limit]
    updated = newest_first[0].date if newest_first else datetime.now(UTC).date().isoformat()
    base = f"{ctx.base_url}/" if ctx.base_url else ""
    site = quote(ctx.site_title, safe="")

    def add(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
        node = ET.SubElement(parent, tag, {k: gate(v) for k, v in attrs.items()})
        node.text = gate(text) if text else None
        return node

    feed = ET.Element("feed", {"xmlns": "http://www.w3.org/2005/Atom", "xml:lang": ctx.language})
    add(feed, "title", s.t("feed_title", site=ctx.site_title))
    add(feed, "id", f"urn:digest:{site}:issues")
    add(feed, "updated", f"{updated}T00:00:00Z")
    add(feed, "link", rel="self", href=f"{base}feed.xml")
    add(feed, "link", rel="alternate", type="text/html", href=f"{base}index.html")
    add(feed, "generator", "digest", version=__version__)
    for issue in newest_first:
        entry = add(feed, "entry")
        add(
            entry,
            "title",
            f"{s.t('issue_of', date=issue.date)}: {s.n('story', len(issue.stories))}",
        )
        add(entry, "id", f"urn:digest:{site}:issue:{issue.date}")
        add(entry, "updated", f"{issue.date}T00:00:00Z")
        add(entry, "link", rel="alternate", type="text/html", href=f"{base}{issue.date}/index.html")
        add(add(entry, "author"), "name", ctx.site_title)
        heads = " · ".join(story.original_title for story in issue.stories[:10])
        add(entry, "summary", heads, type="text")
    ET.indent(feed, space="")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def dates_to_write(issues: list[Issue], dates: Collection[str] | None) -> set[str]:
    """All issue dates, or those in `dates` and their neighbours (whose links change)."""
    wanted = set(dates) if dates is not None else {i.date for i in issues}
    for issue in issues:
        if issue.date in wanted:
            wanted |= {d for d in (issue.previous, issue.next) if d}
    return wanted


def recent_dates(issues: Sequence[Issue], days: int) -> set[str]:
    """The issues of the archive's last `days` days."""
    if not issues:
        return set()
    newest = date.fromisoformat(max(i.date for i in issues))
    first = (newest - timedelta(days=max(0, days - 1))).isoformat()
    return {i.date for i in issues if i.date >= first}
