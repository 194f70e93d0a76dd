"""What sets the ceiling of the same-story decision: the learner, or the columns it is given
(docs/BENCHMARKS.md, fifteenth session). An experiment; nothing here is shipped.

    python -m bench.ceiling learners   # other learners over the same columns (~1 minute)
    python -m bench.ceiling encoder    # a learned word-vector encoder as a new column (~1 minute)

`learners`: every real labelled pair we may use (the dev pools, the seeds, the real headlines of
`bench.newsag`, the five Telegram files of `bench.scorer.TELEGRAM_TRAIN`; the blind file never)
and the generated families at half weight, split into five folds with pairs that share an
article in one fold; each fold decided by models fitted on the other four:
- the shipped structure (`bench.scorer`: the learned scorer, or the calibrated rewrite judge
  where nothing vetoes it);
- one logistic regression over the learned scorer's and the judge's columns together, each
  weight held to its sign;
- with scikit-learn installed (it is not a dependency), a gradient-boosted model over all the
  columns, each held monotone in the direction its evidence has a reason for.

`encoder`: whether word vectors can carry what the columns miss, "what happened". A post's
headline and its own body are two tellings of one event; a projection of natasha's navec news
vectors (300 dimensions, each word weighted by a learned function of its rarity) is trained
(torch, contrastive, each batch one day's posts, so the other posts of the batch share its
topics) to find a headline's own body among the day's bodies, on the Russian channel posts of
NKTKLN/telegram-news-classifier (commit b8b03f1, CC BY 4.0; `bench.telegram`), every post that
is in a labelled file left out. Reported: the area under the ROC curve, on each real set, of the
encoder's similarity of the two whole texts and of each headline to the other's body (the
lesser), before training (plain rarity-weighted navec) and after.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

import bench.scorer as s
from bench.signals import auc
from digest.cluster.evaluate import read_pairs
from digest.cluster.similarity import BESIDE, FEATURES
from digest.config import ClusterConfig


def _real() -> list[Path]:
    """Every real labelled file we may train on (the blind file never)."""
    held = [s.NEWSAG_HELD_BACK] if s.NEWSAG_HELD_BACK.is_file() else []
    return [*s.real_files(telegram=True), *held]


Decide = Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray], np.ndarray]


def _shipped(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, real: np.ndarray, test: np.ndarray
) -> np.ndarray:
    weights, bias = s.fit(x[:, : s.N], y, sample_weight=w)
    rewrite, rewrite_bias = s.judge(x[real], y[real])
    return s._decided(test, (weights, bias, rewrite, rewrite_bias))


JOINT = [c for c in (*FEATURES, *BESIDE) if c not in s.HELD_AT_ZERO]


def _joint(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, real: np.ndarray, test: np.ndarray
) -> np.ndarray:
    columns = [s.COLUMNS.index(c) for c in JOINT]
    signs = np.array([-1 if c == "subject_template" else s.SIGNS.get(c, 1) for c in JOINT], float)
    weights, bias = s._descend(x[:, columns], y, w, signs, s.L2)
    return np.asarray((test[:, columns] @ weights + bias) >= 0.0)


def _boosted(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, real: np.ndarray, test: np.ndarray
) -> np.ndarray:
    from sklearn.ensemble import HistGradientBoostingClassifier  # type: ignore[import-untyped]

    signs = [-1 if c == "subject_template" else s.SIGNS.get(c, 1) for c in s.COLUMNS]
    model = HistGradientBoostingClassifier(
        monotonic_cst=signs, max_depth=2, max_iter=100, l2_regularization=1.0,
        min_samples_leaf=20, random_state=0,
    )  # fmt: skip
    model.fit(x, y, sample_weight=w)
    return np.asarray(model.predict_proba(test)[:, 1] >= 0.5)


def learners() -> None:
    cfg = ClusterConfig()
    real = _real()
    files = [*real, s.OWN_TRAIN]
    data = {p: s._load(p, cfg) for p in files}
    folds = s._folds(files)
    ways: dict[str, Decide] = {"shipped structure": _shipped, "one joint logistic": _joint}
    try:
        import sklearn  # type: ignore[import-untyped]  # noqa: F401

        ways["monotone boosted trees"] = _boosted
    except ImportError:
        print("ceiling  scikit-learn is not installed: the boosted model is left out")
    for name, way in ways.items():
        said = {p: np.zeros(len(data[p][1]), bool) for p in files}
        for fold in range(s.FOLDS):
            keep = {p: folds[p] != fold for p in files}
            x = np.vstack([data[p][0][keep[p]] for p in files])
            y = np.concatenate([data[p][1][keep[p]] for p in files])
            w = np.concatenate(
                [np.full(keep[p].sum(), 1.0 if p in real else s.OWN_WEIGHT) for p in files]
            )
            is_real = np.concatenate([np.full(keep[p].sum(), p in real) for p in files])
            for p in files:
                test = folds[p] == fold
                if test.any():
                    said[p][test] = way(x, y, w, is_real, data[p][0][test])
        print(f"ceiling {name}, {s.FOLDS} folds")
        for p in real:
            print(f"ceiling   {p.name}: {s._line(said[p], data[p][1] > 0.5)}")
        tg = np.concatenate([said[p] for p in s.TELEGRAM_TRAIN])
        truth = np.concatenate([data[p][1] for p in s.TELEGRAM_TRAIN]) > 0.5
        print(f"ceiling   the Telegram files together: {s._line(tg, truth)}")


_TOKEN = re.compile(r"[а-яёa-z0-9-]+")


def _auc(score: list[float], truth: list[bool]) -> float:
    return auc(np.array(score), np.array(truth, bool))


def navec() -> tuple[Callable[[str], list[int]], np.ndarray, np.ndarray]:
    """natasha's navec news vectors, for the experiments here: a text's word ids, each word's
    rarity (a log inverse frequency in navec's counts, 0 to 13) and its unit vector."""
    from natasha.data import NEWS_EMBEDDING
    from navec import Navec

    found = Navec.load(NEWS_EMBEDDING)
    index = {w: i for i, w in enumerate(found.vocab.words)}
    counts = np.maximum(np.array(found.vocab.counts, float), 1.0)
    rarity = np.clip(np.log(counts.sum() / counts) - math.log(250), 0, 13).astype(np.float32)
    vectors = np.stack([found[w] for w in found.vocab.words]).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9

    def ids(text: str) -> list[int]:
        words = _TOKEN.findall(text.lower().replace("ё", "е"))
        return [index[w] for w in words if w in index]

    return ids, rarity, vectors


def encoder(epochs: int = 4) -> None:
    import torch

    from bench.telegram import SNAPSHOT, _labelled, _used, posts

    ids, rarity, vectors = navec()
    used = _used([*s.TELEGRAM_TRAIN, s.TELEGRAM_BLIND])
    by_day: dict[str, list[tuple[list[int], list[int]]]] = {}
    for post in posts(SNAPSHOT, 150):
        head, body = ids(post["title"]), ids(post["body"])
        if not _labelled(post, used) and len(head) >= 4 and len(body) >= 15:
            by_day.setdefault(post["date"][:10], []).append((head, body))
    print(f"ceiling encoder: {sum(map(len, by_day.values()))} posts, none of a labelled pair")
    torch.manual_seed(0)
    table, weigh = torch.tensor(vectors), torch.tensor(rarity)
    project = torch.nn.Parameter(torch.eye(300, 256) + 0.01 * torch.randn(300, 256))
    slope, shift = torch.nn.Parameter(torch.tensor(1.0)), torch.nn.Parameter(torch.tensor(0.0))
    heat = torch.nn.Parameter(torch.tensor(math.log(20.0)))
    optimiser = torch.optim.Adam([project, slope, shift, heat], lr=3e-3)

    def encode(texts: list[list[int]]) -> torch.Tensor:
        rows = []
        for found in texts:
            at = torch.tensor(found)
            weight = torch.nn.functional.softplus(slope * weigh[at] + shift)
            row = (weight[:, None] * table[at]).sum(0) @ project
            rows.append(row / (row.norm() + 1e-9))
        return torch.stack(rows)

    def similarity(trained: bool) -> Callable[[list[int], list[int]], float]:
        matrix = project.detach().numpy()
        a, b = float(slope.detach()), float(shift.detach())

        def embed(found: list[int]) -> np.ndarray:
            if not found:
                return np.zeros(256 if trained else 300, np.float32)
            weight = np.log1p(np.exp(a * rarity[found] + b)) if trained else rarity[found]
            row = (weight[:, None] * vectors[found]).sum(0)
            row = row @ matrix if trained else row
            return np.asarray(row / (np.linalg.norm(row) or 1.0))

        return lambda one, two: float(embed(one) @ embed(two))

    def report(label: str, sim: Callable[[list[int], list[int]], float]) -> None:
        sets = {"Telegram files": s.TELEGRAM_TRAIN, "ru pool": [s.LOO[0]],
                "real headlines": [s.NEWSAG_TRAIN, s.NEWSAG_HELD_BACK]}  # fmt: skip
        for name, files in sets.items():
            whole, crossed, truth = [], [], []
            for pair in (p for f in files for p in read_pairs(f)):
                ta, tb = ids(pair.first.title), ids(pair.second.title)
                ba, bb = ids(pair.first.body), ids(pair.second.body)
                whole.append(sim(ta + ba, tb + bb))
                crossed.append(min(sim(ta, tb + bb), sim(tb, ta + ba)))
                truth.append(pair.same)
            print(f"ceiling   {label} {name}: AUC whole texts {_auc(whole, truth):.3f},"
                  f" headline to the other text {_auc(crossed, truth):.3f}")  # fmt: skip

    report("plain navec", similarity(False))
    rng = np.random.default_rng(0)
    for epoch in range(epochs):
        batches = []
        for items in by_day.values():
            order = rng.permutation(len(items))
            batches += [
                [items[i] for i in order[k : k + 128]] for k in range(0, len(items) - 16, 128)
            ]
        losses = []
        for at in rng.permutation(len(batches)):
            batch = batches[at]
            heads, bodies = encode([h for h, _ in batch]), encode([b for _, b in batch])
            logits = heads @ bodies.T * heat.exp()
            target = torch.arange(len(batch))
            loss = (torch.nn.functional.cross_entropy(logits, target)
                    + torch.nn.functional.cross_entropy(logits.T, target)) / 2  # fmt: skip
            optimiser.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            optimiser.step()
            losses.append(float(loss.detach()))
        print(f"ceiling encoder epoch {epoch + 1}: loss {np.mean(losses):.3f}")
    report("trained", similarity(True))


def main() -> None:
    what = sys.argv[1:] or ["learners"]
    if "learners" in what:
        learners()
    if "encoder" in what:
        encoder()


if __name__ == "__main__":
    main()
