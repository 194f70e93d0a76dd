"""Clustering benchmark (issue 4): N generated articles, time and peak memory, and the ratio to
an all-pairs baseline. Each size runs in a fresh child process so peak RSS is its own.

    python -m bench.cluster            # 1k, 10k, 100k, plus the all-pairs baseline at 1k and 10k
    python -m bench.cluster 10000 [--exhaustive] [--no-vectors]   # one run, a JSON line

The corpus: stories spread over 30 days. Each story has its own vocabulary (12 invented words,
2 invented names, 3 figures). An original article has 8–14 sentences of 8–18 words drawn from
the seed articles' vocabulary with its real frequencies (so unrelated articles share ordinary
words, as news does, but not whole sentences), with the story's words threaded through them.
35% of stories get rewrites, 1–3 days later:
60% of the original's sentences with a third of their words dropped and the order shuffled,
plus 2–4 sentences of their own, so rewrites share stems but few exact phrases. 10% of stories
are "hard negatives": another story about the same names on another day with other words.

Every article comes with its meaning vector stored, as collection leaves it (#18; making them
is collection's cost, measured in `bench.e2e`): not the encoder's, which would take half an hour
for 100,000 articles, but made alike: each story a random direction, each article that
direction plus noise (cosine about 0.6 within a story), a hard negative half its namesake's.
`--no-vectors` runs without them, the grouping as it was before #18.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import resource
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from bench.corpus import sentences
from digest.cluster.stories import assign
from digest.config import ClusterConfig
from digest.models import Article, StoredArticle
from digest.text.basics import content_hash
from digest.text.meaning import DIMENSIONS, pack

SYLLABLES = "ка ро ми на ту ле за бо ви ше да го пу ли ст ар ен ор ис ун ал ом".split()


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n))


class _Sentences:
    """Word-salad sentences with the seed articles' word frequencies."""

    def __init__(self, rng: random.Random) -> None:
        from collections import Counter

        counts = Counter(w for s in sentences() for w in s.lower().split() if w.isalpha())
        self.words = list(counts)
        self.weights = list(counts.values())
        self.rng = rng

    def sample(self, k: int) -> list[str]:
        out = []
        for _ in range(k):
            words = self.rng.choices(self.words, self.weights, k=self.rng.randint(8, 18))
            out.append(" ".join(words).capitalize() + ".")
        return out


def _vector(rng: np.random.Generator, direction: np.ndarray) -> bytes:
    noisy = direction + rng.normal(0.0, 0.8 / np.sqrt(DIMENSIONS), DIMENSIONS)
    return pack(noisy / np.linalg.norm(noisy))


def _direction(rng: np.random.Generator, like: np.ndarray | None = None) -> np.ndarray:
    found = rng.normal(0.0, 1.0, DIMENSIONS)
    found /= np.linalg.norm(found)
    if like is not None:
        found = found + like
    return np.asarray(found / np.linalg.norm(found))


def generate(
    n: int, seed: int = 5, vectors: bool = True
) -> tuple[list[StoredArticle], dict[int, int]]:
    """(articles, true story of each article id)."""
    rng = random.Random(seed)
    meaning = np.random.default_rng(seed)
    pool = _Sentences(rng)
    start = date(2026, 1, 1)
    out: list[StoredArticle] = []
    truth: dict[int, int] = {}
    story = 0
    while len(out) < n:
        story += 1
        vocab = [_word(rng, 4) for _ in range(12)]
        names = [_word(rng, 3).capitalize() for _ in range(2)]
        figs = [f"{rng.randint(101, 999)} млн" for _ in range(3)]
        day = start + timedelta(days=rng.randrange(30))
        direction = _direction(meaning)
        chosen = pool.sample(rng.randint(8, 14))
        original = []
        for i, s in enumerate(chosen):
            words = s.split()
            words.insert(rng.randrange(len(words)), rng.choice(vocab))
            if i % 3 == 0:
                words.insert(rng.randrange(len(words)), rng.choice(names))
            if i % 4 == 0:
                words.insert(rng.randrange(len(words)), rng.choice(figs))
            original.append(" ".join(words))
        texts = [(original, day)]
        if rng.random() < 0.35:
            for _ in range(rng.randint(1, 3)):
                kept = rng.sample(original, max(2, int(len(original) * 0.6)))
                rewritten = []
                for s in kept:
                    words = s.split()
                    drop = set(rng.sample(range(len(words)), len(words) // 3))
                    rewritten.append(" ".join(w for i, w in enumerate(words) if i not in drop))
                rewritten += pool.sample(rng.randint(2, 4))
                rng.shuffle(rewritten)
                texts.append((rewritten, day + timedelta(days=rng.randint(0, 3))))
        for body, when in texts:
            if len(out) >= n:
                break
            i = len(out) + 1
            text = "\n\n".join(body)
            title = body[0][:80]
            a = Article(f"gen-{i}", when.isoformat(), title, text, "ru",
                        content_hash=content_hash(f"{i}\n{text}"))  # fmt: skip
            out.append(StoredArticle(i, a, _vector(meaning, direction) if vectors else None))
            truth[i] = story
        if rng.random() < 0.10 and len(out) < n:  # same names, another day, other words
            body = [f"{rng.choice(names)} {s}" for s in pool.sample(rng.randint(8, 14))]
            text = "\n\n".join(body)
            i = len(out) + 1
            when = day + timedelta(days=rng.randint(1, 5))
            a = Article(f"gen-{i}", when.isoformat(), body[0][:80], text, "ru",
                        content_hash=content_hash(f"{i}\n{text}"))  # fmt: skip
            kin = _direction(meaning, like=direction)
            out.append(StoredArticle(i, a, _vector(meaning, kin) if vectors else None))
            story += 1
            truth[i] = story
    return out, truth


def pairwise(found: dict[int, str], truth: dict[int, int]) -> tuple[float, float]:
    """Pairwise precision and recall of the found stories against the true ones."""
    from collections import Counter

    def pairs(groups: Counter[object]) -> int:
        return sum(c * (c - 1) // 2 for c in groups.values())

    both = Counter((found[i], truth[i]) for i in found)
    tp = pairs(both)  # type: ignore[arg-type]
    predicted = pairs(Counter(found.values()))  # type: ignore[arg-type]
    actual = pairs(Counter(truth.values()))  # type: ignore[arg-type]
    return (tp / predicted if predicted else 1.0, tp / actual if actual else 1.0)


def _watch_workers(peak: dict[int, int], stop: threading.Event) -> None:
    """The high-water RSS (VmHWM, MB) of each worker process while it lives. (RUSAGE_CHILDREN
    would report the parent's size: a spawned child is forked before it execs.)"""
    while not stop.wait(0.2):
        for child in multiprocessing.active_children():
            try:
                status = Path(f"/proc/{child.pid}/status").read_text()
            except OSError:
                continue
            kb = int(status.split("VmHWM:")[1].split()[0])
            peak[child.pid] = max(peak.get(child.pid, 0), kb // 1024)


def run_one(n: int, exhaustive: bool, vectors: bool = True) -> dict[str, object]:
    articles, truth = generate(n, vectors=vectors)
    workers: dict[int, int] = {}
    stop = threading.Event()
    watcher = threading.Thread(target=_watch_workers, args=(workers, stop), daemon=True)
    watcher.start()
    start = time.perf_counter()
    memberships = assign(articles, [], ClusterConfig(), exhaustive=exhaustive)
    elapsed = time.perf_counter() - start
    stop.set()
    watcher.join()
    found = {m.article_id: m.story_id for m in memberships}
    precision, recall = pairwise(found, truth)
    return {
        "n": n,
        "mode": ("all-pairs" if exhaustive else "index") + ("" if vectors else " no-vectors"),
        "seconds": round(elapsed, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        # the fingerprinting worker (digest.cluster.stories.fingerprints), for a large batch
        "worker_rss_mb": max(workers.values(), default=0),
        "stories": len(set(found.values())),
        "true_stories": len(set(truth.values())),
        "pair_precision": round(precision, 3),
        "pair_recall": round(recall, 3),
    }


def _child(n: int, exhaustive: bool, vectors: bool = True) -> dict[str, object]:
    args = [sys.executable, "-m", "bench.cluster", str(n)]
    args += (["--exhaustive"] if exhaustive else []) + ([] if vectors else ["--no-vectors"])
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> None:
    if len(sys.argv) > 1:
        one = run_one(int(sys.argv[1]), "--exhaustive" in sys.argv, "--no-vectors" not in sys.argv)
        print(json.dumps(one), flush=True)
        return
    results = {}
    for n, exhaustive in [(1000, False), (1000, True), (10_000, False), (10_000, True),
                          (100_000, False)]:  # fmt: skip
        r = _child(n, exhaustive)
        results[(n, exhaustive)] = r
        print(f"cluster  {r['n']:>6} {r['mode']:<9} {r['seconds']:>8.2f} s, peak RSS"
              f" {r['peak_rss_mb']} MB (+ worker {r['worker_rss_mb']} MB),"
              f" {r['stories']} stories ({r['true_stories']} true),"
              f" pairwise P {r['pair_precision']} R {r['pair_recall']}", flush=True)  # fmt: skip
    for n in (1000, 10_000):
        fast, slow = results[(n, False)], results[(n, True)]
        ratio = float(str(slow["seconds"])) / max(0.01, float(str(fast["seconds"])))
        print(f"cluster  {n}: index is {ratio:.1f}x faster than all pairs")
    grow = float(str(results[(100_000, False)]["seconds"])) / float(
        str(results[(10_000, False)]["seconds"])
    )
    print(f"cluster  10k -> 100k: time x{grow:.1f} for size x10")
    r = _child(100_000, False, vectors=False)  # the same run as grouping was before #18
    print(f"cluster  {r['n']:>6} {r['mode']:<9} {r['seconds']:>8.2f} s, peak RSS"
          f" {r['peak_rss_mb']} MB, pairwise P {r['pair_precision']} R {r['pair_recall']}",
          flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
