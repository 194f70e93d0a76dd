"""Articles in languages other than Russian and English (#17): a feed served by a real HTTP
server on 127.0.0.1 (the `other_languages` fixture, tests/data/feeds/README.md) keeps each
entry's own language code, and the issue shows it as written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from digest import pipeline
from digest.collect.fetch import Fetcher, make_client
from digest.config import Config, FeedConfig
from digest.store import db
from digest.store.backend import Connection

from .test_feeds import FAST, FEEDS


@pytest.fixture()
def conn(tmp_path: Path) -> Iterator[Connection]:
    c = db.connect(tmp_path / "d.sqlite3")
    yield c
    c.close()


def serve(httpserver: HTTPServer, case: str) -> str:
    body = (FEEDS / case / "feed.xml").read_bytes()
    headers = {"Content-Type": "application/rss+xml"}
    httpserver.expect_request(f"/{case}.xml").respond_with_response(Response(body, headers=headers))
    return httpserver.url_for(f"/{case}.xml")


def collect(tmp_path: Path, conn: Connection, feeds: list[FeedConfig]) -> None:
    config = Config(seeds_dir=tmp_path / "no-seeds", feeds=tuple(feeds), fetch=FAST)
    with make_client(FAST) as client:
        pipeline.collect(config, conn, Fetcher(FAST, client))


def test_articles_in_other_languages_keep_their_code_and_are_shown_as_such(
    httpserver: HTTPServer, tmp_path: Path, conn: Connection
) -> None:
    url = serve(httpserver, "other_languages")
    collect(tmp_path, conn, [FeedConfig(url, "Zentralasien")])
    langs = {s.article.url.rsplit("/", 1)[1]: s.article.language for s in db.articles(conn)}
    assert langs == {"bahnstrecke": "de", "mektep": "kk", "water": "en"}
    config = Config(seeds_dir=tmp_path / "no-seeds", archive_dir=tmp_path / "archive")
    pipeline.cluster(config, conn)
    pipeline.render(config, conn, engine_map={})
    page = (tmp_path / "archive" / "2026-02-05" / "index.html").read_text(encoding="utf-8")
    assert "Original language: German (not translated)" in page
    assert "Original language: Kazakh (not translated)" in page
    assert '<section lang="de"' in page and "Kasachstan eröffnet neue Bahnstrecke" in page
    data = json.loads((tmp_path / "archive" / "2026-02-05" / "digest.json").read_text("utf-8"))
    german = next(s for s in data["stories"] if s["articles"][0]["language"] == "de")
    assert german["title"]["de"] == "Kasachstan eröffnet neue Bahnstrecke nach China"
    assert german["title"]["en"] is None and german["title"]["ru"] is None
