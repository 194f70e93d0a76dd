"""Generated feed entries through collect → group → render (#22, hypothesis): titles and bodies
with any code points, dates of any year, any link. No traceback, and every page well-formed:
feed.xml parses with a strict XML parser, every HTML page has its tags balanced and no control
character."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from xml.sax.saxutils import escape

from defusedxml import ElementTree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest import pipeline
from digest.collect.feeds import parse_feed
from digest.config import Config, FeedConfig
from digest.store import db

CODE_POINTS = st.characters(codec=None, exclude_categories=())  # any code point at all
TEXT = st.text(CODE_POINTS, min_size=1, max_size=60)
YEARS = st.integers(min_value=1, max_value=9999)
ENTRY = st.tuples(TEXT, TEXT, YEARS, st.text(max_size=30))
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
CONTROLS = {chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), *range(127, 160)]}


class Balance(HTMLParser):
    """Every element opened is closed, in order (void elements aside)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
        else:
            self.open.pop()


def _rss(entries: list[tuple[str, str, int, str]]) -> bytes:
    """A feed as a careless server writes one: the text escaped for markup, nothing more (any
    control character left in)."""
    items = "".join(
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
        f"<pubDate>Mon, 06 Jan {year:04d} 10:00:00 +0500</pubDate>"
        f"<description>{escape(body)}</description></item>"
        for title, body, year, link in entries
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>G</title>{items}</channel></rss>'.encode(  # noqa: E501
        "utf-8", "surrogatepass"
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries=st.lists(ENTRY, min_size=1, max_size=4))
def test_any_entries_give_well_formed_pages(entries: list[tuple[str, str, int, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        here = Path(tmp)
        config = Config(database=here / "d.sqlite3", archive_dir=here / "archive",
                        seeds_dir=here / "none")  # fmt: skip
        feed = FeedConfig("https://g.example/rss", "Generated")
        parsed = parse_feed(_rss(entries), None, feed, datetime(2026, 12, 7, tzinfo=UTC))
        conn = db.connect(config.database)
        try:
            db.add_articles(conn, parsed.articles)
            pipeline.cluster(config, conn, {})
            pipeline.render(config, conn, engine_map={})
        finally:
            conn.close()
        archive = here / "archive"
        ElementTree.parse(archive / "feed.xml")
        for page in archive.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            assert not CONTROLS & set(text), page
            checker = Balance()
            checker.feed(text)
            checker.close()
            assert checker.errors == [] and checker.open == [], (page, checker.errors)
