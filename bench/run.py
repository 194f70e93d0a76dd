"""The product's benchmarks: `make bench`. Figures go into docs/BENCHMARKS.md by hand, with the
machine and the date.

Measured here:
- seed parsing: the five seeds parsed repeatedly (natasha loaded once), articles per second;
- the whole `digest run` on the seeds in a fresh folder, in a child process: wall time and peak RSS;
- feeds (bench/feeds.py): parse-and-store throughput, fetching 200 feeds from a local server;
- clustering (bench/cluster.py): 1k, 10k and 100k generated articles, and the all-pairs baseline;
- rendering (bench/render.py): a year of issues, and adding one;
- thousands of seeds (bench/seeds.py): 5,000 seeds over 308 days in one `digest run`;
- search (bench/search.py): that year indexed in SQLite, query latency, the search page's index;
- end to end (bench/e2e.py): a day of 5,000 articles from 200 feeds through `digest run`;
- the store (bench/store.py): that day with one and two collectors, SQLite and PostgreSQL;
- translation (bench/translate.py): batched path against argostranslate's translate(), 10 min;
- the meaning encoder (bench/meaning.py): milliseconds per article, by span and batch.
Compare figures as ratios within one run: these machines are noisy.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from digest.collect.seeds import parse_seed

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
    from bench import cluster, e2e, feeds, meaning, render, search, seeds, store, translate

    print(bench_parse(), flush=True)
    print(bench_run(), flush=True)
    feeds.main()
    meaning.main()
    cluster.main()
    render.main()
    seeds.main()
    search.main()
    e2e.main()
    store.main()
    translate.main()


if __name__ == "__main__":
    main()
