"""Fits the cross-language probability (`cluster.across.Across`) and reports held-back figures.

    python -m lab.across            # fit on lab/out/wmt_train.tsv, report both parts
    python -m lab.across --write    # ... and write it into digest/cluster/data/scorer.json

Run `python -m lab.wmt` first (the pairs are built from the WMT22 and WMT23 snapshots). The
model is a logistic regression over `cluster.across.CROSS`: the meaning vectors' cosine, names,
figures and dates shared (each weight held at or above zero) and the leads' dates disagreeing
(at or below zero), fitted by `lab.scorer`'s projected gradient descent with its L2 penalty.
A pair is decided one story as `digest eval pairs` decides it: the larger of the configured
names-figures-dates score (`cluster.across.cross_plain`) and this probability reaches
`cluster.min_score`. `lab/out/wmt_heldback.tsv` is never fitted on.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from digest.cluster.across import CROSS, cross_evidence, cross_plain
from digest.cluster.evaluate import read_pairs, with_vectors
from digest.cluster.features import fingerprint, with_vector
from digest.cluster.similarity import WEIGHTS, scorer
from digest.config import ClusterConfig
from lab.scorer import L2, _descend, _line

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT / "lab/out/wmt_train.tsv"  # built by `python -m lab.wmt`
HELD_BACK = ROOT / "lab/out/wmt_heldback.tsv"
SIGNS = np.array([-1.0 if c == "date_conflict" else 1.0 for c in CROSS])


def _load(path: Path, cfg: ClusterConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each pair's `CROSS` columns, its names-figures-dates score, and its label."""
    rows, plain, labels = [], [], []
    for pair in with_vectors(read_pairs(path)):
        a = with_vector(fingerprint(pair.first), pair.vectors[0])
        b = with_vector(fingerprint(pair.second), pair.vectors[1])
        found = cross_evidence(a, b)
        rows.append([found[c] for c in CROSS])
        plain.append(cross_plain(a, b, cfg))
        labels.append(float(pair.same))
    return np.array(rows), np.array(plain), np.array(labels)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="write it into scorer.json")
    args = parser.parse_args()
    cfg = ClusterConfig()
    x, plain, y = _load(TRAIN, cfg)
    weights, bias = _descend(x, y, np.ones(len(y)), SIGNS, L2)
    fitted = {c: round(float(w), 4) for c, w in zip(CROSS, weights, strict=True)}
    print("across   weights", json.dumps(fitted), f"bias {bias:.3f}")
    for name, path in (("trained on", TRAIN), ("held back ", HELD_BACK)):
        x, plain, y = _load(path, cfg)
        said = np.maximum(plain, 1.0 / (1.0 + np.exp(-(x @ weights + bias)))) >= cfg.min_score
        before = plain >= cfg.min_score
        print(f"across   {name} {path.name}: {_line(said, y > 0.5)}")
        print(
            f"across   {name} {path.name}, names, figures and dates only: {_line(before, y > 0.5)}"
        )
    if args.write:
        data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
        data["across"] = {**fitted, "bias": round(bias, 4)}
        WEIGHTS.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
        scorer.cache_clear()
        print(f"across   wrote {WEIGHTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
