"""How close a watch term's meaning must be to an article's for an alert by meaning (#21,
`deliver.alerts.WATCH_NEAR`). The nearest labelled data we hold: the WMT22/23 pairs (`python -m
lab.wmt` builds them), each Russian article with its own English version. A term is made from
the English headline as a reader would write one: its first three words that are not function
words («Germany fourth coronavirus»); the whole headline is measured too, as a bound. Each term
is set against its own Russian article (headline and lead, as stored) and every other one.

    python -m lab.watch

For each bar: recall (the own article reached) and the share of the other articles reached
(false matches). The bar is chosen on `wmt_train.tsv` (no false match among the 4,290 others
with the most recall) and reported on `wmt_heldback.tsv`.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from digest.cluster.evaluate import read_pairs
from digest.deliver.alerts import WATCH_NEAR
from digest.text.meaning import encode, span

ROOT = Path(__file__).resolve().parents[1]
FILES = (ROOT / "lab/out/wmt_train.tsv", ROOT / "lab/out/wmt_heldback.tsv")
BARS = (0.25, 0.3, WATCH_NEAR, 0.4, 0.5)
FUNCTION = set("the a an of to in on for and is are with by at from as its be after over will has"
               " have that this".split())  # fmt: skip


def term(headline: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]+", headline) if w.lower() not in FUNCTION]
    return " ".join(words[:3])


def main() -> None:
    for path in FILES:
        pairs = [p for p in read_pairs(path) if p.same]
        articles = encode([span(p.first.title, p.first.body) for p in pairs])
        other = ~np.eye(len(pairs), dtype=bool)
        for kind, queries in (("three-word terms", [term(p.second.title) for p in pairs]),
                              ("whole headlines", [p.second.title for p in pairs])):  # fmt: skip
            near = encode(queries) @ articles.T
            for bar in BARS:
                own = float(np.mean(np.diag(near) >= bar))
                false = float(np.sum((near >= bar) & other)) / other.sum()
                mark = " (shipped)" if bar == WATCH_NEAR else ""
                print(
                    f"watch    {path.name}, {kind}: {len(pairs)}, bar {bar:.2f}{mark}: recall"
                    f" {own:.3f}, other articles matched {false:.4f}"
                )


if __name__ == "__main__":
    main()
