"""Variants of the scorer's training, measured as `bench.scorer` measures the shipped one
(docs/BENCHMARKS.md, tenth to twelfth sessions); `shipped` is the shipped model, none of the
others is.

    python -m bench.variants [NAME ...]      # default: all

Each variant says which columns the rewrite judge weighs (`names`: the eleventh session's;
`told`: staged after the others for `shipped`, as bench.scorer's STAGED, and fitted jointly for
"told fitted jointly"), whether the judge and the learned scorer are fitted on the three older
Telegram sets too, which features are held at zero and how much a generated pair counts (0:
none). Reported:
leave-one-out on the Russian and English dev pairs and the seeds, held back the clean
whole-article set, the real headline pairs and the generated families (and the Telegram sets
while not trained on; the blind set always). `bench.newsag` must have run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

import bench.scorer as s
from digest.config import ClusterConfig

TG = [s.TELEGRAM, s.TELEGRAM_LONG, s.TELEGRAM_FRESH]  # what "on telegram" variants train on
HELD_BACK = [
    s.TELEGRAM_WHOLE,
    s.NEWSAG_HELD_BACK,
    s.OWN_HELD_BACK,
    s.TELEGRAM_BLIND,
]  # never trained on
REAL = s.real_files()  # the shipped model's real training files
PLAIN = list(s.JUDGED_COLUMNS)
VARIANTS: dict[str, tuple[list[str], bool, bool, frozenset[str], float]] = {
    "shipped": (PLAIN, False, False, s.HELD_AT_ZERO, s.OWN_WEIGHT),
    "judge on telegram": (PLAIN, True, False, s.HELD_AT_ZERO, s.OWN_WEIGHT),
    "judge on telegram, rare share, text": (
        [*PLAIN, "rare_share", "text"], True, False, s.HELD_AT_ZERO, s.OWN_WEIGHT),
    "judge on telegram, overlaps": (
        [*PLAIN, "rare_share", "text", "title", "lead", "rare_apart"], True, False,
        s.HELD_AT_ZERO, s.OWN_WEIGHT),
    "both on telegram": (PLAIN, True, True, s.HELD_AT_ZERO, s.OWN_WEIGHT),
    "learned on telegram": (PLAIN, False, True, s.HELD_AT_ZERO, s.OWN_WEIGHT),
    "learned on real only": (PLAIN, False, True, s.HELD_AT_ZERO, 0.0),
    "learned on real only, text": (PLAIN, False, True, frozenset(), 0.0),
    "names in the judge": ([*PLAIN, "names"], False, False, s.HELD_AT_ZERO, s.OWN_WEIGHT),
    "before told": (PLAIN, False, False, s.HELD_AT_ZERO, s.OWN_WEIGHT),
    "told fitted jointly": ([*PLAIN, "told"], False, False, s.HELD_AT_ZERO, s.OWN_WEIGHT),
}  # fmt: skip
# the columns fitted after the judged ones, their log odds held (bench.scorer's STAGED): only the
# shipped model's; the other variants were measured before the twelfth session added `told`
STAGED = {"shipped": list(s.STAGED_COLUMNS)}


def decisions(name: str, data: dict[Path, s.Data]) -> tuple[dict[Path, np.ndarray], s.Model]:
    """The variant's decisions on each set (by leave-one-out on `bench.scorer.LOO`, by the model
    fitted on all its training data on the held-back sets) and that model."""
    judged, judge_tg, learn_tg, held, own = VARIANTS[name]
    s.JUDGED = [s.COLUMNS.index(c) for c in judged]
    s.STAGED = [s.COLUMNS.index(c) for c in STAGED.get(name, [])]
    real = REAL + (TG if judge_tg else [])
    learn = {
        **({s.OWN_TRAIN: own} if own else {}),
        **dict.fromkeys(REAL + (TG if learn_tg else []), 1.0),
    }
    cal = dict.fromkeys(real, 1.0)
    model = s._fit(s._parts(data, learn, []), held, s._parts(data, cal, []))
    said = {
        path: s._left_out(
            data[path], s._parts(data, learn, [path]), s._parts(data, cal, [path]), held
        )
        for path in s.LOO
    }
    held_back = HELD_BACK + ([] if judge_tg or learn_tg else TG)
    said.update({path: s._decided(data[path][0], model) for path in held_back})
    return said, model


def judge(name: str, model: s.Model) -> str:
    """The variant's fitted judge: each weighed column's weight, and the bias."""
    columns = [*VARIANTS[name][0], *STAGED.get(name, [])]
    weights = {c: round(float(w), 3) for c, w in zip(columns, model[2], strict=True)}
    return f"{weights} bias {model[3]:.3f}"


def run(name: str, data: dict[Path, s.Data]) -> None:
    said, model = decisions(name, data)
    print(f"variants {name}")
    for path, decided in said.items():
        how = "leave-one-out" if path in s.LOO else "held back"
        print(f"variants   {how} {path.name}: {s._line(decided, data[path][1] > 0.5)}")
    print(f"variants   judge {judge(name, model)}")


def main() -> None:
    names = sys.argv[1:] or list(VARIANTS)
    cfg = ClusterConfig()
    paths = [s.OWN_TRAIN, *HELD_BACK, *TG, *REAL]
    data = {p: s._load(p, cfg) for p in paths}
    for name in names:
        run(name, data)


if __name__ == "__main__":
    main()
