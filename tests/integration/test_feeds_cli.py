"""`digest collect`, `digest run` and `digest feeds` with feeds on a local HTTP server."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from digest.cli import main

from .test_feeds import serve


def _config(tmp_path: Path, feeds: dict[str, str]) -> Path:
    lines = ["archive_dir: public", "fetch:", "  read_timeout: 1", "  host_delay: 0", "feeds:"]
    for name, url in feeds.items():
        lines += [f"  - url: {url}", f"    name: {name}"]
    path = tmp_path / "config.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_collect_exit_codes_and_summary(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _config(tmp_path, {"Atom": serve(httpserver, "atom"), "RDF": serve(httpserver, "rdf")})
    assert main(["collect", "--config", str(good)]) == 0
    out = capsys.readouterr().out
    assert "feed Atom <" in out and "2 new" in out
    assert "feeds: 2 in all, 2 fetched, 0 not modified, 0 failed" in out

    httpserver.expect_request("/gone.xml").respond_with_data("", status=404)
    mixed = _config(tmp_path, {"Atom": serve(httpserver, "atom"),
                               "Gone": httpserver.url_for("/gone.xml")})  # fmt: skip
    assert main(["collect", "--config", str(mixed)]) == 1
    captured = capsys.readouterr()
    assert re.search(r"feed Gone <.*>: failed \(HTTP 404", captured.err)
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    ("feeds_yaml", "message"),
    [
        ("feeds:\n  - url: ftp://x/rss\n    name: X\n", "feeds[0].url must be an http or https"),
        ("feeds:\n  - url: https://x/rss\n", "feeds[0].name is required"),
        ("feeds:\n  - https://x/rss\n", "feeds[0] must be a mapping"),
        ("feeds:\n  - url: https://x/rss\n    name: X\n    full_text: yes please\n",
         "'feeds[0].full_text' must be true or false"),
    ],
)  # fmt: skip
def test_broken_feed_config_exits_2(
    tmp_path: Path, feeds_yaml: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(feeds_yaml, encoding="utf-8")
    assert main(["collect", "--config", str(path)]) == 2
    assert message in capsys.readouterr().err


def test_run_on_hostile_feed_renders_no_script(httpserver: HTTPServer, tmp_path: Path) -> None:
    config = _config(tmp_path, {"Hostile": serve(httpserver, "xss")})
    assert main(["run", "--date", "2026-03-09", "--config", str(config)]) == 0
    html = (tmp_path / "public" / "2026-03-09" / "index.html").read_text(encoding="utf-8")
    md = (tmp_path / "public" / "2026-03-09" / "digest.md").read_text(encoding="utf-8")
    assert "Заголовок" in html and "CDATA заголовок" in html
    for page in (html, md):
        lowered = page.lower()
        for bad in ("<script", "javascript:", "onerror", "onload", "<img", "<iframe", "<svg"):
            assert bad not in lowered


def test_feeds_import_and_status(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    atom = serve(httpserver, "atom")
    httpserver.expect_request("/err.xml").respond_with_data("", status=500)
    opml = tmp_path / "subs.opml"
    opml.write_text(
        f'<opml version="2.0"><body><outline text="Wires"><outline text="Atom" xmlUrl="{atom}"/>'
        f'<outline text="Err" xmlUrl="{httpserver.url_for("/err.xml")}"/></outline></body></opml>',
        encoding="utf-8",
    )
    config = _config(tmp_path, {})
    assert main(["feeds", "import", str(opml), "--config", str(config)]) == 0
    assert "2 feed(s) added" in capsys.readouterr().out
    assert main(["feeds", "import", str(opml), "--config", str(config)]) == 0
    assert "0 feed(s) added, 2 already known" in capsys.readouterr().out
    assert main(["collect", "--config", str(config)]) == 1
    capsys.readouterr()
    assert main(["feeds", "status", "--config", str(config)]) == 0
    status = capsys.readouterr().out
    assert f"Atom <{atom}> [opml]" in status
    assert "articles:     2 stored, 2 entries seen" in status
    assert "last error:   HTTP 500" in status
    missing = tmp_path / "nope.opml"
    assert main(["feeds", "import", str(missing), "--config", str(config)]) == 2
    assert "nope.opml: cannot read" in capsys.readouterr().err


def test_a_feed_that_keeps_failing_stops_turning_the_exit_code_to_1(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/dead.xml").respond_with_data("", status=500)
    config = _config(tmp_path, {"Atom": serve(httpserver, "atom"),
                                "Dead": httpserver.url_for("/dead.xml")})  # fmt: skip
    with config.open("a", encoding="utf-8") as handle:
        handle.write("fetch:\n  max_failures: 2\n  read_timeout: 1\n  host_delay: 0\n")
    text = config.read_text(encoding="utf-8").replace(
        "fetch:\n  read_timeout: 1\n  host_delay: 0\n", "", 1
    )
    config.write_text(text, encoding="utf-8")
    codes = [main(["collect", "--config", str(config)]) for _ in range(4)]
    assert codes == [1, 1, 0, 0]  # failing 3 runs in a row is no longer news
    err = capsys.readouterr()
    assert "health   feed Dead" in err.out and "4 runs in a row" in err.out
    assert "Traceback" not in err.err
    assert main(["render", "--config", str(config)]) == 0
    archive = tmp_path / "public"
    newest = max(p for p in archive.iterdir() if p.name[:2] == "20")
    page = (newest / "index.html").read_text(encoding="utf-8")
    assert "Feed health" in page  # one note, on the newest issue
    assert page.count("Dead (" + httpserver.url_for("/dead.xml")) == 1
    assert "failed 4 runs in a row (last error: HTTP 500" in page
    older = [p for p in archive.iterdir() if p.name[:2] == "20" and p != newest]
    assert all("Feed health" not in (p / "index.html").read_text("utf-8") for p in older)
    # #19: a run with nothing new still brings the note up to the log's count
    assert main(["run", "--config", str(config)]) == 0
    assert "5 runs in a row" in capsys.readouterr().out
    assert "failed 5 runs in a row" in (newest / "index.html").read_text(encoding="utf-8")


def test_feeds_added_disabled_renamed_and_removed_from_the_command_line(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = serve(httpserver, "atom")
    config = _config(tmp_path, {"Listed": listed})
    url = serve(httpserver, "rdf")

    def feeds(*args: str) -> int:
        return main(["feeds", *args, "--config", str(config)])

    assert feeds("add", url, "--name", "RDF outlet") == 0
    assert feeds("add", listed) == 0  # already in config.yaml: not "added"
    assert "already known: " + listed in capsys.readouterr().out
    assert feeds("rename", url, "Renamed outlet") == 0
    assert feeds("disable", url) == 0
    assert main(["collect", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "Renamed outlet" not in out and "feeds: 1 in all" in out  # disabled: not fetched
    assert feeds("status") == 0
    assert "Renamed outlet <" + url + "> [cli] (disabled)" in capsys.readouterr().out
    assert feeds("enable", url) == 0
    assert main(["collect", "--config", str(config)]) == 0
    assert "feed Renamed outlet <" in capsys.readouterr().out
    assert feeds("rename", listed, "Other") == 2  # listed in config.yaml: renamed there
    assert "listed in config.yaml: change it there" in capsys.readouterr().err
    assert feeds("remove", url) == 0
    capsys.readouterr()
    assert feeds("status") == 0
    assert url not in capsys.readouterr().out


def test_a_mislabelled_short_feed_is_stored_right_and_its_encoding_shown(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fixture = Path(__file__).resolve().parents[1] / "data/feeds/encodings"
    body = (fixture / "ru_short_koi8_says_cp1251.xml").read_bytes()
    httpserver.expect_request("/short.xml").respond_with_data(
        body,
        content_type="application/rss+xml; charset=utf-8",  # wrong, as some servers say
    )
    config = _config(tmp_path, {"Short": httpserver.url_for("/short.xml")})
    assert main(["collect", "--config", str(config)]) == 0
    assert main(["feeds", "status", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "encoding:     koi8-r (declared cp1251, compared with other Cyrillic)" in out
    import sqlite3

    with sqlite3.connect(tmp_path / "data" / "digest.sqlite3") as conn:
        title, encoding = conn.execute("SELECT title, encoding FROM articles").fetchone()
    assert title == "Путин в Астане"
    assert encoding == "koi8-r (declared cp1251, compared with other Cyrillic)"


def test_a_failing_feed_of_config_yaml_can_be_silenced_both_ways(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """#19: the health note said `digest feeds disable URL`, which refused a config feed, and
    config.yaml had no `enabled` key."""
    httpserver.expect_request("/dead.xml").respond_with_data("", status=500)
    dead = httpserver.url_for("/dead.xml")
    config = _config(tmp_path, {"Atom": serve(httpserver, "atom"), "Dead": dead})
    assert main(["collect", "--config", str(config)]) == 1
    capsys.readouterr()
    assert main(["feeds", "disable", dead, "--config", str(config)]) == 0  # as the note says
    assert main(["collect", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "feeds: 1 in all" in out and "Dead" not in out
    assert main(["feeds", "status", "--config", str(config)]) == 0
    assert f"Dead <{dead}> [config] (disabled)" in capsys.readouterr().out
    assert main(["feeds", "enable", dead, "--config", str(config)]) == 0
    text = config.read_text(encoding="utf-8").replace(
        "    name: Dead\n", "    name: Dead\n    enabled: false\n"
    )
    config.write_text(text, encoding="utf-8")
    assert main(["collect", "--config", str(config)]) == 0  # off in the file
    assert "Dead" not in capsys.readouterr().out
    assert main(["feeds", "status", "--config", str(config)]) == 0
    assert "(disabled: enabled: false in config.yaml)" in capsys.readouterr().out
    assert main(["feeds", "enable", dead, "--config", str(config)]) == 0
    assert "still off: enabled: false in config.yaml" in capsys.readouterr().out


def test_feeds_status_read_by_head_ends_cleanly(tmp_path: Path) -> None:
    """`digest feeds status | head -1` ended in a BrokenPipeError traceback."""
    config = _config(tmp_path, {f"Outlet {i}": f"https://example.org/{i}.xml" for i in range(3000)})
    proc = subprocess.Popen(
        [sys.executable, "-m", "digest", "feeds", "status", "--config", str(config)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b"Outlet 0 <")
    proc.stdout.close()  # as `head -1` does
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_feeds_add_takes_a_language_and_says_which_option_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, {})
    url = "https://example.de/feed.xml"
    assert main(["feeds", "add", url, "--name", "Heise", "--language", "de-DE",
                 "--config", str(config)]) == 0  # fmt: skip
    db = sqlite3.connect(tmp_path / "data" / "digest.sqlite3")
    assert db.execute("SELECT language FROM feeds WHERE url = ?", (url,)).fetchone() == ("de",)
    db.close()
    assert main(["feeds", "add", "ftp://x/rss", "--config", str(config)]) == 2
    assert "digest feeds add: the URL must be an http or https address" in capsys.readouterr().err
    assert main(["feeds", "add", url, "--language", "deutsch", "--config", str(config)]) == 2
    assert "--language must be a language code" in capsys.readouterr().err


def test_a_304_is_said_in_words(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """#19: "not_modified" showed in user-facing lines."""
    body = (Path(__file__).parents[1] / "data" / "feeds" / "rss2" / "feed.xml").read_bytes()

    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(body, headers={"ETag": '"v1"', "Content-Type": "application/rss+xml"})

    httpserver.expect_request("/cond.xml").respond_with_handler(handler)
    config = _config(tmp_path, {"Cond": httpserver.url_for("/cond.xml")})
    assert main(["collect", "--config", str(config)]) == 0
    capsys.readouterr()
    assert main(["collect", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert ": not modified (304, nothing new)" in out and "not_modified" not in out
    assert main(["feeds", "status", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "(not modified)" in out and "not_modified" not in out


def test_feeds_refuses_at_the_door_what_cannot_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """#22: a URL with CR/LF was stored and printed as a forged log line on every run; a
    second `feeds add --name` renamed a known feed; `feeds rename URL ""` emptied it."""
    config = _config(tmp_path, {})

    def feeds(*args: str) -> int:
        return main(["feeds", *args, "--config", str(config)])

    for url in ("http://h/x\r\nInjected: 1", "http://", "https://x.example:99999/rss"):
        assert feeds("add", url) == 2, url
        assert "digest feeds add: the URL" in capsys.readouterr().err
    url = "https://example.org/rss.xml"
    assert feeds("add", url, "--name", "First") == 0
    assert feeds("add", url, "--name", "Second") == 0
    assert "already known" in capsys.readouterr().out
    assert feeds("rename", url, "  ") == 2
    assert "the new name is empty" in capsys.readouterr().err
    assert feeds("status") == 0
    out = capsys.readouterr().out
    assert f"First <{url}>" in out and "Second" not in out and "Injected" not in out
    for limit in ("0", "-5", "99999999999999999999"):
        with pytest.raises(SystemExit) as info:
            main(["search", "x", "--limit", limit, "--config", str(config)])
        assert info.value.code == 2
        assert "is not a number from 1 to 10,000" in capsys.readouterr().err
