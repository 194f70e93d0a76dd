"""How firmly the rewrite judge's fitted weights decide the team's error-category pairs: the
judge refitted on bootstrap resamples of the real pairs it is fitted on, both stages as
`bench.scorer` fits them (docs/BENCHMARKS.md, twelfth session).

    python -m bench.stability [RESAMPLES] [--unstaged]    # default 200

`--unstaged`: the judge without its staged columns (`bench.scorer.STAGED_COLUMNS`: `told`,
`reaction`), as before the twelfth session.

For each judged column: the 5th, 50th and 95th percentile of its weight. For each pair of
tests/data/cluster/categories (evidence as the category tests compute it): the share of refits
whose judge calls it one story. Where the category says two stories, a share far from 0 means
the pair sits at the judge's bar, and the training sample, not a reason, decides it. (The
learned scorer, not refitted here, merges the hack retold whatever the judge says.)
"""

from __future__ import annotations

import sys

import numpy as np

import bench.scorer as s
from digest.cluster.features import fingerprint
from digest.cluster.rarity import Rarity
from digest.cluster.similarity import evidence, vetoed
from digest.collect.seeds import read_seed
from digest.config import ClusterConfig

CATEGORIES = s.ROOT / "tests/data/cluster/categories"
PAIRS = (  # each with its category: one story or not
    ("forecast_nov08", "forecast_nov16", "two stories"),
    ("release_omsk", "release_tomsk", "two stories"),
    ("hack_outlet_a", "hack_outlet_b", "one story"),
    ("faction_discusses", "faction_expelled_reacts", "two stories"),
)


def _row(first: str, second: str, cfg: ClusterConfig) -> np.ndarray | None:
    """The pair's judged columns, or None when something vetoes it (the judge is silent)."""
    a, b = (fingerprint(read_seed(CATEGORIES / f"{n}.txt")) for n in (first, second))
    found = evidence(a, b, cfg, Rarity.of([a, b]))
    return None if vetoed(found) else np.array([found[s.COLUMNS[j]] for j in s.JUDGED + s.STAGED])


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--unstaged"]
    if "--unstaged" in sys.argv:
        s.STAGED = []
    resamples = int(args[0]) if args else 200
    cfg = ClusterConfig()
    real = s.real_files()
    loaded = [s._load(p, cfg) for p in real]
    x, y = np.vstack([d[0] for d in loaded]), np.concatenate([d[1] for d in loaded])
    rows = [_row(first, second, cfg) for first, second, _ in PAIRS]
    rng = np.random.default_rng(0)
    weights, merged = [], np.zeros(len(PAIRS))
    for _ in range(resamples):
        pick = rng.integers(0, len(y), len(y))
        judge, bias = s.judge(x[pick], y[pick])
        weights.append([*judge, bias])
        merged += [row is not None and float(row @ judge + bias) >= 0.0 for row in rows]
    names = [s.COLUMNS[j] for j in s.JUDGED + s.STAGED] + ["bias"]
    spread = np.percentile(np.array(weights), [5, 50, 95], axis=0)
    print(f"stability {resamples} refits on {', '.join(p.name for p in real)}")
    for i, name in enumerate(names):
        low, mid, high = spread[:, i]
        print(f"stability   {name:12} {low:7.3f} {mid:7.3f} {high:7.3f}")
    for (first, second, category), count in zip(PAIRS, merged, strict=True):
        print(f"stability   {first} / {second} ({category}): the judge says one story in"
              f" {count / resamples:.0%} of refits")  # fmt: skip


if __name__ == "__main__":
    main()
