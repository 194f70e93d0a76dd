"""The feed collector against a real HTTP server on 127.0.0.1 (pytest-httpserver), serving the
fixture feeds in tests/data/feeds/ (see its README), plus raw TCP servers that misbehave."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from digest import pipeline
from digest.collect.fetch import Fetcher, make_client
from digest.config import Config, FeedConfig, FetchConfig
from digest.store import db, feedstate

from .conftest import RawServer, garbage, hang, reset, trickle

FEEDS = Path(__file__).resolve().parents[1] / "data" / "feeds"
FAST = FetchConfig(
    connect_timeout=2, read_timeout=1, total_timeout=8, host_delay=0, retries=1,
    max_retry_wait=2, max_bytes=1_000_000, concurrency=4,
)  # fmt: skip

SERVED = {
    "rss2": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml",
    "rdf": "application/rdf+xml",
    "cp1251_declared": "text/xml",
    "cp1251_undeclared": "text/xml; charset=windows-1251",
    "koi8r_declared": "application/xml",
    "koi8r_lying": "text/xml; charset=utf-8",
    "utf8_lying": "text/xml; charset=koi8-r",
    "malformed": "application/rss+xml",
    "xss": "application/rss+xml",
    "dup_a": "application/rss+xml",
    "dup_b": "application/rss+xml",
    "html_page": "text/html",
}


def serve(httpserver: HTTPServer, case: str, content_type: str | None = None) -> str:
    body = (FEEDS / case / "feed.xml").read_bytes()
    headers = {"Content-Type": content_type or SERVED[case]}
    httpserver.expect_request(f"/{case}.xml").respond_with_response(Response(body, headers=headers))
    return httpserver.url_for(f"/{case}.xml")


@pytest.fixture()
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    c = db.connect(tmp_path / "d.sqlite3")
    yield c
    c.close()


def collect(
    tmp_path: Path, conn: sqlite3.Connection, feeds: list[FeedConfig], fetch: FetchConfig = FAST
) -> pipeline.CollectReport:
    config = Config(seeds_dir=tmp_path / "no-seeds", feeds=tuple(feeds), fetch=fetch)
    with make_client(fetch) as client:
        return pipeline.collect(config, conn, Fetcher(fetch, client))


def by_feed(report: pipeline.CollectReport) -> dict[str, pipeline.SourceOutcome]:
    return {o.source.split(" <")[0]: o for o in report.outcomes if o.kind == "feed"}


def titles(conn: sqlite3.Connection, feed_url: str) -> list[str]:
    return [s.article.title for s in db.articles_of_feed(conn, feed_url)]


RU_TITLES = [
    "Астана и Ташкент договорились о графике попусков воды",
    "В Алматы открыли новый терминал аэропорта",
]


@pytest.mark.parametrize(
    ("case", "content_type"),
    [
        ("cp1251_declared", None),
        ("cp1251_undeclared", None),
        ("cp1251_undeclared", "text/xml"),
        ("koi8r_declared", None),
        ("koi8r_lying", None),
        ("utf8_lying", None),
    ],
)
def test_cyrillic_decoded_right_whatever_is_declared(
    httpserver: HTTPServer, tmp_path: Path, conn: sqlite3.Connection, case: str,
    content_type: str | None,
) -> None:  # fmt: skip
    url = serve(httpserver, case, content_type)
    report = collect(tmp_path, conn, [FeedConfig(url, case)])
    assert by_feed(report)[case].status == "ok"
    assert sorted(titles(conn, url)) == sorted(RU_TITLES)
    bodies = [s.article.body for s in db.articles(conn)]
    assert "Токтогульского водохранилища" in bodies[0] + bodies[1]


def test_rss_atom_rdf_entries_become_articles(
    httpserver: HTTPServer, tmp_path: Path, conn: sqlite3.Connection
) -> None:
    urls = {case: serve(httpserver, case) for case in ("rss2", "atom", "rdf")}
    report = collect(tmp_path, conn, [FeedConfig(u, c) for c, u in urls.items()])
    assert {o.status for o in report.outcomes if o.kind == "feed"} == {"ok"}
    arts = {s.article.source: s.article for s in db.articles(conn)}
    roads = arts["https://news.example/roads?id=7"]  # utm_* and the fragment are gone
    assert roads.published == "2026-03-09T08:15:00+05:00"
    assert roads.author == "Айгуль Серикова"
    assert roads.body == (
        "План предусматривает ремонт 12 тысяч километров дорог.\n\n"
        "Финансирование составит 2,4 трлн тенге."
    )
    assert roads.outlet == "rss2" and roads.language == "ru" and roads.guid == "news-example-7"
    undated = arts["https://news.example/undated"]
    assert undated.published_estimated and not roads.published_estimated
    assert f"urn:digest:{urls['rss2']}#no-link-guid-1" in arts
    water = arts["https://wire.example/2026/03/water"]
    assert water.published == "2026-03-11T09:00:00+03:00"
    assert water.title == "Kazakhstan and Uzbekistan agree on water schedule"
    assert (water.language, water.author) == ("en", "Jane Doe")
    assert arts["https://rdf.example/n/1"].published == "2026-03-08T14:00:00+06:00"
    state = feedstate.get(conn, urls["rss2"])
    assert state is not None and state.last_warning == "1 entry had no usable date: fetch time used"


def test_malformed_feed_keeps_what_can_be_recovered(
    httpserver: HTTPServer, tmp_path: Path, conn: sqlite3.Connection
) -> None:
    url = serve(httpserver, "malformed")
    report = collect(tmp_path, conn, [FeedConfig(url, "Broken")])
    outcome = by_feed(report)["Broken"]
    assert outcome.status == "ok" and "malformed feed" in outcome.detail
    assert "Первая запись цела" in titles(conn, url)
    state = feedstate.get(conn, url)
    assert state is not None and "undefined entity" in (state.last_warning or "")


def test_hostile_html_is_neutralised(
    httpserver: HTTPServer, tmp_path: Path, conn: sqlite3.Connection
) -> None:
    url = serve(httpserver, "xss")
    collect(tmp_path, conn, [FeedConfig(url, "Hostile")])
    stored = db.articles(conn)
    assert [s.article.title for s in stored] == ["Заголовок", "CDATA заголовок"]
    text = " ".join(f"{s.article.title} {s.article.body}" for s in stored).lower()
    for bad in ("<script", "alert(", "javascript:", "onerror", "onload", "<img", "iframe", "<svg"):
        assert bad not in text


def test_conditional_get_round_trip(
    httpserver: HTTPServer, tmp_path: Path, conn: sqlite3.Connection
) -> None:
    body = (FEEDS / "rss2" / "feed.xml").read_bytes()
    seen: list[dict[str, str]] = []

    def handler(request: Request) -> Response:
        seen.append(dict(request.headers))
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        headers = {
            "ETag": '"v1"',
            "Last-Modified": "Mon, 09 Mar 2026 08:00:00 GMT",
            "Content-Type": "application/rss+xml",
        }
        return Response(body, headers=headers)

    httpserver.expect_request("/cond.xml").respond_with_handler(handler)
    feed = FeedConfig(httpserver.url_for("/cond.xml"), "Cond")
    first = collect(tmp_path, conn, [feed])
    second = collect(tmp_path, conn, [feed])
    assert by_feed(first)["Cond"].status == "ok" and by_feed(first)["Cond"].new == 3
    assert by_feed(second)["Cond"].status == "not_modified"
    assert "If-None-Match" not in seen[0]
    assert seen[1]["If-None-Match"] == '"v1"'
    assert seen[1]["If-Modified-Since"] == "Mon, 09 Mar 2026 08:00:00 GMT"
    assert seen[0]["User-Agent"].startswith("digest/")
    state = feedstate.get(conn, feed.url)
    assert state is not None and state.etag == '"v1"' and state.articles_stored == 3


def _failing_feeds(httpserver: HTTPServer, raw: Callable[..., RawServer]) -> dict[str, str]:
    httpserver.expect_request("/500.xml").respond_with_data("oops", status=500)
    httpserver.expect_request("/big.xml").respond_with_data(b"<rss>" + b" " * 10_000_000)
    httpserver.expect_request("/loop-a").respond_with_data(
        "", status=302, headers={"Location": "/loop-b"}
    )
    httpserver.expect_request("/loop-b").respond_with_data(
        "", status=302, headers={"Location": "/loop-a"}
    )
    return {
        "HTTP 500": httpserver.url_for("/500.xml"),
        "Big": httpserver.url_for("/big.xml"),
        "Loop": httpserver.url_for("/loop-a"),
        "Hang": raw(hang).url,
        "Reset": raw(reset).url,
        "Garbage": raw(garbage).url,
        "Page": serve(httpserver, "html_page"),
    }


def test_each_failure_is_named_and_the_good_feed_still_lands(
    httpserver: HTTPServer, raw_server: Callable[..., RawServer], tmp_path: Path,
    conn: sqlite3.Connection,
) -> None:  # fmt: skip
    bad = _failing_feeds(httpserver, raw_server)
    good = serve(httpserver, "rdf")
    feeds = [FeedConfig(u, name) for name, u in bad.items()] + [FeedConfig(good, "Good")]
    report = collect(tmp_path, conn, feeds)
    out = by_feed(report)
    assert out["Good"].status == "ok" and titles(conn, good)
    assert {name for name, o in out.items() if o.status == "failed"} == set(bad)
    assert "HTTP 500" in out["HTTP 500"].detail
    assert "body larger than 1000000 bytes" in out["Big"].detail
    assert "redirects" in out["Loop"].detail
    assert "read timeout" in out["Hang"].detail
    assert "connection broken" in out["Reset"].detail
    assert out["Garbage"].detail
    assert out["Page"].detail == "not a feed (an HTML page)"
    for name, url in bad.items():
        state = feedstate.get(conn, url)
        assert state is not None and state.last_error and state.last_success is None, name


def test_retry_after_is_honoured(
    httpserver: HTTPServer, tmp_path: Path, conn: sqlite3.Connection
) -> None:
    body = (FEEDS / "rdf" / "feed.xml").read_bytes()
    calls: list[int] = []

    def busy_once(request: Request) -> Response:
        calls.append(1)
        if len(calls) == 1:
            return Response("slow down", status=429, headers={"Retry-After": "1"})
        return Response(body, headers={"Content-Type": "application/rdf+xml"})

    httpserver.expect_request("/busy.xml").respond_with_handler(busy_once)
    httpserver.expect_request("/down.xml").respond_with_data(
        "maintenance", status=503, headers={"Retry-After": "3600"}
    )
    busy, down = httpserver.url_for("/busy.xml"), httpserver.url_for("/down.xml")
    report = collect(tmp_path, conn, [FeedConfig(busy, "Busy"), FeedConfig(down, "Down")])
    assert by_feed(report)["Busy"].status == "ok" and len(calls) == 2
    assert by_feed(report)["Down"].status == "deferred"
    assert "retry after 3600 s" in by_feed(report)["Down"].detail
    requests_before = len(httpserver.log)
    again = collect(tmp_path, conn, [FeedConfig(down, "Down")])
    assert by_feed(again)["Down"].status == "deferred"  # not asked again before the hour is up
    assert len(httpserver.log) == requests_before


def test_duplicates_across_feeds_and_runs_are_stored_once(
    httpserver: HTTPServer, tmp_path: Path, conn: sqlite3.Connection
) -> None:
    feeds = [
        FeedConfig(serve(httpserver, "dup_a"), "A"),
        FeedConfig(serve(httpserver, "dup_b"), "B"),
    ]
    first = collect(tmp_path, conn, feeds)
    second = collect(tmp_path, conn, feeds)
    assert first.new_articles == 2 and second.new_articles == 0
    sources = [s.article.source for s in db.articles(conn)]
    assert sorted(sources) == ["https://a.example/only", "https://shared.example/story"]


def test_full_text_is_extracted_and_the_summary_kept_on_failure(
    httpserver: HTTPServer, tmp_path: Path, conn: sqlite3.Connection
) -> None:
    page = (FEEDS / "fulltext" / "article.html").read_bytes()
    base = httpserver.url_for("/")
    feed_xml = (
        (FEEDS / "fulltext" / "feed.xml")
        .read_text(encoding="utf-8")
        .replace("http://SERVER/", base)
    )
    httpserver.expect_request("/ft.xml").respond_with_data(
        feed_xml, content_type="application/rss+xml"
    )
    httpserver.expect_request("/articles/1").respond_with_data(
        page, content_type="text/html; charset=utf-8"
    )
    httpserver.expect_request("/articles/2").respond_with_data("gone", status=404)
    feed = FeedConfig(httpserver.url_for("/ft.xml"), "Full", full_text=True)
    report = collect(tmp_path, conn, [feed])
    arts = {s.article.url.rsplit("/", 1)[-1]: s.article for s in db.articles(conn)}
    assert "Вторая часть статьи рассказывает о сроках" in arts["1"].body
    assert "Меню сайта" not in arts["1"].body
    assert arts["2"].body == "Краткое описание второй статьи."
    assert "HTTP 404" in by_feed(report)["Full"].detail


def test_politeness_waits_between_requests_to_one_host() -> None:
    waits: list[float] = []
    now = [100.0]

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    cfg = dataclasses.replace(FAST, host_delay=2.0)
    fetcher = Fetcher(cfg, make_client(cfg), sleep=sleep, clock=lambda: now[0])
    gate, last = fetcher._host("h.example")[1:]
    fetcher._wait_turn(gate, last)
    now[0] += 0.5
    fetcher._wait_turn(gate, last)
    assert waits == [1.5]


def test_only_http_and_https_are_fetched() -> None:
    with make_client(FAST) as client:
        got = Fetcher(FAST, client).get("file:///etc/passwd")
    assert got.status == "failed" and "only http and https" in got.error


def test_a_server_trickling_its_headers_is_cut_at_the_total_timeout(
    raw_server: Callable[..., RawServer], tmp_path: Path, conn: sqlite3.Connection
) -> None:
    slow = raw_server(trickle)
    fetch = dataclasses.replace(FAST, total_timeout=3)
    report = collect(tmp_path, conn, [FeedConfig(slow.url, "Slow")], fetch)
    outcome = by_feed(report)["Slow"]
    assert outcome.status == "failed" and "took longer than 3 s in all" in outcome.detail


def test_a_gzip_bomb_and_an_entity_bomb_end_with_a_message_and_spoil_nothing(
    httpserver: HTTPServer, tmp_path: Path, conn: sqlite3.Connection
) -> None:
    import gzip

    bomb = gzip.compress(b"<rss>" + b" " * 50_000_000 + b"</rss>")  # 50 KB that inflate to 50 MB
    httpserver.expect_request("/gzip.xml").respond_with_data(
        bomb, headers={"Content-Encoding": "gzip"}, content_type="application/rss+xml"
    )
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                  for i in range(1, 10))
        + ']><rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>'
        "</item></channel></rss>"
    )  # fmt: skip
    httpserver.expect_request("/laughs.xml").respond_with_data(
        laughs, content_type="application/rss+xml"
    )
    good = serve(httpserver, "rdf")
    feeds = [
        FeedConfig(httpserver.url_for("/gzip.xml"), "Gzip"),
        FeedConfig(httpserver.url_for("/laughs.xml"), "Laughs"),
        FeedConfig(good, "Good"),
    ]
    report = collect(tmp_path, conn, feeds)  # fmt: skip
    out = by_feed(report)
    assert out["Good"].status == "ok" and titles(conn, good)
    assert out["Gzip"].status == "failed" and "body larger than 1000000 bytes" in out["Gzip"].detail
    stored = " ".join(titles(conn, httpserver.url_for("/laughs.xml")))
    assert len(stored) < 10_000  # the entities were not expanded a billion times


def test_a_redirect_to_javascript_fails_at_once_with_a_reason(
    httpserver: HTTPServer, tmp_path: Path, conn: sqlite3.Connection,
    capfd: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    httpserver.expect_request("/js.xml").respond_with_data(
        "", status=302, headers={"Location": "javascript:alert(1)"}
    )
    report = collect(tmp_path, conn, [FeedConfig(httpserver.url_for("/js.xml"), "JS")])
    (outcome,) = [o for o in report.outcomes if o.kind == "feed"]
    assert outcome.status == "failed"
    assert "took longer" not in outcome.detail and "address" in outcome.detail
    assert "Traceback" not in capfd.readouterr().err


def test_a_redirect_without_location_says_so(
    httpserver: HTTPServer, tmp_path: Path, conn: sqlite3.Connection
) -> None:
    """#22: a 302 without Location was reported as "not a feed"."""
    httpserver.expect_request("/moved.xml").respond_with_data("", status=302)
    report = collect(tmp_path, conn, [FeedConfig(httpserver.url_for("/moved.xml"), "Moved")])
    (outcome,) = [o for o in report.outcomes if o.kind == "feed"]
    assert outcome.status == "failed"
    assert "HTTP 302 redirect without a Location header" in outcome.detail


def test_waiting_for_the_hosts_turn_does_not_count_against_a_feeds_timeout(
    httpserver: HTTPServer, tmp_path: Path, conn: sqlite3.Connection
) -> None:
    import time

    from werkzeug import Response

    def slow(request: Request) -> Response:
        time.sleep(0.7)
        return Response((FEEDS / "rss2" / "feed.xml").read_bytes(), mimetype="application/rss+xml")

    for name in ("a", "b", "c"):
        httpserver.expect_request(f"/{name}.xml").respond_with_handler(slow)
    feeds = [FeedConfig(httpserver.url_for(f"/{n}.xml"), n.upper()) for n in ("a", "b", "c")]
    fetch = dataclasses.replace(FAST, per_host=1, total_timeout=1.5, host_delay=0)
    report = collect(tmp_path, conn, feeds, fetch)  # each needs 0.7 s; the last waits 1.4 s
    fed = [o for o in report.outcomes if o.kind == "feed"]
    assert {o.status for o in fed} == {"ok"}, [o.detail for o in fed]
