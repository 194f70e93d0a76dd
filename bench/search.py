"""Search benchmark (issue 15): the render benchmark's year of issues (365 issues of 50
stories, about 36,000 articles) in a real SQLite store. Measures building the full-text index,
the latency of `digest search` queries (the FTS5 match alone, and the whole search with the
issues built), the static search index the archive's search page loads, the archive's size on
disk with it, and the search page's own query time in headless Chromium (from file://).

    python -m bench.search
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from urllib.parse import quote

from bench.render import PER_DAY, stories
from digest import pipeline
from digest.deliver.archive import write_files
from digest.models import Membership
from digest.render import browse, search
from digest.render.pages import PageContext
from digest.store import db
from digest.store import search as table
from digest.store.search import Filters

DAYS = 365


def _size(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


def _median_ms(action: Callable[[], object], runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _queries(texts: list[str]) -> dict[str, str]:
    counts = Counter(w for t in texts for w in set(re.findall(r"[а-яё]{6,}", t.lower())))
    ranked = [w for w, _ in counts.most_common()]
    rare = next(w for w in reversed(ranked) if counts[w] >= 3)
    return {
        "common word": ranked[0],
        "rare word": rare,
        "two words": f"{ranked[0]} {ranked[len(ranked) // 3]}",
        "no match": "несуществующееслово",
    }


def _browser_ms(page: Path, query: str) -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        return "n/a (no chromium)"
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [found, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
             "--virtual-time-budget=20000", "--dump-dom", f"{page.as_uri()}?q={quote(query)}"],
            capture_output=True, text=True, timeout=180, check=False,
        )  # fmt: skip
    match = re.search(r'data-ms="([\d.]+)"', done.stdout)
    return f"{match.group(1)} ms" if match else "n/a (no result)"


def main() -> None:
    year = stories(DAYS, PER_DAY)
    with tempfile.TemporaryDirectory() as tmp:
        conn = db.connect(Path(tmp) / "bench.sqlite3")
        items = [item for s in year for item in s.articles]
        db.add_articles(conn, [i.stored.article for i in items])
        ids = {s.article.source: s.id for s in db.articles(conn)}
        db.save_memberships(conn, [
            Membership(ids[i.stored.article.source], i.membership.story_id, i.membership.score,
                       None, i.membership.why) for i in items
        ])  # fmt: skip
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = _size(Path(tmp) / "bench.sqlite3")
        start = time.perf_counter()
        indexed = search.update_index(conn)
        build = time.perf_counter() - start
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        after = _size(Path(tmp) / "bench.sqlite3")
        print(f"search   store: {indexed} articles indexed in {build:.1f} s; database"
              f" {before:.0f} MB → {after:.0f} MB with the index", flush=True)  # fmt: skip
        start = time.perf_counter()
        issues = pipeline.issues(conn)
        print(f"search   building the {len(issues)} issues from the store (each search does):"
              f" {time.perf_counter() - start:.1f} s", flush=True)  # fmt: skip
        queries = _queries([i.stored.article.body for i in items[:3000]])
        for label, query in queries.items():
            fts = search.fts_query(search.query_terms(query))
            match_ms = _median_ms(partial(table.match, conn, fts, Filters()))
            find_ms = _median_ms(partial(search.find, conn, issues, query), runs=5)
            hits = len(search.find(conn, issues, query))
            print(f"search   {label} ({query!r}): FTS5 match {match_ms:.1f} ms, whole search"
                  f" {find_ms:.0f} ms, {hits} stories shown", flush=True)  # fmt: skip
        conn.close()
        folder = Path(tmp) / "archive"
        ctx = PageContext(site_title="Bench")
        start = time.perf_counter()
        index_js = browse.search_index(browse.appearances(issues), ctx)
        print(f"search   static index for the search page: built in"
              f" {time.perf_counter() - start:.1f} s, {len(index_js.encode()) / 1e6:.1f} MB",
              flush=True)  # fmt: skip
        write_files(folder, browse.archive_files(issues, ctx))
        total = _size(folder)
        stories_mb = _size(folder / "stories")
        print(f"search   archive on disk: {total:.0f} MB in all, of which story pages"
              f" {stories_mb:.0f} MB and search-index.js {_size(folder / 'search-index.js'):.1f}"
              " MB", flush=True)  # fmt: skip
        for label in ("rare word", "two words"):
            took = _browser_ms(folder / "search.html", queries[label])
            print(f"search   search page in Chromium, {label}: query {took}", flush=True)


if __name__ == "__main__":
    main()
