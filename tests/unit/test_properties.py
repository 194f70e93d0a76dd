"""Property-based tests (hypothesis): no input makes seed parsing, feed-entry normalisation or
rendering crash, and no source text comes out as live HTML."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from digest.collect.feeds import entry_article, parse_feed
from digest.collect.html import canonical_url, to_text
from digest.collect.seeds import HEADER, parse_seed
from digest.config import FeedConfig
from digest.errors import SeedFormatError
from digest.models import Article, Membership, StoredArticle, Story, StoryArticle
from digest.render.issues import build_issues
from digest.render.pages import issue_html, issue_markdown, issue_text

HOSTILE = st.sampled_from([
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
    '"><svg onload=alert(1)>', "&lt;b&gt;", "]]>", "<!--", "\x00", "\u202e", "«»", "{{ 7*7 }}",
    "{% raw %}", "*_[]()#", "\r\n", "Казахстан", "Фото: РИА Новости", " date 2026-01-01",
])  # fmt: skip
TEXT = st.lists(st.one_of(st.text(max_size=40), HOSTILE), max_size=8).map("".join)
SETTINGS = settings(max_examples=60, deadline=None)


@SETTINGS
@given(body=TEXT, day=st.dates().map(lambda d: d.isoformat()))
def test_seed_parsing_never_crashes(body: str, day: str) -> None:
    # the body alone can be a seed of its own (« date 2026-01-01 …»): its own date is expected
    own = HEADER.match(body.replace("\r\n", "\n").replace("\r", "\n").split("\n")[0])
    for text, expected in ((f" date {day} {body}", day), (body, own and own.group("date"))):
        try:
            article = parse_seed("x.txt", text)
        except SeedFormatError as exc:
            assert exc.source == "x.txt" and exc.problem
        else:
            assert article.published == expected
            assert article.body.strip() and article.title.strip()


@SETTINGS
@given(title=TEXT, summary=TEXT, link=TEXT, guid=TEXT, when=TEXT)
def test_feed_entries_normalise_without_crashing(
    title: str, summary: str, link: str, guid: str, when: str
) -> None:
    entry = {"title": title, "summary": summary, "link": link, "id": guid, "published": when}
    article = entry_article(entry, FeedConfig("https://f.example/rss", "F"), datetime.now(UTC))
    if article is not None:
        assert article.url == "" or article.url.startswith(("http://", "https://"))
        assert article.title.strip() and article.body.strip()
        assert "\n" not in article.title  # one line, whatever the feed put in it
        assert article.published[:4].isdigit() and "T" in article.published


@SETTINGS
@given(data=TEXT)
def test_feed_bytes_never_crash_the_parser(data: str) -> None:
    result = parse_feed(data.encode("utf-8", "surrogatepass"), None,
                        FeedConfig("https://f.example/rss", "F"), datetime.now(UTC))  # fmt: skip
    assert result.error or isinstance(result.articles, tuple)


@SETTINGS
@given(html=TEXT)
def test_html_to_text_and_urls_are_safe(html: str) -> None:
    text = to_text(html)  # plain text (escaped on output, see the rendering property)
    assert text == text.strip() and "\n\n\n" not in text
    assert all(p == " ".join(p.split()) for p in text.split("\n\n"))
    url = canonical_url(html)
    assert url == "" or url.startswith(("http://", "https://"))


_TAG = re.compile(r"<([a-zA-Z][\w-]*)")
ALLOWED = {"a", "article", "ol", "body", "code", "details", "div", "dl", "dd", "dt", "em", "footer",
           "h1", "h2", "h3", "h4", "h5", "head", "header", "html", "li", "link", "main", "mark",
           "meta", "nav", "p", "q", "section", "span", "strong", "style", "summary", "time",
           "title", "ul"}  # fmt: skip


@SETTINGS
@given(title=TEXT, body=TEXT, outlet=TEXT, author=TEXT, cite=TEXT)
def test_rendering_escapes_everything_from_sources(
    title: str, body: str, outlet: str, author: str, cite: str
) -> None:
    article = Article("s1", "2026-01-01", title or "t", body or "b", "ru", outlet=outlet,
                      author=author, cites=(cite,), url="https://x.example/a")  # fmt: skip
    other = replace(article, source="s2", published="2026-01-02")
    items = (
        StoryArticle(StoredArticle(1, article), Membership(1, "s", 1.0, None, {"first": True}),
                     original=True),
        StoryArticle(StoredArticle(2, other), Membership(2, "s", 0.9, 1, {
            "matched": outlet, "score": 0.9, "containment": 0.8, "title": 0.5,
            "shared_figures": [cite], "shared_names": [author]})),
    )  # fmt: skip
    for issue in build_issues([Story("s", items)], keywords=(title[:3],)):
        html = issue_html(issue)
        tags = {t.lower() for t in _TAG.findall(html)}
        assert tags <= ALLOWED, tags - ALLOWED
        assert not re.search(r"<[^>]*\son\w+\s*=", html)
        issue_markdown(issue)
        issue_text(issue)
