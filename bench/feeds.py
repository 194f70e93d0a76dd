"""Feed benchmarks (issue 3).

1. Parse and store: a generated corpus of 100 feeds x 100 items (10,000 items), parsed with
   `parse_feed` and stored with `add_articles` into SQLite on disk; items per second.
2. Fetch: 200 generated feeds of 50 items on a local server (20 loopback hosts, 10 feeds each),
   collected by `digest collect` in a child process with the default politeness; then again,
   when every feed answers 304. Wall time and the child's peak RSS.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.corpus import write_feeds
from digest.collect.feeds import parse_feed
from digest.config import FeedConfig
from digest.store import db


def bench_parse_store(feeds: int = 100, items: int = 100) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_feeds(Path(tmp) / "feeds", feeds, items)
        blobs = [p.read_bytes() for p in paths]
        now = datetime.now(UTC)
        start = time.perf_counter()
        parsed = [
            parse_feed(b, "application/rss+xml", FeedConfig(f"https://f{i}.example/", f"F{i}"), now)
            for i, b in enumerate(blobs)
        ]
        t_parse = time.perf_counter() - start
        conn = db.connect(Path(tmp) / "bench.sqlite3")
        start = time.perf_counter()
        for p in parsed:
            db.add_articles(conn, p.articles)
        t_store = time.perf_counter() - start
        n = sum(len(p.articles) for p in parsed)
        conn.close()
    total = t_parse + t_store
    return [
        f"feeds    parse {n} items: {t_parse:.2f} s ({n / t_parse:.0f} items/s)",
        f"feeds    store {n} items: {t_store:.2f} s ({n / t_store:.0f} items/s)",
        f"feeds    parse+store: {n / total:.0f} items/s",
    ]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _collect(config: Path) -> tuple[float, str, int]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bench.child", "collect", "--config", str(config)],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    peak = done.stderr.strip().splitlines()[-1].split("=")[-1]
    return elapsed, peak, done.returncode


def bench_fetch(feeds: int = 200, items: int = 50, hosts: int = 20) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "feeds"
        write_feeds(folder, feeds, items)
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "bench.feedserver", str(folder), str(hosts), str(port)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert server.stdout is not None and server.stdout.readline().strip() == "ready"
        lines = ["database: bench.sqlite3", "feeds:"]
        for f in range(feeds):
            host = 1 + f % hosts
            lines += [f"  - url: http://127.0.0.{host}:{port}/feed{f}.xml", f"    name: F{f}"]
        config = Path(tmp) / "config.yaml"
        config.write_text("\n".join(lines) + "\n")
        try:
            first = _collect(config)
            second = _collect(config)
        finally:
            server.stdin.close()  # type: ignore[union-attr]
            server.wait(timeout=10)
    return [
        f"fetch    {feeds} feeds x {items} items, {hosts} hosts, first run: {first[0]:.2f} s wall,"
        f" peak RSS {first[1]} MB, exit {first[2]}",
        f"fetch    conditional re-run (all 304): {second[0]:.2f} s wall, peak RSS {second[1]} MB,"
        f" exit {second[2]}",
    ]


def main() -> None:
    for line in bench_parse_store() + bench_fetch():
        print(line, flush=True)


if __name__ == "__main__":
    main()
