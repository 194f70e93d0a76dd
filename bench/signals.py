"""How well single signals tell one story from two on each real labelled set, and where the
seeds' must-stay-apart pairs fall (docs/BENCHMARKS.md, tenth session).

    python -m bench.signals

For each signal: the area under the ROC curve on each real set, its median over the set's
one-story pairs, the 90th percentile over its two-story pairs, and the seeds' apart pairs'
range. Then the stem containment of two-story pairs by the longer text's size (the chance level
a long text gives). Document frequencies are counted over each file, as `digest eval pairs`
counts them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bench.scorer import (
    LOO,
    NEWSAG_HELD_BACK,
    TELEGRAM,
    TELEGRAM_BLIND,
    TELEGRAM_FRESH,
    TELEGRAM_LONG,
    TELEGRAM_WHOLE,
    seed_pairs,
)
from digest.cluster.evaluate import Pair, corpus_rarity, read_pairs
from digest.cluster.features import Fingerprint, fingerprint
from digest.cluster.rarity import Rarity
from digest.cluster.similarity import evidence
from digest.config import ClusterConfig
from digest.text.words import containment

SETS = [
    *LOO[:2], TELEGRAM, TELEGRAM_LONG, TELEGRAM_FRESH, TELEGRAM_WHOLE, TELEGRAM_BLIND,
    NEWSAG_HELD_BACK,
]  # fmt: skip
STEMS_PER_DOC = 170.0  # distinct stems of an average article (`rarity.TOKENS_PER_DOC` tokens)
SIZES = ((0, 150), (150, 300), (300, 600), (600, 10**9))

Signal = Callable[[Fingerprint, Fingerprint, Rarity, dict[str, float]], float]  # last: evidence


def _told(
    part: frozenset[str], other: frozenset[str], idf: dict[str, float], empty: float = 0.0
) -> float:
    """The rarity-weighted share of `part` found in `other` (`empty` when `part` weighs nothing)."""
    total = sum(idf.get(s, 0.0) for s in part)
    return sum(idf.get(s, 0.0) for s in part & other) / total if total else empty


def chance_corrected(a: Fingerprint, b: Fingerprint, rarity: Rarity) -> float:
    """(c - e) / (1 - e): c the share of the shorter's stems in the longer, e its expectation for
    a random text of the longer's size, from each stem's document share (exp(-idf))."""
    if len(a.stems) > len(b.stems):
        a, b = b, a
    if not a.stems:
        return 0.0
    idf, k = rarity.weights(a).idf, len(b.stems) / STEMS_PER_DOC
    e = sum(1 - math.exp(-math.exp(-idf[s]) * k) for s in a.stems) / len(a.stems)
    return (containment(a.stems, b.stems) - e) / (1 - e) if e < 1 else 0.0


def _feature(name: str) -> Signal:
    return lambda a, b, r, found: found[name]


SIGNALS: dict[str, Signal] = {
    "rewrite score": _feature("rewrite"),
    "whole-text overlap": _feature("text"),
    "headline overlap": _feature("title"),
    "stem containment": lambda a, b, r, found: containment(a.stems, b.stems),
    "chance-corrected containment": lambda a, b, r, found: chance_corrected(a, b, r),
    "headline told by the other": lambda a, b, r, found: min(
        _told(a.title, b.stems, r.weights(a).idf), _told(b.title, a.stems, r.weights(b).idf)
    ),
    "names told by the other": _feature("names"),
    "names and rare words told (told)": _feature("told"),
    "lead told by the other": lambda a, b, r, found: min(
        _told(a.lead, b.stems, r.weights(a).idf), _told(b.lead, a.stems, r.weights(b).idf)
    ),
}


def auc(values: np.ndarray, same: np.ndarray) -> float:
    pos, neg = values[same], values[~same]
    return float(np.mean([(p > n) + 0.5 * (p == n) for p in pos for n in neg]))


def _pairs(path: Path | None) -> list[Pair]:
    return seed_pairs() if path is None else read_pairs(path)


def main() -> None:
    loaded = {p: _pairs(p) for p in [*SETS, None]}
    prints = {p: [(fingerprint(x.first), fingerprint(x.second)) for x in ps]
              for p, ps in loaded.items()}  # fmt: skip
    rarities = {p: corpus_rarity(ps) for p, ps in loaded.items()}
    cfg = ClusterConfig()
    found = {p: [evidence(a, b, cfg, rarities[p]) for a, b in fps] for p, fps in prints.items()}
    for name, signal in SIGNALS.items():
        print(f"signals  {name}")
        for path, pairs in loaded.items():
            same = np.array([p.same for p in pairs])
            compared = zip(prints[path], found[path], strict=True)
            v = np.array([signal(a, b, rarities[path], e) for (a, b), e in compared])
            if path is None:
                print(f"signals    seeds: one story {v[same].round(2).tolist()}, apart"
                      f" {v[~same].min():.2f}..{v[~same].max():.2f}")  # fmt: skip
                continue
            print(f"signals    {path.name:28s} AUC {auc(v, same):.3f}, one story median"
                  f" {np.median(v[same]):.2f}, two stories 90th pct"
                  f" {np.percentile(v[~same], 90):.2f}")  # fmt: skip
    print("signals  stem containment of two-story pairs by the longer text's stems (all sets)")
    rows = [
        (len(max(a.stems, b.stems, key=len)), containment(a.stems, b.stems))
        for path, pairs in loaded.items()
        for (a, b), p in zip(prints[path], pairs, strict=True)
        if not p.same
    ]
    for low, high in SIZES:
        v = np.array([c for n, c in rows if low <= n < high])
        if len(v):
            print(f"signals    {low}..{high}: pairs {len(v)}, median {np.median(v):.3f}")


if __name__ == "__main__":
    main()
