"""Feed text right in every encoding (issue #11): each fixture of
tests/data/feeds/encodings (see its README) decoded to the exact title, whether the response
says no charset, says `utf-8` wrongly, or names the right one; and no case where plain
feedparser reads a feed right and digest does not."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest

from digest.collect.feeds import parse_feed
from digest.models import FeedConfig

HERE = Path(__file__).resolve().parents[2] / "data" / "feeds" / "encodings"
sys.path.insert(0, str(HERE))
from make_fixtures import CASES  # noqa: E402

MODES = {"no charset": lambda enc: "application/rss+xml",
         "mislabelled utf-8": lambda enc: "application/rss+xml; charset=utf-8",
         "right charset": lambda enc: f"application/rss+xml; charset={enc}"}  # fmt: skip
FEED = FeedConfig("https://example.org/feed.xml", "Example")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("name", sorted(CASES))
def test_every_fixture_gives_its_exact_title(name: str, mode: str) -> None:
    encoding, _, title, _ = CASES[name]
    body = (HERE / name).read_bytes()
    content_type = MODES[mode](encoding)
    parsed = parse_feed(body, content_type, FEED, NOW)
    assert not parsed.error, parsed.error
    assert [a.title for a in parsed.articles] == [title]
    plain = feedparser.parse(body, response_headers={"content-type": content_type})
    theirs = [e.get("title") for e in plain.get("entries", [])]
    if theirs == [title]:
        assert [a.title for a in parsed.articles] == theirs  # never worse than feedparser


def test_the_encoding_used_and_why_are_kept() -> None:
    body = (HERE / "ru_short_koi8_says_cp1251.xml").read_bytes()
    parsed = parse_feed(body, None, FEED, NOW)
    assert parsed.encoding == "koi8-r"
    assert "declared cp1251" in parsed.encoding_reason
    assert any("did not fit the bytes; decoded as koi8-r" in w for w in parsed.warnings)
    (article,) = parsed.articles  # each article keeps it too, into the store
    assert article.encoding == "koi8-r (declared cp1251, compared with other Cyrillic)"


def _rss(items: str) -> bytes:
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()  # noqa: E501


def test_entries_sharing_a_guid_with_different_text_are_all_kept() -> None:
    items = "".join(
        f"<item><guid isPermaLink='false'>same</guid><title>Item {i}</title>"
        f"<description>Text number {i}.</description></item>"
        for i in range(3)
    )
    parsed = parse_feed(_rss(items), None, FEED, NOW)
    assert sorted(a.title for a in parsed.articles) == ["Item 0", "Item 1", "Item 2"]
    assert len({a.source for a in parsed.articles}) == 3
    assert any("shared an id" in w for w in parsed.warnings)


def test_an_impossible_date_is_flagged_and_the_fetch_time_used() -> None:
    item = ("<item><title>Leap</title><link>https://example.org/x</link>"
            "<pubDate>Mon, 30 Feb 2026 10:00:00 +0000</pubDate></item>")  # fmt: skip
    (article,) = parse_feed(_rss(item), None, FEED, NOW).articles
    assert article.published_estimated and article.published.startswith("2026-11-23")


RUSSIAN_RSS = (
    '<?xml version="1.0" encoding="utf-8"?><rss><channel><title>Новости</title><item><title>'
    "Трассу Алматы — Бишкек закрыли</title><description>Движение закрыли из-за снегопада на"
    " перевале Кордай, сообщили в полиции.</description></item></channel></rss>"
).encode()


@pytest.mark.parametrize("content_type", ["application/rss+xml; charset=utf-8", None])
def test_utf8_with_one_bad_byte_stays_utf8(content_type: str | None) -> None:
    """#22: UTF-8 with one invalid byte was read as pseudo-Cyrillic."""
    from digest.collect.encoding import decode

    bad = RUSSIAN_RSS[:150] + b"\xff" + RUSSIAN_RSS[150:]
    decoded = decode(bad, content_type)
    assert decoded.encoding == "utf-8" and "were replaced" in decoded.warning
    assert "Движение закрыли из-за снегопада" in decoded.text


def test_hebrew_in_windows_1255_is_not_read_as_cyrillic() -> None:
    """#22: Hebrew windows-1255 with no declaration became pseudo-Cyrillic."""
    from digest.collect.encoding import decode

    text = (
        '<?xml version="1.0"?><rss><channel><title>חדשות</title><item><title>ראש הממשלה נפגש'
        " היום עם שר האוצר בירושלים</title><description>הפגישה עסקה בתקציב המדינה לשנה הבאה"
        " ובמצב הכלכלה, כך נמסר מלשכת ראש הממשלה.</description></item></channel></rss>"
    )
    decoded = decode(text.encode("cp1255"), None)
    assert "ראש הממשלה נפגש היום" in decoded.text
