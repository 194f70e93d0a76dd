"""Generated feed corpora for the benchmarks: Russian-looking text recombined from the seeds."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from digest.collect.seeds import parse_seed

ROOT = Path(__file__).resolve().parents[1]


def sentences() -> list[str]:
    out: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        body = parse_seed(path.name, path.read_text(encoding="utf-8")).body
        out += [s.strip() + "." for s in body.replace("\n", " ").split(".") if len(s.split()) > 5]
    return out


def feed_xml(feed: int, items: int, pool: list[str], rng: random.Random) -> str:
    start = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>',
        f"<title>Лента {feed}</title><link>https://feed{feed}.example/</link>",
        "<description>generated</description>",
    ]
    for i in range(items):
        text = " ".join(rng.sample(pool, 4))
        when = format_datetime(start + timedelta(minutes=17 * i + feed))
        parts.append(
            f"<item><title>{escape(pool[(feed * items + i) % len(pool)][:90])}</title>"
            f"<link>https://feed{feed}.example/news/{i}?utm_source=rss</link>"
            f"<guid>feed{feed}-{i}</guid><pubDate>{when}</pubDate>"
            f"<description>{escape('<p>' + text + '</p>')}</description></item>"
        )
    parts.append("</channel></rss>\n")
    return "".join(parts)


def write_feeds(folder: Path, feeds: int, items: int, seed: int = 11) -> list[Path]:
    rng = random.Random(seed)
    pool = sentences()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for f in range(feeds):
        path = folder / f"feed{f}.xml"
        path.write_text(feed_xml(f, items, pool, rng), encoding="utf-8")
        paths.append(path)
    return paths
