"""Feed bytes to articles: pure. feedparser does the parsing; this module decodes the bytes
right first (see `encoding`), and turns each entry into an `Article`: a stable identity,
a canonical URL, the time with its zone, sanitised text, the language.

A malformed feed keeps every entry feedparser recovers, and says what was wrong.
"""

from __future__ import annotations

import calendar
import dataclasses
import re
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import feedparser

from digest.collect.encoding import as_utf8_xml, decode
from digest.collect.html import canonical_url, to_text
from digest.models import Article, FeedConfig, day_problem, declared_language
from digest.text.basics import content_hash, gate, language
from digest.text.bounds import cap
from digest.text.chrome import without_chrome
from digest.text.headlines import recurring_tails, site_names, without_site


@dataclass(frozen=True)
class ParsedFeed:
    """What one feed document gave: articles, warnings (recoverable problems), or an error."""

    articles: tuple[Article, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str = ""
    encoding: str = ""  # the encoding the text was decoded from
    encoding_reason: str = ""  # why: a byte-order mark, valid UTF-8, declared, detected


# The year as an RFC 822 date or an ISO date writes it: "06 Jan 0095", "0095-01-06"
_WRITTEN_YEAR = re.compile(r"\b\d{1,2}\s+[A-Za-z]{3,9}\.?\s+(\d{2,4})\b|^\s*(\d{3,4})-\d{2}-\d{2}")


def _time(raw: str | None, parsed: Any) -> datetime | None:
    """The entry's time with its own zone when the text has one; UTC when only feedparser's
    normalised value is usable; None when there is no date at all, or an impossible one
    (feedparser turns «30 Feb» into 2 March: its day must appear in the text)."""
    if raw:
        found = _WRITTEN_YEAR.search(raw)
        year = (found.group(1) or found.group(2)) if found else ""
        if len(year) > 2 and int(year) < 1000:
            return None  # «0095»: RFC 822 parsers read it as 1995, but it says year 95
        for parse in (parsedate_to_datetime, datetime.fromisoformat):
            try:
                when = parse(raw.strip())
            except (TypeError, ValueError, IndexError):
                continue
            return when if when.tzinfo else when.replace(tzinfo=UTC)
    if parsed:
        when = datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
        numbers = {int(n) for n in re.findall(r"\d+", raw or "")}
        if raw and not {when.day, when.year} <= numbers:
            return None  # an impossible date, normalised into another day
        return when
    return None


def _content(entry: Any) -> str:
    contents = entry.get("content") or []
    for item in contents:
        if item.get("value"):
            return str(item["value"])
    return str(entry.get("summary") or entry.get("description") or "")


def _title(entry: Any) -> str:
    return gate(to_text(str(entry.get("title") or "")[:2000])).replace("\n\n", " ")


_EMAIL_NAME = re.compile(r"^\s*\S+@\S+\s*\((?P<name>[^)]+)\)\s*$")


def _author(entry: Any) -> str:
    """The author's name; RSS writes «email (Name)», which feedparser splits badly in Cyrillic."""
    raw = to_text(str(entry.get("author") or ""))
    if m := _EMAIL_NAME.match(raw):
        return m.group("name").strip()
    if "@" in raw:
        detail = entry.get("author_detail") or {}
        return to_text(str(detail.get("name") or ""))
    return raw


def entry_article(
    entry: Any,
    feed: FeedConfig,
    fetched_at: datetime,
    max_chars: int = 100_000,
    declared: str = "",
    recurring: frozenset[str] = frozenset(),
    refused: list[str] | None = None,
) -> Article | None:
    """One feed entry as an `Article`, or None when it has neither title nor text. A date
    outside the sane range (`text.bounds`) counts as no date: the fetch time stands in. A text
    longer than `max_chars` is cut at a paragraph and ends with «[…]». The language is the
    feed's configured one, else detected, with the entry's or the feed's declared language
    (`declared`) naming a Latin-script text that is not English. A tail naming the site
    («… - Lenta.ru», or one of the batch's `recurring` tails) is taken off the headline
    (`text.headlines`), the site's calls, credits and tags off the text (`text.chrome`); the
    content hash is of the text as the feed sent it. `refused` gains why a date was set aside
    (`day_problem`: in the future, or before 1990)."""
    sent = _title(entry)
    body, _ = cap(gate(to_text(_content(entry)[: max_chars * 4])), max_chars)
    own_language = declared_language((entry.get("title_detail") or {}).get("language"))
    if not sent and not body:
        return None
    body = body or sent
    link = canonical_url(str(entry.get("link") or ""))
    cited = str((entry.get("source") or {}).get("title") or "")  # Google News: the outlet
    names = site_names(feed.name, link) + site_names(cited)
    title = without_site(sent, names, recurring) or body.split("\n\n")[0][:120]
    guid = str(entry.get("id") or entry.get("guid") or "").strip()
    chash = content_hash(f"{sent}\n{body}")
    source = link or f"urn:digest:{feed.url}#{guid or 'sha256:' + chash[:16]}"
    with warnings.catch_warnings():  # feedparser warns when it maps updated to published
        warnings.simplefilter("ignore", DeprecationWarning)
        when = _time(
            entry.get("published") or entry.get("updated") or entry.get("dc_date"),
            entry.get("published_parsed") or entry.get("updated_parsed"),
        )
    problem = day_problem(when.date(), fetched_at.date()) if when is not None else None
    if problem:
        when = None  # year 1, year 9999, next year: not a date to file the article under
        if refused is not None:
            refused.append(problem)
    return Article(
        source=source,
        published=(when or fetched_at).isoformat(timespec="seconds"),
        title=title,
        body=without_chrome(body),
        language=feed.language or language(f"{title} {body}", own_language or declared),
        outlet=feed.name,
        author=_author(entry),
        url=link,
        content_hash=chash,
        feed_url=feed.url,
        guid=guid,
        published_estimated=when is None,
    )


def parse_feed(
    body: bytes,
    content_type: str | None,
    feed: FeedConfig,
    fetched_at: datetime,
    max_chars: int = 100_000,
) -> ParsedFeed:
    """Parse a feed document. Never raises: problems come back as warnings or an error."""
    decoded = decode(body, content_type)
    warnings = [decoded.warning] if decoded.warning else []
    parsed = feedparser.parse(
        as_utf8_xml(decoded),
        response_headers={"content-type": "application/xml; charset=utf-8"},
        sanitize_html=False,  # nh3 sanitises, once, in to_text
        resolve_relative_uris=True,
    )
    if parsed.get("bozo"):
        problem = parsed.get("bozo_exception")
        warnings.append(f"malformed feed: {problem}".strip())
    entries = parsed.get("entries") or []
    if not entries and not parsed.get("version"):
        looks_html = "<html" in decoded.text[:2000].lower()
        error = "not a feed (an HTML page)" if looks_html else "not a feed (no RSS, Atom or RDF)"
        return ParsedFeed(error=error, warnings=tuple(warnings), encoding=decoded.encoding,
                          encoding_reason=decoded.reason)  # fmt: skip
    articles: list[Article] = []
    seen: dict[str, str] = {}  # source -> content hash
    shared = 0
    declared = declared_language((parsed.get("feed") or {}).get("language"))
    recurring = recurring_tails(_title(e) for e in entries)  # the site's name on every headline
    refused: list[str] = []
    for entry in entries:
        article = entry_article(entry, feed, fetched_at, max_chars, declared, recurring, refused)
        if article is None:
            warnings.append("skipped an entry with neither title nor text")
            continue
        if article.source in seen:
            if seen[article.source] == article.content_hash:
                continue  # the same entry twice
            shared += 1  # one id, another text: kept under an id of its own
            source = f"{article.source}#sha256:{article.content_hash[:16]}"
            article = dataclasses.replace(article, source=source)
        seen[article.source] = article.content_hash
        articles.append(article)
    if shared:
        warnings.append(
            f"{shared} entr{'y' if shared == 1 else 'ies'} shared an id with another of"
            " different text: each kept under an id of its own"
        )
    undated = sum(a.published_estimated for a in articles) - len(refused)
    if undated > 0:
        warnings.append(
            f"{undated} entr{'y' if undated == 1 else 'ies'} had no usable date: fetch time used"
        )
    for problem in dict.fromkeys(refused):  # "date 2031-01-01 is in the future (after …)"
        warnings.append(f"an entry's {problem}: fetch time used")
    used = f"{decoded.encoding} ({decoded.reason})"
    kept = tuple(dataclasses.replace(a, encoding=used) for a in articles)
    return ParsedFeed(kept, tuple(warnings), "", decoded.encoding, decoded.reason)
