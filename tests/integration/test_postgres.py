"""The shared PostgreSQL store (#16), against a real server the tests start themselves
(tests/support/postgres.py): the seeds give the same digest.json files as on SQLite; two
`digest run` at once on one store give one result and each email once; a killed collector
leaves no feed locked."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from digest.cli import main
from digest.store import claims, copy, db
from tests.support.smtp import Inbox

ROOT = Path(__file__).resolve().parents[2]


def _project(folder: Path, database: str, extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "seeds").exists():
        shutil.copytree(ROOT / "seeds", folder / "seeds")
    config = folder / "config.yaml"
    config.write_text(f"database: {database}\nseeds_dir: seeds\narchive_dir: archive\n"
                      f"fetch:\n  host_delay: 0\n{extra}", encoding="utf-8")  # fmt: skip
    return config


def _issues(archive: Path) -> dict[str, object]:
    out: dict[str, object] = {}
    for path in sorted(archive.glob("20*/digest.json")):
        out[path.parent.name] = json.loads(path.read_text(encoding="utf-8"))
    return out


@pytest.fixture()
def pg(postgres_server: str) -> str:
    from tests.support.postgres import new_database

    url: str = new_database(postgres_server)
    return url


def test_seeds_give_the_same_digest_json_on_postgresql_as_on_sqlite(
    tmp_path: Path, pg: str
) -> None:
    lite = _project(tmp_path / "lite", str(tmp_path / "lite" / "d.sqlite3"))
    post = _project(tmp_path / "post", pg)
    assert main(["run", "--config", str(lite)]) == 0
    assert main(["run", "--config", str(post)]) == 0
    a, b = _issues(tmp_path / "lite" / "archive"), _issues(tmp_path / "post" / "archive")
    assert list(a) == ["2025-10-11", "2025-11-12", "2025-12-11", "2026-02-05", "2026-02-07"]
    assert a == b
    for name in ("index.json", "search-index.js"):
        assert (tmp_path / "lite" / "archive" / name).read_bytes() == (
            tmp_path / "post" / "archive" / name
        ).read_bytes(), name
    assert main(["run", "--config", str(post)]) == 0  # re-running on PostgreSQL changes nothing
    assert _issues(tmp_path / "post" / "archive") == b


def test_search_and_every_store_query_work_on_postgresql(
    tmp_path: Path, pg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    post = _project(tmp_path, pg)
    assert main(["run", "--config", str(post)]) == 0
    capsys.readouterr()
    assert main(["search", "Абаеву", "--since", "2026-02-01", "--config", str(post)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2026-02-05  Россия и Казахстан продолжают активное экономическое")
    assert "updated in 2026-02-07" in out
    assert main(["doctor", "--config", str(post)]) == 0
    assert main(["feeds", "status", "--config", str(post)]) == 0


def _digest(config: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "digest", *args, "--config", str(config)],
        cwd=config.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def test_two_runs_at_once_on_one_store_give_one_result_and_each_email_once(
    tmp_path: Path,
    pg: str,
    smtp: tuple[Inbox, int],
) -> None:
    inbox, port = smtp
    mail = (f"email:\n  from: digest@example.org\n  to: [analyst@example.org]\n"
            f"  smtp_host: 127.0.0.1\n  smtp_port: {port}\n  retry_delay: 0.01\n")  # fmt: skip
    one = _project(tmp_path / "one", pg, mail)
    two = _project(tmp_path / "two", pg, mail)  # another machine: its own seeds and archive
    runs = [_digest(one, "run"), _digest(two, "run")]
    outputs = [r.communicate(timeout=300)[0] for r in runs]
    assert [r.returncode for r in runs] == [0, 0], outputs
    conn = db.connect(pg)
    try:
        rows = conn.execute("SELECT count(*), count(DISTINCT source) FROM articles").fetchone()
        assert rows == (5, 5)  # each seed stored once, though both machines collected it
        stories = conn.execute("SELECT count(DISTINCT story_id) FROM story_articles").fetchone()
        assert stories == (4,)
        sends = conn.execute("SELECT issue_date, recipient, status FROM sends").fetchall()
        assert sends == [("2026-02-07", "analyst@example.org", "sent")]
    finally:
        conn.close()
    assert len(inbox.to("analyst@example.org")) == 1  # one email, not one per run
    assert _issues(tmp_path / "one" / "archive") == _issues(tmp_path / "two" / "archive")


def test_two_collectors_at_once_fetch_each_feed_once(
    tmp_path: Path, pg: str, httpserver: HTTPServer
) -> None:
    fetched: list[str] = []

    def slow(request: Request) -> Response:  # slow enough for the two collectors to overlap
        fetched.append(request.path)
        time.sleep(1.5)
        case = "rss2" if request.path.endswith("0.xml") else "atom"
        body = (ROOT / "tests" / "data" / "feeds" / case / "feed.xml").read_bytes()
        return Response(body.replace(b"example/", request.path.encode() + b"/"),
                        content_type="application/xml")  # fmt: skip

    httpserver.expect_request(re.compile(r"^/f\d\.xml$")).respond_with_handler(slow)
    feeds = "".join(f"  - url: {httpserver.url_for(f'/f{i}.xml')}\n    name: Outlet {i}\n"
                    for i in range(6))  # fmt: skip
    configs = [_project(tmp_path / m, pg, "feeds:\n" + feeds) for m in ("one", "two")]
    procs = [_digest(c, "collect") for c in configs]
    outs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert sorted(fetched) == sorted(f"/f{i}.xml" for i in range(6))  # each feed once
    assert "another collector is fetching it now" in "".join(outs)
    conn = db.connect(pg)
    try:
        row = conn.execute("SELECT count(*), count(DISTINCT source) FROM articles").fetchone()
        assert row[0] == row[1] > 5  # the seeds (stored once) and the feeds' entries
        assert claims.held(conn) == 0  # both released their claims
    finally:
        conn.close()


class _Hanging:
    """A loopback HTTP server that accepts a request and never answers it."""

    def __init__(self) -> None:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.held: list[object] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)  # read nothing, answer nothing


@pytest.fixture()
def hanging() -> Iterator[_Hanging]:
    server = _Hanging()
    yield server
    server.sock.close()


def test_a_killed_collector_leaves_no_feed_locked(
    tmp_path: Path, pg: str, hanging: _Hanging, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"http://127.0.0.1:{hanging.port}/feed.xml"
    slow = (
        "  read_timeout: 60\n  total_timeout: 120\nfeeds:\n  - url: " + url + "\n    name: Slow\n"
    )
    config = _project(tmp_path, pg, slow)
    collector = _digest(config, "collect")
    conn = db.connect(pg)
    try:
        for _ in range(200):  # until the collector holds its claim on the feed
            if claims.held(conn) >= 1 and hanging.held:
                break
            time.sleep(0.1)
        assert claims.held(conn) >= 1 and hanging.held
        assert claims.claim(conn, [url]) == set()  # another collector skips the feed now
        os.kill(collector.pid, signal.SIGKILL)
        collector.wait(timeout=30)
        assert collector.stdout is not None
        collector.stdout.close()
        for _ in range(100):  # the server ends the killed session and its locks with it
            if claims.held(conn) == 0:
                break
            time.sleep(0.1)
        assert claims.held(conn) == 0
        assert claims.claim(conn, [url]) == {url}  # free for the next collector
        claims.release(conn, [url])
    finally:
        conn.close()
    capsys.readouterr()


def test_a_wrong_address_or_a_password_in_the_file_is_a_clear_error(
    tmp_path: Path, postgres_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    port = postgres_server.split(":")[-1].split("/")[0]
    missing = _project(tmp_path / "a", f"postgresql://digest@127.0.0.1:{port}/no_such_db")
    assert main(["collect", "--config", str(missing)]) == 3
    err = capsys.readouterr().err
    assert "cannot connect to PostgreSQL" in err and "no_such_db" in err
    assert "Traceback" not in err
    secret = _project(tmp_path / "b", f"postgresql://digest:hunter2@127.0.0.1:{port}/x")
    assert main(["collect", "--config", str(secret)]) == 2
    err = capsys.readouterr().err
    assert "must not hold a password" in err and "hunter2" not in err
    with psycopg.connect(postgres_server) as conn:  # the server is still fine
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_an_sqlite_store_moves_to_postgresql_checked_and_resumable(
    tmp_path: Path, pg: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lite = _project(tmp_path, str(tmp_path / "d.sqlite3"))
    assert main(["run", "--config", str(lite)]) == 0
    before = _issues(tmp_path / "archive")
    # Interrupted after the first batch of articles (batches of two rows here) ...
    monkeypatch.setattr(copy, "BATCH", 2)

    def stop(table: str, rows: int) -> None:
        raise KeyboardInterrupt

    source, target = db.connect(tmp_path / "d.sqlite3"), db.connect(pg)
    assert isinstance(source, sqlite3.Connection)
    with pytest.raises(KeyboardInterrupt):
        copy.copy_store(source, target, stop)
    assert target.execute("SELECT count(*) FROM articles").fetchone() == (2,)
    source.close()
    target.close()
    # ... and run again: it goes on from there, and every table checks out.
    capsys.readouterr()
    assert main(["db", "migrate-to", pg, "--config", str(lite)]) == 0
    out = capsys.readouterr().out
    assert "articles: 5 rows here, 5 there, 3 copied now; contents same" in out
    assert "story_articles: 5 rows here, 5 there" in out and "DIFFERENT" not in out
    assert "article_vectors: 5 rows here, 5 there" in out  # not made again by the next run
    assert f"set in config.yaml: database: {pg}" in out
    assert main(["db", "migrate-to", pg, "--config", str(lite)]) == 0  # again: nothing to do
    assert "articles: 5 rows here, 5 there, 0 copied now; contents same" in capsys.readouterr().out
    # The copied store carries on where the SQLite one stopped: nothing new, the same issues.
    shutil.rmtree(tmp_path / "archive")
    moved = _project(tmp_path, pg)
    assert main(["run", "--config", str(moved)]) == 0
    assert "5 unchanged" in capsys.readouterr().out
    assert _issues(tmp_path / "archive") == before
    conn = db.connect(pg)
    db.add_articles(conn, [dataclasses.replace(db.articles(conn)[0].article, source="new.txt",
                                               content_hash="new")])  # fmt: skip
    assert max(s.id for s in db.articles(conn)) == 6  # new ids after the copied ones
    conn.close()
