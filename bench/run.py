"""Benchmarks: `make bench`. Figures go into docs/BENCHMARKS.md by hand, with the machine.

Measured here:
- seed parsing: the five seeds parsed repeatedly (natasha loaded once), articles per second;
- clustering: N synthetic articles (paragraphs of the seeds recombined, dated over 30 days,
  a controlled share of rewrites that keep 60% of a source's paragraphs), seconds and the
  ratio between sizes (the current grouping compares every pair inside the window);
- the whole `digest run` on the seeds in a fresh folder, in a child process: wall time and peak RSS.
Compare figures as ratios within one run: these machines are noisy.
"""

from __future__ import annotations

import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from digest.cluster.stories import assign
from digest.collect.seeds import parse_seed
from digest.collect.text import content_hash
from digest.config import ClusterConfig
from digest.models import Article, StoredArticle

ROOT = Path(__file__).resolve().parents[1]


def bench_parse(rounds: int = 40) -> str:
    texts = [
        (p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))
    ]
    parse_seed(*texts[0])  # load natasha once, outside the timing
    start = time.perf_counter()
    for _ in range(rounds):
        for name, text in texts:
            parse_seed(name, text)
    elapsed = time.perf_counter() - start
    n = rounds * len(texts)
    return f"parse    {n} seed parses in {elapsed:.2f} s: {n / elapsed:.0f} articles/s"


def _corpus(n: int, seed: int = 7) -> list[StoredArticle]:
    rng = random.Random(seed)
    paras = [
        p
        for path in sorted((ROOT / "seeds").glob("*.txt"))
        for p in parse_seed(path.name, path.read_text(encoding="utf-8")).body.split("\n\n")
        if len(p.split()) > 12
    ]
    start = date(2026, 1, 1)
    out: list[StoredArticle] = []
    for i in range(n):
        if out and rng.random() < 0.3:  # a rewrite of an earlier article
            src = rng.choice(out[-50:]).article.body.split("\n\n")
            body_paras = rng.sample(src, max(1, int(len(src) * 0.6)))
        else:
            body_paras = rng.sample(paras, 4)
        body = "\n\n".join(body_paras)
        day = start + timedelta(days=rng.randrange(30))
        a = Article(
            source=f"gen-{i}",
            published=day.isoformat(),
            title=body_paras[0][:60],
            body=body,
            language="ru",
            content_hash=content_hash(body + str(i)),
        )
        out.append(StoredArticle(i + 1, a))
    return out


def bench_cluster(sizes: tuple[int, ...] = (250, 500, 1000)) -> list[str]:
    lines = []
    base = None
    for n in sizes:
        corpus = _corpus(n)
        start = time.perf_counter()
        memberships = assign(corpus, [], ClusterConfig())
        elapsed = time.perf_counter() - start
        stories = len({m.story_id for m in memberships})
        base = base or (n, elapsed)
        ratio = elapsed / base[1]
        lines.append(
            f"cluster  {n:>5} articles: {elapsed:6.2f} s, {stories} stories,"
            f" time x{ratio:.1f} for size x{n / base[0]:.0f}"
        )
    return lines


def bench_run() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "seeds", Path(tmp) / "seeds")
        (Path(tmp) / "config.yaml").write_text("seeds_dir: seeds\n")
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "digest", "run", "--config", "config.yaml"],
            cwd=tmp,
            check=True,
            capture_output=True,
        )
        elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return f"run      digest run on the 5 seeds: {elapsed:.2f} s wall, peak RSS {peak_mb:.0f} MB"


def main() -> None:
    from bench import feeds

    print(bench_parse())
    for line in bench_cluster():
        print(line)
    print(bench_run())
    feeds.main()


if __name__ == "__main__":
    main()
