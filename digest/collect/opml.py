"""Feeds from an OPML subscription list (parsed with defusedxml: no entity tricks)."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from digest.config import check_feed
from digest.errors import ConfigError, SourceError
from digest.models import FeedConfig, language_tag


def _walk(node: Element, tags: tuple[str, ...], out: list[FeedConfig], skipped: list[str]) -> None:
    for child in node.findall("outline"):
        url = (child.get("xmlUrl") or child.get("xmlurl") or "").strip()
        label = (child.get("title") or child.get("text") or "").strip()
        if not url:  # a folder of feeds: its name becomes a tag
            _walk(child, (*tags, label) if label else tags, out, skipped)
            continue
        lang = language_tag(child.get("language") or "")
        feed = FeedConfig(
            url=url,
            name=label or url,
            language=lang if lang.isalpha() and len(lang) <= 3 else "",
            tags=tags,
        )
        try:
            check_feed(feed, f"outline {label or url!r}")
        except ConfigError as exc:
            skipped.append(str(exc))
            continue
        out.append(feed)


def parse_opml(data: bytes, name: str) -> tuple[list[FeedConfig], list[str]]:
    """(feeds, reasons for outlines skipped). Raises `SourceError` naming `name` if unusable."""
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise SourceError(name, f"not a valid OPML file: {exc}") from None
    body = root.find("body")
    if root.tag != "opml" or body is None:
        raise SourceError(name, "not an OPML file (no <opml><body>)")
    feeds: list[FeedConfig] = []
    skipped: list[str] = []
    _walk(body, (), feeds, skipped)
    unique = list({f.url: f for f in feeds}.values())
    return unique, skipped


def read_opml(path: Path) -> tuple[list[FeedConfig], list[str]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(str(path), f"cannot read: {exc.strerror or exc}") from None
    return parse_opml(data, str(path))
