"""How far a calibration over the meaning vectors could take the Russian grouping (#18).

    python -m lab.ceiling

For every real Russian labelled file: today's decision (precision, recall, F1, as `digest eval
pairs` says it); the best F1 any single threshold could reach on one column, chosen on that
file's own labels (a ceiling, not a figure: the file is both tuned and scored on); and a
calibration over the shipped score and the cosines, fitted on the other files only
(leave-one-file-out), so each file's figure is of a model that never saw it.

Columns: `score` (the shipped decision's probability, `similarity.compare`), `lead` (the stored
vector's cosine: headline and lead, `text.meaning.span`), `title` (the headlines' vectors
alone), `body` (the mean vector of the first eight sentences of each text). `title` and `body`
would cost one and eight more encodings an article; they are here to learn whether more
spans of the same encoder would pay for that, not because the product makes them.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from digest.cluster.evaluate import Pair, corpus_rarity, decide, read_pairs, with_vectors
from digest.cluster.features import fingerprint, with_vector
from digest.cluster.similarity import compare
from digest.config import ClusterConfig
from digest.text.meaning import encode, unpack

ROOT = Path(__file__).resolve().parents[1]
FILES = [
    ROOT.parent / "shared/eval/dedup/ru_train_pool.tsv",
    *(ROOT / f"lab/data/telegram_{n}.tsv" for n in ("pairs", "long_pairs", "fresh_pairs")),
    *(ROOT / f"lab/data/telegram_{n}.tsv" for n in ("whole_pairs", "blind_pairs")),
    ROOT / "lab/out/newsag_train.tsv",  # built by `python -m lab.newsag`
    ROOT / "lab/out/newsag_heldback.tsv",
]
COLUMNS = ("score", "lead", "title", "body")
CALIBRATIONS = (("score",), ("score", "lead"), COLUMNS)
SENTENCES = 8


def _sentences(body: str) -> list[str]:
    found = re.split(r"(?<=[.!?])\s+", re.sub(r"\s+", " ", body))
    return [s for s in found if len(s) > 20][:SENTENCES] or [body[:300] or " "]


def _unit(v: np.ndarray) -> np.ndarray:
    unit: np.ndarray = v / max(float(np.linalg.norm(v)), 1e-9)
    return unit


def rows(path: Path, cfg: ClusterConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The file's columns, labels and today's decisions."""
    pairs: list[Pair] = with_vectors(read_pairs(path))
    rarity = corpus_rarity(pairs)
    texts = [
        t for p in pairs for a in (p.first, p.second) for t in (a.title or " ", *_sentences(a.body))
    ]
    unique = list(dict.fromkeys(texts))
    vec = dict(zip(unique, encode(unique), strict=True))
    x, said = [], []
    for p in pairs:
        a, b = (
            with_vector(fingerprint(s), v)
            for s, v in zip((p.first, p.second), p.vectors, strict=True)
        )
        va, vb = (unpack(v) for v in p.vectors if v is not None)
        ta, tb = vec[p.first.title or " "], vec[p.second.title or " "]
        ba, bb = (
            _unit(np.mean([vec[s] for s in _sentences(s.body)], 0)) for s in (p.first, p.second)
        )
        x.append([compare(b, a, cfg, rarity).score, float(va @ vb), float(ta @ tb), float(ba @ bb)])
        said.append(decide(p, cfg, rarity)[0])
    return np.array(x), np.array([p.same for p in pairs]), np.array(said)


def f1(said: np.ndarray, truth: np.ndarray) -> tuple[float, float, float]:
    tp = int(np.sum(said & truth))
    p = tp / max(1, int(np.sum(said)))
    r = tp / max(1, int(np.sum(truth)))
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def fit(x: np.ndarray, y: np.ndarray, penalty: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """A logistic regression (Newton's method, L2 on standardised columns): mean, scale and
    weights (the last the bias)."""
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = np.hstack([(x - mu) / sd, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    ridge = np.diag([*([1.0 / penalty] * (z.shape[1] - 1)), 0.0])
    for _ in range(50):
        p = 1 / (1 + np.exp(-z @ w))
        hessian = (z * (p * (1 - p))[:, None]).T @ z + ridge
        w -= np.linalg.solve(hessian, z.T @ (p - y) + ridge @ w)
    return np.array([mu, sd]), w


def predict(model: tuple[np.ndarray, np.ndarray], x: np.ndarray) -> np.ndarray:
    (mu, sd), w = model
    z = np.hstack([(x - mu) / sd, np.ones((len(x), 1))])
    said: np.ndarray = z @ w > 0
    return said


def main() -> None:
    cfg = ClusterConfig()
    data = {f: rows(f, cfg) for f in FILES if f.is_file()}
    for f, (x, y, said) in data.items():
        line = "today F1 {:.3f} (P {:.3f}, R {:.3f})".format(*f1(said, y))
        best = [
            max(f1(x[:, i] >= t, y)[0] for t in np.unique(x[:, i])) for i in range(len(COLUMNS))
        ]
        ceiling = ", ".join(f"{c} {b:.3f}" for c, b in zip(COLUMNS, best, strict=True))
        print(f"ceiling  {f.name}: pairs {len(y)}: {line}; best single threshold: {ceiling}")
    for columns in CALIBRATIONS:
        idx = [COLUMNS.index(c) for c in columns]
        out = []
        for f, (x, y, _) in data.items():
            others = [d for g, d in data.items() if g != f]
            model = fit(
                np.vstack([d[0][:, idx] for d in others]), np.hstack([d[1] for d in others])
            )
            out.append(f"{f.stem} {f1(predict(model, x[:, idx]), y)[0]:.3f}")
        print(f"ceiling  calibrated on the other files, {'+'.join(columns)}: {', '.join(out)}")


if __name__ == "__main__":
    main()
