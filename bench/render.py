"""Rendering benchmark (issue 6): an archive of 365 issues of 50 stories each, written from
scratch, then the cost of adding one more issue to it. Time and peak memory.

Stories are generated (bench/cluster.py's word salad with the seeds' vocabulary), each with
one to three articles from different outlets, one of them a rewrite published the next day.
Entities and translations are left out (they are computed once per story and cached, see
issues 5 and 6); this measures templates, escaping and the atomic writes.

    python -m bench.render
"""

from __future__ import annotations

import random
import resource
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench.cluster import _Sentences
from digest.deliver.archive import write_files
from digest.models import Article, Membership, StoredArticle, Story, StoryArticle
from digest.render.browse import archive_files
from digest.render.issues import build_issues
from digest.render.pages import PageContext
from digest.text.basics import content_hash

DAYS = 365
PER_DAY = 50


def stories(days: int, per_day: int, seed: int = 3) -> list[Story]:
    rng = random.Random(seed)
    pool = _Sentences(rng)
    start = date(2025, 1, 1)
    out: list[Story] = []
    next_id = 1
    for d in range(days):
        for k in range(per_day):
            items = []
            for j in range(rng.randint(1, 3)):
                body = "\n\n".join(pool.sample(rng.randint(6, 12)))
                day = start + timedelta(days=d + (1 if j == 2 else 0))
                a = Article(f"https://outlet{j}.example/{d}/{k}", day.isoformat(),
                            body[:80], body, "ru", outlet=f"Outlet {j}",
                            url=f"https://outlet{j}.example/{d}/{k}",
                            content_hash=content_hash(f"{d}-{k}-{j}"))  # fmt: skip
                stored = StoredArticle(next_id, a)
                why = {"first": True} if j == 0 else {"matched": "x", "score": 0.8,
                       "containment": 0.7, "title": 0.5, "shared_figures": [],
                       "shared_names": []}  # fmt: skip
                items.append(StoryArticle(stored, Membership(next_id, f"s{d}-{k}", 0.8, None,
                                                             why), original=(j == 0)))  # fmt: skip
                next_id += 1
            out.append(Story(f"s{d}-{k}", tuple(items)))
    return out


def main() -> None:
    ctx = PageContext(site_title="Bench")
    all_stories = stories(DAYS + 1, PER_DAY)
    last_day = max(s.first_day for s in all_stories)
    year = [s for s in all_stories if s.first_day != last_day]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "archive"
        start = time.perf_counter()
        issues = build_issues(year)
        result = write_files(folder, archive_files(issues, ctx))
        full = time.perf_counter() - start
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6
        print(f"render   {len(issues)} issues × {PER_DAY} stories: {full:.1f} s,"
              f" {len(result.written)} files, {size:.0f} MB", flush=True)  # fmt: skip
        start = time.perf_counter()
        issues = build_issues(all_stories)
        result = write_files(folder, archive_files(issues, ctx, dates=[last_day]))
        one = time.perf_counter() - start
        print(f"render   adding one issue to it: {one:.2f} s, {len(result.written)} files"
              f" written ({result.unchanged} unchanged)", flush=True)  # fmt: skip
        start = time.perf_counter()
        result = write_files(folder, archive_files(issues, ctx, dates=[last_day]))
        again = time.perf_counter() - start
        print(f"render   the same again (nothing changed): {again:.2f} s,"
              f" {len(result.written)} files written")  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"render   peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
